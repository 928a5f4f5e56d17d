"""Reading back canonical JSON and long CSV: exact round trips, precise Chinese errors."""

from __future__ import annotations

import contextlib
import json
from collections.abc import Callable
from datetime import date
from decimal import Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.annual_report.blocks import UnreadableError
from gongkai.annual_report.editions import Edition
from gongkai.annual_report.findings import Code, warning
from gongkai.annual_report.importers.structured import read_csv, read_json
from gongkai.annual_report.model import Level, Report, Section
from gongkai.annual_report.renderers import render_csv, render_json

from .render_samples import full_report, sample_report

HEADER = "agency,year,edition,published,table,row,column,value\n"
ROW = "某县文化和旅游局,2020,E2019,2021-01-20,"


def _error(read: Callable[[str], Report], text: str) -> str:
    """The one-line message `read` refuses `text` with."""
    with pytest.raises(UnreadableError) as caught:
        read(text)
    message = str(caught.value)
    assert "\n" not in message
    return message


def _json_error(text: str) -> str:
    return _error(read_json, text)


def _csv_error(text: str) -> str:
    return _error(read_csv, text)


def _document(**fields: object) -> str:
    return json.dumps(
        {"agency": "某县文化和旅游局", "year": 2020, "edition": "E2019"} | fields, ensure_ascii=False
    )


# --- JSON ------------------------------------------------------------------------------------


@pytest.mark.parametrize("edition", list(Edition))
def test_json_round_trip_is_exact(edition: Edition) -> None:
    for report in (sample_report(edition), full_report(edition)):
        assert read_json(render_json(report)) == report


def test_json_round_trip_keeps_metadata_and_long_decimals() -> None:
    report = sample_report(Edition.E2021)
    report.level, report.government, report.own_level_report = Level.COUNTY, True, True
    report.period = (date(2022, 1, 1), date(2022, 12, 31))
    report.set("art20_8", "fees", "amount", Decimal("0.123456789012345678"))
    back = read_json(render_json(report))
    assert back == report
    assert back.get("art20_8", "fees", "amount") == Decimal("0.123456789012345678")


def test_json_with_findings_and_byte_order_mark_is_read() -> None:
    finding = warning(Code.MISSING, "第三张表有空格", table="applications")
    report = sample_report()
    assert read_json("\ufeff" + render_json(report, findings=[finding])) == report


def test_minimal_json_gives_an_empty_report() -> None:
    report = read_json(_document())
    assert report == Report("某县文化和旅游局", 2020, Edition.E2019)
    assert report.get("applications", "new", "total") is None


def test_json_syntax_error_names_line_and_column() -> None:
    text = '{\n  "agency": "某县文化和旅游局",\n  "year": 2020,\n}'
    assert _json_error(text) == "JSON 第4行第1列：字段名应使用英文双引号，或多了一个逗号"


def test_json_wrong_value_type_names_the_cell() -> None:
    message = _json_error(_document(tables={"applications": {"new": {"total": "3"}}}))
    assert message == (
        "JSON 字段 tables.applications.new.total"
        "（收到和处理政府信息公开申请情况／一、本年新收政府信息公开申请数量／总计）"
        "应为整数或空值 null，实际为字符串“3”"
    )


def test_json_negative_count_is_refused() -> None:
    message = _json_error(_document(tables={"appeals": {"cases": {"review_total": -1}}}))
    assert message.startswith("JSON 字段 tables.appeals.cases.review_total")
    assert message.endswith("不能小于 0，实际为 -1")


def test_json_key_of_the_other_edition_is_refused() -> None:
    message = _json_error(_document(edition="E2021", tables={"art20_9": {"procurement": {"amount": 1}}}))
    assert message == "JSON 字段 tables 有E2021格式中没有的字段“art20_9”"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "JSON 为空"),
        ("[1, 2]", "JSON 顶层应为对象（{...}），实际为数组"),
        ('{"agency": "某县文化和旅游局"}', "JSON 缺少必填字段“edition”（报告格式，应为 E2019、E2021）"),
        ('{"edition": "E2020"}', "JSON 字段 edition 应为 E2019、E2021 之一，实际为“E2020”"),
        ('{"edition": ["E2019"]}', 'JSON 字段 edition 应为 E2019、E2021 之一，实际为“["E2019"]”'),
        ('{"edition": "E2019", "year": 2020}', "JSON 顶层缺少必填字段“agency”"),
        ('{"agency": "甲", "agency": "乙", "edition": "E2019"}', "JSON 同一对象中字段“agency”出现了不止一次"),
        ('{"edition": "E2019", "year": NaN}', "JSON 含有非法数值：JSON 不允许 NaN"),
        ("[" * 100_000, "JSON 嵌套层数过多"),
    ],
)
def test_malformed_json_says_what_is_wrong(text: str, expected: str) -> None:
    assert _json_error(text) == expected


