"""The report as a Word document in the official layout (GB/T 9704 page, real merged cells).

Chinese fonts only take effect through ``w:rFonts/@w:eastAsia``: python-docx's ``font.name``
sets the Latin slots alone, so every font goes through :func:`apply_font`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from io import BytesIO
from typing import Any, cast

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT, WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.shared import Mm, Pt, RGBColor
from docx.table import Table, _Row
from docx.text.font import Font
from docx.text.paragraph import Paragraph as DocxParagraph

from ..model import Report
from .layout import Axis, Paragraph, Role, TableLayout, document, title_lines


@dataclass(frozen=True)
class FontSpec:
    name: str
    size: float  # points
    bold: bool = False


TITLE_FONT = FontSpec("方正小标宋简体", 22)  # 二号
HEADING_FONT = FontSpec("黑体", 16)  # 三号
BODY_FONT = FontSpec("仿宋_GB2312", 16)  # 三号
TABLE_FONT = FontSpec("仿宋_GB2312", 10.5)  # 五号
TABLE_HEADING_FONT = FontSpec("仿宋_GB2312", 10.5, bold=True)
NOTE_FONT = FontSpec("仿宋_GB2312", 12)  # 小四: notes under a table
PAGE_NUMBER_FONT = FontSpec("宋体", 14)  # 4号 (GB/T 9704 7.5: 「— 1 —」 below the text)

# GB/T 9704-2012: A4, top 37 mm, bottom 35 mm, left 28 mm, right 26 mm; 22 lines a page.
PAGE = (Mm(210), Mm(297))
MARGINS = {"top_margin": Mm(37), "bottom_margin": Mm(35), "left_margin": Mm(28), "right_margin": Mm(26)}
TEXT_WIDTH_MM = 210 - 28 - 26
LINE_PITCH = Pt(29)  # 225 mm of text height / 22 lines
INDENT_CHARS = 2
TITLE_EMS = TEXT_WIDTH_MM / (TITLE_FONT.size * 25.4 / 72)  # 二号 characters on a line: 20.1
# Word and WPS put a quarter em between Chinese characters and digits (autospace), and the fonts
# that stand in for 方正小标宋 draw digits wider than half an em: a title line the count fills to
# the last character wraps its last one onto a line of its own. One em of slack breaks it
# between phrases first.
TITLE_SLACK_EMS = 1.0
CELL_MARGIN_TWIPS = 57  # 1 mm


def render_docx(report: Report) -> bytes:
    return render_blocks(document(report), title=report.title, author=report.agency)


def render_blocks(blocks: Iterable[Paragraph | TableLayout], *, title: str, author: str) -> bytes:
    """A Word document of the given paragraphs and tables in the official layout (a whole report,
    or a part of one such as table 二 alone)."""
    doc = new_document(title=title, author=author)
    _page_numbers(doc)
    for block in blocks:
        if isinstance(block, TableLayout):
            _table(doc, block)
        else:
            _paragraph(doc, block)
    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def _page_numbers(doc: DocxDocument) -> None:
    """「— 1 —」 centred in every page's footer: Word's PAGE field, so Word, WPS and LibreOffice
    number the pages as they lay them out."""
    footer = doc.sections[0].footer.paragraphs[0]
    footer.alignment = WD_ALIGN_PARAGRAPH.CENTER
    apply_font(footer.add_run("— ").font, PAGE_NUMBER_FONT)
    field = OxmlElement("w:fldSimple")
    field.set(qn("w:instr"), "PAGE")
    number = footer.add_run("1")  # shown until the reader computes the field
    apply_font(number.font, PAGE_NUMBER_FONT)
    footer._p.remove(number._r)
    field.append(number._r)
    footer._p.append(field)
    apply_font(footer.add_run(" —").font, PAGE_NUMBER_FONT)


def add_title(paragraph: DocxParagraph, phrases: Sequence[str], font: FontSpec = TITLE_FONT) -> None:
    """A 二号 title in lines broken by hand between its phrases: Word would otherwise break a
    Chinese line anywhere, leaving a character alone on the last line."""
    lines = title_lines(phrases, TITLE_EMS - TITLE_SLACK_EMS)
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        apply_font(run.font, font)
        if index < len(lines) - 1:
            run.add_break()


def apply_font(font: Font, spec: FontSpec) -> None:
    """Set a run's or a style's font for Latin and Chinese text alike, in black."""
    font.name = spec.name
    font.size = Pt(spec.size)
    font.bold = spec.bold
    font.italic = False
    font.color.rgb = RGBColor(0, 0, 0)
    rfonts = font.element.get_or_add_rPr().get_or_add_rFonts()
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        rfonts.attrib.pop(qn(theme), None)  # a theme font would override the named one
    for slot in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        rfonts.set(qn(slot), spec.name)


def new_document(*, title: str, author: str) -> DocxDocument:
    """An empty official document: A4, GB/T 9704 margins, and the Normal/Title/Heading 1 styles
    in the conventional fonts (shared by the annual report and the letters of 依申请公开)."""
    doc = Document()
    section = doc.sections[0]
    section.page_width, section.page_height = PAGE
    for name, length in MARGINS.items():
        setattr(section, name, length)
    properties = doc.core_properties
    properties.title = title
    properties.author = author
    properties.language = "zh-CN"

    styles: Any = doc.styles  # python-docx leaves style proxies untyped
    normal = styles["Normal"]
    apply_font(normal.font, BODY_FONT)
    lang = _element("w:lang", val="zh-CN", eastAsia="zh-CN")
    normal.element.get_or_add_rPr().insert_element_before(
        lang, "w:eastAsianLayout", "w:specVanish", "w:oMath"
    )

    title_style = styles["Title"]
    apply_font(title_style.font, TITLE_FONT)
    p_pr = title_style.element.get_or_add_pPr()
    for border in p_pr.findall(qn("w:pBdr")):  # the default template underlines titles
        p_pr.remove(border)
    title_style.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title_style.paragraph_format.space_after = Pt(16)
    title_style.paragraph_format.line_spacing = 1.2

    heading = styles["Heading 1"]
    apply_font(heading.font, HEADING_FONT)
    heading.paragraph_format.space_before = Pt(0)
    heading.paragraph_format.space_after = Pt(0)
    return doc


# Built-in styles, so that Word's navigation pane and screen readers see the structure.
_PARAGRAPH_STYLES = {Role.TITLE: ("Title", TITLE_FONT), Role.HEADING: ("Heading 1", HEADING_FONT)}


def _paragraph(doc: DocxDocument, block: Paragraph) -> None:
    style, font = _PARAGRAPH_STYLES.get(
        block.role, ("Normal", NOTE_FONT if block.role is Role.NOTE else BODY_FONT)
    )
    paragraph = doc.add_paragraph(style=style)
    layout = paragraph.paragraph_format
    if block.role is Role.TITLE:
        add_title(paragraph, block.phrases or (block.text,), font)
        return
    apply_font(paragraph.add_run(block.text).font, font)
    if block.role is Role.NOTE:
        layout.alignment = WD_ALIGN_PARAGRAPH.LEFT
        layout.space_after = Pt(6)
        return
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    layout.line_spacing = LINE_PITCH
    layout.space_after = Pt(0)
    if block.role is Role.CLOSING:
        layout.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        layout.keep_together = True
        if block.published is None:  # the agency's name: a blank line above, the date below it
            layout.space_before = LINE_PITCH
            layout.keep_with_next = True
    else:
        layout.alignment = WD_ALIGN_PARAGRAPH.JUSTIFY
        indent_first_line(paragraph, font)


def indent_first_line(paragraph: DocxParagraph, font: FontSpec) -> None:
    """Two characters of first-line indent, in character units so Word keeps it exact."""
    paragraph.paragraph_format.first_line_indent = Pt(font.size * INDENT_CHARS)
    indent = paragraph._p.get_or_add_pPr().get_or_add_ind()
    indent.set(qn("w:firstLineChars"), str(INDENT_CHARS * 100))


def _table(doc: DocxDocument, layout: TableLayout) -> None:
    table = doc.add_table(rows=layout.height, cols=layout.width)
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _describe(table, layout)
    total = sum(layout.column_weights)
    widths = [Mm(TEXT_WIDTH_MM * w / total) for w in layout.column_weights]
    for column, width in zip(table.columns, widths, strict=True):
        column.width = width
    # Every slot's cell, taken before merging: table.cell() rescans the whole table on each
    # call, and the merged areas never overlap, so these stay valid where they are used.
    slots = [row.cells for row in table.rows]
    for row_slots in slots:
        for cell, width in zip(row_slots, widths, strict=True):
            cell.width = width

    for spec in layout.cells:
        cell = slots[spec.row][spec.column]
        if spec.merged:
            cell = cell.merge(slots[spec.row + spec.rowspan - 1][spec.column + spec.colspan - 1])
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        apply_font(
            paragraph.add_run(spec.text).font, TABLE_HEADING_FONT if spec.axis is Axis.COLUMN else TABLE_FONT
        )

    _keep_rows(table, layout)


def _describe(table: Table, layout: TableLayout) -> None:
    """The full text width, narrow cell margins (1 mm a side, not 1.9 mm: two characters fit
    in a value column of 三) and the caption that screen readers announce."""
    margins = _element("w:tblCellMar")
    for side in ("w:left", "w:right"):
        margins.append(_element(side, w=str(CELL_MARGIN_TWIPS), type="dxa"))
    for tag, element in (
        ("w:tblW", _element("w:tblW", w=str(round(TEXT_WIDTH_MM / 25.4 * 1440)), type="dxa")),
        ("w:tblCellMar", margins),
        ("w:tblCaption", _element("w:tblCaption", val=layout.caption)),
    ):
        properties = table._tbl.tblPr
        for old in properties.findall(qn(tag)):
            properties.remove(old)
        properties.insert_element_before(element, *_TBL_PR_ORDER[_TBL_PR_ORDER.index(tag) + 1 :])


# The order of w:tblPr's children (ECMA-376 CT_TblPr); Word rejects other orders.
_TBL_PR_ORDER = (
    "w:tblStyle",
    "w:tblpPr",
    "w:tblOverlap",
    "w:bidiVisual",
    "w:tblStyleRowBandSize",
    "w:tblStyleColBandSize",
    "w:tblW",
    "w:jc",
    "w:tblCellSpacing",
    "w:tblInd",
    "w:tblBorders",
    "w:shd",
    "w:tblLayout",
    "w:tblCellMar",
    "w:tblLook",
    "w:tblCaption",
    "w:tblDescription",
    "w:tblPrChange",
)


def _element(tag: str, **attributes: str) -> BaseOxmlElement:
    """A new WordprocessingML element; attribute names without their w: prefix."""
    return cast(BaseOxmlElement, OxmlElement(tag, {qn(f"w:{k}"): v for k, v in attributes.items()}))


def _keep_rows(table: Table, layout: TableLayout) -> None:
    """No row breaks across pages; heading rows stay with the row below them, and the
    table's own heading rows repeat at the top of every page it runs onto."""
    for index, (row, cells) in enumerate(zip(table.rows, layout.rows(), strict=True)):
        _row_property(row, "w:cantSplit")
        if index < layout.head:
            _row_property(row, "w:tblHeader")
        if cells and all(c.axis is Axis.COLUMN for c in cells):
            for cell in row.cells:
                for paragraph in cell.paragraphs:
                    paragraph.paragraph_format.keep_with_next = True


def _row_property(row: _Row, tag: str) -> None:
    row._tr.get_or_add_trPr().append(_element(tag))
