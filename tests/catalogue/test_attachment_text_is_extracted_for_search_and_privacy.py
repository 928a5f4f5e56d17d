"""The text of an attachment, as the privacy check and the search will read it; and what a person
must look at because no text comes out of it."""

from __future__ import annotations

import pytest

from gongkai.core import filecheck as attachments
from gongkai.core.filecheck import check_file

from .attachment_files import docx_bytes, pdf_bytes, png_bytes, xlsx_bytes


def test_docx_paragraphs_tables_headers_and_comments_come_out_in_reading_order() -> None:
    content = docx_bytes(
        "关于表彰先进个人的决定",
        "现将名单公布如下：",
        table=[["姓名", "身份证号"], ["李某", "11010519491231002X"]],
        header="示例县自然资源局",
        comment="请核对联系电话13800138000",
    )
    checked = check_file("决定.docx", content)
    assert checked.text.split("\n") == [
        "关于表彰先进个人的决定",
        "现将名单公布如下：",
        "姓名\t身份证号",
        "李某\t11010519491231002X",
        "审核意见见批注",
        "示例县自然资源局",
        "请核对联系电话13800138000",
    ]
    assert checked.note == ""


def test_pictures_inside_a_docx_are_named_for_a_person_to_check() -> None:
    checked = check_file("决定.docx", docx_bytes("见附图", picture=True))
    assert checked.text == "见附图"
    assert checked.note == "文件中有1张图片，其内容未提取文字，须人工核查"


def test_xlsx_cells_come_out_row_by_row_with_numbers_as_written() -> None:
    content = xlsx_bytes(
        (
            "名单",
            [
                ["姓名", "电话", "金额"],
                ["王某", 13800138000, 12.5],
                [None, None, None],
                ["赵某", "0998-5201101", 3],
            ],
        ),
        ("说明", [["本表由县财政局提供"]]),
    )
    checked = check_file("名单.xlsx", content)
    assert checked.text.split("\n") == [
        "名单",
        "姓名\t电话\t金额",
        "王某\t13800138000\t12.5",
        "赵某\t0998-5201101\t3",
        "说明",
        "本表由县财政局提供",
    ]
    assert checked.note == ""


def test_xlsx_text_stops_at_the_cell_cap_and_says_so(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attachments, "MAX_XLSX_CELLS", 4)
    content = xlsx_bytes(("表", [["a", "b"], ["c", "d"], ["e", "f"]]))
    checked = check_file("表.xlsx", content)
    assert checked.text.split("\n") == ["表", "a\tb", "c\td"]
    assert checked.note == "只提取了前4个单元格的文字，其余内容须人工核查"


@pytest.mark.slow
def test_pdf_text_layer_is_read_page_by_page() -> None:
    checked = check_file(
        "通知.pdf", pdf_bytes("第一页 当事人身份证号11010519491231002X", "第二页 联系电话13800138000")
    )
    assert checked.text == "第一页 当事人身份证号11010519491231002X\n第二页 联系电话13800138000"
    assert checked.note == ""


@pytest.mark.slow
def test_pdf_pages_past_the_cap_are_left_for_a_person(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(attachments, "MAX_PDF_PAGES", 2)
    checked = check_file("通知.pdf", pdf_bytes("第一页", "第二页", "第三页 13800138000"))
    assert checked.text == "第一页\n第二页"
    assert checked.note == "只提取了前2页的文字（共3页），其余页须人工核查"


def test_a_pdf_without_a_text_layer_is_accepted_and_marked_for_a_person() -> None:
    checked = check_file("扫描件.pdf", pdf_bytes("<img src='data:image/png;base64,iVBORw0KGgo='>"))
    assert checked.text == ""
    assert checked.note == "PDF 没有文字层（可能是扫描件），未能提取文字，内容须人工核查"


def test_an_image_has_no_text_there_is_no_ocr() -> None:
    checked = check_file("现场照片.png", png_bytes())
    assert (checked.kind, checked.text) == ("image", "")
    assert checked.note == "图片不提取文字（系统不做文字识别），图片内容须人工核查"
