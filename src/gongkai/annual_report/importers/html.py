"""Read an HTML page into paragraphs and tables, in document order.

Chinese government sites serve GBK/GB2312 pages as often as UTF-8 ones, wrap whole articles
in layout tables, and export Word documents as HTML full of ``<p class=MsoNormal>`` inside
table cells. This reader copes with all three:

- bytes are decoded from the BOM, else as UTF-8 if they are UTF-8 (but for a stray byte or a
  character cut off at the end), else by the declared charset (GB2312 and GBK read as their
  superset GB18030), else as GB18030;
- a table with another table inside it and at most three columns, with a single column, or
  with a cell of over 1000 characters, is page layout: it is read through as ordinary
  content, so the tables inside it come out as tables of their own. A table inside a real data table is flattened into its cell: one
  line per row, the row's cells joined by a space;
- a ``<br>`` or a block element (``<p>``, ``<div>``, ...) inside a cell becomes a line break
  in the cell's text. Outside tables it starts a new Paragraph, so a Paragraph never holds a
  line break.

Whitespace collapses as a browser shows it; a source line break between two Chinese
characters disappears (CSS Text 3 segment-break rule), so ``本年新\\n制作数量`` written over
two source lines reads ``本年新制作数量``. Inside ``<pre>`` (a report pasted as plain text)
each source line is a line and tabs stay tabs. ``line`` is the element's line in the source file
(libxml2 stops counting at 65535; a page served on a single line has every block on line 1).
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Callable, Iterator

import lxml.etree
import lxml.html

from gongkai.annual_report.blocks import Block, Cell, Paragraph, Table, UnreadableError
from gongkai.annual_report.importers.grid import MAX_COLSPAN, MAX_ROWSPAN, SourceRow, SpanCell, expand, pad

MAX_BYTES = 20 * 1024 * 1024

_BLOCK_TAGS = frozenset(
    (
        "address", "article", "aside", "blockquote", "body", "center", "dd", "details", "dialog", "dir",
        "div", "dl", "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4",
        "h5", "h6", "header", "hgroup", "hr", "html", "legend", "li", "main", "menu", "nav", "ol", "p",
        "pre", "section", "summary", "ul", "caption", "tr", "td", "th", "tbody", "thead", "tfoot",
    )
)  # fmt: skip
_SKIPPED_TAGS = frozenset(
    (
        "head", "script", "style", "template", "noscript", "title",
        "select", "textarea", "object", "iframe", "svg", "math",
    )
)  # fmt: skip
_ROW_GROUP_TAGS = frozenset(("thead", "tbody", "tfoot"))
_CELL_TAGS = frozenset(("td", "th"))
_PRE_TAGS = frozenset(("pre", "xmp", "listing", "plaintext"))
_PRE_STYLE = re.compile(r"white-space\s*:\s*pre", re.IGNORECASE)
_TAB_MARK = "\ue000"  # a tab inside <pre>, kept out of whitespace collapsing
# Bootstrap's and WordPress's names for hidden and screen-reader-only text.
_HIDDEN_CLASSES = frozenset(("hidden", "hide", "d-none", "visually-hidden", "sr-only", "screen-reader-text"))
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.IGNORECASE)
_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_XML_ENCODING = re.compile(rb"""^\s*<\?xml[^>]*encoding\s*=\s*["']([a-zA-Z0-9_.:-]+)""", re.IGNORECASE)
_COLLAPSIBLE = re.compile(r"[ \t\n\r\f]+")
_LEADING_DIGITS = re.compile(r"\s*\+?(\d+)")
# Charset labels that browsers read with a superset codec.
_SUPERSETS = {
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "cp936": "gb18030",
    "x-gbk": "gb18030",
    "euc-cn": "gb18030",
    "gb_2312-80": "gb18030",
    "csgb2312": "gb18030",
    "big5": "big5hkscs",
    "cp950": "big5hkscs",
    "x-x-big5": "big5hkscs",
}
_ASCII = bytes(range(0x80))
# Characters: the longest cell of a report table (filling instructions) is a few hundred.
_ARTICLE_LENGTH = 1000
_BOMS = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)


