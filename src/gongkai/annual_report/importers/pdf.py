"""Read a PDF with a text layer into paragraphs and tables, in reading order.

PDFium (through pypdfium2) gives each page's characters with their boxes and the straight
segments of its drawn paths. Ruled tables are found from those segments as pdfplumber finds
them (edges within 3 points snapped together and joined, their crossings, the smallest boxes
closed on four sides, boxes that share a corner make one table), without laying the page
out with pdfminer first, which cost ten times more. A table without borders comes out as
lines of text. Everything outside the tables is read line by line, and each line is a
Paragraph: a sentence that wraps in the PDF arrives as several Paragraphs. Tables and lines
are interleaved by their vertical position on the page.

- A merged cell's text stands in its top-left slot; the other slots are "". A line break
  inside a cell is "\\n".
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

Unreadable: no text layer (a scan; see ``page_images`` for OCR), glyphs without a Unicode
mapping, a password, a file that does not end with %%EOF (a cut-off download would otherwise
read as a report missing its last pages), more than MAX_PAGES pages.
"""

from __future__ import annotations

import bisect
import ctypes
import itertools
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from gongkai.annual_report.blocks import Block, Cell, Paragraph, Table, UnreadableError

MAX_BYTES = 100 * 1024 * 1024
MAX_PAGES = 500
_EDGE_TOLERANCE = 2.0  # points: how far apart two ruled edges may be and still be one
_SNAP = 3.0  # points: ruled edges this close are one line; crossings this close meet
_MIN_EDGE = 3.0  # points: shorter strokes are not table borders
_LINE_TOLERANCE = 3.0  # points: characters whose tops differ by less are on one line
_WORD_GAP = 3.0  # points: a wider gap between two characters is a space
_MARGIN = 0.1  # the top and bottom tenth of a page, where page numbers live
_FORM_DEPTH = 8  # form XObjects nested deeper than this are not searched for borders
_PAGE_NUMBER = re.compile(
    r"^[-—–－_\s]*(?:第\s*)?[0-9０-９]+\s*页?\s*(?:[/／]\s*[0-9０-９]+|[,，]?\s*共\s*[0-9０-９]+\s*页)?[-—–－_\s]*$"
)
NO_TEXT = "PDF没有文字层（可能是扫描图片），无法读取其中的数字"


class NoTextLayerError(UnreadableError):
    """The PDF opened, but none of its pages carries text: a scan, for OCR to try."""


def read_pdf(data: bytes) -> list[Block]:
    """The paragraphs and tables of a PDF, in reading order."""
    with _opened(data) as document:
        pages = [_read_page(document, index) for index in range(len(document))]
    characters = sum(page.characters for page in pages)
    if characters == 0:
        raise NoTextLayerError(NO_TEXT)
    if sum(page.unmapped for page in pages) * 2 > characters:
        raise UnreadableError("PDF的文字无法解码（字体缺少字符编码表），无法读取其中的数字")
    return assemble(pages)


def page_images(data: bytes, dpi: int = 200) -> Iterator[Any]:
    """Each page drawn as a PIL image at ``dpi``: what a scanner made, for OCR."""
    with _opened(data) as document:
        for index in range(len(document)):
            page = document[index]
            try:
                bitmap = page.render(scale=dpi / 72, grayscale=True)
                yield bitmap.to_pil()
            finally:
                page.close()


@contextmanager
def _opened(data: bytes) -> Iterator[pdfium.PdfDocument]:
    """The document, with every bad-file case turned into a Chinese message."""
    _check_header(data)
    try:
        document = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as error:
        if error.err_code == pdfium_c.FPDF_ERR_PASSWORD:
            raise UnreadableError("PDF文件已加密，需要密码才能打开；请提供未加密的文件") from error
        raise UnreadableError(_damaged(error)) from error
    try:
        if len(document) > MAX_PAGES:
            raise UnreadableError(f"PDF页数过多（{len(document)}页，最多{MAX_PAGES}页），无法读取")
        yield document
    except pdfium.PdfiumError as error:
        raise UnreadableError(_damaged(error)) from error
    finally:
        document.close()


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
class TextLine:
    text: str
    top: float


