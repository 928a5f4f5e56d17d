"""The HTML page: standalone, accessible, with the official merged headers."""

from __future__ import annotations

import pytest
from lxml import html as lxml_html
from lxml.html import HtmlElement

from gongkai.annual_report.editions import Edition
from gongkai.annual_report.model import Section
from gongkai.annual_report.renderers import render_html

from .render_samples import AGENCY, sample_report


def _page(edition: Edition = Edition.E2019) -> HtmlElement:
    return lxml_html.document_fromstring(render_html(sample_report(edition)))


def _th(table: HtmlElement, text: str) -> HtmlElement:
    (cell,) = [th for th in table.iter("th") if th.text_content() == text]
    return cell


def _spans(cell: HtmlElement) -> tuple[str | None, str | None, str | None]:
    return cell.get("scope"), cell.get("rowspan"), cell.get("colspan")


def test_page_is_standalone_chinese_utf8() -> None:
    text = render_html(sample_report())
    assert text.startswith("<!DOCTYPE html>\n")
    page = lxml_html.document_fromstring(text)
    assert page.get("lang") == "zh-CN"
    assert page.find(".//meta[@charset]").get("charset").lower() == "utf-8"
    assert page.find(".//title").text == "忻州市文化和旅游局2020年政府信息公开工作年度报告"
    assert page.find(".//meta[@name='viewport']") is not None
    assert not page.findall(".//script")
    assert not page.findall(".//link")
    assert "url(" not in text
    assert "@import" not in text
    assert "src=" not in text


def test_headings_and_paragraphs_keep_the_text() -> None:
    page = _page()
    assert page.find(".//h1").text_content() == "忻州市文化和旅游局2020年政府信息公开工作年度报告"
    assert [h.text_content() for h in page.iter("h2")][:2] == ["一、总体情况", "二、主动公开政府信息情况"]
    first = page.find(".//section")
    assert [p.text_content() for p in first.findall("p")] == [
        "2020年，我局认真贯彻落实《中华人民共和国政府信息公开条例》。",
        "（一）主动公开情况",
        "全年主动公开政府信息4780条。",
    ]
    closing = page.findall(".//footer/p")
    assert [p.text_content() for p in closing] == [AGENCY, "2021年1月27日"]
    assert closing[1].find("time").get("datetime") == "2021-01-27"


def test_text_is_escaped() -> None:
    report = sample_report()
    report.sections[0] = Section(1, "总体情况", "<b>加粗</b> & “引号”")
    page = lxml_html.document_fromstring(render_html(report))
    assert page.find(".//section/p").text_content() == "<b>加粗</b> & “引号”"
    assert page.find(".//section/p/b") is None


def test_every_table_has_a_caption_and_a_scrollable_frame() -> None:
    page = _page()
    tables = page.findall(".//table")
    assert len(tables) == 3
    for table in tables:
        caption = table.find("caption")
        assert caption is not None
        assert caption.text_content()
        frame = table.getparent()
        assert frame.get("class") == "table-frame"
        assert frame.get("aria-labelledby") == caption.get("id")
    assert [t.find("caption").text_content() for t in tables][1] == "收到和处理政府信息公开申请情况"


@pytest.mark.parametrize(("edition", "results"), [(Edition.E2019, "20"), (Edition.E2021, "22")])
def test_table_three_row_headers_span_their_groups(edition: Edition, results: str) -> None:
    three = _page(edition).findall(".//table")[1]
    assert _spans(_th(three, "三、本年度办理结果")) == ("rowgroup", results, None)
    assert _spans(_th(three, "（三）不予公开")) == ("rowgroup", "8", None)
    assert _spans(_th(three, "一、本年新收政府信息公开申请数量")) == ("row", None, "3")
    assert _spans(_th(three, "（一）予以公开")) == ("row", None, "2")
    assert _spans(_th(three, "1.属于国家秘密")) == ("row", None, None)


def test_table_three_head_matches_the_official_form() -> None:
    three = _page().findall(".//table")[1]
    head_rows = three.find("thead").findall("tr")
    assert len(head_rows) == 3
    corner = head_rows[0][0]
    assert corner.text_content().startswith("（本列数据的勾稽关系为")
    assert (corner.get("rowspan"), corner.get("colspan")) == ("3", "3")
    assert _spans(_th(three, "申请人情况")) == ("colgroup", None, "7")
    assert _spans(_th(three, "自然人")) == ("col", "2", None)
    assert _spans(_th(three, "法人或其他组织")) == ("colgroup", None, "5")
    assert _spans(_th(three, "总计")) == ("col", "2", None)
    assert [th.text_content() for th in head_rows[2]] == [
        "商业企业",
        "科研机构",
        "社会公益组织",
        "法律服务机构",
        "其他",
    ]
    # one tbody per outermost label: 一、 二、 三、 四、
    assert [len(body.findall("tr")) for body in three.findall("tbody")] == [1, 1, 20, 1]
    assert len(three.findall(".//td")) == 23 * 7


def test_table_four_head_is_three_rows_over_fifteen_values() -> None:
    four = _page().findall(".//table")[2]
    rows = four.find("thead").findall("tr")
    assert [(th.text_content(), th.get("colspan")) for th in rows[0]] == [
        ("行政复议", "5"),
        ("行政诉讼", "10"),
    ]
    assert [th.get("rowspan") for th in rows[1]][:5] == ["2"] * 5
    assert [(th.text_content(), th.get("colspan")) for th in rows[1]][5:] == [
        ("未经复议直接起诉", "5"),
        ("复议后起诉", "5"),
    ]
    assert len(rows[2]) == 10
    values = four.find("tbody").findall("tr/td")
    assert len(values) == 15
    assert values[4].text_content() == "0"


def test_table_two_parts_are_row_groups_with_their_own_headers() -> None:
    two = _page().findall(".//table")[0]
    assert two.find("thead") is None
    bodies = two.findall("tbody")
    assert len(bodies) == 5
    title = bodies[4].find("tr/th")
    assert (title.text_content(), title.get("colspan"), title.get("scope")) == (
        "第二十条第（九）项",
        "4",
        "colgroup",
    )
    assert _spans(_th(two, "采购总金额（单位：万元）")) == ("colgroup", None, "2")
    purchase = bodies[4].findall("tr")[2]
    assert [c.text_content() for c in purchase] == ["政府集中采购", "", "484.69"]
    assert purchase[0].get("scope") == "row"
    assert purchase[2].get("colspan") == "2"


def test_a_font_stack_that_could_break_the_css_is_refused() -> None:
    with pytest.raises(ValueError, match="font-family"):
        render_html(sample_report(), fonts="serif; } body { display: none")
