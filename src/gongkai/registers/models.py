"""The registers behind table 二 of the annual report (Art. 20 (一)(五)(六)(八)(九)).

Choice values are the canonical row keys of DOMAIN.md §4, so a document's kind *is* its
report row. Every change goes through `actions`; counting goes through `selectors`.
"""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q

from gongkai.agencies.models import Agency
from gongkai.core.models import AuditEvent


class DocumentKind(models.TextChoices):
    RULES = "rules", "规章"
    NORMATIVE = "normative", "行政规范性文件"


class DocumentStatus(models.TextChoices):
    IN_FORCE = "in_force", "现行有效"
    REPEALED = "repealed", "已废止"


class NormativeDocument(models.Model):
    """One 规章 or 行政规范性文件 an agency made: the register behind table 二, Art. 20 (一)."""

    agency = models.ForeignKey(
        Agency, verbose_name="制发机关", on_delete=models.PROTECT, related_name="normative_documents"
    )
    kind = models.CharField("类别", max_length=16, choices=DocumentKind.choices)
    title = models.CharField("文件名称", max_length=300)
    doc_number = models.CharField("文号", max_length=100)
    made_on = models.DateField("制发日期")
    published_on = models.DateField("公开日期", null=True, blank=True)
    status = models.CharField(
        "效力状态", max_length=16, choices=DocumentStatus.choices, default=DocumentStatus.IN_FORCE
    )
    repealed_on = models.DateField("废止日期", null=True, blank=True)
    repeal_reason = models.CharField("废止原因", max_length=300, blank=True)
    created_at = models.DateTimeField("登记时间", auto_now_add=True)

    class Meta:
        verbose_name = "规章和规范性文件"
        verbose_name_plural = "规章和规范性文件"
        ordering = ["-made_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "doc_number"], name="registers_unique_doc_number"),
            models.CheckConstraint(
                condition=Q(published_on__isnull=True) | Q(published_on__gte=F("made_on")),
                name="registers_published_after_made",
            ),
            models.CheckConstraint(
                condition=Q(status=DocumentStatus.IN_FORCE, repealed_on__isnull=True)
                | Q(status=DocumentStatus.REPEALED, repealed_on__gte=F("made_on")),
                name="registers_status_matches_repeal",
            ),
        ]
        indexes = [models.Index(fields=["agency", "kind"])]

    def __str__(self) -> str:
        return f"{self.title}（{self.doc_number}）"


class Cleanup(models.Model):
    """A clean-up campaign (规范性文件清理) that reviews documents and decides each one's fate."""

    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="cleanups")
    name = models.CharField("清理名称", max_length=200)
    decided_on = models.DateField("清理决定日期")
    published_on = models.DateField("公布日期", null=True, blank=True)

    class Meta:
        verbose_name = "文件清理"
        verbose_name_plural = "文件清理"
        ordering = ["-decided_on", "id"]

    def __str__(self) -> str:
        return self.name


class CleanupOutcome(models.TextChoices):
    KEPT = "kept", "继续有效"
    AMENDED = "amended", "修改"
    INVALID = "invalid", "宣布失效"


class CleanupDecision(models.Model):
    cleanup = models.ForeignKey(
        Cleanup, verbose_name="清理", on_delete=models.CASCADE, related_name="decisions"
    )
    document = models.ForeignKey(
        NormativeDocument, verbose_name="文件", on_delete=models.PROTECT, related_name="cleanup_decisions"
    )
    decision = models.CharField("清理结果", max_length=16, choices=CleanupOutcome.choices)

    class Meta:
        verbose_name = "清理结果"
        verbose_name_plural = "清理结果"
        constraints = [
            models.UniqueConstraint(
                fields=["cleanup", "document"], name="registers_one_decision_per_document"
            )
        ]

    def __str__(self) -> str:
        return f"{self.document} · {self.get_decision_display()}"


class MatterKind(models.TextChoices):
    """A row of table 二 (E2019) counting listed matters (事项清单)."""

    LICENSE = "license", "行政许可"
    OTHER_SERVICES = "other_services", "其他对外管理服务事项"
    PENALTY = "penalty", "行政处罚"
    COERCION = "coercion", "行政强制"
    FEES = "fees", "行政事业性收费"