def read_html(data: bytes) -> list[Block]:
    """The paragraphs and tables of an HTML page, in document order."""
    if len(data) > MAX_BYTES:
        raise UnreadableError(f"文件过大（超过{MAX_BYTES // (1024 * 1024)} MB），无法读取")
    if not data.strip():
        raise UnreadableError("HTML文件为空")
    text = decode(data)
    if _looks_binary(text):
        raise UnreadableError("不是HTML文件（内容是二进制数据）")
    try:
        root = lxml.html.document_fromstring(
            text.replace("\x00", "").encode("utf-8"), parser=lxml.html.HTMLParser(encoding="utf-8")
        )
    except (lxml.etree.ParserError, ValueError) as error:
        if "empty" in str(error).lower():
            raise UnreadableError("HTML文件为空") from error
        raise UnreadableError(f"HTML文件无法解析（{error}）") from error
    except Exception as error:  # libxml2 can fail in ways lxml does not type
        raise UnreadableError(f"HTML文件无法解析（{type(error).__name__}）") from error
    blocks: list[Block] = []
    _Flow(on_line=lambda text, line: blocks.append(Paragraph(text, line)), on_table=blocks.append).walk(root)
    return blocks


def decode(data: bytes) -> str:
    """The page's text, decoded as a browser would, trying harder on mislabelled pages."""
    for bom, codec in _BOMS:
        if data.startswith(bom):
            return data.decode(codec, errors="replace")
    as_utf8 = data.decode("utf-8", errors="replace")
    # GBK text read as UTF-8 fails on nearly every character; a UTF-8 page cut off mid-character,
    # or with one stray byte, fails once.
    undecodable = as_utf8.count("\ufffd")
    high_bytes = len(data) - len(data.translate(None, _ASCII))
    if undecodable <= 1 or undecodable * 50 <= high_bytes:
        return as_utf8
    declared = _declared_charset(data)
    for codec in dict.fromkeys(c for c in (declared, "gb18030") if c):
        try:
            return data.decode(codec)
        except UnicodeDecodeError:
            continue
    return data.decode(declared or "gb18030", errors="replace")


def _looks_binary(text: str) -> bool:
    """Whether the start of the decoded text is mostly control characters or undecodable bytes."""
    sample = text[:4096]
    odd = sum(1 for char in sample if char == "\ufffd" or (char < " " and char not in "\t\n\r\f"))
    return odd * 10 > len(sample)


def _declared_charset(data: bytes) -> str | None:
    head = data[:16384]
    match = _XML_ENCODING.match(head) or _CHARSET.search(head)
    if match is None:
        return None
    label = match.group(1).decode("ascii").lower()
    label = _SUPERSETS.get(label, label)
    try:
        return codecs.lookup(label).name
    except LookupError:
        return None


def parse_span(value: str | None, *, maximum: int) -> int:
    """A rowspan/colspan attribute as browsers read it: leading digits, else 1; 0 stays 0."""
    if value is None:
        return 1
    match = _LEADING_DIGITS.match(value)
    if match is None:
        return 1
    return min(int(match.group(1)), maximum)


def _tag(element: lxml.html.HtmlElement) -> str:
    tag = element.tag
    return tag.lower() if isinstance(tag, str) else ""


def _is_hidden(element: lxml.html.HtmlElement) -> bool:
    """Whether a browser user would not see the element (inline style, attribute, or a
    conventional class name: stylesheets are not read)."""
    if element.get("hidden") is not None:
        return True
    style = element.get("style")
    if style is not None and _HIDDEN_STYLE.search(style):
        return True
    classes = element.get("class")
    return classes is not None and not _HIDDEN_CLASSES.isdisjoint(classes.split())


def _line(element: lxml.html.HtmlElement, fallback: int) -> int:
    return element.sourceline or fallback


