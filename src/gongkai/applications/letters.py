"""Letters of a case: 补正告知书, 延长答复期限告知书, 征求意见函, 收费通知书, the reply (答复书) and
the 终止办理告知书, as DOCX and PDF, from texts an administrator edits in the Django admin.

Every text is a LetterTemplate row (key, title, body with {placeholders}); the defaults ship in
``letter_templates/<key>.txt`` (first line the title, a blank line, then the body) and the data
migration copies them into the table. A row an administrator deleted falls back to its default.
The reply is a frame (``reply``, ``termination``, ``withdrawal``) holding two nested templates:
``reply.<outcome>``, the decision sentence of each outcome of table 三, and ``remedies``.

Placeholders are filled with str.format_map from a dict of plain strings. A text that is not a
valid format string (a lone brace, a format spec) is filled by a tolerant substitution instead.
A placeholder the dict does not know, or a fact the case lacks, is never printed: the letter is
refused (LetterRefused) naming it, and so is a letter whose agency lacks a setting it needs
(Letterhead: name, red head, 文号 pattern, court, address and telephone).

The letter body is one paragraph a line: the first line, when it ends with "：", is the
addressee (flush left); every other line is indented two characters. The red head, the 文号,
the title with the agency's name, the registration number, the signature, date, seal and the
office's contact note are added here, laid out as GB/T 9704.
"""

from __future__ import annotations

import base64
import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache, partial
from html import escape
from importlib.resources import files
from io import BytesIO
from typing import Any

from django.conf import settings
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Length, Mm, Pt, RGBColor
from docx.text.paragraph import Paragraph as DocxParagraph

from gongkai.agencies.models import Agency, Level
from gongkai.annual_report.renderers.docx import (
    BODY_FONT,
    LINE_PITCH,
    TITLE_FONT,
    FontSpec,
    add_title,
    apply_font,
    indent_first_line,
    new_document,
)
from gongkai.annual_report.renderers.pdf import pdf_fonts
from gongkai.clock import ClockError, FeeBasis, quote_fee
from gongkai.clock.fees import FEE_SOURCE

from .articles import FEE_MEASURES, REGULATIONS, cite, default_articles
from .models import (
    DECIDED_OUTCOMES,
    Application,
    Consultation,
    ConsultedParty,
    DeliveryForm,
    DeliveryMethod,
    Event,
    EventKind,
    FeeNotice,
    Letterhead,
    LetterTemplate,
    Outcome,
    Status,
)
from .records import delivered_documents

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
# The letters that carry the agency's 文号: the reply and the notices (one yearly counter for all).
NUMBERED_FRAMES = (
    "reply",
    "termination",
    "withdrawal",
    "correction",
    "extension",
    "consultation",
    "consultation_agency",
    "fee",
)

FEE_STANDARDS = {
    FeeBasis.BY_COUNT: "同一申请人一个自然月内累计申请10件以下（含10件）的，不收费；11—30件（含30件）的部分，"
    "100元/件；31件以上的部分，以10件为一档，每增加一档，收费标准提高100元/件",
    FeeBasis.BY_PAGES: "30页以下（含30页）的，不收费；31—100页（含100页）的部分，10元/页；"
    "101—200页（含200页）的部分，20元/页；201页以上的部分，40元/页",
}

# What each placeholder holds, for the administrator (any letter may use any of the common ones).
PLACEHOLDERS: dict[str, str] = {
    "agency": "本机关名称",
    "number": "登记号",
    "applicant": "申请人姓名或名称（法人或其他组织另附联系人）",
    "applicant_name": "申请人姓名或名称",
    "contact_person": "联系人",
    "received": "收到申请之日",
    "corrected_note": "“，并于某日收到您补正后的申请”（未补正的为空）",
    "request": "申请获取的政府信息（申请内容）",
    "date": "文书日期",
    "due": "当前答复期限",
    "review_body": "行政复议机关（文书设置中填写的，否则工作部门为本级人民政府，人民政府为上一级人民政府）",
    "court": "有管辖权的人民法院（文书设置）",
    "fee_payment": "信息处理费缴费方式和收款账户（文书设置）",
    "decision": "答复书：按办理结果取用的决定段落（reply.<办理结果> 模板）",
    "basis": "法律依据：经办人选择的《条例》条款",
    "reasons": "经办人填写的理由（成句，以句号结尾；未填写的为空）",
    "details": "经办人填写的补充说明（单独成段；未填写的为空）",
    "provision": "“按您要求的某形式，通过某方式向您提供”",
    "remedies": "救济途径段落（remedies 模板）",
    "this_letter": "“答复”或“告知”（用于救济途径段落）",
    "concluded": "办结（决定、撤回、视为放弃）日期",
    "correction_what": "需要补正的事项",
    "correction_date": "告知补正日期",
    "reason": "延长答复期限的理由",
    "new_due": "延长后的答复期限",
    "party": "被征求意见的第三方或机关",
    "sent": "征求意见函发出日期",
    "reply_due": "征求意见答复期限（自发出之日计算的15个工作日）",
    "fee_basis": "计收方式（按件计收或按量计收）",
    "fee_standard": "该计收方式的收费标准",
    "quantity": "件数（本自然月第几件）或页数",
    "calculation": "收费计算过程",
    "amount": "应缴金额（元）",
    "fee_date": "收费通知日期",
    "pay_by": "缴费期限",
    "clock_note": "缴费期间不计入答复期限的说明（按系统设置）",
}


