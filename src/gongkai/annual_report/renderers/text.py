"""Plain text in the two shapes real reports are copied in.

- ``tabs``: one table row per line, cells separated by tabs (pastes straight into Excel or WPS
  表格; this is how a report copied out of Word looks, seeds 002 and 003);
- ``cells``: one cell per line, each starting with a tab, rows separated by blank lines (how a
  report copied out of a web page looks, seeds 000, 001 and 004).
"""

from __future__ import annotations

from typing import Literal

from ..model import Report
from .layout import Paragraph, TableLayout, document

Style = Literal["tabs", "cells"]


def render_text(report: Report, style: Style = "tabs") -> str:
    lines: list[str] = []
    for block in document(report):
        if isinstance(block, Paragraph):
            lines.append(block.text)
        elif style == "tabs":
            lines.extend("\t".join(row) for row in block.text_grid())
        else:
            lines.append("")
            for row in _anchored_rows(block):
                lines.extend("\t" + text for text in row)
                lines.append("")
    return "\n".join(lines) + "\n"


def _anchored_rows(table: TableLayout) -> list[list[str]]:
    """Each row's own cells, with an empty cell for every slot a cell above still covers."""
    covered = [[False] * table.width for _ in range(table.height)]
    for cell in table.cells:
        for r in range(cell.row + 1, cell.row + cell.rowspan):
            for c in range(cell.column, cell.column + cell.colspan):
                covered[r][c] = True
    rows: list[list[str]] = []
    for index, cells in enumerate(table.rows()):
        first = min((cell.column for cell in cells), default=table.width)
        leading = ["" for c in range(first) if covered[index][c]]
        rows.append(leading + [cell.text for cell in sorted(cells, key=lambda cell: cell.column)])
    return rows
