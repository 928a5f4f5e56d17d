"""What every test shares: Hypothesis without deadlines, the `django` marker, the test database."""

from __future__ import annotations

import pytest
from django.conf import settings
from hypothesis import settings as hypothesis_settings

# No wall-clock limit on any example: how long things take is `make bench`'s business, and a busy
# machine (two cores shared by a whole CI run) would make a deadline fail tests that are right.
hypothesis_settings.register_profile("gongkai", deadline=None)
hypothesis_settings.load_profile("gongkai")


@pytest.fixture(scope="session")
def django_db_modify_db_settings(
    django_db_modify_db_settings_parallel_suffix: None, tmp_path_factory: pytest.TempPathFactory
) -> None:
    """On SQLite the test database is a file, as in production, not Django's in-memory default.

    Threads that write at once (tests/web/test_concurrent_*) each need their own connection to
    a database in WAL mode; an in-memory database shared between connections has table locks
    that do not wait, so it would fail where the real site queues.
    """
    database = settings.DATABASES["default"]
    if database["ENGINE"] == "django.db.backends.sqlite3":
        database.setdefault("TEST", {})["NAME"] = str(tmp_path_factory.mktemp("sqlite") / "test.sqlite3")
        # A throwaway database need not survive a power cut: no waiting for the disk.
        database["OPTIONS"]["init_command"] = "PRAGMA journal_mode=WAL; PRAGMA synchronous=OFF"


@pytest.fixture(scope="session", autouse=True)
def background_tasks_run_at_once() -> None:
    """huey runs each task as it is queued (immediate mode), in the test's own process; a test
    that proves the worker's retry turns it off for itself."""
    from huey.contrib.djhuey import HUEY

    HUEY.immediate = True


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test that reaches the database is marked `django`, wherever its file lies: `make test`
    runs those again on PostgreSQL with `-m django`."""
    for item in items:
        if item.get_closest_marker("django_db") or "django_db_setup" in getattr(item, "fixturenames", ()):
            item.add_marker(pytest.mark.django)


# Agencies, people, today pinned, fast passwords and uploads in a temporary folder, for every test
# (the tests were regrouped by domain; these fixtures were tests/web/conftest.py).
pytest_plugins = ["tests.django_fixtures"]
