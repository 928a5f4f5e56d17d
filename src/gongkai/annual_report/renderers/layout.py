"""The official layout of a report, computed once for every renderer.

DOCX, HTML, PDF and Markdown print the same document: the title, each section's heading and
paragraphs, the official tables after sections 二, 三 and 四, and the agency's name and date.
This module turns a :class:`Report` into that sequence of blocks, and each official table into
a grid of anchored cells with their row and column spans, derived from the label paths of
``editions.py`` (``Row.path``, ``Column.path``). A renderer only decides how a block looks.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from enum import StrEnum
from itertools import groupby

from ..editions import SECTION_NUMERALS, Column, Kind, TableDef
from ..model import Number, Report, table_name

AMOUNT_UNIT = "（单位：万元）"
ITEM_HEADING = "信息内容"  # the label column's heading in each part of table 二
APPLICANT_BAND = "申请人情况"  # the band over all applicant columns of table 三
TABLE_SECTIONS = (2, 3, 4)
TABLE_TWO_WIDTH = 4  # label column + three value columns, in every part of table 二


class Role(StrEnum):
    TITLE = "title"
    HEADING = "heading"
    BODY = "body"
    CLOSING = "closing"  # the agency's name and the date, right-aligned
    NOTE = "note"  # under a table: a hand-typed cell's reason, a row the format does not have


class Axis(StrEnum):
    """What a heading cell labels."""

    COLUMN = "col"
    ROW = "row"


@dataclass(frozen=True)
class Paragraph:
    role: Role
    text: str
    published: date | None = None  # on the closing date paragraph
    phrases: tuple[str, ...] = ()  # the title's phrases: a line may break between them only


@dataclass(frozen=True)
class Cell:
    """One cell of the official layout, at its top-left slot, 0-based."""

    text: str
    row: int
    column: int
    rowspan: int = 1
    colspan: int = 1
    axis: Axis | None = None  # None: a value cell
    key: tuple[str, str, str] | None = None  # table, row, column of a value cell

    @property
    def merged(self) -> bool:
        return self.rowspan > 1 or self.colspan > 1


@dataclass(frozen=True)
class TableLayout:
    """One official table (table 二 holds all parts of 第二十条 in one grid)."""

    section: int
    caption: str
    width: int
    head: int  # the leading rows that head the whole table (repeated on each printed page)
    groups: tuple[int, ...]  # row counts of the body's row groups, after the head
    cells: tuple[Cell, ...]  # ordered by row, then column
    column_weights: tuple[float, ...]  # relative column widths

    @property
    def height(self) -> int:
        return self.head + sum(self.groups)

    def rows(self) -> list[list[Cell]]:
        """The cells anchored in each row (a merged cell appears once, in its first row)."""
        rows: list[list[Cell]] = [[] for _ in range(self.height)]
        for cell in self.cells:
            rows[cell.row].append(cell)
        return rows

    def row_groups(self) -> Iterator[tuple[int, int]]:
        """(first, stop) row ranges of the body's row groups."""
        start = self.head
        for size in self.groups:
            yield start, start + size
            start += size

    def text_grid(self) -> list[list[str]]:
        """Every slot's text: a merged cell's text in its first slot, the others empty."""
        grid = [[""] * self.width for _ in range(self.height)]
        for cell in self.cells:
            grid[cell.row][cell.column] = cell.text
        return grid


Block = Paragraph | TableLayout


# --- values ----------------------------------------------------------------------------------


def format_value(value: Number | None) -> str:
    """A cell value as printed: blank if missing, no exponent, no needless trailing zeros."""
    if value is None:
        return ""
    if isinstance(value, Decimal):
        if value == 0:
            return "0"
        return format(value.normalize(), "f")
    return str(value)


