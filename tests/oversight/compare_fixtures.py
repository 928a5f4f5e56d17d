"""What the roll-up and comparison tests share: hand-made reports put on file the two ways a
supervisor has them, a platform report's frozen content, or a file collected through the
importer and matched to a roster unit."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from typing import Any

from django.utils import timezone

from gongkai.agencies.models import Agency, Level
from gongkai.annual_report.editions import Edition, edition_for_year
from gongkai.annual_report.importers import load_bytes
from gongkai.annual_report.model import Report
from gongkai.annual_report.renderers.json import render_json
from gongkai.annual_report.renderers.text import render_text
from gongkai.oversight import actions
from gongkai.oversight.models import CollectedReport, CollectedState, Roster, UnitKind
from gongkai.reports.models import AnnualReport
from tests.report.helpers import zero_report

Cells = Mapping[str, Any]  # "table.row.column" -> value


def made(agency: str, year: int, cells: Cells, edition: Edition | None = None) -> Report:
    """A report whose every cell is 0 but the given ones."""
    report = zero_report(edition or edition_for_year(year), year, agency)
    for key, value in cells.items():
        report.set(*key.split("."), value)
    return report


def content_of(report: Report) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(render_json(report), parse_float=str)
    return data


def set_content(record: AnnualReport, report: Report) -> None:
    """A platform report's frozen content, as filing leaves it, replaced by a hand-made one."""
    AnnualReport.objects.filter(pk=record.pk).update(content=content_of(report))


def collect(supervisor: Agency, roster: Roster, unit_name: str, report: Report) -> CollectedReport:
    """A file collected for a roster unit: the report written as text, read back by the importer."""
    data = render_text(report).encode()
    read = load_bytes(data, f"{unit_name}.txt").report
    return CollectedReport.objects.create(
        supervisor=supervisor,
        unit=roster.units.get(name=unit_name),
        state=CollectedState.MATCHED,
        filename=f"{unit_name}.txt",
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        first_seen=timezone.now(),
        named_agency=read.agency,
        year=read.year,
        edition=str(read.edition),
        content=content_of(read),
    )


def add_roster_only(
    supervisor_user: Any,
    roster: Roster,
    name: str,
    kind: str = UnitKind.DEPARTMENT,
    level: str = Level.COUNTY,
) -> None:
    roster.refresh_from_db()
    actions.add_unit(
        acting_user=supervisor_user,
        roster=roster,
        version=roster.version,
        name=name,
        kind=kind,
        level=level,
        parent_name="示例县人民政府",
    )
