"""The column's pages read in a fixed number of queries: one more published report (of another
agency, or a correction) adds rows, never queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.agencies.models import Agency, Role
from gongkai.reports import actions
from tests.factories import member
from tests.reports.reports_fixtures import People, published

from . import reports_fixtures

pytestmark = pytest.mark.django_db

people = reports_fixtures.people
january_2026 = reports_fixtures.january_2026


def _queries(address: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert Client().get(address).status_code == 200
    return len(queries)


def test_the_column_and_the_report_page_read_in_fixed_queries(
    bureau: Agency, other_bureau: Agency, people: People, january_2026: object
) -> None:
    first = published(bureau, people)
    addresses = ["/reports/", f"/reports/{bureau.pk}/", f"/reports/{bureau.pk}/2025/"]
    before = [_queries(a) for a in addresses]

    # Another agency's report, and a correction of the first one.
    others = People(
        clerk=member(other_bureau, Role.CLERK, username="clerk2"),
        head=member(other_bureau, Role.OFFICE_HEAD, username="head2"),
        leader=member(other_bureau, Role.PRINCIPAL_LEADER, username="leader2"),
        supervisor=people.supervisor,
        outsider=people.clerk,
    )
    published(other_bureau, others)
    draft = actions.correct(acting_user=people.clerk, report=first, version=first.version, note="更正文字")
    report = reports_fixtures.filed(bureau, people, draft)
    report = actions.accept(acting_user=people.supervisor, report=report, version=report.version)
    actions.publish(acting_user=people.clerk, report=report, version=report.version)

    after = [_queries(a) for a in addresses]
    assert after == before
    assert "示例县教育局" in Client().get("/reports/").content.decode()