# --- templates --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Template:
    key: str
    title: str
    body: str


def parse_template(key: str, text: str) -> Template:
    """A template file: its first line is the title, then a blank line, then the body."""
    title, _, body = text.partition("\n\n")
    return Template(key, title.strip(), body.strip("\n"))


@cache
def default_templates() -> dict[str, Template]:
    folder = files(__package__).joinpath("letter_templates")
    return {
        entry.name.removesuffix(".txt"): parse_template(
            entry.name.removesuffix(".txt"), entry.read_text(encoding="utf-8")
        )
        for entry in folder.iterdir()
        if entry.name.endswith(".txt")
    }


def _templates(keys: set[str]) -> dict[str, Template]:
    """The administrator's texts, with the shipped default for a key that has no row."""
    found = {
        row.key: Template(row.key, row.title, row.body) for row in LetterTemplate.objects.filter(key__in=keys)
    }
    return {key: found.get(key) or default_templates()[key] for key in keys}


# --- filling placeholders ---------------------------------------------------------------------


class _Values(dict[str, str]):
    def __missing__(self, key: str) -> str:
        return f"【{key}】"


_FIELD = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")


def fill(text: str, values: Mapping[str, str]) -> str:
    """The text with its {placeholders} replaced; an unknown one stays visible as 【name】."""
    safe = _Values(values)
    try:
        return text.format_map(safe)
    except (ValueError, IndexError, AttributeError, TypeError):
        # Not a valid format string ("{" alone, "{0}", "{amount:,}" on a str): fill what can be.
        return _FIELD.sub(lambda match: _substitute(match, safe), text)


def _substitute(match: re.Match[str], values: _Values) -> str:
    token = match.group(0)
    if token in ("{{", "}}"):
        return token[0]
    name = re.split(r"[.\[!:]", match.group(1), maxsplit=1)[0].strip()
    return values[name] if name else token


# --- the letter as data (no Django) -----------------------------------------------------------


class LetterRefused(Exception):
    """The letter cannot be made as it stands (a setting or a fact it needs is missing); the message
    says which, in Chinese, for the person who can fix it."""


@dataclass(frozen=True)
class Letter:
    title: str
    number: str  # 登记号
    addressee: str  # "张三：", flush left; "" when the body does not start with one
    paragraphs: tuple[str, ...]
    agency: str  # 发文机关署名
    date: dt.date
    red_head: str = ""  # 发文机关标志
    doc_number: str = ""  # 发文字号 (文号), under the red head
    contact: str = ""  # 附注: the office's address and telephone
    seal: bytes | None = None  # the seal's picture, over the signature and date
    attachments: tuple[str, ...] = ()  # 附件说明: the names of the documents delivered with it

    @classmethod
    def from_text(
        cls, *, title: str, number: str, body: str, agency: str, date: dt.date, **head: Any
    ) -> Letter:
        lines = [line.strip() for line in body.splitlines() if line.strip()]
        addressee = lines.pop(0) if lines and lines[0].endswith(("：", ":")) and len(lines[0]) <= 80 else ""
        return cls(title, number, addressee, tuple(lines), agency, date, **head)

    @property
    def title_phrases(self) -> tuple[str, ...]:
        """The title cut where a line may break: the agency's name, then the letter's own name."""
        rest = self.title.removeprefix(self.agency)
        return (self.agency, rest) if rest and rest != self.title else (self.title,)

    @property
    def number_line(self) -> str:
        return f"（登记号：{self.number}）"

    @property
    def attachment_items(self) -> tuple[tuple[str, str, str], ...]:
        """GB/T 9704 7.3.4 附件说明, as (「附件：」 or "", the number, the name): one attachment
        unnumbered, several numbered 「1．」; no punctuation after a name. Laid out with the
        numbers of the later lines under the first one's and a name that wraps under its own first
        character."""
        if len(self.attachments) == 1:
            return (("附件：", "", self.attachments[0]),)
        return tuple(
            ("附件：" if i == 1 else "", f"{i}．", name) for i, name in enumerate(self.attachments, start=1)
        )

    @property
    def attachment_lines(self) -> tuple[str, ...]:
        return tuple("".join(item) for item in self.attachment_items)

    @property
    def closing(self) -> tuple[str, str]:
        return self.agency, cn_date(self.date)

    def text(self) -> str:
        """The whole letter as plain text, one paragraph a line."""
        lines = [
            self.red_head,
            self.doc_number,
            self.title,
            self.number_line,
            self.addressee,
            *self.paragraphs,
            *self.attachment_lines,
            *self.closing,
            self.contact,
        ]
        return "\n".join(line for line in lines if line)


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# --- DOCX -------------------------------------------------------------------------------------

