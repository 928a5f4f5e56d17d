"""Real published reports (tests/data/real), read as a careful reader would.

Every expected value was written down by hand from the stored texts (tests/data/real/expected/). What
today's importer does not meet is listed in tests/data/real/known_gaps.toml with what it reads instead; the
list is checked exactly, so a gap that gets fixed fails here until it is removed: the list only shrinks.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from .real_reports import (
    EXPECTED,
    KNOWN_GAPS,
    REAL,
    REPORTS,
    Check,
    all_checks,
    controls,
    corpus,
    figures,
    known_gaps,
    summary,
)

README = REAL.parents[2] / "README.md"
README_ROWS = {
    "cells met": "expected cells",
    "expectations met": "all expectations (agency, year, edition, date, sections, cells, defects)",
    "reports fully read": "reports read with every expectation met",
    "reports refused": 'reports refused as "不是政府信息公开工作年度报告"',
    "non-reports refused": "real pages that are not reports (controls), refused",
}


def _show(entries: list[tuple[tuple[str, str], str]]) -> str:
    return "\n".join(f"  {report}: {what} → {read}" for (report, what), read in sorted(entries))


def test_the_corpus_has_thirty_reports_each_with_provenance_and_expectations() -> None:
    entries = corpus()
    assert len(entries) - len(controls()) >= 30
    assert {e.file for e in entries if e.manifest.get("control")} == controls()
    files = {p.name for p in REPORTS.iterdir()}
    assert files == {e.file for e in entries}, "every file in reports/ has its manifest entry, and only those"
    assert {p.stem for p in EXPECTED.iterdir()} == {Path(e.file).stem for e in entries}
    for entry in entries:
        for key in ("address", "source", "taken", "level", "edition", "form", "extent"):
            assert entry.manifest.get(key), f"{entry.file}: the manifest gives no {key}"
        assert entry.expected.get("edition") == entry.manifest["edition"], entry.file
        if "year" in entry.expected:
            assert entry.expected["year"] == entry.manifest["year"], entry.file


def test_the_corpus_spans_levels_years_editions_and_forms() -> None:
    entries = corpus()
    levels = {e.manifest["level"].split("-")[0].split(" ")[0] for e in entries}
    assert {"province", "city", "county", "district", "township"} <= levels
    assert {e.manifest["year"] for e in entries if "year" in e.manifest} == set(range(2019, 2026))
    assert {e.manifest["edition"] for e in entries} == {"E2019", "E2021"}


def test_every_expectation_is_met_or_a_known_gap(capsys: pytest.CaptureFixture[str]) -> None:
    every = all_checks()
    unmet = {(c.report, c.what): c.read for c in every if not c.met}
    gaps = known_gaps()
    with capsys.disabled():
        print(f"\nReal reports, read as a careful reader would:\n{summary(every)}")
    fixed = [(key, read) for key, read in gaps.items() if key not in unmet]
    new = [(key, read) for key, read in unmet.items() if key not in gaps]
    changed = [
        (key, f"{gaps[key]} → {read}") for key, read in unmet.items() if key in gaps and gaps[key] != read
    ]
    problems = []
    if new:
        problems.append(f"expectations no longer met (not in known_gaps.toml):\n{_show(new)}")
    if fixed:
        problems.append(f"known gaps now met — remove them from known_gaps.toml:\n{_show(fixed)}")
    if changed:
        problems.append(f"known gaps now read differently — update known_gaps.toml:\n{_show(changed)}")
    assert not problems, "\n".join(problems)


def test_each_known_gap_names_what_a_careful_reader_reads_and_why() -> None:
    expected = {(c.report, c.what): c.expected for c in all_checks()}
    for gap in tomllib.loads(KNOWN_GAPS.read_text("utf-8"))["gap"]:
        key = (gap["report"], gap["what"])
        assert key in expected, f"{key}: no such expectation"
        assert gap["expected"] == expected[key], key
        assert gap["why"].strip(), key


def test_no_report_of_the_corpus_is_refused_unless_listed() -> None:
    refused = {c.report for c in all_checks() if c.what == "refused" and not c.met}
    assert refused == {report for report, what in known_gaps() if what == "refused"}


def test_a_blank_cell_is_never_read_as_zero() -> None:
    # Stronger than the gap list: whatever the importer misses, it must not turn a blank into 0.
    invented = [
        c
        for c in all_checks()
        if c.is_cell and c.expected == "-" and c.read not in ("-", "拒绝导入", "（读出的格式中没有这一格）")
    ]
    assert invented == list[Check]()


def test_the_readme_states_the_corpus_and_todays_share() -> None:
    readme = README.read_text("utf-8")
    reports = len(corpus()) - len(controls())
    assert f"`tests/data/real/` holds {reports} reports" in readme
    for name, (met, total) in figures(all_checks()).items():
        row = f"| {README_ROWS[name]} | {met:,} | {total:,} | {met / total:.0%} |"
        assert row in readme, f"README.md should read: {row}"


def test_the_data_folder_explains_itself() -> None:
    readme = (REAL / "README.md").read_text("utf-8")
    for needed in ("excerpt", "known_gaps.toml", "manifest.toml", "PDF"):
        assert needed in readme
