"""The demo county's report files of units not on the platform (gongkai.demo.oversight_files), read
back through the importer and checked as a folder (`gongkai report check`): every file reads
without a reading problem, and each planted defect is found on its unit and year, and nowhere else.

The expected findings are the table of the module's docstring, written out here by hand."""

from __future__ import annotations

from collections import Counter

import pytest

from gongkai.annual_report.importers import load_bytes
from gongkai.annual_report.supervision import check_set
from gongkai.demo import oversight_files
from gongkai.demo.oversight_files import ReportFile

# The docstring's table: (unit, year) -> the one rule its report breaks.
PLANTED = {
    ("示例县民政局", 2025): "balance",
    ("示例县财政局", 2025): "similarity",
    ("示例县石桥镇人民政府", 2025): "empty-section",
    ("示例县白沙乡人民政府", 2024): "edition",
    ("示例县交通运输局", 2024): "deadline",
    ("示例县东湖镇人民政府", 2025): "rules-authority",
    ("示例县住房和城乡建设局", 2025): "jump",
    ("示例县卫生健康局", 2024): "narrative",
    ("示例县柳林乡人民政府", 2025): "fee-statement",
}


@pytest.fixture(scope="module")
def made() -> list[ReportFile]:
    return oversight_files.report_files()


def test_twenty_one_units_publish_forty_files_in_five_formats(made: list[ReportFile]) -> None:
    # 21 units × 2 years, less 南山乡's missing 2025 report and 乡村振兴局's (merged in 2025).
    assert len(made) == 40
    assert len({f.unit.name for f in made}) == 21
    assert {f.unit.name for f in made if f.year == 2025} == {f.unit.name for f in made} - {
        "示例县南山乡人民政府",
        "示例县乡村振兴局",
    }
    kinds = Counter(f.filename.rsplit(".", 1)[1] for f in made)
    assert kinds == {"txt": 20, "html": 10, "docx": 8, "pdf": 2}
    assert all(f.data.startswith(b"%PDF-") for f in made if f.filename.endswith(".pdf"))
    assert all(f.data.startswith(b"PK\x03\x04") for f in made if f.filename.endswith(".docx"))
    # 每格一行 (each cell on its own line, after a tab) and 制表符 (one row a line) among the texts.
    texts = [f.data.decode() for f in made if f.filename.endswith(".txt")]
    assert any("\n\t自然人\n" in t for t in texts)
    assert any("\t自然人\t" in t for t in texts)


def test_the_files_read_back_as_written_and_signed_by_their_units(made: list[ReportFile]) -> None:
    for one in made:
        result = load_bytes(one.data, one.filename)
        assert [f.message for f in result.findings] == [], one.filename
        assert result.report.tables == one.report.tables, one.filename
        assert (result.report.year, result.report.published) == (one.year, one.report.published)
    signed = {(f.unit.name, f.year): load_bytes(f.data).report.agency for f in made}
    assert signed[("示例县人力资源和社会保障局", 2025)] == "示例县人社局"  # its short name
    assert {k: v for k, v in signed.items() if v != k[0]} == {
        ("示例县人力资源和社会保障局", 2025): "示例县人社局"
    }


def test_each_planted_defect_is_found_on_its_unit_and_year_and_nowhere_else(made: list[ReportFile]) -> None:
    reports = [load_bytes(f.data, f.filename).report for f in made]
    # The short name is the same unit as its 2024 report (the roster says so; the folder cannot).
    for report in reports:
        if report.agency == "示例县人社局":
            report.agency = "示例县人力资源和社会保障局"
    found = check_set(reports, [f.filename for f in made])
    codes = {
        (f.unit.name, f.year): sorted({str(x.code) for x in fs}) for f, fs in zip(made, found, strict=True)
    }
    assert {k: v for k, v in codes.items() if v} == {k: [v] for k, v in PLANTED.items()}
    assert oversight_files.DEFECTS == PLANTED


def test_the_same_seed_makes_the_same_reports() -> None:
    first = [(u.name, r.to_dict()) for u, r in oversight_files.reports(7)]
    again = [(u.name, r.to_dict()) for u, r in oversight_files.reports(7)]
    assert first == again
    assert first != [(u.name, r.to_dict()) for u, r in oversight_files.reports(8)]
