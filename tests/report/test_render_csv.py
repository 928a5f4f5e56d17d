"""Long-format CSV: one line per cell, then the sections."""

from __future__ import annotations

import csv
import io

import pytest

from gongkai.annual_report.editions import Edition
from gongkai.annual_report.renderers import render, render_csv

from .render_samples import sample_report

HEADER = ["agency", "year", "edition", "published", "table", "row", "column", "value"]


def _records(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text.removeprefix("\ufeff"), newline="")))


# E2019 二: (一) 2×3 + (五) 2×3 + (六) 2×3 + (八) 1×2 + (九) 1×2 = 22
#       三: 23 rows × 7 = 161;  四: 15  → 198
# E2021 二: (一) 2×3 + (五) 1 + (六) 2 + (八) 1 = 10
#       三: 25 rows × 7 = 175;  四: 15  → 200
@pytest.mark.parametrize(("edition", "cells"), [(Edition.E2019, 198), (Edition.E2021, 200)])
def test_one_line_per_cell_then_two_per_section(edition: Edition, cells: int) -> None:
    records = _records(render_csv(sample_report(edition)))
    assert records[0] == HEADER
    body = records[1:]
    assert len([r for r in body if r[4] != "section"]) == cells
    assert len([r for r in body if r[4] == "section"]) == 6 * 2
    assert all(r[4] == "section" for r in body[cells:])  # the sections come last


def test_cells_come_in_edition_order_with_plain_values() -> None:
    records = _records(render_csv(sample_report(Edition.E2019)))
    assert records[1] == ["忻州市文化和旅游局", "2020", "E2019", "2021-01-27", "art20_1", "rules", "made", ""]
    values = {tuple(r[4:7]): r[7] for r in records[1:]}
    assert values[("art20_1", "normative", "made")] == "3"
    assert values[("art20_5", "license", "delta")] == "-2"
    assert values[("art20_9", "procurement", "amount")] == "484.69"
    assert values[("applications", "new", "commercial")] == ""  # missing, not 0
    assert values[("appeals", "cases", "review_total")] == "0"
    assert records[-2][4:] == ["section", "6", "title", "其他需要报告的事项"]
    assert records[-1][4:] == ["section", "6", "text", "本年度未收取信息处理费。"]


def test_multi_line_section_text_is_quoted_in_one_field() -> None:
    text = render_csv(sample_report())
    assert (
        ',section,1,text,"2020年，我局认真贯彻落实《中华人民共和国政府信息公开条例》。\n（一）主动公开情况\n'
        '全年主动公开政府信息4780条。"\r\n'
    ) in text


def test_csv_starts_with_a_byte_order_mark_for_excel() -> None:
    assert render_csv(sample_report()).startswith(
        "\ufeffagency,year,edition,published,table,row,column,value\r\n"
    )
    assert render(sample_report(), "csv").startswith(b"\xef\xbb\xbfagency,")


def test_unpublished_report_has_an_empty_date() -> None:
    records = _records(render_csv(sample_report(published=None)))
    assert {r[3] for r in records[1:]} == {""}
