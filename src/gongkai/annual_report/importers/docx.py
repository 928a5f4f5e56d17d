"""Read a Word document (.docx) into paragraphs and tables, in document order.

The reader works on the document's XML (loaded by python-docx's package reader), because
python-docx's table API repeats a merged cell once per grid slot. Here each ``w:tc`` element
is placed once: its text stands in the first slot it covers, the slots of a horizontal merge
(``gridSpan``) and of a vertical merge continuation (``vMerge``) are ``""``, as are the slots
skipped by ``gridBefore``/``gridAfter`` and those missing from short rows.

- Each body paragraph gives one Paragraph per line: a manual line break (``w:br``) starts a
  new Paragraph with the same ``line``. Automatic numbering ("一、", "（一）", "1.") is
  rendered into the text, as Word shows it; bullets are not.
- In a cell, paragraphs and line breaks become "\\n"; a table inside a cell is flattened into
  its text, one line per row, the row's cells joined by a space.
- ``line`` is the 1-based index of the body element (paragraph or table, empty ones
  included); the cells of a table carry the table's index.
- Deleted text of tracked changes, field codes, text boxes and drawings are left out.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from lxml import etree

from gongkai.annual_report.blocks import Block, Cell, Paragraph, Table, UnreadableError
from gongkai.annual_report.importers.grid import MAX_COLSPAN, SourceRow, SpanCell, expand
from gongkai.archives import ArchiveTooLarge, check_archive

MAX_BYTES = 100 * 1024 * 1024
MAX_UNPACKED_BYTES = 1024 * 1024 * 1024

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_MC = "http://schemas.openxmlformats.org/markup-compatibility/2006"
_DOCUMENT_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument"
_NUMBERING_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/numbering"
_STYLES_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles"


def _w(name: str) -> str:
    return f"{{{_W}}}{name}"


_P, _TBL, _TR, _TC, _T = _w("p"), _w("tbl"), _w("tr"), _w("tc"), _w("t")
_TAB, _BR, _CR, _NO_BREAK_HYPHEN, _VAL = _w("tab"), _w("br"), _w("cr"), _w("noBreakHyphen"), _w("val")
# Elements that only wrap block content (content controls, custom XML, tracked moves).
_WRAPPERS = frozenset(_w(name) for name in ("sdt", "sdtContent", "customXml", "smartTag", "ins", "moveTo"))
# Run content that is not the text a reader sees.
_SKIPPED = frozenset(
    [_w(name) for name in ("del", "moveFrom", "delText", "instrText", "drawing", "pict", "object")]
    + [_w("rPr"), _w("pPr"), f"{{{_MC}}}AlternateContent"]
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


def read_docx(data: bytes) -> list[Block]:
    """The paragraphs and tables of a .docx file, in document order."""
    _check_container(data)
    try:
        document, numbering = _load(data)
        return _Reader(numbering, _pictures(data, document)).read(document)
    except UnreadableError:
        raise
    except Exception as error:  # python-docx and lxml raise many types on damaged files
        raise UnreadableError(f"DOCX文件已损坏，无法读取（{type(error).__name__}）") from error


def _pictures(data: bytes, document: Any) -> Any:
    """The reader of the document's pictures, for tables pasted as screenshots; None without any."""
    from gongkai.annual_report.importers.ocr import PICTURE, DocxPictures

    if document.find(f".//{PICTURE}") is None:
        return None

    def main_part(archive: zipfile.ZipFile) -> str | None:
        return _target(archive, "", "_rels/.rels", _DOCUMENT_REL)

    return DocxPictures(data, main_part)


