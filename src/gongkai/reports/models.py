"""The annual report record, its sign-off chain and its history.

A report is one row per agency, year and revision: revision 1 is the report; a correction
(更正) is revision 2, 3, … with a 更正说明, and ``supersedes`` points at the one it corrects. Both
stay public. Only one revision of an (agency, year) may be unpublished at a time.

Tables 二, 三 and 四 are never stored while the report is being written: they are counted live
from the registers and the cases (``selectors.live_tables``). What a person adds is kept here:
the six sections' text, overrides of single cells (each with its reason), and explanations of
the checker's warnings. When the report is filed its whole content is frozen in ``content``
(the canonical JSON), and that is what is published.
"""

from __future__ import annotations

import uuid

from django.db import models

from gongkai.agencies.models import Agency, SignOffChain, SignOffChainStep
from gongkai.annual_report.editions import Edition
from gongkai.core.models import AuditEvent

# The six sections' text fields, in the order of the format (一 … 六).
SECTION_FIELDS = ("general", "proactive", "applications", "appeals", "problems", "other")


class Status(models.TextChoices):
    DRAFT = "draft", "草稿"
    IN_REVIEW = "in_review", "审核中"
    TO_SIGN = "to_sign", "待签发"
    SIGNED = "signed", "已签发"
    FILED = "filed", "已报送"
    RETURNED = "returned", "退回"
    ACCEPTED = "accepted", "已接收"
    PUBLISHED = "published", "已发布"


# A person may write in these states; every other one waits for someone else (or is final).
EDITABLE = (Status.DRAFT, Status.RETURNED)


class Origin(models.TextChoices):
    COMPOSED = "composed", "本系统编制"
    IMPORTED = "imported", "从已发布文件导入"


def _source_path(instance: AnnualReport, filename: str) -> str:
    # Stored under a random name: the uploaded name is kept in source_filename, never used as a path.
    suffix = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"reports/imported/{instance.agency_id}/{instance.year}-{uuid.uuid4().hex}.{suffix}"


class ReportChain(SignOffChain):
    """An agency's sign-off chain for its annual report; without one, the default applies
    (公开办负责人 审核 → 主要领导 签发, see actions.DEFAULT_STEPS)."""

    name = models.CharField("名称", max_length=50, default="年度报告审签")

    class Meta:
        verbose_name = "年度报告审签流程"
        verbose_name_plural = "年度报告审签流程"


class ReportChainStep(SignOffChainStep):
    """One step of the chain: who signs it (a role in the agency). The last step is 签发."""

    chain = models.ForeignKey(ReportChain, on_delete=models.CASCADE, related_name="steps")

    class Meta(SignOffChainStep.Meta):
        verbose_name = "审签环节"
        verbose_name_plural = "审签环节"


