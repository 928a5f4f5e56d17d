"""The roll-up (汇总) adds the government's own tables and every unit's, cell by cell; a blank
cell is said, not taken for 0; a unit in the old format adds its 三 and 四 but not its 二; a
typed-in 汇总 is compared cell by cell. Every expected figure below is worked out by hand."""

from __future__ import annotations

from decimal import Decimal

from gongkai.annual_report.editions import Edition
from gongkai.annual_report.model import Report
from gongkai.annual_report.rollup import Part, RollUp, compare, roll_up
from tests.report.helpers import zero_report


def _own() -> Report:
    own = zero_report(Edition.E2021, 2025, "示例县人民政府")
    own.set("applications", "new", "natural_person", 2)
    own.set("applications", "new", "total", 2)
    own.set("applications", "carried_over", "total", 1)
    own.set("applications", "granted", "total", 2)
    own.set("applications", "total", "total", 2)
    own.set("applications", "carried_forward", "total", 1)
    own.set("art20_1", "normative", "in_force", 10)
    own.set("art20_8", "fees", "amount", Decimal("1.25"))
    return own


def _land() -> Report:
    land = zero_report(Edition.E2021, 2025, "示例县自然资源局")
    land.set("applications", "new", "total", 5)
    land.set("applications", "granted", "total", 3)
    land.set("applications", "partial", "total", 1)
    land.set("applications", "total", "total", 4)
    land.set("applications", "carried_forward", "total", 1)
    land.set("applications", "withheld_secret", "total", None)  # left blank in its report
    land.set("art20_1", "normative", "in_force", 7)
    land.set("art20_8", "fees", "amount", Decimal("0.5"))
    land.set("appeals", "cases", "review_corrected", 1)
    land.set("appeals", "cases", "review_total", 1)
    return land


def _fund() -> Report:
    """A unit still on the 2019 format: one 其他处理 row, a different table 二."""
    fund = zero_report(Edition.E2019, 2025, "示例县住房公积金管理中心")
    fund.set("applications", "new", "total", 3)
    fund.set("applications", "other", "total", 2)
    fund.set("applications", "total", "total", 2)
    fund.set("applications", "carried_forward", "total", 1)
    fund.set("art20_1", "normative", "total_public", 99)  # E2019's table 二: not added ...
    fund.set("art20_6", "penalty", "decisions", 4)  # ... but for 处理决定数量, the same in both
    return fund


def _rolled() -> RollUp:
    return roll_up(
        Part("示例县人民政府（本级）", _own()),
        [Part("示例县自然资源局", _land()), Part("示例县住房公积金管理中心", _fund())],
        missing=["示例县教育局"],
        agency="示例县人民政府",
        year=2025,
        edition=Edition.E2021,
    )


def test_counts_stocks_and_amounts_add_across_units() -> None:
    result = _rolled()
    total = result.report
    assert total.get("applications", "new", "total") == 2 + 5 + 3
    assert total.get("applications", "new", "natural_person") == 2
    assert total.get("applications", "granted", "total") == 2 + 3
    assert total.get("applications", "partial", "total") == 1
    assert total.get("applications", "total", "total") == 2 + 4 + 2
    assert total.get("applications", "carried_over", "total") == 1
    assert total.get("applications", "carried_forward", "total") == 1 + 1 + 1
    assert total.get("art20_1", "normative", "in_force") == 10 + 7  # each unit's stock: they add
    assert total.get("art20_8", "fees", "amount") == Decimal("1.75")
    assert isinstance(total.get("art20_8", "fees", "amount"), Decimal)
    assert total.get("appeals", "cases", "review_corrected") == 1


def test_the_sum_keeps_the_forms_balance() -> None:
    total = _rolled().report
    # 一 + 二 = 三（七）+ 四: 10 + 1 = 8 + 3
    assert total.get("applications", "new", "total") + total.get("applications", "carried_over", "total") == (
        total.get("applications", "total", "total") + total.get("applications", "carried_forward", "total")
    )


def test_an_old_format_unit_adds_its_other_outcomes_but_not_its_table_two() -> None:
    result = _rolled()
    total = result.report
    assert total.get("applications", "other_misc", "total") == 2
    assert total.get("applications", "other_no_correction", "total") == 0
    assert total.get("art20_1", "normative", "issued") == 0
    assert total.get("art20_1", "normative", "in_force") == 10 + 7  # the 99 not in it
    assert total.get("art20_6", "penalty", "decisions") == 4
    assert result.notes == [
        "示例县住房公积金管理中心的报告使用E2019格式：表二只计入两种格式相同的“处理决定数量”，"
        "表三“其他处理”并入E2021格式的对应行。"
    ]


def test_a_blank_cell_is_listed_with_the_unit_that_left_it_and_the_others_still_add() -> None:
    result = _rolled()
    total = result.report
    assert total.get("applications", "withheld_secret", "total") == 0  # own 0 + fund 0; land blank
    assert result.incomplete == {("applications", "withheld_secret", "total"): ["示例县自然资源局"]}


def test_units_without_a_report_are_carried_and_the_sum_says_it_is_incomplete() -> None:
    result = _rolled()
    assert result.missing == ["示例县教育局"]
    assert result.counted == ["示例县自然资源局", "示例县住房公积金管理中心"]
    assert not result.complete


def test_the_members_sum_leaves_out_the_governments_own_work() -> None:
    result = _rolled()
    assert result.members.get("applications", "new", "total") == 5 + 3


def test_a_cell_no_one_filled_stays_blank() -> None:
    a = zero_report(Edition.E2021, 2025, "甲")
    b = zero_report(Edition.E2021, 2025, "乙")
    a.set("appeals", "cases", "review_pending", None)
    b.set("appeals", "cases", "review_pending", None)
    result = roll_up(None, [Part("甲", a), Part("乙", b)], agency="县", year=2025, edition=Edition.E2021)
    assert result.report.get("appeals", "cases", "review_pending") is None
    assert result.incomplete[("appeals", "cases", "review_pending")] == ["甲", "乙"]


def test_a_typed_rollup_with_two_wrong_cells_lists_exactly_those_two() -> None:
    total = _rolled().report
    typed = Report.from_dict(total.to_dict())
    typed.set("applications", "new", "total", 11)  # computed 10
    typed.set("art20_8", "fees", "amount", Decimal("1.70"))  # computed 1.75
    found = compare(total, typed)
    assert [(d.key, d.computed, d.typed) for d in found] == [
        (("art20_8", "fees", "amount"), Decimal("1.75"), Decimal("1.70")),
        (("applications", "new", "total"), 10, 11),
    ]
    assert found[1].place == "表三“一、本年新收政府信息公开申请数量”行“总计”"


def test_a_typed_rollup_in_the_old_format_is_compared_on_tables_three_and_four() -> None:
    total = _rolled().report
    typed = zero_report(Edition.E2019, 2025, "示例县人民政府")
    for table in ("applications", "appeals"):
        for row, columns in total.tables[table].items():
            for column, value in columns.items():
                if row not in ("other_no_correction", "other_fee_unpaid", "other_misc"):
                    typed.set(table, row, column, value)
    typed.set("applications", "other", "total", 2)
    typed.set("art20_6", "penalty", "decisions", 4)  # a cell of 二 both formats have: compared, equal
    typed.set("appeals", "cases", "review_total", 4)  # computed 1
    found = compare(total, typed)
    assert [(d.key, d.computed, d.typed) for d in found] == [(("appeals", "cases", "review_total"), 1, 4)]
    assert found[0].place == "表四“案件数”行“行政复议·总计”"
