"""A finding's evidence in the file it was read from: where it is in the format (section, table,
row and column as the format prints them), the text of the file at the line the reader gives
(a text line, a paragraph or table of a Word document or web page, a PDF line with its page),
and the lines around it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from gongkai.annual_report.blocks import Paragraph, UnreadableError
from gongkai.annual_report.editions import EDITIONS, Edition, section_numeral
from gongkai.annual_report.importers import read_blocks, sniff
from gongkai.annual_report.model import TABLE_NUMBERS


@dataclass(frozen=True)
class Place:
    """Where a finding is, in words: 第三部分 · 表三 · “（三）不予公开 1.属于国家秘密” · “自然人”."""

    section: str
    table: str
    row: str
    column: str
    line: int | None

    @property
    def parts(self) -> list[str]:
        return [p for p in (self.section, self.table, self.row, self.column) if p]


def place(finding: dict[str, Any], edition: str) -> Place:
    """A stored finding's section, table, row and column as the format prints them."""
    try:
        tables = {t.key: t for t in EDITIONS[Edition(edition)].tables}
    except ValueError:
        tables = {}
    section = finding.get("section")
    table = tables.get(str(finding.get("table") or ""))
    row_label = column_label = ""
    if table is not None:
        try:
            row_label = "".join(table.row(str(finding["row"])).path) if finding.get("row") else ""
        except KeyError:
            row_label = str(finding.get("row") or "")
        try:
            column_label = table.column(str(finding["column"])).label if finding.get("column") else ""
        except KeyError:
            column_label = str(finding.get("column") or "")
    table_label = ""
    if table is not None:
        table_label = (
            f"{TABLE_NUMBERS.get(table.section, '')}{'：' + table.title if table.section == 2 else ''}"
        )
    line = finding.get("line") or (finding.get("evidence") or {}).get("line")
    return Place(
        f"第{section_numeral(section)}部分" if isinstance(section, int) else "",
        table_label,
        f"“{row_label}”行" if row_label else "",
        f"“{column_label}”列" if column_label else "",
        line if isinstance(line, int) else None,
    )


def source_lines(data: bytes) -> dict[int, str]:
    """The file's text by the line numbers the reader gives (a text line, a paragraph, a table
    row or cell): what a finding's line points at. Empty when the file cannot be read."""
    try:
        blocks = read_blocks(data, sniff(data))
    except (UnreadableError, ValueError, KeyError, IndexError, OSError, EOFError, TypeError):
        return {}
    lines: dict[int, list[str]] = {}
    for block in blocks:
        if isinstance(block, Paragraph):
            lines.setdefault(block.line, []).append(block.text)
        else:
            for cells in block.rows:
                for cell in cells:
                    if cell.text:
                        lines.setdefault(cell.line, []).append(cell.text)
    # A Word or web table counts as one position: its cells would make one endless line.
    return {n: cut(" | ".join(texts), LINE_CHARS) for n, texts in sorted(lines.items())}


LINE_CHARS = 300


def cut(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def around(lines: dict[int, str], line: int, span: int = 3) -> list[tuple[int, str, bool]]:
    """The lines before and after `line` (the one itself marked)."""
    numbers = sorted(lines)
    if not numbers:
        return []
    at = min(range(len(numbers)), key=lambda i: abs(numbers[i] - line))
    window = numbers[max(0, at - span) : at + span + 1]
    return [(n, lines[n], n == line) for n in window]


MAX_PAGES_SEARCHED = 300
_SPACE = re.compile(r"\s+")


def pdf_page(data: bytes, text: str) -> int | None:
    """The page of a PDF whose text holds `text` (the first such page), else None."""
    needle = _SPACE.sub("", text)
    if len(needle) < 2:
        return None
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(data)
    except (pdfium.PdfiumError, ValueError, OSError):
        return None
    try:
        for index in range(min(len(document), MAX_PAGES_SEARCHED)):
            page = document[index]
            try:
                textpage = page.get_textpage()
                found = needle in _SPACE.sub("", textpage.get_text_range())
                textpage.close()
            finally:
                page.close()
            if found:
                return index + 1
    finally:
        document.close()
    return None


LINE_WORDS = {
    "text": "第{line}行",
    "html": "第{line}个段落或表格行",
    "docx": "第{line}个段落或表格（按Word文档中的顺序）",
    "pdf": "第{line}行（按页面从上到下的顺序计数）",
}


def where_in_file(data: bytes, line: int, text: str) -> str:
    """A line number as the file's format means it, with a PDF's page where it is found."""
    try:
        fmt = sniff(data)
    except UnreadableError:
        fmt = "text"
    said = LINE_WORDS.get(fmt, "第{line}行").format(line=line)
    if fmt == "pdf" and (page := pdf_page(data, text)) is not None:
        said = f"第{page}页，{said}"
    return said