class AnnualReport(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="annual_reports"
    )
    year = models.PositiveSmallIntegerField("报告年度")
    revision = models.PositiveSmallIntegerField("版本", default=1, help_text="1为原报告，更正后依次加1")
    edition = models.CharField("格式", max_length=5, choices=[(e.value, e.value) for e in Edition])
    status = models.CharField("状态", max_length=12, choices=Status.choices, default=Status.DRAFT)
    version = models.PositiveIntegerField(default=1, editable=False)

    general = models.TextField("一、总体情况", blank=True)
    proactive = models.TextField("二、主动公开政府信息情况", blank=True)
    applications = models.TextField("三、收到和处理政府信息公开申请情况", blank=True)
    appeals = models.TextField("四、政府信息公开行政复议、行政诉讼情况", blank=True)
    problems = models.TextField("五、存在的主要问题及改进情况", blank=True)
    other = models.TextField("六、其他需要报告的事项", blank=True)

    # "table.row.column" → {"value": number as text, "reason": why the count is replaced}
    overrides = models.JSONField("手工改写的单元格", default=dict, blank=True)
    # finding key (see checks.finding_key) → the written explanation of a warning
    explanations = models.JSONField("警告说明", default=dict, blank=True)
    # The findings of the last check (each Finding.to_dict() plus its "key").
    findings = models.JSONField("检查结果", default=list, blank=True, editable=False)

    # The chain as it was when the report was last submitted: [{"label", "role"}].
    steps = models.JSONField("审签环节", default=list, blank=True, editable=False)
    review_round = models.PositiveIntegerField("送审轮次", default=0)
    steps_done = models.PositiveSmallIntegerField("已完成环节数", default=0)
    supervisor_comments = models.TextField("上级退回意见", blank=True)

    # Frozen when filed: the report under the canonical keys (Report.to_dict, amounts as text).
    content = models.JSONField("报送内容", null=True, blank=True, editable=False)
    published_on = models.DateField("发布日期", null=True, blank=True)
    published_sha256 = models.CharField("发布文件SHA-256", max_length=64, blank=True)
    supersedes = models.OneToOneField(
        "self",
        verbose_name="更正的报告",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="corrected_by",
    )
    correction_note = models.TextField("更正说明", blank=True)
    # The public record, made at publication (reports.publication): the catalogue item with its
    # 索引号 that carries the PDF and the DOCX; published_sha256 is the PDF file's SHA-256, and
    # content_sha256 that of the canonical JSON the API serves.
    catalogue_item = models.OneToOneField(
        "catalogue.CatalogueItem",
        verbose_name="公开目录条目",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.PROTECT,
        related_name="annual_report",
    )
    content_sha256 = models.CharField("报告JSON的SHA-256", max_length=64, blank=True, editable=False)

    # Last year's report from before the platform: imported from the file the agency published
    # (reports.archive), stored beside it, published as read. It is never composed here.
    origin = models.CharField("来源", max_length=10, choices=Origin.choices, default=Origin.COMPOSED)
    source_filename = models.CharField("原文件名", max_length=255, blank=True)
    source_file = models.FileField("原文件", upload_to=_source_path, max_length=200, blank=True)

    class Meta:
        verbose_name = "政府信息公开工作年度报告"
        verbose_name_plural = "政府信息公开工作年度报告"
        ordering = ["-year", "agency__path", "-revision"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "year", "revision"], name="reports_one_per_revision"),
            models.UniqueConstraint(
                fields=["agency", "year"],
                condition=~models.Q(status="published"),
                name="reports_one_unpublished_per_year",
                violation_error_message="本年度已有一份尚未发布的报告",
            ),
        ]

    def __str__(self) -> str:
        suffix = f"（更正{self.revision - 1}）" if self.revision > 1 else ""
        return f"{self.agency.name}{self.year}年政府信息公开工作年度报告{suffix}"

    @property
    def title(self) -> str:
        return f"{self.agency.name}{self.year}年政府信息公开工作年度报告"

    @property
    def narrative(self) -> dict[int, str]:
        """Section number (1-6) → its text."""
        return {n: getattr(self, name) for n, name in enumerate(SECTION_FIELDS, start=1)}

    @property
    def current_step(self) -> dict[str, str] | None:
        if self.status not in (Status.IN_REVIEW, Status.TO_SIGN) or self.steps_done >= len(self.steps):
            return None
        step: dict[str, str] = self.steps[self.steps_done]
        return step


class EventKind(models.TextChoices):
    CREATED = "created", "起草"
    SAVED = "saved", "保存草稿"
    OVERRIDDEN = "overridden", "改写单元格"
    SUBMITTED = "submitted", "送审"
    APPROVED = "approved", "审核同意"
    SIGNED = "signed", "签发"
    RETURNED = "returned", "退回修改"
    FILED = "filed", "报送"
    SUPERVISOR_RETURNED = "supervisor_returned", "上级退回"
    ACCEPTED = "accepted", "上级接收"
    PUBLISHED = "published", "发布"
    CORRECTION = "correction", "起草更正"
    IMPORTED = "imported", "导入已发布的报告"


class ReportEvent(AuditEvent):
    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事项", max_length=40, choices=EventKind.choices)

    class Meta(AuditEvent.Meta):
        verbose_name = "年度报告记录"
        verbose_name_plural = "年度报告记录"
