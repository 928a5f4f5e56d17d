"""The report as long-format CSV: one line per table cell, then one per section title and text.

Opened in Excel or WPS, the leading UTF-8 byte order mark keeps the Chinese readable.
"""

from __future__ import annotations

import csv
import io

from ..model import Report
from .layout import format_value

HEADER = ("agency", "year", "edition", "published", "table", "row", "column", "value")
SECTION_TABLE = "section"  # the `table` of a section's lines; `row` is the section number
SECTION_FIELDS = ("title", "text")  # the `column` of a section's two lines
BOM = "\ufeff"


def render_csv(report: Report) -> str:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    report_fields = (
        report.agency,
        str(report.year),
        str(report.edition),
        report.published.isoformat() if report.published else "",
    )
    for table in report.definition.tables:
        for row in table.rows:
            for column in table.columns:
                value = format_value(report.get(table.key, row.key, column.key))
                writer.writerow((*report_fields, table.key, row.key, column.key, value))
    for section in report.sections:
        for field, text in zip(SECTION_FIELDS, (section.title, section.text), strict=True):
            writer.writerow((*report_fields, SECTION_TABLE, str(section.number), field, text))
    return BOM + buffer.getvalue()
