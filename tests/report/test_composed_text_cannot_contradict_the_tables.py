"""Composing the narrative: section templates, live fields, 同比, the fee statement.

Expected texts are worked out by hand from tests/composed_sample.py (its docstring shows table 三).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from gongkai.annual_report.checker import check
from gongkai.annual_report.compose import (
    NO_FEES,
    Problem,
    Resolved,
    fee_statement,
    field_name,
    fill,
    resolve,
    section_templates,
    year_on_year,
)
from gongkai.annual_report.editions import EDITIONS, Edition

from .composed_sample import composed_2025, report_2024, tables_2025


def test_the_composed_overview_says_what_the_tables_say() -> None:
    report = composed_2025()
    assert [s.title for s in report.sections] == list(EDITIONS[Edition.E2021].section_titles)
    lines = report.sections[0].text.split("\n")
    # 6 行政规范性文件 issued; 48 new (40 + 8), last year 40: (48 − 40) / 40 = 20%; 3 carried over;
    # 45 done (38 + 7); 6 carried forward (5 + 1); 复议 2 + 1 = 3; direct suits 1, after review 0.
    assert lines[0] == "（一）主动公开。全年通过政府网站主动公开政府信息1260条。本年制发行政规范性文件6件。"
    assert lines[1] == (
        "（二）依申请公开。本年度新收政府信息公开申请48件，同比增长20%；上年结转3件；办理完毕45件，"
        "结转下年度继续办理6件。因政府信息公开被申请行政复议3件，被提起行政诉讼1件、复议后起诉0件。"
    )
    # A government also reports 考核, 社会评议 and 责任追究.
    assert [line.split("。")[0] for line in lines[2:]] == [
        "（三）政府信息管理",
        "（四）平台建设",
        "（五）监督保障",
        "（六）考核",
        "（七）社会评议",
        "（八）责任追究",
    ]
    assert report.sections[5].text.split("\n")[0] == "本年度共发出收费通知2件，收取信息处理费300元。"
    # The composed report passes every rule, the narrative rule and the fee statement included.
    assert check(report, report_2024()) == []


def test_a_department_in_2019_gets_its_edition_and_no_government_topics() -> None:
    sections = section_templates(Edition.E2019, government=False)
    overview = sections[0].text
    assert "【表二·规范性文件·本年新制作数量】" in overview  # E2019's row and column
    assert "考核" not in overview
    assert "责任追究" not in overview
    assert sections[5].text == "（待补充：其他需要报告的事项。）"  # no fee statement before 2021
    assert [s.text for s in sections[1:4]] == ["", "", ""]  # the tables are the sections


def test_an_unwritten_2021_section_six_asks_for_the_fee_statement_and_the_key_points() -> None:
    six = section_templates(Edition.E2021, government=False)[5]
    filled = fill(six.text, tables_2025(), section=6)
    assert [p.problem for p in filled.problems] == [Problem.PROMPT, Problem.PROMPT]
    assert "收费通知" in filled.problems[0].field
    assert "工作要点" in filled.problems[1].field


@pytest.mark.parametrize(
    ("this", "last", "said"),
    [
        (48, 40, "同比增长20%"),  # 8 / 40
        (6, 8, "同比下降25%"),  # −2 / 8
        (4, 3, "同比增长33.3%"),  # 1 / 3 = 33.33…
        (7, 6, "同比增长16.7%"),  # 1 / 6 = 16.66… rounds up
        (1, 8, "同比下降87.5%"),  # −7 / 8
        (3, 1, "同比增长200%"),
        (5, 5, "与上年持平"),
        (0, 0, "与上年持平"),
        (5, 0, "上年为0，本年为5"),  # no percentage of nothing
        (Decimal("12.5"), Decimal("10"), "同比增长25%"),
    ],
)
def test_year_on_year_wording(this: int | Decimal, last: int | Decimal, said: str) -> None:
    assert year_on_year(this, last) == said


def test_last_year_fields_and_their_absence() -> None:
    report = tables_2025()
    text = "上年新收【上年：表三·本年新收·总计】件，【同比：表三·本年新收·总计】。"
    assert fill(text, report, report_2024()).text == "上年新收40件，同比增长20%。"
    without = fill(text, report, None, section=1)
    assert without.text == text  # left as typed, never blanked
    assert [(p.problem, p.section) for p in without.problems] == [
        (Problem.MISSING_LAST_YEAR, 1),
        (Problem.MISSING_LAST_YEAR, 1),
    ]
    assert "没有上一年度报告" in without.problems[0].message


def test_fields_that_cannot_be_filled_stay_visible_with_a_reason() -> None:
    report = tables_2025()
    report.set("art20_6", "penalty", "decisions", None)
    text = "【表三·不存在的行·总计】【表三·不予公开·自然人】【表二·行政处罚·本年处理决定数量】【表三·予以公开·其他】"
    filled = fill(text, report)
    # The last one is the commercial-or-other column 「其他」 of 予以公开: 0 in the sample.
    assert (
        filled.text == "【表三·不存在的行·总计】【表三·不予公开·自然人】【表二·行政处罚·本年处理决定数量】0"
    )
    assert [p.problem for p in filled.problems] == [
        Problem.UNKNOWN_FIELD,
        Problem.AMBIGUOUS_FIELD,  # eight 不予公开 rows
        Problem.MISSING_VALUE,  # the cell is None: missing is not 0
    ]
    assert filled.cells == (("art20_6", "penalty", "decisions"), ("applications", "granted", "other_org"))


def test_canonical_keys_work_as_fields_too() -> None:
    assert fill("【applications.carried_forward.total】件", tables_2025()).text == "6件"
    assert fill("【applications.nope.total】", tables_2025()).problems[0].problem is Problem.UNKNOWN_FIELD


@pytest.mark.parametrize("edition", list(Edition))
def test_every_cell_has_a_name_that_names_it_alone(edition: Edition) -> None:
    for table in EDITIONS[edition].tables:
        for row in table.rows:
            for column in table.columns:
                key = (table.key, row.key, column.key)
                assert resolve(edition, field_name(edition, key)) == key


def test_short_names_a_clerk_types() -> None:
    e = Edition.E2021
    assert resolve(e, "表三·本年新收·总计") == ("applications", "new", "total")
    assert resolve(e, "表三·予以公开·商业企业") == ("applications", "granted", "commercial")
    assert resolve(e, "表四·复议后起诉·总计") == ("appeals", "cases", "suit_after_review_total")
    assert resolve(e, "表二·行政许可·本年处理决定数量") == ("art20_5", "license", "decisions")
    assert resolve(e, "表三·予以公开") is Resolved.UNKNOWN  # a row, not a cell
    assert resolve(e, "表四·总计") is Resolved.AMBIGUOUS  # three groups have a 总计


def test_fee_statement() -> None:
    assert fee_statement(notices=0, amount=Decimal(0)) == NO_FEES == "本年度未收取信息处理费。"
    assert (
        fee_statement(notices=3, amount=Decimal("1250.50"))
        == "本年度共发出收费通知3件，收取信息处理费1250.5元。"
    )
    assert (
        fee_statement(notices=1, amount=Decimal("100.00")) == "本年度共发出收费通知1件，收取信息处理费100元。"
    )
    with pytest.raises(ValueError, match="应为0"):
        fee_statement(notices=0, amount=Decimal(5))
    with pytest.raises(ValueError, match="负数"):
        fee_statement(notices=-1, amount=Decimal(0))
