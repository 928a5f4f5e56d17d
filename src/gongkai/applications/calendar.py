"""The working-day calendar as the administrator keeps it (rows of CalendarYear)."""

from __future__ import annotations

from gongkai.clock import WorkingCalendar, default_calendar

from .models import CalendarYear


def current_calendar() -> WorkingCalendar:
    rows = list(CalendarYear.objects.values_list("year", "holidays", "workdays"))
    if not rows:
        return default_calendar()
    return default_calendar().with_years({str(y): {"holidays": h, "workdays": w} for y, h, w in rows})
