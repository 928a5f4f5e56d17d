"""The comparison page: every unit over the years on file, the subtree's totals, peers' quartiles,
the guard below 30 cases, the charts' numbers, filters and the Excel download. Worked out by hand:

2025, county departments (collected files): 公开率 = (予以公开 + 部分公开) / 总计
  甲局 (25 + 5) / 40 = 75%   乙局 40 / 50 = 80%   丙局 10 / 10 = 100% but 10 < 30: not rated
  丁局 (20 + 10) / 60 = 50%
  rated values 0.5, 0.75, 0.8 → P25 = 0.5 + 0.5·0.25 = 0.625, P50 = 0.75, P75 = 0.75 + 0.5·0.05 = 0.775
  percentile ranks (mid-rank): 丁 0.5/3 = 17, 甲 1.5/3 = 50, 乙 2.5/3 = 83
  纠错率: only 甲局 had reviews: 纠正 10 of 30 concluded (20 维持) = 33.3%
2025, 戊镇 (a township government): 35 applications, all granted: its own peer group.
2024: 甲局 alone, 20 applications all granted (100%, not rated).
Subtree 2025: received 40+50+10+60+35 = 195, disclosed 30+40+10+30+35 = 145 → 74.4%, per unit 39.0;
roster 2025: the 4 platform bureaus and township + 5 units added by name = 9 units, 5 with a report.
Outcomes 2025: 予以公开 25+40+10+20+35 = 130, 部分公开 5+10 = 15, 无法提供 30, 其他 10+10 = 20.
"""

from __future__ import annotations

import io
import json
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from gongkai.agencies.models import Level
from gongkai.oversight import actions
from gongkai.oversight.models import Roster, UnitKind
from tests.oversight.compare_fixtures import add_roster_only, collect, made
from tests.oversight.oversight_fixtures import Tree, client_for, day, tree
from tests.travel import travel_to

pytestmark = pytest.mark.django_db
__all__ = ["tree"]

A, B, C, D = "示例县甲局", "示例县乙局", "示例县丙局", "示例县丁局"
TOWN = "示例县戊镇人民政府"


def _cells(new: int, granted: int, partial: int = 0, **more: int) -> dict[str, int]:
    cells = {
        "applications.new.total": new,
        "applications.granted.total": granted,
        "applications.partial.total": partial,
        "applications.total.total": new,
    }
    cells |= {key.replace("__", "."): value for key, value in more.items()}
    return cells


UNITS_2025 = {
    A: _cells(
        40,
        25,
        5,
        applications__other_misc__total=10,
        appeals__cases__review_upheld=20,
        appeals__cases__review_corrected=10,
        appeals__cases__review_total=30,
    ),
    B: _cells(50, 40, applications__other_misc__total=10),
    C: _cells(10, 10),
    D: _cells(60, 20, 10, applications__unavailable_not_held__total=30),
    TOWN: _cells(35, 35),
}


def _setup(t: Tree) -> dict[int, Roster]:
    with travel_to(day(2025, 1, 5)):
        r2024 = actions.build_roster(acting_user=t.supervisor, agency=t.county, year=2024)
        add_roster_only(t.supervisor, r2024, A)
    with travel_to(day(2026, 1, 5)):
        r2025 = actions.build_roster(acting_user=t.supervisor, agency=t.county, year=2025)
        for name in (A, B, C, D):
            add_roster_only(t.supervisor, r2025, name)
        add_roster_only(t.supervisor, r2025, TOWN, UnitKind.GOVERNMENT, Level.TOWNSHIP)
    collect(t.county, r2024, A, made(A, 2024, _cells(20, 20)))
    for name, cells in UNITS_2025.items():
        collect(t.county, r2025, name, made(name, 2025, cells))
    return {2024: r2024, 2025: r2025}


def _get(t: Tree, query: str = "") -> str:
    with travel_to(day(2026, 2, 10)):
        response = client_for(t.supervisor).get(f"/work/oversight/{t.county.pk}/compare/{query}")
    assert response.status_code == 200
    return str(response.content.decode())