def _check_container(data: bytes) -> None:
    """Reject, with a message saying what the file is, anything that is not a Word package."""
    if not data.strip():
        raise UnreadableError("DOCX文件为空")
    if len(data) > MAX_BYTES:
        raise UnreadableError(f"文件过大（超过{MAX_BYTES // (1024 * 1024)} MB），无法读取")
    head = data[:1024].lstrip().lower()
    if data.startswith(_OLE_MAGIC):
        raise UnreadableError(
            "这是旧版Word（.doc）或加密的文档，不支持；请用Word或WPS另存为不加密的.docx后再导入"
        )
    if head.startswith(b"{\\rtf"):
        raise UnreadableError("这是RTF文件，不是DOCX；请用Word或WPS另存为.docx后再导入")
    if head.startswith(b"%pdf"):
        raise UnreadableError("这是PDF文件，不是DOCX；请按PDF文件导入")
    if head.startswith((b"<!doctype html", b"<html", b"mime-version:")) or b"<html" in head:
        raise UnreadableError("这是网页文件（HTML/MHT），不是DOCX；请按HTML文件导入，或另存为.docx")
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
            unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError, OSError) as error:
        raise UnreadableError("不是有效的DOCX文件（无法解压）") from error
    try:  # refused before any part is unpacked: too large in all, in one part, or squeezed too hard
        check_archive(data, "DOCX文件")
    except ArchiveTooLarge as error:
        raise UnreadableError(str(error)) from error
    if unpacked > MAX_UNPACKED_BYTES:
        raise UnreadableError("DOCX文件解压后过大，无法读取")
    if "xl/workbook.xml" in names:
        raise UnreadableError("这是Excel文件（.xlsx），不是Word文档")
    if "ppt/presentation.xml" in names:
        raise UnreadableError("这是PowerPoint文件（.pptx），不是Word文档")
    if "[Content_Types].xml" not in names or not any(name.startswith("word/") for name in names):
        raise UnreadableError("不是Word文档（压缩包里没有Word文档内容）")


_PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True, remove_comments=True)


def parse_xml(blob: bytes) -> Any:
    """Plain lxml: the reader only walks elements, so python-docx's element classes are not needed."""
    return etree.fromstring(blob, _PARSER)


def _load(data: bytes) -> tuple[Any, _Numbering]:
    """The document's root element and its numbering definitions.

    Only the three parts the reader needs are parsed (the main document, its numbering and its
    styles), straight from the package's relationships; opening the whole package with
    python-docx would parse every part (theme, settings, fonts, properties) for nothing. The
    relationships are followed rather than fixed names assumed, so macro-enabled documents and
    templates, and main parts not named word/document.xml, read too.
    """
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            main = _target(archive, "", "_rels/.rels", _DOCUMENT_REL)
            if main is None:
                raise UnreadableError("不是Word文档（找不到文档正文）")
            document = parse_xml(archive.read(main))
            folder, _, name = main.rpartition("/")
            rels = f"{folder}/_rels/{name}.rels" if folder else f"_rels/{name}.rels"
            parts = [_target(archive, folder, rels, kind) for kind in (_NUMBERING_REL, _STYLES_REL)]
            numbering, styles = (parse_xml(archive.read(part)) if part else None for part in parts)
    except KeyError as error:  # a relationship names a part the archive lacks
        raise UnreadableError("不是Word文档（找不到文档正文）") from error
    if document.find(_w("body")) is None:
        raise UnreadableError("不是Word文档（文档没有正文）")
    return document, _Numbering.from_parts(numbering, styles)


def _target(archive: zipfile.ZipFile, folder: str, rels_name: str, kind: str) -> str | None:
    """The archive name of the part a relationship of type `kind` points to, if any."""
    try:
        rels = parse_xml(archive.read(rels_name))
    except KeyError:
        return None
    for rel in rels:
        if rel.get("Type") == kind and rel.get("TargetMode") != "External":
            target = rel.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else f"{folder}/{target}".lstrip("/")
            parts: list[str] = []
            for piece in path.split("/"):  # resolve "../" in relative targets
                if piece == "..":
                    if parts:
                        parts.pop()
                elif piece and piece != ".":
                    parts.append(piece)
            return "/".join(parts)
    return None


def _children(element: Any) -> Iterator[Any]:
    """Child elements, looking through content controls and other wrappers."""
    for child in element:
        if child.tag in _WRAPPERS:
            yield from _children(child)
        elif isinstance(child.tag, str):
            yield child


