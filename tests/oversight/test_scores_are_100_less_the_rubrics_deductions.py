"""The 考评 of four units with known defects, worked out by hand (scoring.py, no database).

Every unit's deadline is 2026-01-31; the scores are made on 2026-03-01.

- 甲 (platform): filed 01-20, published 01-25, no findings                        → 100
- 乙 (platform): filed 02-03 and published 02-10 (both late); section 五 missing and
  section 一 empty (one 要素缺失, however many findings)                           → 100 − 5 − 5 − 5 = 85
- 丙 (not on the platform): its file dated 01-30; a 雷同 finding (照搬)            → 100 − 5 = 95
  (not scored on 报送逾期: it files nothing on the platform)
- 丁 (platform): filed 01-10 (on time), returned 01-15 and not filed again, so not
  published by 03-01                                                               → 100 − 5 − 5 = 90
"""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.oversight.scoring import DEFAULT_POINTS, Item, Rubric, UnitFacts, score, score_unit

DUE = dt.date(2026, 1, 31)
SCORED_ON = dt.date(2026, 3, 1)

MISSING_FIVE = {
    "code": "structure",
    "severity": "warning",
    "message": "缺少第五部分“存在的主要问题及改进情况”",
}
EMPTY_ONE = {"code": "empty-section", "severity": "warning", "message": "第一部分“总体情况”没有内容"}
COPIED = {"code": "similarity", "severity": "warning", "message": "正文与本单位2024年度报告雷同（照搬）"}


def _units() -> list[UnitFacts]:
    return [
        UnitFacts(1, "甲", DUE, True, dt.date(2026, 1, 20), dt.date(2026, 1, 25)),
        UnitFacts(
            2, "乙", DUE, True, dt.date(2026, 2, 3), dt.date(2026, 2, 10), findings=[MISSING_FIVE, EMPTY_ONE]
        ),
        UnitFacts(3, "丙", DUE, False, None, dt.date(2026, 1, 30), findings=[COPIED]),
        UnitFacts(4, "丁", DUE, True, dt.date(2026, 1, 10), None, returned_on=dt.date(2026, 1, 15)),
    ]


def test_four_units_with_known_defects_score_as_worked_out_by_hand() -> None:
    scores = score(_units(), Rubric(DEFAULT_POINTS), SCORED_ON)
    assert [(s.facts.name, s.total, s.rank) for s in scores] == [
        ("甲", 100, 1),
        ("丙", 95, 2),
        ("丁", 90, 3),
        ("乙", 85, 4),
    ]
    by_name = {s.facts.name: s for s in scores}
    assert [d.item for d in by_name["乙"].deductions] == [
        Item.FILED_LATE,
        Item.PUBLISHED_LATE,
        Item.ELEMENTS_MISSING,
    ]
    assert [d.item for d in by_name["丁"].deductions] == [Item.PUBLISHED_LATE, Item.RETURNED_UNFIXED]


def test_each_deduction_carries_its_evidence() -> None:
    by_name = {s.facts.name: s for s in score(_units(), Rubric(DEFAULT_POINTS), SCORED_ON)}
    late = by_name["乙"].deducted(Item.FILED_LATE)
    assert late is not None
    assert [(e.text, e.on) for e in late.evidence] == [
        ("2026年2月3日报送，晚于期限2026年1月31日3天", dt.date(2026, 2, 3))
    ]
    published = by_name["乙"].deducted(Item.PUBLISHED_LATE)
    assert published is not None
    assert published.evidence[0].text == "2026年2月10日发布，晚于期限2026年1月31日10天"
    missing = by_name["乙"].deducted(Item.ELEMENTS_MISSING)
    assert missing is not None
    assert [e.finding for e in missing.evidence] == [MISSING_FIVE, EMPTY_ONE]
    returned = by_name["丁"].deducted(Item.RETURNED_UNFIXED)
    assert returned is not None
    assert returned.evidence[0].text == "2026年1月15日退回修改，至今未重新报送"
    not_published = by_name["丁"].deducted(Item.PUBLISHED_LATE)
    assert not_published is not None
    assert not_published.evidence[0].text == "截至2026年3月1日未发布（期限2026年1月31日）"


def test_the_supervisors_own_rubric_changes_the_totals_and_equal_totals_share_a_rank() -> None:
    # 报送逾期 10 points, 雷同 not deducted: 乙 100 − 10 − 5 − 5 = 80, 丙 100, 丁 90
    rubric = Rubric(DEFAULT_POINTS | {Item.FILED_LATE: 10, Item.SIMILARITY: 0})
    scores = score(_units(), rubric, SCORED_ON)
    assert [(s.facts.name, s.total, s.rank) for s in scores] == [
        ("甲", 100, 1),
        ("丙", 100, 1),
        ("丁", 90, 3),
        ("乙", 80, 4),
    ]


def test_a_total_never_falls_below_zero() -> None:
    rubric = Rubric({item: 40 for item in Item})  # 乙: three items, 120 points
    assert score_unit(_units()[1], rubric, SCORED_ON).total == 0


def test_before_the_deadline_nothing_unfiled_or_unpublished_is_late() -> None:
    waiting = UnitFacts(5, "戊", DUE, True, None, None)
    assert score_unit(waiting, Rubric(DEFAULT_POINTS), dt.date(2026, 1, 31)).deductions == ()
    # the day after, both 报送逾期 and 发布逾期
    late = score_unit(waiting, Rubric(DEFAULT_POINTS), dt.date(2026, 2, 1))
    assert [d.item for d in late.deductions] == [Item.FILED_LATE, Item.PUBLISHED_LATE]
    assert late.total == 90


def test_a_unit_known_by_its_file_only_without_one_found_is_deducted_for_publishing_late() -> None:
    unit = UnitFacts(7, "庚", DUE, False, None, None)
    found = score_unit(unit, Rubric(DEFAULT_POINTS), SCORED_ON)
    assert [(d.item, d.evidence[0].text) for d in found.deductions] == [
        (Item.PUBLISHED_LATE, "截至2026年3月1日未找到已发布的报告（期限2026年1月31日）")
    ]
    assert found.total == 95


def test_a_file_that_states_no_date_and_a_renumbered_section_are_not_deducted() -> None:
    renumbered = {
        "code": "structure",
        "severity": "warning",
        "message": "“其他需要报告的事项”编为第七部分，格式规定为第六部分",
    }
    unit = UnitFacts(6, "己", DUE, False, None, None, publication_unknown=True, findings=[renumbered])
    assert score_unit(unit, Rubric(DEFAULT_POINTS), SCORED_ON).total == 100


def test_a_rubric_outside_0_to_100_points_is_refused() -> None:
    with pytest.raises(ValueError, match="“雷同”的扣分应在0至100分之间"):
        Rubric(DEFAULT_POINTS | {Item.SIMILARITY: 101})


def test_a_2021_report_that_says_nothing_of_processing_fees_misses_a_required_element() -> None:
    # 庚: filed 01-20 and published 01-25 (on time); section 六 says nothing of 信息处理费, which
    # the 2021 format requires (fee-statement) → 100 − 5 (要素缺失) = 95
    no_fees = {
        "code": "fee-statement",
        "severity": "warning",
        "message": "2021年版报告第六部分应说明信息处理费的收取情况",
    }
    unit = UnitFacts(7, "庚", DUE, True, dt.date(2026, 1, 20), dt.date(2026, 1, 25), findings=[no_fees])
    scored = score_unit(unit, Rubric(DEFAULT_POINTS), SCORED_ON)
    assert scored.total == 95
    assert [d.item for d in scored.deductions] == [Item.ELEMENTS_MISSING]