@dataclass
class Grid:
    """A table found on one page: its rows of text and the x positions of its columns."""

    rows: list[list[str]]
    columns: list[float]
    left: float
    right: float
    top: float


@dataclass
class PageContent:
    items: list[TextLine | Grid]
    characters: int
    unmapped: int


@dataclass(frozen=True)
class _Char:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float

    @property
    def middle(self) -> tuple[float, float]:
        return (self.x0 + self.x1) / 2, (self.top + self.bottom) / 2


def _read_page(document: pdfium.PdfDocument, index: int) -> PageContent:
    page = document[index]
    try:
        height = page.get_height()
        text_page = page.get_textpage()
        try:
            chars, unmapped = _characters(text_page, height)
        finally:
            text_page.close()
        tables = ruled_tables(_edges(page, height))
    finally:
        page.close()
    grids: list[Grid] = []
    boxes: list[tuple[float, float, float, float]] = []
    for cells in tables:
        columns = sorted({cell[0] for cell in cells})
        if len(columns) < 2:
            continue  # a frame around text: read its text as lines
        left, top = min(cell[0] for cell in cells), min(cell[1] for cell in cells)
        right, bottom = max(cell[2] for cell in cells), max(cell[3] for cell in cells)
        grids.append(Grid(_table_rows(cells, columns, chars), columns, left, right, top))
        boxes.append((left, top, right, bottom))

    def outside_tables(char: _Char) -> bool:
        x, y = char.middle
        return not any(x0 <= x <= x1 and y0 <= y <= y1 for x0, y0, x1, y1 in boxes)

    lines: list[TextLine | Grid] = []
    for line in _lines([char for char in chars if outside_tables(char)] if boxes else chars):
        text = _clean(_line_text(line))
        top = min(char.top for char in line)
        bottom = max(char.bottom for char in line)
        in_margin = bottom < height * _MARGIN or top > height * (1 - _MARGIN)
        if text and not (in_margin and _PAGE_NUMBER.match(text)):
            lines.append(TextLine(text, top))
    items = sorted([*lines, *grids], key=lambda item: item.top)
    return PageContent(items, len(chars), unmapped)


def _characters(text_page: pdfium.PdfTextPage, height: float) -> tuple[list[_Char], int]:
    """The page's printed characters (not the spaces and breaks PDFium adds), top-down boxes.

    A character printed again within a point of an identical one of the same size (fake
    bold) is kept once; ``unmapped`` counts glyphs whose font maps them to no character.
    """
    raw = text_page.raw
    box = pdfium_c.FS_RECTF()
    chars: list[_Char] = []
    indexes: list[int] = []
    unmapped = 0
    for i in range(pdfium_c.FPDFText_CountChars(raw)):
        if pdfium_c.FPDFText_IsGenerated(raw, i) == 1:
            continue
        code = pdfium_c.FPDFText_GetUnicode(raw, i)
        if pdfium_c.FPDFText_HasUnicodeMapError(raw, i) == 1:
            unmapped += 1
            code = 0xFFFD
        elif code in (0, 0xFFFE, 0xFFFF):
            continue
        pdfium_c.FPDFText_GetLooseCharBox(raw, i, box)
        chars.append(_Char(chr(code), box.left, box.right, height - box.top, height - box.bottom))
        indexes.append(i)
    # Overprinted copies sit next to each other once sorted by character and height.
    order = sorted(range(len(chars)), key=lambda k: (chars[k].text, chars[k].top))
    dropped: set[int] = set()
    for position, k in enumerate(order):
        char = chars[k]
        for j in reversed(order[max(0, position - 8) : position]):
            other = chars[j]
            if other.text != char.text or char.top - other.top > 1:
                break
            if (
                j not in dropped
                and abs(other.x0 - char.x0) <= 1
                and pdfium_c.FPDFText_GetFontSize(raw, indexes[j])
                == pdfium_c.FPDFText_GetFontSize(raw, indexes[k])
            ):
                dropped.add(max(j, k))  # the copy printed first stays
                break
    if dropped:
        chars = [char for k, char in enumerate(chars) if k not in dropped]
    return chars, unmapped


