"""`gongkai report check DIR`: every roster-free check over a folder, 雷同 included; the text
summary aligned by display width; `--xlsx` with one row per report, read back here."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from openpyxl import load_workbook

from gongkai.annual_report.editions import Edition
from gongkai.annual_report.model import Level, Report
from gongkai.annual_report.renderers import render
from gongkai.cli import _cell, display_width, main
from tests.report import similarity_pairs as pairs

from .helpers import zero_report

WIDTHS = (28, 24, 6, 7, 6, 6, 10)  # the summary's columns, in display columns


def full(agency: str, year: int, overview: str, problems: str, applications: int = 0) -> Report:
    """A report published on time with the narrative given: every cell 0 but the `applications`
    that natural persons filed and that were all granted (as the narrative says)."""
    report = zero_report(Edition.E2021, year, agency=agency)
    for row in ("new", "granted", "total"):
        report.tables["applications"][row].update(natural_person=applications, total=applications)
    report.level = Level.COUNTY
    report.published = date(year + 1, 1, 20)
    report.sections = pairs.report(agency, year, overview, problems).sections
    return report


@pytest.fixture
def folder(tmp_path: Path) -> Path:
    (tmp_path / "2024-自然资源局.json").write_bytes(
        render(full(pairs.AGENCY, 2024, pairs.OVERVIEW_2024, pairs.PROBLEMS_2024, 17), "json")
    )
    copied = full(pairs.AGENCY, 2025, pairs.OVERVIEW_2025_COPIED, pairs.PROBLEMS_2025_COPIED, 23)
    (tmp_path / "2025-自然资源局.docx").write_bytes(render(copied, "docx"))
    honest = full(pairs.PEER, 2025, pairs.OVERVIEW_2025_HONEST, "无。")
    (tmp_path / "2025-住建局.json").write_bytes(render(honest, "json"))
    return tmp_path


def columns(line: str) -> list[str]:
    """The line cut at the summary's column edges, counted in display columns; an edge that
    falls inside a wide character fails the test (the columns would not line up)."""
    cells, start, width, edges = [], 0, 0, []
    at = 2
    for w in WIDTHS:
        at += w
        edges.append(at)
    assert line.startswith("  ")
    text = line[2:]
    width = 2
    for edge in edges:
        end = start
        while end < len(text) and width + display_width(text[end]) <= edge:
            width += display_width(text[end])
            end += 1
        assert width == edge or end == len(text), f"column edge {edge} falls inside a character: {line!r}"
        cells.append(text[start:end].strip())
        start = end
    return cells


def test_a_folder_is_checked_summarised_by_display_width_and_written_to_xlsx(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "summary.xlsx"
    code = main(["report", "check", str(folder), "--xlsx", str(out)])
    assert code == 0  # 雷同 and an empty 五 are warnings (DOMAIN.md: a supervisor's checks), no error
    printed = capsys.readouterr().out
    table = printed.split("\n汇总\n")[1].splitlines()
    header, rows = table[0], table[1:4]
    assert columns(header) == ["文件", "机关", "年度", "格式", "错误", "警告", "雷同"]
    by_file = {cells[0]: cells for cells in map(columns, rows)}
    # sorted by path: 2024-自然资源局, 2025-住建局, 2025-自然资源局
    assert list(by_file) == ["2024-自然资源局.json", "2025-住建局.json", "2025-自然资源局.docx"]
    copy = by_file["2025-自然资源局.docx"]
    assert copy[1:] == [pairs.AGENCY, "2025", "E2021", "0", "1", "照搬"]
    assert by_file["2024-自然资源局.json"][4:] == ["0", "0", "—"]
    peer = by_file["2025-住建局.json"]
    assert peer[1:] == [pairs.PEER, "2025", "E2021", "0", "1", "—"]  # its empty 五; not a copy of anyone
    assert table[4] == "  共 3 份：3 份无错误，0 份有错误，0 份无法读取"
    assert "[警告] similarity 正文与本单位2024年度报告雷同（照搬）" in printed
    assert "[警告] empty-section" in printed

    book = load_workbook(out)
    sheet = book["报告"]
    values = [[cell.value for cell in row] for row in sheet.iter_rows()]
    assert values[0] == ["文件", "机关", "年度", "格式", "发布日期", "错误", "警告", "雷同", "检查结果"]
    assert len(values) == 4  # one row per report
    row = next(r for r in values if r[0] == "2025-自然资源局.docx")
    assert row[1:4] == [pairs.AGENCY, 2025, "E2021"]
    assert row[4].date() == date(2026, 1, 20)
    assert row[5:8] == [0, 1, "照搬"]
    assert row[8].startswith("[警告] similarity：正文与本单位2024年度报告雷同（照搬）")
    details = [[cell.value for cell in r] for r in book["问题"].iter_rows(min_row=2)]
    assert [(d[0], d[3], d[4]) for d in details] == [
        ("2025-住建局.json", "empty-section", "警告"),
        ("2025-自然资源局.docx", "similarity", "警告"),
    ]


def test_an_unreadable_file_is_a_row_of_its_own_and_the_rest_is_checked(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (folder / "0-说明.txt").write_text("这是一份会议通知，不是年度报告。", encoding="utf-8")
    out = tmp_path / "summary.xlsx"
    assert main(["report", "check", str(folder), "--xlsx", str(out)]) == 2
    captured = capsys.readouterr()
    assert "0-说明.txt" in captured.err
    rows = [[c.value for c in r] for r in load_workbook(out)["报告"].iter_rows(min_row=2)]
    assert len(rows) == 4
    assert rows[0][0] == "0-说明.txt"
    assert rows[0][8].startswith("无法读取：")
    assert [r[7] for r in rows[1:]] == [None, None, "照搬"]


def test_an_xlsx_that_cannot_be_written_is_a_one_line_reason(
    folder: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["report", "check", str(folder), "--xlsx", str(folder / "no" / "such" / "dir.xlsx")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("gongkai: 无法写入")
    assert err.count("\n") == 1


def test_display_width_counts_chinese_as_two_columns() -> None:
    assert display_width("机关") == 4
    assert display_width("E2021") == 5
    assert display_width("ＡＢ") == 4  # full-width letters
    cut = _cell("示例县住房和城乡建设局机关事务服务中心", 24)
    assert display_width(cut) == 24
    assert cut.endswith("… ")
    assert _cell("2025", 6, right=True) == " 2025 "  # five columns for the figure, one between columns
