"""The official layout that DOCX, HTML, PDF and Markdown share."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from gongkai.annual_report.editions import Edition
from gongkai.annual_report.model import Section
from gongkai.annual_report.renderers.layout import (
    Cell,
    Paragraph,
    Role,
    TableLayout,
    document,
    format_date,
    format_value,
)

from .render_samples import AGENCY, sample_report


def _tables(edition: Edition) -> list[TableLayout]:
    return [b for b in document(sample_report(edition)) if isinstance(b, TableLayout)]


def _heading(table: TableLayout, text: str) -> Cell:
    (cell,) = [c for c in table.cells if c.text == text and c.axis is not None]
    return cell


@pytest.mark.parametrize(
    ("value", "printed"),
    [
        (None, ""),
        (0, "0"),
        (17, "17"),
        (-2, "-2"),
        (Decimal("135.3443"), "135.3443"),
        (Decimal("484.690"), "484.69"),
        (Decimal("88479733"), "88479733"),
        (Decimal("1E+2"), "100"),
        (Decimal("0.00"), "0"),
    ],
)
def test_values_are_printed_plainly(value: int | Decimal | None, printed: str) -> None:
    assert format_value(value) == printed


def test_dates_are_written_without_zero_padding() -> None:
    assert format_date(date(2021, 1, 27)) == "2021年1月27日"
    assert format_date(date(2022, 3, 5)) == "2022年3月5日"


def test_document_reads_title_sections_tables_then_signature() -> None:
    blocks = document(sample_report(Edition.E2019))
    kinds = [b.text if isinstance(b, Paragraph) else f"<表 {b.section}>" for b in blocks]
    assert kinds == [
        "忻州市文化和旅游局2020年政府信息公开工作年度报告",
        "一、总体情况",
        "2020年，我局认真贯彻落实《中华人民共和国政府信息公开条例》。",
        "（一）主动公开情况",
        "全年主动公开政府信息4780条。",
        "二、主动公开政府信息情况",
        "全年新制作规范性文件3件。",
        "<表 2>",
        "三、收到和处理政府信息公开申请情况",
        "本年度收到申请1件，已全部办结。",
        "<表 3>",
        "四、政府信息公开行政复议、行政诉讼情况",
        "本年度未发生行政复议、行政诉讼。",
        "<表 4>",
        "五、存在的主要问题及改进情况",
        "一是公开内容不够全面。",
        "二是更新不够及时。",
        "六、其他需要报告的事项",
        "本年度未收取信息处理费。",
        AGENCY,
        "2021年1月27日",
    ]
    assert [b.role for b in blocks if isinstance(b, Paragraph)][-2:] == [Role.CLOSING, Role.CLOSING]


def test_unpublished_report_ends_with_the_agency_alone() -> None:
    blocks = document(sample_report(published=None))
    last = blocks[-1]
    assert isinstance(last, Paragraph)
    assert last.text == AGENCY
    assert not any(isinstance(b, Paragraph) and b.text.endswith("日") and "年" in b.text for b in blocks[-2:])


def test_tables_of_a_missing_section_follow_the_previous_content() -> None:
    report = sample_report()
    report.sections = [s for s in report.sections if s.number != 3]
    order = [b.text if isinstance(b, Paragraph) else f"<表 {b.section}>" for b in document(report)]
    start = order.index("二、主动公开政府信息情况")
    assert order[start : start + 5] == [
        "二、主动公开政府信息情况",
        "全年新制作规范性文件3件。",
        "<表 2>",
        "<表 3>",
        "四、政府信息公开行政复议、行政诉讼情况",
    ]


def test_report_without_sections_still_prints_every_table() -> None:
    report = sample_report()
    report.sections = [Section(1, "总体情况", "")]
    order = [b.text if isinstance(b, Paragraph) else f"<表 {b.section}>" for b in document(report)]
    assert order[1:] == ["一、总体情况", "<表 2>", "<表 3>", "<表 4>", AGENCY, "2021年1月27日"]


def test_table_two_puts_every_part_in_one_four_column_grid() -> None:
    two = _tables(Edition.E2019)[0]
    assert two.width == 4
    # 第二十条 (一)(五)(六): title + heading + 2 rows; (八)(九): title + heading + 1 row
    assert two.groups == (4, 4, 4, 3, 3)
    titles = [c.text for c in two.cells if c.colspan == 4]
    assert titles == [f"第二十条第（{n}）项" for n in ("一", "五", "六", "八", "九")]


def test_table_two_widens_the_last_column_of_a_short_part() -> None:
    e2019 = _tables(Edition.E2019)[0]
    amount = _heading(e2019, "采购总金额（单位：万元）")
    assert (amount.column, amount.colspan) == (2, 2)
    fees_delta = next(c for c in e2019.cells if c.key == ("art20_8", "fees", "delta"))
    assert (fees_delta.column, fees_delta.colspan) == (2, 2)

    e2021 = _tables(Edition.E2021)[0]
    decisions = [c for c in e2021.cells if c.text == "本年处理决定数量"]
    assert [(c.column, c.colspan) for c in decisions] == [(1, 3), (1, 3)]  # 第（五）项 and 第（六）项
    assert _heading(e2021, "本年收费金额（单位：万元）").colspan == 3


@pytest.mark.parametrize(("edition", "results", "body"), [(Edition.E2019, 20, 23), (Edition.E2021, 22, 25)])
def test_table_three_merges_row_labels_from_their_paths(edition: Edition, results: int, body: int) -> None:
    three = _tables(edition)[1]
    assert (three.width, three.head, three.height) == (10, 3, 3 + body)
    corner = _heading(three, "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）")
    assert (corner.row, corner.column, corner.rowspan, corner.colspan) == (0, 0, 3, 3)
    outcome = _heading(three, "三、本年度办理结果")
    assert (outcome.column, outcome.rowspan, outcome.colspan) == (0, results, 1)
    assert _heading(three, "（三）不予公开").rowspan == 8
    assert _heading(three, "（四）无法提供").rowspan == 3
    assert _heading(three, "（五）不予处理").rowspan == 5
    assert _heading(three, "一、本年新收政府信息公开申请数量").colspan == 3
    assert _heading(three, "（一）予以公开").colspan == 2
    assert _heading(three, "（七）总计").colspan == 2


def test_table_three_other_outcomes_differ_by_edition() -> None:
    assert _heading(_tables(Edition.E2019)[1], "（六）其他处理").colspan == 2
    e2021 = _heading(_tables(Edition.E2021)[1], "（六）其他处理")
    assert (e2021.rowspan, e2021.colspan) == (3, 1)


def test_table_three_heads_applicant_columns_in_three_rows() -> None:
    three = _tables(Edition.E2019)[1]
    band = _heading(three, "申请人情况")
    assert (band.row, band.column, band.colspan) == (0, 3, 7)
    assert (_heading(three, "自然人").rowspan, _heading(three, "总计").rowspan) == (2, 2)
    legal = _heading(three, "法人或其他组织")
    assert (legal.row, legal.column, legal.colspan) == (1, 4, 5)
    third_row = [c.text for c in three.rows()[2]]
    assert third_row == ["商业企业", "科研机构", "社会公益组织", "法律服务机构", "其他"]


def test_table_four_has_fifteen_columns_under_three_heading_rows() -> None:
    four = _tables(Edition.E2021)[2]
    assert (four.width, four.head, four.height) == (15, 3, 4)
    first, second, third, values = four.rows()
    assert [(c.text, c.colspan) for c in first] == [("行政复议", 5), ("行政诉讼", 10)]
    assert [(c.text, c.rowspan, c.colspan) for c in second] == [
        ("结果维持", 2, 1),
        ("结果纠正", 2, 1),
        ("其他结果", 2, 1),
        ("尚未审结", 2, 1),
        ("总计", 2, 1),
        ("未经复议直接起诉", 1, 5),
        ("复议后起诉", 1, 5),
    ]
    assert [c.column for c in third] == list(range(5, 15))
    assert len(values) == 15
    assert all(c.axis is None for c in values)
    assert values[4].text == "0"
    assert values[0].text == ""


def test_markdown_grid_leaves_merged_slots_empty() -> None:
    grid = _tables(Edition.E2019)[1].text_grid()
    assert grid[0][:4] == [
        "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）",
        "",
        "",
        "申请人情况",
    ]
    assert grid[5][:3] == ["三、本年度办理结果", "（一）予以公开", ""]
    assert grid[6][0] == ""
