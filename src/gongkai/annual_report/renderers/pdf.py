"""The report as an A4 PDF, typeset by WeasyPrint from the HTML page.

Debian has no 仿宋, so the CJK font stack is a setting: ``GONGKAI_PDF_FONTS`` (a CSS
font-family value) overrides :data:`DEFAULT_FONTS`.
"""

from __future__ import annotations

import os

from ..model import Report
from .html import render_html

DEFAULT_FONTS = '"FangSong", "仿宋", "Noto Serif CJK SC", "Noto Sans CJK SC", "WenQuanYi Zen Hei", serif'
FONTS_VARIABLE = "GONGKAI_PDF_FONTS"


def pdf_fonts() -> str:
    return os.environ.get(FONTS_VARIABLE, "").strip() or DEFAULT_FONTS


def render_pdf(report: Report) -> bytes:
    from weasyprint import HTML  # imported here: loading pango takes a moment

    pdf: bytes = HTML(string=render_html(report, fonts=pdf_fonts())).write_pdf()
    return pdf
