"""Random valid reports of both editions survive every renderer and the importer unchanged."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.annual_report.editions import Edition
from gongkai.annual_report.importers import load_bytes
from gongkai.annual_report.model import Report
from gongkai.annual_report.renderers import render
from gongkai.annual_report.renderers.text import render_text
from gongkai.annual_report.sample import valid_report

DOCUMENT_FORMATS = ("docx", "html", "md", "txt-tabs", "txt-cells")
DATA_FORMATS = ("json", "csv")


def rendered(report: Report, fmt: str) -> bytes:
    if fmt.startswith("txt-"):
        return render_text(report, "tabs" if fmt == "txt-tabs" else "cells").encode("utf-8")
    return render(report, fmt)


def printed(report: Report) -> dict[str, Any]:
    """What a printed report carries: everything but the metadata a document has no place for."""
    data = report.to_dict()
    for key in ("level", "government", "own_level_report", "period"):
        data.pop(key)
    return data


@st.composite
def reports(draw: st.DrawFn) -> Report:
    edition = draw(st.sampled_from([Edition.E2019, Edition.E2021]))
    report = valid_report(lambda low, high: draw(st.integers(low, high)), edition, sparse=draw(st.booleans()))
    # Any cell may be missing: a missing value must come back missing, never 0.
    for table in report.tables.values():
        for row in table.values():
            for column in row:
                if draw(st.integers(0, 30)) == 0:
                    row[column] = None
    return report


@pytest.mark.slow
@pytest.mark.parametrize("fmt", DOCUMENT_FORMATS + DATA_FORMATS)
@settings(max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(report=reports())
def test_render_then_import_gives_back_the_same_report(fmt: str, report: Report) -> None:
    result = load_bytes(rendered(report, fmt), f"round-trip.{fmt}")
    if fmt in DATA_FORMATS:
        assert result.report.to_dict() == report.to_dict()
    else:
        assert printed(result.report) == printed(report)
    # The only findings allowed are the ones that say a cell is missing, where it was.
    missing = {
        (t, r, c)
        for t, rows in report.tables.items()
        for r, cols in rows.items()
        for c, v in cols.items()
        if v is None
    }
    for finding in result.findings:
        assert finding.code == "missing", finding.message
        assert (finding.table, finding.row, finding.column) in missing