def test_json_impossible_date_is_refused() -> None:
    message = _json_error(_document(published="2021-02-30"))
    assert message == "JSON 字段 published 应为 YYYY-MM-DD 格式的有效日期，实际为“2021-02-30”"


def test_json_section_without_title_is_refused() -> None:
    assert _json_error(_document(sections=[{"number": 1}])) == "JSON 字段 sections[0] 缺少必填字段“title”"


_KEYS = st.sampled_from(
    ["agency", "year", "edition", "published", "tables", "sections", "applications", "new"]
)
_JSON_VALUES = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(-3, 3)
    | st.text(max_size=5)
    | st.sampled_from(["E2019", "E2021"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(_KEYS, children, max_size=5),
    max_leaves=12,
)


@settings(max_examples=150)
@given(st.one_of(st.text(max_size=60), _JSON_VALUES.map(json.dumps)))
def test_any_text_is_read_or_refused_with_unreadable_error(text: str) -> None:
    with contextlib.suppress(UnreadableError):
        read_json(text)


# --- CSV -------------------------------------------------------------------------------------


@pytest.mark.parametrize("edition", list(Edition))
def test_csv_round_trip_is_exact(edition: Edition) -> None:
    for report in (sample_report(edition), full_report(edition), sample_report(edition, published=None)):
        assert read_csv(render_csv(report)) == report


def test_csv_without_byte_order_mark_and_with_unix_newlines_is_read() -> None:
    report = sample_report()
    text = render_csv(report).removeprefix("\ufeff").replace("\r\n", "\n")
    assert read_csv(text) == report


def test_csv_may_leave_cells_out_and_end_with_blank_lines() -> None:
    text = HEADER + ROW + "applications,new,total,3\n" + ROW + "section,1,title,总体情况\n\n\n"
    report = read_csv(text)
    assert report.get("applications", "new", "total") == 3
    assert report.get("applications", "new", "natural_person") is None
    assert report.sections == [Section(1, "总体情况", "")]
    assert report.published == date(2021, 1, 20)


def test_csv_keeps_sections_that_repeat_a_number_in_their_order() -> None:
    # A published report may number two parts "一、" (or have its table rows taken for headings):
    # its CSV reads back as it was written, not refused.
    report = sample_report()
    report.sections = [
        Section(1, "总体情况", "本年度……"),
        Section(2, "主动公开政府信息情况", ""),
        Section(1, "本年新收政府信息公开申请数量", "3"),
        Section(2, "上年结转政府信息公开申请数量", ""),
    ]
    assert read_csv(render_csv(report)).sections == report.sections


def test_csv_section_text_given_twice_is_refused() -> None:
    text = (
        HEADER
        + ROW
        + "section,1,title,总体情况\n"
        + ROW
        + "section,1,text,甲\n"
        + ROW
        + "section,1,text,乙\n"
    )
    assert _csv_error(text) == "CSV 第4行：第1部分的 text 重复，第3行已经给出"


def test_csv_header_is_checked_strictly() -> None:
    message = _csv_error("机关,年度,格式,日期,表,行,列,值\n")
    assert message == (
        "CSV 第1行表头应为“agency,year,edition,published,table,row,column,value”，实际为“机关,年度,格式,日期,表,行,列,值”"
    )


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (
            ["applications,new,total,三"],
            "CSV 第2行：applications.new.total（一、本年新收政府信息公开申请数量／总计）的值应为非负整数，实际为“三”",
        ),
        (
            ["applications,new,total,1.5"],
            "CSV 第2行：applications.new.total（一、本年新收政府信息公开申请数量／总计）的值应为非负整数，实际为“1.5”",
        ),
        (
            ["applications,new,total,-1"],
            "CSV 第2行：applications.new.total（一、本年新收政府信息公开申请数量／总计）的值应为非负整数，实际为“-1”",
        ),
        (
            ["art20_5,license,delta,减4"],
            "CSV 第2行：art20_5.license.delta（行政许可／本年增/减）的值应为整数（可为负），实际为“减4”",
        ),
        (
            ["art20_9,procurement,amount,484.69万元"],
            "CSV 第2行：art20_9.procurement.amount（政府集中采购／采购总金额）的值应为数值（万元，如 135.3443），实际为“484.69万元”",
        ),
        (
            ["applications,new,total,1", "applications,new,total,2"],
            "CSV 第3行：单元格 applications.new.total 重复，第2行已经给出",
        ),
        (
            ["art20_1,rules,made,1", "table3,new,total,1"],
            "CSV 第3行：table 为“table3”，E2019格式中没有这张表（应为 art20_1、art20_5、art20_6、art20_8、art20_9、applications、appeals、section）",
        ),
        (
            ["applications,novel,total,1"],
            "CSV 第2行：row 为“novel”，表 applications（收到和处理政府信息公开申请情况）中没有这一行",
        ),
        (
            ["applications,new,sum,1"],
            "CSV 第2行：column 为“sum”，表 applications（收到和处理政府信息公开申请情况）中没有这一列",
        ),
        (["section,一,title,总体情况"], "CSV 第2行：正文部分的 row 应为部分序号（1 表示“一、”），实际为“一”"),
        (["section,1,body,……"], "CSV 第2行：正文部分的 column 应为 title 或 text，实际为“body”"),
        (["section,2,text,正文"], "CSV 第2行：第2部分只有正文，缺少 column 为 title 的标题行"),
    ],
)
def test_malformed_csv_names_the_line(lines: list[str], expected: str) -> None:
    text = HEADER + "".join(ROW + line + "\n" for line in lines)
    assert _csv_error(text) == expected


