"""依申请公开: the application case, its timeline, consultations, fees and appeals.

An application's outcome *is* a row of table 三 and its applicant kind *is* a column: the
report is a GROUP BY over these rows, nothing is re-keyed by hand at year end.
"""

from __future__ import annotations

import secrets
import uuid

from django.conf import settings
from django.db import models

from gongkai.agencies.counters import YearlyCounter
from gongkai.agencies.models import Agency
from gongkai.core.filecheck import Kind as FileKind
from gongkai.core.models import AuditEvent


class ApplicantKind(models.TextChoices):
    """The six applicant columns of table 三."""

    NATURAL_PERSON = "natural_person", "自然人"
    COMMERCIAL = "commercial", "商业企业"
    RESEARCH = "research", "科研机构"
    PUBLIC_INTEREST = "public_interest", "社会公益组织"
    LEGAL_SERVICES = "legal_services", "法律服务机构"
    OTHER_ORG = "other_org", "其他组织"


class IdKind(models.TextChoices):
    """The document an applicant identifies with (《条例》第二十九条：身份证明); see identity.py."""

    RESIDENT_ID = "resident_id", "居民身份证"
    HMT_RESIDENCE_PERMIT = "hmt_residence_permit", "港澳台居民居住证"
    HK_MACAO_PERMIT = "hk_macao_permit", "港澳居民来往内地通行证"
    TAIWAN_PERMIT = "taiwan_permit", "台湾居民来往大陆通行证"
    FOREIGN_PERMANENT_RESIDENT = "foreign_permanent_resident", "外国人永久居留身份证"
    PASSPORT = "passport", "护照"
    CREDIT_CODE = "credit_code", "统一社会信用代码"


class Outcome(models.TextChoices):
    """The outcome rows of table 三 (2021 edition keys; for 2019-2020 the three 其他处理 rows add up to `other`)."""

    GRANTED = "granted", "予以公开"
    PARTIAL = "partial", "部分公开"
    WITHHELD_SECRET = "withheld_secret", "不予公开：属于国家秘密"
    WITHHELD_LAW = "withheld_law", "不予公开：其他法律行政法规禁止公开"
    WITHHELD_SECURITY = "withheld_security", "不予公开：危及“三安全一稳定”"
    WITHHELD_THIRD_PARTY = "withheld_third_party", "不予公开：保护第三方合法权益"
    WITHHELD_INTERNAL = "withheld_internal", "不予公开：属于三类内部事务信息"
    WITHHELD_PROCESS = "withheld_process", "不予公开：属于四类过程性信息"
    WITHHELD_ENFORCEMENT = "withheld_enforcement", "不予公开：属于行政执法案卷"
    WITHHELD_QUERY = "withheld_query", "不予公开：属于行政查询事项"
    UNAVAILABLE_NOT_HELD = "unavailable_not_held", "无法提供：本机关不掌握相关政府信息"
    UNAVAILABLE_NEEDS_CREATION = "unavailable_needs_creation", "无法提供：没有现成信息需要另行制作"
    UNAVAILABLE_UNCLEAR = "unavailable_unclear", "无法提供：补正后申请内容仍不明确"
    REJECTED_PETITION = "rejected_petition", "不予处理：信访举报投诉类申请"
    REJECTED_REPEAT = "rejected_repeat", "不予处理：重复申请"
    REJECTED_PUBLICATION = "rejected_publication", "不予处理：要求提供公开出版物"
    REJECTED_VEXATIOUS = "rejected_vexatious", "不予处理：无正当理由大量反复申请"
    REJECTED_CONFIRMATION = "rejected_confirmation", "不予处理：要求行政机关确认或重新出具已获取信息"
    OTHER_NO_CORRECTION = "other_no_correction", "其他处理：申请人无正当理由逾期不补正"
    OTHER_FEE_UNPAID = "other_fee_unpaid", "其他处理：申请人逾期未缴纳信息处理费"
    OTHER_MISC = "other_misc", "其他处理：其他（如申请人撤回申请）"


