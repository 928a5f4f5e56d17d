"""The demo's annual reports: each agency's 2024 report imported from the file it published
(gongkai/demo/reports_2024/), and its 2025 report taken through the whole chain in January 2026,
only through the reports actions. One of them is returned once by the supervisor and fixed; the
county government's whole 2025 report is worked out here by hand.

The demo is built once for the session (tests/web/demo_once.py), today being 2026-06-30.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from gongkai.agencies.models import Agency
from gongkai.annual_report.importers import load_bytes
from gongkai.annual_report.model import Report
from gongkai.demo.annual_reports import FILES, SUPERVISOR_COMMENTS
from gongkai.reports import selectors
from gongkai.reports.models import AnnualReport, Origin, Status

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("demo")]

AGENCIES = (
    "示例市人民政府",
    "示例市自然资源和规划局",
    "示例市教育局",
    "示例县人民政府",
    "示例县文化和旅游局",
    "示例县市场监督管理局",
)
KEYS = {"示例市人民政府": "city", "示例市自然资源和规划局": "nr", "示例市教育局": "edu"}
KEYS |= {"示例县人民政府": "county", "示例县文化和旅游局": "ct", "示例县市场监督管理局": "mr"}


def _report(agency: str, year: int) -> AnnualReport:
    return AnnualReport.objects.select_related("agency").get(agency__name=agency, year=year)


def _chain(report: AnnualReport) -> list[tuple[str, str, str]]:
    return [
        (e.kind, e.actor.username if e.actor else "", f"{e.on:%m-%d}") for e in report.events.order_by("pk")
    ]


def test_every_agency_has_last_years_report_imported_and_this_years_through_the_chain() -> None:
    for name in AGENCIES:
        last = _report(name, 2024)
        assert (last.status, last.origin) == (Status.PUBLISHED, Origin.IMPORTED), name
        assert last.source_filename == f"{name}2024年政府信息公开工作年度报告.txt"
        assert last.source_file.read() == (FILES / f"{KEYS[name]}-2024.txt").read_bytes()
        assert _chain(last)[0][0] == "imported"
        assert _chain(last)[0][2] == "01-05"

    statuses = {name: _report(name, 2025).status for name in AGENCIES}
    # 示例市人民政府 is the top of the demo's tree: its supervisor is not on the platform, so its
    # report is published once signed (signed 01-22, published 01-26); every other one is filed,
    # accepted and published.
    assert statuses == {name: Status.PUBLISHED for name in AGENCIES}
    city = [kind for kind, _who, _day in _chain(_report("示例市人民政府", 2025))]
    assert "filed" not in city
    assert city[-1] == "published"
    for name in AGENCIES:
        report = _report(name, 2025)
        # Checked against last year's published report: nothing found, nothing to explain.
        assert report.findings == [], name
        assert report.explanations == {}, name
        previous = selectors.previous_report(report)
        assert previous is not None
        assert previous.year == 2024
        assert previous.agency == name


def test_the_county_governments_whole_2025_report_as_worked_out_by_hand() -> None:
    report = _report("示例县人民政府", 2025)
    content = Report.from_dict(report.content or {})

    # Table 二, from 示例县人民政府's register (gongkai.demo.registers.REGISTERS["county"]):
    #   示县政规〔2023〕1号 made 2023-10-09, repealed 2025-10-09 (暂行办法 expired)   -> repealed 1
    #   示县政规〔2025〕1号 made 2025-07-07 (repealed only 2026-04-30)               -> issued 1
    #   示县政规〔2026〕1号 made 2026-03-09: not in 2025.
    #   In force on 2025-12-31: 〔2025〕1号 -> 1 (2024-12-31: 〔2023〕1号 -> 1; 1 + 1 - 1 = 1).
    # A county government makes no 规章; the county government keeps no list of matters, takes
    # no 许可/处罚/强制 decisions and collects no fees in the demo: all 0.
    assert content.tables["art20_1"] == {
        "rules": {"issued": 0, "repealed": 0, "in_force": 0},
        "normative": {"issued": 1, "repealed": 1, "in_force": 1},
    }
    assert content.tables["art20_5"] == {"license": {"decisions": 0}}
    assert content.tables["art20_6"] == {"penalty": {"decisions": 0}, "coercion": {"decisions": 0}}
    assert content.tables["art20_8"] == {"fees": {"amount": Decimal("0")}}
    # Tables 三 and 四: the demo's applications go to the bureaus only (gongkai.demo.cases, BUREAUS),
    # so the county government received none and was taken to review or court by no one.
    values = {
        v
        for key in ("applications", "appeals")
        for cols in content.tables[key].values()
        for v in cols.values()
    }
    assert values == {0}

    # The text as the county's clerk wrote it, in the six sections of the 2021 format.
    assert [s.title for s in content.sections] == [
        "总体情况",
        "主动公开政府信息情况",
        "收到和处理政府信息公开申请情况",
        "政府信息公开行政复议、行政诉讼情况",
        "存在的主要问题及改进情况",
        "其他需要报告的事项",
    ]
    general = content.sections[0].text
    assert general.startswith("2025年，示例县人民政府深入贯彻《中华人民共和国政府信息公开条例》")
    assert "依申请公开方面，本年度未收到政府信息公开申请。" in general
    assert "改进措施" in content.sections[4].text
    assert content.sections[5].text.startswith(
        "本年度未收取信息处理费，发出收费通知的件数为0件，总金额为0元。"
    )

    # A county government's own report is due March 31 (Art. 49); published January 27.
    assert (content.own_level_report, content.government, content.published) == (
        True,
        True,
        dt.date(2026, 1, 27),
    )
    countdown = selectors.countdown(report, dt.date(2026, 6, 30))
    assert (countdown.due, countdown.text, countdown.overdue) == (dt.date(2026, 3, 31), "按期发布", False)
    assert report.published_sha256
    assert len(report.published_sha256) == 64

    # The chain: the county's clerk drafts and files, 公开办负责人 reviews, 主要领导 signs, and the
    # city's 上级监督 (the county's supervising office) accepts; working days of January 2026.
    assert _chain(report) == [
        ("created", "xzf_clerk", "01-19"),
        ("saved", "xzf_clerk", "01-19"),
        ("submitted", "xzf_clerk", "01-20"),
        ("approved", "xzf_head", "01-21"),
        ("signed", "xzf_chief", "01-22"),
        ("filed", "xzf_clerk", "01-23"),
        ("accepted", "city_supervisor", "01-26"),
        ("published", "xzf_clerk", "01-27"),
    ]


def test_the_bureaus_published_table_two_is_the_hand_count_and_carries_over_last_year() -> None:
    report = _report("示例市自然资源和规划局", 2025)
    content = Report.from_dict(report.content or {})
    # The hand count of tests/web/test_demo_table_two_counts_by_hand.py (2021 edition).
    assert {k: v for k, v in content.tables.items() if k.startswith("art20")} == {
        "art20_1": {
            "rules": {"issued": 0, "repealed": 0, "in_force": 0},
            "normative": {"issued": 3, "repealed": 2, "in_force": 5},
        },
        "art20_5": {"license": {"decisions": 6}},
        "art20_6": {"penalty": {"decisions": 3}, "coercion": {"decisions": 1}},
        "art20_8": {"fees": {"amount": Decimal("9.848")}},
    }
    # Last year's published file said 4 in force on 2024-12-31 and one application (a natural
    # person's, received in late December 2024) carried forward; this year's report agrees.
    last = Report.from_dict(_report("示例市自然资源和规划局", 2024).content or {})
    assert last.get("art20_1", "normative", "in_force") == 4
    assert last.get("applications", "carried_forward", "natural_person") == 1
    assert content.get("applications", "carried_over", "natural_person") == 1
    assert content.get("applications", "carried_over", "total") == 1


def test_the_education_bureaus_report_is_returned_once_and_fixed() -> None:
    report = _report("示例市教育局", 2025)
    assert report.status == Status.PUBLISHED
    assert report.published_on == dt.date(2026, 1, 21)
    assert _chain(report) == [
        ("created", "jyj_clerk", "01-06"),
        ("saved", "jyj_clerk", "01-06"),
        ("submitted", "jyj_clerk", "01-07"),
        ("approved", "jyj_head", "01-08"),
        ("signed", "jyj_chief", "01-09"),
        ("filed", "jyj_clerk", "01-12"),
        ("supervisor_returned", "city_supervisor", "01-13"),
        ("saved", "jyj_clerk", "01-14"),
        ("submitted", "jyj_clerk", "01-14"),
        ("approved", "jyj_head", "01-15"),
        ("signed", "jyj_chief", "01-15"),
        ("filed", "jyj_clerk", "01-16"),
        ("accepted", "city_supervisor", "01-20"),
        ("published", "jyj_clerk", "01-21"),
    ]
    returned = report.events.get(kind="supervisor_returned")
    assert returned.reason == SUPERVISOR_COMMENTS
    published = Report.from_dict(report.content or {})
    assert "改进措施" in published.sections[4].text  # what the supervisor asked for


def test_the_2024_files_read_back_as_the_demos_2024_data_plus_the_paper_records() -> None:
    # 示例市自然资源和规划局's 2024 file, read by hand: the register's 〔2024〕1号 (issued 1; 4 in force on
    # 2024-12-31, see the table two test), the platform's one December 2024 application (carried
    # forward), and from the paper records before the platform: 6 applications of natural persons,
    # all 予以公开; 5 许可 and 2 处罚 decisions; fees 8.36 万元.
    read = load_bytes((FILES / "nr-2024.txt").read_bytes(), "nr-2024.txt")
    r = read.report
    assert (r.agency, r.year, r.published) == ("示例市自然资源和规划局", 2024, dt.date(2025, 1, 22))
    assert r.tables["art20_1"]["normative"] == {"issued": 1, "repealed": 0, "in_force": 4}
    assert r.get("art20_5", "license", "decisions") == 5
    assert r.get("art20_6", "penalty", "decisions") == 2
    assert r.get("art20_8", "fees", "amount") == Decimal("8.36")
    assert [
        r.get("applications", row, "natural_person") for row in ("new", "granted", "total", "carried_forward")
    ] == [
        7,
        6,
        6,
        1,
    ]
    assert [f for f in read.findings if f.severity.value == "error"] == []
    bureau = Agency.objects.get(name="示例市自然资源和规划局")
    counted = selectors.live_tables(bureau, 2024)
    assert counted.tables["art20_1"] == r.tables["art20_1"]  # the register's 2024, exactly
    assert counted.get("applications", "carried_forward", "total") == r.get(
        "applications", "carried_forward", "total"
    )
