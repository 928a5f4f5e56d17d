"""The DOCX reader: body order, merged cells, line breaks, numbering and bad files."""

from __future__ import annotations

import io
import random
import re
import zipfile
from typing import Any

import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from gongkai.annual_report.blocks import Cell, Paragraph, Table, UnreadableError
from gongkai.annual_report.importers.docx import format_number, read_docx
from tests.report.fixtures_docs import TABLE_THREE_GRID, grids, table_three_docx_into, texts


def saved(document: Any) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def w(xml: str) -> Any:
    """An element from WordprocessingML written with the ``w:`` prefix."""
    return parse_xml(re.sub(r"^<(w:\w+)", rf"<\1 {nsdecls('w')}", xml, count=1))


# Body order and lines -------------------------------------------------------------------


def test_paragraphs_and_tables_come_in_body_order_with_body_indexes() -> None:
    document = docx.Document()
    document.add_heading("某局2020年度政府信息公开工作年度报告", level=1)
    document.add_paragraph("一、总体情况")
    document.add_paragraph("")
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "规章"
    table.cell(0, 1).text = "0"
    document.add_paragraph("二、主动公开政府信息情况")

    blocks = read_docx(saved(document))

    assert blocks == [
        Paragraph("某局2020年度政府信息公开工作年度报告", 1),
        Paragraph("一、总体情况", 2),
        Table(((Cell("规章", 4), Cell("0", 4)),), 4),
        Paragraph("二、主动公开政府信息情况", 5),
    ]


def test_manual_line_break_starts_a_new_paragraph_on_the_same_line() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("一、总体情况")
    paragraph.add_run().add_break()
    paragraph.add_run("\u00a0\u00a0本年度，本局认真贯彻落实《条例》。\u3000")
    assert read_docx(saved(document)) == [
        Paragraph("一、总体情况", 1),
        Paragraph("本年度，本局认真贯彻落实《条例》。", 1),
    ]


def test_content_controls_are_looked_through() -> None:
    document = docx.Document()
    document.add_paragraph("前")
    body = document.element.body
    body.insert(
        1,
        w("<w:sdt><w:sdtContent><w:p><w:r><w:t>控件里的段落</w:t></w:r></w:p></w:sdtContent></w:sdt>"),
    )
    assert texts(read_docx(saved(document))) == ["前", "控件里的段落"]


def test_deleted_text_and_field_codes_are_left_out() -> None:
    document = docx.Document()
    paragraph = document.add_paragraph("保留")
    paragraph._p.append(w('<w:del w:id="1" w:author="a"><w:r><w:delText>删除的</w:delText></w:r></w:del>'))
    paragraph._p.append(w('<w:ins w:id="2" w:author="a"><w:r><w:t>插入的</w:t></w:r></w:ins>'))
    paragraph._p.append(w('<w:r><w:fldChar w:fldCharType="begin"/></w:r>'))
    paragraph._p.append(w('<w:r><w:instrText xml:space="preserve"> PAGE </w:instrText></w:r>'))
    paragraph._p.append(w('<w:r><w:fldChar w:fldCharType="separate"/></w:r>'))
    paragraph._p.append(w("<w:r><w:t>3</w:t></w:r>"))
    paragraph._p.append(w('<w:r><w:fldChar w:fldCharType="end"/></w:r>'))
    assert texts(read_docx(saved(document))) == ["保留插入的3"]


# Tables ---------------------------------------------------------------------------------


def test_table_three_with_merged_cells_comes_back_as_the_official_grid() -> None:
    document = docx.Document()
    table_three_docx_into(document)
    assert grids(read_docx(saved(document))) == [TABLE_THREE_GRID]


