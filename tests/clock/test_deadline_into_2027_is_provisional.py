"""2027's arrangement is not published (as of November 2026): a deadline counted into it is
provisional, and loading the year gives a firm answer."""

import datetime as dt

from gongkai.clock import default_calendar, reply_deadline

D = dt.date

# A TEST FIXTURE, not the official 2027 calendar: New Year's Day Fri 2027-01-01 to Sun 01-03 off,
# no make-up day. Only its shape matters here.
HYPOTHETICAL_2027 = {2027: {"holidays": {"2027-01-01": "元旦", "2027-01-02": "元旦", "2027-01-03": "元旦"}}}


def test_deadline_in_an_unpublished_year_is_provisional() -> None:
    # Received Mon 2026-12-14 (December 2026 starts on a Tuesday; no holidays left in 2026).
    # 1-4 Tue 12-15..Fri 12-18; 5-9 Mon 12-21..Fri 12-25; 10-13 Mon 12-28..Thu 12-31;
    # 2027 by weekends alone: 14 Fri 2027-01-01; 15-19 Mon 01-04..Fri 01-08; 20 Mon 01-11.
    result = reply_deadline(D(2026, 12, 14))
    assert result.due == D(2027, 1, 11)
    assert result.provisional
    assert result.unpublished_years == (2027,)
    assert any("2027年的放假安排尚未载入" in step for step in result.steps)
    # The correction notice (12-15, 16, 17, 18, 21, 22, 7th = Wed 12-23) stays inside 2026.
    assert result.correction_notice_due.due == D(2026, 12, 23)
    assert not result.correction_notice_due.provisional


def test_loading_2027_makes_the_answer_firm() -> None:
    # With Fri 01-01 off: 13th working day Thu 12-31; 14-18 Mon 01-04..Fri 01-08;
    # 19 Mon 01-11, 20 Tue 01-12.
    calendar = default_calendar().with_years(HYPOTHETICAL_2027)
    result = reply_deadline(D(2026, 12, 14), calendar=calendar)
    assert result.due == D(2027, 1, 12)
    assert not result.provisional
    assert any("元旦" in step for step in result.steps)


def test_adding_a_year_leaves_the_default_calendar_alone() -> None:
    default_calendar().with_years(HYPOTHETICAL_2027)
    assert not default_calendar().is_published(2027)
    assert reply_deadline(D(2026, 12, 14)).due == D(2027, 1, 11)
