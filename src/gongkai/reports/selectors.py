"""Reads for the report pages: the live tables, the composed report, last year's, deadlines.

Tables 二, 三 and 四 come from the apps that own the work (registers, cases) through their
selectors: five queries whatever the size of the year (table 二: three or four; 三 and 四: two).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import QuerySet

from gongkai.agencies.models import Agency, Level, Membership, Role
from gongkai.agencies.selectors import readable_agencies
from gongkai.annual_report.compose import FieldProblem
from gongkai.annual_report.editions import EDITIONS, Edition, Kind
from gongkai.annual_report.model import Override, Report, coerce
from gongkai.applications import selectors as cases
from gongkai.registers import selectors as registers

from .compose import compose_sections
from .models import AnnualReport, Status

CASE_TABLES = ("applications", "appeals")


def own_level_report(agency: Agency) -> bool:
    """A county-level-or-above government's own (本级) report: due March 31 (Art. 49)."""
    return agency.is_government and agency.level in (Level.PROVINCE, Level.CITY, Level.COUNTY)


def deadline(agency: Agency, year: int) -> dt.date:
    return dt.date(year + 1, 3, 31) if own_level_report(agency) else dt.date(year + 1, 1, 31)


@dataclass(frozen=True)
class Countdown:
    due: dt.date
    days_left: int  # negative once overdue
    published_on: dt.date | None

    @property
    def overdue(self) -> bool:
        if self.published_on is not None:
            return self.published_on > self.due
        return self.days_left < 0

    @property
    def text(self) -> str:
        if self.published_on is not None:
            late = (self.published_on - self.due).days
            return f"逾期{late}天发布" if late > 0 else "按期发布"
        if self.days_left < 0:
            return f"已超期{-self.days_left}天"
        if self.days_left == 0:
            return "今天到期"
        return f"还剩{self.days_left}天"


def countdown(report: AnnualReport, today: dt.date) -> Countdown:
    return countdown_for(report.agency, report.year, today, report.published_on)


def countdown_for(
    agency: Agency, year: int, today: dt.date, published_on: dt.date | None = None
) -> Countdown:
    due = deadline(agency, year)
    return Countdown(due, (due - today).days, published_on)


def agencies_without_report(user: User | AnonymousUser, year: int) -> QuerySet[Agency]:
    """The user's agencies (a supervisor's: the subtree's) with no report on `year` yet."""
    return readable_agencies(user).exclude(annual_reports__year=year).order_by("path")


def visible_reports(user: User | AnonymousUser) -> QuerySet[AnnualReport]:
    """Every report page starts here: the user's agencies' reports (a supervisor's: the subtree's)."""
    return AnnualReport.objects.filter(agency__in=readable_agencies(user)).select_related("agency")


def supervises(user: User | AnonymousUser, agency: Agency) -> bool:
    """Whether the user is 上级监督 of an agency above this one (where its report is filed)."""
    if not user.is_authenticated:
        return False
    above = [int(pk) for pk in agency.path.strip("/").split("/")[:-1] if pk]
    return Membership.objects.filter(user=user, role=Role.SUPERVISOR, agency_id__in=above).exists()


# --- cells -----------------------------------------------------------------------------------


def cell_choices(edition: Edition) -> list[tuple[str, str]]:
    """Every cell of the edition's tables as (table.row.column, a label a clerk can read)."""
    numerals = {2: "表二", 3: "表三", 4: "表四"}
    choices: list[tuple[str, str]] = []
    for table in EDITIONS[edition].tables:
        name = f"{numerals[table.section]} {table.title}" if table.section == 2 else numerals[table.section]
        for row in table.rows:
            for column in table.columns:
                label = " · ".join([name, *row.path[-2:], *column.path])
                choices.append((f"{table.key}.{row.key}.{column.key}", label))
    return choices


def cell_kind(edition: Edition, key: str) -> Kind:
    """The kind of the cell `table.row.column`; KeyError when the edition has no such cell."""
    table_key, row_key, column_key = key.split(".")
    table = EDITIONS[edition].table(table_key)
    table.row(row_key)
    return table.column(column_key).kind


