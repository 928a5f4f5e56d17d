"""The HTML reader: decoding, paragraphs, and tables laid out on their grid."""

from __future__ import annotations

import random

import pytest

from gongkai.annual_report.blocks import Cell, Paragraph, Table, UnreadableError
from gongkai.annual_report.importers.grid import SourceRow, SpanCell, expand
from gongkai.annual_report.importers.html import MAX_BYTES, decode, parse_span, read_html
from tests.report.fixtures_docs import TABLE_THREE_GRID, grids, table_three_html, texts


def page(body: str, head: str = "<meta charset='utf-8'>") -> bytes:
    return f"<!DOCTYPE html><html><head>{head}</head><body>{body}</body></html>".encode()


def only_grid(body: str) -> list[list[str]]:
    [grid] = grids(read_html(page(body)))
    return grid


# Tables ---------------------------------------------------------------------------------


def test_table_three_with_three_label_columns_comes_back_as_the_official_grid() -> None:
    assert only_grid(table_three_html()) == TABLE_THREE_GRID


def test_header_cell_broken_with_br_keeps_the_line_break() -> None:
    grid = only_grid(
        "<table><tr><td>信息内容</td><td>本年新<br>制作数量</td><td>本年新<br/>\n   公开数量</td></tr></table>"
    )
    assert grid == [["信息内容", "本年新\n制作数量", "本年新\n公开数量"]]


def test_paragraphs_inside_a_cell_become_lines_of_the_cell() -> None:
    grid = only_grid(
        '<table><tr><td><p class="MsoNormal">对外公开<o:p></o:p></p><p>总数量</p></td>'
        "<td><p>&nbsp;</p></td><td>&nbsp;12&nbsp;</td></tr></table>"
    )
    assert grid == [["对外公开\n总数量", "", "12"]]


def test_source_line_break_between_chinese_characters_disappears_as_in_a_browser() -> None:
    grid = only_grid("<table><tr><td>本年新\n        制作数量</td><td>Total\n  count</td></tr></table>")
    assert grid == [["本年新制作数量", "Total count"]]


def test_rowspan_reaching_past_the_last_row_is_cut_at_the_last_row() -> None:
    grid = only_grid('<table><tr><td rowspan="5">规章</td><td>1</td></tr><tr><td>2</td></tr></table>')
    assert grid == [["规章", "1"], ["", "2"]]


def test_overlapping_spans_keep_the_cell_that_claimed_the_slot_first() -> None:
    # "b" spans down into row 2, where "c" also claims two columns from column 0.
    grid = only_grid(
        '<table><tr><td>a</td><td rowspan="2">b</td><td>x</td></tr><tr><td colspan="3">c</td></tr></table>'
    )
    assert grid == [["a", "b", "x"], ["c", "", ""]]


def test_cell_after_a_rowspan_moves_right_past_the_covered_slot() -> None:
    grid = only_grid(
        "<table>"
        '<tr><td rowspan="2">a</td><td>b</td><td rowspan="2">c</td><td>d</td></tr>'
        "<tr><td>e</td><td>f</td></tr>"
        "</table>"
    )
    assert grid == [["a", "b", "c", "d"], ["", "e", "", "f"]]


@pytest.mark.parametrize(
    ("value", "expected"),
    [("0", 1), ("abc", 1), ("", 1), ("-2", 1), ("2px", 2), (" 3 ", 3), ("+2", 2), ("99999", 1000)],
)
def test_colspan_values_are_read_as_browsers_read_them(value: str, expected: int) -> None:
    grid = only_grid(f'<table><tr><td colspan="{value}">a</td><td>b</td></tr></table>')
    assert grid == [["a"] + [""] * (expected - 1) + ["b"]]


def test_rowspan_zero_reaches_the_end_of_its_row_group() -> None:
    grid = only_grid(
        "<table><tbody>"
        '<tr><td rowspan="0">a</td><td>1</td></tr><tr><td>2</td></tr><tr><td>3</td></tr>'
        "</tbody><tbody><tr><td>z</td><td>9</td></tr></tbody></table>"
    )
    assert grid == [["a", "1"], ["", "2"], ["", "3"], ["z", "9"]]


def test_parse_span_keeps_zero_for_the_caller_to_interpret() -> None:
    assert parse_span("0", maximum=10) == 0
    assert parse_span(None, maximum=10) == 1
    assert parse_span("x3", maximum=10) == 1