def _lines(chars: list[_Char]) -> list[list[_Char]]:
    """Characters grouped into lines (tops within 3 points), each line left to right."""
    lines: list[list[_Char]] = []
    last_top = None
    for char in sorted(chars, key=lambda char: char.top):
        if last_top is None or char.top - last_top > _LINE_TOLERANCE:
            lines.append([])
        lines[-1].append(char)
        last_top = char.top
    return [sorted(line, key=lambda char: char.x0) for line in lines]


def _line_text(line: list[_Char]) -> str:
    """Words joined by single spaces: a blank or a gap wider than 3 points ends a word."""
    words: list[str] = []
    word = ""
    previous: _Char | None = None
    for char in line:
        if char.text.isspace():
            if word:
                words.append(word)
            word, previous = "", None
            continue
        if word and previous is not None and char.x0 > previous.x1 + _WORD_GAP:
            words.append(word)
            word = ""
        word += char.text
        previous = char
    if word:
        words.append(word)
    return " ".join(words)


# Ruled tables -------------------------------------------------------------------------------

_Edge = tuple[float, float, float]  # h: (y, x0, x1); v: (x, top, bottom)
_Box = tuple[float, float, float, float]  # x0, top, x1, bottom


def _edges(page: pdfium.PdfPage, height: float) -> tuple[list[_Edge], list[_Edge]]:
    """The straight horizontal and vertical segments of the page's paths, top-down."""
    horizontal: list[_Edge] = []
    vertical: list[_Edge] = []
    matrix = pdfium_c.FS_MATRIX()
    x, y = ctypes.c_float(), ctypes.c_float()

    def walk(objects: Iterator[Any], outer: tuple[float, ...], depth: int) -> None:
        for obj in objects:
            kind = pdfium_c.FPDFPageObj_GetType(obj)
            if kind not in (pdfium_c.FPDF_PAGEOBJ_PATH, pdfium_c.FPDF_PAGEOBJ_FORM):
                continue
            if not pdfium_c.FPDFPageObj_GetMatrix(obj, matrix):
                continue
            a, b, c, d, e, f = _compose((matrix.a, matrix.b, matrix.c, matrix.d, matrix.e, matrix.f), outer)
            if kind == pdfium_c.FPDF_PAGEOBJ_FORM:
                if depth < _FORM_DEPTH:
                    count = pdfium_c.FPDFFormObj_CountObjects(obj)
                    children = (pdfium_c.FPDFFormObj_GetObject(obj, i) for i in range(count))
                    walk(children, (a, b, c, d, e, f), depth + 1)
                continue
            start = current = None
            for i in range(pdfium_c.FPDFPath_CountSegments(obj)):
                segment = pdfium_c.FPDFPath_GetPathSegment(obj, i)
                pdfium_c.FPDFPathSegment_GetPoint(segment, x, y)
                point = (a * x.value + c * y.value + e, height - (b * x.value + d * y.value + f))
                kind = pdfium_c.FPDFPathSegment_GetType(segment)
                if kind == pdfium_c.FPDF_SEGMENT_MOVETO:
                    start = current = point
                    continue
                if kind == pdfium_c.FPDF_SEGMENT_LINETO and current is not None:
                    _add_edge(current, point, horizontal, vertical)
                current = point
                if pdfium_c.FPDFPathSegment_GetClose(segment) and start is not None:
                    _add_edge(current, start, horizontal, vertical)
                    current = start

    identity = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
    count = pdfium_c.FPDFPage_CountObjects(page.raw)
    walk((pdfium_c.FPDFPage_GetObject(page.raw, i) for i in range(count)), identity, 0)
    return horizontal, vertical


def _compose(inner: tuple[float, ...], outer: tuple[float, ...]) -> tuple[float, ...]:
    a, b, c, d, e, f = inner
    p, q, r, s, t, u = outer
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


def _add_edge(
    one: tuple[float, float], two: tuple[float, float], horizontal: list[_Edge], vertical: list[_Edge]
) -> None:
    (x0, y0), (x1, y1) = one, two
    if abs(y0 - y1) < 0.01 and abs(x0 - x1) >= 1:
        horizontal.append((y0, min(x0, x1), max(x0, x1)))
    elif abs(x0 - x1) < 0.01 and abs(y0 - y1) >= 1:
        vertical.append((x0, min(y0, y1), max(y0, y1)))


