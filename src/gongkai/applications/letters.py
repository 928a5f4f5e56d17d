"""Letters of a case: 补正告知书, 延长答复期限告知书, 征求意见函, 收费通知书, the reply (答复书) and
the 终止办理告知书, as DOCX and PDF, from texts an administrator edits in the Django admin.

Every text is a LetterTemplate row (key, title, body with {placeholders}); the defaults ship in
``letter_templates/<key>.txt`` (first line the title, a blank line, then the body) and the data
migration copies them into the table. A row an administrator deleted falls back to its default.
The reply is a frame (``reply``, ``termination``, ``withdrawal``) holding two nested templates:
``reply.<outcome>``, the decision sentence of each outcome of table 三, and ``remedies``.

Placeholders are filled with str.format_map from a dict of plain strings. A placeholder the
dict does not know is left visible as 【name】, and a text that is not a valid format string
(a lone brace, a format spec) is filled by a tolerant substitution instead, so an edit in the
admin can never make a letter fail.

The letter body is one paragraph a line: the first line, when it ends with "：", is the
addressee (flush left); every other line is indented two characters. The title, the
registration number under it, and the closing (seal placeholder, agency, date) are added here.
"""

from __future__ import annotations

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
from docx.shared import Pt
from docx.text.paragraph import Paragraph as DocxParagraph

from gongkai.agencies.models import Agency, Level
from gongkai.annual_report.renderers.docx import (
    BODY_FONT,
    INDENT_CHARS,
    LINE_PITCH,
    TITLE_FONT,
    apply_font,
    indent_first_line,
    new_document,
)
from gongkai.annual_report.renderers.html import stylesheet
from gongkai.annual_report.renderers.pdf import pdf_fonts
from gongkai.clock import ClockError, FeeBasis, quote_fee
from gongkai.clock.fees import FEE_SOURCE

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
    LetterTemplate,
    Outcome,
    Status,
)

FORMATS = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
SEAL = "【印章】"
COURT = "【有管辖权的人民法院】"

REGULATIONS = "《中华人民共和国政府信息公开条例》"
FEE_MEASURES = "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号印发）"

# The articles a reply relies on when the clerk entered none (Application.legal_basis wins).
# Art. 36 lists the kinds of reply; its item (三) is the reply "不予公开并说明理由".
DEFAULT_BASIS: dict[str, str] = {
    Outcome.GRANTED: f"{REGULATIONS}第三十六条第（一）项、第（二）项",
    Outcome.PARTIAL: f"{REGULATIONS}第三十七条",
    Outcome.WITHHELD_SECRET: f"{REGULATIONS}第十四条、第三十六条第（三）项",
    Outcome.WITHHELD_LAW: f"{REGULATIONS}第十四条、第三十六条第（三）项",
    Outcome.WITHHELD_SECURITY: f"{REGULATIONS}第十四条、第三十六条第（三）项",
    Outcome.WITHHELD_THIRD_PARTY: f"{REGULATIONS}第十五条、第三十二条、第三十六条第（三）项",
    Outcome.WITHHELD_INTERNAL: f"{REGULATIONS}第十六条第一款、第三十六条第（三）项",
    Outcome.WITHHELD_PROCESS: f"{REGULATIONS}第十六条第二款、第三十六条第（三）项",
    Outcome.WITHHELD_ENFORCEMENT: f"{REGULATIONS}第十六条第二款、第三十六条第（三）项",
    # Art. 36(7): 工商、不动产登记资料等, where a law or administrative regulation has its own procedure.
    Outcome.WITHHELD_QUERY: f"{REGULATIONS}第三十六条第（七）项",
    Outcome.UNAVAILABLE_NOT_HELD: f"{REGULATIONS}第三十六条第（四）项",
    Outcome.UNAVAILABLE_NEEDS_CREATION: f"{REGULATIONS}第三十八条",
    Outcome.UNAVAILABLE_UNCLEAR: f"{REGULATIONS}第二十九条第二款、第三十条",
    Outcome.REJECTED_PETITION: f"{REGULATIONS}第三十九条第一款",
    Outcome.REJECTED_REPEAT: f"{REGULATIONS}第三十六条第（六）项",
    Outcome.REJECTED_PUBLICATION: f"{REGULATIONS}第三十九条第二款",
    Outcome.REJECTED_VEXATIOUS: f"{REGULATIONS}第三十五条",
    # No article names this ground; a confirmation or re-issue is not 获取政府信息 (Art. 2, 27).
    Outcome.REJECTED_CONFIRMATION: f"{REGULATIONS}第二条、第二十七条",
    Outcome.OTHER_NO_CORRECTION: f"{REGULATIONS}第三十条",
    Outcome.OTHER_FEE_UNPAID: FEE_MEASURES,
    Outcome.OTHER_MISC: REGULATIONS,
}

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
    "review_body": "行政复议机关（工作部门为本级人民政府，人民政府为上一级人民政府）",
    "court": "人民法院（默认为待填写的【有管辖权的人民法院】）",
    "decision": "答复书：按办理结果取用的决定段落（reply.<办理结果> 模板）",
    "basis": "法律依据（经办人填写的，否则为各办理结果的默认条款）",
    "details": "经办人填写的决定内容（提供方式、不予公开的理由等）",
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