def test_csv_rows_must_agree_on_the_report() -> None:
    text = (
        HEADER
        + ROW
        + "applications,new,total,1\n"
        + "某县文化和旅游局,2021,E2019,2021-01-20,applications,carried_over,total,1\n"
    )
    assert (
        _csv_error(text) == "CSV 第3行的 year（年度）为“2021”，与第2行的“2020”不一致：一个文件只能有一份报告"
    )


def test_csv_line_numbers_count_lines_inside_quoted_text() -> None:
    text = HEADER + ROW + 'section,1,text,"第一段\n第二段\n第三段"\n' + ROW + "applications,new,total,x\n"
    assert _csv_error(text).startswith("CSV 第5行：")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "CSV 为空：第1行应为表头 agency,year,edition,published,table,row,column,value"),
        (HEADER, "CSV 只有表头，没有数据行"),
        (HEADER + "某县文化和旅游局,2020,E2019\n", "CSV 第2行应有8列，实际为3列"),
        (HEADER + ",2020,E2019,,section,1,title,总体情况\n", "CSV 第2行：agency（机关名称）为空"),
        (
            HEADER + "某局,二〇二〇,E2019,,section,1,title,总体情况\n",
            "CSV 第2行：year（年度）应为四位数字，实际为“二〇二〇”",
        ),
        (
            HEADER + "某局,2020,2019版,,section,1,title,总体情况\n",
            "CSV 第2行：edition（报告格式）应为 E2019、E2021 之一，实际为“2019版”",
        ),
        (
            HEADER + "某局,2020,E2019,2021/1/27,section,1,title,总体情况\n",
            "CSV 第2行：published（发布日期）应为 YYYY-MM-DD 格式的有效日期，实际为“2021/1/27”",
        ),
        (
            HEADER + ROW + 'section,1,text,"没有结尾的引号\n',
            "CSV 第2行格式错误：引号没有闭合，一直到文件结束",
        ),
    ],
)
def test_malformed_csv_file_says_what_is_wrong(text: str, expected: str) -> None:
    assert _csv_error(text) == expected


_CSV_FIELDS = st.sampled_from(
    [
        "",
        "某局",
        "2020",
        "E2019",
        "E2021",
        "applications",
        "new",
        "total",
        "section",
        "1",
        "title",
        "-1",
        "x",
        '"',
        "\n",
    ]
)


@settings(max_examples=150)
@given(st.lists(st.lists(_CSV_FIELDS, max_size=9), max_size=4))
def test_any_csv_is_read_or_refused_with_unreadable_error(rows: list[list[str]]) -> None:
    text = HEADER + "\n".join(",".join(row) for row in rows)
    with contextlib.suppress(UnreadableError):
        read_csv(text)