def format_date(day: date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def column_heading(column: Column) -> str:
    return column.label + AMOUNT_UNIT if column.kind is Kind.AMOUNT else column.label


def section_heading(number: int, title: str) -> str:
    numeral = SECTION_NUMERALS[number - 1] if 0 < number <= len(SECTION_NUMERALS) else str(number)
    return f"{numeral}、{title}"


# --- the document ----------------------------------------------------------------------------


def document(report: Report) -> list[Block]:
    """The report's blocks in printed order.

    The tables of sections 2, 3 and 4 follow their section's text; when the report lacks
    one of those sections, its tables still appear, after the content that precedes it.
    """
    blocks: list[Block] = [Paragraph(Role.TITLE, report.title, phrases=title_phrases(report))]
    pending = list(TABLE_SECTIONS)

    def flush(up_to: int) -> None:
        while pending and pending[0] <= up_to:
            section = pending.pop(0)
            blocks.extend(section_tables(report, section))
            blocks.extend(Paragraph(Role.NOTE, note) for note in table_notes(report, section))

    for section in report.sections:
        flush(section.number - 1)
        blocks.append(Paragraph(Role.HEADING, section_heading(section.number, section.title)))
        blocks.extend(
            Paragraph(Role.BODY, line) for line in (section.text.split("\n") if section.text else ())
        )
        flush(section.number)
    flush(max(TABLE_SECTIONS))
    blocks.append(Paragraph(Role.CLOSING, report.agency))
    if report.published:
        blocks.append(Paragraph(Role.CLOSING, format_date(report.published), report.published))
    return blocks


TITLE_TAIL = ("政府信息公开工作", "年度报告")


def title_phrases(report: Report) -> tuple[str, ...]:
    """The title cut where a line may break: 「{机关}」「{年度}年」「政府信息公开工作」「年度报告」.

    Joined they give ``report.title``; no renderer breaks a line inside a phrase.
    """
    return (report.agency, f"{report.year}年", *TITLE_TAIL)


def title_lines(phrases: Sequence[str], width: float) -> list[str]:
    """The title's lines, each holding whole phrases, at most `width` full-width characters
    (an ASCII digit counts half) where the phrases allow: greedy, as a browser breaks it."""
    lines: list[str] = []
    for phrase in phrases:
        if lines and _ems(lines[-1] + phrase) <= width:
            lines[-1] += phrase
        else:
            lines.append(phrase)
    return lines


def _ems(text: str) -> float:
    return sum(0.5 if ord(c) < 128 else 1.0 for c in text)


def table_notes(report: Report, section: int) -> list[str]:
    """The notes printed under a section's tables: every hand-typed cell with its reason, and
    every row of the source that the format does not have (kept as printed, not counted)."""
    definition = report.definition
    notes = []
    for key, override in report.overrides.items():
        if definition.table(key[0]).section != section:
            continue
        where = report.cell_place(key)
        reason = override.reason.strip()
        end = "" if reason[-1] in "。！？.!?" else "。"
        notes.append(f"注：{where}为手工填报的数值{format_value(override.value)}，理由：{reason}{end}")
    for extra in report.extra_rows:
        if extra.table in definition.table_keys:
            table = definition.table(extra.table)
            home, name = table.section, table_name(table)
        else:  # a part of 第二十条 the edition no longer has (art20_9 in 2021): still table 二
            home, name = (2, "表二") if extra.table.startswith("art20") else (section, "")
        if home != section:
            continue
        cells = "、".join(c for c in extra.cells if c.strip()) or "无数值"
        notes.append(f"注：原{name}另有格式规定以外的“{extra.label}”一行（{cells}），未计入本表。")
    return notes


def section_tables(report: Report, section: int) -> list[TableLayout]:
    definition = report.definition
    tables = definition.tables_in_section(section)
    if not tables:
        return []
    caption = definition.section_titles[section - 1]
    if section == 2:
        return [_table_two(report, tables, caption)]
    # Table 四 prints no row label: its only row is the case count.
    return [_labelled_table(report, table, caption, row_labels=section != 4) for table in tables]


# --- merged headings -------------------------------------------------------------------------


def _template_cell(cell: Cell) -> dict[str, object]:
    scope = ""
    if cell.axis is Axis.COLUMN:
        scope = "colgroup" if cell.colspan > 1 else "col"
    elif cell.axis is Axis.ROW:
        scope = "rowgroup" if cell.rowspan > 1 else "row"
    return {
        "text": cell.text,
        "heading": cell.axis is not None,
        "scope": scope,
        "rowspan": cell.rowspan,
        "colspan": cell.colspan,
        "key": ".".join(cell.key) if cell.key else "",
    }


def template_table(layout: TableLayout) -> dict[str, object]:
    """A table as a page template prints it: caption, column widths in %, header rows and row
    groups of cells (text, th or td, scope, spans, canonical key)."""
    rows = [[_template_cell(c) for c in row] for row in layout.rows()]
    total = sum(layout.column_weights)
    return {
        "caption": section_heading(layout.section, layout.caption),
        "widths": [f"{100 * w / total:.2f}%" for w in layout.column_weights],
        "head": rows[: layout.head],
        "groups": [rows[start:stop] for start, stop in layout.row_groups()],
    }


@dataclass(frozen=True)
class _Span:
    text: str
    start: int  # index of the first path the heading covers
    extent: int  # how many consecutive paths it covers
    level: int  # 0 = outermost
    levels: int  # how many levels deep it reaches (a leaf above the deepest level fills the rest)


def _headings(paths: Sequence[tuple[str, ...]], depth: int) -> list[_Span]:
    """The merged headings over a run of label paths (one path per column, or per row).

    Consecutive paths that share a group label share one heading cell; a leaf label on a
    shorter path reaches down through the remaining levels. Leaves never merge.
    """
    spans: list[_Span] = []
    for level in range(depth):
        i = 0
        while i < len(paths):
            path = paths[i]
            if level >= len(path):
                i += 1
                continue
            leaf = level == len(path) - 1
            j = i + 1
            if not leaf:
                while (
                    j < len(paths)
                    and len(paths[j]) > level + 1
                    and paths[j][: level + 1] == path[: level + 1]
                ):
                    j += 1
            spans.append(_Span(path[level], i, j - i, level, depth - level if leaf else 1))
            i = j
    return spans


class _Canvas:
    """Collects the cells of one table, row by row."""

    def __init__(self, width: int) -> None:
        self.width = width
        self.cells: list[Cell] = []
        self.height = 0

    def add(self, cell: Cell) -> None:
        if cell.column + cell.colspan > self.width:
            raise ValueError(f"cell {cell.text!r} overflows a table {self.width} wide")
        self.cells.append(cell)
        self.height = max(self.height, cell.row + cell.rowspan)

    def column_headings(
        self, columns: Sequence[Column], top: int, offsets: Sequence[int], band: str = ""
    ) -> int:
        """Place the headings of `columns`; `offsets[i]` is where column i starts (and
        `offsets[-1]` where the last one ends). Returns how many rows they take."""
        paths = [((band,) if band else ()) + (*c.path[:-1], column_heading(c)) for c in columns]
        depth = max(len(p) for p in paths)
        for span in _headings(paths, depth):
            left, right = offsets[span.start], offsets[span.start + span.extent]
            self.add(Cell(span.text, top + span.level, left, span.levels, right - left, Axis.COLUMN))
        return depth

    def row_headings(self, table: TableDef, top: int, depth: int) -> None:
        for span in _headings([r.path for r in table.rows], depth):
            self.add(Cell(span.text, top + span.start, span.level, span.extent, span.levels, Axis.ROW))

    def values(self, report: Report, table: TableDef, top: int, offsets: Sequence[int]) -> None:
        for i, row in enumerate(table.rows):
            for j, column in enumerate(table.columns):
                key = (table.key, row.key, column.key)
                left, right = offsets[j], offsets[j + 1]
                self.add(Cell(format_value(report.get(*key)), top + i, left, colspan=right - left, key=key))

    def layout(
        self, section: int, caption: str, head: int, groups: Sequence[int], weights: Sequence[float]
    ) -> TableLayout:
        if head + sum(groups) != self.height:
            raise ValueError(f"row groups cover {head + sum(groups)} rows of {self.height}")
        cells = tuple(sorted(self.cells, key=lambda c: (c.row, c.column)))
        return TableLayout(section, caption, self.width, head, tuple(groups), cells, tuple(weights))


def _offsets(start: int, count: int, end: int) -> list[int]:
    """Start columns of `count` columns from `start`, the last one widened to reach `end`."""
    return [*range(start, start + count), end]


def _table_two(report: Report, parts: Sequence[TableDef], caption: str) -> TableLayout:
    """Table 二: every part of 第二十条 in one grid of four columns.

    Each part: its title across the table, a heading row (信息内容 + the columns), then its
    rows. A part with fewer than three value columns widens its last column to the edge.
    """
    canvas = _Canvas(TABLE_TWO_WIDTH)
    groups = []
    for part in parts:
        top = canvas.height
        canvas.add(Cell(part.title, top, 0, 1, TABLE_TWO_WIDTH, Axis.COLUMN))
        canvas.add(Cell(ITEM_HEADING, top + 1, 0, 1, 1, Axis.COLUMN))
        offsets = _offsets(1, len(part.columns), TABLE_TWO_WIDTH)
        depth = canvas.column_headings(part.columns, top + 1, offsets)
        canvas.row_headings(part, top + 1 + depth, 1)
        canvas.values(report, part, top + 1 + depth, offsets)
        groups.append(canvas.height - top)
    return canvas.layout(2, caption, 0, groups, (1.0,) * TABLE_TWO_WIDTH)


def _labelled_table(report: Report, table: TableDef, caption: str, *, row_labels: bool) -> TableLayout:
    """Table 三 or 四: column headings derived from Column.path, row labels from Row.path.

    Table 三 puts the band 申请人情况 over its applicant columns and its header note in the
    corner cell, as the official form does.
    """
    label_width = max(len(r.path) for r in table.rows) if row_labels else 0
    band = _COLUMN_BANDS.get(table.key, "")
    canvas = _Canvas(label_width + len(table.columns))
    offsets = _offsets(label_width, len(table.columns), canvas.width)
    head = canvas.column_headings(table.columns, 0, offsets, band)
    if label_width:
        canvas.add(Cell(table.header_note, 0, 0, head, label_width, Axis.COLUMN))
        canvas.row_headings(table, head, label_width)
    canvas.values(report, table, head, offsets)
    # Body row groups follow the outermost row labels (一、 二、 三、 四、 of table 三).
    if label_width:
        groups = [len(list(rows)) for _, rows in groupby(table.rows, key=lambda r: r.path[0])]
    else:
        groups = [len(table.rows)]
    weights = _LABEL_WEIGHTS.get(table.key, (1.5,) * label_width) + (1.0,) * len(table.columns)
    return canvas.layout(table.section, caption, head, groups, weights)


# The official form of 三 heads its applicant columns with a band that Column.path leaves out.
_COLUMN_BANDS = {"applications": APPLICANT_BAND}

# Table 三's label columns, relative to a value column: the outermost (三、本年度办理结果)
# runs down narrow, the innermost holds the longest labels.
_LABEL_WEIGHTS = {"applications": (1.2, 1.6, 3.6)}
