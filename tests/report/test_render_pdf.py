"""The PDF typeset from the HTML page by WeasyPrint."""

from __future__ import annotations

from io import BytesIO

import pdfplumber
import pytest

from gongkai.annual_report.renderers import render, render_pdf
from gongkai.annual_report.renderers.pdf import DEFAULT_FONTS, pdf_fonts

from .render_samples import AGENCY, has_cjk_font, sample_report


@pytest.mark.slow
@pytest.mark.skipif(
    not has_cjk_font(),
    reason="no Chinese font installed (fc-list :lang=zh is empty): install fonts-noto-cjk",
)
def test_pdf_text_layer_holds_the_report() -> None:
    pdf = render_pdf(sample_report())
    assert pdf.startswith(b"%PDF-")
    with pdfplumber.open(BytesIO(pdf)) as document:
        first = document.pages[0]
        assert round(first.width) == 595
        assert round(first.height) == 842
        text = "\n".join(page.extract_text() or "" for page in document.pages)
    compact = text.replace(" ", "")
    assert AGENCY in compact
    assert "三、收到和处理政府信息公开申请情况" in compact
    assert "2021年1月27日" in compact


def test_font_stack_is_a_setting(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GONGKAI_PDF_FONTS", raising=False)
    assert pdf_fonts() == DEFAULT_FONTS
    monkeypatch.setenv("GONGKAI_PDF_FONTS", '"WenQuanYi Zen Hei", sans-serif')
    assert pdf_fonts() == '"WenQuanYi Zen Hei", sans-serif'


def test_unknown_format_is_refused_in_chinese() -> None:
    with pytest.raises(ValueError, match="不支持的输出格式“odt”"):
        render(sample_report(), "odt")
