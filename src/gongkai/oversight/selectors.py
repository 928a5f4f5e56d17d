"""The board: every unit of a year's roster with the state of its report and its findings.

Four queries whatever the size of the roster: the roster, its units, the reports of the units
on the platform for the year (the reports app's records, read only), and the files collected and
matched to the roster's units (a unit with no record on the platform that year — not on it, or
a year before it joined — is 已发布 once its published file is collected). Filtering happens on those rows, so a filter never costs a query.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.db import models
from django.utils import timezone

from gongkai.agencies.models import Agency
from gongkai.annual_report.findings import Severity
from gongkai.annual_report.rules import RULES
from gongkai.reports.models import AnnualReport
from gongkai.reports.models import Status as ReportStatus

from .models import CollectedReport, CollectedState, Roster, RosterUnit


class BoardStatus(models.TextChoices):
    NOT_STARTED = "not_started", "未开始"
    DRAFT = "draft", "草稿"
    FILED = "filed", "已报送"
    RETURNED = "returned", "已退回"
    PUBLISHED = "published", "已发布"
    OVERDUE = "overdue", "逾期"
    NOT_FOUND = "not_found", "未找到"


# A status that is a problem in itself (只看问题 shows these, and every unit with findings).
PROBLEM_STATUSES = (BoardStatus.OVERDUE, BoardStatus.RETURNED, BoardStatus.NOT_FOUND)

RULE_TITLES = {str(rule.code): rule.title for rule in RULES}

FILED_STATES = (ReportStatus.FILED, ReportStatus.ACCEPTED)
REPORT_FIELDS = ("id", "agency", "year", "revision", "status", "version", "findings", "published_on")
COLLECTED_FIELDS = ("id", "unit", "filename", "findings", "published_on", "first_seen")


@dataclass
class BoardRow:
    unit: RosterUnit
    status: BoardStatus
    due: dt.date
    report: AnnualReport | None  # the one the status is about: the published one, else the newest
    errors: int = 0
    warnings: int = 0
    codes: list[str] = field(default_factory=list)  # the rules its findings come from, each once
    published_late: bool = False
    collected: CollectedReport | None = None  # a unit not on the platform: its file collected

    @property
    def published_on(self) -> dt.date | None:
        """The day the report was published: the platform's record, else the date the collected
        file states (the day it was first seen when it states none)."""
        if self.report is not None:
            return self.report.published_on
        if self.collected is not None:
            return collected_published_on(self.collected)
        return None

    @property
    def findings(self) -> list[dict[str, object]]:
        if self.report is not None:
            return list(self.report.findings)
        return list(self.collected.findings) if self.collected is not None else []

    @property
    def problem(self) -> bool:
        return self.status in PROBLEM_STATUSES or bool(self.errors or self.warnings) or self.published_late

    @property
    def rules(self) -> list[tuple[str, str]]:
        """Each rule code with its title in the registry (the code itself when it has none)."""
        return [(code, RULE_TITLES.get(code, code)) for code in self.codes]

    @property
    def badge(self) -> str:
        """The badge's colour class: done, overdue (a problem) or soon (still under way)."""
        if self.status == BoardStatus.PUBLISHED:
            return "done"
        return "overdue" if self.status in PROBLEM_STATUSES else "soon"

    @property
    def report_state(self) -> str:
        """The report record's own state, beside the board's summary of it."""
        return self.report.get_status_display() if self.report is not None else ""


@dataclass(frozen=True)
class Filters:
    level: str = ""
    kind: str = ""
    status: str = ""
    rule: str = ""
    problems_only: bool = False

    def keep(self, row: BoardRow) -> bool:
        return (
            (not self.level or row.unit.level == self.level)
            and (not self.kind or row.unit.kind == self.kind)
            and (not self.status or row.status == self.status)
            and (not self.rule or self.rule in row.codes)
            and (not self.problems_only or row.problem)
        )


@dataclass
class Board:
    roster: Roster
    rows: list[BoardRow]  # the units that must report (excluded ones are not on the board)
    excluded: list[RosterUnit]
    today: dt.date

    @property
    def counts(self) -> list[tuple[BoardStatus, int]]:
        """How many units are in each status, in the order of the statuses (all shown, 0 too)."""
        found = Counter(row.status for row in self.rows)
        return [(status, found[status]) for status in BoardStatus]

    @property
    def findings(self) -> tuple[int, int]:
        return sum(r.errors for r in self.rows), sum(r.warnings for r in self.rows)

    @property
    def rules(self) -> list[str]:
        return sorted({code for row in self.rows for code in row.codes})

    def filtered(self, filters: Filters) -> list[BoardRow]:
        return [row for row in self.rows if filters.keep(row)]


