"""What day it is, for every app: ``today()`` and ``now()`` in the agency's time zone.

Nothing else in the code asks the system clock for the date. Tests move time with time-machine;
the demo, which builds two years of work as if each step happened on its day, pins the day with
``pinned(day)`` (a context variable, so one thread's demo never moves another request's clock).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.utils import timezone

_pinned: ContextVar[dt.date | None] = ContextVar("gongkai_pinned_day", default=None)


def today() -> dt.date:
    """Today's date where the agency is (settings.TIME_ZONE, Asia/Shanghai)."""
    day = _pinned.get()
    return day if day is not None else timezone.localdate()


def now() -> dt.datetime:
    """The current moment, aware; on a pinned day, that day at the current local time."""
    moment = timezone.localtime()
    day = _pinned.get()
    return moment if day is None else moment.replace(year=day.year, month=day.month, day=day.day)


@contextmanager
def pinned(day: dt.date) -> Iterator[None]:
    """Inside the block, ``today()`` is ``day`` (the demo's way of doing work on past days)."""
    token = _pinned.set(day)
    try:
        yield
    finally:
        _pinned.reset(token)
