"""The prose is held against the tables only where a sentence states the same quantity.

Each report below has 28 applications handled (12 granted), 3 reviews and 2 lawsuits in its
tables; each sentence is one that real reports write about such a year.
"""

from __future__ import annotations

from gongkai.annual_report.checker import check
from gongkai.annual_report.editions import Edition
from gongkai.annual_report.model import Report
from tests.report.helpers import zero_report


def busy_report() -> Report:
    report = zero_report(Edition.E2021, 2022)
    apps = report.tables["applications"]
    apps["new"].update(natural_person=28, total=28)
    apps["granted"].update(natural_person=12, total=12)
    apps["unavailable_not_held"].update(natural_person=16, total=16)
    apps["total"].update(natural_person=28, total=28)
    report.tables["appeals"]["cases"].update(
        review_upheld=3, review_total=3, suit_direct_upheld=2, suit_direct_total=2
    )
    return report


def narrative(report: Report) -> list[tuple[str | None, object]]:
    return [
        (f.row if f.row != "cases" else f.column, f.values["text"])
        for f in check(report)
        if f.code == "narrative"
    ]


def test_one_outcome_is_not_the_number_handled() -> None:
    report = busy_report()
    report.sections[
        2
    ].text = (
        "全年共办结政府信息公开申请28件，其中予以公开12件。对政府信息公开申请均已依法答复其中予以公开12件。"
    )
    assert narrative(report) == []


def test_no_review_against_the_agency_is_not_zero_reviews() -> None:
    report = busy_report()
    report.sections[3].text = "本年度未发生行政复议被纠错、行政诉讼败诉的情况。"
    assert narrative(report) == []


def test_a_sentence_stating_the_same_quantity_is_still_held_against_the_tables() -> None:
    report = busy_report()
    report.sections[2].text = "全年共办结政府信息公开申请26件。"
    report.sections[3].text = "本年度未发生行政复议案件。"
    assert narrative(report) == [("total", 26), ("review_total", 0)]


def test_the_information_disclosure_processing_fee_is_the_processing_fee() -> None:
    report = busy_report()
    report.sections[5].text = "本年度未收取信息公开处理费。"
    assert [f for f in check(report) if f.code == "fee-statement"] == []
    report.sections[5].text = "无。"
    assert [f.code for f in check(report) if f.code == "fee-statement"] == ["fee-statement"]