# Outcomes a clerk decides; the three 其他处理 outcomes come from withdraw / abandon actions.
DECIDED_OUTCOMES = [o for o in Outcome if not o.value.startswith("other_")]


class Channel(models.TextChoices):
    IN_PERSON = "in_person", "当面提交"
    REGISTERED_MAIL = "registered_mail", "邮寄（挂号信、快递）"
    ORDINARY_MAIL = "ordinary_mail", "邮寄（平信）"
    ONLINE = "online", "网络（在线申请）"
    FAX = "fax", "传真"


class Status(models.TextChoices):
    REGISTERED = "registered", "已登记"
    AWAITING_CORRECTION = "awaiting_correction", "待申请人补正"
    IN_PROGRESS = "in_progress", "办理中"
    CONSULTING = "consulting", "征求意见中"
    AWAITING_FEE = "awaiting_fee", "待申请人缴费"
    DECIDED = "decided", "已作出决定"
    REPLIED = "replied", "已出具答复"
    SERVED = "served", "已送达"
    CLOSED = "closed", "已办结"


OPEN_STATUSES = [
    Status.REGISTERED,
    Status.AWAITING_CORRECTION,
    Status.IN_PROGRESS,
    Status.CONSULTING,
    Status.AWAITING_FEE,
]


class DeliveryForm(models.TextChoices):
    PAPER = "paper", "纸质"
    ELECTRONIC = "electronic", "电子"


class DeliveryMethod(models.TextChoices):
    POST = "post", "邮寄"
    EMAIL = "email", "电子邮件"
    PICKUP = "pickup", "当面领取"
    ONLINE = "online", "网上查看"


def new_tracking_code() -> str:
    # 12 characters without look-alikes, for the applicant to type.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


class Application(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name="受理机关", on_delete=models.PROTECT, related_name="applications"
    )
    number = models.CharField("登记号", max_length=40)
    tracking_code = models.CharField(
        "查询码", max_length=16, unique=True, default=new_tracking_code, editable=False
    )
    channel = models.CharField("申请方式", max_length=20, choices=Channel.choices)
    applicant_kind = models.CharField("申请人类型", max_length=20, choices=ApplicantKind.choices)
    applicant_name = models.CharField("申请人姓名或名称", max_length=100)
    id_kind = models.CharField("证件类型", max_length=30, choices=IdKind.choices, default=IdKind.RESIDENT_ID)
    id_number = models.CharField("身份证件号码或统一社会信用代码", max_length=40, blank=True)
    contact_person = models.CharField("联系人（法人或其他组织）", max_length=50, blank=True)
    phone = models.CharField("联系电话", max_length=30, blank=True)
    email = models.EmailField("电子邮箱", blank=True)
    address = models.CharField("通信地址", max_length=200, blank=True)
    description = models.TextField("所需政府信息的名称、文号或者便于查询的其他特征性描述")
    form_wanted = models.CharField(
        "获取信息的载体形式", max_length=20, choices=DeliveryForm.choices, default=DeliveryForm.PAPER
    )
    delivery = models.CharField(
        "获取信息的方式", max_length=20, choices=DeliveryMethod.choices, default=DeliveryMethod.POST
    )
    # The applicant asked to be told of each step by e-mail (notices.py), at the address above.
    notify_by_email = models.BooleanField("通过电子邮件接收通知", default=False)

    submitted_on = models.DateField("提交日期")
    received_on = models.DateField("收到申请之日")
    corrected_on = models.DateField("收到补正之日", null=True, blank=True)
    extended = models.BooleanField("已延长答复期限", default=False)
    due_on = models.DateField("答复期限届满日", null=True, blank=True)
    due_provisional = models.BooleanField("期限为暂定（所涉年度节假日尚未公布）", default=False)

    status = models.CharField("状态", max_length=24, choices=Status.choices, default=Status.REGISTERED)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="承办人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    outcome = models.CharField("办理结果", max_length=32, choices=Outcome.choices, blank=True)
    # The articles of the Regulations the decision relies on (codes of letters.ARTICLES); the
    # reasons in the clerk's words; a note to the applicant (where the information is, ...).
    articles = models.JSONField("法律依据（条例条款）", default=list, blank=True)
    legal_basis = models.TextField("理由", blank=True)
    decision_text = models.TextField("补充说明", blank=True)
    letter_number = models.CharField("答复文号", max_length=60, blank=True)
    concluded_on = models.DateField("办结日期（计入年度报告的日期）", null=True, blank=True)
    replied_on = models.DateField("答复日期", null=True, blank=True)
    served_on = models.DateField("送达日期", null=True, blank=True)

    version = models.PositiveIntegerField(default=0, editable=False)  # optimistic lock: two clerks at once
    created_at = models.DateTimeField(auto_now_add=True)
    # The one-time token of the online form it came from: spent in the registering transaction, so
    # a form is registered at most once, and a registration that fails leaves its form usable.
    form_token = models.CharField(max_length=32, null=True, blank=True, unique=True, editable=False)

    class Meta:
        verbose_name = "政府信息公开申请"
        verbose_name_plural = "政府信息公开申请"
        ordering = ["-received_on", "-id"]
        constraints = [models.UniqueConstraint(fields=["agency", "number"], name="unique_number_per_agency")]
        indexes = [
            # Covers the report query of selectors.annual_tables: the index alone answers it.
            models.Index(fields=["agency", "received_on", "concluded_on", "applicant_kind", "outcome"]),
            models.Index(fields=["agency", "concluded_on"]),
            models.Index(fields=["status", "due_on"]),
        ]

    def __str__(self) -> str:
        return f"{self.number}（{self.applicant_name}）"

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES


