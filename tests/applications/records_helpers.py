"""Documents for the records tests, made with WeasyPrint (installed with the project) so that
where each line stands on the page is known by construction, not measured from the program."""

from __future__ import annotations

import datetime as dt
import io

import pypdfium2 as pdfium
from django.contrib.auth.models import User
from django.test import Client
from PIL import Image

from gongkai.applications import actions, records
from gongkai.applications.models import Application, CaseDocument

# A4 is 595.28 x 841.89 points; no margin, each line at a fixed height, 20 pt characters.
PAGE_W, PAGE_H = 595.28, 841.89
LINE_TOPS = (100, 200, 300)  # points from the top of the page
FONT = 20
LINES = ("第一行：公开的内容甲乙丙丁", "第二行：应当遮盖的秘密内容", "第三行：公开的内容戊己庚辛")


def lines_pdf(lines: tuple[str, ...] = LINES, tops: tuple[int, ...] = LINE_TOPS, pages: int = 1) -> bytes:
    from weasyprint import HTML

    blocks = []
    for page in range(pages):
        brk = "break-before: page;" if page else ""
        paragraphs = "".join(
            f'<p style="position: absolute; top: {top}pt; left: 72pt; margin: 0; line-height: {FONT}pt">{text}</p>'
            for text, top in zip(lines, tops, strict=True)
        )
        blocks.append(
            f'<section style="position: relative; height: {PAGE_H - 1}pt; {brk}">{paragraphs}</section>'
        )
    html = (
        "<html><head><style>@page { size: A4; margin: 0 } body { margin: 0; font-size: 20pt;"
        " font-family: 'Noto Sans CJK SC', 'WenQuanYi Zen Hei', sans-serif }</style></head><body>"
        + "".join(blocks)
        + "</body></html>"
    )
    pdf: bytes = HTML(string=html).write_pdf()
    return pdf


def text_of(pdf: bytes) -> str:
    """Every character pdfium can extract, from every page."""
    document = pdfium.PdfDocument(pdf)
    try:
        return "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()


def page_pixels(pdf: bytes, number: int = 1, dpi: int = 150, mode: str = "L") -> Image.Image:
    document = pdfium.PdfDocument(pdf)
    try:
        image = document[number - 1].render(scale=dpi / 72).to_pil().convert(mode)
    finally:
        document.close()
    return image


def region(
    image: Image.Image, top_pt: float, bottom_pt: float, left_pt: float = 72, right_pt: float = 520
) -> Image.Image:
    """The part of a page image between two heights and two widths given in points."""
    sx, sy = image.width / PAGE_W, image.height / PAGE_H
    return image.crop((round(left_pt * sx), round(top_pt * sy), round(right_pt * sx), round(bottom_pt * sy)))


def png_bytes(color: tuple[int, int, int] = (200, 30, 30)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (40, 30), color).save(out, "PNG")
    return out.getvalue()


def attach(
    case: Application, clerk: User, name: str = "批复文件.pdf", content: bytes | None = None
) -> CaseDocument:
    fresh = Application.objects.get(pk=case.pk)
    return records.attach_document(
        acting_user=clerk,
        application=fresh,
        filename=name,
        content=content or lines_pdf(),
        version=fresh.version,
    ).document


def decide(case: Application, clerk: User, outcome: str = "partial") -> Application:
    fresh = Application.objects.get(pk=case.pk)
    return actions.decide(
        acting_user=clerk,
        application=fresh,
        outcome=outcome,
        legal_basis="" if outcome == "granted" else "第二行含有第三方的个人信息",
        articles=["37", "15"] if outcome == "partial" else None,
        on=dt.date(2025, 3, 20),
    )


def reply_and_serve(case: Application, clerk: User) -> Application:
    fresh = Application.objects.get(pk=case.pk)
    fresh = actions.reply(acting_user=clerk, application=fresh, on=dt.date(2025, 3, 21))
    return actions.mark_served(acting_user=clerk, application=fresh, on=dt.date(2025, 3, 22), how="网上送达")


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client
