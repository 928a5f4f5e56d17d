"""The board after collecting: a unit known only by name whose report was collected and matched
is 已发布 (late when the date the report states, or else the day it was first seen, is after the
unit's deadline), with its file's findings counted and a link to the file; a unit whose report
was not collected stays 未找到 with its 整改通知 on offer."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from gongkai.oversight.collect import process, start_batch
from gongkai.oversight.models import BatchSource, CollectedReport
from gongkai.oversight.selectors import board
from tests.travel import travel_to

from .collect_fixtures import LONGTIAN, ZHENGYANG, ZHONGSHAN, media, roster_2021
from .oversight_fixtures import Tree, board_rows, client_for, tree

__all__ = ["media", "tree"]

ERROR, WARNING = "error", "warning"


def _finding(severity: str, code: str) -> dict[str, object]:
    return {"code": code, "severity": severity, "message": "手工设定", "key": code}


@pytest.mark.django_db
def test_collected_reports_turn_not_found_into_published(tree: Tree, media: Path) -> None:
    roster = roster_2021(
        tree, "石家庄市桥西区中山街道办事处", "龙田镇人民政府", "平利县正阳镇人民政府", "示例县某某乡人民政府"
    )
    # 龙田镇's report as published states 2022-01-29; this copy says 2022-02-15 (past January 31).
    late = LONGTIAN.read_bytes().replace(b"2022-01-29", b"2022-02-15")
    # 正阳镇's copy states no date at all: the day it was first seen stands in (2022-03-01).
    undated = ZHENGYANG.read_bytes().replace("发布时间:2022-01-26 16:32".encode(), b"")
    with travel_to(dt.date(2022, 3, 1)):
        batch = start_batch(
            acting_user=tree.supervisor,
            supervisor=tree.county,
            year=2021,
            source=BatchSource.FILES,
            files=[("中山.txt", ZHONGSHAN.read_bytes()), ("龙田.txt", late), ("正阳.txt", undated)],
        )
        process(batch)
    rows = {r.filename: r for r in CollectedReport.objects.filter(batch=batch)}
    assert rows["中山.txt"].published_on == dt.date(2022, 1, 30)
    assert rows["龙田.txt"].published_on == dt.date(2022, 2, 15)
    assert rows["正阳.txt"].published_on is None
    # The findings the board counts are those stored with the file: set by hand here.
    CollectedReport.objects.filter(pk=rows["中山.txt"].pk).update(
        findings=[_finding(ERROR, "balance"), _finding(ERROR, "edition"), _finding(WARNING, "structure")]
    )
    CollectedReport.objects.filter(pk=rows["龙田.txt"].pk).update(findings=[])
    CollectedReport.objects.filter(pk=rows["正阳.txt"].pk).update(
        findings=[_finding(WARNING, "fee-statement")]
    )

    with travel_to(dt.date(2022, 4, 1)):
        found = {row.unit.name: row for row in board(roster, dt.date(2022, 4, 1)).rows}
        url = f"/work/oversight/{tree.county.pk}/2021/"
        seen = board_rows(tree.supervisor, url)
        html = client_for(tree.supervisor).get(url).content.decode()
        xlsx = client_for(tree.supervisor).get(f"{url}board.xlsx").content

    zhongshan = found["石家庄市桥西区中山街道办事处"]
    assert zhongshan.status.label == "已发布"
    assert (zhongshan.errors, zhongshan.warnings) == (2, 1)
    assert zhongshan.codes == ["balance", "edition", "structure"]
    assert not zhongshan.published_late  # 2022-01-30, the day before the deadline
    longtian = found["龙田镇人民政府"]
    assert longtian.status.label == "已发布"
    assert longtian.published_late  # 2022-02-15 > 2022-01-31
    assert (longtian.errors, longtian.warnings) == (0, 0)
    zhengyang = found["平利县正阳镇人民政府"]
    assert zhengyang.published_on == dt.date(2022, 3, 1)
    assert zhengyang.published_late
    assert found["示例县某某乡人民政府"].status.label == "未找到"

    assert seen["石家庄市桥西区中山街道办事处"] == {
        "status": "已发布",
        "errors": "2",
        "warnings": "1",
        "rules": "balance、edition、structure",
    }
    assert seen["示例县某某乡人民政府"]["status"] == "未找到"
    file_url = f"/work/oversight/{tree.county.pk}/2021/collect/files/{rows['中山.txt'].pk}/"
    assert f'href="{file_url}"' in html
    nobody = roster.units.get(name="示例县某某乡人民政府")
    assert f"/work/oversight/{tree.county.pk}/2021/collect/units/{nobody.pk}/notice.docx" in html

    # The Excel export: the collected units 已发布 with the date their report states.
    import io

    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(xlsx)).active
    assert sheet is not None
    rows_by_name = {r[0]: r for r in sheet.iter_rows(min_row=2, values_only=True)}
    zhongshan_row = rows_by_name["石家庄市桥西区中山街道办事处"]
    assert zhongshan_row[5] == "已发布"
    assert str(zhongshan_row[7])[:10] == "2022-01-30"
    assert rows_by_name["龙田镇人民政府"][5] == "已发布（逾期发布）"


@pytest.mark.django_db
def test_a_report_due_on_march_31_published_in_february_is_not_late(tree: Tree, media: Path) -> None:
    from gongkai.agencies.models import Level
    from gongkai.oversight import actions
    from gongkai.oversight.models import Deadline, Roster, UnitKind

    roster = roster_2021(tree, "龙田镇人民政府")
    county_level = actions.add_unit(
        acting_user=tree.supervisor,
        roster=roster,
        version=Roster.objects.get(pk=roster.pk).version,
        name="龙田县人民政府",
        kind=UnitKind.GOVERNMENT,
        level=Level.COUNTY,
    )
    assert county_level.deadline == Deadline.MAR31  # a county government's own report
    late_for_a_town = LONGTIAN.read_bytes().replace(b"2022-01-29", b"2022-02-15")
    batch = start_batch(
        acting_user=tree.supervisor,
        supervisor=tree.county,
        year=2021,
        source=BatchSource.FILES,
        files=[("龙田.txt", late_for_a_town)],
    )
    process(batch)
    row = CollectedReport.objects.get(batch=batch)
    # 龙田镇人民政府 is the name the file signs; 龙田县 shares two of three characters (67%): matched.
    assert row.unit is not None
    assert row.unit.name == "龙田镇人民政府"
    deadline_errors = [f for f in row.findings if f["code"] == "deadline" and f["severity"] == "error"]
    assert len(deadline_errors) == 1  # 2022-02-15 after 2022-01-31

    from gongkai.oversight.collect import confirm_match

    row = confirm_match(
        acting_user=tree.supervisor, collected=row, version=row.version, unit_id=county_level.pk
    )
    assert [f for f in row.findings if f["code"] == "deadline" and f["severity"] == "error"] == []
    found = {r.unit.name: r for r in board(roster, dt.date(2022, 4, 1)).rows}
    assert found["龙田县人民政府"].status.label == "已发布"
    assert not found["龙田县人民政府"].published_late  # 2022-02-15 before 2022-03-31


@pytest.mark.django_db
def test_an_agency_with_no_record_on_the_platform_that_year_is_published_by_its_collected_file(
    tree: Tree, media: Path
) -> None:
    from gongkai.oversight import actions

    from .collect_fixtures import EXAMPLES

    # The 2020 example, as 示例县教育局 would have published it before it joined the platform.
    text = (EXAMPLES / "2020-示例县文化和旅游局-每格一行.txt").read_text(encoding="utf-8")
    assert "示例县文化和旅游局" in text
    mine = text.replace("示例县文化和旅游局", "示例县教育局").encode()
    roster = actions.build_roster(acting_user=tree.supervisor, agency=tree.county, year=2020)
    batch = start_batch(
        acting_user=tree.supervisor,
        supervisor=tree.county,
        year=2020,
        source=BatchSource.FILES,
        files=[("教育局.txt", mine)],
    )
    process(batch)
    row = CollectedReport.objects.get(batch=batch)
    assert row.unit is not None
    assert row.unit.agency == tree.education

    found = {r.unit.name: r for r in board(roster, dt.date(2021, 3, 1)).rows}
    assert found["示例县教育局"].status.label == "已发布"
    assert found["示例县教育局"].collected == row
    assert found["示例县财政局"].status.label == "逾期"  # nothing on file: past January 31
