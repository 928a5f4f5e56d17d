"""The registers' tests live on 2026-06-30 (Asia/Shanghai): the actions refuse dates after today.

Imported by each registers test module for its autouse fixture; time-machine moves the one
platform clock (`gongkai.core.time`), nothing is patched.
"""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
import time_machine

TODAY = dt.date(2026, 6, 30)


@pytest.fixture(autouse=True)
def on_the_last_day_of_june(time_machine: time_machine.TimeMachineFixture) -> dt.date:
    # Ten in the morning, and ticking: timestamps still move forward during a test.
    time_machine.move_to(dt.datetime(2026, 6, 30, 10, tzinfo=zoneinfo.ZoneInfo("Asia/Shanghai")))
    return TODAY
