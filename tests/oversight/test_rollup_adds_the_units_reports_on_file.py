"""The county's 汇总: its own work plus every roster unit's report on file (published or filed on
the platform, or collected), cell by cell; the unit with no report is named; a typed-in 汇总 is
compared cell by cell. Worked out by hand from the setup:

- 东风镇 (published): 新收 4, 予以公开 3, 总计 3, 结转下年度 1; 现行有效规范性文件 5; 收费 0.20 万元
- 自然资源局 (filed): 新收 6, 上年结转 2, 部分公开 5, 其他 1, 总计 6, 结转下年度 2; 现行有效 12;
  收费 1.05 万元; 行政复议 纠正 1 (总计 1)
- 住房公积金管理中心 (not on the platform, a collected file): 新收 7, 予以公开 7, 总计 7; 现行有效 3;
  收费 0.35 万元
- 教育局: only a draft → no report on file, listed as missing; 财政局: excluded this year.
- the county government's own work: no cases or registers of its own → every cell 0.

Sum: 新收 4+6+7 = 17, 上年结转 2, 予以公开 3+7 = 10, 部分公开 5, 总计 3+6+7 = 16, 结转下年度 1+2 = 3
(17 + 2 = 16 + 3: the form balances), 现行有效 5+12+3 = 20, 收费 0.20+1.05+0.35 = 1.60 万元.
"""

from __future__ import annotations

import io
import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from gongkai.annual_report.model import Report
from gongkai.annual_report.renderers.text import render_text
from gongkai.oversight import actions
from gongkai.oversight.models import Roster
from gongkai.reports import actions as report_actions
from tests.oversight.compare_fixtures import add_roster_only, collect, made, set_content
from tests.oversight.oversight_fixtures import Tree, client_for, day, draft, file, publish, staff, tree
from tests.reports.reports_fixtures import drafted
from tests.travel import travel_to

pytestmark = pytest.mark.django_db
__all__ = ["tree"]

FUND = "示例县住房公积金管理中心"
URL = "/work/oversight/{}/2025/rollup/"

TOWN = {
    "applications.new.natural_person": 4,
    "applications.new.total": 4,
    "applications.granted.natural_person": 3,
    "applications.granted.total": 3,
    "applications.total.natural_person": 3,
    "applications.total.total": 3,
    "applications.carried_forward.natural_person": 1,
    "applications.carried_forward.total": 1,
    "art20_1.normative.in_force": 5,
    "art20_8.fees.amount": Decimal("0.20"),
}
LAND = {
    "applications.new.natural_person": 6,
    "applications.new.total": 6,
    "applications.carried_over.natural_person": 2,
    "applications.carried_over.total": 2,
    "applications.partial.natural_person": 5,
    "applications.partial.total": 5,
    "applications.other_misc.natural_person": 1,
    "applications.other_misc.total": 1,
    "applications.total.natural_person": 6,
    "applications.total.total": 6,
    "applications.carried_forward.natural_person": 2,
    "applications.carried_forward.total": 2,
    "art20_1.normative.in_force": 12,
    "art20_8.fees.amount": Decimal("1.05"),
    "appeals.cases.review_corrected": 1,
    "appeals.cases.review_total": 1,
}
FUND_CELLS = {
    "applications.new.natural_person": 7,
    "applications.new.total": 7,
    "applications.granted.natural_person": 7,
    "applications.granted.total": 7,
    "applications.total.natural_person": 7,
    "applications.total.total": 7,
    "art20_1.normative.in_force": 3,
    "art20_8.fees.amount": Decimal("0.35"),
}
SUM = {
    "applications.new.total": "17",
    "applications.carried_over.total": "2",
    "applications.granted.total": "10",
    "applications.partial.total": "5",
    "applications.other_misc.total": "1",
    "applications.total.total": "16",
    "applications.carried_forward.total": "3",
    "art20_1.normative.in_force": "20",
    "art20_8.fees.amount": "1.6",
    "appeals.cases.review_corrected": "1",
    "appeals.cases.review_total": "1",
}


