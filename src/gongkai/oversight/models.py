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