def _int(value: str | None, default: int) -> int:
    if value is None:
        return default
    match = re.match(r"\s*(-?\d+)", value)
    return int(match.group(1)) if match else default


class _Reader:
    def __init__(self, numbering: _Numbering, pictures: Any = None) -> None:
        self._numbering = numbering
        self._pictures = pictures  # reads the tables drawn as pictures (importers.ocr)

    def read(self, document: Any) -> list[Block]:
        blocks: list[Block] = []
        index = 0
        for element in _children(document.find(_w("body"))):
            if element.tag == _P:
                index += 1
                for text in self._paragraph(element).split("\n"):
                    if text := _clean(text):
                        blocks.append(Paragraph(text, index))
                if self._pictures is not None:
                    blocks.extend(self._pictures.blocks(element, index))
            elif element.tag == _TBL:
                index += 1
                rows = self._table(element, index)
                if rows and rows[0]:
                    blocks.append(Table(tuple(tuple(row) for row in rows), index))
        return blocks

    def _table(self, table: Any, line: int) -> list[list[Cell]]:
        source_rows = []
        for tr in _children(table):
            if tr.tag != _TR:
                continue
            cells: list[SpanCell] = []
            before = _int(_val(tr, "trPr", "gridBefore"), 0)
            if before > 0:
                cells.append(SpanCell("", line, colspan=min(before, MAX_COLSPAN)))
            for tc in _children(tr):
                if tc.tag != _TC:
                    continue
                span = min(max(_int(_val(tc, "tcPr", "gridSpan"), 1), 1), MAX_COLSPAN)
                text = "" if _continues_merge(tc) else self._cell_text(tc)
                cells.append(SpanCell(text, line, colspan=span))
            source_rows.append(SourceRow(cells, line))
        return expand(source_rows)

    def _cell_text(self, tc: Any) -> str:
        lines: list[str] = []
        for element in _children(tc):
            if element.tag == _P:
                lines.extend(self._paragraph(element).split("\n"))
            elif element.tag == _TBL:
                for row in self._table(element, 0):
                    lines.append(" ".join(c.text.replace("\n", " ") for c in row if c.text))
        return "\n".join(text for line in lines if (text := _clean(line)))

    def _paragraph(self, p: Any) -> str:
        pieces: list[str] = [self._numbering.label(p)]
        _run_text(p, pieces)
        return "".join(pieces)


def _val(element: Any, *path: str) -> str | None:
    """The ``w:val`` of the element at ``path`` below ``element``, if there is one."""
    found = element.find("/".join(_w(name) for name in path))
    return None if found is None else found.get(_VAL)


def _continues_merge(tc: Any) -> bool:
    """Whether the cell continues a merge begun above (vMerge) or to its left (hMerge)."""
    for name in ("vMerge", "hMerge"):
        merge = tc.find(f"{_w('tcPr')}/{_w(name)}")
        if merge is not None and merge.get(_VAL, "continue") == "continue":
            return True
    return False


def _run_text(element: Any, pieces: list[str]) -> None:
    for child in element:
        tag = child.tag
        if tag in _SKIPPED or not isinstance(tag, str):
            continue
        if tag == _T:
            pieces.append(child.text or "")
        elif tag == _TAB:
            pieces.append("\t")
        elif tag == _BR:
            if child.get(_w("type")) in (None, "textWrapping"):
                pieces.append("\n")
        elif tag == _CR:
            pieces.append("\n")
        elif tag == _NO_BREAK_HYPHEN:
            pieces.append("-")
        elif tag == _P:  # a paragraph nested in a run (text box content): left out
            continue
        else:
            _run_text(child, pieces)


def _clean(text: str) -> str:
    return text.replace("\u00a0", " ").strip()


# Automatic numbering ---------------------------------------------------------------------

