"""The corpus of real published reports (tests/data/real) and what a careful reader reads in each.

Every expectation is a `Check`: one thing a careful reader reads in a report (its agency, its year, one
cell, one defect), with what the importer reads instead. The expectations come from the hand-written
files in tests/data/real/expected/; nothing here runs the importer to decide what is expected.

`python -m tests.report.real_reports` prints the share of expectations met; with `--prune` it also rewrites
known_gaps.toml: gaps now met are removed and gaps now read differently get their new reading, each keeping its
reason. A newly unmet expectation is only printed: it goes into the list by hand, with its reason, or gets fixed.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import cache
from pathlib import Path
from typing import Any

from gongkai.annual_report.blocks import UnreadableError
from gongkai.annual_report.checker import check
from gongkai.annual_report.editions import EDITIONS, Edition
from gongkai.annual_report.findings import Finding
from gongkai.annual_report.importers import load_path
from gongkai.annual_report.interpret import ImportResult

REAL = Path(__file__).resolve().parents[1] / "data" / "real"
REPORTS = REAL / "reports"
EXPECTED = REAL / "expected"
KNOWN_GAPS = REAL / "known_gaps.toml"

UNNAMED = "（未识别机关）"  # what the importer calls an agency the text does not name
REFUSED = "拒绝导入"
NO_SUCH_CELL = "（读出的格式中没有这一格）"
BLANK = "-"  # in the expectation files: a blank, "/" or unplaceable cell, never 0


@dataclass(frozen=True)
class Check:
    report: str  # the file name in reports/
    what: str  # "agency", "year", "cell applications.new.total", "finding truncated", ...
    expected: str
    read: str

    @property
    def met(self) -> bool:
        return self.expected == self.read

    @property
    def is_cell(self) -> bool:
        return self.what.startswith("cell ")


@dataclass(frozen=True)
class Entry:
    file: str
    manifest: dict[str, Any]
    expected: dict[str, Any]

    @property
    def path(self) -> Path:
        return REPORTS / self.file


@cache
def corpus() -> tuple[Entry, ...]:
    manifest = tomllib.loads((REAL / "manifest.toml").read_text("utf-8"))["report"]
    entries = []
    for item in manifest:
        expected = tomllib.loads((EXPECTED / f"{Path(item['file']).stem}.toml").read_text("utf-8"))
        entries.append(Entry(item["file"], item, expected))
    return tuple(entries)


@cache
def imported(file: str) -> ImportResult | UnreadableError:
    try:
        return load_path(REPORTS / file)
    except UnreadableError as refusal:
        return refusal


def show(value: object) -> str:
    """A value as the expectation files and the gap list write it."""
    if value is None or value == BLANK:
        return BLANK
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, int | Decimal) or (isinstance(value, str) and _is_number(value)):
        return format(Decimal(str(value)).normalize(), "f")
    return str(value)


def _is_number(text: str) -> bool:
    try:
        Decimal(text)
    except ArithmeticError:
        return False
    return True


def checks(entry: Entry) -> list[Check]:
    """Everything a careful reader reads in `entry`, each beside what the importer reads."""
    expected = entry.expected
    result = imported(entry.file)
    refused = isinstance(result, UnreadableError)
    read: dict[str, str] = {"refused": "是" if refused else "否"}
    if expected.get("refused"):  # a control: a real page that is not a report
        return [Check(entry.file, "refused", "是", read["refused"])]
    wanted: list[tuple[str, str]] = [("refused", "否")]

    for key in ("agency", "year", "edition", "published"):
        if key in expected:
            wanted.append((key, show(expected[key]) if expected[key] != "" else ""))
    if "sections" in expected:
        wanted.append(("sections", ",".join(str(n) for n in expected["sections"])))
    edition = Edition(expected["edition"])
    for name, values in expected.get("cells", {}).items():
        table_key, row_key = name.split(".")
        columns = EDITIONS[edition].table(table_key).column_keys
        pairs = zip(columns, values, strict=True) if isinstance(values, list) else values.items()
        for column, value in pairs:
            wanted.append((f"cell {table_key}.{row_key}.{column}", show(value)))
    for finding in expected.get("findings", []):
        where = ".".join(finding[k] for k in ("table", "row", "column") if k in finding)
        wanted.append((f"finding {finding['code']}" + (f" {where}" if where else ""), "有"))

    if not refused:
        assert isinstance(result, ImportResult)
        report = result.report
        read["agency"] = "" if report.agency == UNNAMED else report.agency
        read["year"] = show(report.year)
        read["edition"] = str(report.edition)
        read["published"] = show(report.published)
        read["sections"] = ",".join(str(s.number) for s in report.sections)
        all_findings = [*result.findings, *check(report)]
        for what, _ in wanted:
            if what.startswith("cell "):
                table_key, row_key, column = what.removeprefix("cell ").split(".")
                row = report.tables.get(table_key, {}).get(row_key, {})
                read[what] = show(row[column]) if column in row else NO_SUCH_CELL
            elif what.startswith("finding "):
                read[what] = "有" if _has_finding(all_findings, what) else "无"
    return [Check(entry.file, what, value, read.get(what, REFUSED)) for what, value in wanted]


def _has_finding(findings: list[Finding], what: str) -> bool:
    code, _, where = what.removeprefix("finding ").partition(" ")
    place = where.split(".") if where else []
    for finding in findings:
        if str(finding.code) != code:
            continue
        if [finding.table, finding.row, finding.column][: len(place)] == place:
            return True
    return False


def all_checks() -> list[Check]:
    return [c for entry in corpus() for c in checks(entry)]


def known_gaps() -> dict[tuple[str, str], str]:
    gaps = tomllib.loads(KNOWN_GAPS.read_text("utf-8"))["gap"]
    return {(g["report"], g["what"]): g["read"] for g in gaps}


def controls() -> set[str]:
    """The files that are real pages but not reports: the importer must refuse them."""
    return {e.file for e in corpus() if e.expected.get("refused")}


def figures(every: list[Check]) -> dict[str, tuple[int, int]]:
    control = controls()
    checks_ = [c for c in every if c.report not in control]
    cells = [c for c in checks_ if c.is_cell]
    by_report: dict[str, bool] = {}
    for c in checks_:
        by_report[c.report] = by_report.get(c.report, True) and c.met
    refused = {c.report for c in checks_ if c.what == "refused" and not c.met}
    controls_refused = {c.report for c in every if c.report in control and c.met}
    return {
        "cells met": (sum(c.met for c in cells), len(cells)),
        "expectations met": (sum(c.met for c in checks_), len(checks_)),
        "reports fully read": (sum(by_report.values()), len(by_report)),
        "reports refused": (len(refused), len(by_report)),
        "non-reports refused": (len(controls_refused), len(control)),
    }


def summary(every: list[Check]) -> str:
    lines = []
    for name, (met, total) in figures(every).items():
        lines.append(f"{name}: {met} / {total} ({met / total:.0%})" if total else f"{name}: 0 / 0")
    return "\n".join(lines)


def _toml_string(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def prune_known_gaps(every: list[Check]) -> list[Check]:
    """Rewrite known_gaps.toml for `every`; return the unmet checks that are not in it."""
    document = tomllib.loads(KNOWN_GAPS.read_text("utf-8"))
    unmet = {(c.report, c.what): c for c in every if not c.met}
    lines = [line for line in KNOWN_GAPS.read_text("utf-8").splitlines() if line.startswith("#")] + [""]
    for gap in document["gap"]:
        check_ = unmet.get((gap["report"], gap["what"]))
        if check_ is None:
            continue
        for key in ("report", "what", "expected"):
            lines.append(f"{key} = {_toml_string(gap[key])}")
        lines[-3:-3] = ["[[gap]]"]
        lines += [f"read = {_toml_string(check_.read)}", f"why = {_toml_string(gap['why'])}", ""]
    KNOWN_GAPS.write_text("\n".join(lines), "utf-8")
    listed = {(g["report"], g["what"]) for g in document["gap"]}
    return [c for key, c in unmet.items() if key not in listed]


if __name__ == "__main__":
    import sys

    every = all_checks()
    print(summary(every))
    if "--prune" in sys.argv[1:]:
        for new in prune_known_gaps(every):
            print(
                f"not met, not in known_gaps.toml: {new.report}: {new.what} (expected {new.expected}, read {new.read})"
            )
