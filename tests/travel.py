"""Move the platform's clock in a test: time-machine, never a patched module attribute."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import time_machine

SHANGHAI = ZoneInfo("Asia/Shanghai")


def travel_to(day: dt.date) -> time_machine.travel:
    """Noon of `day` where the agency is, with the clock standing still (`with travel_to(day):`)."""
    return time_machine.travel(dt.datetime.combine(day, dt.time(12), tzinfo=SHANGHAI), tick=False)
