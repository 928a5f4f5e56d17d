"""The days off that 《全国年节及纪念日放假办法》 fixes, computed for years whose notice is not loaded,
and proved on the years whose official calendar is loaded."""

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gongkai.clock import default_calendar
from gongkai.clock.statutory import EDITIONS, edition_for, festival_days, statutory_days_off

D = dt.date

# The two make-up days (补假) that the State Council's notices placed elsewhere than on the first
# working day after the holiday (statutory.py says why the rule stays and the year stays 暂定).
MADE_UP_ELSEWHERE = {
    D(2012, 6, 25): "端午 Sat 2012-06-23: the notice gave Fri 06-22 off instead of Mon 06-25",
    D(2015, 9, 28): "中秋 Sun 2015-09-27: the notice folded its make-up day into the 国庆 week",
}


def test_2026_under_the_2025_edition() -> None:
    # 2026, worked by hand: 元旦 Thu 01-01; 春节 除夕 Mon 02-16, 初一 to 初三 Tue 02-17 to Thu 02-19;
    # 清明 Sun 04-05, made up Mon 04-06; 劳动节 Fri 05-01 and Sat 05-02, the latter made up Mon 05-04;
    # 端午 Fri 06-19; 中秋 Fri 09-25; 国庆 Thu 10-01, Fri 10-02, Sat 10-03, made up Mon 10-05.
    assert dict(statutory_days_off(2026)) == {
        D(2026, 1, 1): "元旦",
        D(2026, 2, 16): "春节",
        D(2026, 2, 17): "春节",
        D(2026, 2, 18): "春节",
        D(2026, 2, 19): "春节",
        D(2026, 4, 6): "清明节",
        D(2026, 5, 1): "劳动节",
        D(2026, 5, 4): "劳动节",
        D(2026, 6, 19): "端午节",
        D(2026, 9, 25): "中秋节",
        D(2026, 10, 1): "国庆节",
        D(2026, 10, 2): "国庆节",
        D(2026, 10, 5): "国庆节",
    }


def test_2020_under_the_2014_edition_with_two_holidays_on_one_day() -> None:
    # 2020: 元旦 Wed 01-01; 春节 初一 Sat 01-25 to 初三 Mon 01-27 (除夕 not a day off in this edition),
    # the weekend two made up Tue 01-28 and Wed 01-29; 清明 Sat 04-04, made up Mon 04-06; 劳动节 one
    # day, Fri 05-01; 端午 Thu 06-25; 中秋 and 国庆 both on Thu 10-01: 10-01, Fri 10-02 off, the
    # second holiday of 10-01 made up Mon 10-05, Sat 10-03 made up Tue 10-06.
    assert sorted(statutory_days_off(2020)) == [
        D(2020, 1, 1),
        D(2020, 1, 27),
        D(2020, 1, 28),
        D(2020, 1, 29),
        D(2020, 4, 6),
        D(2020, 5, 1),
        D(2020, 6, 25),
        D(2020, 10, 1),
        D(2020, 10, 2),
        D(2020, 10, 5),
        D(2020, 10, 6),
    ]


def test_the_edition_in_force_decides_the_spring_festival_and_labour_day() -> None:
    assert [e.order for e in EDITIONS] == ["国务院令第513号", "国务院令第644号", "国务院令第795号"]
    assert edition_for(2007) is None
    # 除夕 2024 (Fri 02-09) was not a statutory day, and the official 2024 calendar kept it a working day.
    assert D(2024, 2, 9) not in statutory_days_off(2024)
    assert default_calendar().is_working_day(D(2024, 2, 9))
    # 除夕 2025 (Tue 01-28) and 5月2日 are, from 2025 on.
    assert statutory_days_off(2025)[D(2025, 1, 28)] == "春节"
    assert statutory_days_off(2025)[D(2025, 5, 2)] == "劳动节"
    assert D(2024, 5, 2) not in statutory_days_off(2024)
    # 2008-2013: 除夕, 初一, 初二. 2013: 除夕 Sat 02-09, 初一 Sun 02-10, 初二 Mon 02-11; made up Tue 02-12, Wed 02-13.
    spring_2013 = [day for day, name in statutory_days_off(2013).items() if name == "春节"]
    assert spring_2013 == [D(2013, 2, 11), D(2013, 2, 12), D(2013, 2, 13)]


@pytest.mark.parametrize("year", range(2008, 2027))
def test_statutory_days_are_days_off_in_every_loaded_year(year: int) -> None:
    calendar = default_calendar()
    assert calendar.is_published(year)
    edition = edition_for(year)
    assert edition is not None
    for day, name in festival_days(year, edition):
        assert not calendar.is_working_day(day), f"{day} ({name}) is a working day in {year}'s calendar"
    for day, name in statutory_days_off(year).items():
        if day in MADE_UP_ELSEWHERE:
            assert calendar.is_working_day(day)  # the exception is real, not a stale entry
            continue
        assert not calendar.is_working_day(day), f"{day} ({name}, 补假) is a working day in {year}'s calendar"
        assert day.weekday() < 5


def test_the_exceptions_had_their_day_off_elsewhere() -> None:
    calendar = default_calendar()
    assert not calendar.is_working_day(D(2012, 6, 22))  # Friday before 端午 2012
    assert not calendar.is_working_day(D(2015, 10, 7))  # 国庆 2015 ran to Wednesday 10-07


def test_no_statutory_days_outside_the_years_computed() -> None:
    assert statutory_days_off(2007) == {}
    assert statutory_days_off(2101) == {}
    assert len(statutory_days_off(2100)) >= 13


@given(
    received=st.dates(min_value=D(2026, 11, 1), max_value=D(2035, 12, 31)),
    working_days=st.integers(min_value=1, max_value=40),
)
def test_a_provisional_deadline_never_falls_on_a_day_the_law_fixes(
    received: dt.date, working_days: int
) -> None:
    calendar = default_calendar()
    due = calendar.add_working_days(received, working_days)
    assert due.weekday() < 5
    assert due not in statutory_days_off(due.year)
    assert calendar.working_days_between(received, due) == working_days