def test_horizontal_vertical_and_block_merges_keep_text_in_the_first_slot() -> None:
    document = docx.Document()
    table = document.add_table(rows=4, cols=4)
    table.cell(0, 0).merge(table.cell(1, 1)).text = "信息内容"
    table.cell(0, 2).merge(table.cell(0, 3)).text = "第二十条第（一）项"
    table.cell(1, 2).text = "本年新\n制作数量"
    table.cell(1, 3).text = "本年新\n公开数量"
    table.cell(2, 0).merge(table.cell(3, 0)).text = "规章"
    table.cell(2, 1).text = "规范性文件"
    for row in (2, 3):
        for column in (2, 3):
            table.cell(row, column).text = str(row * column)
    assert grids(read_docx(saved(document))) == [
        [
            ["信息内容", "", "第二十条第（一）项", ""],
            ["", "", "本年新\n制作数量", "本年新\n公开数量"],
            ["规章", "规范性文件", "4", "6"],
            ["", "", "6", "9"],
        ]
    ]


def test_paragraphs_in_a_cell_are_lines_of_the_cell() -> None:
    document = docx.Document()
    cell = document.add_table(rows=1, cols=2).cell(0, 0)
    cell.text = "对外公开"
    cell.add_paragraph("")
    cell.add_paragraph("  总数量 ")
    assert grids(read_docx(saved(document))) == [[["对外公开\n总数量", ""]]]


def test_grid_before_grid_after_and_short_rows_are_padded() -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            cell.text = f"{r}{c}"
    first, second, third = (row._tr for row in table.rows)
    # Row 0 starts one grid column in; row 1 ends one early; row 2 just has fewer cells.
    first.remove(first.tc_lst[-1])
    first.insert(0, w('<w:trPr><w:gridBefore w:val="1"/></w:trPr>'))
    second.remove(second.tc_lst[-1])
    second.insert(0, w('<w:trPr><w:gridAfter w:val="1"/></w:trPr>'))
    third.remove(third.tc_lst[-1])
    third.remove(third.tc_lst[-1])
    assert grids(read_docx(saved(document))) == [
        [["", "00", "01"], ["10", "11", ""], ["20", "", ""]],
    ]


def test_vertical_merge_written_by_other_programs_is_read() -> None:
    # WPS writes vMerge="restart" / bare vMerge; gridSpan values may be missing or odd.
    document = docx.Document()
    table = document.add_table(rows=2, cols=3)
    top, bottom = table.rows[0].cells, table.rows[1].cells
    top[0].text, top[1].text, top[2].text = "自然人", "1", "2"
    bottom[0].text, bottom[1].text, bottom[2].text = "不应出现", "3", "4"
    top[0]._tc.get_or_add_tcPr().append(w('<w:vMerge w:val="restart"/>'))
    bottom[0]._tc.get_or_add_tcPr().append(w("<w:vMerge/>"))
    top[2]._tc.get_or_add_tcPr().append(w('<w:gridSpan w:val="x"/>'))
    assert grids(read_docx(saved(document))) == [[["自然人", "1", "2"], ["", "3", "4"]]]


def test_table_nested_in_a_cell_is_flattened_into_the_cell() -> None:
    document = docx.Document()
    outer = document.add_table(rows=1, cols=2)
    outer.cell(0, 0).text = "行政许可"
    cell = outer.cell(0, 1)
    inner = cell.add_table(rows=2, cols=2)
    inner.cell(0, 0).text, inner.cell(0, 1).text = "a", "b"
    inner.cell(1, 1).text = "c"
    assert grids(read_docx(saved(document))) == [[["行政许可", "a b\nc"]]]


# Numbering ------------------------------------------------------------------------------


