"""The shape every document reader produces: paragraphs and tables, in document order.

Readers (plain text, Markdown, HTML, DOCX, PDF) know their format and nothing about reports;
the interpreter knows reports and nothing about formats.

Table convention: a table is a list of rows, each a list of cells. A merged cell's text
stands in the first slot it covers; the other slots it covers are empty strings (HTML and
DOCX readers). Plain-text sources may simply leave out the slots a colspan covered: the
interpreter copes with both. A cell's text keeps its inner line breaks as "\n".
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Cell:
    text: str
    line: int  # 1-based position in the source: a text line, or a paragraph/row counter


@dataclass(frozen=True)
class Paragraph:
    text: str
    line: int


@dataclass(frozen=True)
class Table:
    rows: tuple[tuple[Cell, ...], ...]
    line: int


Block = Paragraph | Table


class UnreadableError(Exception):
    """The input cannot be read as a report at all (message in Chinese, one line)."""
