"""What the annual-report tests share: a county government with a bureau, the bureau's report
chain (clerk drafts, 公开办负责人 审核, 主要领导 签发), the county's 上级监督, and a clock set
in January 2026, the month the 2025 reports are due."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency, Role
from gongkai.reports.models import AnnualReport
from tests.factories import member

SHANGHAI = ZoneInfo("Asia/Shanghai")
FEES = "本年度未收取信息处理费，未发出收费通知。"


def at(day: dt.date) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, 10, 0, tzinfo=SHANGHAI)


@pytest.fixture
def january_2026() -> Iterator[time_machine.Coordinates]:
    with time_machine.travel(at(dt.date(2026, 1, 10)), tick=False) as clock:
        yield clock


@dataclass
class People:
    clerk: User
    head: User
    leader: User
    supervisor: User
    outsider: User  # a clerk of another bureau of the same county


@pytest.fixture
def people(bureau: Agency, other_bureau: Agency, county: Agency) -> People:
    return People(
        clerk=member(bureau, Role.CLERK, username="clerk"),
        head=member(bureau, Role.OFFICE_HEAD, username="head"),
        leader=member(bureau, Role.PRINCIPAL_LEADER, username="leader"),
        supervisor=member(county, Role.SUPERVISOR, username="supervisor"),
        outsider=member(other_bureau, Role.CLERK, username="outsider"),
    )


def client_for(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def version_of(report: AnnualReport) -> str:
    report.refresh_from_db()
    return str(report.version)


def post(user: User, report: AnnualReport, action: str, **data: object) -> int:
    """POST one of the report page's forms as `user`, at the version now stored; the status."""
    fields = {"version": version_of(report), **{k: str(v) for k, v in data.items()}}
    response = client_for(user).post(f"/work/reports/{report.pk}/{action}/", fields)
    return response.status_code


def page_text(user: User, report: AnnualReport) -> str:
    response = client_for(user).get(f"/work/reports/{report.pk}/")
    assert response.status_code == 200
    return re.sub(r"\s+", " ", response.content.decode())


def drafted(agency: Agency, people: People, year: int = 2025) -> AnnualReport:
    """A report with the sections written and nothing the checker objects to."""
    from gongkai.reports import actions

    report = actions.start_report(acting_user=people.clerk, agency=agency, year=year)
    return actions.save_draft(
        acting_user=people.clerk,
        report=report,
        version=report.version,
        sections={
            "general": "本年度，本局认真贯彻《条例》。",
            "problems": "公开内容还不够全面。",
            "other": FEES,
        },
    )


def filed(agency: Agency, people: People, report: AnnualReport | None = None) -> AnnualReport:
    from gongkai.reports import actions

    report = report or drafted(agency, people)
    report = actions.submit(acting_user=people.clerk, report=report, version=report.version)
    report = actions.approve(acting_user=people.head, report=report, version=report.version, step=1)
    report = actions.approve(acting_user=people.leader, report=report, version=report.version, step=2)
    return actions.file_report(acting_user=people.clerk, report=report, version=report.version)


def published(agency: Agency, people: People) -> AnnualReport:
    from gongkai.reports import actions

    report = filed(agency, people)
    report = actions.accept(acting_user=people.supervisor, report=report, version=report.version)
    return actions.publish(acting_user=people.clerk, report=report, version=report.version)
