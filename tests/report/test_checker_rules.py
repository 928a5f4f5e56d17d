"""Each rule of DOMAIN.md §4 on a report built by hand, with the arithmetic worked out here."""

from __future__ import annotations

from datetime import date

from gongkai.annual_report.checker import check
from gongkai.annual_report.editions import Edition
from gongkai.annual_report.findings import Finding
from gongkai.annual_report.model import Section

from .helpers import zero_report


def errors(findings: list[Finding]) -> set[tuple[str, str | None, str | None]]:
    return {(str(f.code), f.row, f.column) for f in findings if f.severity == "error"}


def test_a_report_of_zeros_is_clean() -> None:
    assert check(zero_report()) == []
    assert check(zero_report(Edition.E2021, 2022)) == []


def test_balance_new_plus_carried_over_equals_handled_plus_carried_forward() -> None:
    report = zero_report()
    t = report.tables["applications"]
    # natural persons: 3 new + 1 carried over = 4, but 2 handled + 1 carried forward = 3
    for column in ("natural_person", "total"):
        t["new"][column], t["carried_over"][column] = 3, 1
        t["granted"][column], t["total"][column], t["carried_forward"][column] = 2, 2, 1
    found = check(report)
    assert errors(found) == {("balance", None, "natural_person"), ("balance", None, "total")}
    message = next(f.message for f in found if f.column == "natural_person")
    assert "3" in message
    assert "4" in message
    assert "自然人" in message


def test_outcome_rows_must_add_up_to_the_total() -> None:
    report = zero_report()
    t = report.tables["applications"]
    # commercial: granted 2 + partial 1 = 3 outcomes, printed total 3; new 3 balances.
    # research: granted 1, printed total 2 (wrong), new 2 so the balance itself holds.
    (
        t["granted"]["commercial"],
        t["partial"]["commercial"],
        t["total"]["commercial"],
        t["new"]["commercial"],
    ) = 2, 1, 3, 3
    t["granted"]["research"], t["total"]["research"], t["new"]["research"] = 1, 2, 2
    for row in ("granted", "partial", "total", "new"):
        t[row]["total"] = t[row]["commercial"] + t[row]["research"]  # type: ignore[operator]
    # column total: granted 3 + partial 1 = 4 outcomes against a printed total of 5
    assert errors(check(report)) == {
        ("outcome-sum", "total", "research"),
        ("outcome-sum", "total", "total"),
    }


def test_row_total_is_the_sum_of_the_six_applicant_columns() -> None:
    report = zero_report()
    t = report.tables["applications"]
    t["rejected_repeat"]["natural_person"] = 2
    t["rejected_repeat"]["legal_services"] = 1
    t["rejected_repeat"]["total"] = 2  # should be 3
    found = errors(check(report))
    assert ("row-total", "rejected_repeat", "total") in found


def test_each_appeal_group_total_adds_its_four_outcomes() -> None:
    report = zero_report()
    cases = report.tables["appeals"]["cases"]
    cases["review_upheld"], cases["review_pending"], cases["review_total"] = 1, 1, 2  # right
    cases["suit_direct_corrected"], cases["suit_direct_total"] = 1, 0  # wrong: 1 != 0
    assert errors(check(report)) == {("review-total", "cases", "suit_direct_total")}


def test_carried_over_must_match_last_years_carried_forward() -> None:
    last = zero_report(year=2019)
    this = zero_report(year=2020)
    last.tables["applications"]["carried_forward"]["natural_person"] = 2
    last.tables["applications"]["carried_forward"]["total"] = 2
    # this year's report says nothing was carried over
    assert errors(check(this, last)) == {
        ("carry-over", "carried_over", "natural_person"),
        ("carry-over", "carried_over", "total"),
    }


def test_item_counts_continue_from_last_year_in_the_2019_edition() -> None:
    last = zero_report(year=2019)
    this = zero_report(year=2020)
    last.tables["art20_5"]["license"]["prev_items"] = 14
    last.tables["art20_5"]["license"]["delta"] = -2
    this.tables["art20_5"]["license"]["prev_items"] = 14  # should be 14 - 2 = 12
    found = check(this, last)
    assert errors(found) == {("items-continuity", "license", "prev_items")}
    assert next(f for f in found if f.code == "items-continuity").values["expected"] == 12


def test_documents_in_force_follow_from_last_year_in_the_2021_edition() -> None:
    last = zero_report(Edition.E2021, 2021)
    this = zero_report(Edition.E2021, 2022)
    last.tables["art20_1"]["normative"]["in_force"] = 10
    this.tables["art20_1"]["normative"].update(issued=3, repealed=2, in_force=11)  # 10 + 3 - 2 = 11: right
    assert errors(check(this, last)) == set()
    this.tables["art20_1"]["normative"]["in_force"] = 12
    assert errors(check(this, last)) == {("in-force", "normative", "in_force")}