class Matter(models.Model):
    """One item of an agency's published list of matters (事项清单).

    A matter is on the list from `listed_from` (inclusive) until `delisted_on` (exclusive):
    a matter delisted on 1 January was not on the list that day.
    """

    agency = models.ForeignKey(Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="matters")
    kind = models.CharField("事项类型", max_length=16, choices=MatterKind.choices)
    name = models.CharField("事项名称", max_length=300)
    listed_from = models.DateField("列入日期")
    delisted_on = models.DateField("移出日期", null=True, blank=True)

    class Meta:
        verbose_name = "事项清单"
        verbose_name_plural = "事项清单"
        ordering = ["kind", "name", "listed_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "kind", "name", "listed_from"], name="registers_unique_matter_listing"
            ),
            models.CheckConstraint(
                condition=Q(delisted_on__isnull=True) | Q(delisted_on__gt=F("listed_from")),
                name="registers_delisted_after_listed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.name}"


class DecisionKind(models.TextChoices):
    LICENSE = "license", "行政许可"
    OTHER_SERVICES = "other_services", "其他对外管理服务事项"
    PENALTY = "penalty", "行政处罚"
    COERCION = "coercion", "行政强制"


class Decision(models.Model):
    """One decision (办件) on a licence, service, penalty or coercive measure."""

    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="decisions"
    )
    kind = models.CharField("决定类型", max_length=16, choices=DecisionKind.choices)
    decided_on = models.DateField("决定日期")
    reference = models.CharField("文书编号", max_length=100)

    class Meta:
        verbose_name = "处理决定"
        verbose_name_plural = "处理决定"
        ordering = ["-decided_on", "id"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "kind", "reference"], name="registers_unique_decision")
        ]
        indexes = [models.Index(fields=["agency", "decided_on"])]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference}"


class FeeCollection(models.Model):
    """What one fee item (行政事业性收费) brought in during one year, in 元."""

    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="fee_collections"
    )
    item = models.CharField("收费项目", max_length=200)
    year = models.PositiveSmallIntegerField("年度")
    amount = models.DecimalField("收费金额（元）", max_digits=16, decimal_places=2)

    class Meta:
        verbose_name = "行政事业性收费"
        verbose_name_plural = "行政事业性收费"
        ordering = ["-year", "item"]
        constraints = [
            models.UniqueConstraint(fields=["agency", "item", "year"], name="registers_unique_fee_year"),
            models.CheckConstraint(condition=Q(amount__gte=0), name="registers_fee_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.item}"


class Procurement(models.Model):
    """One centralised government procurement project (政府集中采购), amount in 万元."""

    agency = models.ForeignKey(
        Agency, verbose_name="机关", on_delete=models.PROTECT, related_name="procurements"
    )
    project = models.CharField("采购项目", max_length=300)
    year = models.PositiveSmallIntegerField("年度")
    amount = models.DecimalField("采购金额（万元）", max_digits=16, decimal_places=4)

    class Meta:
        verbose_name = "政府集中采购"
        verbose_name_plural = "政府集中采购"
        ordering = ["-year", "project"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "project", "year"], name="registers_unique_procurement"
            ),
            models.CheckConstraint(condition=Q(amount__gte=0), name="registers_procurement_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.year}年 {self.project}"


class RegisterEventKind(models.TextChoices):
    DOCUMENT_REGISTERED = "document_registered", "登记文件"
    DOCUMENT_PUBLISHED = "document_published", "公开文件"
    DOCUMENT_REPEALED = "document_repealed", "废止文件"
    CLEANUP_DECIDED = "cleanup_decided", "文件清理"
    MATTER_LISTED = "matter_listed", "列入事项清单"
    MATTER_DELISTED = "matter_delisted", "移出事项清单"
    DECISION_RECORDED = "decision_recorded", "登记处理决定"
    FEE_RECORDED = "fee_recorded", "登记收费"
    PROCUREMENT_RECORDED = "procurement_recorded", "登记采购"
    IMPORTED = "imported", "批量导入"


class RegisterEvent(AuditEvent):
    """Who changed which register, when: one row per action (the platform's audit event, with the
    agency whose registers changed and a one-line summary for the index page)."""

    agency = models.ForeignKey(Agency, on_delete=models.CASCADE, related_name="register_events")
    kind = models.CharField("事项", max_length=32, choices=RegisterEventKind.choices)
    summary = models.CharField(max_length=300)

    class Meta(AuditEvent.Meta):
        verbose_name = "登记记录"
        verbose_name_plural = "登记记录"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}：{self.summary}"
