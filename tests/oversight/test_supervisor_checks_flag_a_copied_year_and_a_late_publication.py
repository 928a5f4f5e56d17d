"""The supervisor's checks over a county's roster (上级检查), worked out by hand.

Rosters for 2024 and 2025. Two units known only by name, each with a collected file per year
(the hand-made narratives of tests/report/similarity_pairs.py):

- 示例县规划服务中心: 2025 is its 2024 text with this year's figures typed in (照搬), and its
  file says it was published on 2026-02-20, 20 days after its January 31 deadline;
- 示例县测绘院: 2025 written anew (独立撰写; one sentence repeats its 2024 report), published
  2026-01-20, on time.

On the platform, 东风镇 (a township: January 31) published its report on 2026-02-10: 10 days late,
which its record's own findings already say (the check adds nothing twice).
The tables are empty, so no arithmetic, across-years or jump finding; sections 一 and 五 have text.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from unittest import mock

import pytest
from django.utils import timezone

from gongkai.agencies.models import Level
from gongkai.annual_report.renderers.json import render_json
from gongkai.oversight import actions, checks
from gongkai.oversight.models import CollectedReport, CollectedState, Roster, SupervisionCache, UnitKind
from gongkai.reports.models import AnnualReport
from tests.oversight.oversight_fixtures import Tree, board_rows, client_for, day, file, publish, tree
from tests.report import similarity_pairs as pairs
from tests.travel import travel_to

pytestmark = pytest.mark.django_db
__all__ = ["tree"]

PLANNING = "示例县规划服务中心"
SURVEY = "示例县测绘院"


def _collect(
    t: Tree, unit: str, year: int, overview: str, problems: str, published: dt.date
) -> CollectedReport:
    report = pairs.report(unit, year, overview, problems)
    content = json.loads(render_json(report), parse_float=str)
    digest = hashlib.sha256(json.dumps(content, ensure_ascii=False).encode()).hexdigest()
    return CollectedReport.objects.create(
        supervisor=t.county,
        unit=t.county.report_rosters.get(year=year).units.get(name=unit),
        state=CollectedState.MATCHED,
        filename=f"{unit}{year}.docx",
        sha256=digest,
        first_seen=timezone.now(),
        named_agency=unit,
        year=year,
        published_on=published,
        content=content,
    )


def _set_up(t: Tree) -> Roster:
    with travel_to(day(2026, 1, 5)):
        for year in (2024, 2025):
            roster = actions.build_roster(acting_user=t.supervisor, agency=t.county, year=year)
            for name in (PLANNING, SURVEY):
                roster.refresh_from_db()
                actions.add_unit(
                    acting_user=t.supervisor,
                    roster=roster,
                    version=roster.version,
                    name=name,
                    kind=UnitKind.OTHER,
                    level=Level.COUNTY,
                    parent_name="示例县人民政府",
                )
    _collect(t, PLANNING, 2024, pairs.OVERVIEW_2024, pairs.PROBLEMS_2024, day(2025, 1, 20))
    _collect(t, SURVEY, 2024, pairs.OVERVIEW_2024, pairs.PROBLEMS_2024, day(2025, 1, 22))
    _collect(t, PLANNING, 2025, pairs.OVERVIEW_2025_COPIED, pairs.PROBLEMS_2025_COPIED, day(2026, 2, 20))
    _collect(t, SURVEY, 2025, pairs.OVERVIEW_2025_HONEST, pairs.PROBLEMS_2025_HONEST, day(2026, 1, 20))
    with travel_to(day(2026, 1, 25)):
        report = file(t.town, t.supervisor)
    with travel_to(day(2026, 2, 10)):
        publish(report, t.supervisor)
    return Roster.objects.get(agency=t.county, year=2025)


def _by_name(roster: Roster) -> dict[str, list[dict[str, object]]]:
    found = checks.roster_checks(roster).findings
    names = {u.pk: u.name for u in roster.units.all()}
    return {names[pk]: f for pk, f in found.items()}


def test_a_copied_year_is_flagged_with_the_shared_passage_and_a_rewritten_one_is_not(tree: Tree) -> None:
    roster = _set_up(tree)
    found = _by_name(roster)

    copied = [f for f in found[PLANNING] if f["code"] == "similarity"]
    assert len(copied) == 1
    values = copied[0]["values"]
    assert isinstance(values, dict)
    assert (values["verdict"], values["relation"], values["other_year"]) == ("copied", "earlier-year", 2024)
    longest = values["passages"][0]
    assert "主动公开政府信息141条" in longest["text"]  # this year's figure ...
    assert "主动公开政府信息126条" in longest["other_text"]  # ... in last year's sentence
    assert copied[0]["by"] == "supervisor"
    assert not any(f["code"] == "similarity" for f in found.get(SURVEY, []))


def test_publication_after_the_rosters_deadline_is_an_error_with_the_days_late(tree: Tree) -> None:
    roster = _set_up(tree)
    found = _by_name(roster)

    (planning_late,) = [f for f in found[PLANNING] if f["code"] == "deadline"]
    assert planning_late["severity"] == "error"
    assert (
        planning_late["message"]
        == "按名单，报告应于2026年1月31日前公开；报告所署日期为2026年2月20日，逾期20天"
    )
    # 东风镇's record already says so (the checker ran again on publication, with its date): not twice
    assert "示例县东风镇人民政府" not in found
    town = AnnualReport.objects.get(agency=tree.town, year=2025)
    assert [f["code"] for f in town.findings if f["severity"] == "error"] == ["deadline"]
    assert SURVEY not in found  # on time, written anew: nothing to say
    # exactly these: the copy and its lateness, the township's lateness
    assert sorted(f["code"] for f in found[PLANNING]) == ["deadline", "similarity"]


def test_the_board_counts_the_supervisors_findings_and_labels_them(tree: Tree) -> None:
    roster = _set_up(tree)
    url = f"/work/oversight/{tree.county.pk}/2025/"
    with travel_to(day(2026, 3, 1)):
        rows = board_rows(tree.supervisor, url)
        html = client_for(tree.supervisor).get(url).content.decode()
    planning = rows[PLANNING]
    assert (planning["errors"], planning["warnings"]) == ("1", "1")
    assert planning["rules"].startswith("deadline、similarity 上级检查：deadline、similarity（2条）")
    assert rows["示例县东风镇人民政府"]["rules"] == "deadline"  # its record's own, no 上级检查 line
    assert rows[SURVEY]["rules"] == ""
    planning_unit = roster.units.get(name=PLANNING)
    assert f"/work/oversight/{tree.county.pk}/2025/checks/{planning_unit.pk}/" in html


def test_the_units_page_shows_the_shared_passages_side_by_side(tree: Tree) -> None:
    roster = _set_up(tree)
    unit = roster.units.get(name=PLANNING)
    with travel_to(day(2026, 3, 1)):
        response = client_for(tree.supervisor).get(f"/work/oversight/{tree.county.pk}/2025/checks/{unit.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    table = re.search(r'<table class="cases passages">(.*?)</table>', html, re.S)
    assert table is not None
    assert "右为本单位2024年度报告" in table.group(1)
    assert "主动公开政府信息141条" in table.group(1)
    assert "主动公开政府信息126条" in table.group(1)


def test_the_checks_are_kept_until_a_report_on_file_changes(tree: Tree) -> None:
    roster = _set_up(tree)
    with mock.patch.object(checks, "compute", wraps=checks.compute) as computed:
        checks.roster_checks(roster)
        checks.roster_checks(roster)
        assert computed.call_count == 1
        assert SupervisionCache.objects.filter(roster=roster).count() == 1
        # a new file for 测绘院's 2025: its 2024 report with this year's figures, as 规划服务中心's
        _collect(tree, SURVEY, 2025, pairs.OVERVIEW_2025_COPIED, pairs.PROBLEMS_2025_COPIED, day(2026, 1, 21))
        again = checks.roster_checks(roster)
        assert computed.call_count == 2
    survey = roster.units.get(name=SURVEY)
    relations = sorted(
        f["values"]["relation"] for f in again.for_unit(survey.pk) if f["code"] == "similarity"
    )
    assert relations == ["earlier-year", "peer"]  # its own 2024, and 规划服务中心's 2025 (the same copy)
    assert SupervisionCache.objects.filter(roster=roster).count() == 1