RED = RGBColor(0xE6, 0x00, 0x12)  # the red of the 发文机关标志 and the line under it
RED_HEAD_FONT = FontSpec("方正小标宋简体", 30)
SEAL_SIZE = Mm(42)  # a round official seal is 42 mm across


def letter_docx(letter: Letter) -> bytes:
    """A4, GB/T 9704: red head and 文号 above a red line, 方正小标宋简体 二号 title, 仿宋_GB2312 三号
    body at 22 lines a page, the signature and date flush right with the seal over them."""
    doc = new_document(title=letter.title, author=letter.agency)

    if letter.red_head:
        head = doc.add_paragraph()
        run = head.add_run(letter.red_head)
        apply_font(run.font, RED_HEAD_FONT)
        run.font.color.rgb = RED
        head.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
        head.paragraph_format.space_after = Pt(12)
    number = _body_paragraph(doc, letter.doc_number, WD_ALIGN_PARAGRAPH.CENTER)
    _red_rule(number)
    number.paragraph_format.space_after = LINE_PITCH

    title = doc.add_paragraph(style="Title")
    add_title(title, letter.title_phrases, TITLE_FONT)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(0)
    title.paragraph_format.line_spacing = 1.2

    registration = _body_paragraph(doc, letter.number_line, WD_ALIGN_PARAGRAPH.CENTER)
    registration.paragraph_format.space_after = LINE_PITCH
    if letter.addressee:
        _body_paragraph(doc, letter.addressee, WD_ALIGN_PARAGRAPH.JUSTIFY)
    for index, text in enumerate(letter.paragraphs):
        paragraph = _body_paragraph(doc, text, WD_ALIGN_PARAGRAPH.JUSTIFY)
        indent_first_line(paragraph, BODY_FONT)
        paragraph.paragraph_format.widow_control = True
        # GB/T 9704: the signature and date never stand on a page without text; the last two
        # paragraphs go with them, so that 「特此告知。」 never stands alone above them either.
        if index >= len(letter.paragraphs) - 2:
            paragraph.paragraph_format.keep_with_next = True
            paragraph.paragraph_format.keep_together = True
    for index, (label, serial, name) in enumerate(letter.attachment_items):
        line = _body_paragraph(doc, label + serial + name, WD_ALIGN_PARAGRAPH.LEFT)
        # 「附件：」 two characters in, the later serials under the first, a wrapped name under its
        # own first character: a hanging indent to where the name starts.
        name_starts = BODY_FONT.size * 5 + _width(serial)
        line.paragraph_format.left_indent = Pt(name_starts)
        line.paragraph_format.first_line_indent = Pt(-(_width(label + serial) if label else _width(serial)))
        line.paragraph_format.keep_with_next = True
        if index == 0:
            line.paragraph_format.space_before = LINE_PITCH  # a blank line under the text
    spacer = _body_paragraph(doc, "", WD_ALIGN_PARAGRAPH.RIGHT)  # a line between the text and the seal
    spacer.paragraph_format.keep_with_next = True
    # GB/T 9704 7.3.5.1: the date four characters from the right, the signature centred on it,
    # the seal centred on both.
    agency, date = letter.closing
    date_right = BODY_FONT.size * 4
    centre = date_right + _width(date) / 2
    for text, right in ((agency, max(0.0, centre - _width(agency) / 2)), (date, date_right)):
        paragraph = _body_paragraph(doc, text, WD_ALIGN_PARAGRAPH.RIGHT)
        paragraph.paragraph_format.right_indent = Pt(right)
        paragraph.paragraph_format.keep_with_next = True
        if text is agency and letter.seal:
            _float_seal(paragraph, letter.seal, centre_from_right=Pt(centre))
    if letter.contact:
        note = _body_paragraph(doc, letter.contact, WD_ALIGN_PARAGRAPH.JUSTIFY)
        note.paragraph_format.space_before = LINE_PITCH
        indent_first_line(note, BODY_FONT)

    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


