"""Small builders shared by the tests."""

from __future__ import annotations

from datetime import date

from gongkai.annual_report.editions import EDITIONS, Edition
from gongkai.annual_report.model import Report, Section


def zero_report(
    edition: Edition = Edition.E2019, year: int = 2020, agency: str = "示例县文化和旅游局"
) -> Report:
    """A report whose every cell is 0, with the six sections, published on time."""
    report = Report(agency=agency, year=year, edition=edition, published=date(year + 1, 1, 20))
    for table in report.tables.values():
        for row in table.values():
            for column in row:
                row[column] = 0
    report.sections = [
        Section(n, title, "本年度未收取信息处理费。" if n == 6 else "")
        for n, title in enumerate(EDITIONS[edition].section_titles, start=1)
    ]
    return report
