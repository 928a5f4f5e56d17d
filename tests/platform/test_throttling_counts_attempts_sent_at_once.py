"""Attempts sent at the same moment are each counted once, and no more than the limit get through.

The database cache's increment was a read and then a write: two workers counting at once both read
4 and both wrote 5, and a client sending its guesses in parallel got more than the limit. A count
is now one statement (a row of ThrottleCount, on SQLite and on PostgreSQL), and a page checks and
counts in that statement before it looks anything up.

Real threads, each with its own database connection (as gunicorn's workers have), released
together; `make test` runs these on both databases. The throttle's clock is pinned at the start of
a window (1,800,000,000 s is 3,000,000 windows of 600 s, 500,000 of 3,600 s, 2,000,000 of 900 s).
"""

from __future__ import annotations

from typing import Any

import pytest

from gongkai.core import throttle
from tests.platform.test_concurrent_writes_queue_instead_of_failing import all_at_once

pytestmark = pytest.mark.django_db(transaction=True)

START = 1_800_000_000.0


@pytest.fixture(autouse=True)
def limits(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(throttle, "_now", lambda: START)
    settings.GONGKAI_LIMITS = {
        "track.address": (10, 600),
        "track.case": (5, 3600),
        "apply.address": (4, 3600),
        "apply.contact": (5, 86400),
        "login.account": (10, 900),
        "login.address": (30, 900),
    }


def test_eight_workers_counting_twenty_five_times_at_once_count_two_hundred() -> None:
    def worker() -> list[int]:
        return [throttle.count("track.address", "10.0.0.1") for _ in range(25)]

    counted = all_at_once([worker] * 8)

    # Each of the 200 attempts got a count of its own: 1, 2, …, 200, none twice, none lost.
    assert sorted(n for counts in counted for n in counts) == list(range(1, 201))
    assert throttle.count("track.address", "10.0.0.1") == 201


def test_forty_attempts_at_once_against_a_limit_of_ten_let_exactly_ten_through() -> None:
    attempts = all_at_once([lambda: throttle.attempt(("track.address", "10.0.0.2"))] * 40)

    # Ten let through; thirty told to wait for the end of the 600-second window.
    assert sorted(a.wait for a in attempts) == [0] * 10 + [600] * 30
    # The refused ones counted nothing: the next count is the eleventh.
    assert throttle.count("track.address", "10.0.0.2") == 11
