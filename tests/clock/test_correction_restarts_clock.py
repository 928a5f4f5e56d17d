"""补正 (Art. 30): the reply clock starts again from the day the corrected application arrives."""

import datetime as dt

import pytest

from gongkai.clock import ClockError, reply_deadline

D = dt.date


def test_correction_restarts_the_clock() -> None:
    # Received Monday 2025-11-03; corrected application received Monday 2025-11-10.
    # From 11-10: 1-4 Tue 11-11..Fri 11-14; 5-9 11-17..11-21; 10-14 11-24..11-28;
    # 15-19 Mon 12-01..Fri 12-05; 20 Mon 12-08.
    result = reply_deadline(D(2025, 11, 3), corrected=D(2025, 11, 10))
    assert result.start == D(2025, 11, 10)
    assert result.due == D(2025, 12, 8)
    assert any("重新计算" in step for step in result.steps)


def test_without_correction_the_clock_runs_from_receipt() -> None:
    # From 11-03: 1-4 Tue 11-04..Fri 11-07; 5-9 11-10..11-14; 10-14 11-17..11-21;
    # 15-19 11-24..11-28; 20 Mon 12-01.
    assert reply_deadline(D(2025, 11, 3)).due == D(2025, 12, 1)


def test_the_correction_notice_deadline_still_runs_from_the_first_receipt() -> None:
    # 7 working days after Mon 11-03: 11-04, 05, 06, 07, 10, 11, 7th = Wed 11-12.
    result = reply_deadline(D(2025, 11, 3), corrected=D(2025, 11, 10))
    assert result.correction_notice_due.due == D(2025, 11, 12)


def test_a_correction_before_the_receipt_is_refused() -> None:
    with pytest.raises(ClockError, match="早于收到申请之日"):
        reply_deadline(D(2025, 11, 10), corrected=D(2025, 11, 3))
