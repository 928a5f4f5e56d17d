"""What the year's 考评 reads of each unit on a roster (scoring.UnitFacts), and the rubric in
force: the supervisor's checks (checks.roster_checks), the days each platform report was filed,
returned and first published, and the reports on file with their findings.

Two queries beside the checks: the year's report records of the units on the platform (their
origin) and their filing and return events.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from gongkai.agencies.models import Agency
from gongkai.reports.models import AnnualReport, EventKind, Origin, ReportEvent

from .checks import Checked, roster_checks
from .models import Roster, RosterUnit, ScoringRubric
from .on_file import OnFile
from .scoring import DEFAULT_POINTS, Item, Rubric, UnitFacts, UnitScore, score


def rubric_of(agency: Agency, year: int) -> ScoringRubric | None:
    return ScoringRubric.objects.filter(agency=agency, year=year).first()


def as_rubric(row: ScoringRubric | None) -> Rubric:
    if row is None:
        return Rubric(dict(DEFAULT_POINTS))
    return Rubric({item: int(getattr(row, item.value)) for item in Item})


def unit_facts(roster: Roster, checked: Checked) -> list[UnitFacts]:
    units = list(roster.units.filter(excluded=False).order_by("id"))
    agencies = [u.agency_id for u in units if u.agency_id is not None]
    origins: dict[int, set[str]] = {}
    for agency_id, origin in AnnualReport.objects.filter(
        agency_id__in=agencies, year=roster.year
    ).values_list("agency_id", "origin"):
        origins.setdefault(agency_id, set()).add(origin)
    filed: dict[int, dt.date] = {}
    last: dict[int, tuple[int, str, dt.date | None]] = {}  # agency → (revision, kind, on) of its newest event
    events = (
        ReportEvent.objects.filter(
            report__agency_id__in=agencies,
            report__year=roster.year,
            kind__in=(EventKind.FILED, EventKind.SUPERVISOR_RETURNED),
        )
        .values_list("report__agency_id", "report__revision", "kind", "on")
        .order_by("at", "id")
    )
    for agency_id, revision, kind, on in events:
        if kind == EventKind.FILED and on is not None and (agency_id not in filed or on < filed[agency_id]):
            filed[agency_id] = on
        if agency_id not in last or revision >= last[agency_id][0]:
            last[agency_id] = (revision, kind, on)
    out = []
    for unit in units:
        on_file = checked.on_file.get(unit.id)
        findings = (list(on_file.findings) if on_file else []) + checked.for_unit(unit.id)
        newest = last.get(unit.agency_id or 0)
        returned = newest[2] if newest is not None and newest[1] == EventKind.SUPERVISOR_RETURNED else None
        out.append(
            UnitFacts(
                unit_id=unit.id,
                name=unit.name,
                due=unit.due(roster.year),
                files_on_platform=_files_here(unit, origins, on_file),
                filed_on=filed.get(unit.agency_id or 0),
                published_on=_published(unit, on_file, checked),
                publication_unknown=on_file is not None
                and on_file.source == "collected"
                and on_file.published_on is None,
                returned_on=returned,
                findings=findings,
                report=f"{on_file.source}:{on_file.record_id}" if on_file else "",
            )
        )
    return out


def _files_here(unit: RosterUnit, origins: dict[int, set[str]], on_file: OnFile | None) -> bool:
    """A unit on the platform files its report to the supervisor, unless its report of the year
    is one imported from the file it published, or a file the supervisor collected while the
    platform had no record of it (a year before it joined)."""
    if unit.agency_id is None:
        return False
    found = origins.get(unit.agency_id, set())
    if Origin.COMPOSED in found:
        return True
    return not found and (on_file is None or on_file.source != "collected")


def _published(unit: RosterUnit, on_file: Any, checked: Checked) -> dt.date | None:
    if unit.agency_id is not None and unit.agency_id in checked.first_published:
        return checked.first_published[unit.agency_id]
    if on_file is not None and on_file.source == "collected":
        published: dt.date | None = on_file.published_on
        return published
    return None


def roster_scores(
    roster: Roster, today: dt.date, checked: Checked | None = None
) -> tuple[list[UnitScore], Rubric, ScoringRubric | None]:
    """The roster's units scored on `today`, with the rubric in force (and its row, if set)."""
    checked = checked if checked is not None else roster_checks(roster)
    row = rubric_of(roster.agency, roster.year)
    rubric = as_rubric(row)
    return score(unit_facts(roster, checked), rubric, today), rubric, row