def _merged(edges: list[_Edge], tolerance: float, min_length: float) -> list[_Edge]:
    """Edges snapped to the average of their neighbours within 3 points, then joined end to end."""
    snapped: list[_Edge] = []
    cluster: list[_Edge] = []
    for edge in sorted(edges):
        if cluster and edge[0] - cluster[-1][0] > tolerance:
            snapped.extend(_snapped(cluster))
            cluster = []
        cluster.append(edge)
    snapped.extend(_snapped(cluster))
    joined: list[_Edge] = []
    for edge in sorted(snapped):
        if joined and joined[-1][0] == edge[0] and edge[1] <= joined[-1][2] + tolerance:
            if edge[2] > joined[-1][2]:
                joined[-1] = (edge[0], joined[-1][1], edge[2])
        else:
            joined.append(edge)
    return [edge for edge in joined if edge[2] - edge[1] >= min_length]


def _closing_edges(vertical: list[_Edge], tolerance: float) -> list[_Edge]:
    """Rules drawn between neighbouring vertical rules that end (or start) at the same height.

    A page break cuts a table where its vertical rules end; a merged label that goes on over
    the break (三、本年度办理结果, （五）不予处理) has no rule under it there, nor above it
    on the next page, so its box would close nowhere and its text be lost. Where the table has
    its rule, the edge added here lies on it and is merged into it.
    """
    closing: list[_Edge] = []
    for end in (2, 1):  # bottoms, then tops
        ordered = sorted(vertical, key=lambda edge: edge[end])
        group: list[_Edge] = []
        for edge in [*ordered, None]:
            if edge is None or (group and edge[end] - group[-1][end] > tolerance):
                if len(group) > 1:
                    y = sum(member[end] for member in group) / len(group)
                    xs = sorted(member[0] for member in group)
                    closing.extend((y, left, right) for left, right in itertools.pairwise(xs))
                group = []
            if edge is not None:
                group.append(edge)
    return closing


def _snapped(cluster: list[_Edge]) -> list[_Edge]:
    if not cluster:
        return []
    position = sum(edge[0] for edge in cluster) / len(cluster)
    return [(position, start, end) for _, start, end in cluster]


def ruled_tables(
    edges: tuple[list[_Edge], list[_Edge]],
    tolerance: float = _SNAP,
    min_length: float = _MIN_EDGE,
    closing_length: float = 0.0,
) -> list[list[_Box]]:
    """The ruled boxes of the page, grouped into tables (boxes sharing a corner), top first.

    ``edges`` are the horizontal (y, x0, x1) and vertical (x, top, bottom) segments; edges
    within ``tolerance`` of each other are one line, and crossings that near meet. Vertical
    rules at least ``closing_length`` long are closed where they end (see ``_closing_edges``).
    """
    horizontal, vertical = (_merged(side, tolerance, min_length) for side in edges)
    long = [edge for edge in vertical if edge[2] - edge[1] >= closing_length]
    horizontal = _merged(horizontal + _closing_edges(long, tolerance), tolerance, min_length)
    crossings: dict[tuple[float, float], tuple[set[int], set[int]]] = {}
    for v_index, (x, top, bottom) in enumerate(vertical):
        for h_index, (y, x0, x1) in enumerate(horizontal):
            if top <= y + tolerance and bottom >= y - tolerance and x0 - tolerance <= x <= x1 + tolerance:
                verticals, horizontals = crossings.setdefault((x, y), (set(), set()))
                verticals.add(v_index)
                horizontals.add(h_index)
    below: dict[float, list[tuple[float, float]]] = {}
    right: dict[float, list[tuple[float, float]]] = {}
    for point in sorted(crossings):
        below.setdefault(point[0], []).append(point)
        right.setdefault(point[1], []).append(point)
    for points in right.values():
        points.sort()

    def joined_down(one: tuple[float, float], two: tuple[float, float]) -> bool:
        return bool(crossings[one][0] & crossings[two][0])

    def joined_across(one: tuple[float, float], two: tuple[float, float]) -> bool:
        return bool(crossings[one][1] & crossings[two][1])

    boxes: list[_Box] = []
    for point in sorted(crossings):
        box = _smallest_box(point, below, right, crossings, joined_down, joined_across)
        if box is not None:
            boxes.append(box)
    return _grouped(boxes)


