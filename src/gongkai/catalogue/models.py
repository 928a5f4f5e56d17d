"""主动公开: catalogue items with their 索引号, the sign-off chain (三级联签) and the channels.

A catalogue item carries the metadata of the national 公开目录 guideline (索引号, 名称, 主题分类,
发布机构, 成文日期, 发布日期, 文号, 有效性, 关键词, 内容概述). It is drafted by a clerk, passes
through the agency's sign-off chain (the chain is copied onto the item when it is submitted, so
changing the chain never changes an item already in review) and is published with a 索引号 that
is never changed or given again.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

from gongkai.agencies.counters import YearlyCounter
from gongkai.agencies.models import Agency, SignOffChain, SignOffChainStep
from gongkai.core.filecheck import Kind as FileKind
from gongkai.core.models import AuditEvent

from .index_numbers import DEFAULT_PATTERN, IndexPatternError, parse_pattern


class Topic(models.TextChoices):
    """主题分类: the 22 classes of the national 政府信息公开目录 (中国政府网, 国务院政策文件库; the
    国务院办公厅政府信息公开指南 divides public information into these 22 classes), in its order.

    Keys kept from the first, shorter list name the national class that holds them (``culture`` is
    文化、广电、新闻出版 now; sport sits with 卫生、体育)."""

    ORGANISATION = "organisation", "国务院组织机构"
    GENERAL = "general", "综合政务"
    ECONOMY = "economy", "国民经济管理、国有资产监管"
    FINANCE = "finance", "财政、金融、审计"
    NATURAL_RESOURCES = "natural_resources", "国土资源、能源"
    AGRICULTURE = "agriculture", "农业、林业、水利"
    TRANSPORT = "transport", "工业、交通"
    COMMERCE = "commerce", "商贸、海关、旅游"
    MARKET = "market", "市场监管、安全生产监管"
    CONSTRUCTION = "construction", "城乡建设、环境保护"
    EDUCATION = "education", "科技、教育"
    CULTURE = "culture", "文化、广电、新闻出版"
    HEALTH = "health", "卫生、体育"
    POPULATION = "population", "人口与计划生育、妇女儿童工作"
    LABOUR = "labour", "劳动、人事、监察"
    PUBLIC_SECURITY = "public_security", "公安、安全、司法"
    CIVIL_AFFAIRS = "civil_affairs", "民政、扶贫、救灾"
    ETHNIC_RELIGION = "ethnic_religion", "民族、宗教"
    FOREIGN_AFFAIRS = "foreign_affairs", "对外事务"
    HMT_OVERSEAS = "hmt_overseas", "港澳台侨工作"
    DEFENCE = "defence", "国防"
    OTHER = "other", "其他"


class Genre(models.TextChoices):
    NOTICE = "notice", "通知"
    ANNOUNCEMENT = "announcement", "公告"
    CIRCULAR = "circular", "通告"
    OPINION = "opinion", "意见"
    DECISION = "decision", "决定"
    MEASURES = "measures", "办法"
    PROVISIONS = "provisions", "规定"
    REPORT = "report", "报告"
    REPLY = "reply", "批复"
    LETTER = "letter", "函"
    PUBLICITY = "publicity", "公示"
    PLAN = "plan", "方案"
    OTHER = "other", "其他"


class Validity(models.TextChoices):
    VALID = "valid", "有效"
    EXPIRED = "expired", "失效"
    REPEALED = "repealed", "废止"


class Attribute(models.TextChoices):
    """公开属性, fixed by the confidentiality review (保密审查)."""

    PROACTIVE = "proactive", "主动公开"
    ON_REQUEST = "on_request", "依申请公开"
    WITHHELD = "withheld", "不予公开"


class LegalGround(models.TextChoices):
    ART19 = "art19", "第十九条（涉及公众利益调整、需要公众广泛知晓或者需要公众参与决策）"
    ART20 = "art20", "第二十条（应当主动公开的政府信息）"
    ART14 = "art14", "第十四条（国家秘密、法律法规禁止公开、危及“三安全一稳定”）"
    ART15 = "art15", "第十五条（涉及商业秘密、个人隐私等第三方合法权益）"
    ART16 = "art16", "第十六条（内部事务信息、过程性信息、行政执法案卷）"


# Which grounds fit which attribute: a withheld item needs a ground for withholding.
GROUNDS_FOR = {
    Attribute.PROACTIVE: {LegalGround.ART19, LegalGround.ART20},
    Attribute.ON_REQUEST: {LegalGround.ART14, LegalGround.ART15, LegalGround.ART16},
    Attribute.WITHHELD: {LegalGround.ART14, LegalGround.ART15, LegalGround.ART16},
}


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    IN_REVIEW = "in_review", "审核中"
    RETURNED = "returned", "退回修改"
    APPROVED = "approved", "审核通过待发布"
    PUBLISHED = "published", "已发布"
    WITHDRAWN = "withdrawn", "已撤回"


EDITABLE_STATUSES = (Status.DRAFT, Status.RETURNED)
UNPUBLISHED_STATUSES = (Status.DRAFT, Status.IN_REVIEW, Status.RETURNED, Status.APPROVED)


class ChannelKind(models.TextChoices):
    PORTAL = "portal", "政府门户网站公开目录"
    WEBSITE = "website", "部门网站"
    WECHAT = "wechat", "微信公众号"
    WEIBO = "weibo", "政务微博"
    DOUYIN = "douyin", "政务抖音"
    BULLETIN = "bulletin", "公开栏、公告栏"


class SerialReset(models.TextChoices):
    YEARLY = "yearly", "每年重新编号"
    NEVER = "never", "连续编号不重置"


class IndexNumberPattern(models.Model):
    """How one agency writes its 索引号; an agency without a row uses the national default."""

    agency = models.OneToOneField(Agency, on_delete=models.CASCADE, related_name="index_number_pattern")
    pattern = models.CharField(
        "索引号格式",
        max_length=60,
        default=DEFAULT_PATTERN,
        help_text="可用 {org_code}（组织机构代码）、{year}（发布年份）、{serial:05d}（5位流水号）和其他文字",
    )
    reset = models.CharField("流水号", max_length=10, choices=SerialReset.choices, default=SerialReset.YEARLY)

    class Meta:
        verbose_name = "索引号格式"
        verbose_name_plural = "索引号格式"

    def __str__(self) -> str:
        return f"{self.agency} · {self.pattern}"

    def clean(self) -> None:
        try:
            parse_pattern(self.pattern, resets_yearly=self.reset == SerialReset.YEARLY)
        except IndexPatternError as error:
            raise ValidationError({"pattern": str(error)}) from error


class IndexNumberCounter(YearlyCounter):
    """The last serial given by an agency in a year (year 0 when serials never reset).

    Claimed with SELECT ... FOR UPDATE inside the publishing transaction: two publications wait
    for each other and never get the same serial; a rolled-back publication gives nothing away.
    """

    class Meta(YearlyCounter.Meta):
        verbose_name = "索引号流水号"
        verbose_name_plural = "索引号流水号"

    def __str__(self) -> str:
        return f"{self.agency} {self.year}: {self.last_serial}"


class ReviewChain(SignOffChain):
    """An agency's sign-off chain; an agency without one gets the default (see actions.default_steps)."""

    name = models.CharField("名称", max_length=50, default="三级联签")

    class Meta:
        verbose_name = "审核流程"
        verbose_name_plural = "审核流程"


