"""The Word document: official layout with real merged cells, GB/T 9704 page, Chinese fonts."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from functools import cache
from io import BytesIO
from pathlib import Path

import pytest
from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.run import Run

from gongkai.annual_report.editions import Edition
from gongkai.annual_report.renderers import render_docx

from .render_samples import AGENCY, sample_report


@cache  # the tests only read the document
def _open(edition: Edition = Edition.E2019) -> DocxDocument:
    return Document(BytesIO(render_docx(sample_report(edition))))


def _east_asia(run: Run) -> str | None:
    fonts = run._r.rPr.find(qn("w:rFonts"))
    return None if fonts is None else fonts.get(qn("w:eastAsia"))


def _rows_under(table: Table, column: int, text: str) -> list[int]:
    """The rows whose slot in `column` belongs to the (merged) cell showing `text`."""
    return [r for r in range(len(table.rows)) if table.cell(r, column).text == text]


def test_paragraphs_follow_the_official_order() -> None:
    doc = _open()
    texts = [p.text for p in doc.paragraphs]
    # 忻州市文化和旅游局 (9) + 2020年 (4 half-width digits + 1 = 3) + 政府信息公开工作 (8) = 20 of the
    # 20.1 characters a 二号 line holds by count: within the em of slack kept for Word's space
    # around digits, so the line breaks after 2020年 and the rest (12) goes to the next, whole.
    assert texts[0] == "忻州市文化和旅游局2020年\n政府信息公开工作年度报告"
    assert texts[1:5] == [
        "一、总体情况",
        "2020年，我局认真贯彻落实《中华人民共和国政府信息公开条例》。",
        "（一）主动公开情况",
        "全年主动公开政府信息4780条。",
    ]
    assert texts[-2:] == [AGENCY, "2021年1月27日"]
    assert len(doc.tables) == 3


def test_each_table_follows_its_section_text() -> None:
    body = _open().element.body
    sequence = []
    for child in body.iterchildren():
        if child.tag == qn("w:tbl"):
            sequence.append("<表>")
        elif child.tag == qn("w:p"):
            sequence.append("".join(t.text or "" for t in child.iter(qn("w:t"))))
    three = sequence.index("三、收到和处理政府信息公开申请情况")
    assert sequence[three : three + 3] == [
        "三、收到和处理政府信息公开申请情况",
        "本年度收到申请1件，已全部办结。",
        "<表>",
    ]
    assert sequence[three + 3] == "四、政府信息公开行政复议、行政诉讼情况"


def test_page_is_a4_with_gb9704_margins() -> None:
    section = _open().sections[0]
    assert round(section.page_width.mm) == 210
    assert round(section.page_height.mm) == 297
    margins = (section.top_margin, section.bottom_margin, section.left_margin, section.right_margin)
    assert [round(m.mm, 1) for m in margins] == [37.0, 35.0, 28.0, 26.0]


def test_chinese_fonts_are_set_through_east_asia_on_every_run() -> None:
    doc = _open()
    title, heading, body = doc.paragraphs[0], doc.paragraphs[1], doc.paragraphs[2]
    assert _east_asia(title.runs[0]) == "方正小标宋简体"
    assert title.runs[0].font.size.pt == 22
    assert _east_asia(heading.runs[0]) == "黑体"
    assert heading.runs[0].font.size.pt == 16
    assert _east_asia(body.runs[0]) == "仿宋_GB2312"
    assert body.runs[0].font.size.pt == 16
    for table in doc.tables:
        for row in table.rows:
            for cell in row.cells:
                for run in cell.paragraphs[0].runs:
                    assert _east_asia(run) == "仿宋_GB2312"
                    assert run.font.size.pt == 10.5


def test_title_is_centred_and_body_indented_two_characters() -> None:
    doc = _open()
    assert doc.paragraphs[0].style.paragraph_format.alignment == WD_ALIGN_PARAGRAPH.CENTER
    indent = doc.paragraphs[2]._p.pPr.find(qn("w:ind"))
    assert indent.get(qn("w:firstLineChars")) == "200"
    assert doc.paragraphs[2].paragraph_format.first_line_indent.pt == 32
    signature = doc.paragraphs[-1]
    assert signature.alignment == WD_ALIGN_PARAGRAPH.RIGHT


@pytest.mark.parametrize(("edition", "results"), [(Edition.E2019, 20), (Edition.E2021, 22)])
def test_outcome_label_is_one_cell_spanning_every_result_row(edition: Edition, results: int) -> None:
    three = _open(edition).tables[1]
    rows = _rows_under(three, 0, "三、本年度办理结果")
    # E2019: 予以公开, 部分公开, 8 不予公开, 3 无法提供, 5 不予处理, 其他处理, 总计 = 20
    # E2021: the same with 其他处理 in three rows = 22
    assert rows == list(range(5, 5 + results))
    merged = three.cell(rows[0], 0)._tc
    assert all(three.cell(r, 0)._tc is merged for r in rows)
    assert _rows_under(three, 1, "（三）不予公开") == list(range(7, 15))


def test_table_three_header_is_merged_like_the_official_form() -> None:
    three = _open().tables[1]
    assert len(three.columns) == 10
    assert len(three.rows) == 3 + 23
    corner = three.cell(0, 0)
    assert corner.text.startswith("（本列数据的勾稽关系为")
    assert all(three.cell(r, c)._tc is corner._tc for r in range(3) for c in range(3))
    assert [three.cell(0, c).text for c in range(3, 10)] == ["申请人情况"] * 7
    assert three.cell(1, 3).text == "自然人"
    assert three.cell(2, 3).text == "自然人"
    assert [three.cell(1, c).text for c in range(4, 9)] == ["法人或其他组织"] * 5
    assert [three.cell(2, c).text for c in range(4, 9)] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    assert [three.cell(3, c).text for c in range(3)] == ["一、本年新收政府信息公开申请数量"] * 3
    assert [three.cell(3, c).text for c in (3, 9)] == ["1", "1"]


def test_header_cells_are_bold_and_repeat_on_each_page() -> None:
    three = _open().tables[1]
    assert three.cell(0, 3).paragraphs[0].runs[0].font.bold is True
    assert three.cell(3, 0).paragraphs[0].runs[0].font.bold is False
    repeated = [row._tr.trPr.find(qn("w:tblHeader")) is not None for row in three.rows]
    assert repeated[:3] == [True, True, True]
    assert not any(repeated[3:])


def test_every_table_has_all_borders() -> None:
    for table in _open().tables:
        assert table.style.name == "Table Grid"
        borders = table.style.element.find(qn("w:tblPr")).find(qn("w:tblBorders"))
        sides = {qn(f"w:{s}") for s in ("top", "left", "bottom", "right", "insideH", "insideV")}
        assert {b.tag for b in borders if b.get(qn("w:val")) == "single"} == sides


def test_table_two_merges_part_titles_and_short_parts() -> None:
    two = _open().tables[0]
    assert len(two.columns) == 4
    assert len(two.rows) == 18
    assert [two.cell(0, c).text for c in range(4)] == ["第二十条第（一）项"] * 4
    assert [two.cell(1, c).text for c in range(4)] == [
        "信息内容",
        "本年新制作数量",
        "本年新公开数量",
        "对外公开总数量",
    ]
    # 第（九）项: title, heading, 政府集中采购 are the last three rows
    assert [two.cell(16, c).text for c in range(4)] == [
        "信息内容",
        "采购项目数量",
        *["采购总金额（单位：万元）"] * 2,
    ]
    assert [two.cell(17, c).text for c in range(4)] == ["政府集中采购", "", "484.69", "484.69"]
    assert two.cell(6, 2).text == "-2"  # 行政许可 本年增/减


def test_e2021_table_two_merges_the_single_value_column() -> None:
    two = _open(Edition.E2021).tables[0]
    assert len(two.rows) == 14
    assert [two.cell(5, c).text for c in range(4)] == ["信息内容", *["本年处理决定数量"] * 3]
    assert [two.cell(13, c).text for c in range(4)] == ["行政事业性收费", *["135.3443"] * 3]


def test_table_four_spans_fifteen_columns() -> None:
    four = _open().tables[2]
    assert len(four.columns) == 15
    assert len(four.rows) == 4
    assert [four.cell(0, c).text for c in (0, 4, 5, 14)] == ["行政复议", "行政复议", "行政诉讼", "行政诉讼"]
    assert four.cell(1, 0).text == four.cell(2, 0).text == "结果维持"
    assert [four.cell(1, c).text for c in (5, 9, 10, 14)] == ["未经复议直接起诉"] * 2 + ["复议后起诉"] * 2
    assert four.cell(3, 4).text == "0"
    assert four.cell(3, 0).text == ""


def test_every_page_is_numbered_between_dashes_as_word_lays_it_out() -> None:
    footer = _open().sections[0].footer.paragraphs[0]
    assert footer.alignment == WD_ALIGN_PARAGRAPH.CENTER
    shown = "".join(t.text or "" for t in footer._p.iter(qn("w:t")))
    assert shown == "— 1 —"  # the PAGE field shows 1 until a reader lays out the pages
    (field,) = footer._p.findall(qn("w:fldSimple"))
    assert field.get(qn("w:instr")) == "PAGE"


@pytest.mark.slow
@pytest.mark.skipif(
    shutil.which("soffice") is None or shutil.which("pdftotext") is None,
    reason="需要 LibreOffice 和 poppler-utils（make system-deps）",
)
def test_libreoffice_numbers_each_page_of_the_report(tmp_path: Path) -> None:
    (tmp_path / "report.docx").write_bytes(render_docx(sample_report(Edition.E2019)))
    subprocess.run(
        [
            "soffice",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(tmp_path / "report.docx"),
        ],
        check=True,
        capture_output=True,
        timeout=120,
        env={**os.environ, "HOME": str(tmp_path)},
    )
    pages = subprocess.run(
        ["pdftotext", "-layout", str(tmp_path / "report.pdf"), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.split("\f")
    pages = [page for page in pages if page.strip()]
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        last_line = page.strip().splitlines()[-1]
        assert re.sub(r"\s", "", last_line) == f"—{number}—"
