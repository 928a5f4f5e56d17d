"""The report as Markdown: headings, paragraphs and one GitHub pipe table per official table.

A pipe table cannot merge cells: a merged cell's text stands in the first slot it covers and
the other slots are left empty, the convention the importers read. A "|" in a table cell is
written "\\|"; in a paragraph only a leading "|" is, for a line that starts with one is what reads
as a table row (text copied from a web page is full of "|": escaping every one would change it).
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ..model import Report
from .layout import Role, TableLayout, document


def render_markdown(report: Report) -> str:
    chunks: list[str] = []
    for block in document(report):
        if isinstance(block, TableLayout):
            chunks.append(_table(block))
        else:
            chunks.append(_PREFIXES.get(block.role, "") + _LEADING_PIPE.sub(r"\1\\|", block.text))
    return "\n\n".join(chunks) + "\n"


_PREFIXES = {Role.TITLE: "# ", Role.HEADING: "## "}
_LEADING_PIPE = re.compile(r"^(\s*)\|", re.MULTILINE)


def _escape(text: str) -> str:
    return text.replace("|", "\\|")


def _table(table: TableLayout) -> str:
    grid = table.text_grid()
    lines = [_line(_escape(c).replace("\n", " ") for c in row) for row in grid]
    lines.insert(1, _line(["---"] * table.width))
    return "\n".join(lines)


def _line(cells: Iterable[str]) -> str:
    return "| " + " | ".join(cells) + " |"
