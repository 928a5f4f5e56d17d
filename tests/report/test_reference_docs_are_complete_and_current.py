"""docs/ is the project's reference: generated from the code, complete, and never stale."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from gongkai.annual_report import reference, rules
from gongkai.annual_report.editions import EDITIONS
from gongkai.annual_report.findings import Code, Finding, Severity
from gongkai.cli import main

ROOT = next(p for p in Path(__file__).resolve().parents if (p / "pyproject.toml").exists())
DOCS = ROOT / "docs"
SRC = ROOT / "src" / "gongkai"


@pytest.mark.parametrize("name", sorted(reference.pages()))
def test_checked_in_page_matches_the_code(name: str) -> None:
    checked_in = (DOCS / name).read_text(encoding="utf-8") if (DOCS / name).exists() else ""
    assert checked_in == reference.pages()[name], f"docs/{name} 已过期：请运行 `make docs` 并提交结果"


def test_every_code_in_the_source_is_in_the_registry() -> None:
    # Every `Code.X` the checker, the importers or an app writes, read from the source itself.
    used = {
        match
        for path in SRC.rglob("*.py")
        for match in re.findall(r"\bCode\.([A-Z_]+)\b", path.read_text(encoding="utf-8"))
    }
    assert used, "no Code.X found: the scan is broken"
    assert used <= set(Code.__members__)
    assert {Code[name] for name in used} <= set(rules.BY_CODE)
    assert [rule.code for rule in rules.RULES] == list(dict.fromkeys(rule.code for rule in rules.RULES))
    assert set(rules.BY_CODE) == set(Code)


def test_every_code_has_a_section_and_a_real_example_in_the_rules_page() -> None:
    page = (DOCS / "rules.md").read_text(encoding="utf-8")
    for code in Code:
        assert f"### `{code}`" in page, code
        found = reference.example(code)
        assert found is not None, f"{code}：reference.EXAMPLES 中没有能产生该代码的示例"
        assert found.code == code
        assert found.severity in rules.BY_CODE[code].severities
        assert json.dumps(found.to_dict(), ensure_ascii=False) in page


def _example(code: Code) -> Finding:
    found = reference.example(code)
    assert found is not None, code
    return found


def test_examples_show_the_numbers_of_the_faults_made_on_purpose() -> None:
    # The recipes make one fault each; the examples must show the arithmetic worked out here:
    # last year 14 licences - 2 = 12 expected; 10 in force + 3 issued - 2 repealed = 11;
    # "减4" is -4; a 2020 report is due on 2021-01-31 and was published on 2021-02-03.
    assert _example(Code.ITEMS_CONTINUITY).values == {"prev_items": 14, "expected": 12}
    assert _example(Code.IN_FORCE).values == {"in_force": 12, "expected": 11}
    assert _example(Code.NON_NUMERIC).values == {"text": "减4", "value": -4}
    deadline = _example(Code.DEADLINE)
    assert deadline.severity == Severity.ERROR
    assert deadline.values == {"published": "2021-02-03", "due": "2021-01-31"}
    assert _example(Code.UNIT).values == {"text": "1307.691万元"}
    assert _example(Code.STRUCTURE).section == 7


def test_formats_page_lists_every_table_row_and_column_key() -> None:
    page = (DOCS / "formats.md").read_text(encoding="utf-8")
    for definition in EDITIONS.values():
        part = page.split(f"\n## {definition.edition}")[1].split("\n## ")[0]
        for table in definition.tables:
            assert f"`{table.key}`" in part
            for key in (*table.row_keys, *table.column_keys):
                assert f"| `{key}` |" in part, (definition.edition, table.key, key)
    # DOMAIN.md's example cell: 2019 table 二, 第二十条第（五）项, 行政许可, 本年增/减
    assert "| `license` | 行政许可 |" in page
    assert "| `delta` | 本年增/减 |" in page


def test_report_rules_command_prints_the_registry(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["report", "rules", "--json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    assert [entry["code"] for entry in listed] == [str(code) for code in rules.BY_CODE]
    balance = listed[0]
    assert balance == {
        "code": "balance",
        "group": "arithmetic",
        "severities": ["error"],
        "title": "收结平衡",
        "checks": "表三每一列：本年新收 + 上年结转 = 办理结果总计 + 结转下年度继续办理。",
    }
    assert main(["report", "rules"]) == 0
    text = capsys.readouterr().out
    assert all(f"  {code} " in text for code in Code)
    assert main(["report", "rules", "--markdown"]) == 0
    assert capsys.readouterr().out == (DOCS / "rules.md").read_text(encoding="utf-8")


def test_json_schema_points_to_the_reference() -> None:
    description = json.loads((DOCS / "report.schema.json").read_text(encoding="utf-8"))["description"]
    assert "docs/formats.md" in description
    assert "docs/rules.md" in description
