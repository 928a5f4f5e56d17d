"""信息处理费 of 国办函〔2020〕109号: one basis per application, amounts in 元."""

import pytest

from gongkai.clock import ClockError, FeeBasis, quote_fee


def test_250_pages_cost_4700_yuan() -> None:
    # pages 1-30 free; 31-100: 70 x 10 = 700; 101-200: 100 x 20 = 2,000; 201-250: 50 x 40 = 2,000.
    quote = quote_fee(FeeBasis.BY_PAGES, 250)
    assert quote.amount == 4700
    assert [(line.first, line.last, line.amount) for line in quote.lines] == [
        (1, 30, 0),
        (31, 100, 700),
        (101, 200, 2000),
        (201, 250, 2000),
    ]
    assert quote.steps[-1] == "合计：4,700元。"
    assert "第201—250页共50页，每页40元，计2,000元。" in quote.steps


@pytest.mark.parametrize(
    ("pages", "amount"),
    [
        (1, 0),
        (30, 0),
        (31, 10),  # 1 page at 10
        (100, 700),  # 70 pages at 10
        (101, 720),  # 700 + 1 page at 20
        (200, 2700),  # 700 + 100 at 20
        (201, 2740),  # 2,700 + 1 page at 40
    ],
)
def test_page_band_edges(pages: int, amount: int) -> None:
    assert quote_fee(FeeBasis.BY_PAGES, pages).amount == amount


@pytest.mark.parametrize(
    ("nth", "amount"),
    [(1, 0), (10, 0), (11, 100), (30, 100), (31, 200), (40, 200), (41, 300), (50, 300), (51, 400)],
)
def test_count_band_edges(nth: int, amount: int) -> None:
    # the applicant's nth application in the calendar month: 1-10 free, 11-30 100 元,
    # then +100 元 every 10 (31-40 200, 41-50 300, 51-60 400).
    assert quote_fee(FeeBasis.BY_COUNT, nth).amount == amount


def test_count_quote_explains_the_band() -> None:
    quote = quote_fee("by_count", 41)
    assert quote.basis is FeeBasis.BY_COUNT
    assert "第41件申请，适用第41—50件档，每件300元" in quote.steps[0]
    assert "不收费" in quote_fee(FeeBasis.BY_COUNT, 10).steps[0]


@pytest.mark.parametrize("quantity", [0, -3])
def test_quantity_must_be_positive(quantity: int) -> None:
    with pytest.raises(ClockError, match="正整数"):
        quote_fee(FeeBasis.BY_PAGES, quantity)


def test_unknown_basis_is_refused() -> None:
    with pytest.raises(ClockError, match="无法识别的收费方式"):
        quote_fee("both", 11)
