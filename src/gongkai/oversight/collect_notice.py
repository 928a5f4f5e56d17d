"""The 整改通知 to a unit not on the platform: a DOCX laid out as an official notice (title,
addressee, the problems found in its published report with their evidence, what to do by when,
the supervisor's name and the date)."""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from gongkai.agencies.models import Agency
from gongkai.annual_report.editions import EDITIONS, edition_for_year
from gongkai.annual_report.findings import Severity
from gongkai.core.actions import ActionError

from .evidence import place
from .models import CollectedReport, RosterUnit
from .selectors import collected_published_on

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
NUMERALS = "一二三四五六七八九十"
BODY_FONT, TITLE_FONT = "仿宋_GB2312", "方正小标宋简体"  # as the 党政机关公文格式 (GB/T 9704) asks
FALLBACK_FONT = "SimSun"


def _numeral(n: int) -> str:
    if n <= 10:
        return NUMERALS[n - 1]
    if n < 20:
        return "十" + NUMERALS[n - 11]
    tens, ones = divmod(n, 10)
    return NUMERALS[tens - 1] + "十" + (NUMERALS[ones - 1] if ones else "")


def _date(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _font(run: Any, name: str, size: float, bold: bool = False) -> None:
    run.font.name = FALLBACK_FONT
    run.font.size = Pt(size)
    run.font.bold = bold
    fonts = run._element.get_or_add_rPr().get_or_add_rFonts()
    fonts.set(qn("w:eastAsia"), name)


def _para(document: Any, text: str, *, size: float = 16, indent: bool = True, align: Any = None) -> Paragraph:
    paragraph: Paragraph = document.add_paragraph()
    paragraph.paragraph_format.line_spacing = Pt(28)
    paragraph.paragraph_format.space_after = Pt(0)
    if indent:
        paragraph.paragraph_format.first_line_indent = Pt(size * 2)
    if align is not None:
        paragraph.alignment = align
    _font(paragraph.add_run(text), BODY_FONT, size)
    return paragraph


def problems(collected: CollectedReport | None, unit: RosterUnit, on: dt.date) -> list[str]:
    """The problems the notice lists, errors first: each finding with where it is and the text
    it is about."""
    year = unit.roster.year
    if collected is None:
        return [
            f"截至{_date(on)}，未找到你单位公开的{year}年政府信息公开工作年度报告"
            f"（应于{_date(unit.due(year))}前公开，《中华人民共和国政府信息公开条例》第四十九条）。"
        ]
    listed: list[str] = []
    first_seen = collected_published_on(collected)
    if collected.published_on is None and first_seen > unit.due(year):
        # The report states no date (the checker says so): it was first seen after the deadline.
        listed.append(
            f"截至{_date(unit.due(year))}未见你单位公开年度报告，本机关于{_date(first_seen)}方收集到（条例第四十九条）。"
        )
    order = {Severity.ERROR.value: 0, Severity.WARNING.value: 1}
    findings = sorted(collected.findings, key=lambda f: order.get(str(f.get("severity")), 2))
    for finding in findings:
        if finding.get("severity") not in order:
            continue
        text = str(finding.get("message") or "").rstrip("。")
        where = place(finding, collected.edition)
        evidence = finding.get("evidence") or {}
        detail = "，".join(where.parts)
        if where.line is not None:
            detail += f"{'，' if detail else ''}原文第{where.line}行"
        if evidence.get("text"):
            detail += f"：“{str(evidence['text'])[:60]}”"
        listed.append(f"{text}{f'（{detail}）' if detail else ''}。")
    return listed


def notice_docx(
    *, supervisor: Agency, unit: RosterUnit, collected: CollectedReport | None, on: dt.date, by: dt.date
) -> bytes:
    """The notice as a DOCX file's bytes."""
    year = unit.roster.year
    listed = problems(collected, unit, on)
    if not listed:
        raise ActionError(f"{unit.name}{year}年度报告没有发现问题，无需整改通知", "conflict")
    document = Document()
    section = document.sections[0]
    section.page_height, section.page_width = Cm(29.7), Cm(21)
    section.top_margin, section.bottom_margin = Cm(3.7), Cm(3.5)
    section.left_margin, section.right_margin = Cm(2.8), Cm(2.6)

    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.paragraph_format.space_after = Pt(24)
    _font(title.add_run(f"关于{year}年政府信息公开工作年度报告问题整改的通知"), TITLE_FONT, 22)

    _para(document, f"{unit.name}：", indent=False)
    if collected is not None:
        published = collected_published_on(collected)
        source = f"（原文件“{collected.filename}”，SHA-256：{collected.sha256[:16]}…）"
        _para(
            document,
            f"经检查，你单位于{_date(published)}公开的{year}年政府信息公开工作年度报告{source}存在以下问题：",
        )
    else:
        _para(document, "经检查，你单位存在以下问题：")
    for n, problem in enumerate(listed, start=1):
        _para(document, f"{_numeral(n)}、{problem}")
    _para(
        document,
        f"请你单位对照《中华人民共和国政府信息公开条例》和《{EDITIONS[edition_for_year(year)].name}》"
        f"（{EDITIONS[edition_for_year(year)].document}）逐项核实整改，于{_date(by)}前重新公开整改后的年度报告，"
        f"并将整改情况书面报送{supervisor.name}。",
    )
    _para(document, "特此通知。")
    document.add_paragraph()
    _para(document, supervisor.name, indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    _para(document, _date(on), indent=False, align=WD_ALIGN_PARAGRAPH.RIGHT)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
