"""National Day 2025: days off Wed 2025-10-01 to Wed 2025-10-08 (国庆节 with 中秋节 on 10-06);
make-up working days Sunday 2025-09-28 and Saturday 2025-10-11 (the State Council's 2025 notice)."""

import datetime as dt

from gongkai.clock import default_calendar, fee_payment_deadline, reply_deadline

D = dt.date


def test_the_official_arrangement_is_loaded() -> None:
    cal = default_calendar()
    assert cal.is_working_day(D(2025, 9, 28))  # Sunday, make-up
    assert cal.is_working_day(D(2025, 10, 11))  # Saturday, make-up
    assert not any(cal.is_working_day(D(2025, 10, day)) for day in range(1, 9))
    assert cal.holiday_name(D(2025, 10, 1)) == "国庆节"
    assert cal.holiday_name(D(2025, 10, 6)) == "中秋节"


def test_reply_deadline_skips_the_golden_week_and_counts_the_makeup_days() -> None:
    # Received Friday 2025-09-26. Counting from the next day (Sat 09-27 is off):
    #  1 Sun 09-28 (make-up)  2 Mon 09-29  3 Tue 09-30   [10-01..10-08 off]
    #  4 Thu 10-09  5 Fri 10-10  6 Sat 10-11 (make-up)  [Sun 10-12 off]
    #  7-11 Mon 10-13 .. Fri 10-17
    # 12-16 Mon 10-20 .. Fri 10-24
    # 17 Mon 10-27  18 Tue 10-28  19 Wed 10-29  20 Thu 10-30
    result = reply_deadline(D(2025, 9, 26))
    assert result.due == D(2025, 10, 30)
    assert not result.provisional


def test_correction_notice_is_due_seven_working_days_after_receipt() -> None:
    # 1 09-28  2 09-29  3 09-30  4 10-09  5 10-10  6 10-11  7 Mon 10-13
    assert reply_deadline(D(2025, 9, 26)).correction_notice_due.due == D(2025, 10, 13)


def test_explanation_names_the_holidays_and_the_makeup_days() -> None:
    steps = reply_deadline(D(2025, 9, 26)).steps
    text = "\n".join(steps)
    assert "收到申请之日：2025年9月26日（星期五）" in steps[0]
    assert "2025年10月1日至10月8日（国庆节、中秋节）" in text
    assert "2025年9月28日（星期日，国庆节调休）" in text
    assert "2025年10月11日（星期六，国庆节调休）" in text
    assert steps[-1].startswith("答复期限届满日：2025年10月30日（星期四）")


def test_fee_payment_period_runs_the_same_way() -> None:
    # Fee notice received Friday 2025-09-26: 20 working days from the next day, as above: 10-30.
    assert fee_payment_deadline(D(2025, 9, 26)).due == D(2025, 10, 30)
