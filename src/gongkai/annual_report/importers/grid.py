"""Lay out table cells that span rows and columns on a rectangular grid.

HTML and DOCX describe a table as rows of cells, each cell covering ``rowspan`` x ``colspan``
slots, where a row only lists the cells that start in it. No parsing library expands that
into a grid, so this module does, following the HTML table model: a cell goes to the first
slot of its row not already covered by a cell from a row above.

The result follows the convention of :mod:`gongkai.annual_report.blocks`: a spanning cell's
text stands in its top-left slot, every other slot it covers is ``""``, and short rows are
padded with ``""`` so that all rows have the same length.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from gongkai.annual_report.blocks import Cell, UnreadableError

# The HTML specification's limits for colspan and rowspan.
MAX_COLSPAN = 1000
MAX_ROWSPAN = 65534
# A report table has a few hundred slots; this bound only stops a hostile file from making
# one small row of markup into millions of cells.
MAX_SLOTS = 2_000_000


@dataclass(frozen=True)
class SpanCell:
    """A cell as the source lists it, before it is laid out on the grid."""

    text: str
    line: int
    rowspan: int = 1  # 0: to the last row of the row group
    colspan: int = 1


@dataclass(frozen=True)
class SourceRow:
    cells: Sequence[SpanCell]
    line: int  # given to the slots of this row that no cell starts in


def expand(rows: Sequence[SourceRow]) -> list[list[Cell]]:
    """Lay out one row group (a ``tbody``, or a whole table) on a rectangular grid.

    A rowspan reaching past the last row is cut at the last row, as browsers do; a rowspan
    of 0 reaches the last row. Spans below 1 count as 1.
    """
    row_count = len(rows)
    # placed[r][c] is the text for slot (r, c); covered slots hold "".
    placed: list[dict[int, Cell]] = [{} for _ in range(row_count)]
    slots = 0
    for r, row in enumerate(rows):
        column = 0
        for cell in row.cells:
            while column in placed[r]:
                column += 1
            colspan = min(max(cell.colspan, 1), MAX_COLSPAN)
            rowspan = row_count - r if cell.rowspan == 0 else min(max(cell.rowspan, 1), MAX_ROWSPAN)
            last_row = min(r + rowspan, row_count)
            slots += (last_row - r) * colspan
            if slots > MAX_SLOTS:
                raise UnreadableError(f"表格过大（超过{MAX_SLOTS}个单元格），无法读取")
            for covered_row in range(r, last_row):
                slot_line = rows[covered_row].line
                for covered_column in range(column, column + colspan):
                    # A cell overlapping one spanned from above (bad markup) does not
                    # overwrite it: the first cell to claim a slot keeps it.
                    placed[covered_row].setdefault(covered_column, Cell("", slot_line))
            placed[r][column] = Cell(cell.text, cell.line)
            column += colspan
    lines = [row.line for row in rows]
    return pad([_fill(row, line) for row, line in zip(placed, lines, strict=True)], lines)


def pad(rows: Sequence[Sequence[Cell]], lines: Sequence[int]) -> list[list[Cell]]:
    """Pad short rows with empty cells so that every row is as long as the longest."""
    width = max((len(row) for row in rows), default=0)
    return [list(row) + [Cell("", line)] * (width - len(row)) for row, line in zip(rows, lines, strict=True)]


def _fill(row: dict[int, Cell], line: int) -> list[Cell]:
    """The row as a list, with "" in the holes that overlapping spans can leave."""
    return [row.get(c, Cell("", line)) for c in range(max(row, default=-1) + 1)]
