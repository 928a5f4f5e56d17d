"""The registers as Excel workbooks: an empty template per register, a register's rows, table 二.

A register's export has exactly the columns its import expects, so an exported sheet can be
edited and imported again. Text that a spreadsheet would run as a formula (a cell starting with
= + - @) is written as a string cell marked with Excel's quote prefix: it shows as typed and
never runs, even after the cell is edited.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import models
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from gongkai.annual_report.findings import Finding
from gongkai.annual_report.model import Report
from gongkai.annual_report.renderers.layout import Axis, section_tables
from gongkai.web.xlsx import BOLD, DATE_FORMAT, CellValue, header_row, new_book, put, save_book

from .importing import REGISTERS, Column, Register
from .models import Cleanup, CleanupDecision

THIN = Side(style="thin", color="000000")
GRID = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRED = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _register_sheet(register: Register) -> tuple[Workbook, Worksheet]:
    """A workbook whose first sheet carries the register's import headers."""
    book, sheet = new_book(register.name)
    header_row(sheet, register.headers, [_width(c) for c in register.columns])
    return book, sheet


def _width(column: Column) -> int:
    return {"text": 36, "date": 14, "int": 8, "decimal": 16, "choice": 20}[column.kind]


def _requirement(column: Column) -> str:
    if column.kind == "date":
        return "日期，写作2026-03-01（也可写2026/3/1或2026年3月1日）"
    if column.kind == "int":
        return "四位数年度，如2026"
    if column.kind == "decimal":
        return "只填数字，不带单位和逗号，不能为负数"
    if column.kind == "choice":
        return "从以下选一个：" + "、".join(dict.fromkeys(label for label, _ in column.choices))
    return "文字"


def template(key: str) -> bytes:
    """An empty sheet with the register's headers, drop-down lists for its types, and a sheet
    of instructions (the importer reads only the first sheet)."""
    register = REGISTERS[key]
    book, sheet = _register_sheet(register)
    for number, column in enumerate(register.columns, start=1):
        letter = get_column_letter(number)
        if column.kind == "choice":
            labels = ",".join(dict.fromkeys(label for label, _ in column.choices))
            check = DataValidation(type="list", formula1=f'"{labels}"', allow_blank=not column.required)
            check.error = f"请从列表中选择{column.header}"
            sheet.add_data_validation(check)
            check.add(f"{letter}2:{letter}5000")
        elif column.kind == "date":
            sheet.column_dimensions[letter].number_format = DATE_FORMAT  # the whole column, no empty cells
    notes = book.create_sheet("填写说明")
    header_row(notes, ("列名", "是否必填", "填写要求"), [18, 10, 60])
    for row, column in enumerate(register.columns, start=2):
        put(notes, row, 1, column.header)
        put(notes, row, 2, "必填" if column.required else "选填")
        put(notes, row, 3, _requirement(column))
    last = len(register.columns) + 3
    put(notes, last, 1, "说明")
    put(
        notes,
        last,
        3,
        "第一行表头不要改动；每行一条记录；导入只新增记录，已登记且内容相同的行会跳过。"
        "上传后先预览，确认无误后才会导入；有任何一行错误则不导入任何记录。",
    )
    return save_book(book)


def _value(column: Column, value: object) -> CellValue:
    if column.kind == "choice":
        return next((label for label, stored in column.choices if stored == value), str(value))
    if value is None or isinstance(value, str | int | Decimal | dt.date):
        return value
    return str(value)


def register_rows(key: str, rows: Iterable[models.Model]) -> bytes:
    """A register's rows under the headers its import expects."""
    register = REGISTERS[key]
    book, sheet = _register_sheet(register)
    for row, record in enumerate(rows, start=2):
        for number, column in enumerate(register.columns, start=1):
            put(sheet, row, number, _value(column, getattr(record, column.attr)))
    return save_book(book)


CLEANUP_HEADERS = ("清理名称", "清理决定日期", "公布日期", "文件名称", "文号", "类别", "清理结果")


def cleanup_rows(cleanups: Iterable[Cleanup], decisions: Iterable[CleanupDecision]) -> bytes:
    """One line per document a clean-up reviewed."""
    by_cleanup: dict[int, list[CleanupDecision]] = {}
    for decision in decisions:
        by_cleanup.setdefault(decision.cleanup_id, []).append(decision)
    book, sheet = new_book("文件清理")
    header_row(sheet, CLEANUP_HEADERS, [30, 14, 14, 36, 24, 16, 12])
    row = 2
    for cleanup in cleanups:
        for decision in by_cleanup.get(cleanup.pk, []):
            document = decision.document
            for number, value in enumerate(
                (
                    cleanup.name,
                    cleanup.decided_on,
                    cleanup.published_on,
                    document.title,
                    document.doc_number,
                    document.get_kind_display(),
                    decision.get_decision_display(),
                ),
                start=1,
            ):
                put(sheet, row, number, value)
            row += 1
    return save_book(book)


def table_two(report: Report, findings: Sequence[Finding]) -> bytes:
    """Table 二 in its official grid (merged headings, numbers as numbers), and the checker's findings."""
    (layout,) = section_tables(report, 2)
    book, sheet = new_book("表二")
    title = f"{report.agency}{report.year}年度 二、{layout.caption}"
    put(sheet, 1, 1, title).font = Font(bold=True, size=14)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=layout.width)
    top = 2
    for cell in layout.cells:
        value: CellValue = cell.text
        if cell.axis is None and cell.key is not None:
            value = report.get(*cell.key)
        target = put(sheet, top + cell.row, 1 + cell.column, value)
        target.alignment = CENTRED
        if cell.axis is Axis.COLUMN:
            target.font = BOLD
        if cell.merged:
            sheet.merge_cells(
                start_row=top + cell.row,
                start_column=1 + cell.column,
                end_row=top + cell.row + cell.rowspan - 1,
                end_column=cell.column + cell.colspan,
            )
    for line in sheet.iter_rows(min_row=top, max_row=top + layout.height - 1, max_col=layout.width):
        for slot in line:
            slot.border = GRID
    total = sum(layout.column_weights)
    for number, weight in enumerate(layout.column_weights, start=1):
        sheet.column_dimensions[get_column_letter(number)].width = max(10, round(90 * weight / total))
    checks = book.create_sheet("核对结果")
    header_row(checks, ("级别", "规则", "说明"), [8, 18, 90])
    for row, finding in enumerate(findings, start=2):
        put(checks, row, 1, "错误" if finding.severity == "error" else "提示")
        put(checks, row, 2, str(finding.code))
        put(checks, row, 3, finding.message)
    return save_book(book)
