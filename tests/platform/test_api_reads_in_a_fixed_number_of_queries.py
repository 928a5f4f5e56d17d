"""The list and the case page cost the same number of queries for 2 cases or 20, 1 event or 15."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.agencies.models import Agency
from gongkai.applications import actions
from tests.factories import application

pytestmark = pytest.mark.django_db


def queries(client: Client, path: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(path).status_code == 200
    return len(captured.captured_queries)


def test_the_list_does_not_query_per_case(bureau: Agency, clerk: User) -> None:
    client = Client()
    client.force_login(User.objects.get(pk=clerk.pk))
    for day in (3, 4):
        actions.assign(
            acting_user=clerk,
            application=application(bureau, clerk, received=dt.date(2025, 3, day)),
            assignee=clerk,
        )
    few = queries(client, "/api/cases")
    for day in range(5, 23):
        actions.assign(
            acting_user=clerk,
            application=application(bureau, clerk, received=dt.date(2025, 3, day)),
            assignee=clerk,
        )
    assert queries(client, "/api/cases") == few


def test_the_case_page_does_not_query_per_event(bureau: Agency, clerk: User) -> None:
    client = Client()
    client.force_login(User.objects.get(pk=clerk.pk))
    quiet = application(bureau, clerk, received=dt.date(2025, 3, 3))
    busy = application(bureau, clerk, received=dt.date(2025, 3, 3))
    busy = actions.assign(acting_user=clerk, application=busy, assignee=clerk)
    for sent in (4, 5, 6):
        consultation = actions.start_consultation(
            acting_user=clerk,
            application=busy,
            party_kind="agency",
            party_name=f"示例县第{sent}局",
            sent_on=dt.date(2025, 3, sent),
        )
        actions.record_consultation_answer(
            acting_user=clerk, consultation=consultation, answered_on=dt.date(2025, 3, sent + 1)
        )
    assert queries(client, f"/api/cases/{busy.pk}") == queries(client, f"/api/cases/{quiet.pk}")
