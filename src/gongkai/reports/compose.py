"""Composing the report's text: THE ONE INTEGRATION POINT with ``gongkai.annual_report.compose``.

Helper F's module turns each section's narrative (a template naming what the section must cover,
with live fields bound to table cells and to last year's report, the 同比 figures and the fee
statement) into the text of the report. Until it is wired in, ``compose_report`` puts the
narrative text in as written. The integrator replaces the body of ``compose_report`` (and only
it) with the call to F's function; everything else in this app goes through here.
"""

from __future__ import annotations

from gongkai.annual_report.model import Report, Section


def compose_report(report: Report, narrative: dict[int, str], previous: Report | None) -> Report:
    """The report with its six sections filled from `narrative` (section number → text).

    `report` already holds the edition's tables, counted live and with every override applied;
    `previous` is last year's report when the archive has it (for 同比 and the cross-year rules).
    INTEGRATION: wire to gongkai.annual_report.compose (helper F) here.
    """
    del previous  # used by the composing module (同比), not by the plain text below
    titles = report.definition.section_titles
    report.sections = [
        Section(number, titles[number - 1], (narrative.get(number) or "").strip())
        for number in range(1, len(titles) + 1)
    ]
    return report
