"""Excel workbooks for downloads: a sheet with a bold, frozen header row, and cells written so that
text a spreadsheet would run as a formula (starting with = + - @) shows as typed and never runs,
even after the cell is edited (a string cell with Excel's quote prefix)."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
DATE_FORMAT = "yyyy-mm-dd"
BOLD = Font(bold=True)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

CellValue = str | int | Decimal | dt.date | None


def put(sheet: Worksheet, row: int, column: int, value: CellValue) -> Cell:
    """Write one cell; text that looks like a formula stays text."""
    cell = sheet.cell(row=row, column=column)
    assert isinstance(cell, Cell)  # written before any merging: never a MergedCell
    if isinstance(value, str):
        cell.value = value
        if value.startswith(FORMULA_STARTS):
            cell.data_type = "s"
            cell.quotePrefix = True
    elif isinstance(value, dt.date):
        cell.value = value
        cell.number_format = DATE_FORMAT
    else:
        cell.value = value
    return cell


def new_book(title: str) -> tuple[Workbook, Worksheet]:
    """A workbook and its first sheet, named `title` (at most 31 characters, as Excel allows)."""
    book = Workbook()
    sheet = book.active
    assert isinstance(sheet, Worksheet)
    sheet.title = title[:31]
    return book, sheet


def header_row(sheet: Worksheet, headers: Sequence[str], widths: Sequence[int] | None = None) -> None:
    """Bold headers in row 1, frozen above the rows, with column widths (default: from the header)."""
    for number, header in enumerate(headers, start=1):
        put(sheet, 1, number, header).font = BOLD
        width = widths[number - 1] if widths else max(12, 2 * len(header) + 4)
        sheet.column_dimensions[get_column_letter(number)].width = width
    sheet.freeze_panes = "A2"


def save_book(book: Workbook) -> bytes:
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