def test_without_last_year_issued_cannot_exceed_in_force_plus_repealed() -> None:
    report = zero_report(Edition.E2021, 2022)
    report.tables["art20_1"]["normative"].update(issued=5, repealed=1, in_force=3)  # 5 > 3 + 1
    assert errors(check(report)) == {("in-force", "normative", "in_force")}


def test_a_2021_report_in_the_2019_layout_is_the_wrong_edition() -> None:
    report = zero_report(Edition.E2019, 2021)
    report.sections[5].text = "本年度未收取信息处理费。"
    assert ("edition", None, None) in errors(check(report))
    assert ("edition", None, None) not in errors(check(zero_report(Edition.E2019, 2020)))


def test_publication_deadline_is_january_31_or_march_31_for_a_governments_own_report() -> None:
    report = zero_report(year=2020)
    report.published = date(2021, 1, 31)
    assert "deadline" not in {f.code for f in check(report)}
    report.published = date(2021, 2, 1)
    assert ("deadline", None, None) in errors(check(report))
    government = zero_report(year=2020, agency="示例县人民政府")
    government.own_level_report = True
    government.published = date(2021, 3, 31)
    assert "deadline" not in {f.code for f in check(government)}
    government.published = None
    assert [f.severity for f in check(government) if f.code == "deadline"] == ["warning"]


def test_statistics_period_must_be_the_report_year() -> None:
    report = zero_report(year=2020)
    report.period = (date(2020, 1, 1), date(2020, 12, 31))
    assert "period" not in {f.code for f in check(report)}
    report.period = (date(2019, 1, 1), date(2019, 12, 31))
    assert ("period", None, None) in errors(check(report))


def test_2021_edition_reports_must_state_processing_fees() -> None:
    report = zero_report(Edition.E2021, 2022)
    report.sections[5].text = "无其他需要报告的事项。"
    assert [f.code for f in check(report)] == ["fee-statement"]
    report.sections[5].text = "本年度共发出收费通知0件，收取信息处理费0元。"
    assert check(report) == []


def test_only_agencies_with_rule_making_power_report_rules() -> None:
    bureau = zero_report(agency="示例县文化和旅游局")
    bureau.tables["art20_1"]["rules"]["made"] = 1
    assert ("rules-authority", "rules", None) in errors(check(bureau))
    province = zero_report(agency="示例省人民政府")
    province.tables["art20_1"]["rules"]["made"] = 1
    assert "rules-authority" not in {f.code for f in check(province)}
    county = zero_report(agency="示例县人民政府")
    county.tables["art20_1"]["rules"]["made"] = 1
    assert ("rules-authority", "rules", None) in errors(check(county))


def test_prose_that_contradicts_the_tables() -> None:
    report = zero_report()
    report.sections[0].text = "全年共收到政府信息公开申请3件，均已按期答复。本年度未发生行政复议案件。"
    found = [f for f in check(report) if f.code == "narrative"]
    assert [(f.row, f.values) for f in found] == [("new", {"text": 3, "table": 0})]
    report.tables["appeals"]["cases"].update(review_upheld=1, review_total=1)
    report.tables["applications"]["new"].update(natural_person=3, total=3)
    report.tables["applications"]["granted"].update(natural_person=3, total=3)
    report.tables["applications"]["total"].update(natural_person=3, total=3)
    found = [f for f in check(report) if f.code == "narrative"]
    assert [(f.column, f.values) for f in found] == [("review_total", {"text": 0, "table": 1})]


def test_prose_that_agrees_with_the_tables_is_quiet() -> None:
    report = zero_report()
    report.sections[2].text = "2020年度，未收到信息公开申请件。"
    report.sections[3].text = "本年度我局没有因政府信息公开导致申请行政复议、提起行政诉讼的情况。"
    assert check(report) == []


def test_sections_missing_renumbered_or_added() -> None:
    report = zero_report()
    report.sections = [s for s in report.sections if s.number != 4]
    report.sections[3].number = 4  # 存在的主要问题 moved up to 四
    report.sections[4].number = 5
    report.sections.append(Section(6, "工作亮点", ""))
    messages = [f.message for f in check(report) if f.code == "structure"]
    assert any("缺少第四部分" in m for m in messages)
    assert any("存在的主要问题及改进情况" in m and "第五部分" in m for m in messages)
    assert any("工作亮点" in m for m in messages)
