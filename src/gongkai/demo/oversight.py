"""The demo county's 上级监督 at work: 示例县人民政府's rosters of 2024 and 2025 and the reports of
its units that are not on the platform, collected, only through `gongkai.oversight`'s actions.

The roster of a year holds the county's two bureaus on the platform (示例县文化和旅游局,
示例县市场监督管理局) and the 21 units of :mod:`.oversight_files` known only by name (8 townships,
13 departments), plus 示例县人民防空办公室, excluded both years (it publishes with 住建局); in 2025
示例县乡村振兴局 is excluded too (merged into 农业农村局).

- 2026-01-05: 吴静 (``county_supervisor``) builds the 2024 roster from the agency tree, adds the
  units known only by name, and uploads one ZIP of their 2024 reports, gathered from their
  websites (text, HTML, Word and PDF files); every file is matched by the name it signs.
- 2026-02-03, after the January 31 deadline: she copies the roster into 2025, excludes the merged
  bureau, and uploads the 2025 reports as she finds them: the townships' files together, the
  departments' together, and last one file alone, signed 示例县人社局: a short name, so that file
  waits for her word (待确认), and she confirms it is 示例县人力资源和社会保障局's.
  示例县南山乡人民政府 has published nothing: 未找到 on the board.

The defects the files carry, and so the findings the board shows, are listed in
:mod:`.oversight_files`. Each step is done on its day (`core.time.pinned`), and not at all when
the demo is loaded on an earlier day.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import User

from gongkai.agencies.models import Agency, Level, Role
from gongkai.core import time
from gongkai.oversight import actions, collect
from gongkai.oversight.models import BatchSource, CollectedReport, CollectedState, Roster, UnitKind

from . import oversight_files as files
from .agencies import Tree

COLLECTED_2024 = dt.date(2026, 1, 5)
COLLECTED_2025 = dt.date(2026, 2, 3)
KINDS = {"government": UnitKind.GOVERNMENT, "department": UnitKind.DEPARTMENT, "other": UnitKind.OTHER}
LEVELS = {"county": Level.COUNTY, "township": Level.TOWNSHIP}


@dataclass(frozen=True)
class Collected:
    rosters: int = 0
    roster_only: int = 0  # units known only by name, on the newest roster (excluded ones too)
    files: int = 0  # files collected
    matched: int = 0


def build(tree: Tree, today: dt.date, seed: int = 2025) -> Collected:
    """The county supervisor's two rosters and collected files, as far as `today` lets them go."""
    county = tree.agencies["county"]
    supervisor = tree.person("county", Role.SUPERVISOR)
    if today < COLLECTED_2024:
        return Collected()
    made = files.report_files(seed)
    with time.pinned(COLLECTED_2024):
        roster = _roster_2024(supervisor, county)
        archive = files.zipped([f for f in made if f.year == 2024])
        batch = collect.start_batch(
            acting_user=supervisor,
            supervisor=county,
            year=2024,
            source=BatchSource.ZIP,
            files=[("2024年度各单位政府信息公开工作年度报告.zip", archive)],
        )
        collect.process(batch)
    if today >= COLLECTED_2025:
        with time.pinned(COLLECTED_2025):
            roster = _roster_2025(supervisor, county)
            for upload in _uploads_2025(made):
                batch = collect.start_batch(
                    acting_user=supervisor,
                    supervisor=county,
                    year=2025,
                    source=BatchSource.FILES,
                    files=[(one.filename, one.data) for one in upload],
                )
                collect.process(batch)
            _confirm_uncertain(supervisor, roster)
    return summary(county)


def _uploads_2025(made: list[files.ReportFile]) -> list[list[files.ReportFile]]:
    """The 2025 files as she found them: the townships' together, the departments' together, and
    the one signed with a short name, found last, alone."""
    this_year = [f for f in made if f.year == 2025]
    late = [f for f in this_year if (f.unit.name, f.year) == files.UNCERTAIN]
    rest = [f for f in this_year if f not in late]
    return [
        [f for f in rest if f.unit.level == "township"],
        [f for f in rest if f.unit.level != "township"],
        late,
    ]


def _roster_2024(supervisor: User, county: Agency) -> Roster:
    roster = actions.build_roster(acting_user=supervisor, agency=county, year=2024)
    for unit in (*files.UNITS, None):
        name, kind, level = (
            (unit.name, KINDS[unit.kind], LEVELS[unit.level])
            if unit is not None
            else (files.CO_LOCATED, UnitKind.DEPARTMENT, Level.COUNTY)
        )
        roster.refresh_from_db()
        added = actions.add_unit(
            acting_user=supervisor,
            roster=roster,
            version=roster.version,
            name=name,
            kind=kind,
            level=level,
            parent_name=files.COUNTY,
        )
    roster.refresh_from_db()
    actions.exclude_unit(
        acting_user=supervisor,
        roster=roster,
        version=roster.version,
        unit_id=added.pk,
        reason=files.CO_LOCATED_REASON,
    )
    roster.refresh_from_db()
    return roster


def _roster_2025(supervisor: User, county: Agency) -> Roster:
    roster = actions.copy_roster(acting_user=supervisor, agency=county, year=2025, from_year=2024)
    merged = roster.units.get(name=files.MERGED)
    actions.exclude_unit(
        acting_user=supervisor,
        roster=roster,
        version=roster.version,
        unit_id=merged.pk,
        reason=files.MERGED_REASON,
    )
    roster.refresh_from_db()
    return roster


def _confirm_uncertain(supervisor: User, roster: Roster) -> None:
    """The file signed with a short name is the unit's whose short name it is."""
    name, year = files.UNCERTAIN
    unit = roster.units.get(name=name)
    waiting = CollectedReport.objects.filter(
        supervisor=roster.agency, year=year, state=CollectedState.UNCERTAIN
    ).order_by("id")
    for row in waiting:
        if row.named_agency == files.short_name(name):
            collect.confirm_match(acting_user=supervisor, collected=row, version=row.version, unit_id=unit.pk)


def summary(top: Agency) -> Collected:
    """What the supervisors at or below `top` have: their rosters and the files they collected."""
    rosters = Roster.objects.filter(agency__path__startswith=top.path)
    newest = rosters.order_by("-year").first()
    collected = CollectedReport.objects.filter(supervisor__path__startswith=top.path)
    return Collected(
        rosters=rosters.count(),
        roster_only=newest.units.filter(agency__isnull=True).count() if newest else 0,
        files=collected.count(),
        matched=collected.filter(state=CollectedState.MATCHED).count(),
    )