@dataclass(frozen=True)
class Letter:
    title: str
    number: str  # 登记号
    addressee: str  # "张三：", flush left; "" when the body does not start with one
    paragraphs: tuple[str, ...]
    agency: str
    date: dt.date

    @classmethod
    def from_text(cls, *, title: str, number: str, body: str, agency: str, date: dt.date) -> Letter:
        lines = [line.strip() for line in body.splitlines() if line.strip()]
        addressee = lines.pop(0) if lines and lines[0].endswith(("：", ":")) and len(lines[0]) <= 80 else ""
        return cls(title, number, addressee, tuple(lines), agency, date)

    @property
    def number_line(self) -> str:
        return f"登记号：{self.number}"

    @property
    def closing(self) -> tuple[str, str, str]:
        return SEAL, self.agency, cn_date(self.date)

    def text(self) -> str:
        """The whole letter as plain text, one paragraph a line."""
        lines = [self.title, self.number_line, self.addressee, *self.paragraphs, *self.closing]
        return "\n".join(line for line in lines if line)


def cn_date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


# --- DOCX -------------------------------------------------------------------------------------


def letter_docx(letter: Letter) -> bytes:
    """A4, GB/T 9704 margins, 方正小标宋简体 二号 title, 仿宋_GB2312 三号 body at 22 lines a page."""
    doc = new_document(title=letter.title, author=letter.agency)

    title = doc.add_paragraph(style="Title")
    apply_font(title.add_run(letter.title).font, TITLE_FONT)
    title.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(0)
    title.paragraph_format.line_spacing = 1.2

    number = _body_paragraph(doc, letter.number_line, WD_ALIGN_PARAGRAPH.CENTER)
    number.paragraph_format.space_after = LINE_PITCH
    last = number
    if letter.addressee:
        last = _body_paragraph(doc, letter.addressee, WD_ALIGN_PARAGRAPH.JUSTIFY)
    for text in letter.paragraphs:
        last = _body_paragraph(doc, text, WD_ALIGN_PARAGRAPH.JUSTIFY)
        indent_first_line(last, BODY_FONT)
    # GB/T 9704: the seal and the date never stand on a page without text, so the last paragraph
    # goes along when they run over. The seal line itself is the space above the signature.
    last.paragraph_format.keep_with_next = True
    for index, text in enumerate(letter.closing):
        layout = _body_paragraph(doc, text, WD_ALIGN_PARAGRAPH.RIGHT).paragraph_format
        layout.right_indent = Pt(BODY_FONT.size * INDENT_CHARS)  # the date stands clear of the edge
        layout.keep_with_next = index < len(letter.closing) - 1

    buffer = BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


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

_LETTER_CSS = """
/* letters: the registration number under the title, the addressee flush left, the closing */
.letter-number {
  text-align: center;
  text-indent: 0;
  margin-bottom: 1em;
}

.addressee {
  text-indent: 0;
}

.closing {
  padding-right: 2em;
}

footer .closing:first-of-type {
  margin-top: 0.5em;
}
"""


