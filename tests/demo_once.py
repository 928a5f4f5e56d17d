"""The demo (`manage.py load_demo`) as the tests see it: built on 2026-06-30 (time-machine moves the
clock, as for every platform test), with fast password hashing and its attachments in a temporary
folder, inside a transaction that is rolled back when the tests are done with it.

Two ways to have it, by what the test does with it:

- ``demo_db``: built ONCE per test session, for the tests that only read it. The tests that ask for
  it run last (`pytest_collection_modifyitems`, imported into tests/web/conftest.py), so the one
  transaction holding the demo stays open from the first of them to the end of the session and no
  other test ever sees it. Each test still runs in its own savepoint, rolled back after it.
- ``demo_loaded(...)``: a private copy, for a module or a test that changes the demo.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.test.utils import override_settings
from pytest_django import DjangoDbBlocker

from gongkai.core.actions import batch

TODAY = dt.date(2026, 6, 30)  # the day tests/web/conftest.py pins
# Noon in the agencies' time zone: the same date in UTC and in Asia/Shanghai.
NOON = dt.datetime(2026, 6, 30, 12, 0, tzinfo=ZoneInfo("Asia/Shanghai"))


def on_the_demo_day() -> time_machine.travel:
    """The clock stands at noon on TODAY while it is active (no ticking: every read is the same)."""
    return time_machine.travel(NOON, tick=False)


@contextlib.contextmanager
def demo_loaded(blocker: DjangoDbBlocker, media_root: Path) -> Iterator[None]:
    """The demo, built on TODAY, until the block ends; then every row of it is rolled back."""
    with (
        blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            MEDIA_ROOT=str(media_root),  # the demo's attachments
        ),
        batch(rollback=True),
    ):
        with on_the_demo_day():
            call_command("load_demo", stdout=StringIO())
        yield


@pytest.fixture(scope="session")
def demo_db(
    django_db_setup: None, django_db_blocker: DjangoDbBlocker, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[None]:
    """The demo, built once for the whole session, for tests that only read it (they run last)."""
    with demo_loaded(django_db_blocker, tmp_path_factory.mktemp("demo-media")):
        yield


@pytest.fixture
def demo(demo_db: None, db: None) -> Iterator[None]:
    """A test reading the session's demo, on the demo's day, in a savepoint of its own."""
    with on_the_demo_day():
        yield


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests that read the session's demo go last, together, in their order (after pytest-django's
    own ordering), so that the transaction holding the demo is never seen by another test."""
    items.sort(key=lambda item: "demo_db" in getattr(item, "fixturenames", ()))