class SignOffStep(SignOffChainStep):
    """One step of a chain, after drafting: who signs (a role in the agency, never the drafter)."""

    chain = models.ForeignKey(ReviewChain, on_delete=models.CASCADE, related_name="steps")
    confidentiality_review = models.BooleanField(
        "含保密审查", default=False, help_text="在此环节确定公开属性及依据，并核查个人信息"
    )

    class Meta(SignOffChainStep.Meta):
        verbose_name = "审核环节"
        verbose_name_plural = "审核环节"


class CatalogueItem(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name="发布机构", on_delete=models.PROTECT, related_name="catalogue_items"
    )
    index_number = models.CharField(
        "索引号",
        max_length=100,
        unique=True,
        null=True,
        blank=True,
        editable=False,
        help_text="发布时生成，此后不再改变",
    )
    title = models.CharField("名称", max_length=200)
    topic = models.CharField("主题分类", max_length=30, choices=Topic.choices)
    genre = models.CharField("体裁", max_length=20, choices=Genre.choices)
    written_on = models.DateField("成文日期")
    published_on = models.DateField("发布日期", null=True, blank=True)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    validity = models.CharField("有效性", max_length=10, choices=Validity.choices, default=Validity.VALID)
    keywords = models.CharField("关键词", max_length=200, blank=True)
    summary = models.TextField("内容概述", blank=True)
    body = models.TextField("正文", blank=True, help_text="纯文本")
    attribute = models.CharField("公开属性", max_length=20, choices=Attribute.choices, blank=True)
    legal_ground = models.CharField("公开属性依据", max_length=10, choices=LegalGround.choices, blank=True)
    legal_ground_text = models.TextField("依据说明", blank=True)
    status = models.CharField("状态", max_length=20, choices=Status.choices, default=Status.DRAFT)
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="起草人", on_delete=models.PROTECT, related_name="+"
    )
    # The chain as it was when the item was last submitted: [{"label", "role", "confidentiality_review"}].
    steps = models.JSONField("审核环节", default=list, blank=True, editable=False)
    review_round = models.PositiveIntegerField("送审轮次", default=0)
    steps_done = models.PositiveSmallIntegerField("已完成环节数", default=0)
    correction_note = models.TextField("更正说明", blank=True)
    corrected_on = models.DateField("更正日期", null=True, blank=True)
    withdrawal_reason = models.TextField("撤回理由", blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "公开目录条目"
        verbose_name_plural = "公开目录条目"
        ordering = ["-published_on", "-id"]
        indexes = [
            models.Index(fields=["agency", "status"], name="catalogue_item_agency_status"),
            # The portal: public items newest first, and its filters and counts.
            models.Index(
                fields=["status", "attribute", "-published_on", "-id"], name="catalogue_public_newest"
            ),
            models.Index(
                fields=["status", "attribute", "agency", "topic", "validity", "published_on"],
                name="catalogue_public_filters",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.index_number or '（未发布）'} {self.title}"

    @property
    def current_step(self) -> dict[str, object] | None:
        """The step waiting for a signature, or None when none is (not in review)."""
        if self.status != Status.IN_REVIEW or self.steps_done >= len(self.steps):
            return None
        step: dict[str, object] = self.steps[self.steps_done]
        return step


class ChannelRelease(models.Model):
    """One item released on one channel: the annual report counts these per channel and year."""

    item = models.ForeignKey(CatalogueItem, on_delete=models.CASCADE, related_name="releases")
    channel = models.CharField("渠道", max_length=20, choices=ChannelKind.choices)
    released_on = models.DateField("发布日期")

    class Meta:
        verbose_name = "发布渠道"
        verbose_name_plural = "发布渠道"
        constraints = [
            models.UniqueConstraint(fields=["item", "channel"], name="catalogue_release_once_per_channel")
        ]
        indexes = [models.Index(fields=["released_on", "channel"], name="catalogue_release_year")]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} {self.released_on}"


def _attachment_path(instance: Attachment, filename: str) -> str:
    # Stored under a random name: the uploaded name is shown, never used as a path.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"catalogue/{instance.item_id}/{uuid.uuid4().hex}.{suffix}"


class Attachment(models.Model):
    """A file published with an item (PDF, DOCX, XLSX or an image). Its text, where one can be
    extracted, is searched with the item and checked for personal data before anyone approves.

    Served only through views that check the item (never from MEDIA_URL): the public gets a file
    only while its item is published as 主动公开.
    """

    item = models.ForeignKey(CatalogueItem, on_delete=models.CASCADE, related_name="attachments")
    name = models.CharField("文件名", max_length=200)
    kind = models.CharField("类型", max_length=10, choices=FileKind.choices)
    content_type = models.CharField("MIME 类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    file = models.FileField("文件", upload_to=_attachment_path, max_length=200)
    text = models.TextField("提取的文字", blank=True)
    text_note = models.CharField(
        "文字提取说明",
        max_length=300,
        blank=True,
        help_text="为空表示已提取全部文字；否则说明哪些内容未能提取、须人工核查（如图片、扫描件）",
    )
    position = models.PositiveSmallIntegerField("顺序", default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        verbose_name_plural = "附件"
        ordering = ["item", "position", "id"]

    def __str__(self) -> str:
        return self.name


class Decision(models.TextChoices):
    APPROVE = "approve", "同意"
    RETURN = "return", "退回"


class Review(models.Model):
    """One signature (or refusal) on one step of one round of review."""

    item = models.ForeignKey(CatalogueItem, on_delete=models.CASCADE, related_name="reviews")
    review_round = models.PositiveIntegerField("送审轮次")
    step_index = models.PositiveSmallIntegerField("环节序号")  # 1-based, as the step is shown
    step_label = models.CharField("环节", max_length=50)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    decision = models.CharField("意见", max_length=10, choices=Decision.choices)
    reason = models.TextField("理由", blank=True)
    at = models.DateTimeField(auto_now_add=True)
    # Confidentiality step: the attribute, the ground and the privacy flags confirmed as not personal data.
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        verbose_name = "审核记录"
        verbose_name_plural = "审核记录"
        ordering = ["at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["item", "review_round", "step_index"], name="catalogue_one_signature_per_step"
            )
        ]

    def __str__(self) -> str:
        return f"{self.step_label} {self.get_decision_display()}"


class EventKind(models.TextChoices):
    CREATED = "created", "起草"
    EDITED = "edited", "修改草稿"
    SUBMITTED = "submitted", "送审"
    APPROVED = "approved", "审核同意"
    RETURNED = "returned", "退回修改"
    PUBLISHED = "published", "发布"
    RELEASED = "released", "在其他渠道发布"
    ATTACHED = "attached", "添加附件"
    DETACHED = "detached", "删除附件"
    CORRECTED = "corrected", "更正"
    WITHDRAWN = "withdrawn", "撤回"


class Event(AuditEvent):
    """One line of an item's history: who did what, when and why (the platform's audit event, on
    an item; every step of the catalogue states its business day)."""

    item = models.ForeignKey(CatalogueItem, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事项", max_length=20, choices=EventKind.choices)
    on = models.DateField("业务日期")

    class Meta(AuditEvent.Meta):
        verbose_name = "目录条目记录"
        verbose_name_plural = "目录条目记录"
