"""The five real reports of the project's seeds (tests/data/seeds), read as a careful reader would.

Every expected value below was written down by hand from the seed texts, not produced by
the importer.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from pathlib import Path

from gongkai.annual_report.checker import check
from gongkai.annual_report.findings import Finding
from gongkai.annual_report.importers import load_path
from gongkai.annual_report.interpret import ImportResult

SEEDS = Path(__file__).resolve().parents[1] / "data" / "seeds"

APPLICANTS = (
    "natural_person",
    "commercial",
    "research",
    "public_interest",
    "legal_services",
    "other_org",
    "total",
)


def load(prefix: str) -> ImportResult:
    (path,) = SEEDS.glob(f"{prefix}_*.txt")
    return load_path(path)


def codes(findings: list[Finding]) -> list[str]:
    return [str(f.code) for f in findings]


def row_values(result: ImportResult, table: str, row: str) -> list[object]:
    return list(result.report.tables[table][row].values())


def test_seed_000_xinzhou() -> None:
    result = load("000")
    report = result.report
    assert (report.agency, report.year, report.edition, report.published) == (
        "忻州市文化和旅游局",
        2020,
        "E2019",
        date(2021, 1, 27),
    )
    assert row_values(result, "art20_1", "rules") == [0, 0, 0]
    assert row_values(result, "art20_1", "normative") == [148, 233, 233]
    assert row_values(result, "art20_5", "license") == [8, -2, 6]  # written "－2" (full-width minus)
    assert row_values(result, "art20_5", "other_services") == [12, 0, 0]
    assert row_values(result, "art20_6", "penalty") == [123, 0, 9]
    assert row_values(result, "art20_6", "coercion") == [0, 0, 0]
    assert row_values(result, "art20_8", "fees") == [0, 0]
    assert row_values(result, "art20_9", "procurement") == [15, Decimal(88479733)]
    for row, values in report.tables["applications"].items():
        assert list(values.values()) == [0] * 7, row
    assert list(report.tables["appeals"]["cases"].values()) == [0] * 15
    found = codes(result.findings)
    # "其他主动公开文件" (19, 19, 19) is a row the national format does not have.
    extra = [f for f in result.findings if f.code == "extra"]
    assert len(extra) == 1
    assert "其他主动公开文件" in extra[0].message
    assert extra[0].table == "art20_1"
    assert [f.row for f in result.findings if f.code == "non-numeric"] == ["license"]
    assert [f.column for f in result.findings if f.code == "unit"] == ["amount"]  # 88479733: no unit
    assert "structure" in found  # "1、 总体情况": Arabic numbering
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6]
    assert not [f for f in check(report) if f.severity == "error"]


def test_seed_001_hegang_blank_cells_are_missing_not_zero() -> None:
    result = load("001")
    report = result.report
    assert (report.agency, report.year, report.edition, report.published) == (
        "鹤岗市文体广电和旅游局",
        2020,
        "E2019",
        None,
    )
    assert row_values(result, "art20_5", "license") == [14, 8, 0]  # written "+8"
    assert row_values(result, "art20_6", "penalty") == [4, 0, 0]
    assert row_values(result, "art20_9", "procurement") == [4, Decimal("484.69")]  # written "484.69万元"
    blank = [
        "new",
        "carried_over",
        "granted",
        "partial",
        "withheld_secret",
        "withheld_law",
        "withheld_security",
        "withheld_third_party",
        "withheld_internal",
        "withheld_process",
    ]
    for row, values in report.tables["applications"].items():
        expected = [None if row in blank else 0] + [0] * 6
        assert list(values.values()) == expected, row
    missing = [(f.table, f.row, f.column) for f in result.findings if f.code == "missing"]
    assert missing == [("applications", row, "natural_person") for row in blank]
    assert {f.code for f in result.findings if f.table == "art20_9"} == {"unit"}
    assert [f.row for f in result.findings if f.code == "non-numeric"] == ["license"]
    checked = check(report)
    assert "deadline" in codes(checked)  # no publication date
    # A blank column cannot be checked: no balance error is invented for it.
    assert not [f for f in checked if f.code in ("balance", "outcome-sum", "row-total")]


def test_seed_002_erqi_tab_separated() -> None:
    result = load("002")
    report = result.report
    assert (report.agency, report.year, report.edition) == ("二七区文化旅游局", 2020, "E2019")
    assert row_values(result, "art20_5", "license") == [46, -5, 0]
    assert row_values(result, "art20_5", "other_services") == [0, 0, 0]
    assert row_values(result, "art20_9", "procurement") == [10, Decimal("135.3443")]  # header says 万元
    for row, values in report.tables["applications"].items():
        assert list(values.values()) == [0] * 7, row
    assert list(report.tables["appeals"]["cases"].values()) == [0] * 15  # headers "结 果 纠 正"
    assert result.findings == []


def test_seed_003_yanchi_shifted_rows_and_lost_label() -> None:
    result = load("003")
    report = result.report
    assert (report.agency, report.year, report.edition) == ("盐池县文化旅游广电局", 2020, "E2019")
    assert row_values(result, "art20_5", "license") == [9, 0, 0]
    assert row_values(result, "art20_5", "other_services") == [15, 0, 0]
    assert row_values(result, "art20_6", "penalty") == [106, 0, 9]
    assert row_values(result, "art20_6", "coercion") == [1, 0, 0]
    assert row_values(result, "art20_9", "procurement") == [0, 0]
    six_values = [
        "granted",
        "partial",
        "withheld_secret",
        "withheld_law",
        "withheld_security",
        "withheld_third_party",
        "withheld_internal",
        "withheld_process",
    ]
    eight_values = ["total", "carried_forward"]
    for row, values in report.tables["applications"].items():
        if row in six_values or row in eight_values:
            assert list(values.values()) == [None] * 7, row  # which column is missing cannot be told
        else:
            assert list(values.values()) == [0] * 7, row
    cells = {f.row: f.values["found"] for f in result.findings if f.code == "cells"}
    assert cells == {**{r: 6 for r in six_values}, **{r: 8 for r in eight_values}}
    labels = [f for f in result.findings if f.code == "label"]
    assert any("（三）不予公开" in f.message for f in labels)  # the group label is missing
    assert any("商业机构" in f.message and f.column == "commercial" for f in labels)


def test_seed_004_guxian_contradictions() -> None:
    result = load("004")
    report = result.report
    assert (report.agency, report.year, report.edition, report.published) == (
        "古县文化和旅游局",
        2022,
        "E2021",
        date(2023, 1, 31),
    )
    assert row_values(result, "art20_1", "rules") == [0, 0, 0]
    assert row_values(result, "art20_1", "normative") == [0, 0, 0]
    assert row_values(result, "art20_5", "license") == [0]
    # 行政处罚 "5 0 2" and 行政强制 "0 0 0": three values where the 2021 format has one.
    assert row_values(result, "art20_6", "penalty") == [None]
    assert row_values(result, "art20_6", "coercion") == [None]
    assert row_values(result, "art20_8", "fees") == [0]
    cells = {(f.table, f.row) for f in result.findings if f.code == "cells"}
    assert cells == {("art20_6", "penalty"), ("art20_6", "coercion")}
    # Table 三 keeps the 2019 single "（六）其他处理" row: it cannot be split into the three 2021 rows.
    assert "edition" in codes(result.findings)
    for row in ("other_no_correction", "other_fee_unpaid", "other_misc"):
        assert row_values(result, "applications", row) == [None] * 7
    assert row_values(result, "applications", "new") == [0] * 7
    checked = check(report)
    narrative = [f for f in checked if f.code == "narrative"]
    received = [f for f in narrative if f.row == "new"]
    assert len(received) == 1
    assert received[0].values == {"text": 1, "table": 0}
    licences = [f for f in narrative if f.table == "art20_5"]  # "进行审批行政许可2件" beside 0
    assert len(licences) == 1
    assert licences[0].values == {"text": 2, "table": 0}
    assert [s.number for s in report.sections] == [1, 2, 3, 4, 5, 6, 7]
    assert "structure" in codes(checked)
    assert "fee-statement" in codes(checked)
    assert all(f.severity == "error" for f in narrative)