def letter_html(letter: Letter, *, fonts: str | None = None) -> str:
    """A standalone page (also the source of the PDF), styled like the annual report."""
    stack = fonts or pdf_fonts()
    body = [f'<p class="addressee">{escape(letter.addressee)}</p>\n'] if letter.addressee else []
    body += [f"<p>{escape(text)}</p>\n" for text in letter.paragraphs]
    seal, agency, date = letter.closing
    return (
        "<!DOCTYPE html>\n"
        '<html lang="zh-CN">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{escape(letter.title)}（{escape(letter.number)}）</title>\n"
        f"<style>\n{stylesheet(stack)}\nh1 {{\n  font-family: {TITLE_FONTS}, {stack};\n}}\n{_LETTER_CSS}</style>\n"
        "</head>\n<body>\n<main>\n<article>\n"
        f"<header>\n<h1>{escape(letter.title)}</h1>\n"
        f'<p class="letter-number">{escape(letter.number_line)}</p>\n</header>\n'
        + "".join(body)
        + "<footer>\n"
        f'<p class="closing">{escape(seal)}</p>\n'
        f'<p class="closing">{escape(agency)}</p>\n'
        f'<p class="closing"><time datetime="{letter.date.isoformat()}">{escape(date)}</time></p>\n'
        "</footer>\n</article>\n</main>\n</body>\n</html>\n"
    )


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
    """The letter as data (for a preview page); KeyError when the case has no such letter."""
    entry = {entry.key: entry for entry in _entries(application)}.get(key)
    if entry is None:
        raise KeyError(key)
    draft = entry.draft()
    templates = _templates({draft.template, *draft.nested.values()})
    values = _Values({**_common_values(application), "date": cn_date(draft.on), **draft.values})
    for placeholder, template in draft.nested.items():
        values[placeholder] = fill(templates[template].body, values)
    frame = templates[draft.template]
    return Letter.from_text(
        title=fill(frame.title, values),
        number=application.number,
        body=fill(frame.body, values),
        agency=application.agency.name,
        date=draft.on,
    )


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


def _common_values(application: Application) -> dict[str, str]:
    agency = application.agency
    return {
        "agency": agency.name,
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
        "review_body": reconsideration_body(agency),
        "court": COURT,
    }


def applicant_label(application: Application) -> str:
    """The applicant's name; an organisation's with its contact person."""
    contact = application.contact_person.strip()
    if application.applicant_kind != "natural_person" and contact:
        return f"{application.applicant_name}（联系人：{contact}）"
    return application.applicant_name


def reconsideration_body(agency: Agency) -> str:
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
    if above is not None:
        return above.name
    return "【上一级人民政府】" if agency.is_government else "【本级人民政府】"


CORRECTION_MARK = "【补正】"  # how record_correction appends the corrected text to the description


def _request(description: str, *, as_first_received: bool = False) -> str:
    """The request on one line; the corrected text, if any, after "补正内容：" (or left out)."""
    if as_first_received:
        description = description.split(f"\n{CORRECTION_MARK}")[0]
    lines = (line.strip() for line in description.replace(CORRECTION_MARK, "补正内容：").splitlines())
    return "；".join(line for line in lines if line)


def _clean(text: str) -> str:
    """A clerk's phrase set inside a sentence: no full stop of its own."""
    return text.strip().rstrip("。；;，,.")


def _correction_draft(application: Application, event: Event) -> _Draft:
    values = {
        "correction_what": event.reason.strip() or "【需要补正的事项】",
        "request": _request(application.description, as_first_received=True),
        "corrected_note": "",
    }
    return _Draft("correction", event.on, values)


def _extension_draft(application: Application, event: Event) -> _Draft:
    due = _event_date(event, "due_on") or application.due_on
    return _Draft(
        "extension",
        event.on,
        {
            "reason": _clean(event.reason) or "【延长理由】",
            "new_due": cn_date(due) if due else "【答复期限】",
        },
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
    )


def _fee_draft(notice: FeeNotice) -> _Draft:
    return _Draft("fee", notice.notified_on, _fee_values(notice))


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
    values = {
        "basis": _clean(application.legal_basis) or DEFAULT_BASIS[outcome],
        "details": application.decision_text.strip(),
        "provision": f"按您要求的{form}形式，通过{method}方式向您提供",
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
    return _Draft(frame, on, values, nested)


def _event_date(event: Event, name: str) -> dt.date | None:
    value = event.data.get(name) if isinstance(event.data, dict) else None
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None
