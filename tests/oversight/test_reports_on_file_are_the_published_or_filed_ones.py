"""What a supervisor has on file for a year: a platform unit's published (else filed) report,
never a draft; for a unit known only by name, the file collected and matched to it. Worked out
from the setup below: 东风镇 published, 自然资源局 filed, 教育局 a draft, 财政局 nothing,
公积金中心 (not on the platform) a collected text file of 312 items proactively published."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from gongkai.agencies.models import Level
from gongkai.annual_report.importers import load_bytes
from gongkai.annual_report.renderers.json import render_json
from gongkai.oversight import actions
from gongkai.oversight.models import CollectedReport, CollectedState, UnitKind
from gongkai.oversight.on_file import reports_on_file
from tests.oversight.oversight_fixtures import Tree, day, draft, file, publish, tree
from tests.travel import travel_to

pytestmark = pytest.mark.django_db
__all__ = ["tree"]

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "2020-示例县文化和旅游局-每格一行.txt"


def _collected(t: Tree, unit_name: str, year: int) -> CollectedReport:
    data = EXAMPLE.read_bytes()
    report = load_bytes(data, EXAMPLE.name).report
    unit = t.county.report_rosters.get(year=year).units.get(name=unit_name)
    return CollectedReport.objects.create(
        supervisor=t.county,
        unit=unit,
        state=CollectedState.MATCHED,
        filename=EXAMPLE.name,
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        first_seen=timezone.now(),
        named_agency=report.agency,
        year=report.year,
        content=json.loads(render_json(report), parse_float=str),
    )


def test_published_filed_and_collected_reports_are_on_file_and_drafts_are_not(tree: Tree) -> None:
    t = tree
    with travel_to(day(2026, 1, 10)):
        roster = actions.build_roster(acting_user=t.supervisor, agency=t.county, year=2025)
        actions.add_unit(
            acting_user=t.supervisor,
            roster=roster,
            version=roster.version,
            name="示例县住房公积金管理中心",
            kind=UnitKind.OTHER,
            level=Level.COUNTY,
            parent_name="示例县人民政府",
        )
    with travel_to(day(2026, 1, 15)):
        publish(file(t.town, t.supervisor), t.supervisor)
    with travel_to(day(2026, 1, 18)):
        file(t.land, t.supervisor)
        draft(t.education, t.supervisor)
    collected = _collected(t, "示例县住房公积金管理中心", 2025)

    with CaptureQueriesContext(connection) as queries:
        found = reports_on_file(t.county)
    assert len(queries) == 4  # rosters, units, the platform's reports, the collected files

    by_name = {f.unit.name: f for f in found}
    assert set(by_name) == {"示例县东风镇人民政府", "示例县自然资源局", "示例县住房公积金管理中心"}
    assert by_name["示例县东风镇人民政府"].published_on == day(2026, 1, 15)
    assert by_name["示例县自然资源局"].source == "platform"
    assert by_name["示例县自然资源局"].published_on is None
    fund = by_name["示例县住房公积金管理中心"]
    assert (fund.source, fund.record_id) == ("collected", collected.pk)
    assert fund.key == "name:示例县住房公积金管理中心"
    # the example file's own year and its first section's sentence, read back from the stored JSON
    assert fund.report.year == 2020
    assert "312条" in fund.report.sections[0].text


def test_a_collected_file_never_hides_the_platforms_own_report(tree: Tree) -> None:
    t = tree
    with travel_to(day(2026, 1, 10)):
        actions.build_roster(acting_user=t.supervisor, agency=t.county, year=2025)
    with travel_to(day(2026, 1, 15)):
        published = publish(file(t.town, t.supervisor), t.supervisor)
    _collected(t, "示例县东风镇人民政府", 2025)

    (town,) = [f for f in reports_on_file(t.county, [2025]) if f.unit.name == "示例县东风镇人民政府"]
    assert (town.source, town.record_id) == ("platform", published.pk)
    assert reports_on_file(t.county, [2024]) == []
