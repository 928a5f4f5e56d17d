"""The compose page and the JSON cost the same number of queries for a quiet year and a busy one:
the tables are aggregates, never a loop over cases or register rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.agencies.models import Agency
from gongkai.applications import actions as cases
from gongkai.registers import actions as registers
from tests.factories import application
from tests.reports.reports_fixtures import People, client_for, drafted

from . import reports_fixtures

pytestmark = pytest.mark.django_db

people = reports_fixtures.people
january_2026 = reports_fixtures.january_2026


def _queries(people: People, url: str) -> int:
    client = client_for(people.clerk)
    client.get(url)  # sessions and caches warmed
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured.captured_queries)


def _busier(agency: Agency, people: People, first: int, n: int) -> None:
    for i in range(first, first + n):
        case = application(agency, people.clerk, received=dt.date(2025, 3, 3) + dt.timedelta(days=i))
        cases.decide(
            acting_user=people.clerk,
            application=case,
            outcome="granted",
            legal_basis="",
            on=dt.date(2025, 6, 1),
        )
        registers.record_decision(
            acting_user=people.clerk,
            agency=agency,
            kind="license",
            decided_on=dt.date(2025, 7, 1) + dt.timedelta(days=i),
            reference=f"许可{i}",
        )


def test_the_compose_page_and_the_json_do_not_grow_with_the_year(
    bureau: Agency, people: People, january_2026: object
) -> None:
    report = drafted(bureau, people)
    urls = (f"/work/reports/{report.pk}/", f"/api/reports/{bureau.pk}/2025")
    _busier(bureau, people, 0, 1)
    quiet = [_queries(people, url) for url in urls]
    _busier(bureau, people, 1, 12)
    busy = [_queries(people, url) for url in urls]
    assert busy == quiet
