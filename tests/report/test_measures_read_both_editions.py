"""The comparison's measures on hand-made reports in both formats, and the peers' statistics on
hand-picked values. Every expected figure is worked out by hand in the comments."""

from __future__ import annotations

from decimal import Decimal

from gongkai.annual_report.editions import Edition
from gongkai.annual_report.measures import (
    measures,
    outcomes,
    percentile,
    percentile_rank,
    quartiles,
    rated,
)
from gongkai.annual_report.model import Report
from tests.report.helpers import zero_report


def _e2019() -> Report:
    r = zero_report(Edition.E2019, 2020)
    r.set("applications", "new", "total", 40)
    r.set("applications", "granted", "total", 20)
    r.set("applications", "partial", "total", 6)
    r.set("applications", "withheld_secret", "total", 2)
    r.set("applications", "withheld_process", "total", 3)
    r.set("applications", "unavailable_not_held", "total", 5)
    r.set("applications", "rejected_repeat", "total", 1)
    r.set("applications", "other", "total", 3)
    r.set("applications", "total", "total", 40)  # 20+6+2+3+5+1+3
    r.set("appeals", "cases", "review_upheld", 3)
    r.set("appeals", "cases", "review_corrected", 1)
    r.set("appeals", "cases", "review_pending", 2)  # not concluded
    r.set("appeals", "cases", "suit_direct_corrected", 1)
    r.set("appeals", "cases", "suit_after_review_other", 1)
    return r


def _e2021() -> Report:
    r = zero_report(Edition.E2021, 2022)
    r.set("applications", "new", "total", 12)
    r.set("applications", "granted", "total", 5)
    r.set("applications", "partial", "total", 1)
    r.set("applications", "other_no_correction", "total", 2)
    r.set("applications", "other_fee_unpaid", "total", 1)
    r.set("applications", "other_misc", "total", 1)
    r.set("applications", "total", "total", 10)  # 5+1+2+1+1
    return r


def test_disclosure_rate_in_the_2019_format() -> None:
    m = measures(_e2019())
    assert (m.received, m.concluded, m.disclosed) == (40, 40, 26)
    assert m.disclosure_rate == Decimal("0.65")  # (20 + 6) / 40


def test_correction_rate_counts_concluded_reviews_and_suits_only() -> None:
    m = measures(_e2019())
    # 纠正 1 (复议) + 1 (直接起诉) = 2; concluded 3+1 (复议) + 1 (直诉) + 1 (复议后起诉) = 6; 2 pending left out
    assert (m.corrected, m.appeals_concluded) == (2, 6)
    assert m.correction_rate == Decimal(2) / Decimal(6)


def test_disclosure_rate_in_the_2021_format() -> None:
    m = measures(_e2021())
    assert m.disclosure_rate == Decimal("0.6")  # (5 + 1) / 10
    assert m.correction_rate is None  # no concluded review or suit: no rate, not 0


def test_a_blank_total_is_made_from_the_editions_own_outcome_rows() -> None:
    r = _e2021()
    r.set("applications", "total", "total", None)
    assert measures(r).concluded == 10  # 5+1 and the three 其他处理 rows 2+1+1
    old = _e2019()
    old.set("applications", "total", "total", None)
    assert measures(old).concluded == 40  # the one 其他处理 row of 2019
    old.set("applications", "other", "total", None)
    assert measures(old).concluded is None  # an outcome blank too: unknown, never a guess


def test_outcomes_group_by_the_forms_headings_in_both_editions() -> None:
    assert outcomes(_e2019()) == {
        "granted": 20,
        "partial": 6,
        "withheld": 5,
        "unavailable": 5,
        "rejected": 1,
        "other": 3,
    }
    assert outcomes(_e2021())["other"] == 4  # 2 + 1 + 1


def test_quartiles_interpolate_between_ranks() -> None:
    values = [Decimal(v) for v in ("0.2", "0.4", "0.5", "0.9")]
    # positions (n-1)·p = 3·0.25 = 0.75 → 0.2 + 0.75·0.2 = 0.35; 1.5 → 0.45; 2.25 → 0.5 + 0.25·0.4 = 0.6
    assert quartiles(values) == (Decimal("0.35"), Decimal("0.45"), Decimal("0.6"))
    assert percentile([Decimal(7)], 75) == Decimal(7)
    assert percentile([], 50) is None


def test_percentile_rank_is_a_mid_rank() -> None:
    peers = [Decimal(v) for v in (1, 2, 2, 3)]
    assert percentile_rank(Decimal(2), peers) == Decimal(50)  # (1 below + 2/2 equal) / 4
    assert percentile_rank(Decimal(3), peers) == Decimal("87.5")  # (3 + 0.5) / 4
    assert percentile_rank(Decimal(1), peers) == Decimal("12.5")


def test_below_thirty_cases_a_measure_is_not_rated() -> None:
    assert not rated(29)
    assert rated(30)
    assert not rated(None)
