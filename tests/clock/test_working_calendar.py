"""The calendar as data: what counts as a working day, how days are counted, and how an
administrator adds a year."""

import datetime as dt
import json

import pytest

from gongkai.clock import ClockError, WorkingCalendar, default_calendar

D = dt.date


def test_seeded_years_are_2004_to_2026() -> None:
    cal = default_calendar()
    assert cal.published_years == frozenset(range(2004, 2027))
    assert not cal.is_published(2027)
    assert not cal.is_published(2003)


def test_working_days() -> None:
    cal = default_calendar()
    assert cal.is_working_day(D(2025, 9, 26))  # Friday
    assert not cal.is_working_day(D(2025, 9, 27))  # Saturday
    assert cal.is_working_day(D(2025, 9, 28))  # Sunday, make-up
    assert not cal.is_working_day(D(2025, 10, 1))  # Wednesday, National Day
    assert cal.is_makeup_workday(D(2025, 9, 28))
    assert cal.makeup_workday_name(D(2025, 9, 28)) == "国庆节"


def test_counting_starts_the_day_after() -> None:
    cal = default_calendar()
    # Fri 2025-11-14: the 1st working day after it is Mon 11-17; the 5th is Fri 11-21.
    assert cal.add_working_days(D(2025, 11, 14), 1) == D(2025, 11, 17)
    assert cal.add_working_days(D(2025, 11, 14), 5) == D(2025, 11, 21)
    assert cal.add_working_days(D(2025, 11, 15), 0) == D(2025, 11, 15)
    # Working days after Fri 11-14 up to and including Fri 11-21: 17, 18, 19, 20, 21.
    assert cal.working_days_between(D(2025, 11, 14), D(2025, 11, 21)) == 5
    assert cal.working_days_between(D(2025, 11, 21), D(2025, 11, 14)) == 0
    with pytest.raises(ClockError):
        cal.add_working_days(D(2025, 11, 14), -1)


def test_counting_across_years() -> None:
    cal = default_calendar()
    # Wed 2025-12-31: 2026-01-01..01-03 off (元旦), Sun 01-04 make-up: 1st 01-04, 2nd Mon 01-05.
    assert cal.add_working_days(D(2025, 12, 31), 1) == D(2026, 1, 4)
    assert cal.add_working_days(D(2025, 12, 31), 2) == D(2026, 1, 5)
    # A whole year through the index equals a day-by-day count of the same year.
    days_2024 = sum(cal.is_working_day(D(2024, 1, 1) + dt.timedelta(days=i)) for i in range(366))
    assert cal.working_days_between(D(2023, 12, 31), D(2024, 12, 31)) == days_2024


def test_unpublished_year_uses_weekends_and_the_statutory_holidays() -> None:
    cal = default_calendar()
    # Fri 2027-01-01: New Year's Day, fixed by the 办法 before the year's notice is published.
    assert not cal.is_working_day(D(2027, 1, 1))
    assert cal.is_provisional_holiday(D(2027, 1, 1))
    assert cal.holiday_name(D(2027, 1, 1)) == "元旦"
    assert not cal.is_working_day(D(2027, 1, 2))
    assert cal.is_working_day(D(2027, 1, 4))  # an ordinary Monday
    assert not cal.is_provisional_holiday(D(2026, 1, 1))  # 2026 is loaded: its holidays are official
    assert cal.unpublished_years_between(D(2026, 12, 1), D(2027, 1, 1)) == [2027]
    assert cal.unpublished_years_between(D(2026, 12, 1), D(2026, 12, 31)) == []


def test_administrator_adds_a_year_from_plain_data_and_it_round_trips() -> None:
    data = {
        "2030": {
            "holidays": ["2030-10-01", "2030-10-02"],
            "workdays": {"2030-09-29": "国庆节"},  # a Sunday
        }
    }
    cal = WorkingCalendar.from_data(data)
    assert cal.published_years == frozenset({2030})
    assert not cal.is_working_day(D(2030, 10, 1))
    assert cal.is_working_day(D(2030, 9, 29))
    serialised = json.loads(json.dumps(cal.to_data()))
    assert serialised == {
        "2030": {
            "holidays": {"2030-10-01": None, "2030-10-02": None},
            "workdays": {"2030-09-29": "国庆节"},
        }
    }
    assert WorkingCalendar.from_data(serialised).to_data() == serialised


def test_seed_round_trips_through_json() -> None:
    data = default_calendar().to_data()
    again = WorkingCalendar.from_data(json.loads(json.dumps(data, ensure_ascii=False)))
    assert again.to_data() == data


def test_a_new_years_makeup_day_may_fall_in_the_december_before() -> None:
    # The 2012 notice made Saturday 2011-12-31 a working day for New Year's Day 2012.
    cal = WorkingCalendar.from_data({2012: {"workdays": ["2011-12-31"]}})
    assert cal.is_working_day(D(2011, 12, 31))


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({2030: {"workdays": ["2030-10-08"]}}, "不是周末"),  # a Tuesday
        ({2030: {"holidays": ["2031-01-01"]}}, "不属于2030年"),
        ({2030: {"holidays": ["2030-09-29"], "workdays": ["2030-09-29"]}}, "既被列为放假日"),
        ({2030: {"holidays": ["2030-13-01"]}}, "日期格式有误"),
        ({2030: {"holiday": ["2030-10-01"]}}, "无法识别的项"),
        ({"twenty": {}}, "年份有误"),
    ],
)
def test_bad_calendar_data_is_refused_in_chinese(data: dict[object, object], message: str) -> None:
    with pytest.raises(ClockError, match=message):
        WorkingCalendar.from_data(data)  # type: ignore[arg-type]
