"""Read a PDF with a text layer into paragraphs and tables, in reading order.

pdfplumber finds the ruled tables of each page (tables drawn with lines; a table without
borders comes out as lines of text). Everything outside the tables is read line by line,
and each line is a Paragraph: a sentence that wraps in the PDF arrives as several
Paragraphs. Tables and lines are interleaved by their vertical position on the page.

- A merged cell's text stands in its top-left slot; the other slots are "" (pdfplumber
  gives None there). A line break inside a cell is "\\n".
- A ruled box with a single column is a frame around text, not a table: its text is read as
  lines.
- A table cut by a page break is joined again when the first thing on the next page is a
  table with the same left and right edges whose column edges are a subset of the first
  part's (or the reverse): its rows are appended, laid out on the combined column edges,
  and header rows repeated at the top of the new page are dropped. Page numbers ("- 3 -",
  "第3页 共9页") in the top or bottom margin are dropped, so they do not stand between the
  two parts. Otherwise the parts stay two Tables.
- ``line`` is a running counter over the document: one per text line and one per table
  row; a cell carries its row's number, a table its first row's.
- Characters printed twice at (nearly) the same place, as fake bold does, are read once.

Unreadable: no text layer (a scan), glyphs without a Unicode mapping (text comes out as
"(cid:123)"), a password, a file that does not end with %%EOF (a cut-off download would
otherwise read as a report missing its last pages), more than MAX_PAGES pages.
"""

from __future__ import annotations

import io
import re
from dataclasses import dataclass, field
from typing import Any

import pdfplumber
from pdfplumber.utils.exceptions import PdfminerException

from gongkai.annual_report.blocks import Block, Cell, Paragraph, Table, UnreadableError

MAX_BYTES = 100 * 1024 * 1024
MAX_PAGES = 500
_EDGE_TOLERANCE = 2.0  # points: how far apart two ruled edges may be and still be one
_MARGIN = 0.1  # the top and bottom tenth of a page, where page numbers live
_PAGE_NUMBER = re.compile(
    r"^[-—–－_\s]*(?:第\s*)?[0-9０-９]+\s*页?\s*(?:[/／]\s*[0-9０-９]+|[,，]?\s*共\s*[0-9０-９]+\s*页)?[-—–－_\s]*$"
)
_UNMAPPED_GLYPH = re.compile(r"^\(cid:\d+\)$")
_NO_TEXT = "PDF没有文字层（可能是扫描图片），无法读取其中的数字"


def read_pdf(data: bytes) -> list[Block]:
    """The paragraphs and tables of a PDF, in reading order."""
    _check_header(data)
    try:
        document = pdfplumber.open(io.BytesIO(data))
    except PdfminerException as error:
        cause = error.args[0] if error.args else error
        if type(cause).__name__ == "PDFPasswordIncorrect":
            raise UnreadableError("PDF文件已加密，需要密码才能打开；请提供未加密的文件") from error
        raise UnreadableError(_damaged(cause)) from error
    except Exception as error:
        raise UnreadableError(_damaged(error)) from error
    try:
        with document:
            if len(document.pages) > MAX_PAGES:
                raise UnreadableError(f"PDF页数过多（{len(document.pages)}页，最多{MAX_PAGES}页），无法读取")
            pages = [_read_page(page) for page in document.pages]
    except UnreadableError:
        raise
    except Exception as error:  # pdfminer raises many types on damaged files
        raise UnreadableError(_damaged(error)) from error
    characters = sum(page.characters for page in pages)
    if characters == 0:
        raise UnreadableError(_NO_TEXT)
    if sum(page.unmapped for page in pages) * 2 > characters:
        raise UnreadableError("PDF的文字无法解码（字体缺少字符编码表），无法读取其中的数字")
    return _assemble(pages)


