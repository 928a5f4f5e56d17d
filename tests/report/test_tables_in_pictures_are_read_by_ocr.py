"""Tables that are pictures: a screenshot in an HTML page or a DOCX file, and a scanned PDF.

The pictures are made here from a known report (every cell a different value, deltas
negative, amounts with four decimals): its table 三 is typeset alone by WeasyPrint and drawn
as pixels by PDFium, as a screenshot of Excel would be; the scanned PDF is the whole report
drawn as pixels, page by page, with no text layer. Reading them back must give the report's
own values, each with an ``ocr`` warning.
"""

from __future__ import annotations

import base64
import io
from typing import Any

import pytest
from lxml import html as lxml_html

from gongkai.annual_report.editions import Edition
from gongkai.annual_report.findings import Code, Severity
from gongkai.annual_report.importers import load_bytes
from gongkai.annual_report.importers.ocr import data_uri_bytes, picture_blocks, unavailable
from gongkai.annual_report.model import Report
from gongkai.annual_report.renderers import render

from .render_samples import full_report, has_cjk_font

pytestmark = [
    pytest.mark.skipif(
        unavailable() is not None, reason=f"OCR cannot run here: {unavailable()} (pip install -e .)"
    ),
    pytest.mark.skipif(
        not has_cjk_font(),
        reason="no font with Chinese glyphs (fc-list :lang=zh is empty): install fonts-noto-cjk to draw the pictures",
    ),
]

DPI = 200


def _pixels(pdf: bytes) -> list[Any]:
    import pypdfium2 as pdfium

    document = pdfium.PdfDocument(pdf)
    try:
        return [document[i].render(scale=DPI / 72, grayscale=True).to_pil() for i in range(len(document))]
    finally:
        document.close()


def _png(image: Any) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def report() -> Report:
    return full_report(Edition.E2021)


@pytest.fixture(scope="module")
def table_three_picture(report: Report) -> bytes:
    """Table 三 of the report as a PNG screenshot, cropped to the table."""
    import weasyprint
    from PIL import ImageOps

    page = lxml_html.fromstring(render(report, "html"))
    table = _table_three(page)
    body = page.find(".//body")
    for child in list(body):
        body.remove(child)
    body.append(table)
    style = page.makeelement("style")
    style.text = "@page { size: 210mm 600mm; margin: 10mm } @page { @bottom-center { content: none } }"
    page.find(".//head").append(style)
    pdf = weasyprint.HTML(string=lxml_html.tostring(page, encoding="unicode")).write_pdf()
    (image,) = _pixels(pdf)
    box = ImageOps.invert(image).getbbox()
    assert box is not None
    return _png(image.crop((box[0] - 20, box[1] - 20, box[2] + 20, box[3] + 20)))


def _table_three(page: Any) -> Any:
    return next(t for t in page.iter("table") if "本年新收政府信息公开申请数量" in t.text_content())


def _table(report: Report, key: str) -> dict[str, dict[str, object]]:
    return {row: dict(columns) for row, columns in report.tables[key].items()}


def _ocr_places(findings: list[Any]) -> set[tuple[str, str, str]]:
    return {(f.table, f.row, f.column) for f in findings if f.code == Code.OCR}


def _every_cell(report: Report, key: str) -> set[tuple[str, str, str]]:
    return {(key, row, column) for row, columns in report.tables[key].items() for column in columns}


@pytest.mark.slow
def test_screenshot_of_table_three_in_an_html_page_reads_back_flagged(
    report: Report, table_three_picture: bytes
) -> None:
    page = lxml_html.fromstring(render(report, "html"))
    table = _table_three(page)
    picture = page.makeelement("p")
    picture.append(
        page.makeelement("img", src="data:image/png;base64," + base64.b64encode(table_three_picture).decode())
    )
    table.getparent().replace(table, picture)
    result = load_bytes(lxml_html.tostring(page, encoding="utf-8"), "截图.html")
    assert _table(result.report, "applications") == _table(report, "applications")
    assert _table(result.report, "appeals") == _table(report, "appeals")  # still a real table
    assert _ocr_places(result.findings) == _every_cell(report, "applications")
    ocr = [f for f in result.findings if f.code == Code.OCR]
    assert all(f.severity == Severity.WARNING and "OCR" in f.message for f in ocr)
    assert [f for f in result.findings if f.code != Code.OCR] == []


@pytest.mark.slow
def test_screenshot_of_table_three_in_a_docx_reads_back_flagged(
    report: Report, table_three_picture: bytes
) -> None:
    import docx
    from docx.shared import Cm

    document = docx.Document(io.BytesIO(render(report, "docx")))
    table = next(t for t in document.tables if "本年新收政府信息公开申请数量" in t._tbl.xml)
    paragraph = document.add_paragraph()
    paragraph.add_run().add_picture(io.BytesIO(table_three_picture), width=Cm(16))
    table._tbl.addprevious(paragraph._p)
    table._tbl.getparent().remove(table._tbl)
    buffer = io.BytesIO()
    document.save(buffer)
    result = load_bytes(buffer.getvalue(), "截图.docx")
    assert _table(result.report, "applications") == _table(report, "applications")
    assert _ocr_places(result.findings) == _every_cell(report, "applications")
    assert [f for f in result.findings if f.code != Code.OCR] == []


@pytest.mark.slow
def test_scanned_pdf_of_the_whole_report_reads_back_flagged(report: Report) -> None:
    pages = _pixels(render(report, "pdf"))
    buffer = io.BytesIO()
    pages[0].save(buffer, format="PDF", save_all=True, append_images=pages[1:], resolution=DPI)
    result = load_bytes(buffer.getvalue(), "扫描件.pdf")
    assert (result.report.agency, result.report.year) == (report.agency, report.year)
    expected: set[tuple[str, str, str]] = set()
    for key in report.tables:
        assert _table(result.report, key) == _table(report, key), key
        expected |= _every_cell(report, key)
    assert _ocr_places(result.findings) == expected
    assert [f for f in result.findings if f.code != Code.OCR] == []


def test_picture_without_a_ruled_table_is_left_out() -> None:
    from PIL import Image, ImageDraw

    seal = Image.new("L", (300, 300), 255)
    ImageDraw.Draw(seal).ellipse((20, 20, 280, 280), outline=0, width=8)
    assert picture_blocks(_png(seal), 7) == []
    assert picture_blocks(b"not a picture", 7) == []


def test_only_inline_pictures_are_read() -> None:
    assert data_uri_bytes("data:image/png;base64,AAAA") == b"\x00\x00\x00"
    assert data_uri_bytes("https://example.org/table.png") is None
    assert data_uri_bytes(None) is None
