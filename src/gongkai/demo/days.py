"""Counting working days for the demo's stories, on the platform's working-day calendar."""

from __future__ import annotations

import datetime as dt

from gongkai.clock import WorkingCalendar


def first_working_day_from(calendar: WorkingCalendar, day: dt.date) -> dt.date:
    """`day` itself if it is a working day, else the next working day."""
    return day if calendar.is_working_day(day) else calendar.add_working_days(day, 1)


def working_days_before(calendar: WorkingCalendar, day: dt.date, n: int) -> dt.date:
    """The working day `n` working days before `day` (received 17 working days ago, ...)."""
    left = n
    while left:
        day -= dt.timedelta(days=1)
        if calendar.is_working_day(day):
            left -= 1
    return day
