"""With Redis configured, the throttle counts there (INCR, atomic): every process sees the same counts."""

from __future__ import annotations

import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import redis
from django.test import Client

from gongkai.core.models import ThrottleCount
from tests.platform.test_concurrent_writes_queue_instead_of_failing import all_at_once

pytestmark = pytest.mark.django_db

PORT = 8117  # this project's test range on 127.0.0.1


@pytest.fixture
def redis_url(tmp_path: Path) -> Iterator[str]:
    server = shutil.which("redis-server")
    if server is None:
        pytest.skip("需要 Debian 的 redis-server（make system-deps 安装）")
    process = subprocess.Popen(
        [server, "--port", str(PORT), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        cwd=tmp_path,
        stdout=subprocess.DEVNULL,
    )
    try:
        for _ in range(100):
            try:
                socket.create_connection(("127.0.0.1", PORT), timeout=0.1).close()
                break
            except OSError:
                time.sleep(0.05)
        yield f"redis://127.0.0.1:{PORT}/0"
    finally:
        process.terminate()
        process.wait(timeout=10)


def test_guesses_are_counted_in_redis(redis_url: str, settings: Any) -> None:
    settings.CACHES = {
        **settings.CACHES,
        "redis": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url},
    }
    settings.GONGKAI_THROTTLE_CACHE = "redis"
    settings.GONGKAI_LIMITS = {**settings.GONGKAI_LIMITS, "track.address": (3, 600)}

    statuses = [
        Client().post("/track/", {"code": "ABCDEFGHJKLM", "contact": "13800138000"}).status_code
        for _ in range(4)
    ]

    assert statuses == [200, 200, 200, 429]
    keys = redis.Redis.from_url(redis_url).keys("*throttle:track.address:*")
    assert len(keys) == 1  # one window of one address, the address itself not in the key
    assert b"127.0.0.1" not in keys[0]


@pytest.mark.django_db(transaction=True)
def test_guesses_sent_at_once_get_no_more_than_the_limit_in_redis(redis_url: str, settings: Any) -> None:
    settings.CACHES = {
        **settings.CACHES,
        "redis": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": redis_url},
    }
    settings.GONGKAI_THROTTLE_CACHE = "redis"
    settings.GONGKAI_LIMITS = {**settings.GONGKAI_LIMITS, "track.address": (10, 600)}
    clients = [Client() for _ in range(30)]  # thirty cookie jars, one address
    guess = {"code": "ABCDEFGHJKLM", "contact": "13800138000"}

    responses = all_at_once([lambda c=c: c.post("/track/", guess) for c in clients])  # type: ignore[misc]

    assert sorted(r.status_code for r in responses) == [200] * 10 + [429] * 20
    [key] = redis.Redis.from_url(redis_url).keys("*throttle:track.address:*")
    assert redis.Redis.from_url(redis_url).get(key) == b"10"  # the twenty refused counted nothing
    assert not ThrottleCount.objects.exists()  # nothing in the database's table
