"""What every test that touches the database shares."""

from __future__ import annotations

import pytest
from django.conf import settings


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
