"""The reports list counts down to each report's deadline: January 31 for a department,
March 31 for a county government's own report (Art. 49); overdue flagged, the publication
date judged against it."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine

from gongkai.agencies.models import Agency, Role
from gongkai.reports import actions
from gongkai.reports.models import AnnualReport
from tests.factories import member
from tests.reports.reports_fixtures import People, at, client_for, drafted

from . import reports_fixtures

pytestmark = pytest.mark.django_db

people = reports_fixtures.people
january_2026 = reports_fixtures.january_2026


def _rows(user: object) -> dict[str, str]:
    """Each report's row on the list: agency name → the deadline cell's text."""
    html = client_for(user).get("/work/reports/").content.decode()  # type: ignore[arg-type]
    rows = re.findall(r'<td data-label="机关">(.*?)</td>.*?<td data-label="公开期限">(.*?)</td>', html, re.S)
    return {agency: " ".join(re.sub(r"<[^>]+>", " ", cell).split()) for agency, cell in rows}


def test_a_department_by_january_31_and_the_county_government_by_march_31(
    bureau: Agency, county: Agency, people: People, january_2026: object
) -> None:
    drafted(bureau, people)
    county_clerk = member(county, Role.CLERK, username="county_clerk")
    actions.start_report(acting_user=county_clerk, agency=county, year=2025)
    # 2026-01-10: 21 days to January 31; 80 days to March 31 (21 + 28 + 31).
    rows = _rows(people.supervisor)
    assert rows["示例县自然资源局"] == "2026-01-31 还剩21天"
    assert rows["示例县人民政府"] == "2026-03-31 还剩80天"
    # The other bureau has not started: it counts down all the same, for its supervisor.
    assert rows["示例县教育局"] == "2026-01-31 还剩21天"
    html = client_for(people.supervisor).get("/work/reports/").content.decode()
    assert "尚未起草2025年度报告的机关" in html
    # The bureau's own staff see their report only.
    assert list(_rows(people.clerk)) == ["示例县自然资源局"]


def test_overdue_is_flagged_and_a_late_publication_stays_late(bureau: Agency, people: People) -> None:
    with time_machine.travel(at(dt.date(2026, 1, 20)), tick=False):
        report = reports_fixtures.filed(bureau, people)
    with time_machine.travel(at(dt.date(2026, 2, 3)), tick=False):
        assert _rows(people.clerk)["示例县自然资源局"] == "2026-01-31 已超期3天"
        report = actions.accept(acting_user=people.supervisor, report=report, version=report.version)
        report = actions.publish(acting_user=people.clerk, report=report, version=report.version)
        assert _rows(people.clerk)["示例县自然资源局"] == "2026-01-31 逾期3天发布"
    stored = AnnualReport.objects.get(pk=report.pk)
    assert stored.published_on == dt.date(2026, 2, 3)
    # The checker's `deadline` rule judges the recorded date.
    assert [f["code"] for f in stored.findings if f["severity"] == "error"] == ["deadline"]