class _Flow:
    """Walk a subtree, turning inline text into lines and handing tables on.

    Text gathers into a pending line until a block element or ``<br>`` ends it; each ended
    line goes to ``on_line`` (collapsed and stripped, never empty). ``on_table`` receives
    each data table met; layout tables are walked through like any other block.
    """

    def __init__(self, on_line: Callable[[str, int], None], on_table: Callable[[Table], None]) -> None:
        self._on_line = on_line
        self._on_table = on_table
        self._pieces: list[str] = []
        self._pending_line = 0
        self._last_line = 1
        self._preformatted = 0  # depth of <pre> elements around the current one

    def walk(self, element: lxml.html.HtmlElement) -> None:
        """Read the element and what follows it inside its parent (its tail)."""
        self._visit(element)
        self._flush()

    def walk_inside(self, element: lxml.html.HtmlElement) -> None:
        """Read only the element's content, as a block."""
        self._element(element, "div")
        self._flush()

    def _visit(self, element: lxml.html.HtmlElement) -> None:
        tag = _tag(element)
        if tag and tag not in _SKIPPED_TAGS and not _is_hidden(element):
            self._last_line = _line(element, self._last_line)
            if tag == "br":
                self._flush()
            elif tag == "table":
                self._table(element)
            elif tag == "img":
                self._picture(element)
            else:
                self._element(element, tag)
        if element.tail:
            self._add(element.tail)

    def _element(self, element: lxml.html.HtmlElement, tag: str) -> None:
        preformatted = tag in _PRE_TAGS or bool(_PRE_STYLE.search(element.get("style") or ""))
        block = tag in _BLOCK_TAGS or preformatted
        if block:
            self._flush()
        self._preformatted += preformatted
        if element.text:
            self._add(element.text)
        for child in element:
            self._visit(child)
        self._preformatted -= preformatted
        if block:
            self._flush()

    def _table(self, element: lxml.html.HtmlElement) -> None:
        self._flush()
        line = self._last_line
        groups = [[tr for tr in group if not _is_hidden(tr)] for group in _row_groups(element)]
        shape, _ = _grid(groups, line, lambda _td: "")
        width = len(shape[0]) if shape else 0
        has_text = any(text.strip() for text in _texts(element))
        has_image = any(True for _ in element.iter("img"))
        nested = any(True for _ in element.iterdescendants("table"))
        image_only = has_image and not has_text
        layout = width == 1 or (nested and width <= 3) or _holds_an_article(groups)
        if width == 0 or (layout and not image_only):
            self._element(element, "div")  # page layout: read the content, not the grid
            return
        for caption in element.iterchildren("caption"):
            self._visit(caption)
            self._flush()
        rows, _ = _grid(groups, line, _cell_text)
        self._on_table(Table(tuple(tuple(row) for row in rows), _line(element, line)))

    def _picture(self, element: lxml.html.HtmlElement) -> None:
        """A table given as a picture (inline, as a data: URI) is read by OCR."""
        from gongkai.annual_report.importers.ocr import data_uri_bytes, picture_blocks

        data = data_uri_bytes(element.get("src"))
        blocks = picture_blocks(data, self._last_line) if data else []
        if blocks:
            self._flush()
        for block in blocks:
            if isinstance(block, Table):
                self._on_table(block)
            else:
                self._on_line(block.text, block.line)

    def _add(self, text: str) -> None:
        if self._preformatted:
            first, *others = text.replace("\r\n", "\n").split("\n")
            self._add_piece(_keep_spaces(first))
            for other in others:
                self._flush()
                self._add_piece(_keep_spaces(other))
        else:
            self._add_piece(text)

    def _add_piece(self, text: str) -> None:
        if not self._pieces:
            self._pending_line = self._last_line
        self._pieces.append(text)

    def _flush(self) -> None:
        if not self._pieces:
            return
        text = _clean("".join(self._pieces))
        self._pieces = []
        if text:
            self._on_line(text, self._pending_line)


def _row_groups(table: lxml.html.HtmlElement) -> Iterator[list[lxml.html.HtmlElement]]:
    """The table's row groups (thead, tbody, tfoot, or loose rows), each a list of ``<tr>``."""
    loose: list[lxml.html.HtmlElement] = []
    for child in _table_children(table):
        tag = _tag(child)
        if tag == "tr":
            loose.append(child)
        elif tag in _ROW_GROUP_TAGS:
            if loose:
                yield loose
                loose = []
            yield [row for row in _table_children(child) if _tag(row) == "tr"]
    if loose:
        yield loose