TEXT_WIDTH = Mm(210 - 28 - 26)  # A4 less the GB/T 9704 side margins


def _width(text: str) -> float:
    """The printed width in points of a line of body text: a Chinese character is 1 em, a digit half."""
    return sum(BODY_FONT.size if ord(ch) > 0x2E7F else BODY_FONT.size / 2 for ch in text)


def _float_seal(paragraph: DocxParagraph, picture: bytes, *, centre_from_right: Length) -> None:
    """The seal floats in front of the signature and date, centred on the signature (GB/T 9704
    7.3.5.1), instead of taking lines of its own."""
    run = paragraph.add_run()
    inline = run.add_picture(BytesIO(picture), width=SEAL_SIZE, height=SEAL_SIZE)._inline
    anchor = OxmlElement("wp:anchor")
    for name, value in (
        ("distT", "0"),
        ("distB", "0"),
        ("distL", "0"),
        ("distR", "0"),
        ("simplePos", "0"),
        ("relativeHeight", "251659264"),
        ("behindDoc", "0"),
        ("locked", "0"),
        ("layoutInCell", "1"),
        ("allowOverlap", "1"),
    ):
        anchor.set(name, value)
    simple = OxmlElement("wp:simplePos")
    simple.set("x", "0")
    simple.set("y", "0")
    anchor.append(simple)
    left = int(TEXT_WIDTH - centre_from_right - SEAL_SIZE / 2)
    top = int(-Mm(17))  # the seal's top within a line of the text above the signature
    for tag, origin, offset in (("wp:positionH", "margin", left), ("wp:positionV", "paragraph", top)):
        position = OxmlElement(tag)
        position.set("relativeFrom", origin)
        amount = OxmlElement("wp:posOffset")
        amount.text = str(offset)
        position.append(amount)
        anchor.append(position)
    anchor.append(_child(inline, "wp:extent"))
    effect = OxmlElement("wp:effectExtent")
    for side in ("l", "t", "r", "b"):
        effect.set(side, "0")
    anchor.append(effect)
    anchor.append(OxmlElement("wp:wrapNone"))
    for tag in ("wp:docPr", "wp:cNvGraphicFramePr", "a:graphic"):
        anchor.append(_child(inline, tag))
    _child(run._r, "w:drawing").replace(inline, anchor)


def _child(element: Any, tag: str) -> Any:
    found = element.find(qn(tag))
    if found is None:
        raise ValueError(f"DOCX 图片结构缺少 {tag}")
    return found


def _red_rule(paragraph: DocxParagraph) -> None:
    """The red line under the 发文字号 (GB/T 9704 7.2.4)."""
    p_pr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("w:val", "single"), ("w:sz", "12"), ("w:space", "4"), ("w:color", "E60012")):
        bottom.set(qn(name), value)
    borders.append(bottom)
    p_pr.append(borders)


def _body_paragraph(doc: Any, text: str, alignment: WD_ALIGN_PARAGRAPH) -> DocxParagraph:
    paragraph: DocxParagraph = doc.add_paragraph()
    apply_font(paragraph.add_run(text).font, BODY_FONT)
    layout = paragraph.paragraph_format
    layout.alignment = alignment
    layout.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    layout.line_spacing = LINE_PITCH
    layout.space_after = Pt(0)
    return paragraph


# --- HTML and PDF -----------------------------------------------------------------------------

TITLE_FONTS = '"方正小标宋简体", "FZXiaoBiaoSong-B05S", "华文中宋", "STZhongsong"'

