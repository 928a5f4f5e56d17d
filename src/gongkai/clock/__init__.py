"""The statutory clock: working-day calendar, deadlines of 依申请公开, processing fees (no Django)."""

from gongkai.clock.calendar import CalendarData, WorkingCalendar, YearArrangement
from gongkai.clock.deadlines import (
    Channel,
    ClockSettings,
    DueDate,
    Pause,
    PauseEffect,
    PauseReason,
    PauseStatus,
    ReplyDeadline,
    consultation_reply_deadline,
    correction_notice_deadline,
    fee_payment_deadline,
    period_end,
    receipt_date,
    reply_deadline,
)
from gongkai.clock.errors import ClockError
from gongkai.clock.fees import FeeBasis, FeeLine, FeeQuote, quote_fee
from gongkai.clock.seed import default_calendar, load_seed_data

__all__ = [
    "CalendarData",
    "Channel",
    "ClockError",
    "ClockSettings",
    "DueDate",
    "FeeBasis",
    "FeeLine",
    "FeeQuote",
    "Pause",
    "PauseEffect",
    "PauseReason",
    "PauseStatus",
    "ReplyDeadline",
    "WorkingCalendar",
    "YearArrangement",
    "consultation_reply_deadline",
    "correction_notice_deadline",
    "default_calendar",
    "fee_payment_deadline",
    "load_seed_data",
    "period_end",
    "quote_fee",
    "receipt_date",
    "reply_deadline",
]