class EventKind(models.TextChoices):
    REGISTERED = "registered", "登记"
    CORRECTION_REQUESTED = "correction_requested", "告知补正"
    CORRECTED = "corrected", "收到补正"
    ASSIGNED = "assigned", "分派承办"
    CONSULTATION_STARTED = "consultation_started", "征求意见"
    CONSULTATION_ANSWERED = "consultation_answered", "收到意见"
    CONSULTATION_LAPSED = "consultation_lapsed", "征求意见期满未答复"
    EXTENDED = "extended", "延长答复期限"
    FEE_NOTIFIED = "fee_notified", "发出收费通知"
    FEE_PAID = "fee_paid", "缴纳费用"
    DECIDED = "decided", "作出决定"
    DECISION_CORRECTED = "decision_corrected", "更正决定"
    REPLY_APPROVED = "reply_approved", "审批答复"
    REPLIED = "replied", "出具答复"
    SERVED = "served", "送达"
    CLOSED = "closed", "办结"
    WITHDRAWN = "withdrawn", "申请人撤回"
    ABANDONED = "abandoned", "视为放弃申请"
    RECOMPUTED = "recomputed", "重新计算期限"
    APPEAL_FILED = "appeal_filed", "行政复议或诉讼"
    APPEAL_CONCLUDED = "appeal_concluded", "复议或诉讼结果"
    DOCUMENT_ADDED = "document_added", "添加答复材料"
    DOCUMENT_REMOVED = "document_removed", "删除答复材料"
    DOCUMENT_DELIVERY = "document_delivery", "调整提供范围"
    REDACTION_MARKED = "redaction_marked", "区分处理：遮盖"
    REDACTION_UNMARKED = "redaction_unmarked", "区分处理：取消遮盖"
    REDACTION_APPLIED = "redaction_applied", "区分处理：生成遮盖后的文件"


class Event(AuditEvent):
    """One line of a case's timeline: who did what, when and why (the platform's audit event)."""

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事项", max_length=32, choices=EventKind.choices)
    on = models.DateField("业务日期")  # every step of a case has its business day

    class Meta(AuditEvent.Meta):
        verbose_name = "办理记录"
        verbose_name_plural = "办理记录"