def _setup(t: Tree) -> Roster:
    with travel_to(day(2026, 1, 5)):
        roster = actions.build_roster(acting_user=t.supervisor, agency=t.county, year=2025)
        add_roster_only(t.supervisor, roster, FUND)
        roster.refresh_from_db()
        actions.exclude_unit(
            acting_user=t.supervisor,
            roster=roster,
            version=roster.version,
            unit_id=roster.units.get(agency=t.finance).pk,
            reason="2025年机构改革并入县政府办",
        )
    with travel_to(day(2026, 1, 15)):
        town = publish(file(t.town, t.supervisor), t.supervisor)
        land = file(t.land, t.supervisor)
        draft(t.education, t.supervisor)
    set_content(town, made(t.town.name, 2025, TOWN))
    set_content(land, made(t.land.name, 2025, LAND))
    collect(t.county, roster, FUND, made(FUND, 2025, FUND_CELLS))
    return roster


def _cells(html: str) -> dict[str, str]:
    return {key: value for key, value in re.findall(r'data-key="([^"]+)">([^<]*)</td>', html)}


def _page(t: Tree) -> str:
    with travel_to(day(2026, 2, 10)):
        response = client_for(t.supervisor).get(URL.format(t.county.pk))
    assert response.status_code == 200
    return str(response.content.decode())


def test_the_rollup_adds_platform_and_collected_reports_and_names_the_unit_without_one(tree: Tree) -> None:
    _setup(tree)
    html = _page(tree)
    cells = _cells(html)
    for key, expected in SUM.items():
        assert cells[key] == expected, key
    assert cells["applications.withheld_secret.total"] == "0"
    missing = re.search(r'<ul class="missing-units">(.*?)</ul>', html, re.S)
    assert missing is not None
    assert re.findall(r"<li>(.*?)</li>", missing.group(1)) == ["示例县教育局"]  # not 财政局: excluded
    assert "汇总不完整" in html
    assert "已有3份报告计入（本平台2份，收集的文件1份）" in html


def test_a_typed_rollup_with_two_wrong_cells_lists_exactly_those_two(tree: Tree) -> None:
    _setup(tree)
    typed = _typed_sum(tree)
    # the two mistakes: 新收 typed as 18 (computed 17), 收费 typed as 1.5 (computed 1.6)
    typed.set("applications", "new", "total", 18)
    typed.set("art20_8", "fees", "amount", Decimal("1.5"))
    upload = SimpleUploadedFile("汇总.txt", render_text(typed).encode(), content_type="text/plain")
    with travel_to(day(2026, 2, 10)):
        response = client_for(tree.supervisor).post(f"{URL.format(tree.county.pk)}compare/", {"file": upload})
    assert response.status_code == 200
    html = response.content.decode()
    rows = re.findall(
        r'<tr class="difference"><th scope="row">(.*?)</th><td class="num computed">(.*?)</td>'
        r'<td class="num typed">(.*?)</td>',
        html,
    )
    assert rows == [
        ("表二第（八）项“行政事业性收费”行“本年收费金额”", "1.6", "1.5"),
        ("表三“一、本年新收政府信息公开申请数量”行“总计”", "17", "18"),
    ]


def test_a_file_that_is_not_a_report_is_refused_with_a_reason(tree: Tree) -> None:
    _setup(tree)
    upload = SimpleUploadedFile(
        "清单.txt", "会议通知：请各单位参加培训。".encode(), content_type="text/plain"
    )
    with travel_to(day(2026, 2, 10)):
        response = client_for(tree.supervisor).post(f"{URL.format(tree.county.pk)}compare/", {"file": upload})
    assert response.status_code == 400
    html = response.content.decode()
    assert "未能比对" in html
    assert "清单.txt" in html
    assert 'class="difference"' not in html


def test_a_typed_rollup_of_another_year_is_refused(tree: Tree) -> None:
    _setup(tree)
    upload = SimpleUploadedFile("汇总.txt", render_text(made("示例县人民政府", 2024, {})).encode())
    with travel_to(day(2026, 2, 10)):
        response = client_for(tree.supervisor).post(f"{URL.format(tree.county.pk)}compare/", {"file": upload})
    assert response.status_code == 400
    assert "是2024年度的报告，不是2025年度的" in response.content.decode()


