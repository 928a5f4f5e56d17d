"""The demo's county supervisor (吴静, ``county_supervisor``) has a board filled from the demo: the
county's two bureaus on the platform and the 21 units known only by their published files, whose
reports she collected (gongkai.demo.oversight), each planted defect on its unit's row.

These tests only read the demo built once for the session (tests/demo_once.py). The expected
rows are worked out by hand from gongkai.demo.oversight_files' docstring."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.oversight import checks
from gongkai.oversight.models import BatchSource, CollectedReport, CollectedState, Roster
from gongkai.oversight.selectors import Board, BoardStatus, board

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # the demo takes seconds to load

TODAY = dt.date(2026, 6, 30)
BUREAUS = ["示例县文化和旅游局", "示例县市场监督管理局"]
TOWNSHIPS = [
    "示例县城关镇人民政府",
    "示例县东湖镇人民政府",
    "示例县青山镇人民政府",
    "示例县石桥镇人民政府",
    "示例县白沙乡人民政府",
    "示例县柳林乡人民政府",
    "示例县红旗乡人民政府",
    "示例县南山乡人民政府",
]
DEPARTMENTS = [
    "示例县发展和改革局",
    "示例县教育和体育局",
    "示例县民政局",
    "示例县财政局",
    "示例县人力资源和社会保障局",
    "示例县自然资源局",
    "示例县住房和城乡建设局",
    "示例县交通运输局",
    "示例县农业农村局",
    "示例县卫生健康局",
    "示例县医疗保障局",
    "示例县住房公积金管理中心",
]
MERGED = "示例县乡村振兴局"  # on the 2024 roster; excluded in 2025
CO_LOCATED = "示例县人民防空办公室"  # excluded both years

# The rule each planted defect breaks, by year (the module docstring's table).
PLANTED = {
    2024: {
        "示例县白沙乡人民政府": "edition",
        "示例县交通运输局": "deadline",
        "示例县卫生健康局": "narrative",
    },
    2025: {
        "示例县民政局": "balance",
        "示例县财政局": "similarity",
        "示例县石桥镇人民政府": "empty-section",
        "示例县东湖镇人民政府": "rules-authority",
        "示例县住房和城乡建设局": "jump",
        "示例县柳林乡人民政府": "fee-statement",
    },
}
# Found only by comparing a unit's report with its earlier year and its peers on the roster: the
# supervisor's checks of the board (gongkai.oversight.checks), not the file's own reading.
SUPERVISOR_CODES = {"similarity", "jump", "empty-section"}


def _board(year: int) -> Board:
    county = Agency.objects.get(name="示例县人民政府")
    return board(Roster.objects.get(agency=county, year=year), TODAY)


def test_the_boards_list_the_bureaus_and_the_units_known_only_by_name(demo: None) -> None:
    for year, only_named in (
        (2024, [*TOWNSHIPS, *DEPARTMENTS, MERGED]),
        (2025, [*TOWNSHIPS, *DEPARTMENTS]),
    ):
        found = _board(year)
        assert [r.unit.name for r in found.rows if r.unit.on_platform] == BUREAUS
        assert [r.unit.name for r in found.rows if not r.unit.on_platform] == only_named
    assert {u.name: u.exclusion_reason for u in _board(2024).excluded} == {
        CO_LOCATED: "与示例县住房和城乡建设局合署办公，年度报告由示例县住房和城乡建设局一并发布"
    }
    assert {u.name: u.exclusion_reason for u in _board(2025).excluded} == {
        CO_LOCATED: "与示例县住房和城乡建设局合署办公，年度报告由示例县住房和城乡建设局一并发布",
        MERGED: "2025年机构改革，职责并入示例县农业农村局，由示例县农业农村局一并报告",
    }


def test_every_unit_whose_report_was_collected_is_published_and_only_nanshan_2025_is_not_found(
    demo: None,
) -> None:
    for year in (2024, 2025):
        statuses = {r.unit.name: r.status for r in _board(year).rows}
        missing = ["示例县南山乡人民政府"] if year == 2025 else []
        assert [name for name, status in statuses.items() if status == BoardStatus.NOT_FOUND] == missing
        assert [n for n, s in statuses.items() if s != BoardStatus.PUBLISHED] == missing


def test_the_planted_defects_read_from_the_files_are_on_exactly_their_units(demo: None) -> None:
    for year in (2024, 2025):
        codes = {
            r.unit.name: set(r.codes) - SUPERVISOR_CODES for r in _board(year).rows if not r.unit.on_platform
        }
        expected = {name: {code} for name, code in PLANTED[year].items() if code not in SUPERVISOR_CODES}
        assert {name: found for name, found in codes.items() if found} == expected


def test_the_supervisors_checks_find_the_copied_year_the_jump_and_the_empty_section(demo: None) -> None:
    county = Agency.objects.get(name="示例县人民政府")
    for year in (2024, 2025):
        roster = Roster.objects.get(agency=county, year=year)
        found = board(roster, TODAY, checks.roster_checks(roster).findings)
        codes = {r.unit.name: set(r.codes) for r in found.rows if not r.unit.on_platform}
        assert {name: found for name, found in codes.items() if found} == {
            name: {code} for name, code in PLANTED[year].items()
        }
        # The two bureaus on the platform wrote their own reports: nothing copied from each other.
        bureaus = {r.unit.name: set(r.codes) for r in found.rows if r.unit.on_platform}
        assert list(bureaus) == BUREAUS
        assert all("similarity" not in codes for codes in bureaus.values())


def test_the_2024_reports_came_in_one_zip_and_the_2025_ones_as_uploaded_files(demo: None) -> None:
    county = Agency.objects.get(name="示例县人民政府")
    files = CollectedReport.objects.filter(supervisor=county).select_related("batch")
    by_year = {year: [f for f in files if f.year == year] for year in (2024, 2025)}
    assert len(by_year[2024]) == 21
    assert len(by_year[2025]) == 19
    assert {f.batch.source for f in by_year[2024] if f.batch} == {BatchSource.ZIP}
    assert len({f.batch_id for f in by_year[2024]}) == 1
    assert {f.batch.source for f in by_year[2025] if f.batch} == {BatchSource.FILES}
    # The townships' 7 files together, the departments' 11, then the short-named one alone.
    sizes = sorted(Counter(f.batch_id for f in by_year[2025]).values())
    assert sizes == [1, 7, 11]
    assert [f.state for f in files if f.state != CollectedState.MATCHED] == []
    assert sorted({f.filename.rsplit(".", 1)[1] for f in files}) == ["docx", "html", "pdf", "txt"]
    assert all(len(f.sha256) == 64 and f.size > 0 for f in files)


def test_the_file_signed_with_a_short_name_was_confirmed_by_the_supervisor(demo: None) -> None:
    county = Agency.objects.get(name="示例县人民政府")
    confirmed = CollectedReport.objects.filter(supervisor=county, confirmed_by__isnull=False)
    assert [(f.named_agency, f.year, f.unit.name if f.unit else "") for f in confirmed] == [
        ("示例县人社局", 2025, "示例县人力资源和社会保障局")
    ]
    assert confirmed[0].confirmed_by == User.objects.get(username="county_supervisor")


def test_the_county_supervisor_sees_the_units_on_the_board_page(demo: None) -> None:
    county = Agency.objects.get(name="示例县人民政府")
    client = Client()
    client.force_login(User.objects.get(username="county_supervisor"))
    page = client.get(f"/work/oversight/{county.pk}/2025/").content.decode()
    for name in [*BUREAUS, *TOWNSHIPS, *DEPARTMENTS]:
        assert name in page
    # A bureau's clerk never sees the board, even of the roster its own agency is on.
    clerk = Client()
    clerk.force_login(User.objects.get(username="wlj_clerk"))
    assert clerk.get(f"/work/oversight/{county.pk}/2025/").status_code in (403, 404)
