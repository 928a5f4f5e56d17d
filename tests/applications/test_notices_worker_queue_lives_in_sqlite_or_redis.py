"""The background worker's queue: a SQLite file in the data folder's var/ by default, Redis when
GONGKAI_REDIS_URL is set. Each in a fresh process with its own environment, as the site and the
worker read it; a task queued there is found by the worker."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

PROBE = """
import django
django.setup()
from huey.contrib.djhuey import HUEY
from gongkai.applications import tasks
HUEY.flush()
tasks.deliver_task(12345)
task = HUEY.dequeue()
print(type(HUEY).__name__, type(HUEY.storage).__name__, HUEY.immediate, task.name, task.args)
print(getattr(HUEY.storage, "filename", ""))
HUEY.flush()
"""


def probe(tmp_path: Path, **env: str) -> list[str]:
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("GONGKAI_", "DATABASE_URL", "EMAIL_"))
    }
    environment |= {
        "DJANGO_SETTINGS_MODULE": "gongkai.web.settings",
        "GONGKAI_DATA_DIR": str(tmp_path),
        **env,
    }
    done = subprocess.run(
        [sys.executable, "-c", PROBE],
        env=environment,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout.splitlines()


def test_by_default_the_queue_is_a_sqlite_file_in_the_data_folder(tmp_path: Path) -> None:
    kind, where = probe(tmp_path)
    assert kind == "SqliteHuey SqliteStorage False gongkai.deliver_notice (12345,)"
    assert where == str(tmp_path / "var" / "huey.sqlite3")
    assert (tmp_path / "var" / "huey.sqlite3").exists()


def _redis_answers(url: str) -> bool:
    import redis

    try:
        return bool(redis.Redis.from_url(url, socket_connect_timeout=2).ping())
    except redis.RedisError:
        return False


def test_with_redis_configured_the_queue_is_in_redis(tmp_path: Path) -> None:
    url = os.environ.get("GONGKAI_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")
    if not _redis_answers(url):
        pytest.skip(f"Redis 不可用（{url}）")
    kind, _where = probe(tmp_path, GONGKAI_REDIS_URL=url)
    assert kind == "RedisHuey RedisStorage False gongkai.deliver_notice (12345,)"
    assert not (tmp_path / "var" / "huey.sqlite3").exists()