# The letter on A4 as GB/T 9704 lays it out: 三号 (16 pt) body at 22 lines of 28.95 pt a page.
_LETTER_CSS = """
@page {
  size: A4;
  margin: 37mm 26mm 35mm 28mm;
  @bottom-center {
    content: "— " counter(page) " —";
    font-size: 14pt;
  }
}

html {
  color: #000;
  font-size: 16pt;
  line-height: 28.95pt;
}

body {
  margin: 0;
}

p {
  margin: 0;
  text-indent: 2em;
  text-align: justify;
  overflow-wrap: anywhere;
  orphans: 2;
  widows: 2;
}

.red-head {
  color: #e60012;
  font-size: 30pt;
  line-height: 1.4;
  text-align: center;
  text-indent: 0;
  letter-spacing: 0.05em;
  margin-bottom: 12pt;
}

.doc-number {
  text-align: center;
  text-indent: 0;
  padding-bottom: 6pt;
  border-bottom: 1.5pt solid #e60012;
  margin-bottom: 28.95pt;
}

h1 .phrase {
  display: inline-block;
}

h1 {
  font-size: 22pt;
  font-weight: normal;
  line-height: 1.4;
  text-align: center;
  margin: 0;
}

.letter-number {
  text-align: center;
  text-indent: 0;
  margin-bottom: 28.95pt;
}

.addressee {
  text-indent: 0;
}

/* The signature and the date never start a page: they go with 「特此告知。」 and at least the last
   two lines of the paragraph before it (widows, as every paragraph), which may itself begin on the
   page before, so a short letter does not leave half its first page empty. */
.ending > p + p,
.ending > .attachments,
.ending > footer {
  break-before: avoid;
}

.ending > footer {
  break-inside: avoid;
}

/* GB/T 9704 7.3.5.1: the date four characters from the right, the signature centred on it, the
   seal centred over both, its top within a line of the text. */
.signature {
  position: relative;
  width: fit-content;
  margin: 57.9pt 4em 0 auto;
}

.closing {
  text-align: center;
  text-indent: 0;
}

.seal {
  position: absolute;
  left: 50%;
  margin-left: -21mm;
  top: -20mm;
  width: 42mm;
  height: 42mm;
  opacity: 0.9;
}

.contact {
  margin-top: 28.95pt;
}

/* GB/T 9704 7.3.4: a blank line under the text, 「附件：」 two characters in, the later numbers under
   the first, a name that wraps under its own first character. */
.attachments {
  display: grid;
  grid-template-columns: 3em auto 1fr;
  margin: 28.95pt 0 0 2em;
  padding: 0;
}

.attachments span {
  text-indent: 0;
}
"""


def letter_html(letter: Letter, *, fonts: str | None = None) -> str:
    """A standalone page (the source of the PDF) in the layout of GB/T 9704."""
    stack = fonts or pdf_fonts()
    if any(c in stack for c in "{};<>"):
        raise ValueError(f"字体设置不是合法的 CSS font-family 值：{stack}")
    body = [f'<p class="addressee">{escape(letter.addressee)}</p>\n'] if letter.addressee else []
    # The last two paragraphs go with the signature: never 「特此告知。」 alone above it on a page.
    leading, final = letter.paragraphs[:-2], letter.paragraphs[-2:]
    body += [f"<p>{escape(text)}</p>\n" for text in leading]
    agency, date = letter.closing
    seal = ""
    if letter.seal:
        picture = base64.b64encode(letter.seal).decode("ascii")
        seal = f'<img class="seal" alt="印章" src="data:{_image_type(letter.seal)};base64,{picture}">\n'
    head = f'<p class="red-head">{escape(letter.red_head)}</p>\n' if letter.red_head else ""
    contact = f'<p class="contact">{escape(letter.contact)}</p>\n' if letter.contact else ""
    attachments = (
        '<p class="attachments">'
        + "".join(
            f"<span>{escape(label)}</span><span>{escape(number)}</span><span>{escape(name)}</span>"
            for label, number, name in letter.attachment_items
        )
        + "</p>\n"
        if letter.attachments
        else ""
    )
    title = "".join(f'<span class="phrase">{escape(phrase)}</span>' for phrase in letter.title_phrases)
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(letter.title)}（{escape(letter.doc_number or letter.number)}）</title>\n"
        f"<style>\nhtml {{\n  font-family: {stack};\n}}\n"
        f".red-head, h1 {{\n  font-family: {TITLE_FONTS}, {stack};\n}}\n{_LETTER_CSS}</style>\n"
        "</head>\n<body>\n<main>\n<article>\n"
        f"<header>\n{head}"
        f'<p class="doc-number">{escape(letter.doc_number) or "&#8203;"}</p>\n'
        f"<h1>{title}</h1>\n"
        f'<p class="letter-number">{escape(letter.number_line)}</p>\n</header>\n'
        + "".join(body)
        + '<div class="ending">\n'
        + "".join(f"<p>{escape(text)}</p>\n" for text in final)
        + attachments
        + '<footer>\n<div class="signature">\n'
        + seal
        + f'<p class="closing">{escape(agency)}</p>\n'
        f'<p class="closing"><time datetime="{letter.date.isoformat()}">{escape(date)}</time></p>\n'
        "</div>\n" + contact + "</footer>\n</div>\n</article>\n</main>\n</body>\n</html>\n"
    )


def _image_type(data: bytes) -> str:
    if data.startswith(b"\x89PNG"):
        return "image/png"
    if data.startswith(b"\xff\xd8"):
        return "image/jpeg"
    return "image/gif" if data.startswith(b"GIF8") else "application/octet-stream"


def letter_pdf(letter: Letter) -> bytes:
    from weasyprint import HTML  # imported here: loading pango takes a moment

    pdf: bytes = HTML(string=letter_html(letter)).write_pdf()
    return pdf


# --- the letters of a case ----------------------------------------------------------------------


