"""Spring Festival 2026, from the State Council's 2026 arrangement as carried by chinesecalendar:
days off Sunday 2026-02-15 to Monday 2026-02-23 (nine days); make-up working days Saturday
2026-02-14 and Saturday 2026-02-28."""

import datetime as dt

import pytest

from gongkai.clock import default_calendar, reply_deadline

D = dt.date


def test_the_2026_arrangement_is_what_the_package_publishes() -> None:
    chinese_calendar = pytest.importorskip("chinese_calendar")
    if max(chinese_calendar.holidays).year < 2026:
        pytest.skip("installed chinesecalendar predates the 2026 arrangement")
    spring = sorted(
        d for d, name in chinese_calendar.holidays.items() if name == "Spring Festival" and d.year == 2026
    )
    makeup = sorted(
        d for d, name in chinese_calendar.workdays.items() if name == "Spring Festival" and d.year == 2026
    )
    assert spring == [D(2026, 2, 15) + dt.timedelta(days=i) for i in range(9)]
    assert makeup == [D(2026, 2, 14), D(2026, 2, 28)]

    cal = default_calendar()
    assert all(not cal.is_working_day(d) for d in spring)
    assert all(cal.is_working_day(d) for d in makeup)


def test_reply_deadline_across_the_spring_festival() -> None:
    # Received Tuesday 2026-02-10 (February 2026 starts on a Sunday). From the next day:
    #  1 Wed 02-11  2 Thu 02-12  3 Fri 02-13  4 Sat 02-14 (make-up)   [02-15..02-23 off]
    #  5 Tue 02-24  6 Wed 02-25  7 Thu 02-26  8 Fri 02-27  9 Sat 02-28 (make-up)  [Sun 03-01 off]
    # 10-14 Mon 03-02 .. Fri 03-06
    # 15-19 Mon 03-09 .. Fri 03-13
    # 20 Mon 03-16
    result = reply_deadline(D(2026, 2, 10))
    assert result.due == D(2026, 3, 16)
    assert not result.provisional
    # correction notice: 02-11, 02-12, 02-13, 02-14, 02-24, 02-25, 7th = Thu 02-26
    assert result.correction_notice_due.due == D(2026, 2, 26)
    text = "\n".join(result.steps)
    assert "2026年2月15日至2月23日（春节）" in text
    assert "2026年2月14日（星期六，春节调休）" in text
    assert "2026年2月28日（星期六，春节调休）" in text