class ConsultedParty(models.TextChoices):
    THIRD_PARTY = "third_party", "第三方"
    AGENCY = "agency", "其他机关"


class Consultation(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="consultations")
    party_kind = models.CharField("被征求意见方", max_length=20, choices=ConsultedParty.choices)
    party_name = models.CharField("名称", max_length=100)
    sent_on = models.DateField("发出日期")
    due_on = models.DateField("答复期限")
    answered_on = models.DateField("答复日期", null=True, blank=True)
    lapsed = models.BooleanField("期满未答复", default=False)
    answer = models.TextField("意见", blank=True)
    letter_number = models.CharField("征求意见函文号", max_length=60, blank=True)

    class Meta:
        verbose_name = "征求意见"
        verbose_name_plural = "征求意见"

    def __str__(self) -> str:
        return f"征求{self.party_name}意见（{self.sent_on}）"

    @property
    def ended_on(self) -> object:
        return self.answered_on or (self.due_on if self.lapsed else None)


class FeeNotice(models.Model):
    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="fee_notices")
    basis = models.CharField("计费方式", max_length=20, choices=[("by_count", "按件"), ("by_pages", "按量")])
    quantity = models.PositiveIntegerField("件数或页数")
    amount = models.PositiveIntegerField("金额（元）")
    notified_on = models.DateField("通知日期")
    due_on = models.DateField("缴费期限")
    paid_on = models.DateField("缴费日期", null=True, blank=True)
    letter_number = models.CharField("收费通知书文号", max_length=60, blank=True)

    class Meta:
        verbose_name = "收费通知"
        verbose_name_plural = "收费通知"

    def __str__(self) -> str:
        return f"收费通知 {self.amount}元（{self.notified_on}）"


class AppealKind(models.TextChoices):
    """The three groups of table 四."""

    REVIEW = "review", "行政复议"
    SUIT_DIRECT = "suit_direct", "行政诉讼（未经复议直接起诉）"
    SUIT_AFTER_REVIEW = "suit_after_review", "行政诉讼（复议后起诉）"


class AppealOutcome(models.TextChoices):
    UPHELD = "upheld", "结果维持"
    CORRECTED = "corrected", "结果纠正"
    OTHER = "other", "其他结果"


