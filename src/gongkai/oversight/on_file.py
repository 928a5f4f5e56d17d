"""The reports a supervisor has on file: for each year with a roster, each unit's report as a
``Report`` — what the roll-up, the comparisons, the supervisor's checks, the scores and the open
data all read.

A unit on the platform is represented by its newest published revision, else its newest revision
whose content is frozen (filed and after); a draft is not on file. Where the platform has no such
revision (a year before the agency joined), or for a unit known only by name, the newest file
collected for it and matched to it is used.

A unit is the same unit across years by ``key``: its agency on the platform, else its name.
Four queries whatever the number of years and units: the rosters, their units, the platform's
reports, the collected files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal

from gongkai.agencies.models import Agency
from gongkai.annual_report.model import Report
from gongkai.reports.models import AnnualReport
from gongkai.reports.models import Status as ReportStatus

from .models import CollectedReport, CollectedState, Roster, RosterUnit

ON_FILE_FIELDS = ("id", "agency", "year", "revision", "status", "content", "findings", "published_on")


@dataclass(frozen=True)
class OnFile:
    unit: RosterUnit  # the roster row of that year (name, kind, level as they were then)
    year: int
    report: Report
    findings: list[dict[str, Any]]  # the checker's (and the reader's) findings stored with the record
    source: Literal["platform", "collected"]
    record_id: int  # an AnnualReport's id, or a CollectedReport's
    published_on: dt.date | None

    @property
    def key(self) -> str:
        return unit_key(self.unit)


def unit_key(unit: RosterUnit) -> str:
    """The same unit across the years' rosters: its agency, else its name."""
    return f"agency:{unit.agency_id}" if unit.agency_id is not None else f"name:{unit.name}"


def reports_on_file(supervisor: Agency, years: Iterable[int] | None = None) -> list[OnFile]:
    """Every non-excluded unit's report on file, over the given years (all years with a roster
    when None), ordered by year and then by the roster's order. Units without a report on file
    for a year are absent: the roster says who should have one."""
    rosters = Roster.objects.filter(agency=supervisor)
    if years is not None:
        rosters = rosters.filter(year__in=list(years))
    by_roster = {r.id: r.year for r in rosters}
    units = list(
        RosterUnit.objects.filter(roster_id__in=by_roster, excluded=False).order_by("roster_id", "id")
    )
    year_of = {u.id: by_roster[u.roster_id] for u in units}
    agency_ids = {u.agency_id for u in units if u.agency_id is not None}

    platform: dict[tuple[int, int], AnnualReport] = {}
    rows = (
        AnnualReport.objects.filter(
            agency_id__in=agency_ids, year__in=set(by_roster.values()), content__isnull=False
        )
        .only(*ON_FILE_FIELDS)
        .order_by("revision")
    )
    for row in rows:
        key = (row.agency_id, row.year)
        held = platform.get(key)
        if held is None or held.status != ReportStatus.PUBLISHED or row.status == ReportStatus.PUBLISHED:
            platform[key] = row  # newest revision wins, a published one over any unpublished

    collected: dict[int, CollectedReport] = {}
    matched = CollectedReport.objects.filter(unit_id__in=year_of, state=CollectedState.MATCHED)
    for one in matched.only("id", "unit_id", "content", "findings", "published_on").order_by("id"):
        if one.unit_id is not None:
            collected[one.unit_id] = one  # the newest matched file

    found: list[OnFile] = []
    for unit in sorted(units, key=lambda u: (year_of[u.id], u.id)):
        year = year_of[unit.id]
        record = platform.get((unit.agency_id, year)) if unit.agency_id is not None else None
        if record is not None and record.content is not None:
            found.append(
                OnFile(
                    unit,
                    year,
                    Report.from_dict(record.content),
                    list(record.findings),
                    "platform",
                    record.id,
                    record.published_on,
                )
            )
        elif (kept := collected.get(unit.id)) is not None and kept.content is not None:
            found.append(
                OnFile(
                    unit,
                    year,
                    Report.from_dict(kept.content),
                    list(kept.findings),
                    "collected",
                    kept.id,
                    kept.published_on,
                )
            )
    return found
