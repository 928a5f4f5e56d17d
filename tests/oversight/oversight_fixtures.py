"""What the oversight tests share: a county (示例县人民政府) with three bureaus and a township
below it, its 上级监督, a second county with its own supervisor and bureau, and helpers that
carry one agency's report through its steps with that agency's own staff."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth.models import User

from gongkai.agencies.models import Agency, Level, Role
from gongkai.annual_report.findings import Severity
from gongkai.reports import actions as report_actions
from gongkai.reports.models import AnnualReport
from tests.factories import AgencyFactory, letterhead, member
from tests.reports.reports_fixtures import People, client_for, drafted

__all__ = ["client_for"]


@dataclass
class Tree:
    county: Agency
    land: Agency  # 示例县自然资源局
    education: Agency  # 示例县教育局
    finance: Agency  # 示例县财政局
    town: Agency  # 示例县东风镇人民政府 (township)
    supervisor: User  # 上级监督 of the county
    other_county: Agency
    other_bureau: Agency
    other_supervisor: User
    land_clerk: User


def _agency(name: str, parent: Agency | None, **fields: Any) -> Agency:
    agency: Agency = AgencyFactory(name=name, parent=parent, **fields)
    letterhead(agency)
    return agency


@pytest.fixture
def tree(db: None) -> Tree:
    county = _agency("示例县人民政府", None, is_government=True)
    land = _agency("示例县自然资源局", county)
    education = _agency("示例县教育局", county)
    finance = _agency("示例县财政局", county)
    town = _agency("示例县东风镇人民政府", county, is_government=True, level=Level.TOWNSHIP)
    other_county = _agency("另一县人民政府", None, is_government=True)
    other_bureau = _agency("另一县交通运输局", other_county)
    return Tree(
        county=county,
        land=land,
        education=education,
        finance=finance,
        town=town,
        supervisor=member(county, Role.SUPERVISOR, username="county_supervisor"),
        other_county=other_county,
        other_bureau=other_bureau,
        other_supervisor=member(other_county, Role.SUPERVISOR, username="other_supervisor"),
        land_clerk=member(land, Role.CLERK, username="land_clerk"),
    )


def staff(agency: Agency, supervisor: User) -> People:
    """The agency's clerk, 公开办负责人 and 主要领导, and the supervisor above it."""
    tag = agency.pk
    clerk = User.objects.filter(memberships__agency=agency, memberships__role=Role.CLERK).first()
    return People(
        clerk=clerk or member(agency, Role.CLERK, username=f"clerk{tag}"),
        head=member(agency, Role.OFFICE_HEAD, username=f"head{tag}"),
        leader=member(agency, Role.PRINCIPAL_LEADER, username=f"leader{tag}"),
        supervisor=supervisor,
        outsider=supervisor,
    )


def draft(agency: Agency, supervisor: User) -> AnnualReport:
    return drafted(agency, staff(agency, supervisor))


def file(agency: Agency, supervisor: User) -> AnnualReport:
    people = staff(agency, supervisor)
    report = drafted(agency, people)
    report = report_actions.submit(acting_user=people.clerk, report=report, version=report.version)
    report = report_actions.approve(acting_user=people.head, report=report, version=report.version, step=1)
    report = report_actions.approve(acting_user=people.leader, report=report, version=report.version, step=2)
    return report_actions.file_report(acting_user=people.clerk, report=report, version=report.version)


def publish(report: AnnualReport, supervisor: User) -> AnnualReport:
    clerk = User.objects.get(memberships__agency=report.agency, memberships__role=Role.CLERK)
    report = report_actions.accept(acting_user=supervisor, report=report, version=report.version)
    return report_actions.publish(acting_user=clerk, report=report, version=report.version)


def with_findings(report: AnnualReport, errors: int, warnings: int, code: str = "balance") -> None:
    """Stored findings as the checker leaves them: `errors` of rule `code`, `warnings` of narrative."""
    found = [
        {"code": code, "severity": Severity.ERROR.value, "message": "表三不平衡", "key": f"e{n}"}
        for n in range(errors)
    ]
    found += [
        {
            "code": "narrative",
            "severity": Severity.WARNING.value,
            "message": "正文与表格不一致",
            "key": f"w{n}",
        }
        for n in range(warnings)
    ]
    AnnualReport.objects.filter(pk=report.pk).update(findings=found)


def board_rows(user: User, url: str) -> dict[str, dict[str, str]]:
    """The board's rows as a reader sees them: unit → {status, errors, warnings, rules}."""
    response = client_for(user).get(url)
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    rows = {}
    for unit, body in re.findall(r'<tr class="board-row[^"]*" data-unit="([^"]+)">(.*?)</tr>', html, re.S):

        def cell(name: str, body: str = body) -> str:
            found = re.search(rf'class="{name}"[^>]*>(.*?)</(?:td|span)>', body, re.S)
            return " ".join(re.sub(r"<[^>]+>", "", found.group(1)).split()) if found else ""

        status = re.search(r'class="badge [a-z]+">(.*?)</span>', body)
        rows[unit] = {
            "status": status.group(1) if status else "",
            "errors": cell("board-errors"),
            "warnings": cell("board-warnings"),
            "rules": cell("board-rules"),
        }
    return rows


def day(year: int, month: int, dom: int) -> dt.date:
    return dt.date(year, month, dom)
