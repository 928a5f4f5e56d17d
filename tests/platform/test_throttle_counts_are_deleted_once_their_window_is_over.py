"""A throttling count is a row of its own table (without Redis); once its window is over nothing
reads it again, and the nightly `prune_throttle_counts` deletes it, so the table does not grow."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from gongkai.core import throttle
from gongkai.core.models import ThrottleCount

pytestmark = pytest.mark.django_db

START = 1_800_000_000.0  # the start of a window of 600 s and of one of 3,600 s


def test_counts_of_windows_that_are_over_are_deleted_and_the_others_kept(
    monkeypatch: pytest.MonkeyPatch, settings: Any
) -> None:
    settings.GONGKAI_LIMITS = {
        **settings.GONGKAI_LIMITS,
        "track.address": (20, 600),
        "apply.address": (10, 3600),
    }
    now = [START]
    monkeypatch.setattr(throttle, "_now", lambda: now[0])
    for _ in range(3):
        throttle.count("track.address", "10.0.0.1")  # 600-second windows
    throttle.count("apply.address", "10.0.0.1")  # 3,600-second windows
    now[0] = START + 700
    throttle.count("track.address", "10.0.0.1")  # the next 600-second window

    out = StringIO()
    call_command("prune_throttle_counts", stdout=out)

    assert out.getvalue().strip() == "已删除1条过期的限流计数"
    # Left: the application count (its hour goes on) and the new window's one look-up.
    assert sorted(ThrottleCount.objects.values_list("count", flat=True)) == [1, 1]
    assert throttle.count("track.address", "10.0.0.1") == 2
    assert throttle.count("apply.address", "10.0.0.1") == 2
    call_command("prune_throttle_counts", stdout=out)
    assert out.getvalue().strip().endswith("已删除0条过期的限流计数")
