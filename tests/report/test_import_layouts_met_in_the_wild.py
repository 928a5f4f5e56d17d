"""Layouts met in published reports, each read or reported precisely.

Every input starts from a real layout (the tab-separated 2022 report in tests/data/layouts, the
seeds in tests/data/seeds) and is mangled exactly as crawlers, mirror sites and converters mangle
reports. The expected values are those printed in the original, read by hand.
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from pathlib import Path

import pytest

from gongkai.annual_report.checker import check
from gongkai.annual_report.findings import Finding
from gongkai.annual_report.importers import load_bytes
from gongkai.annual_report.interpret import ImportResult

DATA = Path(__file__).resolve().parents[1] / "data"
MARKET = (DATA / "layouts" / "2022-market-tabs.txt").read_text(encoding="utf-8")

# Read by hand from tests/data/layouts/2022-market-tabs.txt.
MARKET_TABLE2 = {
    ("art20_1", "rules"): [0, 0, 0],
    ("art20_1", "normative"): [2, 1, 15],
    ("art20_5", "license"): [1208],
    ("art20_6", "penalty"): [356],
    ("art20_6", "coercion"): [12],
}
ZERO = [0] * 7
MARKET_TABLE3 = {
    "new": [20, 5, 0, 1, 2, 0, 28],
    "carried_over": [2, 0, 0, 0, 0, 0, 2],
    "granted": [8, 2, 0, 1, 1, 0, 12],
    "partial": [3, 1, 0, 0, 0, 0, 4],
    "withheld_secret": ZERO,
    "withheld_law": ZERO,
    "withheld_security": ZERO,
    "withheld_third_party": [1, 0, 0, 0, 0, 0, 1],
    "withheld_internal": ZERO,
    "withheld_process": [1, 0, 0, 0, 0, 0, 1],
    "withheld_enforcement": ZERO,
    "withheld_query": ZERO,
    "unavailable_not_held": [4, 1, 0, 0, 1, 0, 6],
    "unavailable_needs_creation": [1, 0, 0, 0, 0, 0, 1],
    "unavailable_unclear": ZERO,
    "rejected_petition": ZERO,
    "rejected_repeat": [1, 0, 0, 0, 0, 0, 1],
    "rejected_publication": ZERO,
    "rejected_vexatious": ZERO,
    "rejected_confirmation": ZERO,
    "other_no_correction": [1, 0, 0, 0, 0, 0, 1],
    "other_fee_unpaid": ZERO,
    "total": [21, 4, 0, 1, 2, 0, 28],
    "carried_forward": [1, 1, 0, 0, 0, 0, 2],
}
MARKET_APPEALS = [1, 1, 0, 1, 3, 1, 0, 0, 0, 1, 0, 0, 0, 1, 1]


def read(text: str) -> ImportResult:
    return load_bytes(text.encode("utf-8"), "test")


def codes(findings: list[Finding]) -> set[str]:
    return {str(f.code) for f in findings}


def values(result: ImportResult, table: str, row: str) -> list[object]:
    return list(result.report.tables[table][row].values())


def assert_market_tables(result: ImportResult) -> None:
    report = result.report
    assert (report.agency, report.year, str(report.edition)) == ("示例区市场监督管理局", 2022, "E2021")
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    for (table, row), expected in MARKET_TABLE2.items():
        assert values(result, table, row) == expected, (table, row)
    assert values(result, "art20_8", "fees") == [0]
    for row, expected in MARKET_TABLE3.items():
        assert values(result, "applications", row) == expected, row
    assert values(result, "appeals", "cases") == MARKET_APPEALS


def table_rows(text: str, join: Callable[[list[str]], str]) -> str:
    """Every tab-separated row of the report rewritten by `join`, the prose left as it is."""
    out = []
    for line in text.split("\n"):
        out.append(join(line.rstrip("\t").split("\t")) if "\t" in line else line)
    return "\n".join(out)


# --- HTML tables flattened to text ----------------------------------------------------------


@pytest.mark.parametrize(
    "join",
    [
        pytest.param(lambda cells: " | ".join(cells), id="no outer pipes"),
        pytest.param(lambda cells: " | ".join(cells) + " |", id="trailing pipe only"),
        pytest.param(lambda cells: "| " + " | ".join(cells), id="leading pipe only"),
        pytest.param(lambda cells: "|" + "|".join(cells) + "|\n", id="blank line between rows"),
    ],
)
def test_pipe_rows_without_their_outer_pipes_are_table_rows(join: Callable[[list[str]], str]) -> None:
    result = read(table_rows(MARKET, join))
    assert_market_tables(result)
    assert values(result, "applications", "other_misc") == [1, 0, 0, 0, 0, 0, 1]


# --- crawler pages --------------------------------------------------------------------------

CRAWLER_HEAD = (
    "当前位置：首页 > 政务公开 > 政府信息公开年度报告\n\n"
    "【字体：大 中 小】 打印本页 关闭窗口\n"
    "澳门新葡京娱乐城 官方网站 注册送彩金 www.example.com\n"
    "标题：示例区市场监督管理局2022年政府信息公开工作年度报告\n"
    "发布日期：2023-01-20  来源：区市场监管局  浏览次数：123\n"
    "正文\n"
)
CRAWLER_TAIL = (
    "\n\n相关链接\n扫一扫在手机打开当前页\n"
    "2024年最新博彩平台推荐，注册即送888元彩金，详情咨询客服12345678。\n"
    "网站地图 | 联系我们\n版权所有：示例区人民政府  京ICP备12345678号\n"
)


def test_crawler_labels_breadcrumbs_and_injected_spam_are_stripped() -> None:
    body = MARKET.strip().split("\n", 1)[1]  # the report without its title line
    result = read(CRAWLER_HEAD + body + CRAWLER_TAIL)
    assert_market_tables(result)
    report = result.report
    assert str(report.published) == "2023-01-20"
    assert "博彩" not in report.sections[-1].text
    assert "扫一扫" not in report.sections[-1].text
    assert report.sections[-1].text == "本年度共发出收费通知1件，收取信息处理费合计100元。"
    assert "structure" not in codes(result.findings)


@pytest.mark.parametrize(
    "join",
    [
        pytest.param(lambda cells: "  ".join(cells), id="two spaces"),
        pytest.param(lambda cells: " ".join(c for c in cells if c), id="one space"),
        pytest.param(lambda cells: "\u3000".join(c for c in cells if c), id="full-width space"),
    ],
)
def test_rows_separated_by_spaces_are_table_rows(join: Callable[[list[str]], str]) -> None:
    result = read(table_rows(MARKET, join))
    assert_market_tables(result)


def test_digits_run_together_are_cut_only_where_the_identities_allow_one_cut() -> None:
    result = read(table_rows(MARKET, lambda cells: "".join(cells)))
    report = result.report
    assert (report.agency, report.year, str(report.edition)) == ("示例区市场监督管理局", 2022, "E2021")
    # 「行政规范性文件2115」: 2|1|15, 21|1|5 and 2|11|5 all fit (no identity binds table 二's columns).
    assert values(result, "art20_1", "normative") == [None, None, None]
    (ambiguous,) = [f for f in result.findings if f.code == "cells"]
    assert ambiguous.row == "normative"
    assert "2115" in ambiguous.message
    assert "多种拆分方式" in ambiguous.message
    # 「规章000」: three digits for three columns, one reading.
    assert values(result, "art20_1", "rules") == [0, 0, 0]
    # Single-column rows have nothing to cut.
    assert values(result, "art20_5", "license") == [1208]
    assert values(result, "art20_6", "penalty") == [356]
    # Table 三: every row the row total alone cuts, and 「205012028」 (新收) and 「214012028」 (总计),
    # which the row total leaves open (20|5|0|1|2|0|28 but also 2|0|5|0|1|20|28), cut by the
    # columns: 总计 = the sum of the outcomes, then 新收 = 总计 + 结转下年度 − 上年结转.
    for row, expected in MARKET_TABLE3.items():
        assert values(result, "applications", row) == expected, row
    assert values(result, "appeals", "cases") == MARKET_APPEALS
    inferred = {f.row: f for f in result.findings if f.code == "inferred"}
    assert inferred["new"].values["cells"] == [20, 5, 0, 1, 2, 0, 28]
    assert "各列的勾稽关系" in inferred["new"].message
    assert "各列的勾稽关系" in inferred["total"].message
    assert inferred["granted"].values["cells"] == [8, 2, 0, 1, 1, 0, 12]
    assert inferred["cases"].values["cells"] == MARKET_APPEALS
    assert "license" not in inferred


def test_a_row_whose_label_was_lost_is_placed_only_where_one_row_fits() -> None:
    # The original's （六）3.其他 row has no label (1 0 0 0 0 0 1), between 2.… and （七）总计.
    result = read(MARKET)
    assert values(result, "applications", "other_misc") == [1, 0, 0, 0, 0, 0, 1]
    (placed,) = [f for f in result.findings if f.code == "label" and f.row == "other_misc"]
    assert "没有行标签" in placed.message
    assert "3.其他" in placed.message
    # Two rows lost between the same neighbours: neither can be placed, both are reported.
    text = MARKET.replace(
        "\t\t2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请\t0\t0\t0\t0\t0\t0\t0",
        "\t\t\t0\t0\t0\t0\t0\t0\t0",
    )
    result = read(text)
    assert values(result, "applications", "other_fee_unpaid") == [None] * 7
    assert values(result, "applications", "other_misc") == [None] * 7
    unplaced = [f for f in result.findings if f.code == "cells" and "没有行标签" in f.message]
    assert len(unplaced) == 2


# --- one cell per line, with pipes --------------------------------------------------------


def test_cells_one_per_line_closed_by_pipes_are_regrouped_into_rows() -> None:
    def one_per_line(cells: list[str]) -> str:
        return "\n".join(f"{c} |" for c in cells if c) + "\n|"

    result = read(table_rows(MARKET, one_per_line))
    assert_market_tables(result)


def test_cells_one_per_line_between_lines_of_pipes_are_regrouped_into_rows() -> None:
    def between_pipes(cells: list[str]) -> str:
        return "\n|\n".join(c for c in cells if c) + "\n|\n||||"

    result = read(table_rows(MARKET, between_pipes))
    assert_market_tables(result)


# --- sections -----------------------------------------------------------------------------


def test_numbered_sub_parts_of_the_overview_are_not_sections() -> None:
    overview = (
        "一、总体情况\n\n"
        "1、主动公开情况\n\n全年主动公开信息120条。\n\n"
        "2、依申请公开情况\n\n全年收到申请28件。\n\n"
        "一、加强组织领导\n\n成立领导小组。\n\n"
        "3. 政府信息公开行政复议、行政诉讼情况\n\n被申请行政复议3件。\n\n"
    )
    text = MARKET.replace("一、总体情况\n\n", overview, 1)
    result = read(text)
    assert_market_tables(result)
    first = result.report.sections[0]
    assert first.title == "总体情况"
    assert "1、主动公开情况" in first.text
    assert "一、加强组织领导" in first.text
    assert "3. 政府信息公开行政复议、行政诉讼情况" in first.text


def test_section_headings_in_the_middle_of_a_line_are_found() -> None:
    # A page whose paragraphs lost their breaks: each heading follows the previous sentence.
    text = MARKET.replace("示例区市场监督管理局深入贯彻", "示例区市场监督管理局深入贯彻", 1)
    text = text.replace("做好信息公开。\n\n全年收到", "做好信息公开。全年收到", 1)
    text = text.replace(
        "被提起行政诉讼2件。\n\n二、主动公开政府信息情况", "被提起行政诉讼2件。 二、主动公开政府信息情况", 1
    )
    text = text.replace(
        "提升解读质量。\n\n六、其他需要报告的事项\n\n", "提升解读质量。六、其他需要报告的事项 ", 1
    )
    result = read(text)
    assert_market_tables(result)
    assert result.report.sections[0].text.endswith("被提起行政诉讼2件。")
    assert result.report.sections[5].text == "本年度共发出收费通知1件，收取信息处理费合计100元。"


# --- agency and year ----------------------------------------------------------------------

BODY = MARKET.strip().split("\n", 1)[1]


def test_agency_and_year_from_the_preamble_when_there_is_no_title() -> None:
    preamble = (
        "根据《中华人民共和国政府信息公开条例》第五十条之规定，现向社会公布2022年示例区市场监督管理局"
        "政府信息公开工作年度报告。本报告中所列数据的统计时限为2022年1月1日至2022年12月31日。\n"
    )
    result = read(preamble + BODY)
    assert_market_tables(result)
    assert "structure" not in codes(result.findings)


def test_year_from_the_statistics_period_and_agency_from_the_signature() -> None:
    preamble = "本报告所列数据的统计期限为2022年1月1日至2022年12月31日。\n"
    body = BODY.replace("2022年，示例区市场监督管理局", "本年度，我局")
    result = read(preamble + body)
    assert_market_tables(result)  # agency: the signature 「示例区市场监督管理局」 above the date
    (period,) = [f for f in result.findings if f.code == "period"]
    assert "统计期限" in period.message


def test_year_in_chinese_numerals_in_a_title_broken_over_two_lines() -> None:
    title = "示例区市场监督管理局\n二〇二二年政府信息公开工作年度报告\n"
    result = read(title + BODY)
    assert_market_tables(result)


# --- a report with problems is a report --------------------------------------------------


def test_a_report_whose_tables_are_missing_is_read_and_reported() -> None:
    text = "\n".join(line for line in MARKET.split("\n") if "\t" not in line)
    result = read(text)
    report = result.report
    assert (report.agency, report.year) == ("示例区市场监督管理局", 2022)
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    assert "missing" in codes(result.findings)
    assert all(v is None for v in result.report.tables["applications"]["new"].values())


def test_a_report_without_any_year_is_read_with_an_error_not_refused() -> None:
    body = BODY.replace("2022年，", "本年度，").replace("2023年1月20日", "1月20日")
    result = read(body)
    (period,) = [f for f in result.findings if f.code == "period"]
    assert period.severity == "error"
    assert "没有报告年度" in period.message
    assert result.report.tables["applications"]["new"]["total"] == 28


def test_a_file_with_no_title_no_sections_and_no_tables_is_refused() -> None:
    from gongkai.annual_report.blocks import UnreadableError

    with pytest.raises(UnreadableError, match="不是政府信息公开工作年度报告"):
        read("2022年工作总结\n\n今年我们完成了各项工作任务。\n")


# --- mirrors ------------------------------------------------------------------------------


def test_a_traditional_script_mirror_with_its_word_swaps_and_pinyin_reads_as_the_original() -> None:
    import opencc

    mirror = opencc.OpenCC("s2twp").convert(MARKET)  # 文件→檔案, 信息→資訊, as mirror sites convert
    assert "規範性檔案" in mirror
    assert "資訊" in mirror
    mirror = mirror.replace("區", "區(qū)")
    result = read("精品無碼第一頁一區二區_在線觀看\n\n" + mirror)
    assert_market_tables(result)
    labels = [f for f in result.findings if f.code == "label" and f.row == "normative"]
    assert labels
    assert "繁体字" in labels[0].message


def test_values_of_rows_whose_labels_were_lost_in_a_run_are_read_only_when_they_fill_the_gap() -> None:
    # The eight （三）不予公开 sub-rows lost their labels: 56 values after the group's label,
    # exactly the eight rows up to （四）无法提供's first row.
    lines = MARKET.split("\n")
    start = next(i for i, line in enumerate(lines) if "1.属于国家秘密" in line)
    run = [v for line in lines[start : start + 8] for v in line.strip("\t").split("\t")[1:] if v]
    assert len(run) == 56
    lost = ["\t（三）不予公开\t" + "\t".join(run)]
    result = read("\n".join(lines[:start] + lost + lines[start + 8 :]))
    assert_market_tables(result)
    (placed,) = [f for f in result.findings if f.code == "label" and "标签已丢失" in f.message]
    assert placed.values["rows"][0] == "withheld_secret"
    assert len(placed.values["rows"]) == 8
    # One value short: the run no longer fills the eight rows, nothing is shifted, all is reported.
    short = lost[0].rsplit("\t", 1)[0]
    result = read("\n".join([*lines[:start], short, *lines[start + 8 :]]))
    assert all(values(result, "applications", r) == [None] * 7 for r in ("withheld_secret", "withheld_query"))
    assert values(result, "applications", "unavailable_not_held") == [4, 1, 0, 0, 1, 0, 6]
    (reported,) = [f for f in result.findings if f.code == "cells" and "标签已丢失" in f.message]
    assert "55个数值" in reported.message


# --- labels -------------------------------------------------------------------------------


def test_a_near_miss_label_is_mapped_when_exactly_one_official_label_fits() -> None:
    text = (
        MARKET.replace("行政规范性文件\t", "行政规范文件\t")  # a character dropped
        .replace("4.保护第三方合法权益", "4.保护第三方合法利益")  # a word replaced by a near synonym
        .replace("5.属于三类内部事务信息", "5.属于三类内部事物信息")  # a character swapped
        .replace("2.重复申请", "2.重复申申请")  # a character doubled
    )
    result = read(text)
    assert_market_tables(result)
    near = {f.row: f.message for f in result.findings if f.code == "label" and "相差一两个字" in f.message}
    assert set(near) == {"normative", "withheld_third_party", "withheld_internal", "rejected_repeat"}
    assert "行政规范性文件" in near["normative"]
    assert "保护第三方合法权益" in near["withheld_third_party"]


def test_a_near_miss_between_two_official_labels_is_never_chosen() -> None:
    # 「行政处制」 is one character from 行政处罚 and one from 行政强制.
    result = read(MARKET.replace("行政处罚\t356", "行政处制\t356"))
    assert values(result, "art20_6", "penalty") == [None]
    assert values(result, "art20_6", "coercion") == [12]
    (ambiguous,) = [f for f in result.findings if f.code == "label" and "无法确定是哪一行" in f.message]
    assert "行政处罚" in ambiguous.message
    assert "行政强制" in ambiguous.message


# --- cells --------------------------------------------------------------------------------


@pytest.mark.parametrize("blank", ["", "/", "-", "—", "无", "\u3000"])
def test_an_empty_cell_however_written_is_missing_never_zero(blank: str) -> None:
    # 「行政强制 12」 written with its value left empty.
    result = read(MARKET.replace("行政强制\t12\t", f"行政强制\t{blank}\t"))
    assert values(result, "art20_6", "coercion") == [None]
    (missing,) = [f for f in result.findings if f.code == "missing" and f.row == "coercion"]
    assert missing.column == "decisions"
    assert "不按0处理" in missing.message


def test_numbers_written_with_words_or_signs_are_read_and_reported() -> None:
    seed = (DATA / "seeds" / "003_8b84d19f795ba046.txt").read_text(encoding="utf-8")
    # 行政许可 9 / 0 / 0 and 行政处罚 106 / 0 / 9 in the original; the deltas written as people write them.
    text = seed.replace("行政许可\t9\t0\t0", "行政许可\t9\t减7\t0").replace(
        "行政处罚\t106\t0\t9", "行政处罚\t106\t+8\t9"
    )
    text = text.replace("其他对外管理服务事项\t15\t0\t0", "其他对外管理服务事项\t15\t增5\t0")
    result = read(text)
    assert values(result, "art20_5", "license") == [9, -7, 0]
    assert values(result, "art20_5", "other_services") == [15, 5, 0]
    assert values(result, "art20_6", "penalty") == [106, 8, 9]
    rewritten = {(f.row, f.column) for f in result.findings if f.code == "non-numeric"}
    assert rewritten == {("license", "delta"), ("other_services", "delta"), ("penalty", "delta")}


def test_an_amount_with_its_unit_inside_the_cell_or_none_at_all() -> None:
    seed = (DATA / "seeds" / "003_8b84d19f795ba046.txt").read_text(encoding="utf-8")
    result = read(seed.replace("政府集中采购\t0\t0", "政府集中采购\t3\t130000元"))
    assert values(result, "art20_9", "procurement") == [3, Decimal("13")]  # 130000元 = 13万元
    (unit,) = [f for f in result.findings if f.code == "unit"]
    assert "单位写在单元格内" in unit.message
    result = read(seed.replace("政府集中采购\t0\t0", "政府集中采购\t3\t25.1"))
    assert values(result, "art20_9", "procurement") == [3, Decimal("25.1")]
    (unit,) = [f for f in result.findings if f.code == "unit"]
    assert "未注明单位" in unit.message


def test_a_row_with_fewer_values_than_columns_is_reported_never_shifted() -> None:
    result = read(MARKET.replace("行政规范性文件\t2\t1\t15", "行政规范性文件\t2\t15"))
    assert values(result, "art20_1", "normative") == [None, None, None]
    (cells,) = [f for f in result.findings if f.code == "cells"]
    assert cells.row == "normative"
    assert cells.values["found"] == 2
    assert cells.values["expected"] == 3


def test_extra_local_rows_and_filling_instructions_in_header_cells() -> None:
    text = MARKET.replace(
        "行政规范性文件\t2\t1\t15\t", "行政规范性文件\t2\t1\t15\t\n其他主动公开文件\t19\t19\t19\t"
    ).replace("本年制发件数", "本年制发件数（填写本年度新制发的件数，不含废止）")
    result = read(text)
    assert_market_tables(result)
    (extra,) = [f for f in result.findings if f.code == "extra"]
    assert "其他主动公开文件" in extra.message
    assert extra.table == "art20_1"


# --- headers and labels over several lines or cells -----------------------------------


def test_header_cells_cut_to_their_first_characters_and_labels_split_over_cells() -> None:
    text = (
        MARKET.replace("本年制发件数", "本年制")
        .replace("本年廢止件數", "本年")
        .replace("现行有效件数", "现行")
        .replace("一、本年新收政府信息公开申请数量\t", "一、本年新收政府\t信息公开申请数量\t")
        .replace("二、上年结转政府信息公开申请数量\t", "二、上年结转政府信息公开\n申请数量\t")
    )
    result = read(text)
    assert_market_tables(result)


# --- edition from the layout --------------------------------------------------------------


def test_the_edition_comes_from_the_layout_not_the_year() -> None:
    seed = (DATA / "seeds" / "003_8b84d19f795ba046.txt").read_text(encoding="utf-8")
    # The 2020 report of seed 003 (E2019 tables) re-dated 2022: still read in the E2019 layout.
    result = read(seed.replace("2020", "2022"))
    report = result.report
    assert (report.year, str(report.edition)) == (2022, "E2019")
    assert values(result, "art20_5", "license") == [9, 0, 0]
    (edition,) = [f for f in check(report) if f.code == "edition"]
    assert edition.severity == "error"
    assert "2022年度报告应使用" in edition.message


def test_a_single_other_row_in_an_otherwise_new_layout_is_an_edition_finding() -> None:
    lines = MARKET.split("\n")
    start = next(i for i, line in enumerate(lines) if "（六）其他处理" in line)
    single = "\t（六）其他处理\t2\t0\t0\t0\t0\t0\t2\t"
    result = read("\n".join([*lines[:start], single, *lines[start + 3 :]]))
    assert str(result.report.edition) == "E2021"
    for row in ("other_no_correction", "other_fee_unpaid", "other_misc"):
        assert values(result, "applications", row) == [None] * 7
    (edition,) = [f for f in result.findings if f.code == "edition"]
    assert "（六）其他处理" in edition.message
    assert values(result, "applications", "granted") == [8, 2, 0, 1, 1, 0, 12]


# --- page breaks --------------------------------------------------------------------------


def test_a_part_title_at_the_foot_of_a_page_with_its_rows_on_the_next() -> None:
    # As a PDF gives it: the 第二十条第（六）项 title the last line of one page, its table on the next.
    text = MARKET.replace("第二十条第（六）项\t\n", "\n第二十条第（六）项\n\n— 2 —\n\n")
    result = read(text)
    assert_market_tables(result)


# --- Markdown conversions ---------------------------------------------------------------


def test_markdown_whose_table_two_items_became_loose_lines() -> None:
    text = table_rows(MARKET, lambda cells: "| " + " | ".join(cells) + " |")
    part2 = text[text.index("二、主动公开政府信息情况") : text.index("三、收到和处理")]
    loose = (
        "二、主动公开政府信息情况\n\n**第二十条第（一）项**\n\n- 规章 0 0 0\n- 行政规范性文件 2 1 15\n\n"
        "**第二十条第（五）项**\n\n- 行政许可 1208\n\n**第二十条第（六）项**\n\n- 行政处罚 356\n- 行政强制 12\n\n"
        "**第二十条第（八）项**\n\n- 行政事业性收费 0\n\n"
    )
    result = read(text.replace(part2, loose))
    assert_market_tables(result)


def test_the_notice_that_issues_the_format_is_not_a_report() -> None:
    from gongkai.annual_report.blocks import UnreadableError

    notice = (
        "国务院办公厅政府信息与政务公开办公室关于印发《中华人民共和国政府信息公开工作年度报告格式》的通知\n\n"
        "国办公开办函〔2021〕30号\n\n现将修订后的《中华人民共和国政府信息公开工作年度报告格式》印发给你们。\n\n"
        "一、报告内容\n\n年度报告应包括以下内容。\n\n2021年9月26日\n"
    )
    with pytest.raises(UnreadableError, match="不是政府信息公开工作年度报告"):
        read(notice)
