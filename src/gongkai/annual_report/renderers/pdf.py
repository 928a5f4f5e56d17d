"""The report as an A4 PDF, typeset by WeasyPrint from the HTML page, fonts embedded.

The official fonts (仿宋_GB2312 for the text, 方正小标宋简体 for the title, 黑体 for the
headings) are named first, as WPS and Word name them, and used where installed. Debian has
none of them, so `make fonts` installs free substitutes from the Fandol family (GPL with the
font exception, shipped in Debian's texlive-lang-chinese): FandolFang for 仿宋, FandolSong
Bold for 小标宋, FandolHei for 黑体, into :data:`FONT_DIR` (``GONGKAI_FONT_DIR`` overrides it),
checked against their SHA-256. When they are there, the PDF loads them by file, so it never
depends on what fontconfig happens to match; WeasyPrint embeds (subsets) every font it uses.

The CJK font stack of the text is a setting: ``GONGKAI_PDF_FONTS`` (a CSS font-family value)
overrides :data:`DEFAULT_FONTS`.
"""

from __future__ import annotations

import os
from pathlib import Path

from ..model import Report
from .html import render_html

DEFAULT_FONTS = (
    '"仿宋_GB2312", "FangSong_GB2312", "仿宋", "FangSong", "FandolFang", '
    '"Noto Serif CJK SC", "Noto Sans CJK SC", "WenQuanYi Zen Hei", serif'
)
FONTS_VARIABLE = "GONGKAI_PDF_FONTS"
FONT_DIR_VARIABLE = "GONGKAI_FONT_DIR"
FONT_DIR = Path.home() / ".local" / "share" / "fonts" / "gongkai"

# family name in the CSS -> (file that `make fonts` installs, weight)
SUBSTITUTES = {
    "FandolFang": ("FandolFang-Regular.otf", "normal"),
    "FandolSong": ("FandolSong-Bold.otf", "bold"),
    "FandolHei": ("FandolHei-Regular.otf", "normal"),
}


def pdf_fonts() -> str:
    return os.environ.get(FONTS_VARIABLE, "").strip() or DEFAULT_FONTS


def font_dir() -> Path:
    return Path(os.environ.get(FONT_DIR_VARIABLE, "").strip() or FONT_DIR)


def font_faces() -> str:
    """@font-face rules for the substitutes that are installed (none: an empty string)."""
    rules = []
    for family, (filename, weight) in SUBSTITUTES.items():
        path = font_dir() / filename
        if path.is_file():
            rules.append(
                f'@font-face {{ font-family: "{family}"; src: url("{path.resolve().as_uri()}"); '
                f"font-weight: {weight}; }}"
            )
            if weight == "bold":  # the title asks for bold, a heading for normal: serve both
                rules.append(
                    f'@font-face {{ font-family: "{family}"; src: url("{path.resolve().as_uri()}"); '
                    "font-weight: normal; }"
                )
    return "\n".join(rules)


def render_pdf(report: Report) -> bytes:
    from weasyprint import CSS, HTML  # imported here: loading pango takes a moment
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    faces = font_faces()
    stylesheets = [CSS(string=faces, font_config=fonts)] if faces else []
    html = HTML(string=render_html(report, fonts=pdf_fonts()))
    pdf: bytes = html.write_pdf(stylesheets=stylesheets, font_config=fonts)
    return pdf