def test_rows_of_different_lengths_are_padded_to_a_rectangle() -> None:
    grid = only_grid("<table><tr><td>a</td></tr><tr><td>b</td><td>c</td><td>d</td></tr><tr></tr></table>")
    assert grid == [["a", "", ""], ["b", "c", "d"], ["", "", ""]]


def test_expand_fills_holes_left_under_a_rowspan() -> None:
    rows = [
        SourceRow([SpanCell("a", 1), SpanCell("b", 1, rowspan=2)], 1),
        SourceRow([], 2),
    ]
    assert expand(rows) == [[Cell("a", 1), Cell("b", 1)], [Cell("", 2), Cell("", 2)]]


def test_table_of_images_only_comes_back_with_empty_cells() -> None:
    grid = only_grid(
        '<table><tr><td><img src="data:image/png;base64,AAAA"></td><td><img src="b.png"></td></tr></table>'
    )
    assert grid == [["", ""]]


def test_layout_table_around_the_article_is_read_through() -> None:
    blocks = read_html(
        page(
            '<table width="100%"><tr><td>网站导航</td><td>'
            "<h1>2020年度报告</h1><p>一、总体情况</p>"
            "<table border=1><tr><td>规章</td><td>0</td><td>0</td><td>0</td></tr></table>"
            "<p>五、存在的主要问题及改进情况</p>"
            "</td></tr></table>"
        )
    )
    assert texts(blocks) == ["网站导航", "2020年度报告", "一、总体情况", "五、存在的主要问题及改进情况"]
    assert grids(blocks) == [[["规章", "0", "0", "0"]]]
    assert [type(block).__name__ for block in blocks] == ["Paragraph"] * 3 + ["Table", "Paragraph"]


def test_layout_table_holding_a_whole_article_is_read_through() -> None:
    article = "<p>一、总体情况</p>" + "<p>" + "本局认真贯彻落实政府信息公开条例。" * 80 + "</p>"
    blocks = read_html(page(f"<table><tr><td>导航</td><td>{article}</td></tr></table>"))
    assert [type(block).__name__ for block in blocks] == ["Paragraph"] * 3
    assert texts(blocks)[:2] == ["导航", "一、总体情况"]


def test_single_column_box_is_read_as_paragraphs() -> None:
    blocks = read_html(page("<table><tr><td>一、总体情况</td></tr><tr><td>正文</td></tr></table>"))
    assert blocks == [Paragraph("一、总体情况", 1), Paragraph("正文", 1)]


def test_table_nested_in_a_data_cell_is_flattened_into_the_cell() -> None:
    grid = only_grid(
        "<table><tr><td>行政许可</td><td>1</td><td>2</td><td>"
        "<table><tr><td>a</td><td>b</td></tr><tr><td></td><td>c</td></tr></table>"
        "</td></tr></table>"
    )
    assert grid == [["行政许可", "1", "2", "a b\nc"]]


def test_caption_comes_before_its_table() -> None:
    blocks = read_html(page("<table><caption>表三</caption><tr><td>a</td><td>b</td></tr></table>"))
    assert texts(blocks) == ["表三"]
    assert grids(blocks) == [[["a", "b"]]]
    assert isinstance(blocks[0], Paragraph)


def test_rows_in_thead_tbody_tfoot_keep_document_order() -> None:
    grid = only_grid(
        "<table><thead><tr><th>项目</th><th>数量</th></tr></thead>"
        "<tbody><tr><td>规章</td><td>0</td></tr></tbody><tfoot><tr><td>合计</td><td>0</td></tr></tfoot></table>"
    )
    assert grid == [["项目", "数量"], ["规章", "0"], ["合计", "0"]]


def test_cells_carry_their_source_line() -> None:
    blocks = read_html(
        b"<html><body>\n<p>title</p>\n<table>\n<tr><td>a</td>\n<td>b</td></tr>\n</table></body></html>"
    )
    table = blocks[1]
    assert isinstance(table, Table)
    assert table.line == 3
    assert table.rows == ((Cell("a", 4), Cell("b", 5)),)
    assert blocks[0] == Paragraph("title", 2)


# Paragraphs -----------------------------------------------------------------------------


def test_paragraphs_follow_block_elements_and_br() -> None:
    blocks = read_html(
        page(
            "<h1>某局2020年度\n政府信息公开年度报告</h1>"
            "<div>一、总体情况<p>第一段&nbsp;&nbsp;内容<br>第二行</p>结尾</div>"
            "<ul><li>甲</li><li>乙 <b>加粗</b> 丙</li></ul><p>   </p>"
        )
    )
    assert texts(blocks) == [
        "某局2020年度政府信息公开年度报告",
        "一、总体情况",
        "第一段  内容",
        "第二行",
        "结尾",
        "甲",
        "乙 加粗 丙",
    ]