def _check_header(data: bytes) -> None:
    if not data.strip():
        raise UnreadableError("PDF文件为空")
    if len(data) > MAX_BYTES:
        raise UnreadableError(f"文件过大（超过{MAX_BYTES // (1024 * 1024)} MB），无法读取")
    if b"%PDF-" not in data[:1024]:
        head = data[:1024].lstrip().lower()
        if data.startswith(b"PK\x03\x04"):
            raise UnreadableError("不是PDF文件（这是压缩包，可能是DOCX文件）")
        if data.startswith(b"\xd0\xcf\x11\xe0"):
            raise UnreadableError("不是PDF文件（这是旧版Office文件，如.doc）")
        if head.startswith(b"<") or b"<html" in head:
            raise UnreadableError("不是PDF文件（这是网页文件）")
        raise UnreadableError("不是PDF文件（文件开头没有PDF标记）")
    if b"%%EOF" not in data.rstrip(b"\x00 \t\r\n")[-1024:]:
        # Acrobat's rule too: a PDF ends with %%EOF. A cut-off download would otherwise come
        # back as a report missing its last pages.
        raise UnreadableError("PDF文件不完整（文件结尾缺少%%EOF，可能下载中断），无法读取")


def _damaged(error: BaseException) -> str:
    return f"PDF文件已损坏，无法读取（{type(error).__name__}）"


@dataclass
class _Line:
    text: str
    top: float


@dataclass
class _Grid:
    """A table found on one page: its rows of text and the x positions of its columns."""

    rows: list[list[str]]
    columns: list[float]
    left: float
    right: float
    top: float


@dataclass
class _Page:
    items: list[_Line | _Grid]
    characters: int
    unmapped: int


def _read_page(page: Any) -> _Page:
    duplicates = _overprinted(page.chars)
    if duplicates:
        page = page.filter(lambda obj: id(obj) not in duplicates)
    chars = page.chars
    unmapped = sum(1 for char in chars if _UNMAPPED_GLYPH.match(char.get("text", "")))
    grids: list[_Grid] = []
    boxes: list[tuple[float, float, float, float]] = []
    for table in page.find_tables():
        columns = sorted({cell[0] for cell in table.cells})
        if len(columns) < 2:
            continue  # a frame around text: read its text as lines
        left, top, right, bottom = table.bbox
        rows = [[_clean(cell) for cell in row] for row in table.extract()]
        grids.append(_Grid(rows, columns, left, right, top))
        boxes.append((left, top, right, bottom))

    def outside_tables(obj: dict[str, Any]) -> bool:
        if "x0" not in obj or "top" not in obj:
            return True
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in boxes)

    text_page = page.filter(outside_tables) if boxes else page
    height = float(page.height)
    lines: list[_Line | _Grid] = []
    for line in text_page.extract_text_lines(return_chars=False):
        text = _clean(line["text"])
        in_margin = line["bottom"] < height * _MARGIN or line["top"] > height * (1 - _MARGIN)
        if text and not (in_margin and _PAGE_NUMBER.match(text)):
            lines.append(_Line(text, float(line["top"])))
    items = sorted([*lines, *grids], key=lambda item: item.top)
    return _Page(items, len(chars), unmapped)


def _overprinted(chars: list[dict[str, Any]]) -> set[int]:
    """The ids of characters printed again within a point of an identical one (fake bold).

    pdfplumber's ``dedupe_chars`` does the same but sorts for every character; this one
    looks only at the neighbouring one-point squares.
    """
    kept: dict[tuple[str, int, int], list[dict[str, Any]]] = {}
    duplicates: set[int] = set()
    for char in chars:
        text = char.get("text", "")
        x, y = char["x0"], char["top"]
        column, row = int(x), int(y)
        if any(
            abs(other["x0"] - x) <= 1 and abs(other["top"] - y) <= 1 and other.get("size") == char.get("size")
            for dx in (-1, 0, 1)
            for dy in (-1, 0, 1)
            for other in kept.get((text, column + dx, row + dy), ())
        ):
            duplicates.add(id(char))
        else:
            kept.setdefault((text, column, row), []).append(char)
    return duplicates


