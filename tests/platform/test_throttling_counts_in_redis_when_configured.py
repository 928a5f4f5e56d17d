"""With Redis configured, the throttle counts there: every process sees the same counts."""

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