def collected_published_on(collected: CollectedReport) -> dt.date:
    """The date a collected report states, else the day its file was first seen."""
    if collected.published_on is not None:
        return collected.published_on
    return timezone.localtime(collected.first_seen).date()


def board_status(unit: RosterUnit, reports: list[AnnualReport], due: dt.date, today: dt.date) -> BoardStatus:
    """One unit's status; `reports` are its revisions on the year, oldest first.

    A unit not on the platform has no record here: 未找到 (已发布 once its file is collected,
    which ``_row`` decides). A published report is 已发布 (late or
    not: the lateness is shown beside it). Past the deadline, anything not yet published is 逾期.
    Before it: 未开始 without a report, else the newest revision's state."""
    if unit.agency_id is None:
        return BoardStatus.NOT_FOUND
    if any(r.status == ReportStatus.PUBLISHED for r in reports):
        return BoardStatus.PUBLISHED
    if today > due:
        return BoardStatus.OVERDUE
    if not reports:
        return BoardStatus.NOT_STARTED
    newest = reports[-1].status
    if newest == ReportStatus.RETURNED:
        return BoardStatus.RETURNED
    if newest in FILED_STATES:
        return BoardStatus.FILED
    return BoardStatus.DRAFT


def _count(row: BoardRow, findings: list[dict[str, object]]) -> None:
    severities = Counter(f.get("severity") for f in findings)
    row.errors, row.warnings = severities[Severity.ERROR.value], severities[Severity.WARNING.value]
    row.codes = sorted({str(f.get("code")) for f in findings})


def _row(
    unit: RosterUnit,
    reports: list[AnnualReport],
    year: int,
    today: dt.date,
    collected: CollectedReport | None = None,
) -> BoardRow:
    due = unit.due(year)
    status = board_status(unit, reports, due, today)
    published = [r for r in reports if r.status == ReportStatus.PUBLISHED]
    report = published[-1] if published else (reports[-1] if reports else None)
    row = BoardRow(unit, status, due, report)
    if report is not None:
        _count(row, report.findings)
        first_published = min((r.published_on for r in published if r.published_on), default=None)
        row.published_late = first_published is not None and first_published > due
    elif collected is not None:  # no record on the platform (not on it, or not yet that year)
        row.status, row.collected = BoardStatus.PUBLISHED, collected
        _count(row, collected.findings)
        row.published_late = collected_published_on(collected) > due
    return row


def roster_of(agency: Agency, year: int) -> Roster | None:
    return Roster.objects.filter(agency=agency, year=year).select_related("agency").first()


def board(roster: Roster, today: dt.date) -> Board:
    """The roster's units with their reports' states and findings: three queries (and the roster)."""
    units = list(roster.units.order_by("id"))
    agency_ids = [u.agency_id for u in units if u.agency_id is not None and not u.excluded]
    by_agency: dict[int, list[AnnualReport]] = {}
    reports = (
        AnnualReport.objects.filter(agency_id__in=agency_ids, year=roster.year)
        .only(*REPORT_FIELDS)
        .order_by("revision")
    )
    for report in reports:
        by_agency.setdefault(report.agency_id, []).append(report)
    collected: dict[int, CollectedReport] = {}
    matched = CollectedReport.objects.filter(
        unit__roster=roster, state=CollectedState.MATCHED
    )  # always one query, even when nothing was collected
    for one in matched.only(*COLLECTED_FIELDS).order_by("id"):
        if one.unit_id is not None:
            collected[one.unit_id] = one  # the newest file matched to the unit
    rows = [
        _row(
            u,
            by_agency.get(u.agency_id, []) if u.agency_id else [],
            roster.year,
            today,
            collected.get(u.pk),
        )
        for u in units
        if not u.excluded
    ]
    return Board(roster, rows, [u for u in units if u.excluded], today)


def rosters_of(agency: Agency) -> list[Roster]:
    return list(Roster.objects.filter(agency=agency).order_by("-year"))
