"""Statutory deadlines of an application for disclosure (依申请公开), explained for the clerk.

Articles cited are those of the 2019 《政府信息公开条例》 ("the Regulations").

Rules chosen where the law is silent:

* Counting starts the day after the starting event and counts working days only: "within 20
  working days of receipt" ends on the 20th working day after the receipt date. A receipt on a
  day off is not moved to the next working day; the next working day is simply the first one
  counted (so a Saturday receipt has the same deadline as the Friday before it).
* A correction (补正, Art. 30) restarts the clock from the day the corrected application is
  received; the time before it is not carried over.
* A pause (consultation, Art. 32 and 34; fee payment, 国办函〔2020〕109号) is a range of days,
  both ends included, whose working days are not counted. Formally, the deadline is the N-th
  working day after the start that lies outside every pause. Hence a pause that begins after
  the deadline has already been reached changes nothing (a clock that has run out cannot be
  stopped); overlapping pauses count their shared days once; days of a pause before the clock
  starts were never counted anyway.
* Whether the fee-payment period is a pause is a setting (``ClockSettings.fee_payment_paused``,
  on by default); the law does not say so expressly.
* The result is provisional (暂定) when any day from the day after the start to the due date falls
  in a year whose official calendar is not loaded; it must be recomputed once that year is. In such
  a year the holidays fixed by 《全国年节及纪念日放假办法》 (with their make-up days, 补假) are already
  days off; the make-up working days (调休) are not known and not counted.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from gongkai.clock.calendar import WorkingCalendar
from gongkai.clock.errors import ClockError
from gongkai.clock.seed import default_calendar

REPLY_WORKING_DAYS = 20  # Art. 33 ¶2
MAX_EXTENSION_WORKING_DAYS = 20  # Art. 33 ¶2, once
CORRECTION_NOTICE_WORKING_DAYS = 7  # Art. 30
CONSULTATION_REPLY_WORKING_DAYS = 15  # Art. 32 (third party), Art. 34 (co-producing agency)
FEE_PAYMENT_WORKING_DAYS = 20  # 国办函〔2020〕109号, from the day after the notice is received

_ONE_DAY = dt.timedelta(days=1)
_WEEKDAYS = "一二三四五六日"


# -- receipt date (Art. 31) -------------------------------------------------------------------


class Channel(StrEnum):
    """How an application reached the agency (Art. 31)."""

    IN_PERSON = "in_person"
    REGISTERED_MAIL = "registered_mail"
    ORDINARY_MAIL = "ordinary_mail"
    ONLINE = "online"
    FAX = "fax"

    @property
    def label(self) -> str:
        return _CHANNEL_LABELS[self]


_CHANNEL_LABELS = {
    Channel.IN_PERSON: "当面提交",
    Channel.REGISTERED_MAIL: "挂号信等需要签收的邮寄方式",
    Channel.ORDINARY_MAIL: "平常信函等无需签收的邮寄方式",
    Channel.ONLINE: "互联网渠道",
    Channel.FAX: "传真",
}

RECEIPT_RULES = {
    Channel.IN_PERSON: "当面提交的，以提交之日为收到申请之日（《条例》第三十一条第一项）",
    Channel.REGISTERED_MAIL: "以邮寄方式提交的，以行政机关签收之日为收到申请之日（《条例》第三十一条第二项）",
    Channel.ORDINARY_MAIL: (
        "以平常信函等无需签收的邮寄方式提交的，以政府信息公开工作机构与申请人确认之日为收到申请之日"
        "（《条例》第三十一条第二项）"
    ),
    Channel.ONLINE: "通过互联网渠道提交的，以双方确认之日为收到申请之日（《条例》第三十一条第三项）",
    Channel.FAX: "通过传真提交的，以双方确认之日为收到申请之日（《条例》第三十一条第三项）",
}


def receipt_date(
    channel: Channel | str,
    *,
    submitted: dt.date | None = None,
    signed_for: dt.date | None = None,
    confirmed: dt.date | None = None,
) -> dt.date:
    """The day the application counts as received (收到申请之日), by channel (Art. 31).

    ``submitted``: the day the applicant handed it in or sent it; ``signed_for``: the day the
    agency signed for a registered letter; ``confirmed``: the day the office confirmed with the
    applicant (ordinary letter) or both sides confirmed (online, fax).
    """
    try:
        channel = Channel(channel)
    except ValueError:
        raise ClockError(f"无法识别的提交方式：{channel!r}") from None
    needed: tuple[str, dt.date | None]
    if channel is Channel.IN_PERSON:
        needed = ("提交之日", submitted)
    elif channel is Channel.REGISTERED_MAIL:
        needed = ("签收之日", signed_for)
    else:
        needed = ("确认之日", confirmed)
    label, day = needed
    if day is None:
        raise ClockError(f"{channel.label}的申请须提供{label}：{RECEIPT_RULES[channel]}")
    if submitted is not None and day < submitted:
        raise ClockError(f"{label}（{chinese_day(day)}）早于申请人提交之日（{chinese_day(submitted)}）")
    return day


# -- pauses and settings ------------------------------------------------------------------------


class PauseReason(StrEnum):
    CONSULTATION = "consultation"
    FEE_PAYMENT = "fee_payment"

    @property
    def label(self) -> str:
        return _PAUSE_LABELS[self]


_PAUSE_LABELS = {
    PauseReason.CONSULTATION: "征求第三方或者其他机关意见",
    PauseReason.FEE_PAYMENT: "申请人缴纳信息处理费",
}

_PAUSE_BASIS = {
    PauseReason.CONSULTATION: "《条例》第三十二条、第三十四条",
    PauseReason.FEE_PAYMENT: "国办函〔2020〕109号",
}


@dataclass(frozen=True, slots=True)
class Pause:
    """A period, both ends included, whose working days do not count against the reply deadline."""

    start: dt.date
    end: dt.date
    reason: PauseReason = PauseReason.CONSULTATION

    def __post_init__(self) -> None:
        if self.end < self.start:
            raise ClockError(
                f"期间的结束日（{chinese_day(self.end)}）早于开始日（{chinese_day(self.start)}）"
            )


@dataclass(frozen=True, slots=True)
class ClockSettings:
    # DOMAIN.md: unverified in law, so a setting. True: the payment period does not count.
    fee_payment_paused: bool = True


class PauseStatus(StrEnum):
    PAUSED = "paused"  # its working days were not counted
    BEFORE_START = "before_start"  # lies wholly on or before the day the clock starts
    AFTER_DUE = "after_due"  # begins after the deadline had already been reached
    COUNTED = "counted"  # a fee-payment period, counted because of the setting


@dataclass(frozen=True, slots=True)
class PauseEffect:
    start: dt.date
    end: dt.date
    reasons: tuple[PauseReason, ...]
    status: PauseStatus
    working_days: int = 0  # working days of the pause that were not counted

    def to_dict(self) -> dict[str, Any]:
        return {
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
            "reasons": [str(r) for r in self.reasons],
            "status": str(self.status),
            "paused_working_days": self.working_days,
        }


# -- results ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class DueDate:
    """The last day of a period of working days, and whether it rests on an unloaded year."""

    due: dt.date
    provisional: bool
    unpublished_years: tuple[int, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "due": self.due.isoformat(),
            "provisional": self.provisional,
            "unpublished_years": list(self.unpublished_years),
        }


@dataclass(frozen=True)
class ReplyDeadline:
    """The reply deadline (答复期限) of one application, and how it was reached."""

    received: dt.date
    corrected: dt.date | None
    due: dt.date
    provisional: bool
    unpublished_years: tuple[int, ...]
    working_days: int  # 20, plus the extension
    extension_days: int
    pauses: tuple[PauseEffect, ...]
    correction_notice_due: DueDate
    calendar: WorkingCalendar = field(repr=False, compare=False)

    @functools.cached_property
    def steps(self) -> tuple[str, ...]:
        """The explanation for the clerk, in Simplified Chinese, one sentence per step.

        Written on first use only: recomputing thousands of open cases needs just the dates.
        """
        return _explain(self)

    @property
    def start(self) -> dt.date:
        """The day after which counting begins: receipt, or receipt of the corrected application."""
        return self.corrected or self.received

    @property
    def paused_working_days(self) -> int:
        return sum(p.working_days for p in self.pauses if p.status is PauseStatus.PAUSED)

    def to_dict(self) -> dict[str, Any]:
        return {
            "received": self.received.isoformat(),
            "corrected": self.corrected.isoformat() if self.corrected else None,
            "start": self.start.isoformat(),
            "due": self.due.isoformat(),
            "provisional": self.provisional,
            "unpublished_years": list(self.unpublished_years),
            "working_days": self.working_days,
            "extension_days": self.extension_days,
            "paused_working_days": self.paused_working_days,
            "pauses": [p.to_dict() for p in self.pauses],
            "correction_notice_due": self.correction_notice_due.to_dict(),
            "steps": list(self.steps),
        }


# -- the other statutory periods ---------------------------------------------------------------


def period_end(start: dt.date, working_days: int, calendar: WorkingCalendar | None = None) -> DueDate:
    """The last day of ``working_days`` working days counted from the day after ``start``."""
    cal = calendar or default_calendar()
    due = cal.add_working_days(start, working_days)
    unpublished = tuple(cal.unpublished_years_between(start, due))
    return DueDate(due, bool(unpublished), unpublished)


def correction_notice_deadline(received: dt.date, calendar: WorkingCalendar | None = None) -> DueDate:
    """The last day to tell the applicant, once, what to correct (7 working days, Art. 30)."""
    return period_end(received, CORRECTION_NOTICE_WORKING_DAYS, calendar)


def consultation_reply_deadline(
    consultation_received: dt.date, calendar: WorkingCalendar | None = None
) -> DueDate:
    """The last day for a consulted third party or agency to answer (15 working days, Art. 32, 34)."""
    return period_end(consultation_received, CONSULTATION_REPLY_WORKING_DAYS, calendar)


def fee_payment_deadline(notice_received: dt.date, calendar: WorkingCalendar | None = None) -> DueDate:
    """The last day to pay the processing fee: 20 working days from the day after the notice."""
    return period_end(notice_received, FEE_PAYMENT_WORKING_DAYS, calendar)


# -- the reply deadline ------------------------------------------------------------------------


def reply_deadline(
    received: dt.date,
    *,
    corrected: dt.date | None = None,
    extension_days: int = 0,
    pauses: Iterable[Pause] = (),
    calendar: WorkingCalendar | None = None,
    settings: ClockSettings = ClockSettings(),  # frozen, so sharing the default is safe
) -> ReplyDeadline:
    """The reply deadline of an application (Art. 33), with the steps that explain it.

    ``received``: the receipt date (see ``receipt_date``); ``corrected``: the day the corrected
    application was received, if there was a correction; ``extension_days``: working days of
    the one extension granted (0 to 20); ``pauses``: consultation and fee-payment periods.
    """
    cal = calendar or default_calendar()
    if corrected is not None and corrected < received:
        raise ClockError(
            f"收到补正申请之日（{chinese_day(corrected)}）早于收到申请之日（{chinese_day(received)}）"
        )
    if not 0 <= extension_days <= MAX_EXTENSION_WORKING_DAYS:
        raise ClockError(f"延长答复期限应为0至{MAX_EXTENSION_WORKING_DAYS}个工作日，而不是{extension_days}个")
    pause_list = list(pauses)
    for pause in pause_list:
        if pause.start < received:
            raise ClockError(
                f"{pause.reason.label}的期间（自{chinese_day(pause.start)}起）早于收到申请之日（{chinese_day(received)}）"
            )
    start = corrected or received
    working_days = REPLY_WORKING_DAYS + extension_days

    if pause_list:
        active: list[Pause] = []
        counted: list[Pause] = []
        for pause in pause_list:
            fee_counted = pause.reason is PauseReason.FEE_PAYMENT and not settings.fee_payment_paused
            (counted if fee_counted else active).append(pause)
        due, effects = _count_around_pauses(cal, start, working_days, _merge(active))
        effects += [PauseEffect(p.start, p.end, (p.reason,), PauseStatus.COUNTED) for p in counted]
        effects.sort(key=lambda e: (e.start, e.end))
    else:
        due, effects = cal.add_working_days(start, working_days), []

    unpublished = tuple(cal.unpublished_years_between(start, due))
    return ReplyDeadline(
        received=received,
        corrected=corrected,
        due=due,
        provisional=bool(unpublished),
        unpublished_years=unpublished,
        working_days=working_days,
        extension_days=extension_days,
        pauses=tuple(effects),
        correction_notice_due=correction_notice_deadline(received, cal),
        calendar=cal,
    )


@dataclass(frozen=True, slots=True)
class _Interval:
    start: dt.date
    end: dt.date
    reasons: tuple[PauseReason, ...]


def _merge(pauses: Sequence[Pause]) -> list[_Interval]:
    """Overlapping or touching pauses become one interval, so no day is taken out twice."""
    merged: list[_Interval] = []
    for pause in sorted(pauses, key=lambda p: (p.start, p.end)):
        if merged and pause.start <= merged[-1].end + _ONE_DAY:
            last = merged[-1]
            reasons = last.reasons if pause.reason in last.reasons else (*last.reasons, pause.reason)
            merged[-1] = _Interval(last.start, max(last.end, pause.end), reasons)
        else:
            merged.append(_Interval(pause.start, pause.end, (pause.reason,)))
    return merged


def _count_around_pauses(
    cal: WorkingCalendar, start: dt.date, working_days: int, intervals: list[_Interval]
) -> tuple[dt.date, list[PauseEffect]]:
    """The ``working_days``-th working day after ``start`` that lies outside every interval."""
    cursor, remaining = start, working_days
    effects: list[PauseEffect] = []
    for interval in intervals:
        if interval.end <= cursor:
            # Only possible for the first interval: a pause wholly on or before the start day.
            effects.append(
                PauseEffect(interval.start, interval.end, interval.reasons, PauseStatus.BEFORE_START)
            )
            continue
        first_paused = max(interval.start, cursor + _ONE_DAY)
        if cal.add_working_days(cursor, remaining) < first_paused:
            effects.append(PauseEffect(interval.start, interval.end, interval.reasons, PauseStatus.AFTER_DUE))
            continue
        remaining -= cal.working_days_between(cursor, first_paused - _ONE_DAY)
        skipped = cal.working_days_between(first_paused - _ONE_DAY, interval.end)
        effects.append(
            PauseEffect(interval.start, interval.end, interval.reasons, PauseStatus.PAUSED, skipped)
        )
        cursor = interval.end
    return cal.add_working_days(cursor, remaining), effects


# -- the explanation -----------------------------------------------------------------------------


def chinese_day(day: dt.date) -> str:
    """``2025年10月30日``."""
    return f"{day.year}年{day.month}月{day.day}日"


def format_date(day: dt.date) -> str:
    """``2025年10月30日（星期四）``."""
    return f"{chinese_day(day)}（星期{_WEEKDAYS[day.weekday()]}）"


def _format_range(first: dt.date, last: dt.date) -> str:
    if first == last:
        return chinese_day(first)
    if first.year == last.year:
        return f"{chinese_day(first)}至{last.month}月{last.day}日"
    return f"{chinese_day(first)}至{chinese_day(last)}"


def _explain(result: ReplyDeadline) -> tuple[str, ...]:
    cal = result.calendar
    steps: list[str] = []
    received, start, due = result.received, result.start, result.due
    off_note = "" if cal.is_working_day(received) else "该日为休息日，"
    steps.append(
        f"收到申请之日：{format_date(received)}；{off_note}期限自次日起计算，只计工作日"
        "（《条例》第三十一条、第三十三条）。"
    )
    notice = result.correction_notice_due
    steps.append(
        f"如申请内容不明确需要补正，应在{format_date(notice.due)}前一次性告知申请人"
        f"（收到申请之日起{CORRECTION_NOTICE_WORKING_DAYS}个工作日，《条例》第三十条）。"
    )
    if result.corrected is not None:
        steps.append(
            f"收到补正后申请之日：{format_date(result.corrected)}；答复期限自该日重新计算，"
            "此前经过的期间不再计算（《条例》第三十条）。"
        )
    steps.append(f"答复期限：{REPLY_WORKING_DAYS}个工作日（《条例》第三十三条第二款）。")
    if result.extension_days:
        steps.append(
            f"经政府信息公开工作机构负责人同意，延长答复期限{result.extension_days}个工作日，"
            f"合计{result.working_days}个工作日（《条例》第三十三条第二款）。"
        )
    for effect in result.pauses:
        steps.append(_pause_step(effect))

    paused = [(e.start, e.end) for e in result.pauses if e.status is PauseStatus.PAUSED]
    runs = _holiday_runs(cal, cal.holidays_between(start, due))
    if runs:
        listed = "；".join(
            f"{_format_range(a, b)}（{'、'.join(names)}{'，暂定' if cal.is_provisional_holiday(a) else ''}）"
            for a, b, names in runs
        )
        steps.append(f"期间内的法定节假日不计算：{listed}。")
    makeups = [d for d in cal.makeup_workdays_between(start, due) if not any(a <= d <= b for a, b in paused)]
    if makeups:
        listed = "、".join(_makeup_text(cal, d) for d in makeups)
        steps.append(f"期间内的调休上班日计算在内：{listed}。")
    if result.provisional:
        years = "、".join(f"{y}年" for y in result.unpublished_years)
        steps.append(
            f"注意：{years}的放假安排尚未载入本系统，暂按《全国年节及纪念日放假办法》规定的法定节假日"
            "（适逢周六、周日的，在其后的工作日补假）和周六、周日休息计算；该年的调休上班日尚不可知，未予计算，"
            "结果为暂定；国务院公布该年放假安排后须重新计算。"
        )
    suffix = "（暂定）" if result.provisional else ""
    steps.append(
        f"答复期限届满日：{format_date(due)}{suffix}。当面送达的以签收之日、邮寄送达的以交邮之日为答复之日"
        "（国办公开办函〔2016〕235号）。"
    )
    return tuple(steps)


def _pause_step(effect: PauseEffect) -> str:
    what = "、".join(r.label for r in effect.reasons)
    basis = "、".join(_PAUSE_BASIS[r] for r in effect.reasons)
    period = f"{_format_range(effect.start, effect.end)}{what}"
    if effect.status is PauseStatus.PAUSED:
        return f"{period}，其中{effect.working_days}个工作日不计入答复期限（{basis}）。"
    if effect.status is PauseStatus.BEFORE_START:
        return f"{period}，在期限起算之前，不影响答复期限。"
    if effect.status is PauseStatus.AFTER_DUE:
        return f"{period}，开始于答复期限届满之后，不影响答复期限。"
    return f"{period}，按本系统设置计入答复期限。"


def _holiday_runs(cal: WorkingCalendar, days: list[dt.date]) -> list[tuple[dt.date, dt.date, list[str]]]:
    """Consecutive holiday days grouped into one run, with the holidays' names in order."""
    runs: list[tuple[dt.date, dt.date, list[str]]] = []
    for day in days:
        name = cal.holiday_name(day) or "放假"
        if runs and runs[-1][1] + _ONE_DAY == day:
            first, _, names = runs[-1]
            if name not in names:
                names.append(name)
            runs[-1] = (first, day, names)
        else:
            runs.append((day, day, [name]))
    return runs


def _makeup_text(cal: WorkingCalendar, day: dt.date) -> str:
    name = cal.makeup_workday_name(day)
    why = f"，{name}调休" if name else ""
    return f"{chinese_day(day)}（星期{_WEEKDAYS[day.weekday()]}{why}）"
