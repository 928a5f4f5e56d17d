"""Markdown: headings, paragraphs and one pipe table per official table."""

from __future__ import annotations

from gongkai.annual_report.editions import Edition
from gongkai.annual_report.importers import load_bytes
from gongkai.annual_report.model import Section
from gongkai.annual_report.renderers import render_markdown

from .render_samples import AGENCY, sample_report


def _tables(text: str) -> list[list[str]]:
    """The pipe tables of a Markdown text, each as its lines."""
    tables: list[list[str]] = []
    previous = ""
    for line in text.split("\n"):
        if line.startswith("|"):
            if not previous.startswith("|"):
                tables.append([])
            tables[-1].append(line)
        previous = line
    return tables


def test_headings_and_paragraphs_are_separated_by_blank_lines() -> None:
    text = render_markdown(sample_report())
    assert text.startswith(
        "# 忻州市文化和旅游局2020年政府信息公开工作年度报告\n\n"
        "## 一、总体情况\n\n"
        "2020年，我局认真贯彻落实《中华人民共和国政府信息公开条例》。\n\n"
        "（一）主动公开情况\n\n"
        "全年主动公开政府信息4780条。\n\n"
        "## 二、主动公开政府信息情况\n\n"
        "全年新制作规范性文件3件。\n\n"
        "| 第二十条第（一）项 |  |  |  |\n"
        "| --- | --- | --- | --- |\n"
        "| 信息内容 | 本年新制作数量 | 本年新公开数量 | 对外公开总数量 |\n"
    )
    assert text.endswith(f"\n\n{AGENCY}\n\n2021年1月27日\n")


def test_each_official_table_is_one_pipe_table() -> None:
    tables = _tables(render_markdown(sample_report(Edition.E2019)))
    # 二: 18 rows; 三: 3 heading rows + 23; 四: 3 heading rows + 1; each plus the separator line
    assert [len(t) for t in tables] == [19, 27, 5]
    assert [t[0].count(" | ") + 1 for t in tables] == [4, 10, 15]
    assert all(t[1] == "| " + " | ".join(["---"] * (t[0].count(" | ") + 1)) + " |" for t in tables)


def test_merged_cells_stand_in_their_first_slot() -> None:
    two, three, four = _tables(render_markdown(sample_report(Edition.E2019)))
    assert two[-2:] == [
        "| 信息内容 | 采购项目数量 | 采购总金额（单位：万元） |  |",
        "| 政府集中采购 |  | 484.69 |  |",
    ]
    assert three[2] == "|  |  |  | 自然人 | 法人或其他组织 |  |  |  |  | 总计 |"
    assert three[4] == "| 一、本年新收政府信息公开申请数量 |  |  | 1 |  |  |  |  |  | 1 |"
    assert three[6] == "| 三、本年度办理结果 | （一）予以公开 |  | 1 |  |  |  |  |  | 1 |"
    assert three[7].startswith("|  | （二）部分公开")
    assert four[0].startswith("| 行政复议 |  |  |  |  | 行政诉讼 |")


def test_e2021_other_outcomes_take_three_lines() -> None:
    three = _tables(render_markdown(sample_report(Edition.E2021)))[1]
    other = [line for line in three if "（六）其他处理" in line or line.startswith("|  |  | 3.其他")]
    assert other[0].startswith("|  | （六）其他处理 | 1.申请人无正当理由逾期不补正")
    assert other[1] == "|  |  | 3.其他 |  |  |  |  |  |  |  |"


def test_vertical_bars_in_text_are_escaped() -> None:
    report = sample_report()
    report.sections[0] = Section(1, "总体情况", "电话|传真：0350-1234567")
    assert "\n电话\\|传真：0350-1234567\n" in render_markdown(report)


def test_text_copied_from_a_web_page_with_vertical_bars_reads_back_unchanged() -> None:
    # Every "|" of running text is written "\\|", and read back as the bar itself.
    report = sample_report()
    report.sections[1] = Section(
        2, "主动公开政府信息情况", "第二十条第(一)项 |\n| 规章 | 0 | 0 | 0 |\n电话|传真"
    )
    assert load_bytes(render_markdown(report).encode()).report.sections[1] == report.sections[1]
