"""Tables 三 and 四 are two aggregate queries, however many cases and agencies there are."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from gongkai.agencies.models import Agency
from gongkai.applications import actions
from gongkai.applications.selectors import annual_tables
from tests.factories import application

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("cases", [1, 12])
def test_two_queries_for_any_number_of_cases(
    county: Agency, bureau: Agency, clerk: User, cases: int, django_assert_num_queries: object
) -> None:
    for i in range(cases):
        case = application(bureau, clerk, received=dt.date(2025, 3, 3 + i % 20))
        if i % 2:
            actions.decide(
                acting_user=clerk, application=case, outcome="granted", legal_basis="", on=dt.date(2025, 4, 1)
            )
    with django_assert_num_queries(2):  # type: ignore[operator]
        report = annual_tables(county, 2025, subtree=True)
    assert report.tables["applications"]["new"]["total"] == cases
    assert report.tables["applications"]["granted"]["total"] == cases // 2
