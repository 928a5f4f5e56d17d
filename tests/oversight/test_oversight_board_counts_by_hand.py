"""The board of a small county, worked out by hand: five units on the roster (three bureaus, a
township and a unit not on the platform), one more excluded; each unit's status before and after
the January 31 deadline, the findings stored with each report, the filters and 只看问题."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.agencies.models import Level
from gongkai.oversight import actions
from gongkai.oversight.models import Roster, RosterUnit, UnitKind
from gongkai.oversight.selectors import board
from tests.factories import AgencyFactory
from tests.oversight.oversight_fixtures import (
    Tree,
    board_rows,
    client_for,
    day,
    draft,
    file,
    publish,
    tree,
    with_findings,
)
from tests.travel import travel_to

pytestmark = pytest.mark.django_db
__all__ = ["tree"]


def _county_year(t: Tree) -> str:
    return f"/work/oversight/{t.county.pk}/2025/"


def _set_up(t: Tree) -> None:
    """On 2026-01-20: 自然资源局 filed (2 errors, 1 warning), 教育局 a draft (1 warning),
    财政局 nothing, 东风镇 published on the 15th (no findings); 公积金中心 is not on the
    platform; 已撤销的示例县粮食局 is excluded."""
    with travel_to(day(2026, 1, 10)):
        roster = actions.build_roster(acting_user=t.supervisor, agency=t.county, year=2025)
        roster = actions.add_unit(
            acting_user=t.supervisor,
            roster=roster,
            version=roster.version,
            name="示例县住房公积金管理中心",
            kind=UnitKind.OTHER,
            level=Level.COUNTY,
            parent_name="示例县人民政府",
        ).roster
        gone = actions.add_unit(
            acting_user=t.supervisor,
            roster=roster,
            version=roster.version,
            name="示例县粮食局",
            kind=UnitKind.DEPARTMENT,
            level=Level.COUNTY,
        )
        roster.refresh_from_db()
        actions.exclude_unit(
            acting_user=t.supervisor,
            roster=roster,
            version=roster.version,
            unit_id=gone.pk,
            reason="2024年已撤销，并入发展改革局",
        )
    with travel_to(day(2026, 1, 15)):
        publish(file(t.town, t.supervisor), t.supervisor)
    with travel_to(day(2026, 1, 18)):
        with_findings(file(t.land, t.supervisor), errors=2, warnings=1)
        with_findings(draft(t.education, t.supervisor), errors=0, warnings=1)


def test_before_the_deadline_each_unit_shows_where_its_report_stands(tree: Tree) -> None:
    _set_up(tree)
    with travel_to(day(2026, 1, 20)):
        rows = board_rows(tree.supervisor, _county_year(tree))
        html = client_for(tree.supervisor).get(_county_year(tree)).content.decode()
    assert rows == {
        "示例县自然资源局": {
            "status": "已报送",
            "errors": "2",
            "warnings": "1",
            "rules": "balance、narrative",
        },
        "示例县教育局": {"status": "草稿", "errors": "0", "warnings": "1", "rules": "narrative"},
        "示例县财政局": {"status": "未开始", "errors": "0", "warnings": "0", "rules": ""},
        "示例县东风镇人民政府": {"status": "已发布", "errors": "0", "warnings": "0", "rules": ""},
        "示例县住房公积金管理中心": {"status": "未找到", "errors": "0", "warnings": "0", "rules": ""},
    }
    counts = dict(re.findall(r'class="count-([a-z_]+)">(\d+)</td>', html))
    # 未开始 1 (财政局), 草稿 1 (教育局), 已报送 1 (自然资源局), 已发布 1 (东风镇), 未找到 1 (公积金中心);
    # errors 2 and warnings 1 + 1 = 2.
    assert counts == {
        "not_started": "1",
        "draft": "1",
        "filed": "1",
        "returned": "0",
        "published": "1",
        "overdue": "0",
        "not_found": "1",
        "errors": "2",
        "warnings": "2",
    }
    assert "示例县粮食局：2024年已撤销，并入发展改革局" in html
    # The rule filter offers the rules found, each by its title in the registry.
    assert '<option value="balance">收结平衡（balance）</option>' in html
    # Each platform unit with a report links to its report page; the others link nowhere.
    assert re.search(r'<a href="/work/reports/\d+/">示例县自然资源局</a>', html)
    assert "<a href" not in html.split('data-unit="示例县住房公积金管理中心"')[1].split("</th>")[0]


def test_after_the_deadline_what_is_not_published_is_overdue(tree: Tree) -> None:
    _set_up(tree)
    with travel_to(day(2026, 2, 1)):
        rows = board_rows(tree.supervisor, _county_year(tree))
    assert {unit: row["status"] for unit, row in rows.items()} == {
        "示例县自然资源局": "逾期",
        "示例县教育局": "逾期",
        "示例县财政局": "逾期",
        "示例县东风镇人民政府": "已发布",
        "示例县住房公积金管理中心": "未找到",
    }


def test_the_filters_and_only_problems(tree: Tree) -> None:
    _set_up(tree)
    url = _county_year(tree)
    with travel_to(day(2026, 1, 20)):
        assert list(board_rows(tree.supervisor, url + "?level=township")) == ["示例县东风镇人民政府"]
        assert list(board_rows(tree.supervisor, url + "?kind=other")) == ["示例县住房公积金管理中心"]
        assert list(board_rows(tree.supervisor, url + "?status=draft")) == ["示例县教育局"]
        assert list(board_rows(tree.supervisor, url + "?rule=balance")) == ["示例县自然资源局"]
        # Problems: findings (自然资源局, 教育局) or a status that is one (未找到); not 财政局 (not
        # yet due) nor 东风镇 (published on time, nothing found).
        assert sorted(board_rows(tree.supervisor, url + "?problems=on")) == sorted(
            ["示例县自然资源局", "示例县教育局", "示例县住房公积金管理中心"]
        )
        # A filter value the form does not offer is ignored, never an error.
        assert len(board_rows(tree.supervisor, url + "?status=nonsense&rule=%3Cscript%3E")) == 5


def test_the_board_downloads_as_a_workbook_with_the_same_rows(tree: Tree) -> None:
    _set_up(tree)
    with travel_to(day(2026, 1, 20)):
        response = client_for(tree.supervisor).get(
            f"/work/oversight/{tree.county.pk}/2025/board.xlsx?problems=on"
        )
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = [[c.value for c in row] for row in sheet.iter_rows(min_row=2)]
    assert [(r[0], r[5], r[8], r[9]) for r in rows] == [
        ("示例县自然资源局", "已报送", 2, 1),
        ("示例县教育局", "草稿", 0, 1),
        ("示例县住房公积金管理中心", "未找到", 0, 0),
    ]


def test_the_board_reads_in_the_same_number_of_queries_for_five_or_forty_units(tree: Tree) -> None:
    _set_up(tree)
    roster = Roster.objects.get(agency=tree.county, year=2025)
    url = _county_year(tree)
    client = client_for(tree.supervisor)

    def queries() -> tuple[int, int]:
        with CaptureQueriesContext(connection) as selector:
            assert board(Roster.objects.get(pk=roster.pk), day(2026, 1, 20)).rows
        with CaptureQueriesContext(connection) as page:
            assert client.get(url).status_code == 200
        return len(selector), len(page)

    with travel_to(day(2026, 1, 20)):
        few = queries()
        # 25 more units not on the platform, and 10 more agencies on it, each with a filed report.
        for n in range(25):
            roster.refresh_from_db()
            actions.add_unit(
                acting_user=tree.supervisor,
                roster=roster,
                version=roster.version,
                name=f"示例县第{n}服务中心",
                kind=UnitKind.OTHER,
                level=Level.COUNTY,
            )
        for n in range(10):
            agency = AgencyFactory(name=f"示例县第{n}办公室", parent=tree.county)
            RosterUnit.objects.create(roster=roster, **actions.unit_of(agency))
            file(agency, tree.supervisor)
        many = queries()
        assert len(board_rows(tree.supervisor, url)) == 40
    # The roster, its units, the units' reports, the files collected for units not on the platform.
    assert few[0] == many[0] == 4
    assert few[1] == many[1]