def test_report_pasted_into_pre_keeps_its_lines_and_tabs() -> None:
    blocks = read_html(page("<pre>\n一、总体情况\n规章\t0\t0\n\n  规范性文件\t1\t2</pre><p>后</p>"))
    assert texts(blocks) == ["一、总体情况", "规章\t0\t0", "规范性文件\t1\t2", "后"]


def test_script_style_head_and_hidden_elements_are_ignored() -> None:
    blocks = read_html(
        page(
            "<script>var a = '<p>不要</p>';</script><style>p {color: red}</style>"
            "<p style='display: none'>隐藏</p><div hidden>也隐藏</div><!-- 注释 --><p>正文</p>"
            "<span class='sr-only'>读屏文字</span>",
            head="<title>标题</title><meta charset='utf-8'>",
        )
    )
    assert texts(blocks) == ["正文"]


def test_traditional_characters_pass_through_unchanged() -> None:
    assert texts(read_html(page("<p>政府資訊公開年度報告</p>"))) == ["政府資訊公開年度報告"]


# Decoding -------------------------------------------------------------------------------


def test_gb2312_page_with_gbk_only_characters_is_decoded_as_gb18030() -> None:
    # 镕 and 喆 are not in GB2312; sites labelled gb2312 use them anyway.
    body = "<html><head><meta http-equiv='Content-Type' content='text/html; charset=gb2312'></head>"
    data = (body + "<body><p>朱镕基 王喆 信息公开</p></body></html>").encode("gbk")
    assert texts(read_html(data)) == ["朱镕基 王喆 信息公开"]


def test_gbk_page_without_a_declaration_is_decoded_as_gb18030() -> None:
    data = "<p>政府信息公开工作年度报告</p>".encode("gbk")
    assert texts(read_html(data)) == ["政府信息公开工作年度报告"]


def test_utf8_page_mislabelled_as_gbk_is_read_as_utf8() -> None:
    data = "<html><head><meta charset='gbk'></head><body><p>年度报告</p></body></html>".encode()
    assert texts(read_html(data)) == ["年度报告"]


def test_utf8_page_cut_off_mid_character_is_still_read_as_utf8() -> None:
    data = "<p>年度报告</p><p>主动公开".encode()[:-2]
    assert texts(read_html(data)) == ["年度报告", "主动公\ufffd"]


def test_big5_page_of_a_mirror_site_is_decoded() -> None:
    data = "<html><head><meta charset='big5'></head><body><p>政府資訊公開</p></body></html>".encode("big5")
    assert texts(read_html(data)) == ["政府資訊公開"]


def test_utf16_page_with_bom_is_decoded() -> None:
    data = "<html><body><p>年度报告</p></body></html>".encode("utf-16")
    assert texts(read_html(data)) == ["年度报告"]


def test_xhtml_declaration_is_honoured() -> None:
    data = '<?xml version="1.0" encoding="GBK"?><html><body><p>主动公开</p></body></html>'.encode("gbk")
    assert decode(data).endswith("<p>主动公开</p></body></html>")
    assert texts(read_html(data)) == ["主动公开"]


# Bad input ------------------------------------------------------------------------------


@pytest.mark.parametrize("data", [b"", b"   \n\t  "])
def test_empty_page_is_unreadable(data: bytes) -> None:
    with pytest.raises(UnreadableError, match="HTML文件为空"):
        read_html(data)


def test_random_binary_is_unreadable() -> None:
    data = random.Random(7).randbytes(5000)
    with pytest.raises(UnreadableError, match="二进制"):
        read_html(data)


def test_oversized_page_is_unreadable() -> None:
    with pytest.raises(UnreadableError, match="文件过大"):
        read_html(b"<p>" + b"x" * MAX_BYTES + b"</p>")


def test_huge_colspan_grid_is_refused_not_built() -> None:
    row = '<tr><td colspan="1000" rowspan="65534">a</td></tr>'
    with pytest.raises(UnreadableError, match="表格过大"):
        read_html(page("<table>" + row * 3000 + "</table>"))


def test_truncated_page_reads_what_is_there() -> None:
    data = "<html><body><p>一、总体情况</p><table><tr><td>规章</td><td>0</td></tr><tr><td>规范".encode()
    blocks = read_html(data)
    assert texts(blocks) == ["一、总体情况"]
    assert grids(blocks)[0][0][0] == "规章"
