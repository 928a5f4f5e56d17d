"""The supervisor's checks (上级检查) on a year's roster: what the annual report's pure core checks
beyond a report's own arithmetic (annual_report.supervision and .similarity), applied to every
unit's report on file with what only the roster knows: the unit's previous year (the same unit
by ``on_file.unit_key``, whatever its report calls itself), its peers (the same year's other
units) and its earlier years (雷同), and its deadline (published on time).

For each unit of the year with a report on file, the findings that its stored findings (the
checker's, made when it was filed or read) do not already carry:

- ``empty-section`` and ``jump`` (``supervision.supervisor_checks``, against the previous year);
- the across-years rules (``carry-over``, ``items-continuity``, ``in-force``) against the unit's
  previous report on file, which a collected file was read without;
- ``similarity`` (雷同) against the unit's earlier years and the same year's peers, with the
  shared passages;
- ``deadline`` from the roster: first published (the platform's date of publication, or the date
  a collected file states) after the unit's deadline on the roster.

Comparing every narrative takes seconds for a county, so the findings are kept per roster
(``SupervisionCache``) under a fingerprint of their inputs and worked out again only when it
changes: a report filed, returned, published or collected, a unit's deadline changed.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Min

from gongkai.annual_report.checker import check
from gongkai.annual_report.findings import Code, Finding, Severity
from gongkai.annual_report.model import Report, Section
from gongkai.annual_report.rules import BY_CODE, Group
from gongkai.annual_report.similarity import findings_for_set
from gongkai.annual_report.supervision import supervisor_checks
from gongkai.reports.models import AnnualReport
from gongkai.reports.models import Status as ReportStatus

from .actions import FIRST_YEAR
from .models import CollectedReport, CollectedState, Roster, RosterUnit, SupervisionCache
from .on_file import OnFile, reports_on_file

# Part of the fingerprint: a change to what the checks say makes every cached roster stale.
CHECKS_VERSION = "1"
BY = "supervisor"  # a finding's "by": the supervisor's check, not the checker's


@dataclass(frozen=True)
class Checked:
    """A year's roster with its reports on file and the supervisor's findings on them."""

    roster: Roster
    on_file: dict[int, OnFile]  # unit id → its report on file this year (units without one absent)
    findings: dict[int, list[dict[str, Any]]]  # unit id → the supervisor's findings (as dicts)
    first_published: dict[int, dt.date]  # agency id → the day its report of the year was first published

    def for_unit(self, unit_id: int) -> list[dict[str, Any]]:
        return self.findings.get(unit_id, [])


def roster_findings(roster: Roster) -> dict[int, list[dict[str, Any]]]:
    """Unit id → the supervisor's findings on its report of the roster's year: from the cache
    when the inputs are unchanged (four queries, no report read), else worked out and kept."""
    print_ = fingerprint(roster)
    cached = SupervisionCache.objects.filter(roster=roster).first()
    if cached is not None and cached.fingerprint == print_:
        return {int(k): v for k, v in cached.findings.items()}
    found = reports_on_file(roster.agency, range(FIRST_YEAR, roster.year + 1))
    this_year = [f for f in found if f.year == roster.year]
    findings = compute(roster, found, first_published(roster, this_year))
    _keep(roster, print_, findings)
    return findings


def roster_checks(roster: Roster) -> Checked:
    """The roster's year with its reports on file and the supervisor's findings on them."""
    findings = roster_findings(roster)
    this_year = reports_on_file(roster.agency, [roster.year])
    return Checked(roster, {f.unit.id: f for f in this_year}, findings, first_published(roster, this_year))


def _keep(roster: Roster, fingerprint: str, findings: dict[int, list[dict[str, Any]]]) -> None:
    stored = {str(k): v for k, v in findings.items()}
    try:
        with transaction.atomic():
            SupervisionCache.objects.filter(roster=roster).delete()
            SupervisionCache.objects.create(roster=roster, fingerprint=fingerprint, findings=stored)
    except IntegrityError:
        pass  # another view stored the same findings at the same moment


def first_published(roster: Roster, on_file: list[OnFile]) -> dict[int, dt.date]:
    """Agency id → the day its report of the roster's year was first published (a correction
    published later does not move it)."""
    agencies = {f.unit.agency_id for f in on_file if f.source == "platform"}
    rows = (
        AnnualReport.objects.filter(agency_id__in=agencies, year=roster.year, status=ReportStatus.PUBLISHED)
        .values("agency_id")
        .annotate(first=Min("published_on"))
    )
    return {r["agency_id"]: r["first"] for r in rows if r["first"] is not None}


def fingerprint(roster: Roster) -> str:
    """Everything the findings are worked out from, without reading a report: the units of the
    supervisor's rosters up to the year (with their deadlines), every report record of their
    agencies whose content is frozen (its status, version and date of publication) and every
    file matched to them (its version). Three queries whatever the number of units."""
    units = RosterUnit.objects.filter(roster__agency_id=roster.agency_id, roster__year__lte=roster.year)
    unit_rows = units.values_list(
        "roster__year", "id", "agency_id", "name", "level", "deadline", "excluded"
    ).order_by("id")
    records = (
        AnnualReport.objects.filter(
            agency_id__in=units.filter(agency__isnull=False).values("agency_id"),
            year__lte=roster.year,
            content__isnull=False,
        )
        .values_list("id", "agency_id", "year", "revision", "status", "version", "published_on")
        .order_by("id")
    )
    files = (
        CollectedReport.objects.filter(unit__in=units, state=CollectedState.MATCHED)
        .values_list("id", "unit_id", "version")
        .order_by("id")
    )
    data = json.dumps(
        [CHECKS_VERSION, list(unit_rows), list(records), list(files)], default=str, ensure_ascii=False
    )
    return hashlib.sha256(data.encode()).hexdigest()


# --- the checks --------------------------------------------------------------------------------


def compute(
    roster: Roster, found: list[OnFile], first: dict[int, dt.date]
) -> dict[int, list[dict[str, Any]]]:
    """Every unit's supervisor findings for the roster's year (no cache)."""
    reports = _as_one_unit(found, roster.year)
    names = [f"{f.source}:{f.record_id}" for f in found]
    mine = {i for i, f in enumerate(found) if f.year == roster.year}
    similar = findings_for_set(reports, names, only=mine)
    by_key = {(f.key, f.year): reports[i] for i, f in enumerate(found)}
    out: dict[int, list[dict[str, Any]]] = {}
    for i in sorted(mine):
        on = found[i]
        previous = by_key.get((on.key, on.year - 1))
        fresh = list(_unit_checks(on, reports[i], previous, first)) + similar[i]
        said = {(f.get("code"), f.get("message")) for f in on.findings}
        kept = [f for f in fresh if (str(f.code), f.message) not in said]
        if kept:
            out[on.unit.id] = [_as_dict(f, n) for n, f in enumerate(kept, start=1)]
    return out


def _as_one_unit(found: list[OnFile], year: int) -> list[Report]:
    """Each report under one name per unit, so that the same unit's years are compared as one
    agency's and two units are never taken for one: the name its report of `year` gives (else
    the roster's). Where an earlier report names the unit otherwise (renamed, or read without a
    name), that name is replaced in its text too, so that it is still masked as the unit's own."""
    names: dict[str, str] = {}
    for f in found:
        if f.year == year:
            names[f.key] = f.report.agency if f.report.named else f.unit.name
    for f in found:
        names.setdefault(f.key, f.unit.name)
    out: list[Report] = []
    for f in found:
        name = names[f.key]
        report = f.report
        if report.agency != name:
            old = report.agency if report.named else ""
            sections = [
                Section(s.number, s.title, s.text.replace(old, name) if old else s.text)
                for s in report.sections
            ]
            report = dataclasses.replace(report, agency=name, sections=sections)
        out.append(report)
    return out