def _smallest_box(
    point: tuple[float, float],
    below: dict[float, list[tuple[float, float]]],
    right: dict[float, list[tuple[float, float]]],
    crossings: dict[tuple[float, float], Any],
    joined_down: Any,
    joined_across: Any,
) -> _Box | None:
    for under in (p for p in below[point[0]] if p[1] > point[1]):
        if not joined_down(point, under):
            continue
        for beside in (p for p in right[point[1]] if p[0] > point[0]):
            if not joined_across(point, beside):
                continue
            corner = (beside[0], under[1])
            if corner in crossings and joined_down(beside, corner) and joined_across(under, corner):
                return (point[0], point[1], corner[0], corner[1])
    return None


def _grouped(boxes: list[_Box]) -> list[list[_Box]]:
    """Boxes that share a corner, directly or through others, make one table (of two boxes or more)."""
    parent = list(range(len(boxes)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    owner: dict[tuple[float, float], int] = {}
    for i, (x0, top, x1, bottom) in enumerate(boxes):
        for corner in ((x0, top), (x0, bottom), (x1, top), (x1, bottom)):
            if corner in owner:
                parent[root(i)] = root(owner[corner])
            else:
                owner[corner] = i
    groups: dict[int, list[_Box]] = {}
    for i, box in enumerate(boxes):
        groups.setdefault(root(i), []).append(box)
    tables = [group for group in groups.values() if len(group) > 1]
    return sorted(tables, key=lambda group: min((box[1], box[0]) for box in group))


def _table_rows(boxes: list[_Box], columns: list[float], chars: list[_Char]) -> list[list[str]]:
    """Row by row (boxes with the same top), one slot per column; "" where a merged box covers it."""
    texts: dict[_Box, list[_Char]] = {box: [] for box in boxes}
    by_column: dict[float, list[_Box]] = {}
    for box in sorted(boxes, key=lambda box: box[1]):
        by_column.setdefault(box[0], []).append(box)
    tops = {column: [box[1] for box in column_boxes] for column, column_boxes in by_column.items()}
    for char in chars:
        x, y = char.middle
        # the box holding (x, y) starts at the last column edge left of x, or before it (merged)
        for slot in range(bisect.bisect_right(columns, x) - 1, -1, -1):
            column_boxes = by_column[columns[slot]]
            index = bisect.bisect_right(tops[columns[slot]], y) - 1
            if index >= 0 and x < column_boxes[index][2] and y < column_boxes[index][3]:
                texts[column_boxes[index]].append(char)
                break
    rows: dict[float, dict[float, str]] = {}
    for box in sorted(boxes, key=lambda box: (box[1], box[0])):
        text = _clean("\n".join(_line_text(line) for line in _lines(texts[box])))
        rows.setdefault(box[1], {})[box[0]] = text
    return [[slots.get(column, "") for column in columns] for slots in rows.values()]


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
    tail: Grid  # the part read last: a continuation must follow it directly
    line: int
    rows: list[tuple[Cell, ...]] = field(default_factory=list)


def assemble(pages: list[PageContent], cell: type[Cell] = Cell) -> list[Block]:
    """Number the lines and rows, joining tables cut by a page break; table cells are ``cell``."""
    built: list[Paragraph | _TableBuilder] = []
    counter = 0
    for number, page in enumerate(pages):
        for position, item in enumerate(page.items):
            if isinstance(item, TextLine):
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
                        previous.rows.append(tuple(cell(text, counter) for text in row))
                    continue
            builder = _TableBuilder(list(item.columns), item.left, item.right, item, line=counter + 1)
            for row in item.rows:
                counter += 1
                builder.rows.append(tuple(cell(text, counter) for text in row))
            built.append(builder)
    return [
        block if isinstance(block, Paragraph) else Table(tuple(block.rows), block.line)
        for block in built
        if isinstance(block, Paragraph) or block.rows
    ]


def _join(previous: _TableBuilder, part: Grid) -> list[list[str]] | None:
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