@dataclass(frozen=True)
class _Draft:
    """What one letter needs beyond the common values: its frame, date and own placeholders."""

    template: str
    on: dt.date
    values: dict[str, str] = field(default_factory=dict)
    nested: dict[str, str] = field(default_factory=dict)  # placeholder -> template key filled into it
    attachments: tuple[str, ...] = ()  # the names of the documents delivered with the letter
    notice: Event | Consultation | FeeNotice | None = None  # a notice: where its 文号 is kept


@dataclass(frozen=True)
class _Entry:
    key: str
    template: str
    title_suffix: str
    draft: Callable[[], _Draft]


def available_letters(application: Application) -> list[tuple[str, str]]:
    """(key, title) of the letters this case has in its current state, in the order they arise."""
    entries = _entries(application)
    titles = _templates({entry.template for entry in entries})
    return [(entry.key, titles[entry.template].title + entry.title_suffix) for entry in entries]


def compose_letter(application: Application, key: str) -> Letter:
    """The letter as data; KeyError when the case has no such letter, LetterRefused when a
    setting or a fact it needs is missing (never a letter with a placeholder in it)."""
    entry = {entry.key: entry for entry in _entries(application)}.get(key)
    if entry is None:
        raise KeyError(key)
    draft = entry.draft()
    templates = _templates({draft.template, *draft.nested.values()})
    used = {
        name
        for template in templates.values()
        for name in re.findall(r"\{([A-Za-z_]+)", template.body + template.title)
    }
    head = letterhead(application.agency, needs=used, numbered=draft.template in NUMBERED_FRAMES)
    values = _Values({**_common_values(application, head), "date": cn_date(draft.on), **draft.values})
    for placeholder, template in draft.nested.items():
        values[placeholder] = fill(templates[template].body, values)
    frame = templates[draft.template]
    title = fill(frame.title, values)
    doc_number = ""
    if draft.notice is not None:
        doc_number = _notice_number(draft.notice)
    elif draft.template in NUMBERED_FRAMES:
        if not application.letter_number:
            from .actions import give_letter_number  # a case decided before the pattern was set

            application.letter_number = give_letter_number(application).letter_number
        doc_number = application.letter_number
    letter = Letter.from_text(
        title=title if title.startswith(head.full_name) else head.full_name + title,
        number=application.number,
        body=fill(frame.body, values),
        agency=head.full_name,
        date=draft.on,
        red_head=head.red_head,
        doc_number=doc_number,
        contact=f"（联系地址：{head.address}；联系电话：{head.phone}）",
        seal=_seal_bytes(head),
        attachments=tuple(draft.attachments),
    )
    unfilled = sorted(set(re.findall(r"【[^【】]{1,30}】", letter.text())))
    if unfilled:
        raise LetterRefused(f"文书中还有未填写的内容：{'、'.join(unfilled)}，请先补全后再生成")
    return letter


def _notice_number(notice: Event | Consultation | FeeNotice) -> str:
    """The notice's 文号 as given when it was issued, or given now (and kept) for a notice issued
    before the agency's pattern was set."""
    if isinstance(notice, Event):
        number = notice.data.get("letter_number", "") if isinstance(notice.data, dict) else ""
    else:
        number = notice.letter_number
    if number:
        return str(number)
    from .actions import give_notice_number

    return give_notice_number(notice)


# The settings of Letterhead every letter needs, and those only some need.
_ALWAYS = ("full_name", "red_head", "address", "phone")


def letterhead(agency: Agency, *, needs: set[str] = frozenset(), numbered: bool = False) -> Letterhead:  # type: ignore[assignment]
    """The agency's letter settings, refused with the name of the first one missing."""
    head = Letterhead.objects.filter(agency=agency).first()
    if head is None:
        raise LetterRefused(
            f"{agency.name}尚未填写文书设置（机关全称、发文机关标志、文号格式、有管辖权的人民法院等），无法生成文书；请管理员在后台“文书设置”中填写"
        )
    required = list(_ALWAYS)
    if numbered:
        required.append("number_pattern")
    if "court" in needs or "remedies" in needs:
        required.append("court")
    if "fee_payment" in needs:
        required.append("fee_payment")
    for name in required:
        if not str(getattr(head, name)).strip():
            label = getattr(Letterhead._meta.get_field(name), "verbose_name", name)
            raise LetterRefused(
                f"{agency.name}的文书设置缺少“{label}”，无法生成文书；请管理员在后台“文书设置”中填写"
            )
    appealed = "review_body" in needs or "remedies" in needs
    if appealed and not head.review_body.strip() and reconsideration_body(agency) is None:
        raise LetterRefused(
            f"无法确定{agency.name}的行政复议机关，无法生成文书；请管理员在后台“文书设置”中填写“行政复议机关”"
        )
    return head


