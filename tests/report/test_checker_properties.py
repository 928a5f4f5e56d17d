"""Properties of the checker over random valid reports (hypothesis)."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.annual_report.checker import check
from gongkai.annual_report.editions import APPEAL_GROUPS, Edition, outcome_row_keys
from gongkai.annual_report.model import Report
from gongkai.annual_report.sample import valid_report

EDITIONS = st.sampled_from([Edition.E2019, Edition.E2021])


@st.composite
def reports(draw: st.DrawFn, edition: Edition | None = None) -> Report:
    chosen = edition or draw(EDITIONS)
    return valid_report(lambda low, high: draw(st.integers(low, high)), chosen)


@st.composite
def report_with_previous(draw: st.DrawFn) -> tuple[Report, Report]:
    """This year's report and last year's, consistent across the years."""
    edition = draw(EDITIONS)
    this = draw(reports(edition))
    last = draw(reports(edition))
    this.year = 2020 if edition is Edition.E2019 else draw(st.integers(2022, 2026))
    last.year, last.agency = this.year - 1, this.agency
    this.published, last.published = date(this.year + 1, 1, 20), date(last.year + 1, 1, 20)
    last_apps = last.tables["applications"]
    for column, value in this.tables["applications"]["carried_over"].items():
        last_apps["carried_forward"][column] = value
    if edition is Edition.E2019:
        for table in ("art20_5", "art20_6", "art20_8"):
            for row, cells in this.tables[table].items():
                delta = last.tables[table][row]["delta"]
                last.tables[table][row]["prev_items"] = cells["prev_items"] - delta  # type: ignore[operator]
    else:
        for row, cells in this.tables["art20_1"].items():
            last.tables["art20_1"][row]["in_force"] = cells["in_force"] - cells["issued"] + cells["repealed"]  # type: ignore[operator]
    return this, last


def expected_codes(report: Report, table: str, row: str, column: str) -> set[str]:
    """Which rules a change to one cell breaks, worked out from the identities in DOMAIN.md §4."""
    if table == "applications":
        codes = {"row-total"}
        if row in outcome_row_keys(report.edition) or row == "total":
            codes.add("outcome-sum")
        if row in ("new", "carried_over", "total", "carried_forward"):
            codes.add("balance")
        if row == "carried_over":
            codes.add("carry-over")
        return codes
    if table == "appeals":
        return {"review-total"}
    if table == "art20_1":
        return {"in-force"}
    return {"items-continuity"}


def checkable_cells(report: Report) -> list[tuple[str, str, str]]:
    cells = [
        (t, r, c)
        for t in ("applications", "appeals")
        for r, columns in report.tables[t].items()
        for c in columns
    ]
    if report.edition is Edition.E2019:
        cells += [(t, r, "prev_items") for t in ("art20_5", "art20_6", "art20_8") for r in report.tables[t]]
    else:
        cells += [("art20_1", "normative", c) for c in ("issued", "repealed", "in_force")]
    return cells


@pytest.mark.slow
@settings(max_examples=60)
@given(reports())
def test_random_valid_reports_raise_nothing(report: Report) -> None:
    assert check(report) == []


@pytest.mark.slow
@settings(max_examples=150)
@given(report_with_previous(), st.data(), st.integers(1, 5))
def test_changing_any_checked_cell_raises_exactly_the_rules_it_breaks(
    pair: tuple[Report, Report], data: st.DataObject, amount: int
) -> None:
    this, last = pair
    assert check(this, last) == []
    table, row, column = data.draw(st.sampled_from(checkable_cells(this)))
    this.tables[table][row][column] += amount  # type: ignore[operator]
    raised = {str(f.code) for f in check(this, last) if f.severity == "error"}
    assert raised == expected_codes(this, table, row, column)


def test_every_appeal_group_is_checked() -> None:
    assert [g for g, _ in APPEAL_GROUPS] == ["review", "suit_direct", "suit_after_review"]