def add_chinese_numbering(document: Any) -> str:
    """Define a two-level list "一、" / "（一）" and return its numId."""
    numbering = document.part.numbering_part.element
    numbering.insert(
        0,
        w(
            '<w:abstractNum w:abstractNumId="90">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="%1、"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/>'
            '<w:lvlText w:val="（%2）"/><w:suff w:val="nothing"/></w:lvl>'
            "</w:abstractNum>"
        ),
    )
    numbering.append(w('<w:num w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    return "90"


def numbered(document: Any, text: str, num_id: str, level: int) -> None:
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(
        w(f'<w:numPr><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>')
    )


def test_automatic_chinese_numbering_is_shown_as_word_shows_it() -> None:
    document = docx.Document()
    num_id = add_chinese_numbering(document)
    numbered(document, "总体情况", num_id, 0)
    numbered(document, "加强组织领导", num_id, 1)
    numbered(document, "完善公开载体", num_id, 1)
    numbered(document, "主动公开政府信息情况", num_id, 0)
    numbered(document, "规章", num_id, 1)
    assert texts(read_docx(saved(document))) == [
        "一、总体情况",
        "（一）加强组织领导",
        "（二）完善公开载体",
        "二、主动公开政府信息情况",
        "（一）规章",
    ]


def test_numbering_from_a_paragraph_style_is_shown() -> None:
    document = docx.Document()
    document.add_paragraph("总体情况", style="List Number")
    document.add_paragraph("主动公开", style="List Number")
    assert texts(read_docx(saved(document))) == ["1. 总体情况", "2. 主动公开"]


@pytest.mark.parametrize(
    ("value", "style", "expected"),
    [
        (1, "chineseCounting", "一"),
        (10, "chineseCountingThousand", "十"),
        (12, "chineseCounting", "十二"),
        (20, "chineseCounting", "二十"),
        (3, "decimalEnclosedCircle", "③"),
        (4, "lowerRoman", "iv"),
        (28, "upperLetter", "BB"),
        (2, "chineseLegalSimplified", "贰"),
        (7, "decimalFullWidth", "７"),
        (5, "unknownFormat", "5"),
    ],
)
def test_list_counters_are_formatted_as_word_formats_them(value: int, style: str, expected: str) -> None:
    assert format_number(value, style) == expected


# Bad input ------------------------------------------------------------------------------


def zipped(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "DOCX文件为空"),
        (random.Random(3).randbytes(4000), "不是有效的DOCX文件（无法解压）"),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600, "旧版Word（.doc）"),
        (b"{\\rtf1\\ansi\\deff0 {\\fonttbl}}", "RTF"),
        (b"<html><body><p>report</p></body></html>", "网页"),
        (b"%PDF-1.7\n", "PDF"),
        (zipped({"readme.txt": b"hello"}), "不是Word文档"),
        (zipped({"[Content_Types].xml": b"<Types/>", "xl/workbook.xml": b"<workbook/>"}), "Excel"),
    ],
)
def test_files_that_are_not_docx_are_unreadable_with_a_chinese_message(data: bytes, message: str) -> None:
    with pytest.raises(UnreadableError, match=message.replace("(", r"\(").replace(")", r"\)")):
        read_docx(data)


def test_truncated_docx_is_unreadable() -> None:
    document = docx.Document()
    document.add_paragraph("一、总体情况")
    data = saved(document)
    for cut in (len(data) // 2, len(data) - 10, 30):
        with pytest.raises(UnreadableError, match="无法解压"):
            read_docx(data[:cut])


def test_docx_with_broken_xml_is_unreadable() -> None:
    document = docx.Document()
    document.add_paragraph("一、总体情况")
    source = zipfile.ZipFile(io.BytesIO(saved(document)))
    files = {name: source.read(name) for name in source.namelist()}
    files["word/document.xml"] = files["word/document.xml"][:-200]
    with pytest.raises(UnreadableError, match="DOCX文件已损坏"):
        read_docx(zipped(files))


def test_macro_enabled_document_is_read_like_a_docx() -> None:
    document = docx.Document()
    document.add_paragraph("一、总体情况")
    source = zipfile.ZipFile(io.BytesIO(saved(document)))
    files = {name: source.read(name) for name in source.namelist()}
    files["[Content_Types].xml"] = files["[Content_Types].xml"].replace(
        b"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml",
        b"application/vnd.ms-word.document.macroEnabled.main+xml",
    )
    assert texts(read_docx(zipped(files))) == ["一、总体情况"]
