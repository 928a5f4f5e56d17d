"""The scores page of the county's 2025 roster, worked out by hand, with the supervisor's rubric:
报送逾期 −10, 发布逾期 −5, 要素缺失 −5, 雷同 −5, 退回未整改 −20. Deadline 2026-01-31 for all
(bureaus, a township and a unit known only by name); scored on 2026-03-01.

- 东风镇: filed 01-25, published 02-10                → 100 − 5 = 95
- 规划服务中心 (not on the platform, nothing collected) → not published: 100 − 5 = 95
- 教育局: a draft only                                 → not filed, not published: 100 − 10 − 5 = 85
- 财政局: filed 02-05, published 02-06                → 100 − 10 − 5 = 85
- 自然资源局: filed 01-20, returned 01-22, not filed again → 100 − 20 − 5 = 75
"""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.utils import timezone

from gongkai.agencies.models import Level
from gongkai.oversight import actions
from gongkai.oversight.models import CollectedReport, CollectedState, Roster, ScoringRubric, UnitKind
from gongkai.oversight.scoring_facts import roster_scores
from gongkai.reports import actions as report_actions
from tests.oversight.oversight_fixtures import Tree, client_for, day, draft, file, publish, tree
from tests.travel import travel_to

pytestmark = pytest.mark.django_db
__all__ = ["tree"]

RUBRIC = {
    "filed_late": "10",
    "published_late": "5",
    "elements_missing": "5",
    "similarity": "5",
    "returned_unfixed": "20",
}


def _set_up(t: Tree) -> Roster:
    with travel_to(day(2026, 1, 5)):
        roster = actions.build_roster(acting_user=t.supervisor, agency=t.county, year=2025)
        actions.add_unit(
            acting_user=t.supervisor,
            roster=roster,
            version=roster.version,
            name="示例县规划服务中心",
            kind=UnitKind.OTHER,
            level=Level.COUNTY,
        )
        draft(t.education, t.supervisor)
    with travel_to(day(2026, 1, 20)):
        land = file(t.land, t.supervisor)
    with travel_to(day(2026, 1, 22)):
        report_actions.return_with_comments(
            acting_user=t.supervisor, report=land, version=land.version, comments="表三不平衡，请核对"
        )
    with travel_to(day(2026, 1, 25)):
        town = file(t.town, t.supervisor)
    with travel_to(day(2026, 2, 5)):
        finance = file(t.finance, t.supervisor)
    with travel_to(day(2026, 2, 6)):
        publish(finance, t.supervisor)
    with travel_to(day(2026, 2, 10)):
        publish(town, t.supervisor)
    return Roster.objects.get(agency=t.county, year=2025)


def _url(t: Tree, tail: str = "scores/") -> str:
    return f"/work/oversight/{t.county.pk}/2025/{tail}"


def _scores(html: str) -> list[tuple[str, str, str]]:
    """(rank, unit, total) per row, as a reader sees them."""
    rows = []
    for unit, body in re.findall(r'<tr class="score-row" data-unit="([^"]+)">(.*?)</tr>', html, re.S):
        rank = re.search(r'class="score-rank">(\d+)<', body)
        total = re.search(r'class="score-total"><strong>(\d+)<', body)
        assert rank
        assert total
        rows.append((rank.group(1), unit, total.group(1)))
    return rows


def test_the_rubric_is_set_and_the_scores_are_ranked_as_worked_out_by_hand(tree: Tree) -> None:
    _set_up(tree)
    client = client_for(tree.supervisor)
    with travel_to(day(2026, 3, 1)):
        response = client.post(_url(tree, "scores/rubric/"), RUBRIC | {"version": "0"})
        assert response.status_code == 302
        page = client.get(_url(tree))
    assert page.status_code == 200
    html = page.content.decode()
    assert "扣分标准（第1版，2026-03-01 " in html
    assert _scores(html) == [
        ("1", "示例县东风镇人民政府", "95"),
        ("1", "示例县规划服务中心", "95"),
        ("3", "示例县教育局", "85"),
        ("3", "示例县财政局", "85"),
        ("5", "示例县自然资源局", "75"),
    ]
    assert (
        "由county_supervisor修改）：报送逾期 −10分；发布逾期 −5分；要素缺失 −5分；雷同 −5分；退回未整改 −20分"
        in html
    )


def test_a_deduction_links_to_its_evidence_on_the_units_page(tree: Tree) -> None:
    roster = _set_up(tree)
    land = roster.units.get(name="示例县自然资源局")
    with travel_to(day(2026, 3, 1)):
        html = client_for(tree.supervisor).get(_url(tree, f"checks/{land.pk}/")).content.decode()
    evidence = re.search(r'<li id="deduction-returned_unfixed">(.*?)</li>\s*</ul>', html, re.S)
    assert evidence is not None
    assert "退回未整改 −5分" in evidence.group(1)  # the default rubric: none was set
    assert "2026年1月22日退回修改，至今未重新报送" in evidence.group(1)


