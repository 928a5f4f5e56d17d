"""What the renderers print, the importers read back: every cell, and the text."""

from __future__ import annotations

import pytest

from gongkai.annual_report.editions import Edition
from gongkai.annual_report.importers import load_bytes
from gongkai.annual_report.model import Report
from gongkai.annual_report.renderers import render

from .render_samples import full_report, has_cjk_font


def _sections(report: Report) -> list[tuple[int, str, str]]:
    return [(s.number, s.title, s.text) for s in report.sections]


@pytest.mark.parametrize("edition", list(Edition))
@pytest.mark.parametrize("fmt", ["docx", "md", "html"])
def test_every_cell_reads_back(fmt: str, edition: Edition) -> None:
    report = full_report(edition)
    back = load_bytes(render(report, fmt)).report
    assert (back.agency, back.year, back.edition, back.published) == (
        report.agency,
        report.year,
        report.edition,
        report.published,
    )
    assert back.tables == report.tables


@pytest.mark.parametrize("fmt", ["docx", "md", "html"])
def test_section_text_reads_back(fmt: str) -> None:
    # The HTML caption is visually hidden, so the reader does not take it for a paragraph.
    report = full_report(Edition.E2021)
    assert _sections(load_bytes(render(report, fmt)).report) == _sections(report)


@pytest.mark.slow
@pytest.mark.skipif(not has_cjk_font(), reason="no Chinese font installed (fc-list :lang=zh is empty)")
@pytest.mark.parametrize("edition", list(Edition))
def test_every_cell_reads_back_from_the_pdf(edition: Edition) -> None:
    report = full_report(edition)
    assert load_bytes(render(report, "pdf")).report.tables == report.tables
