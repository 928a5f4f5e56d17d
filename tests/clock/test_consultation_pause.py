"""Consultation (Art. 32, 34) and fee-payment periods: their working days are not counted."""

import datetime as dt

import pytest

from gongkai.clock import (
    ClockError,
    ClockSettings,
    Pause,
    PauseReason,
    PauseStatus,
    consultation_reply_deadline,
    reply_deadline,
)

D = dt.date


def test_consultation_pause_moves_the_deadline() -> None:
    # Received Mon 2025-11-03 (unpaused due: Mon 12-01). Third party consulted 11-10..11-21.
    # Counted before the pause: Tue 11-04, Wed 11-05, Thu 11-06, Fri 11-07 (4).
    # Paused: Mon 11-10..Fri 11-21, 10 working days.
    # Resume after Fri 11-21: 5-9 Mon 11-24..Fri 11-28; 10-14 12-01..12-05; 15-19 12-08..12-12;
    # 20 Mon 12-15.
    result = reply_deadline(D(2025, 11, 3), pauses=[Pause(D(2025, 11, 10), D(2025, 11, 21))])
    assert result.due == D(2025, 12, 15)
    assert result.paused_working_days == 10
    assert any("其中10个工作日不计入答复期限" in step for step in result.steps)


def test_pause_over_a_holiday_takes_out_only_its_working_days() -> None:
    # Received Fri 2025-09-26; paused Mon 09-29..Fri 10-10.
    # 1 Sun 09-28 (make-up). Paused working days: 09-29, 09-30, 10-09, 10-10 (4; 10-01..10-08 off).
    # Resume: 2 Sat 10-11 (make-up); 3-7 Mon 10-13..Fri 10-17; 8-12 10-20..10-24;
    # 13-17 10-27..10-31; 18 Mon 11-03, 19 Tue 11-04, 20 Wed 11-05.
    result = reply_deadline(D(2025, 9, 26), pauses=[Pause(D(2025, 9, 29), D(2025, 10, 10))])
    assert result.due == D(2025, 11, 5)
    assert result.paused_working_days == 4


def test_overlapping_pauses_count_their_shared_days_once() -> None:
    # 11-10..11-14 and 11-12..11-21 cover 11-10..11-21: as in the first test, Mon 12-15.
    pauses = [Pause(D(2025, 11, 10), D(2025, 11, 14)), Pause(D(2025, 11, 12), D(2025, 11, 21))]
    result = reply_deadline(D(2025, 11, 3), pauses=pauses)
    assert result.due == D(2025, 12, 15)
    assert result.paused_working_days == 10


def test_a_pause_after_the_deadline_changes_nothing() -> None:
    # Due Mon 12-01 without pauses; a consultation begun on Tue 12-02 cannot stop a clock that
    # has already run out.
    result = reply_deadline(D(2025, 11, 3), pauses=[Pause(D(2025, 12, 2), D(2025, 12, 5))])
    assert result.due == D(2025, 12, 1)
    assert result.pauses[0].status is PauseStatus.AFTER_DUE


def test_fee_payment_period_is_a_pause_unless_the_setting_says_otherwise() -> None:
    # Fee period Mon 11-10..Fri 11-21: same days as the consultation above.
    fee = [Pause(D(2025, 11, 10), D(2025, 11, 21), PauseReason.FEE_PAYMENT)]
    assert reply_deadline(D(2025, 11, 3), pauses=fee).due == D(2025, 12, 15)
    counted = reply_deadline(D(2025, 11, 3), pauses=fee, settings=ClockSettings(fee_payment_paused=False))
    assert counted.due == D(2025, 12, 1)
    assert counted.pauses[0].status is PauseStatus.COUNTED


def test_third_party_has_fifteen_working_days() -> None:
    # Consultation letter received Mon 2025-11-10: 1-4 11-11..11-14; 5-9 11-17..11-21;
    # 10-14 11-24..11-28; 15 Mon 12-01.
    assert consultation_reply_deadline(D(2025, 11, 10)).due == D(2025, 12, 1)


def test_bad_pauses_are_refused() -> None:
    with pytest.raises(ClockError, match="早于开始日"):
        Pause(D(2025, 11, 21), D(2025, 11, 10))
    with pytest.raises(ClockError, match="早于收到申请之日"):
        reply_deadline(D(2025, 11, 3), pauses=[Pause(D(2025, 11, 1), D(2025, 11, 5))])