ACROSS_YEARS = frozenset(rule.code for rule in BY_CODE.values() if rule.group is Group.ACROSS_YEARS)


def _unit_checks(
    on: OnFile, report: Report, previous: Report | None, first: dict[int, dt.date]
) -> Iterator[Finding]:
    truncated = any(f.get("code") == Code.TRUNCATED for f in on.findings)
    yield from supervisor_checks(report, previous, truncated=truncated)
    if previous is not None:
        yield from (f for f in check(report, previous) if f.code in ACROSS_YEARS)
    published = first.get(on.unit.agency_id or 0) if on.source == "platform" else on.published_on
    due = on.unit.due(on.year)
    if published is not None and published > due and not _said_late(on):
        late = (published - due).days
        where = "平台记录的发布日期" if on.source == "platform" else "报告所署日期"
        yield Finding(
            Code.DEADLINE,
            Severity.ERROR,
            f"按名单，报告应于{_cn(due)}前公开；{where}为{_cn(published)}，逾期{late}天",
            values={"published": published.isoformat(), "due": due.isoformat(), "late_days": late},
        )


def _said_late(on: OnFile) -> bool:
    """The checker already said, from the report's own date, that it was published late."""
    return any(f.get("code") == Code.DEADLINE and f.get("severity") == Severity.ERROR for f in on.findings)


def _cn(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _as_dict(finding: Finding, n: int) -> dict[str, Any]:
    return finding.to_dict() | {"by": BY, "key": f"s{n}"}