def _clean(text: str | None) -> str:
    if not text:
        return ""
    lines = (line.replace("\u00a0", " ").strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


@dataclass
class _TableBuilder:
    columns: list[float]
    left: float
    right: float
    tail: _Grid  # the part read last: a continuation must follow it directly
    line: int
    rows: list[tuple[Cell, ...]] = field(default_factory=list)


def _assemble(pages: list[_Page]) -> list[Block]:
    """Number the lines and rows, joining tables cut by a page break."""
    built: list[Paragraph | _TableBuilder] = []
    counter = 0
    for number, page in enumerate(pages):
        for position, item in enumerate(page.items):
            if isinstance(item, _Line):
                counter += 1
                built.append(Paragraph(item.text, counter))
                continue
            previous = built[-1] if built else None
            if (
                position == 0
                and number > 0
                and isinstance(previous, _TableBuilder)
                and pages[number - 1].items
                and pages[number - 1].items[-1] is previous.tail
            ):
                joined = _join(previous, item)
                if joined is not None:
                    previous.tail = item
                    for row in joined:
                        counter += 1
                        previous.rows.append(tuple(Cell(text, counter) for text in row))
                    continue
            builder = _TableBuilder(list(item.columns), item.left, item.right, item, line=counter + 1)
            for row in item.rows:
                counter += 1
                builder.rows.append(tuple(Cell(text, counter) for text in row))
            built.append(builder)
    return [
        block if isinstance(block, Paragraph) else Table(tuple(block.rows), block.line)
        for block in built
        if isinstance(block, Paragraph) or block.rows
    ]


def _join(previous: _TableBuilder, part: _Grid) -> list[list[str]] | None:
    """The continuation's rows laid out on the combined columns, or None if it is another table.

    On success the rows already built are widened to the combined columns too.
    """
    if abs(previous.left - part.left) > _EDGE_TOLERANCE or abs(previous.right - part.right) > _EDGE_TOLERANCE:
        return None
    if not (_subset(part.columns, previous.columns) or _subset(previous.columns, part.columns)):
        return None
    columns = sorted(previous.columns + [x for x in part.columns if not _near_any(x, previous.columns)])
    old_slots = [_index_near(x, columns) for x in previous.columns]
    new_slots = [_index_near(x, columns) for x in part.columns]
    if len(columns) != len(previous.columns):
        previous.rows = [_widen(row, old_slots, len(columns)) for row in previous.rows]
    previous.columns = columns
    rows = [[cell.text for cell in _widen_texts(row, new_slots, len(columns))] for row in part.rows]
    header = [[cell.text for cell in row] for row in previous.rows]
    repeated = 0
    while (
        repeated < len(rows)
        and repeated < len(header)
        and any(rows[repeated])
        and rows[repeated] == header[repeated]
    ):
        repeated += 1
    return rows[repeated:]


def _widen(row: tuple[Cell, ...], slots: list[int], width: int) -> tuple[Cell, ...]:
    line = row[0].line if row else 0
    widened = [Cell("", line)] * width
    for cell, slot in zip(row, slots, strict=False):
        widened[slot] = cell
    return tuple(widened)


def _widen_texts(row: list[str], slots: list[int], width: int) -> list[Cell]:
    widened = [Cell("", 0)] * width
    for text, slot in zip(row, slots, strict=False):
        widened[slot] = Cell(text, 0)
    return widened


def _near_any(x: float, columns: list[float]) -> bool:
    return any(abs(x - column) <= _EDGE_TOLERANCE for column in columns)


def _subset(smaller: list[float], larger: list[float]) -> bool:
    return all(_near_any(x, larger) for x in smaller)


def _index_near(x: float, columns: list[float]) -> int:
    return min(range(len(columns)), key=lambda i: abs(columns[i] - x))
