"""The letters print as official documents: A4 with GB/T 9704 margins, CJK fonts, a PDF with text."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess
from io import BytesIO

import pdfplumber
import pytest
from django.contrib.auth.models import User
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

from gongkai.agencies.models import Agency
from gongkai.applications import actions
from gongkai.applications.letters import compose_letter, letter_html, render_letter
from gongkai.applications.models import Application

from .factories import application

pytestmark = pytest.mark.django_db


def has_cjk_font() -> bool:
    if shutil.which("fc-list") is None:
        return False
    found = subprocess.run(["fc-list", ":lang=zh"], capture_output=True, text=True, check=False)
    return bool(found.stdout.strip())


@pytest.fixture
def case(bureau: Agency, clerk: User) -> Application:
    case = application(
        bureau, clerk, received=dt.date(2025, 3, 3), description="<b>2024年</b>规划批复 & 附图"
    )
    return actions.decide(
        acting_user=clerk, application=case, outcome="granted", legal_basis="", on=dt.date(2025, 3, 24)
    )


def east_asian_font(run: object) -> str | None:
    rfonts = run._r.rPr.rFonts  # type: ignore[attr-defined]
    return rfonts.get(qn("w:eastAsia"))  # type: ignore[no-any-return]


def test_the_docx_is_an_a4_official_document(case: Application) -> None:
    doc = Document(BytesIO(render_letter(case, "reply", "docx")))
    section = doc.sections[0]

    def mm(length: object) -> int:
        return round(length.mm)  # type: ignore[attr-defined]

    assert (mm(section.page_width), mm(section.page_height)) == (210, 297)
    assert [mm(section.top_margin), mm(section.bottom_margin)] == [37, 35]
    assert [mm(section.left_margin), mm(section.right_margin)] == [28, 26]

    title, number, addressee, first, *rest = doc.paragraphs
    assert title.text == "政府信息公开申请答复书"
    assert title.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert east_asian_font(title.runs[0]) == "方正小标宋简体"
    assert title.runs[0].font.size == Pt(22)
    assert number.text == "登记号：2025-00001"

    assert addressee.text == "张三："
    assert addressee.paragraph_format.first_line_indent is None  # flush left
    assert east_asian_font(first.runs[0]) == "仿宋_GB2312"
    assert first.runs[0].font.size == Pt(16)
    assert first.paragraph_format.first_line_indent == Pt(32)  # two characters

    seal, agency, date = rest[-3:]
    assert (seal.text, agency.text, date.text) == ("【印章】", "示例县自然资源局", "2025年3月24日")
    assert all(p.alignment == WD_ALIGN_PARAGRAPH.RIGHT for p in (seal, agency, date))


def test_the_html_escapes_what_the_applicant_wrote(case: Application) -> None:
    html = letter_html(compose_letter(case, "reply"))
    assert "&lt;b&gt;2024年&lt;/b&gt;规划批复 &amp; 附图" in html
    assert "<b>" not in html
    assert '<html lang="zh-CN">' in html


@pytest.mark.skipif(not has_cjk_font(), reason="no CJK font on this machine (fc-list :lang=zh)")
def test_the_pdf_carries_the_letter_as_text(case: Application) -> None:
    data = render_letter(case, "reply", "pdf")
    assert data.startswith(b"%PDF")
    with pdfplumber.open(BytesIO(data)) as pdf:
        text = "".join(page.extract_text() or "" for page in pdf.pages)
        width, height = pdf.pages[0].width, pdf.pages[0].height
    assert "2025-00001" in text
    assert "政府信息公开申请答复书" in text.replace(" ", "")
    assert "张三" in text
    assert (round(width / 72 * 25.4), round(height / 72 * 25.4)) == (210, 297)