class Appeal(models.Model):
    """A reconsideration or lawsuit about a case; open at year end, it counts as 尚未审结."""

    application = models.ForeignKey(Application, on_delete=models.PROTECT, related_name="appeals")
    # A copy of the case's agency, so that table 四 reads one agency's appeals without a join.
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="appeals", editable=False)
    kind = models.CharField("类型", max_length=20, choices=AppealKind.choices)
    body = models.CharField("复议机关或人民法院", max_length=100)
    filed_on = models.DateField("申请或起诉日期")
    outcome = models.CharField("结果", max_length=20, choices=AppealOutcome.choices, blank=True)
    concluded_on = models.DateField("审结日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)

    class Meta:
        verbose_name = "行政复议、行政诉讼"
        verbose_name_plural = "行政复议、行政诉讼"

        indexes = [models.Index(fields=["agency", "filed_on"], name="application_agency_appeal_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.body}（{self.filed_on}）"


class RegistrationCounter(YearlyCounter):
    """The last registration serial an agency gave in a year ("SXSJ-2026-00017" is serial 17 of 2026).

    Claimed with SELECT ... FOR UPDATE inside the registering transaction: two registrations wait
    for each other and never take the same number. A number, not text: 100,000 follows 99,999.
    """

    class Meta(YearlyCounter.Meta):
        verbose_name = "登记号流水号"
        verbose_name_plural = "登记号流水号"


class LetterTemplate(models.Model):
    """The text of a letter, editable by an administrator; {placeholders} are filled per case."""

    key = models.CharField("文书", max_length=40, unique=True)
    title = models.CharField("标题", max_length=100)
    body = models.TextField(
        "正文",
        help_text="可用占位符：{agency} {number} {applicant} {received} {request} {decision} {basis} {remedies} {date} 等",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "文书模板"
        verbose_name_plural = "文书模板"

    def __str__(self) -> str:
        return self.title


class Letterhead(models.Model):
    """How an agency's letters are headed, numbered and signed (GB/T 9704), and where they are appealed.

    A letter whose agency lacks a setting it needs is refused, naming the setting: it is never
    printed with a placeholder.
    """

    agency = models.OneToOneField(
        Agency, verbose_name="机关", on_delete=models.CASCADE, related_name="letterhead"
    )
    full_name = models.CharField("机关全称（发文机关署名）", max_length=100, blank=True)
    red_head = models.CharField(
        "发文机关标志（红头）",
        max_length=60,
        blank=True,
        help_text="印在首页上方的红色机关名称，如“示例县文化和旅游局”",
    )
    number_pattern = models.CharField(
        "文号格式",
        max_length=60,
        blank=True,
        help_text="机关代字＋〔年份〕＋序号＋号：{year} 为年份，{serial} 为当年序号，如“示县文旅公开〔{year}〕{serial}号”",
    )
    court = models.CharField("有管辖权的人民法院", max_length=100, blank=True)
    review_body = models.CharField(
        "行政复议机关",
        max_length=100,
        blank=True,
        help_text="留空时按行政复议法确定：工作部门为本级人民政府，人民政府为上一级人民政府",
    )
    address = models.CharField("联系地址", max_length=200, blank=True)
    phone = models.CharField("联系电话", max_length=60, blank=True)
    fee_payment = models.CharField(
        "信息处理费缴费方式和收款账户",
        max_length=300,
        blank=True,
        help_text="收费通知书中告知申请人，如“通过非税收入缴款码缴纳，收款单位：……”",
    )
    seal = models.ImageField("电子印章（可选，PNG）", upload_to="letterheads/", blank=True)
    reply_approval = models.BooleanField(
        "答复须经审批",
        default=False,
        help_text="勾选后，答复书须先经公开办负责人、再经分管领导审批，才能出具",
    )
    register_after_review = models.BooleanField(
        "网上申请经人工确认后登记",
        default=False,
        help_text="勾选后，在线提交的申请先进入“待登记”，经公开办确认登记后才编登记号、起算答复期限"
        "（收到申请之日为确认之日，《条例》第三十一条）；不勾选时在线提交即自动登记",
    )
    # The yearly counter of the 文号: the year it counts and the last serial given in it.
    serial_year = models.PositiveIntegerField(default=0, editable=False)
    last_serial = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = "文书设置"
        verbose_name_plural = "文书设置"

    def __str__(self) -> str:
        return f"{self.agency} 文书设置"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        pattern = self.number_pattern.strip()
        if pattern and "{serial}" not in pattern:
            raise ValidationError(
                {"number_pattern": "文号格式必须含有当年序号 {serial}，如“示县文旅公开〔{year}〕{serial}号”"}
            )
        if pattern and "{year}" not in pattern:
            raise ValidationError({"number_pattern": "文号格式必须含有年份 {year}（序号每年从1起编）"})


class NotificationKind(models.TextChoices):
    RECEIPT = "receipt", "受理回执"
    CORRECTION = "correction", "补正告知"
    EXTENSION = "extension", "延长答复期限"
    FEE = "fee", "收费通知"
    REPLY = "reply", "答复（决定及文书）"
    REPLY_CORRECTED = "reply_corrected", "答复更正"
    DIGEST = "digest", "每日到期提醒"
    SUBMITTED = "submitted", "已收到，待确认登记"
    NOT_REGISTERED = "not_registered", "不予登记"
    WITHDRAWN = "withdrawn", "申请人撤回"


class NotificationStatus(models.TextChoices):
    PENDING = "pending", "待发送"
    SENDING = "sending", "发送中"
    SENT = "sent", "已发送"
    FAILED = "failed", "发送失败（已停止重试）"


class Notification(models.Model):
    """One e-mail in the outbox (notices.py): written in the transaction of the step that causes
    it, sent by the background worker, retried until the mail server takes it, sent once."""

    kind = models.CharField("类型", max_length=20, choices=NotificationKind.choices)
    application = models.ForeignKey(
        Application,
        verbose_name="申请",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    recipient = models.EmailField("收件人")
    from_name = models.CharField("发件人名称", max_length=100)
    subject = models.CharField("主题", max_length=200)
    text = models.TextField("正文（纯文本）")
    html = models.TextField("正文（HTML）", blank=True)
    # What is attached, made when it is sent: "receipt" is the case's 回执 PDF.
    attachment = models.CharField("附件", max_length=20, blank=True)
    # One digest a person a day, whoever runs it (the worker's schedule or cron's send_digest).
    dedupe_key = models.CharField(max_length=100, null=True, blank=True, unique=True, editable=False)

    status = models.CharField(
        "状态", max_length=10, choices=NotificationStatus.choices, default=NotificationStatus.PENDING
    )
    attempts = models.PositiveIntegerField("已尝试次数", default=0)
    last_error = models.TextField("最近一次错误", blank=True)
    next_attempt_at = models.DateTimeField("下次尝试时间", null=True, blank=True)
    claimed_at = models.DateTimeField("开始发送时间", null=True, blank=True)
    sent_at = models.DateTimeField("发送时间", null=True, blank=True)
    created_at = models.DateTimeField("生成时间", auto_now_add=True)

    class Meta:
        verbose_name = "邮件通知"
        verbose_name_plural = "邮件通知（发件箱）"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["status", "next_attempt_at"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.subject}"


def _document_path(instance: CaseDocument, filename: str) -> str:
    # Stored under a random name: the uploaded name is shown, never used as a path.
    suffix = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"cases/{instance.application_id}/{uuid.uuid4().hex}.{suffix}"


class CaseDocument(models.Model):
    """A document that answers a case (the information itself), attached by the clerk.

    ``file`` is what was uploaded (typed from its content, images without metadata). For 部分公开
    the clerk marks areas on its pages (``marks``); ``redacted`` is then the delivered file: every
    page rasterised with the marks painted black (records.redaction), made for the marks as they
    stood at ``redacted_version``. Served only through views that check the case: the agency's
    staff, and the applicant on /track/ once the reply is served (never from MEDIA_URL).
    """

    application = models.ForeignKey(Application, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField("文件名", max_length=200)
    kind = models.CharField("类型", max_length=10, choices=FileKind.choices)
    content_type = models.CharField("MIME 类型", max_length=100)
    size = models.PositiveIntegerField("大小（字节）")
    sha256 = models.CharField("SHA-256", max_length=64)
    file = models.FileField("文件", upload_to=_document_path, max_length=200)
    # The pages the marks are drawn on: the PDF a DOCX or XLSX was converted to (LibreOffice);
    # empty for a PDF or an image, whose own pages are used.
    pages_file = models.FileField(
        "页面（转换后的 PDF）", upload_to=_document_path, max_length=200, blank=True
    )
    page_count = models.PositiveIntegerField("页数", default=0)
    delivered = models.BooleanField("提供给申请人", default=True)
    position = models.PositiveSmallIntegerField("顺序", default=0)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="上传人", on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    # [{"id": 3, "page": 1, "box": [x0, y0, x1, y1] (fractions of the page, from its top left),
    #   "basis": "15-privacy", "by": user id, "how": "box" | "text"}, ...]
    marks = models.JSONField("遮盖区域", default=list, blank=True)
    last_mark = models.PositiveIntegerField(default=0, editable=False)
    redacted = models.FileField("遮盖后的文件", upload_to=_document_path, max_length=200, blank=True)
    redacted_sha256 = models.CharField(max_length=64, blank=True)
    redacted_version = models.PositiveIntegerField(null=True, blank=True, editable=False)
    version = models.PositiveIntegerField(default=0, editable=False)  # two clerks marking at once

    class Meta:
        verbose_name = "答复材料"
        verbose_name_plural = "答复材料"
        ordering = ["application", "position", "id"]

    def __str__(self) -> str:
        return self.name

    @property
    def is_redacted(self) -> bool:
        """Marked, and its redacted file made for the marks as they stand."""
        return bool(self.marks) and bool(self.redacted) and self.redacted_version == self.version

    @property
    def delivered_name(self) -> str:
        """The name the applicant gets: a redacted document is a PDF of page images."""
        if not self.marks:
            return self.name
        stem = self.name.rsplit(".", 1)[0] if "." in self.name else self.name
        return f"{stem}（区分处理）.pdf"

    @property
    def title(self) -> str:
        """The name in the reply letter's 附件 list: without its extension."""
        name = self.delivered_name
        return name.rsplit(".", 1)[0] if "." in name else name


class SubmissionStatus(models.TextChoices):
    PENDING = "pending", "待登记"
    REGISTERED = "registered", "已登记"
    NOT_REGISTERED = "not_registered", "不予登记"
    WITHDRAWN = "withdrawn", "申请人撤回"


class Submission(models.Model):
    """An online application waiting for the disclosure office to confirm it (待登记), where the
    agency registers online applications only after review (Letterhead.register_after_review).

    Not yet a case: no registration number, no 收到申请之日, no deadline, and so never a row of
    table 三. Confirmed, it becomes an Application received that day (Art. 31), with the same
    查询码 and form token; declined (不予登记: not a request for government information), it
    stays here with the reason, which the applicant reads on /track/; withdrawn by the applicant
    while it waits, it stays here too (with their reason, if they gave one), never confirmed.
    """

    agency = models.ForeignKey(
        Agency, verbose_name="受理机关", on_delete=models.PROTECT, related_name="submissions"
    )
    tracking_code = models.CharField(
        "查询码", max_length=16, unique=True, default=new_tracking_code, editable=False
    )
    # The applicant's fields of the online form, as submitted (ApplicationForm.APPLICANT_FIELDS).
    data = models.JSONField("申请内容")
    submitted_at = models.DateTimeField("提交时间")
    submitted_on = models.DateField("提交日期")
    # Spent in the submitting transaction, as for a case registered at once.
    form_token = models.CharField(max_length=32, null=True, blank=True, unique=True, editable=False)
    status = models.CharField(
        "状态", max_length=20, choices=SubmissionStatus.choices, default=SubmissionStatus.PENDING
    )
    application = models.OneToOneField(
        Application,
        verbose_name="登记后的申请",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="submission",
    )
    reason = models.TextField("理由", blank=True)  # 不予登记的理由, or the applicant's for withdrawing
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name="办理人",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    decided_on = models.DateField("确认、不予登记或撤回日期", null=True, blank=True)
    version = models.PositiveIntegerField(default=0, editable=False)

    class Meta:
        verbose_name = "待登记的网上申请"
        verbose_name_plural = "待登记的网上申请"
        ordering = ["submitted_at", "id"]
        indexes = [models.Index(fields=["agency", "status"])]

    def __str__(self) -> str:
        return f"网上申请（{self.applicant_name}，{self.submitted_on}）"

    def field(self, name: str) -> str:
        value = self.data.get(name, "")
        return value if isinstance(value, str) else ""

    @property
    def applicant_name(self) -> str:
        return self.field("applicant_name")

    @property
    def description(self) -> str:
        return self.field("description")

    @property
    def phone(self) -> str:
        return self.field("phone")

    @property
    def email(self) -> str:
        return self.field("email")

    @property
    def notify_by_email(self) -> bool:
        return bool(self.data.get("notify_by_email")) and bool(self.email)