def _seal_bytes(head: Letterhead) -> bytes | None:
    if not head.seal:
        return None
    try:
        with head.seal.open("rb") as stream:
            data: bytes = stream.read()
    except OSError as exc:
        raise LetterRefused(
            f"电子印章文件无法读取（{head.seal.name}），请管理员在后台“文书设置”中重新上传"
        ) from exc
    return data


def render_letter(application: Application, key: str, fmt: str) -> bytes:
    """The letter as DOCX or PDF bytes; KeyError for a letter the case does not have."""
    if fmt not in FORMATS:
        raise ValueError(f"不支持的文书格式：{fmt}（应为 docx 或 pdf）")
    letter = compose_letter(application, key)
    return letter_docx(letter) if fmt == "docx" else letter_pdf(letter)


def _entries(application: Application) -> list[_Entry]:
    events = list(
        application.events.filter(kind__in=[EventKind.CORRECTION_REQUESTED, EventKind.EXTENDED]).order_by(
            "at", "id"
        )
    )
    correction = next((e for e in events if e.kind == EventKind.CORRECTION_REQUESTED), None)
    extension = next((e for e in reversed(events) if e.kind == EventKind.EXTENDED), None)
    entries: list[_Entry] = []
    if correction is not None:
        entries.append(
            _Entry("correction", "correction", "", lambda: _correction_draft(application, correction))
        )
    if extension is not None:
        entries.append(_Entry("extension", "extension", "", lambda: _extension_draft(application, extension)))
    for consultation in application.consultations.order_by("sent_on", "id"):
        template = (
            "consultation" if consultation.party_kind == ConsultedParty.THIRD_PARTY else "consultation_agency"
        )
        entries.append(
            _Entry(
                f"consultation-{consultation.pk}",
                template,
                f"（{consultation.party_name}）",
                partial(_consultation_draft, consultation),
            )
        )
    fee = application.fee_notices.order_by("-notified_on", "-id").first()
    if fee is not None:
        entries.append(_Entry("fee", "fee", "", lambda: _fee_draft(fee)))
    frame = _reply_frame(application)
    if frame is not None:
        entries.append(_Entry("reply", frame, "", lambda: _reply_draft(application, frame, correction, fee)))
    return entries


def _reply_frame(application: Application) -> str | None:
    if application.outcome in {o.value for o in DECIDED_OUTCOMES}:
        decided = application.status in (Status.DECIDED, Status.REPLIED, Status.SERVED, Status.CLOSED)
        return "reply" if decided else None
    if application.status != Status.CLOSED:
        return None
    if application.outcome in (Outcome.OTHER_NO_CORRECTION, Outcome.OTHER_FEE_UNPAID):
        return "termination"
    return "withdrawal" if application.outcome == Outcome.OTHER_MISC else None


def _common_values(application: Application, head: Letterhead) -> dict[str, str]:
    agency = application.agency
    return {
        "agency": head.full_name or agency.name,
        "number": application.number,
        "applicant": applicant_label(application),
        "applicant_name": application.applicant_name,
        "contact_person": application.contact_person,
        "received": cn_date(application.received_on),
        "corrected_note": (
            f"，并于{cn_date(application.corrected_on)}收到您补正后的申请" if application.corrected_on else ""
        ),
        "request": _request(application.description),
        "due": cn_date(application.due_on) if application.due_on else "",
        "review_body": head.review_body.strip() or reconsideration_body(agency) or "",
        "court": head.court.strip(),
        "fee_payment": _clean(head.fee_payment),
    }


def applicant_label(application: Application) -> str:
    """The applicant's name; an organisation's with its contact person."""
    contact = application.contact_person.strip()
    if application.applicant_kind != "natural_person" and contact:
        return f"{application.applicant_name}（联系人：{contact}）"
    return application.applicant_name


def reconsideration_body(agency: Agency) -> str | None:
    """Where a reply of this agency is appealed (行政复议法 2023, Art. 24-25).

    A department: its own (本级) government; a government: the government one level up; a
    provincial government and a State Council department: itself. Vertically led agencies
    (customs, taxation, ...) go to their superior department instead: the administrator
    writes that body into the ``remedies`` template.
    """
    if agency.level == Level.NATIONAL or (agency.is_government and agency.level == Level.PROVINCE):
        return agency.name
    above = agency.parent
    while above is not None and not above.is_government:
        above = above.parent
    return above.name if above is not None else None


CORRECTION_MARK = "【补正】"  # how record_correction appends the corrected text to the description