def test_the_scores_download_as_a_workbook_with_the_same_rows(tree: Tree) -> None:
    _set_up(tree)
    client = client_for(tree.supervisor)
    with travel_to(day(2026, 3, 1)):
        client.post(_url(tree, "scores/rubric/"), RUBRIC | {"version": "0"})
        response = client.get(_url(tree, "scores.xlsx"))
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert sheet is not None
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("名次", "单位")
    assert rows[0][-3:] == ("扣分合计", "得分", "扣分依据")
    land = rows[5]
    assert land[:2] == (5, "示例县自然资源局")
    # 报送逾期, 发布逾期, 要素缺失, 雷同, 退回未整改, 扣分合计, 得分
    assert land[5:12] == (None, -5, None, None, -20, 25, 75)
    assert "2026年1月22日退回修改" in str(land[12])


def test_two_supervisors_saving_the_rubric_at_once_the_second_gets_409(tree: Tree) -> None:
    _set_up(tree)
    client = client_for(tree.supervisor)
    with travel_to(day(2026, 3, 1)):
        assert client.post(_url(tree, "scores/rubric/"), RUBRIC | {"version": "0"}).status_code == 302
        late = client.post(_url(tree, "scores/rubric/"), RUBRIC | {"version": "0", "similarity": "9"})
        assert late.status_code == 409
        assert "考评扣分标准已被他人修改" in late.content.decode()
        assert ScoringRubric.objects.get().similarity == 5
        again = client.post(_url(tree, "scores/rubric/"), RUBRIC | {"version": "1", "similarity": "9"})
        assert again.status_code == 302
    rubric = ScoringRubric.objects.get()
    assert (rubric.version, rubric.similarity) == (2, 9)
    assert [e.data["changed"] for e in rubric.events.order_by("id")] == [
        {"filed_late": [5, 10], "returned_unfixed": [5, 20]},
        {"similarity": [5, 9]},
    ]


def test_a_negative_deduction_is_refused_with_a_chinese_message_and_nothing_saved(tree: Tree) -> None:
    _set_up(tree)
    with travel_to(day(2026, 3, 1)):
        response = client_for(tree.supervisor).post(
            _url(tree, "scores/rubric/"), RUBRIC | {"version": "0", "published_late": "-3"}
        )
    assert response.status_code == 400
    assert "扣分不能小于0" in response.content.decode()
    assert not ScoringRubric.objects.exists()


def test_only_the_countys_supervisor_sees_its_scores_and_sets_its_rubric(tree: Tree) -> None:
    roster = _set_up(tree)
    unit = roster.units.get(name="示例县教育局")
    with travel_to(day(2026, 3, 1)):
        for user in (tree.other_supervisor, tree.land_clerk):
            client = client_for(user)
            for tail in ("scores/", "scores.xlsx", f"checks/{unit.pk}/"):
                assert client.get(_url(tree, tail)).status_code == 404, (user, tail)
            assert client.post(_url(tree, "scores/rubric/"), RUBRIC | {"version": "0"}).status_code == 404
        anonymous = client_for(tree.supervisor)
        anonymous.logout()
        assert anonymous.get(_url(tree)).status_code == 302
        # the other county's supervisor on its own county: a unit of this roster is not there
        other = client_for(tree.other_supervisor)
        actions.build_roster(acting_user=tree.other_supervisor, agency=tree.other_county, year=2025)
        assert other.get(f"/work/oversight/{tree.other_county.pk}/2025/checks/{unit.pk}/").status_code == 404
    assert not ScoringRubric.objects.exists()


def test_a_year_before_the_platform_is_not_deducted_for_filing_on_it(tree: Tree) -> None:
    """2024: 东风镇 was not on the platform yet; the supervisor collected its published file (dated
    2025-01-20, on time). It filed nothing on the platform and is not deducted for it: 100. The
    three bureaus have nothing for 2024: not filed, not published, 100 − 5 − 5 = 90 (default rubric)."""
    with travel_to(day(2025, 1, 5)):
        roster = actions.build_roster(acting_user=tree.supervisor, agency=tree.county, year=2024)
    content = {"agency": tree.town.name, "year": 2024, "edition": "E2021", "sections": [], "tables": {}}
    CollectedReport.objects.create(
        supervisor=tree.county,
        unit=roster.units.get(agency=tree.town),
        state=CollectedState.MATCHED,
        filename="东风镇2024.pdf",
        sha256="0" * 64,
        first_seen=timezone.now(),
        named_agency=tree.town.name,
        year=2024,
        published_on=day(2025, 1, 20),
        content=content,
    )
    found, _, _ = roster_scores(roster, day(2025, 3, 1))
    assert [(s.facts.name, s.total) for s in found] == [
        ("示例县东风镇人民政府", 100),
        ("示例县自然资源局", 90),
        ("示例县教育局", 90),
        ("示例县财政局", 90),
    ]
