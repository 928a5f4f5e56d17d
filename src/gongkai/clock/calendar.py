"""China's official working-day calendar, as data.

Weekends and public holidays are days off; some weekend days are official make-up working days
(调休). The State Council publishes each year's arrangement around November-December of the
year before, so the calendar is data: a year is *published* here once its arrangement has been
loaded. For a year that is not published, the days off that 《全国年节及纪念日放假办法》 itself fixes
(its holidays and their make-up days, see ``statutory.py``) and weekends decide; the 调休 are unknown
and not guessed, so anything computed with a day of that year must be shown as provisional (暂定) and
recomputed when the year is loaded.

Counting follows Chinese administrative practice: "within N working days of X" means the N-th
working day *after* X (X itself is never counted, whether or not it is a working day).

A calendar is immutable; ``with_years`` returns a new one. Each year's working days are indexed
once (cumulative counts per day of the year), so counting never walks day by day across a range.
"""

from __future__ import annotations

import bisect
import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import TypeAlias

from gongkai.clock.errors import ClockError
from gongkai.clock.statutory import statutory_days_off

DayList: TypeAlias = Iterable[dt.date | str] | Mapping[dt.date, str | None] | Mapping[str, str | None]
"""The days of one kind in a year's data: plain dates, or dates mapped to the holiday's name."""

YearInput: TypeAlias = Mapping[str, DayList]
"""One year's arrangement: ``{"holidays": DayList, "workdays": DayList}`` (either may be absent)."""

CalendarInput: TypeAlias = Mapping[int, YearInput] | Mapping[str, YearInput]

CalendarData: TypeAlias = dict[str, dict[str, dict[str, str | None]]]
"""The JSON-friendly form: ``{"2025": {"holidays": {"2025-10-01": "国庆节", ...}, "workdays": {...}}}``."""

_SATURDAY = 5
_NOTHING: Mapping[dt.date, str] = {}


def parse_iso_date(value: dt.date | str) -> dt.date:
    """A date, from a ``datetime.date`` or a ``YYYY-MM-DD`` string."""
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value.strip())
    except (ValueError, AttributeError):
        raise ClockError(f"日期格式有误：{value!r}，应为“年-月-日”，如 2025-10-01") from None


@dataclass(frozen=True, slots=True)
class YearArrangement:
    """One year's official arrangement (放假安排): days off and make-up working days, with names."""

    year: int
    holidays: Mapping[dt.date, str | None]
    workdays: Mapping[dt.date, str | None]

    def to_data(self) -> dict[str, dict[str, str | None]]:
        return {
            "holidays": {d.isoformat(): self.holidays[d] for d in sorted(self.holidays)},
            "workdays": {d.isoformat(): self.workdays[d] for d in sorted(self.workdays)},
        }


@dataclass(frozen=True, slots=True)
class _YearIndex:
    first_ordinal: int
    # cumulative[i] = number of working days among the first i days of the year
    cumulative: list[int]
    working_days: list[dt.date]

    def through(self, day: dt.date) -> int:
        """Working days from January 1 up to and including ``day``."""
        return self.cumulative[day.toordinal() - self.first_ordinal + 1]


