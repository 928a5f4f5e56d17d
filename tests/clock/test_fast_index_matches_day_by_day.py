"""The per-year index gives the same answers as walking day by day with chinesecalendar's own
is_workday (an independent oracle for 2004-2026)."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.clock import default_calendar

chinese_calendar = pytest.importorskip("chinese_calendar")

FIRST = dt.date(2004, 1, 1)
LAST = dt.date(max(chinese_calendar.holidays).year, 12, 1)


def walk(start: dt.date, n: int) -> dt.date:
    day = start
    while n:
        day += dt.timedelta(days=1)
        if chinese_calendar.is_workday(day):
            n -= 1
    return day


@pytest.mark.slow
@given(st.dates(min_value=FIRST, max_value=LAST - dt.timedelta(days=300)), st.integers(0, 200))
def test_add_working_days_matches_walking(start: dt.date, n: int) -> None:
    assert default_calendar().add_working_days(start, n) == walk(start, n)


@pytest.mark.slow
@given(st.dates(min_value=FIRST, max_value=LAST), st.dates(min_value=FIRST, max_value=LAST))
def test_working_days_between_matches_counting(a: dt.date, b: dt.date) -> None:
    start, end = min(a, b), max(a, b)
    if (end - start).days > 800:
        end = start + dt.timedelta(days=800)
    expected = sum(
        chinese_calendar.is_workday(start + dt.timedelta(days=i)) for i in range(1, (end - start).days + 1)
    )
    assert default_calendar().working_days_between(start, end) == expected


@given(st.dates(min_value=FIRST, max_value=dt.date(2040, 1, 1)), st.integers(0, 400))
def test_between_is_the_inverse_of_add(start: dt.date, n: int) -> None:
    cal = default_calendar()
    assert cal.working_days_between(start, cal.add_working_days(start, n)) == n