def _request(description: str, *, as_first_received: bool = False) -> str:
    """The request on one line; the corrected text, if any, after "补正内容：" (or left out)."""
    if as_first_received:
        description = description.split(f"\n{CORRECTION_MARK}")[0]
    lines = (_clean(line) for line in description.replace(CORRECTION_MARK, "补正内容：").splitlines())
    return "；".join(line for line in lines if line)


def _clean(text: str) -> str:
    """A clerk's phrase set inside a sentence: no full stop of its own."""
    return text.strip().rstrip("。；;，,.").strip()


_OPENERS = re.compile(r"^(经审查|经研究|经检索|经查)[，,：:]\s*")


def _sentences(text: str) -> str:
    """A clerk's sentences set after the letter's own: one paragraph, without a second 「经审查，」,
    ending with a full stop."""
    joined = "".join(_clean(line) + "。" for line in text.splitlines() if _clean(line))
    return _OPENERS.sub("", joined)


def _correction_draft(application: Application, event: Event) -> _Draft:
    values = {
        "correction_what": f"{_clean(event.reason)}。" if _clean(event.reason) else "【需要补正的事项】",
        "request": _request(application.description, as_first_received=True),
        "corrected_note": "",
    }
    return _Draft("correction", event.on, values, notice=event)


def _extension_draft(application: Application, event: Event) -> _Draft:
    due = _event_date(event, "due_on") or application.due_on
    return _Draft(
        "extension",
        event.on,
        {
            "reason": _clean(event.reason) or "【延长理由】",
            "new_due": cn_date(due) if due else "【答复期限】",
        },
        notice=event,
    )


def _consultation_draft(consultation: Consultation) -> _Draft:
    return _Draft(
        "consultation" if consultation.party_kind == ConsultedParty.THIRD_PARTY else "consultation_agency",
        consultation.sent_on,
        {
            "party": consultation.party_name,
            "sent": cn_date(consultation.sent_on),
            "reply_due": cn_date(consultation.due_on),
        },
        notice=consultation,
    )


def _fee_draft(notice: FeeNotice) -> _Draft:
    return _Draft("fee", notice.notified_on, _fee_values(notice), notice=notice)


def _fee_values(notice: FeeNotice) -> dict[str, str]:
    basis = FeeBasis(notice.basis)
    try:
        steps = "".join(quote_fee(basis, notice.quantity).steps)
        calculation = steps.removeprefix(f"{basis.label}：").replace(f"（{FEE_SOURCE}）", "")
    except ClockError:
        calculation = ""
    pauses = getattr(settings, "GONGKAI_FEE_PERIOD_PAUSES_CLOCK", True)
    return {
        "fee_basis": basis.label,
        "fee_standard": FEE_STANDARDS[basis],
        "quantity": str(notice.quantity),
        "calculation": calculation,
        "amount": f"{notice.amount:,}",
        "fee_date": cn_date(notice.notified_on),
        "pay_by": cn_date(notice.due_on),
        "clock_note": "自本通知书发出之日至您缴纳费用之日的期间，不计算在答复期限内。" if pauses else "",
    }


def _reply_draft(
    application: Application, frame: str, correction: Event | None, fee: FeeNotice | None
) -> _Draft:
    outcome = application.outcome
    on = application.replied_on or application.concluded_on or application.received_on
    form = DeliveryForm(application.form_wanted).label
    method = DeliveryMethod(application.delivery).label
    # The documents delivered with the reply are its 附件; without any, the letter names none.
    attachments = tuple(d.title for d in delivered_documents(application)) if frame == "reply" else ()
    values = {
        "basis": _basis(application),
        "reasons": _sentences(application.legal_basis),
        "details": _sentences(application.decision_text),
        "provision": f"按您要求的{form}形式，通过{method}方式向您提供"
        + ("（见附件）" if attachments else ""),
        "outcome": Outcome(outcome).label,
        "concluded": cn_date(application.concluded_on) if application.concluded_on else "",
        "this_letter": "答复" if frame == "reply" else "告知",
    }
    if correction is not None:
        values["correction_what"] = _clean(correction.reason)
        values["correction_date"] = cn_date(correction.on)
    if fee is not None:
        values.update(_fee_values(fee))
    nested = {"decision": f"reply.{outcome}"}
    if frame != "withdrawal":
        nested = {"remedies": "remedies", **nested}  # first, so that a decision text may hold it
    return _Draft(frame, on, values, nested, attachments)


def _basis(application: Application) -> str:
    if application.outcome == Outcome.OTHER_FEE_UNPAID:
        return FEE_MEASURES
    if application.outcome == Outcome.OTHER_MISC:
        return REGULATIONS
    return cite(application.articles or list(default_articles(application.outcome)))


def _event_date(event: Event, name: str) -> dt.date | None:
    value = event.data.get(name) if isinstance(event.data, dict) else None
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
