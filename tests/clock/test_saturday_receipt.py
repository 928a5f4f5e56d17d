"""An application received on a day off: the receipt day is not moved; the next working day is
simply the first one counted."""

import datetime as dt

from gongkai.clock import reply_deadline

D = dt.date


def test_saturday_receipt_has_the_fridays_deadline() -> None:
    # Saturday 2025-11-15 (November 2025 starts on a Saturday, no holidays in Nov-Dec).
    # Sun 11-16 off; 1-5 Mon 11-17..Fri 11-21; 6-10 11-24..11-28; 11-15 12-01..12-05;
    # 16-20 Mon 12-08..Fri 12-12.
    saturday = reply_deadline(D(2025, 11, 15))
    assert saturday.due == D(2025, 12, 12)
    # Friday 2025-11-14: the count also starts on Monday 11-17, so the same day.
    assert reply_deadline(D(2025, 11, 14)).due == D(2025, 12, 12)
    # Monday 2025-11-17: the count starts on Tuesday 11-18, one working day later: Mon 12-15.
    assert reply_deadline(D(2025, 11, 17)).due == D(2025, 12, 15)
    assert "该日为休息日" in saturday.steps[0]


def test_saturday_receipt_before_a_makeup_sunday() -> None:
    # Saturday 2025-09-27: the next day, Sunday 09-28, is a make-up working day and counts as
    # the 1st; from there as for a Friday 09-26 receipt: 20th = Thu 2025-10-30.
    assert reply_deadline(D(2025, 9, 27)).due == D(2025, 10, 30)
