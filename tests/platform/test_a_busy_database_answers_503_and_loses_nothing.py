"""A database too busy to take a write in time (on SQLite: another writer holding the lock past the
busy timeout) answers 503 with a Chinese message and Retry-After, on pages and in JSON on the API,
never a bare 500; nothing was written, and the same request sent again goes through."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application, EventKind
from gongkai.core.busy import BUSY_MESSAGE
from tests.factories import application

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "sqlite", reason="SQLite's database lock (PostgreSQL locks rows)"
    ),
]


@pytest.fixture
def locked() -> Iterator[sqlite3.Connection]:
    """Another writer holds the database's write lock; Django waits 0.2 s for it, not 20."""
    options = connection.settings_dict.setdefault("OPTIONS", {})
    before = options.get("timeout")
    options["timeout"] = 0.2
    connection.close()
    other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    other.execute("BEGIN IMMEDIATE")
    yield other
    other.close()
    options["timeout"] = before
    connection.close()


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def decided(case: Application) -> int:
    return Application.objects.get(pk=case.pk).events.filter(kind=EventKind.DECIDED).count()


def test_a_decision_on_a_page_while_the_database_is_locked_is_refused_with_503_then_goes_through(
    bureau: Agency, clerk: User, locked: sqlite3.Connection
) -> None:
    locked.execute("ROLLBACK")  # set up the case and the session first
    case = application(bureau, clerk)
    page = login(clerk)
    form = {"version": str(case.version), "outcome": "granted", "legal_basis": "", "on": "2026-06-10"}
    locked.execute("BEGIN IMMEDIATE")

    refused = page.post(f"/work/cases/{case.pk}/decide/", form)

    assert refused.status_code == 503
    assert refused["Retry-After"] == "5"
    assert BUSY_MESSAGE in refused.content.decode()
    locked.execute("ROLLBACK")
    assert decided(case) == 0
    again = page.post(f"/work/cases/{case.pk}/decide/", form)
    assert again.status_code == 302
    assert decided(case) == 1


def test_the_api_answers_a_locked_database_with_503_in_json(
    bureau: Agency, clerk: User, locked: sqlite3.Connection
) -> None:
    locked.execute("ROLLBACK")
    case = application(bureau, clerk)
    api = login(clerk)
    body = json.dumps({"version": case.version, "outcome": "granted", "on": "2026-06-10"})
    locked.execute("BEGIN IMMEDIATE")

    refused = api.post(f"/api/cases/{case.pk}/actions/decide", body, content_type="application/json")

    assert refused.status_code == 503
    assert refused["Content-Type"].startswith("application/json")
    assert refused.json() == {"detail": BUSY_MESSAGE}
    assert refused["Retry-After"] == "5"
    locked.execute("ROLLBACK")
    assert decided(case) == 0
    assert (
        api.post(f"/api/cases/{case.pk}/actions/decide", body, content_type="application/json").status_code
        == 200
    )
