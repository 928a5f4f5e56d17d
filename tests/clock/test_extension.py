"""One extension of at most 20 working days (Art. 33 ¶2)."""

import datetime as dt

import pytest

from gongkai.clock import ClockError, reply_deadline

D = dt.date


def test_full_extension_adds_twenty_working_days() -> None:
    # Received Fri 2025-09-26; the 20th working day is Thu 2025-10-30 (see the National Day test).
    # 21 Fri 10-31; 22-26 Mon 11-03..Fri 11-07; 27-31 11-10..11-14; 32-36 11-17..11-21;
    # 37 Mon 11-24, 38 Tue 11-25, 39 Wed 11-26, 40 Thu 11-27.
    result = reply_deadline(D(2025, 9, 26), extension_days=20)
    assert result.due == D(2025, 11, 27)
    assert result.working_days == 40
    assert any("延长答复期限20个工作日，合计40个工作日" in step for step in result.steps)


def test_shorter_extension() -> None:
    # 20th Thu 10-30; 21 Fri 10-31, 22 Mon 11-03, 23 Tue 11-04, 24 Wed 11-05, 25 Thu 11-06.
    assert reply_deadline(D(2025, 9, 26), extension_days=5).due == D(2025, 11, 6)


@pytest.mark.parametrize("days", [-1, 21])
def test_extension_beyond_the_law_is_refused(days: int) -> None:
    with pytest.raises(ClockError, match="延长答复期限"):
        reply_deadline(D(2025, 9, 26), extension_days=days)
