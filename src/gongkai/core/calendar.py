"""The working-day calendar as the administrator keeps it (rows of CalendarYear).

``current_calendar()`` is the calendar every deadline is counted on: the seeded years, corrected
by what an administrator entered. When a year is added or corrected, ``calendar_changed`` is sent
inside the same transaction; each app recomputes its own open deadlines in its receiver (the
applications app: every open case's reply deadline) and returns how many rows it changed.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.dispatch import Signal

from gongkai.clock import ClockError, WorkingCalendar, default_calendar

from .actions import ActionError, state_change
from .models import CalendarYear

# Sent with `reason` (for the timelines) inside the transaction that saved a year; a receiver
# returns the number of rows it recomputed.
calendar_changed = Signal()


def current_calendar() -> WorkingCalendar:
    rows = list(CalendarYear.objects.values_list("year", "holidays", "workdays"))
    if not rows:
        return default_calendar()
    return default_calendar().with_years({str(y): {"holidays": h, "workdays": w} for y, h, w in rows})


def store_calendar_year(
    *,
    acting_user: AbstractBaseUser | AnonymousUser,
    year: int,
    holidays: dict[str, str | None],
    workdays: dict[str, str | None],
    source: str = "",
) -> int:
    """Add or correct a year's holiday arrangement in the caller's transaction (the admin's) and
    let every app recompute its open deadlines. Returns how many rows they changed."""
    if not (acting_user.is_authenticated and getattr(acting_user, "is_superuser", False)):
        raise ActionError("只有系统管理员可以维护节假日安排", "forbidden")
    try:
        WorkingCalendar.from_data({str(year): {"holidays": holidays, "workdays": workdays}})
    except (ClockError, ValueError, TypeError) as exc:
        raise ActionError(f"节假日数据有误：{exc}") from None
    CalendarYear.objects.update_or_create(
        year=year, defaults={"holidays": holidays, "workdays": workdays, "source": source}
    )
    reason = f"{year}年节假日安排已更新（{source or '管理员录入'}）"
    answers: list[tuple[Any, Any]] = calendar_changed.send(sender=CalendarYear, reason=reason)
    return sum(count for _receiver, count in answers if isinstance(count, int))


@state_change
def save_calendar_year(
    *,
    acting_user: AbstractBaseUser | AnonymousUser,
    year: int,
    holidays: dict[str, str | None],
    workdays: dict[str, str | None],
    source: str = "",
) -> int:
    """Add or correct a year's holiday arrangement and recompute every open deadline, as one
    state change. Returns how many rows were recomputed."""
    return store_calendar_year(
        acting_user=acting_user, year=year, holidays=holidays, workdays=workdays, source=source
    )
