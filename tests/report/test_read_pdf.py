"""The PDF reader: ruled tables, lines of text, tables cut by page breaks, and bad files.

The PDFs are rendered by WeasyPrint from HTML written here, or written by hand (no font
needed) where only the file structure matters.
"""

from __future__ import annotations

import io
import os
import random
import zipfile

import pdfplumber
import pytest

from gongkai.annual_report.blocks import Cell, Paragraph, Table, UnreadableError
from gongkai.annual_report.importers.pdf import read_pdf
from tests.report.fixtures_docs import (
    PDF_STYLE,
    TABLE_THREE_GRID,
    cjk_font_available,
    grids,
    minimal_pdf,
    pdf_from_html,
    table_three_html,
    texts,
)

needs_cjk_font = pytest.mark.skipif(
    not cjk_font_available(),
    reason="no font with Chinese glyphs (fc-list :lang=zh is empty): install fonts-noto-cjk to render test PDFs",
)
PORTRAIT_A5 = PDF_STYLE.replace("A4 landscape", "A5")
NO_TEXT = "PDF没有文字层（可能是扫描图片），无法读取其中的数字"


def page_count(data: bytes) -> int:
    with pdfplumber.open(io.BytesIO(data)) as document:
        return len(document.pages)


# Tables and text ------------------------------------------------------------------------


@pytest.mark.slow
@needs_cjk_font
def test_table_three_comes_back_as_the_official_grid_between_its_paragraphs() -> None:
    data = pdf_from_html(
        "<h2>三、收到和处理政府信息公开申请情况</h2>"
        + table_three_html()
        + "<p>四、政府信息公开行政复议、行政诉讼情况</p>"
    )
    blocks = read_pdf(data)
    assert [type(block).__name__ for block in blocks] == ["Paragraph", "Table", "Paragraph"]
    assert grids(blocks) == [TABLE_THREE_GRID]
    heading, table, after = blocks
    assert heading == Paragraph("三、收到和处理政府信息公开申请情况", 1)
    assert isinstance(table, Table)
    assert table.line == 2
    assert [row[0].line for row in table.rows] == list(range(2, 14))
    assert after == Paragraph("四、政府信息公开行政复议、行政诉讼情况", 14)


@pytest.mark.slow
@needs_cjk_font
def test_each_line_of_wrapped_text_is_a_paragraph_and_page_numbers_are_dropped() -> None:
    sentence = "本年度本局认真贯彻落实政府信息公开条例，" * 4
    data = pdf_from_html(f"<p>一、总体情况</p><p style='width: 12em'>{sentence}</p>", PORTRAIT_A5)
    lines = texts(read_pdf(data))
    assert lines[0] == "一、总体情况"
    assert len(lines) > 3
    assert "".join(lines[1:]) == sentence
    assert not any(line.startswith("-") for line in lines)  # the footer "- 1 -"


@pytest.mark.slow
@needs_cjk_font
def test_table_cut_by_page_breaks_is_joined_and_its_repeated_header_dropped() -> None:
    body = "".join(f"<tr><td>第{i}项</td><td>{i}</td><td>{i * 2}</td></tr>" for i in range(1, 61))
    data = pdf_from_html(
        "<p>二、主动公开政府信息情况</p><table><thead><tr><th>项目</th><th>本年新<br>制作数量</th>"
        f"<th>总数</th></tr></thead><tbody>{body}</tbody></table><p>三、收到申请情况</p>",
        PORTRAIT_A5,
    )
    assert page_count(data) >= 3
    blocks = read_pdf(data)
    assert texts(blocks) == ["二、主动公开政府信息情况", "三、收到申请情况"]
    assert grids(blocks) == [
        [["项目", "本年新\n制作数量", "总数"]] + [[f"第{i}项", str(i), str(i * 2)] for i in range(1, 61)]
    ]
    table = blocks[1]
    assert isinstance(table, Table)
    assert [row[0].line for row in table.rows] == list(range(2, 63))
    assert blocks[2] == Paragraph("三、收到申请情况", 63)


