"""The checks a supervisor applies beyond arithmetic, needing no roster (annual_report/supervision.py).

Expected values are worked out by hand below; the real reports' facts were read from their text
(tests/data/real/reports).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.annual_report.checker import check
from gongkai.annual_report.editions import Edition
from gongkai.annual_report.importers import load_path
from gongkai.annual_report.model import Report
from gongkai.annual_report.supervision import check_set, supervisor_checks

from .helpers import zero_report

REAL = Path(__file__).resolve().parents[1] / "data" / "real" / "reports"


def real(prefix: str) -> Report:
    (path,) = REAL.glob(f"{prefix}-*")
    return load_path(path).report


def written(report: Report) -> Report:
    """Sections 一 and 五 with something in them, so that only the rule under test speaks."""
    report.sections[0].text = "全年主动公开政府信息126条，政策解读12篇。"
    report.sections[4].text = "政策解读形式较为单一。下一步将采用图解方式解读重要政策。"
    return report


def pair(last: int, this: int, row: str = "new") -> tuple[Report, Report]:
    before, now = written(zero_report(Edition.E2021, 2024)), written(zero_report(Edition.E2021, 2025))
    before.tables["applications"][row]["total"] = last
    now.tables["applications"][row]["total"] = this
    return before, now


# --- year-on-year jumps -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("last", "this", "shown"),
    [
        (12, 75, "为上年的6.25倍，超过5倍"),  # 75 / 12 = 6.25
        (100, 19, "只有上年的0.19倍，不足五分之一"),  # 19 / 100
        (0, 20, "上年为0，本年为20件"),  # no ratio of nothing
        (3, 40, "为上年的13.33倍，超过5倍"),  # 40 / 3 = 13.333…
    ],
)
def test_a_jump_says_which_figure_and_why(last: int, this: int, shown: str) -> None:
    before, now = pair(last, this)
    (found,) = supervisor_checks(now, before)
    assert found.code == "jump"
    assert found.severity == "warning"
    assert (found.table, found.row, found.column) == ("applications", "new", "total")
    assert found.message.startswith(
        f"表三“本年新收政府信息公开申请”：2024年度{last}件，2025年度{this}件，{shown}"
    )
    assert (found.values["this_year"], found.values["last_year"]) == (this, last)


@pytest.mark.parametrize(
    ("last", "this"),
    [
        (12, 60),  # exactly 5 times: not above 5
        (100, 20),  # exactly a fifth: not below 0.2
        (15, 2),  # a fall to 0.13, but 15 < 20: small numbers move
        (0, 19),  # from nothing, but 19 < 20
        (40, 45),
    ],
)
def test_no_jump_at_the_thresholds_or_below_the_minimum_count(last: int, this: int) -> None:
    before, now = pair(last, this)
    assert supervisor_checks(now, before) == []


def test_jumps_in_the_other_figures_and_only_against_the_year_before() -> None:
    before, now = pair(30, 30)
    before.tables["appeals"]["cases"]["review_total"] = 2
    now.tables["appeals"]["cases"]["review_total"] = 21  # 10.5 times, and 21 >= 20
    (found,) = supervisor_checks(now, before)
    assert (found.table, found.column, found.values["ratio"]) == ("appeals", "review_total", Decimal("10.50"))
    assert "表四“行政复议”" in found.message
    before.year = 2023  # not last year's report: nothing compared
    assert supervisor_checks(now, before) == []


# --- section 五 ---------------------------------------------------------------------------------


@pytest.mark.parametrize("text", ["", "无。", "暂无", "（无）", " 略 "])
def test_a_section_five_that_says_nothing_is_flagged(text: str) -> None:
    report = written(zero_report(Edition.E2021, 2025))
    report.sections[4].text = text
    (found,) = supervisor_checks(report)
    assert found.code == "empty-section"
    assert found.section == 5
    assert "第五部分“存在的主要问题及改进情况”" in found.message
    assert found.message.endswith("：应写明本年度存在的主要问题和改进情况")


def test_an_empty_overview_is_flagged_but_not_the_table_sections_nor_a_six_that_says_none() -> None:
    report = zero_report(Edition.E2019, 2020)  # 二 to 四 hold only tables; 六 says 「本年度未收取信息处理费」
    report.sections[5].text = "无。"
    report.sections[4].text = "政策解读形式较为单一。下一步将采用图解方式解读重要政策。"
    (found,) = supervisor_checks(report)
    assert found.section == 1
    assert found.message == "第一部分“总体情况”没有内容：应写明本年度政府信息公开工作的总体情况"


def test_a_written_section_five_or_a_missing_one_is_not_this_rules_business() -> None:
    assert supervisor_checks(written(zero_report(Edition.E2021, 2025))) == []
    report = written(zero_report(Edition.E2021, 2025))
    del report.sections[4]
    assert supervisor_checks(report) == []
    assert "缺少第五部分“存在的主要问题”" in [f.message for f in check(report) if f.code == "structure"]


# --- the form checks, on real reports --------------------------------------------------------


def test_a_whole_real_report_in_the_right_form_raises_none_of_the_form_checks() -> None:
    # 31: 上海市人民政府办公厅 2019, the 2019 format, six sections, 五 written, published 2020-01-31;
    # it reports the city government's 13 规章, which the city may make.
    shanghai = real("31")
    assert (shanghai.year, shanghai.edition, [s.number for s in shanghai.sections]) == (
        2019,
        Edition.E2019,
        [1, 2, 3, 4, 5, 6],
    )
    (found,) = check_set([shanghai])
    form = {"edition", "structure", "empty-section", "fee-statement", "rules-authority", "deadline", "jump"}
    assert [f for f in found if f.code in form] == []


@pytest.mark.parametrize(("prefix", "year"), [("45", 2022), ("06", 2021), ("07", 2021)])
def test_real_reports_in_the_old_format_after_2021_are_the_wrong_edition(prefix: str, year: int) -> None:
    # Each is a 2021 or 2022 report whose table 二 has the 2019 layout (上一年项目数量, 本年增/减).
    (found,) = check_set([real(prefix)])
    (edition,) = [f for f in found if f.code == "edition"]
    assert edition.values == {"required": "E2021", "used": "E2019"}
    assert f"{year}年度报告应使用2021年版格式" in edition.message


def test_a_real_township_report_with_rules_is_flagged_once() -> None:
    # 42: the text calls itself only 「我镇」 and table 二 gives 规章 in force; a town makes no 规章.
    (found,) = check_set([real("42")])
    (rules,) = [f for f in found if f.code == "rules-authority"]
    assert rules.message.startswith(
        "报告未写明机关名称，正文自称“我镇”：乡镇、街道和县、区的机关无权制定规章"
    )


@pytest.mark.parametrize(
    "said",
    [
        "本年度未收取信息处理费。",
        "本年度未收取信息公开处理费。",
        "本年度共发出收费通知2件，收取信息处理费300元。",
        "依申请公开工作中未向申请人收取任何费用。",
        "全年未发出收费通知。",
    ],
)
def test_the_ways_reports_state_the_processing_fee(said: str) -> None:
    report = zero_report(Edition.E2021, 2022)
    report.sections[5].text = said
    assert [f for f in check(report) if f.code == "fee-statement"] == []


@pytest.mark.parametrize(
    "said",
    [
        "无。",
        "本年度未收取行政事业性收费。",  # table 二's row, not the processing fee
        "本单位工作经费用于网站维护。",
    ],
)
def test_what_is_not_a_fee_statement(said: str) -> None:
    report = zero_report(Edition.E2021, 2022)
    report.sections[5].text = said
    assert [f.code for f in check(report) if f.code == "fee-statement"] == ["fee-statement"]
    report = zero_report(Edition.E2019, 2020)  # a 2019-format report of 2020 owes no fee statement
    report.sections[5].text = said
    assert [f for f in check(report) if f.code == "fee-statement"] == []


def test_a_folder_finds_each_reports_previous_year_by_agency_and_year() -> None:
    before, now = pair(4, 30)
    other = written(zero_report(Edition.E2021, 2024, agency="示例县教育局"))
    other.tables["applications"]["new"]["total"] = 1
    found = check_set([now, other, before])
    assert [f.values["last_year"] for f in found[0] if f.code == "jump"] == [
        4
    ]  # its own 2024, not 示例县教育局's
    assert [f for f in found[1] + found[2] if f.code == "jump"] == []


def test_a_copy_cut_off_in_section_five_is_not_an_empty_five() -> None:
    # The importer says `truncated` when a document ends before its tables do; the section it
    # ends in may be empty only because the copy was cut there.
    report = written(zero_report(Edition.E2021, 2025))
    report.sections[4].text = ""
    del report.sections[5]
    assert [f.code for f in supervisor_checks(report)] == ["empty-section"]
    assert supervisor_checks(report, truncated=True) == []
    report.sections[0].text = ""  # not the last section: empty in any copy
    assert [f.section for f in supervisor_checks(report, truncated=True)] == [1]


def test_two_reports_that_name_no_agency_are_not_one_agencys_years() -> None:
    # 35 (2024) and 42 (2023) name no agency: neither is the other's previous year, and they are not
    # compared as one unit's earlier year.
    later, earlier = real("35"), real("42")
    assert (later.agency, later.year, earlier.agency, earlier.year) == (
        "（未识别机关）",
        2024,
        "（未识别机关）",
        2023,
    )
    found = check_set([later, earlier])
    assert [f for f in found[0] if f.code in ("jump", "carry-over", "similarity")] == []
