"""Plain text and Markdown: the shapes copied-and-pasted reports take.

Three table shapes occur in the wild, and all three come out as Table blocks:
- one cell per line, each line starting with a tab, rows separated by blank lines, a cell
  broken across lines continuing on a line without the tab (seeds 000, 001, 004);
- one row per line, cells separated by tabs (seeds 002, 003);
- Markdown / pipe tables (``| a | b |``), and the pipe rows crawlers and converters leave
  behind: without the leading pipe (``a | b | c``), with only a trailing one (``a | b |``) or
  only a leading one (``| a | b``); blank lines between such rows do not end the table.
"""

from __future__ import annotations

import re

from .. import normalize as nz
from ..blocks import Block, Cell, Paragraph, Table, UnreadableError

_PIPE_SEPARATOR = re.compile(r"^\|?\s*:?-{2,}:?\s*(\|\s*:?-{2,}:?\s*){0,60}\|?\s*$")
_MD_HEADING = re.compile(r"^#{1,6}\s+")
_PIPE = re.compile(r"(?<!\\)\|")
_HEADING_LIKE = re.compile(r"^[一二三四五六七八九十]{1,3}[、.．]")


def decode(data: bytes) -> str:
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if b"\x00" in data[:4096]:
        raise UnreadableError("不是文本文件（含有二进制内容），无法作为报告读取")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("gb18030", errors="replace")


def read_text(text: str) -> list[Block]:
    lines = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u00a0", " ").split("\n")
    _join_broken_labels(lines)
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if not line.strip():
            i += 1
        elif _is_column_line(line):
            i = _pipe_column(lines, i, blocks)
        elif _is_pipe_row(line):
            i = _pipe_table(lines, i, blocks)
        elif "\t" in line.strip(" ") or line.startswith("\t"):
            i = _tab_table(lines, i, blocks)
        else:
            text_line = _MD_HEADING.sub("", line.strip()).replace("**", "")
            if text_line:
                blocks.append(Paragraph(text_line, i + 1))
            i += 1
    return blocks


_PIPES_ONLY = re.compile(r"^\|+$")
_ONE_CELL = re.compile(r"^[^|]*[^|\\]\|[\s|]*$")  # 「规章 |」, and 「0 | |」 with the empty cells after it


_SECTION_WORDS = re.compile(
    r"总体情况|主动公开|收到和处理|行政复议|存在的主要问题|其他需要报告|第二十条|第二十條"
)
_ROW_NUMBERING = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}[、.．]|[（(][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[、.．])"
)


def _join_broken_labels(lines: list[str]) -> None:
    """A row label broken over two lines inside a tab-separated table (「二、上年结转政府信息公开」 /
    「申请数量<TAB>2<TAB>0…」): the first part is joined to the row it starts."""
    for i in range(1, len(lines) - 1):
        line = lines[i].strip()
        after = lines[i + 1]
        if (
            line
            and "\t" not in lines[i]
            and len(line) <= 40
            and "。" not in line
            and lines[i - 1].count("\t") >= 2
            and after.count("\t") >= 2
            and not after.startswith("\t")
            and not _SECTION_WORDS.search(line)
            and not _ROW_NUMBERING.match(after)
            and not nz.looks_like_value(after.split("\t", 1)[0])
        ):
            lines[i + 1] = line + after
            lines[i] = ""


def _is_column_line(line: str) -> bool:
    """A line of a table flattened to one cell per line: 「规章 |」, or a line of pipes alone."""
    stripped = line.strip().replace(" ", "")
    return bool(_PIPES_ONLY.match(stripped) or _ONE_CELL.match(line.strip()))


def _pipe_column(lines: list[str], start: int, blocks: list[Block]) -> int:
    """One cell per line, each cell closed by a pipe (「规章 |」 / 「0 |」) or with lines of pipes
    between the cells: a Table of one-cell rows, in order; the interpreter regroups them into
    the report's rows (the pipes do not say reliably where a row ends)."""
    rows: list[tuple[Cell, ...]] = []
    i = start
    end = start
    while i < len(lines):
        line = lines[i].strip()
        if not line:
            i += 1
            continue
        if _is_column_line(line):
            text = line.split("|", 1)[0].strip()
            if text:
                rows.append((Cell(text, i + 1),))
            elif line.replace(" ", "") == "|" and rows and not nz.looks_like_value(rows[-1][0].text):
                count, value_follows = _lone_pipes(lines, i)
                blanks = count if value_follows else count - 1  # the last one ends the row
                rows.extend((Cell("", i + 1 + k),) for k in range(blanks if blanks > 0 else 0))
                i += count
                end = i
                continue
        elif len(line) <= 80 and (
            _next_is_column_line(lines, i + 1)
            or (nz.looks_like_value(line) and not any(x.strip() for x in lines[i + 1 :]))
        ):  # a cell before a line of pipes, or the last value of a text cut off inside the table
            rows.append((Cell(line, i + 1),))  # a cell without its pipe, followed by a line of pipes
        else:
            break
        i += 1
        end = i
    if rows:
        blocks.append(Table(tuple(rows), start + 1))
    return end


