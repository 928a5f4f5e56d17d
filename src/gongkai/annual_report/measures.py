"""The measures a supervisor compares units by, read from a report's canonical cells, and the
statistics of a group of peers (P25, P50, P75, a unit's percentile rank).

The cells each measure reads (the same keys in E2019 and E2021 unless said):

- 收到申请 ``received``: 表三 ``applications.new.total`` (一、本年新收).
- 办结 ``concluded``: 表三 ``applications.total.total`` (（七）总计); when that cell is blank, the
  sum of the outcome rows' ``total`` if every one is known. The outcome rows are the edition's:
  其他处理 is ``other`` in E2019 and ``other_no_correction`` + ``other_fee_unpaid`` +
  ``other_misc`` in E2021.
- 公开率 ``disclosure_rate`` = (``granted.total`` + ``partial.total``) / 办结. Sample: 办结.
- 纠错率 ``correction_rate`` = 纠正 / concluded reviews and suits, over table 四 ``appeals.cases``:
  纠正 = ``review_corrected`` + ``suit_direct_corrected`` + ``suit_after_review_corrected``;
  concluded = the ``upheld`` + ``corrected`` + ``other`` of the three groups (尚未审结 is not
  concluded, and 总计 includes it). Sample: the concluded cases.
- 每单位收到申请 (a group's measure): Σ 收到申请 / the units with a report on file.

A measure whose sample is below :data:`MIN_SAMPLE` cases is shown but not rated: it takes no
percentile rank and does not enter its peers' quartiles (「样本不足30件，不评」).

Outcomes are grouped for the stacked chart by the form's own headings (（一）to （六）).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Decimal

from .editions import APPEAL_GROUPS, outcome_row_keys
from .model import Number, Report

MIN_SAMPLE = 30
NOT_RATED = "样本不足30件，不评"

CORRECTED = tuple(f"{group}_corrected" for group, _ in APPEAL_GROUPS)
CONCLUDED = tuple(
    f"{group}_{suffix}" for group, _ in APPEAL_GROUPS for suffix in ("upheld", "corrected", "other")
)

# The outcome groups of table 三, in the order of the form: (key, label, row-key prefix).
OUTCOME_GROUPS: tuple[tuple[str, str, str], ...] = (
    ("granted", "予以公开", "granted"),
    ("partial", "部分公开", "partial"),
    ("withheld", "不予公开", "withheld_"),
    ("unavailable", "无法提供", "unavailable_"),
    ("rejected", "不予处理", "rejected_"),
    ("other", "其他处理", "other"),
)


@dataclass(frozen=True)
class Measures:
    """One report's figures (None: a cell the measure needs is blank)."""

    received: int | None
    concluded: int | None
    disclosed: int | None  # 予以公开 + 部分公开
    corrected: int | None  # 纠正, in reviews and suits
    appeals_concluded: int | None  # concluded reviews and suits

    @property
    def disclosure_rate(self) -> Decimal | None:
        return ratio(self.disclosed, self.concluded)

    @property
    def correction_rate(self) -> Decimal | None:
        return ratio(self.corrected, self.appeals_concluded)


def _int(value: Number | None) -> int | None:
    return None if value is None else int(value)


def _sum(values: Sequence[Number | None]) -> int | None:
    """The sum when every value is known; None otherwise (missing is not 0)."""
    if any(v is None for v in values):
        return None
    return sum(int(v) for v in values if v is not None)


def concluded(report: Report) -> int | None:
    total = report.get("applications", "total", "total")
    if total is not None:
        return int(total)
    return _sum([report.get("applications", row, "total") for row in outcome_row_keys(report.edition)])


def measures(report: Report) -> Measures:
    granted = report.get("applications", "granted", "total")
    partial = report.get("applications", "partial", "total")
    return Measures(
        received=_int(report.get("applications", "new", "total")),
        concluded=concluded(report),
        disclosed=_sum([granted, partial]),
        corrected=_sum([report.get("appeals", "cases", key) for key in CORRECTED]),
        appeals_concluded=_sum([report.get("appeals", "cases", key) for key in CONCLUDED]),
    )


def outcomes(report: Report) -> dict[str, int | None]:
    """The outcome groups' totals (column 总计), each None when one of its rows is blank."""
    rows = outcome_row_keys(report.edition)
    return {
        key: _sum([report.get("applications", row, "total") for row in rows if row.startswith(prefix)])
        for key, _, prefix in OUTCOME_GROUPS
    }


def ratio(part: int | None, whole: int | None) -> Decimal | None:
    if part is None or not whole:
        return None
    return Decimal(part) / Decimal(whole)


def total(values: Sequence[int | None]) -> int | None:
    """A group's sum of a count: the known values (None when none is known)."""
    known = [v for v in values if v is not None]
    return sum(known) if known else None


def rated(sample: int | None) -> bool:
    return sample is not None and sample >= MIN_SAMPLE


# --- peers -------------------------------------------------------------------------------------


def percentile(values: Sequence[Decimal], p: int) -> Decimal | None:
    """The p-th percentile by linear interpolation between closest ranks (Excel's PERCENTILE.INC,
    numpy's default): position (n - 1) × p / 100 in the sorted values."""
    if not values:
        return None
    ordered = sorted(values)
    position = Decimal(len(ordered) - 1) * Decimal(p) / 100
    low = int(position)
    fraction = position - low
    if low + 1 >= len(ordered):
        return ordered[-1]
    return ordered[low] + (ordered[low + 1] - ordered[low]) * fraction


def quartiles(values: Sequence[Decimal]) -> tuple[Decimal | None, Decimal | None, Decimal | None]:
    return percentile(values, 25), percentile(values, 50), percentile(values, 75)


def percentile_rank(value: Decimal, peers: Sequence[Decimal]) -> Decimal | None:
    """Where `value` stands among `peers` (itself included), 0 to 100: the share of peers below
    it plus half the share equal to it (mid-rank), so the same value always gets the same rank."""
    return ranker(peers)(value) if peers else None


def ranker(peers: Sequence[Decimal]) -> Callable[[Decimal], Decimal]:
    """:func:`percentile_rank` against the same peers for many values: the peers sorted once, each
    value placed by bisection (a group of thousands of units ranks in a blink, not n² steps)."""
    ordered = sorted(peers)
    n = len(ordered)

    def rank(value: Decimal) -> Decimal:
        below = bisect_left(ordered, value)
        equal = bisect_right(ordered, value) - below
        return (Decimal(below) + Decimal(equal) / 2) * 100 / n

    return rank


# --- the measures a page offers ----------------------------------------------------------------


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    rate: bool  # a share (shown as a percentage), else a count
    value: Callable[[Measures], Decimal | None]
    sample: Callable[[Measures], int | None]  # the cases the value rests on (the guard's count)


def _count(value: int | None) -> Decimal | None:
    return None if value is None else Decimal(value)


MEASURES: tuple[Measure, ...] = (
    Measure("received", "收到申请", False, lambda m: _count(m.received), lambda m: m.received),
    Measure("disclosure_rate", "公开率", True, lambda m: m.disclosure_rate, lambda m: m.concluded),
    Measure("correction_rate", "纠错率", True, lambda m: m.correction_rate, lambda m: m.appeals_concluded),
)
MEASURE_BY_KEY = {m.key: m for m in MEASURES}