_CHINESE_DIGITS = "〇一二三四五六七八九"
_LEGAL_DIGITS = "零壹贰叁肆伍陆柒捌玖"
_CIRCLED = "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳"
_PARENTHESISED = "⑴⑵⑶⑷⑸⑹⑺⑻⑼⑽⑾⑿⒀⒁⒂⒃⒄⒅⒆⒇"
_HEAVENLY_STEMS = "甲乙丙丁戊己庚辛壬癸"
_PLACEHOLDER = re.compile(r"%([1-9])")


@dataclass(frozen=True)
class _Level:
    start: int
    format: str
    text: str
    suffix: str
    legal: bool


@dataclass
class _Numbering:
    """Word's list numbering, enough to show the labels Chinese reports use."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # by abstractNumId
    instances: dict[str, tuple[str, dict[int, int]]] = field(default_factory=dict)  # numId: abstract, starts
    style_numbering: dict[str, tuple[str, int]] = field(default_factory=dict)  # styleId: numId, ilvl
    counters: dict[str, dict[int, int]] = field(default_factory=dict)  # by abstractNumId
    started: set[str] = field(default_factory=set)  # numIds whose start overrides were applied

    @classmethod
    def from_parts(cls, numbering: Any, styles: Any) -> _Numbering:
        result = cls()
        if numbering is not None:
            for abstract in numbering.iterfind(_w("abstractNum")):
                result.levels[abstract.get(_w("abstractNumId"), "")] = {
                    _int(lvl.get(_w("ilvl")), 0): _level(lvl) for lvl in abstract.iterfind(_w("lvl"))
                }
            for num in numbering.iterfind(_w("num")):
                starts = {
                    _int(override.get(_w("ilvl")), 0): _int(start, 1)
                    for override in num.iterfind(_w("lvlOverride"))
                    if (start := _val(override, "startOverride")) is not None
                }
                abstract_id = _val(num, "abstractNumId")
                if abstract_id is not None:
                    result.instances[num.get(_w("numId"), "")] = (abstract_id, starts)
        if styles is not None:
            result.style_numbering = _style_numbering(styles)
        return result

    def label(self, p: Any) -> str:
        num_id, ilvl = self._numbering_of(p)
        if num_id is None or num_id not in self.instances:
            return ""
        abstract_id, starts = self.instances[num_id]
        levels = self.levels.get(abstract_id, {})
        if ilvl not in levels or levels[ilvl].format == "bullet":
            return ""
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:
            self.started.add(num_id)
            for at, start in starts.items():
                counters[at] = start - 1
        counters[ilvl] = counters.get(ilvl, levels[ilvl].start - 1) + 1
        for deeper in [at for at in counters if at > ilvl]:
            del counters[deeper]
        level = levels[ilvl]

        def number(match: re.Match[str]) -> str:
            at = int(match.group(1)) - 1
            shown = levels.get(at)
            value = counters.get(at, shown.start if shown else 1)
            style = "decimal" if level.legal or shown is None else shown.format
            return format_number(value, style)

        text = _PLACEHOLDER.sub(number, level.text)
        if not text or level.suffix == "nothing":
            return text
        return text if _ends_wide(text) else text + " "

    def _numbering_of(self, p: Any) -> tuple[str | None, int]:
        props = p.find(_w("pPr"))
        num_pr = None if props is None else props.find(_w("numPr"))
        style = None if props is None else props.find(_w("pStyle"))
        styled = self.style_numbering.get(style.get(_VAL, "")) if style is not None else None
        num_id: str | None = styled[0] if styled else None
        ilvl = styled[1] if styled else 0
        if num_pr is not None:
            own_id = _val(num_pr, "numId")
            own_level = _val(num_pr, "ilvl")
            if own_id is not None:
                num_id = own_id
            if own_level is not None:
                ilvl = _int(own_level, 0)
        if num_id == "0":
            return None, 0
        return num_id, ilvl


def _level(lvl: Any) -> _Level:
    return _Level(
        start=_int(_val(lvl, "start"), 1),
        format=_val(lvl, "numFmt") or "decimal",
        text=_val(lvl, "lvlText") or "",
        suffix=_val(lvl, "suff") or "tab",
        legal=lvl.find(_w("isLgl")) is not None,
    )


def _style_numbering(styles: Any) -> dict[str, tuple[str, int]]:
    """Paragraph styles that carry numbering (directly or through basedOn): numId, ilvl."""
    own: dict[str, tuple[str | None, int | None]] = {}
    based_on: dict[str, str] = {}
    for style in styles.iterfind(_w("style")):
        style_id = style.get(_w("styleId"), "")
        num_pr = style.find(f"{_w('pPr')}/{_w('numPr')}")
        if num_pr is not None:
            level = _val(num_pr, "ilvl")
            own[style_id] = (_val(num_pr, "numId"), None if level is None else _int(level, 0))
        parent = style.find(_w("basedOn"))
        if parent is not None:
            based_on[style_id] = parent.get(_VAL, "")
    result: dict[str, tuple[str, int]] = {}
    for style_id in set(own) | set(based_on):
        num_id: str | None = None
        ilvl: int | None = None
        seen: set[str] = set()
        current: str | None = style_id
        while current is not None and current not in seen and (num_id is None or ilvl is None):
            seen.add(current)
            own_id, own_level = own.get(current, (None, None))
            num_id = own_id if num_id is None else num_id
            ilvl = own_level if ilvl is None else ilvl
            current = based_on.get(current)
        if num_id is not None:
            result[style_id] = (num_id, ilvl or 0)
    return result


def format_number(value: int, style: str) -> str:
    """A list counter as Word shows it in the given ``w:numFmt``."""
    if style in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "japaneseCounting"):
        return _chinese(value, _CHINESE_DIGITS)
    if style in ("chineseLegalSimplified", "ideographLegalTraditional"):
        return _chinese(value, _LEGAL_DIGITS, ten="拾")
    if style in ("ideographDigital", "taiwaneseDigital", "japaneseDigitalTenThousand"):
        return "".join(_CHINESE_DIGITS[int(d)] for d in str(value))
    if style in ("decimalEnclosedCircle", "decimalEnclosedCircleChinese") and 1 <= value <= len(_CIRCLED):
        return _CIRCLED[value - 1]
    if style == "decimalEnclosedParen" and 1 <= value <= len(_PARENTHESISED):
        return _PARENTHESISED[value - 1]
    if style == "ideographTraditional" and 1 <= value <= len(_HEAVENLY_STEMS):
        return _HEAVENLY_STEMS[value - 1]
    if style in ("decimalFullWidth", "decimalFullWidth2"):
        return "".join(chr(ord(d) + 0xFEE0) for d in str(value))
    if style in ("upperLetter", "lowerLetter") and value >= 1:
        letter = chr(ord("A") + (value - 1) % 26) * ((value - 1) // 26 + 1)
        return letter if style == "upperLetter" else letter.lower()
    if style in ("upperRoman", "lowerRoman") and 1 <= value < 4000:
        roman = _roman(value)
        return roman if style == "upperRoman" else roman.lower()
    if style == "decimalZero" and 0 <= value < 10:
        return f"0{value}"
    if style == "none":
        return ""
    return str(value)


def _chinese(value: int, digits: str, ten: str = "十") -> str:
    """1 -> 一, 10 -> 十, 12 -> 十二, 20 -> 二十, 99 -> 九十九 (larger values stay Arabic)."""
    if not 0 <= value < 100:
        return str(value)
    tens, units = divmod(value, 10)
    if tens == 0:
        return digits[units]
    return ("" if tens == 1 else digits[tens]) + ten + ("" if units == 0 else digits[units])


def _roman(value: int) -> str:
    numerals = (
        (1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
        (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"),
    )  # fmt: skip
    result = ""
    for amount, numeral in numerals:
        count, value = divmod(value, amount)
        result += numeral * count
    return result


def _ends_wide(text: str) -> bool:
    last = text[-1]
    return ord(last) >= 0x2E80 or last in "、．。）)"