def _lone_pipes(lines: list[str], start: int) -> tuple[int, bool]:
    """Lone pipes right after a label (among cells closed by their own pipes): how many, and whether a
    value follows them. Before a value each is an empty cell (「一、本年新收… |」, 「|」 × 6, 「0 |」);
    otherwise the last of them only ends the row."""
    count = 0
    for line in lines[start:]:
        stripped = line.strip().replace(" ", "")
        if stripped == "|":
            count += 1
            continue
        if not stripped:
            continue
        return count, bool(_ONE_CELL.match(line.strip())) and nz.looks_like_value(line.split("|", 1)[0])
    return count, False


def _next_is_column_line(lines: list[str], start: int) -> bool:
    for line in lines[start : start + 3]:
        if line.strip():
            return _is_column_line(line) and not _ONE_CELL.match(line.strip())
    return False


def _is_pipe_row(line: str) -> bool:
    """A row of a pipe table, with or without its outer pipes: at least two cells."""
    stripped = line.strip()
    if stripped.startswith("|") and len(stripped) > 1:
        return True  # a leading pipe makes a row, even of one cell cut off at the end of a page
    return len(_PIPE.findall(stripped)) >= 1 and len(_cells(stripped)) >= 2 and "\t" not in stripped


def _cells(line: str) -> list[str]:
    inner = line.strip()
    if inner.startswith("|"):
        inner = inner[1:]
    if inner.endswith("|") and not inner.endswith("\\|"):
        inner = inner[:-1]
    return _PIPE.split(inner)


def _pipe_table(lines: list[str], start: int, blocks: list[Block]) -> int:
    rows: list[tuple[Cell, ...]] = []
    i = start
    end = start
    while i < len(lines):
        line = lines[i].strip()
        if not line:
            i += 1
            continue
        if not _is_pipe_row(line):
            break
        if not _PIPE_SEPARATOR.match(line):
            rows.append(
                tuple(Cell(c.strip().replace("\\|", "|").replace("<br>", "\n"), i + 1) for c in _cells(line))
            )
        i += 1
        end = i
    blocks.append(Table(tuple(rows), start + 1))
    return end


def _is_cell_line(line: str) -> bool:
    return line.startswith("\t") and "\t" not in line[1:].rstrip("\t")


def _tab_table(lines: list[str], start: int, blocks: list[Block]) -> int:
    # Find the extent: tab lines, blank lines, and (for one-cell-per-line tables) continuation
    # lines right after a cell line.
    end = start
    i = start
    previous_is_cell = False
    while i < len(lines):
        line = lines[i]
        is_cell = False
        if "\t" in line:
            end = i + 1
            is_cell = _is_cell_line(line)
        elif not line.strip():
            pass
        elif previous_is_cell and _continues(lines[i - 1], line):
            end = i + 1  # one continuation line per cell line, as before: prose must not be swallowed
        else:
            break
        previous_is_cell = is_cell
        i += 1
    span = lines[start:end]
    cell_lines = sum(1 for line in span if _is_cell_line(line))
    tab_rows = sum(1 for line in span if "\t" in line and not _is_cell_line(line))
    table = _cell_per_line(span, start) if cell_lines > tab_rows else _row_per_line(span, start)
    if table.rows:
        blocks.append(table)
    return end


def _continues(previous: str, line: str) -> bool:
    """A line without a tab right after a cell line continues that cell, unless it is a heading."""
    if _HEADING_LIKE.match(line.strip()):
        return False
    return not previous.strip().replace(".", "").isdigit()


def _cell_per_line(span: list[str], offset: int) -> Table:
    rows: list[tuple[Cell, ...]] = []
    current: list[Cell] = []
    for n, line in enumerate(span, start=offset + 1):
        if not line.strip() and not line.startswith("\t"):
            if current:
                rows.append(tuple(current))
                current = []
        elif line.startswith("\t"):
            current.append(Cell(line[1:].strip(), n))
        elif current:  # continuation of the previous cell
            last = current[-1]
            current[-1] = Cell(f"{last.text}\n{line.strip()}", last.line)
    if current:
        rows.append(tuple(current))
    return Table(tuple(rows), offset + 1)


_CLOSED_ROW = re.compile(r"[^\t\s]\t$")  # a cell, then a tab that closes the row


def _row_per_line(span: list[str], offset: int) -> Table:
    # Where (nearly) every row ends with a tab, that tab closes the row rather than opening an empty
    # cell: kept, it would stand in for a value a short row lacks and shift nothing into place.
    tabbed = [line.rstrip(" ") for line in span if "\t" in line]
    closing = bool(tabbed) and sum(bool(_CLOSED_ROW.search(line)) for line in tabbed) >= 0.8 * len(tabbed)
    rows = [
        tuple(
            Cell(c.strip(), n)
            for c in (line.rstrip(" ")[:-1] if closing and line.rstrip(" ").endswith("\t") else line).split(
                "\t"
            )
        )
        for n, line in enumerate(span, start=offset + 1)
        if line.strip() or "\t" in line  # a row of blank cells is still a row
    ]
    return Table(tuple(rows), offset + 1)