@pytest.mark.slow
@needs_cjk_font
def test_continuation_with_more_columns_is_laid_out_on_the_combined_columns() -> None:
    first = "".join(
        f"<tr><td colspan=3>{label}</td><td>{n}</td></tr>" for n, label in enumerate(["一、新收", "二、结转"])
    )
    second = (
        "<tr style='break-before: page'><td>三、结果</td><td>（三）不予公开</td><td>1.国家秘密</td><td>5</td></tr>"
        "<tr><td></td><td></td><td>2.法律禁止</td><td>6</td></tr>"
    )
    data = pdf_from_html(f"<table>{first}{second}</table>", PORTRAIT_A5)
    assert page_count(data) == 2
    assert grids(read_pdf(data)) == [
        [
            ["一、新收", "", "", "0"],
            ["二、结转", "", "", "1"],
            ["三、结果", "（三）不予公开", "1.国家秘密", "5"],
            ["", "", "2.法律禁止", "6"],
        ]
    ]


@pytest.mark.slow
@needs_cjk_font
def test_merged_label_that_goes_on_over_a_page_break_is_read_in_its_first_row() -> None:
    # The label's box has no rule under it on the first page nor above it on the next: it is
    # closed by neither, and its text was lost (a label warning on the group's rows).
    rows = "".join(f"<tr><td>{i}.第{i}项</td><td>{i}</td></tr>" for i in range(2, 41))
    data = pdf_from_html(
        "<table><tr><td rowspan=40 style='vertical-align: top'>（五）不<br>予处理</td>"
        f"<td>1.第1项</td><td>1</td></tr>{rows}</table>",
        PORTRAIT_A5,
    )
    assert page_count(data) == 2
    assert grids(read_pdf(data)) == [
        [["（五）不\n予处理", "1.第1项", "1"]] + [["", f"{i}.第{i}项", str(i)] for i in range(2, 41)]
    ]


@pytest.mark.slow
@needs_cjk_font
def test_tables_separated_by_a_heading_or_of_another_width_stay_apart() -> None:
    data = pdf_from_html(
        "<table><tr><td>规章</td><td>0</td></tr></table>"
        "<h3 style='break-before: page'>三、收到申请情况</h3>"
        "<table><tr><td>自然人</td><td>1</td></tr></table>"
        "<table style='break-before: page; width: 50%'><tr><td>行政复议</td><td>2</td></tr></table>",
        PORTRAIT_A5,
    )
    assert page_count(data) == 3
    blocks = read_pdf(data)
    assert grids(blocks) == [[["规章", "0"]], [["自然人", "1"]], [["行政复议", "2"]]]


@pytest.mark.slow
@needs_cjk_font
def test_ruled_box_around_text_is_read_as_lines() -> None:
    data = pdf_from_html("<table><tr><td>一、总体情况</td></tr><tr><td>正文</td></tr></table>")
    assert read_pdf(data) == [Paragraph("一、总体情况", 1), Paragraph("正文", 2)]


@pytest.mark.slow
@needs_cjk_font
def test_text_printed_twice_for_fake_bold_is_read_once() -> None:
    data = pdf_from_html(
        "<div style='position: relative; height: 2em'>"
        "<span style='position: absolute; left: 0'>总体情况</span>"
        "<span style='position: absolute; left: 0.3pt; top: 0.2pt'>总体情况</span></div><p>正文</p>"
    )
    assert texts(read_pdf(data)) == ["总体情况", "正文"]


@needs_cjk_font
@pytest.mark.slow
def test_fifty_pages_hold_their_twenty_tables() -> None:
    """Twenty tables among fifty pages of prose, some cut by a page break, are read as twenty.

    How long that takes beside PDFium's bare text extraction is measured by `make bench`
    (bench/pdf_pages.py), not asserted here: a busy machine would make a time limit flaky.
    """
    paragraph = "<p>" + "本年度本局认真贯彻落实政府信息公开条例，强化组织领导，健全机制保障。" * 5 + "</p>"
    rows = "".join(f"<tr><td>{i}</td>" + "<td>0</td>" * 8 + "</tr>" for i in range(20))
    data = pdf_from_html((paragraph * 22 + f"<table>{rows}</table>") * 20, PORTRAIT_A5.replace("A5", "A4"))
    assert page_count(data) >= 50
    assert len(grids(read_pdf(data))) == 20