class WorkingCalendar:
    """The official working-day calendar for the years loaded into it."""

    def __init__(self, arrangements: Iterable[YearArrangement] = ()) -> None:
        self._years: dict[int, YearArrangement] = {}
        holidays: dict[dt.date, str | None] = {}
        workdays: dict[dt.date, str | None] = {}
        for arrangement in sorted(arrangements, key=lambda a: a.year):
            if arrangement.year in self._years:
                raise ClockError(f"{arrangement.year}年的放假安排重复载入")
            self._years[arrangement.year] = arrangement
            holidays.update(arrangement.holidays)
            workdays.update(arrangement.workdays)
        both = sorted(set(holidays) & set(workdays))
        if both:
            raise ClockError(f"{both[0].isoformat()} 既被列为放假日又被列为调休上班日")
        self._holidays = holidays
        self._workdays = workdays
        self._holiday_dates = sorted(holidays)
        self._workday_dates = sorted(workdays)
        self._indexes: dict[int, _YearIndex] = {}

    # -- building and serialising -------------------------------------------------------------

    @classmethod
    def from_data(cls, data: CalendarInput) -> WorkingCalendar:
        """Build from plain data, e.g. ``{2027: {"holidays": [...], "workdays": [...]}}``.

        Dates are ISO strings or ``date`` objects; a mapping gives each day its holiday's name.
        A year's arrangement may include late-December days of the year before (a make-up day
        for New Year's Day is sometimes announced in the following year's notice).
        """
        return cls(_arrangement(year, days) for year, days in data.items())

    def to_data(self) -> CalendarData:
        """The JSON-friendly form that ``from_data`` reads back."""
        return {str(year): self._years[year].to_data() for year in sorted(self._years)}

    def with_years(self, data: CalendarInput) -> WorkingCalendar:
        """A new calendar with these years added (a year already loaded is replaced)."""
        added = {a.year: a for a in (_arrangement(year, days) for year, days in data.items())}
        kept = [a for year, a in self._years.items() if year not in added]
        return WorkingCalendar([*kept, *added.values()])

    # -- questions about days ---------------------------------------------------------------

    @property
    def published_years(self) -> frozenset[int]:
        """The years whose official arrangement is loaded."""
        return frozenset(self._years)

    def is_published(self, year: int) -> bool:
        return year in self._years

    def is_working_day(self, day: dt.date) -> bool:
        if day in self._workdays:
            return True
        return (
            day.weekday() < _SATURDAY and day not in self._holidays and day not in self._statutory(day.year)
        )

    def holiday_name(self, day: dt.date) -> str | None:
        """The public holiday ``day`` belongs to, if it is an official day off with a known name."""
        if day in self._holidays:
            return self._holidays[day]
        return self._statutory(day.year).get(day)

    def is_holiday(self, day: dt.date) -> bool:
        """True for a public-holiday day off (not for an ordinary weekend).

        In a year not published, the days the 办法 fixes (provisional, like everything in that year).
        """
        return day in self._holidays or day in self._statutory(day.year)

    def is_provisional_holiday(self, day: dt.date) -> bool:
        """True for a day off fixed by the 办法 in a year whose arrangement is not loaded."""
        return day not in self._holidays and day in self._statutory(day.year)

    def is_makeup_workday(self, day: dt.date) -> bool:
        """True for a weekend day that is an official working day (调休上班)."""
        return day in self._workdays

    def makeup_workday_name(self, day: dt.date) -> str | None:
        """The holiday a make-up working day compensates for, if known."""
        return self._workdays.get(day)

    def holidays_between(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """Holiday days off ``d`` with ``start < d <= end`` (provisional ones of unloaded years too)."""
        days = _slice(self._holiday_dates, start, end)
        provisional = [
            day
            for year in self.unpublished_years_between(start, end)
            for day in self._statutory(year)
            if start < day <= end and day not in self._holidays
        ]
        return sorted([*days, *provisional]) if provisional else days

    def makeup_workdays_between(self, start: dt.date, end: dt.date) -> list[dt.date]:
        """Make-up working days ``d`` with ``start < d <= end``."""
        return _slice(self._workday_dates, start, end)

    def unpublished_years_between(self, start: dt.date, end: dt.date) -> list[int]:
        """Years of the days ``start < d <= end`` whose arrangement is not loaded."""
        if end <= start:
            return []
        first = start.year + 1 if start.month == 12 and start.day == 31 else start.year
        if first == end.year:  # the common case, kept cheap for bulk recomputation
            return [] if first in self._years else [first]
        return [year for year in range(first, end.year + 1) if year not in self._years]

    # -- counting -----------------------------------------------------------------------------

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after ``start`` (``start`` itself is not counted).

        ``add_working_days(received, 20)`` is the last day of a 20-working-day period that
        begins on the day of receipt. ``n == 0`` returns ``start``.
        """
        if n < 0:
            raise ClockError(f"工作日数不能为负数：{n}")
        if n == 0:
            return start
        year = start.year
        index = self._index(year)
        target = index.through(start) + n
        while target > len(index.working_days):
            target -= len(index.working_days)
            year += 1
            index = self._index(year)
        return index.working_days[target - 1]

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """How many working days ``d`` satisfy ``start < d <= end`` (0 if ``end <= start``).

        The inverse of ``add_working_days``: ``working_days_between(s, add_working_days(s, n)) == n``.
        """
        if end <= start:
            return 0
        first = self._index(start.year)
        if start.year == end.year:
            return first.through(end) - first.through(start)
        total = len(first.working_days) - first.through(start)
        for year in range(start.year + 1, end.year):
            total += len(self._index(year).working_days)
        return total + self._index(end.year).through(end)

    def _statutory(self, year: int) -> Mapping[dt.date, str]:
        """The 办法's days off in a year whose arrangement is not loaded; nothing for a loaded year."""
        if year in self._years:
            return _NOTHING
        return statutory_days_off(year)

    def _index(self, year: int) -> _YearIndex:
        index = self._indexes.get(year)
        if index is None:
            index = self._indexes[year] = self._build_index(year)
        return index

    def _build_index(self, year: int) -> _YearIndex:
        if not dt.MINYEAR <= year <= dt.MAXYEAR:
            raise ClockError(f"日期超出可计算的范围（{year}年）")
        first = dt.date(year, 1, 1)
        days = (dt.date(year, 12, 31) - first).days + 1
        cumulative = [0] * (days + 1)
        working_days: list[dt.date] = []
        day = first
        for i in range(days):
            if self.is_working_day(day):
                working_days.append(day)
            cumulative[i + 1] = len(working_days)
            if i + 1 < days:
                day += dt.timedelta(days=1)
        return _YearIndex(first.toordinal(), cumulative, working_days)


def _slice(days: list[dt.date], start: dt.date, end: dt.date) -> list[dt.date]:
    return days[bisect.bisect_right(days, start) : bisect.bisect_right(days, end)]


def _arrangement(year_key: int | str, data: YearInput) -> YearArrangement:
    try:
        year = int(year_key)
    except ValueError:
        raise ClockError(f"年份有误：{year_key!r}") from None
    if not dt.MINYEAR < year < dt.MAXYEAR:
        raise ClockError(f"年份有误：{year_key!r}")
    unknown = sorted(set(data) - {"holidays", "workdays"})
    if unknown:
        raise ClockError(
            f"{year}年的放假安排中有无法识别的项：{'、'.join(unknown)}（应为 holidays 或 workdays）"
        )
    holidays = _days(year, data.get("holidays", ()))
    workdays = _days(year, data.get("workdays", ()))
    for day in workdays:
        if day.weekday() < _SATURDAY:
            raise ClockError(f"{day.isoformat()} 不是周末，不能列为调休上班日")
    return YearArrangement(year, holidays, workdays)


def _days(year: int, days: DayList) -> dict[dt.date, str | None]:
    if isinstance(days, str):
        raise ClockError(f"{year}年的日期应为列表，而不是一个字符串：{days!r}")
    named: dict[dt.date, str | None] = {}
    if isinstance(days, Mapping):
        items: Iterable[tuple[dt.date | str, str | None]] = days.items()
    else:
        items = ((day, None) for day in days)
    for raw, name in items:
        day = parse_iso_date(raw)
        in_year = day.year == year or (day.year == year - 1 and day.month == 12)
        if not in_year:
            raise ClockError(f"{day.isoformat()} 不属于{year}年的放假安排")
        named[day] = name or None
    return named
