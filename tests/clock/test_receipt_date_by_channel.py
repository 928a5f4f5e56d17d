"""Art. 31: which day counts as the day of receipt, by how the application arrived."""

import datetime as dt

import pytest

from gongkai.clock import Channel, ClockError, receipt_date

D = dt.date


def test_in_person_is_the_day_handed_in() -> None:
    assert receipt_date(Channel.IN_PERSON, submitted=D(2025, 9, 26)) == D(2025, 9, 26)


def test_registered_mail_is_the_day_signed_for() -> None:
    day = receipt_date("registered_mail", submitted=D(2025, 9, 22), signed_for=D(2025, 9, 25))
    assert day == D(2025, 9, 25)


def test_ordinary_letter_is_the_day_confirmed_with_the_applicant() -> None:
    day = receipt_date(Channel.ORDINARY_MAIL, submitted=D(2025, 9, 22), confirmed=D(2025, 9, 26))
    assert day == D(2025, 9, 26)


@pytest.mark.parametrize("channel", [Channel.ONLINE, Channel.FAX])
def test_online_and_fax_are_the_day_both_sides_confirm(channel: Channel) -> None:
    assert receipt_date(channel, submitted=D(2025, 9, 27), confirmed=D(2025, 9, 29)) == D(2025, 9, 29)


def test_the_deciding_date_is_required() -> None:
    with pytest.raises(ClockError, match="签收之日"):
        receipt_date(Channel.REGISTERED_MAIL, submitted=D(2025, 9, 22))
    with pytest.raises(ClockError, match="确认之日"):
        receipt_date(Channel.ONLINE, submitted=D(2025, 9, 22))


def test_a_receipt_before_the_submission_is_refused() -> None:
    with pytest.raises(ClockError, match="早于申请人提交之日"):
        receipt_date(Channel.ONLINE, submitted=D(2025, 9, 22), confirmed=D(2025, 9, 21))
    with pytest.raises(ClockError, match="无法识别的提交方式"):
        receipt_date("carrier pigeon", submitted=D(2025, 9, 22))
