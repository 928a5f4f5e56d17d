"""The roster of a year: the units that must publish an annual report on it, for one supervising
agency (its 政务公开办).

A roster is a snapshot: each unit's name, kind, level, parent and deadline are copied into its
row when the roster is built, so editing next year's roster (or renaming an agency) leaves last
year's as it was. A unit is either an agency on the platform (``agency`` set) or one known only
by name (roster-only: ``agency`` empty). A unit that need not report this year stays on the
roster, excluded, with the reason.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import models

from gongkai.agencies.models import Agency, Level
from gongkai.core.models import AuditEvent


class UnitKind(models.TextChoices):
    GOVERNMENT = "government", "人民政府"
    DEPARTMENT = "department", "政府工作部门"
    OTHER = "other", "其他（法律法规授权组织等）"


class Deadline(models.TextChoices):
    """Art. 49: every agency publishes by January 31; a county-or-above government's own report
    (本级) by March 31."""

    JAN31 = "jan31", "1月31日前"
    MAR31 = "mar31", "3月31日前"


class Roster(models.Model):
    agency = models.ForeignKey(
        Agency, verbose_name="监督机关", on_delete=models.PROTECT, related_name="report_rosters"
    )
    year = models.PositiveSmallIntegerField("报告年度")
    version = models.PositiveIntegerField(default=1, editable=False)
    copied_from = models.ForeignKey(
        "self", verbose_name="复制自", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("建立时间", auto_now_add=True)

    class Meta:
        verbose_name = "年度报告名单"
        verbose_name_plural = "年度报告名单"
        ordering = ["agency__path", "-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["agency", "year"],
                name="oversight_one_roster_per_year",
                violation_error_message="本年度的名单已经建立",
            )
        ]

    def __str__(self) -> str:
        return f"{self.agency.name}{self.year}年度报告名单"


class RosterUnit(models.Model):
    roster = models.ForeignKey(Roster, verbose_name="名单", on_delete=models.CASCADE, related_name="units")
    agency = models.ForeignKey(
        Agency,
        verbose_name="平台上的机关",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="roster_entries",
        help_text="留空：不在本平台上的单位（仅在名单中）",
    )
    name = models.CharField("单位名称", max_length=100)
    kind = models.CharField("类别", max_length=12, choices=UnitKind.choices)
    level = models.CharField("层级", max_length=16, choices=Level.choices)
    parent_name = models.CharField("上级机关", max_length=100, blank=True)
    deadline = models.CharField("公开期限", max_length=5, choices=Deadline.choices)
    excluded = models.BooleanField("不列入本年度", default=False)
    exclusion_reason = models.TextField("不列入的理由", blank=True)

    class Meta:
        verbose_name = "名单单位"
        verbose_name_plural = "名单单位"
        ordering = ["roster", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["roster", "name"],
                name="oversight_unit_name_once_per_roster",
                violation_error_message="名单中已有同名单位",
            ),
            models.UniqueConstraint(
                fields=["roster", "agency"],
                condition=models.Q(agency__isnull=False),
                name="oversight_agency_once_per_roster",
                violation_error_message="该机关已在名单中",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def on_platform(self) -> bool:
        return self.agency_id is not None

    def due(self, year: int) -> dt.date:
        return dt.date(year + 1, 3, 31) if self.deadline == Deadline.MAR31 else dt.date(year + 1, 1, 31)


class RosterEventKind(models.TextChoices):
    BUILT = "built", "按机关目录建立名单"
    COPIED = "copied", "复制上一年度名单"
    ADDED = "added", "增加单位"
    EDITED = "edited", "修改单位"
    EXCLUDED = "excluded", "不列入本年度"
    INCLUDED = "included", "重新列入"


class RosterEvent(AuditEvent):
    roster = models.ForeignKey(Roster, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事项", max_length=40, choices=RosterEventKind.choices)

    class Meta(AuditEvent.Meta):
        verbose_name = "名单记录"
        verbose_name_plural = "名单记录"


# ---------------------------------------------------------------------------------------------
# Collecting: the reports of units that are not on the platform (and any unit's published file),
# brought in by the supervisor as uploads, a ZIP or a list of URLs.


def _collected_path(instance: CollectedReport, filename: str) -> str:
    # Stored under its hash: the uploaded name is kept in ``filename``, never used as a path.
    suffix = filename.rsplit(".", 1)[-1].lower()[:8] if "." in filename else "bin"
    return f"oversight/{instance.supervisor_id}/{instance.sha256[:2]}/{instance.sha256}.{suffix}"


class BatchSource(models.TextChoices):
    FILES = "files", "上传文件"
    ZIP = "zip", "上传压缩包"
    URLS = "urls", "网址列表"


class CollectionBatch(models.Model):
    """One act of collecting: the files uploaded at once, the members of one ZIP, or a list of
    URLs. Its files are processed one by one; a batch cut off half-way is resumed from the files
    still 待处理."""

    supervisor = models.ForeignKey(
        Agency, verbose_name="监督机关", on_delete=models.PROTECT, related_name="collection_batches"
    )
    year = models.PositiveSmallIntegerField(
        "名单年度", help_text="上传时所在名单的年度；每份报告按读出的年度匹配"
    )
    source = models.CharField("来源", max_length=5, choices=BatchSource.choices)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("开始时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)
    total = models.PositiveIntegerField("文件数", default=0)

    class Meta:
        verbose_name = "收集批次"
        verbose_name_plural = "收集批次"
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.get_source_display()}（{self.total}个文件）"


class CollectedState(models.TextChoices):
    PENDING = "pending", "待处理"  # received (uploaded, unpacked or to be fetched), not yet read
    REFUSED = "refused", "已拒收"  # not a report, unreadable, too large, a bomb: ``reason`` says
    DUPLICATE = "duplicate", "重复"  # the same bytes as a file already collected
    UNCERTAIN = "uncertain", "待确认"  # read; which unit it belongs to needs the supervisor's word
    UNMATCHED = "unmatched", "未匹配"  # read; no unit of that year's roster fits it
    MATCHED = "matched", "已匹配"  # read and matched to a roster unit (or confirmed)


class CollectedReport(models.Model):
    """One collected file: the original byte for byte with its hash and the day it was first
    seen, what the importer read from it (the report as canonical JSON, with the reader's and the
    checker's findings) and the roster unit it was matched to (a unit of the roster of the year
    read from the report, not of the batch's year)."""

    supervisor = models.ForeignKey(
        Agency, verbose_name="监督机关", on_delete=models.PROTECT, related_name="collected_reports"
    )
    batch = models.ForeignKey(
        CollectionBatch,
        verbose_name="批次",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="files",
    )
    unit = models.ForeignKey(
        RosterUnit,
        verbose_name="名单单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="collected",
    )
    state = models.CharField(
        "状态", max_length=10, choices=CollectedState.choices, default=CollectedState.PENDING
    )
    reason = models.TextField("说明", blank=True, help_text="拒收、待确认或未匹配的理由")
    filename = models.CharField("原文件名", max_length=255)
    source_url = models.URLField("来源网址", max_length=1000, blank=True)
    original = models.FileField("原文件", upload_to=_collected_path, max_length=200, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, db_index=True)
    size = models.PositiveBigIntegerField("字节数", default=0)
    first_seen = models.DateTimeField("首次收到")
    named_agency = models.CharField("报告所署机关", max_length=100, blank=True)
    year = models.PositiveSmallIntegerField("报告年度", null=True, blank=True)
    edition = models.CharField("格式", max_length=5, blank=True)
    published_on = models.DateField("报告所署日期", null=True, blank=True)
    content = models.JSONField("读出的报告", null=True, blank=True, editable=False)
    findings = models.JSONField("检查结果", default=list, blank=True, editable=False)
    candidates = models.JSONField("候选单位", default=list, blank=True, editable=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    confirmed_at = models.DateTimeField("确认时间", null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)

    class Meta:
        verbose_name = "收集的报告"
        verbose_name_plural = "收集的报告"
        ordering = ["id"]
        indexes = [models.Index(fields=["supervisor", "year", "state"], name="oversight_collected_year")]

    def __str__(self) -> str:
        return self.filename


class CollectedEventKind(models.TextChoices):
    RECEIVED = "received", "收到"
    READ = "read", "读取"
    CONFIRMED = "confirmed", "确认所属单位"
    UNMATCHED = "unmatched", "取消匹配"
    REFUSED = "refused", "拒收"
    REPROCESSED = "reprocessed", "重新处理"


class CollectedEvent(AuditEvent):
    """One line of a collected file's history: received, read (and what it earned), and each word
    the supervisor said on it."""

    collected = models.ForeignKey(CollectedReport, on_delete=models.CASCADE, related_name="events")
    kind = models.CharField("事项", max_length=40, choices=CollectedEventKind.choices)

    class Meta(AuditEvent.Meta):
        verbose_name = "收集记录"
        verbose_name_plural = "收集记录"