def test_the_rollup_downloads_as_excel_with_each_cells_parts(tree: Tree) -> None:
    _setup(tree)
    with travel_to(day(2026, 2, 10)):
        response = client_for(tree.supervisor).get(f"/work/oversight/{tree.county.pk}/2025/rollup.xlsx")
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    sheet = book["2025年度汇总"]
    header = [c.value for c in sheet[1]]
    assert header == ["表", "行", "列", "规范键", "本级", "各单位合计", "汇总（计算）", "缺数的单位"]
    rows = {row[3]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    assert rows["applications.new.total"][4:7] == (0, 17, 17)
    assert rows["art20_1.normative.in_force"][4:7] == (0, 20, 20)
    assert Decimal(str(rows["art20_8.fees.amount"][6])) == Decimal("1.6")
    counted = [r[0] for r in book["计入的单位"].iter_rows(min_row=2, values_only=True)]
    assert sorted(counted) == sorted(["示例县东风镇人民政府", "示例县自然资源局", FUND])
    assert [r[0] for r in book["未报告的单位"].iter_rows(min_row=2, values_only=True)] == ["示例县教育局"]


def test_another_supervisor_and_a_units_clerk_never_see_the_rollup(tree: Tree) -> None:
    _setup(tree)
    url = URL.format(tree.county.pk)
    with travel_to(day(2026, 2, 10)):
        assert client_for(tree.other_supervisor).get(url).status_code == 404
        assert client_for(tree.land_clerk).get(url).status_code == 404
        assert (
            client_for(tree.land_clerk).get(f"/work/oversight/{tree.county.pk}/2025/rollup.xlsx").status_code
            == 404
        )
        upload = SimpleUploadedFile("汇总.txt", b"x")
        assert client_for(tree.other_supervisor).post(f"{url}compare/", {"file": upload}).status_code == 404


def test_the_rollup_costs_the_same_queries_with_more_units(tree: Tree) -> None:
    roster = _setup(tree)
    with travel_to(day(2026, 2, 10)):
        client = client_for(tree.supervisor)
        client.get(URL.format(tree.county.pk))
        with CaptureQueriesContext(connection) as few:
            client.get(URL.format(tree.county.pk))
    for n in range(5):
        name = f"示例县第{n}事业单位"
        with travel_to(day(2026, 1, 6)):
            add_roster_only(tree.supervisor, roster, name)
        collect(tree.county, roster, name, made(name, 2025, FUND_CELLS))
    with travel_to(day(2026, 2, 10)), CaptureQueriesContext(connection) as many:
        html = client.get(URL.format(tree.county.pk)).content.decode()
    assert _cells(html)["applications.new.total"] == str(17 + 5 * 7)
    assert len(many) == len(few)


def _typed_sum(t: Tree) -> Report:
    """The 汇总 typed as the sum worked out above (every applicant a natural person)."""
    typed = made(t.county.name, 2025, {})
    for key, value in SUM.items():
        typed.set(*key.split("."), Decimal(value) if key.endswith("amount") else int(value))
        if key.startswith("applications.") and key.endswith(".total"):
            table, row, _ = key.split(".")
            typed.set(table, row, "natural_person", int(value))
    return typed


def test_the_governments_own_platform_report_is_compared_as_the_typed_rollup(tree: Tree) -> None:
    _setup(tree)
    with travel_to(day(2026, 3, 1)):  # the county itself has no one above to file with: signed
        people = staff(tree.county, tree.supervisor)
        own = drafted(tree.county, people)
        own = report_actions.submit(acting_user=people.clerk, report=own, version=own.version)
        own = report_actions.approve(acting_user=people.head, report=own, version=own.version, step=1)
        own = report_actions.approve(acting_user=people.leader, report=own, version=own.version, step=2)
    assert own.content is not None
    typed = _typed_sum(tree)
    typed.set("applications", "granted", "total", 11)  # computed 3 + 7 = 10
    set_content(own, typed)
    with travel_to(day(2026, 3, 2)):
        client = client_for(tree.supervisor)
        plain = client.get(URL.format(tree.county.pk)).content.decode()
        response = client.get(URL.format(tree.county.pk) + "?against=platform")
    # the plain roll-up counts that report as the government's own work: 新收 17 + 17
    assert _cells(plain)["applications.new.total"] == "34"
    assert "与本机关在平台上的报告比对" in plain
    html = response.content.decode()
    # compared with it, the own work is counted live (no cases of its own: 0), never the report itself
    assert _cells(html)["applications.new.total"] == "17"
    rows = re.findall(r'<tr class="difference"><th scope="row">(.*?)</th>', html)
    assert rows == ["表三“（一）予以公开”行“总计”"]


def test_a_year_without_a_roster_says_so_and_a_future_year_is_not_found(tree: Tree) -> None:
    with travel_to(day(2026, 2, 10)):
        client = client_for(tree.supervisor)
        html = client.get(f"/work/oversight/{tree.county.pk}/2024/rollup/").content.decode()
        assert "2024年度还没有报告名单" in html
        assert client.get(f"/work/oversight/{tree.county.pk}/2030/rollup/").status_code == 404