def _table_children(element: lxml.html.HtmlElement) -> Iterator[lxml.html.HtmlElement]:
    """Children, looking through wrappers such as ``<form>`` that bad markup puts in tables."""
    for child in element:
        tag = _tag(child)
        if tag in _ROW_GROUP_TAGS or tag == "tr" or tag in _CELL_TAGS:
            yield child
        elif tag and tag not in ("table", "caption", "colgroup", "col") and not _is_hidden(child):
            yield from _table_children(child)


def _grid(
    groups: list[list[lxml.html.HtmlElement]], line: int, text_of: Callable[[lxml.html.HtmlElement], str]
) -> tuple[list[list[Cell]], list[int]]:
    """The table laid out on its grid, row group by row group, and each row's source line."""
    rows: list[list[Cell]] = []
    lines: list[int] = []
    for group in groups:
        source_rows = []
        for tr in group:
            row_line = _line(tr, line)
            cells = [
                SpanCell(
                    text=text_of(td),
                    line=_line(td, row_line),
                    rowspan=parse_span(td.get("rowspan"), maximum=MAX_ROWSPAN),
                    colspan=max(parse_span(td.get("colspan"), maximum=MAX_COLSPAN), 1),
                )
                for td in _table_children(tr)
                if _tag(td) in _CELL_TAGS and not _is_hidden(td)
            ]
            source_rows.append(SourceRow(cells, row_line))
            lines.append(row_line)
        rows.extend(expand(source_rows))
    return pad(rows, lines), lines


def _holds_an_article(groups: list[list[lxml.html.HtmlElement]]) -> bool:
    """Whether a cell holds more text than any cell of a report table (a page's content area)."""
    return any(
        len("".join(td.text_content().split())) > _ARTICLE_LENGTH
        for group in groups
        for tr in group
        for td in _table_children(tr)
        if _tag(td) in _CELL_TAGS
    )


def _texts(element: lxml.html.HtmlElement) -> Iterator[str]:
    """The text nodes of a subtree that a reader would see."""
    for node in element.iter():
        tag = _tag(node)
        if tag in _SKIPPED_TAGS or not tag:
            continue
        if node.text:
            yield node.text
        for child in node:
            if child.tail:
                yield child.tail


def _cell_text(cell: lxml.html.HtmlElement) -> str:
    lines: list[str] = []

    def nested_table(table: Table) -> None:
        for row in table.rows:
            text = " ".join(c.text.replace("\n", " ") for c in row if c.text)
            if text:
                lines.append(text)

    _Flow(on_line=lambda text, _line: lines.append(text), on_table=nested_table).walk_inside(cell)
    return "\n".join(lines)


def _keep_spaces(text: str) -> str:
    """Preformatted text, protected from whitespace collapsing."""
    return text.replace(" ", "\u00a0").replace("\t", _TAB_MARK)


def _clean(text: str) -> str:
    """Collapse whitespace as a browser does; non-breaking spaces survive as plain spaces."""
    text = _COLLAPSIBLE.sub(_collapse, text)
    return text.replace("\u00a0", " ").replace(_TAB_MARK, "\t").strip()


def _collapse(match: re.Match[str]) -> str:
    run = match.group(0)
    if "\n" in run or "\r" in run:
        before = match.string[match.start() - 1] if match.start() > 0 else ""
        after = match.string[match.end()] if match.end() < len(match.string) else ""
        if _is_wide(before) and _is_wide(after):
            return ""
    return " "


def _is_wide(char: str) -> bool:
    """CJK characters and full-width punctuation: no space belongs between two of them."""
    if not char:
        return False
    code = ord(char)
    return (
        0x2E80 <= code <= 0x9FFF  # radicals, CJK punctuation, kana, CJK ideographs
        or 0xF900 <= code <= 0xFAFF  # compatibility ideographs
        or 0xFF00 <= code <= 0xFFEF  # full-width forms
        or 0x20000 <= code <= 0x3FFFF  # extension ideographs
    )