def test_hand_written_pdf_with_latin_text_is_read() -> None:
    data = minimal_pdf(b"BT /F1 12 Tf 72 700 Td (Report 2020) Tj 0 -20 Td (Total 7) Tj ET")
    assert read_pdf(data) == [Paragraph("Report 2020", 1), Paragraph("Total 7", 2)]


# No text layer --------------------------------------------------------------------------


def test_blank_page_has_no_text_layer() -> None:
    with pytest.raises(UnreadableError, match=NO_TEXT):
        read_pdf(minimal_pdf(b""))


@needs_cjk_font
def test_scanned_page_of_only_an_image_has_no_text_layer() -> None:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (400, 300), "white").save(buffer, format="PNG")
    import base64

    uri = "data:image/png;base64," + base64.b64encode(buffer.getvalue()).decode()
    with pytest.raises(UnreadableError, match=NO_TEXT):
        read_pdf(pdf_from_html(f"<img src='{uri}' style='width: 15cm'>", "@page { size: A4; margin: 1cm }"))


def test_font_without_a_unicode_map_is_reported_as_undecodable() -> None:
    font = (
        b"<< /Type /Font /Subtype /Type0 /BaseFont /SimSun /Encoding /Identity-H /DescendantFonts"
        b" [<< /Type /Font /Subtype /CIDFontType2 /BaseFont /SimSun"
        b" /CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> /DW 1000 >>] >>"
    )
    data = minimal_pdf(b"BT /F1 12 Tf 72 700 Td <0101020203030404> Tj ET", font=font)
    with pytest.raises(UnreadableError, match="无法解码"):
        read_pdf(data)


# Bad input ------------------------------------------------------------------------------


def zipped() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "PDF文件为空"),
        (random.Random(5).randbytes(3000), "不是PDF文件"),
        (zipped(), "不是PDF文件（这是压缩包"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100, "旧版Office"),
        (b"<html><body>report</body></html>", "网页"),
        (b"%PDF-1.4\n%%EOF\n", "PDF文件已损坏"),
        (b"%PDF-1.4\n" + random.Random(6).randbytes(3000) + b"\n%%EOF\n", "PDF文件已损坏"),
    ],
)
def test_files_that_are_not_readable_pdfs_give_a_chinese_message(data: bytes, message: str) -> None:
    with pytest.raises(UnreadableError, match=message.replace("(", r"\(")):
        read_pdf(data)


def test_truncated_pdf_is_unreadable() -> None:
    data = minimal_pdf(b"BT /F1 12 Tf 72 700 Td (Report 2020) Tj ET")
    for cut in (len(data) // 2, len(data) - 8, 20):
        with pytest.raises(UnreadableError, match="PDF文件不完整"):
            read_pdf(data[:cut])


def test_pdf_that_needs_a_password_is_unreadable() -> None:
    encrypt = (
        b"<< /Filter /Standard /V 1 /R 2 /Length 40 /P -4 /O <"
        + os.urandom(32).hex().encode()
        + b"> /U <"
        + os.urandom(32).hex().encode()
        + b"> >>"
    )
    file_id = b"<00112233445566778899aabbccddeeff>"
    data = minimal_pdf(
        b"BT /F1 12 Tf 72 700 Td (secret) Tj ET",
        extra=[encrypt],
        trailer=b"/Encrypt 5 0 R /ID [" + file_id + b" " + file_id + b"] ",
    )
    with pytest.raises(UnreadableError, match="PDF文件已加密"):
        read_pdf(data)


def test_cells_of_a_table_carry_their_row_line() -> None:
    # Two ruled cells drawn by hand: one row, two columns, no font needed beyond Helvetica.
    content = (
        b"0.5 w 72 700 m 272 700 l S 72 680 m 272 680 l S "
        b"72 700 m 72 680 l S 172 700 m 172 680 l S 272 700 m 272 680 l S "
        b"BT /F1 10 Tf 80 686 Td (rules) Tj 100 0 Td (0) Tj ET "
        b"BT /F1 10 Tf 72 740 Td (Table 2) Tj ET"
    )
    assert read_pdf(minimal_pdf(content)) == [
        Paragraph("Table 2", 1),
        Table(((Cell("rules", 2), Cell("0", 2)),), 2),
    ]
