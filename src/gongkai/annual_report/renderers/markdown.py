"""The report as Markdown: headings, paragraphs and one GitHub pipe table per official table.

A pipe table cannot merge cells: a merged cell's text stands in the first slot it covers and
the other slots are left empty, the convention the importers read. A "|" in any text is
written "\\|", so that no paragraph can be mistaken for a table row.
"""

from __future__ import annotations

from collections.abc import Iterable

from ..model import Report
from .layout import Role, TableLayout, document


def render_markdown(report: Report) -> str:
    chunks: list[str] = []
    for block in document(report):
        if isinstance(block, TableLayout):
            chunks.append(_table(block))
        else:
            chunks.append(_PREFIXES.get(block.role, "") + _escape(block.text))
    return "\n\n".join(chunks) + "\n"


_PREFIXES = {Role.TITLE: "# ", Role.HEADING: "## "}


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def _table(table: TableLayout) -> str:
    grid = table.text_grid()
    lines = [_line(_escape(c).replace("\n", " ") for c in row) for row in grid]
    lines.insert(1, _line(["---"] * table.width))
    return "\n".join(lines)


def _line(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"