def parse_value(edition: Edition, key: str, text: str) -> int | Decimal | None:
    """A typed override as the cell's kind; ValueError with a message for the clerk."""
    kind = cell_kind(edition, key)
    cleaned = text.strip().replace("，", "").replace(",", "")
    try:
        return coerce(cleaned, kind)
    except (ValueError, ArithmeticError) as exc:
        what = {Kind.COUNT: "非负整数", Kind.DELTA: "整数（可为负数）", Kind.AMOUNT: "金额（万元）"}[kind]
        raise ValueError(f"“{text}”不是{what}") from exc


# --- the report ------------------------------------------------------------------------------


def live_tables(agency: Agency, year: int) -> Report:
    """The year's tables counted from the work: 二 from the registers, 三 and 四 from the cases."""
    report = registers.table_two(agency, year)
    counted = cases.annual_tables(agency, year)
    for key in CASE_TABLES:
        report.tables[key] = counted.tables[key]
    report.own_level_report = own_level_report(agency)
    return report


def apply_overrides(report: Report, overrides: dict[str, dict[str, str]]) -> Report:
    """Every hand-typed cell put in with its reason: the checker reports each one (rule
    ``override``, explained by its reason) and the renderers footnote it, never silent."""
    for key, override in overrides.items():
        table, row, column = key.split(".")
        value = parse_value(report.edition, key, str(override["value"]))
        report.override((table, row, column), Override(value, str(override.get("reason") or "")))
    return report


def composed(report: AnnualReport, *, with_previous: bool = True) -> Report:
    """The report as it reads now: frozen content once signed, otherwise composed from the live
    tables, the overrides and the narrative."""
    return composed_and_previous(report, with_previous=with_previous)[0]


def composed_and_previous(
    report: AnnualReport, *, with_previous: bool = True
) -> tuple[Report, Report | None]:
    """The report as it reads now, and last year's (None without it, or when not asked for)."""
    composition = compose(report, with_previous=with_previous)
    return composition.report, composition.previous


@dataclass(frozen=True)
class Composition:
    report: Report  # the text filled in (frozen content once signed)
    previous: Report | None
    problems: list[FieldProblem]  # the fields and prompts that could not be filled (a draft's)


def compose(report: AnnualReport, *, with_previous: bool = True) -> Composition:
    """The report as it reads now: the live tables with the overrides, the draft's text with its
    live fields filled (against last year's report), the written explanations of warnings."""
    previous = previous_report(report) if with_previous else None
    if report.content is not None:
        return Composition(Report.from_dict(report.content), previous, [])
    data = apply_overrides(live_tables(report.agency, report.year), report.overrides)
    data.published = report.published_on
    data.explanations = dict(report.explanations)
    data.sections, problems = compose_sections(data, report.narrative, previous)
    return Composition(data, previous, problems)


def previous_report(report: AnnualReport) -> Report | None:
    """Last year's report from the archive: the newest published revision, else the newest one."""
    rows = AnnualReport.objects.filter(agency=report.agency, year=report.year - 1).select_related("agency")
    last = (
        rows.filter(status=Status.PUBLISHED).order_by("-revision").first()
        or rows.order_by("-revision").first()
    )
    return composed(last, with_previous=False) if last is not None else None


def edition_of(report: AnnualReport) -> Edition:
    return Edition(report.edition)


# --- the workbench's countdown -----------------------------------------------------------------


@dataclass(frozen=True)
class DueReport:
    """One agency's report on the year just ended, as the workbench counts it down."""

    agency: Agency
    year: int
    report: AnnualReport | None  # the newest revision; None: not started yet
    countdown: Countdown

    @property
    def state(self) -> str:
        return "尚未起草" if self.report is None else self.report.get_status_display()


def due_reports(user: User | AnonymousUser, today: dt.date) -> list[DueReport]:
    """The reports on the year just ended of every agency the user works for (a supervisor's:
    every agency below), each with its deadline and days left. Two queries."""
    year = today.year - 1
    agencies = list(readable_agencies(user).order_by("path"))
    newest: dict[int, AnnualReport] = {}
    first_published: dict[int, dt.date] = {}
    rows = AnnualReport.objects.filter(agency__in=[a.pk for a in agencies], year=year).order_by("revision")
    for row in rows:
        newest[row.agency_id] = row
        if row.published_on is not None:
            first_published.setdefault(row.agency_id, row.published_on)
    return [
        DueReport(
            agency,
            year,
            newest.get(agency.pk),
            countdown_for(agency, year, today, first_published.get(agency.pk)),
        )
        for agency in agencies
    ]