def _text(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def _unit_rows(html: str) -> dict[tuple[str, str], str]:
    rows = re.findall(r'<tr class="unit-row" data-unit="([^"]+)" data-year="(\d+)">(.*?)</tr>', html, re.S)
    return {(unit, year): _text(body) for unit, year, body in rows}


def test_each_unit_is_rated_against_its_peers_and_a_small_one_is_shown_not_rated(tree: Tree) -> None:
    _setup(tree)
    rows = _unit_rows(_get(tree, "?year=all"))
    assert set(rows) == {(A, "2024"), (A, "2025"), (B, "2025"), (C, "2025"), (D, "2025"), (TOWN, "2025")}
    assert "75.0% （50）" in rows[(A, "2025")]
    assert "33.3% （50）" in rows[(A, "2025")]
    assert "80.0% （83）" in rows[(B, "2025")]
    assert "50.0% （17）" in rows[(D, "2025")]
    assert "100.0% 样本不足30件，不评" in rows[(C, "2025")]
    assert "10 样本不足30件，不评" in rows[(C, "2025")]  # 10 applications received: not rated either
    assert "100.0% 样本不足30件，不评" in rows[(A, "2024")]


def test_peers_quartiles_count_only_rated_units(tree: Tree) -> None:
    _setup(tree)
    html = _get(tree, "?year=2025&kind=department")
    peers = [_text(b) for b in re.findall(r'<tr class="peer-row">(.*?)</tr>', html, re.S)]
    assert "2025 政府工作部门 县级 公开率 3/4 62.5% 75.0% 77.5%" in peers
    assert "2025 政府工作部门 县级 收到申请 3/4 45 50 55" in peers


def test_the_subtree_totals_per_year(tree: Tree) -> None:
    _setup(tree)
    html = _get(tree)
    totals = {
        y: _text(b) for y, b in re.findall(r'<tr class="total-row" data-year="(\d+)">(.*?)</tr>', html, re.S)
    }
    assert totals["2025"] == "2025 5/9 195 195 74.4% 33.3% 39.0"
    assert totals["2024"] == "2024 1/5 20 20 100.0% — 20.0"


def test_the_charts_get_the_numbers_of_the_tables_beside_them(tree: Tree) -> None:
    _setup(tree)
    html = _get(tree, "?measure=disclosure_rate")
    data = json.loads(
        re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', html, re.S).group(1)
    )  # type: ignore[union-attr]
    assert data["trend"]["years"] == ["2024", "2025"]
    assert data["trend"]["series"][0] == {"name": "收到申请", "data": [20, 195]}
    outcomes = {s["name"]: s["data"] for s in data["outcomes"]["series"]}
    assert outcomes == {
        "予以公开": [20, 130],
        "部分公开": [0, 15],
        "不予公开": [0, 0],
        "无法提供": [0, 30],
        "不予处理": [0, 0],
        "其他处理": [0, 20],
    }
    # the ranking chart draws bottom-up: the last bar is the first in the table
    ranking = data["ranking"]
    assert ranking["names"] == [D, A, B, TOWN, C]
    assert ranking["values"] == [50.0, 75.0, 80.0, 100.0, 100.0]
    assert ranking["rated"] == [True, True, True, True, False]
    table = re.findall(r'<tr class="rank-row" data-unit="([^"]+)">', html)
    assert table == [C, TOWN, B, A, D]
    assert 'src="/static/oversight/vendor/echarts/echarts.min.js"' in html
    assert "<script>" not in html  # no inline script: the CSP forbids it


def test_filters_keep_a_kind_or_a_year(tree: Tree) -> None:
    _setup(tree)
    assert set(_unit_rows(_get(tree, "?kind=government"))) == {(TOWN, "2025")}
    assert set(_unit_rows(_get(tree, "?year=2024"))) == {(A, "2024")}
    # a filter never changes a rating: 甲局 keeps its rank among the departments
    assert "75.0% （50）" in _unit_rows(_get(tree, "?year=2025&level=county"))[(A, "2025")]


def test_the_comparison_downloads_as_excel(tree: Tree) -> None:
    _setup(tree)
    with travel_to(day(2026, 2, 10)):
        response = client_for(tree.supervisor).get(f"/work/oversight/{tree.county.pk}/compare.xlsx?year=2025")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    assert book.sheetnames == ["各单位", "全辖区逐年", "同类分位", "排名", "逐年对照"]
    units = {(r[1], r[0]): r for r in book["各单位"].iter_rows(min_row=2, values_only=True)}
    assert set(units) == {(A, 2025), (B, 2025), (C, 2025), (D, 2025), (TOWN, 2025)}
    a = units[(A, 2025)]
    # 收到申请 40, its sample 40, its rank among 40, 50, 60: 0.5/3 = 16.7%, no note
    assert a[5:9] == (40, 40, 16.7, None)
    assert Decimal(str(a[9])) == Decimal("0.75")
    assert a[10] == 40
    c = units[(C, 2025)]
    assert c[12] == "样本不足30件，不评"
    peers = [
        r
        for r in book["同类分位"].iter_rows(min_row=2, values_only=True)
        if r[3] == "公开率" and r[1] == "政府工作部门"
    ]
    assert [tuple(Decimal(str(v)) for v in p[6:9]) for p in peers] == [
        (Decimal("0.625"), Decimal("0.75"), Decimal("0.775"))
    ]
    # the trend keeps every year (the year filter picks the units' rows and the ranking)
    totals = list(book["全辖区逐年"].iter_rows(min_row=2, values_only=True))
    assert [t[:5] for t in totals] == [(2024, 5, 1, 20, 20), (2025, 9, 5, 195, 195)]
    pivot = list(book["逐年对照"].iter_rows(values_only=True))
    assert pivot[0] == ("单位", "2024年度收到申请", "2025年度收到申请")  # every year, whatever the filter
    assert (A, 20, 40) in pivot


def test_another_supervisor_and_a_units_clerk_never_see_the_comparison(tree: Tree) -> None:
    _setup(tree)
    with travel_to(day(2026, 2, 10)):
        for user in (tree.other_supervisor, tree.land_clerk):
            client = client_for(user)
            assert client.get(f"/work/oversight/{tree.county.pk}/compare/").status_code == 404
            assert client.get(f"/work/oversight/{tree.county.pk}/compare.xlsx").status_code == 404
        assert (
            client_for(tree.other_supervisor)
            .get(f"/work/oversight/{tree.other_county.pk}/compare/")
            .status_code
            == 200
        )


def test_the_comparison_costs_the_same_queries_with_more_units(tree: Tree) -> None:
    rosters = _setup(tree)
    with travel_to(day(2026, 2, 10)):
        client = client_for(tree.supervisor)
        client.get(f"/work/oversight/{tree.county.pk}/compare/")
        with CaptureQueriesContext(connection) as few:
            client.get(f"/work/oversight/{tree.county.pk}/compare/?year=all")
    for n in range(6):
        name = f"示例县第{n}事业单位"
        with travel_to(day(2026, 1, 6)):
            add_roster_only(tree.supervisor, rosters[2025], name)
        collect(tree.county, rosters[2025], name, made(name, 2025, _cells(31, 31)))
    with travel_to(day(2026, 2, 10)), CaptureQueriesContext(connection) as many:
        html = client.get(f"/work/oversight/{tree.county.pk}/compare/?year=all").content.decode()
    assert len(_unit_rows(html)) == 6 + 6
    assert len(many) == len(few)


def test_the_page_opens_on_the_newest_year(tree: Tree) -> None:
    _setup(tree)
    html = _get(tree)
    assert {year for _, year in _unit_rows(html)} == {"2025"}
    assert '<option value="2025" selected>2025年度</option>' in html
    # the trend and the unit × year table still cover every year
    assert re.findall(r'<tr class="total-row" data-year="(\d+)">', html) == ["2024", "2025"]


def test_malformed_filters_fall_back_to_the_newest_year_rather_than_fail(tree: Tree) -> None:
    _setup(tree)
    rows = _unit_rows(_get(tree, "?year=abc&kind=%3Cscript%3E&measure=nonsense"))
    assert {year for _, year in rows} == {"2025"}
    assert len(rows) == 5


def test_a_supervisor_with_no_report_on_file_sees_an_empty_page(tree: Tree) -> None:
    html = _get(tree)
    assert "还没有任何年度的报告" in html
    assert 'id="chart-data"' not in html


def test_each_unit_over_the_years_side_by_side(tree: Tree) -> None:
    _setup(tree)
    html = _get(tree)
    rows = {
        u: _text(b)
        for u, b in re.findall(r'<tr class="pivot-row" data-unit="([^"]+)">(.*?)</tr>', html, re.S)
    }
    # 收到申请: 甲局 20 in 2024 (below 30: not rated), 40 in 2025 (rank among 40, 50, 60: 17)
    assert rows[A] == f"{A} 20 不评 40 （17）"
    assert rows[B] == f"{B} 无报告 50 （50）"
