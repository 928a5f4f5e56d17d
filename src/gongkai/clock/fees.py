"""The information processing fee (信息处理费) of 国办函〔2020〕109号.

Disclosure is normally free (Art. 42). For clearly excessive volume an agency may charge, for one
application, on ONE basis, never both:

* by count (按件): the application's place among one applicant's applications in one calendar
  month: the 1st-10th are free, the 11th-30th cost 100 元 each, and from the 31st each further
  band of 10 costs 100 元 more (31st-40th: 200 元, 41st-50th: 300 元, ...);
* by volume (按量): the pages of this one application: pages 1-30 free, 31-100 at 10 元,
  101-200 at 20 元, every page over 200 at 40 元.

Amounts are whole 元.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from gongkai.clock.errors import ClockError

FEE_SOURCE = "国办函〔2020〕109号"
FREE_APPLICATIONS_PER_MONTH = 10
FREE_PAGES = 30


class FeeBasis(StrEnum):
    BY_COUNT = "by_count"  # 按件
    BY_PAGES = "by_pages"  # 按量

    @property
    def label(self) -> str:
        return "按件计收" if self is FeeBasis.BY_COUNT else "按量计收"


@dataclass(frozen=True, slots=True)
class FeeLine:
    """One band of the tariff as applied: ``quantity`` units from ``first`` to ``last``."""

    first: int
    last: int
    unit_price: int  # 元 per application or per page
    quantity: int
    amount: int  # 元

    def to_dict(self) -> dict[str, int]:
        return {
            "first": self.first,
            "last": self.last,
            "unit_price": self.unit_price,
            "quantity": self.quantity,
            "amount": self.amount,
        }


@dataclass(frozen=True, slots=True)
class FeeQuote:
    basis: FeeBasis
    quantity: int  # the application's place in the month (by count), or its pages (by volume)
    amount: int  # 元, for this one application
    lines: tuple[FeeLine, ...]
    steps: tuple[str, ...]  # Simplified Chinese, for the fee notice and the clerk

    def to_dict(self) -> dict[str, Any]:
        return {
            "basis": str(self.basis),
            "quantity": self.quantity,
            "amount": self.amount,
            "lines": [line.to_dict() for line in self.lines],
            "steps": list(self.steps),
        }


def quote_fee(basis: FeeBasis | str, quantity: int) -> FeeQuote:
    """The fee for one application on one basis.

    By count, ``quantity`` is how many applications the applicant has made this calendar month,
    this one included (this is the 11th: 11). By volume, it is this application's page count.
    """
    try:
        basis = FeeBasis(basis)
    except ValueError:
        raise ClockError(f"无法识别的收费方式：{basis!r}（应为 by_count 按件 或 by_pages 按量）") from None
    if isinstance(quantity, bool) or not isinstance(quantity, int) or quantity < 1:
        what = "申请件数" if basis is FeeBasis.BY_COUNT else "页数"
        raise ClockError(f"{what}应为正整数，而不是{quantity!r}")
    return _by_count(quantity) if basis is FeeBasis.BY_COUNT else _by_pages(quantity)


def count_unit_price(nth: int) -> int:
    """元 charged for the applicant's ``nth`` application of the calendar month (按件)."""
    if nth <= FREE_APPLICATIONS_PER_MONTH:
        return 0
    if nth <= 30:
        return 100
    return 100 * (2 + (nth - 31) // 10)


def _count_band(nth: int) -> tuple[int, int]:
    if nth <= FREE_APPLICATIONS_PER_MONTH:
        return 1, FREE_APPLICATIONS_PER_MONTH
    if nth <= 30:
        return 11, 30
    first = 31 + (nth - 31) // 10 * 10
    return first, first + 9


def _by_count(nth: int) -> FeeQuote:
    price = count_unit_price(nth)
    first, last = _count_band(nth)
    line = FeeLine(first, last, price, 1, price)
    band = f"第{first}—{last}件"
    charge = f"属{band}，不收费" if price == 0 else f"适用{band}档，每件{price:,}元，本件收费{price:,}元"
    steps = (
        f"{FeeBasis.BY_COUNT.label}：本件为该申请人本自然月内第{nth}件申请，{charge}（{FEE_SOURCE}）。",
        f"合计：{price:,}元。",
    )
    return FeeQuote(FeeBasis.BY_COUNT, nth, price, (line,), steps)


_PAGE_BANDS: tuple[tuple[int, int | None, int], ...] = (
    (1, FREE_PAGES, 0),
    (31, 100, 10),
    (101, 200, 20),
    (201, None, 40),
)


def _by_pages(pages: int) -> FeeQuote:
    lines: list[FeeLine] = []
    parts: list[str] = []
    for first, last, price in _PAGE_BANDS:
        if pages < first:
            break
        upto = pages if last is None else min(pages, last)
        line = FeeLine(first, upto, price, upto - first + 1, (upto - first + 1) * price)
        lines.append(line)
        span = f"第{first}—{upto}页" if upto > first else f"第{first}页"
        if price == 0:
            parts.append(f"{span}免费")
        else:
            parts.append(f"{span}共{line.quantity}页，每页{price}元，计{line.amount:,}元")
    amount = sum(line.amount for line in lines)
    steps = (
        f"{FeeBasis.BY_PAGES.label}：本件申请共{pages}页（{FEE_SOURCE}）。",
        *(f"{part}。" for part in parts),
        f"合计：{amount:,}元。",
    )
    return FeeQuote(FeeBasis.BY_PAGES, pages, amount, tuple(lines), steps)
