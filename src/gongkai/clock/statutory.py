"""The public holidays fixed by law, for a year whose official arrangement is not yet loaded.

《全国年节及纪念日放假办法》 names the days off for everyone (Art. 2) and says (Art. 6) that "全体公民
放假的假日，如果适逢星期六、星期日，应当在工作日补假". The State Council's yearly notice then adds the
make-up working days (调休) that join these days to weekends; those cannot be known in advance and
are not guessed here. What the 办法 itself fixes is known years ahead, so a provisional deadline must
never fall on one of those days.

The editions, by the year they came into force:

* 2008 (国务院令第513号): 元旦 1; 春节 3 (农历除夕、正月初一、初二); 清明 1; 劳动节 1; 端午 1; 中秋 1; 国庆 3.
* 2014 (国务院令第644号): 春节 3 becomes 正月初一至初三 (除夕 no longer a day off).
* 2025 (国务院令第795号): 春节 4 (农历除夕、正月初一至初三); 劳动节 2 (5月1日、2日).

Make-up days (补假, Art. 6) as implemented: the text says only "在工作日补假", not which working day.
The State Council's notices almost always give it on the first working day after the holiday (2022:
元旦 on a Saturday, Monday 1月3日 off; 国庆 on Saturday and Sunday, 10月4日、5日 off). So each statutory
day that falls on a Saturday or Sunday is made up, in date order, on the first following day that is
neither a weekend nor already a statutory day or a make-up day. 除夕 is one of 春节's four days in
the 2025 edition (and was in the 2008 one), and the 办法 makes no exception for it, so it is made up
like the others. Two holidays on the same day (中秋 on 10月1日, as in 2020) give two days off, the
second made up the same way: the 2020 notice gave 8 days for 国庆 and 中秋 together.

Checked against the official calendars of 2008-2026 (``tests/clock/test_statutory_holidays.py``):
every statutory day and every make-up day computed so is a day off, except two make-up days the
notices placed elsewhere: 2012 (端午 on a Saturday, made up on Friday 6月22日, not Monday 6月25日) and
2015 (中秋 on a Sunday, made up inside the 国庆 week, not on Monday 9月28日). That is why a year counted
this way stays provisional (暂定) until its notice is loaded, like its 调休.

Lunar dates (除夕, 初一, 端午, 中秋) and the 清明 solar term come from ``lunar-python`` (寿星天文历
algorithms; its tables are maintained upstream). Years outside ``FIRST_YEAR..LAST_YEAR`` get no
statutory days (weekends alone, as before).
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from lunar_python import Lunar

FIRST_YEAR = 2008  # the first year of the edition with 清明, 端午 and 中秋
LAST_YEAR = 2100  # beyond this no lunar table is trusted for a legal deadline

_SATURDAY = 5
_ONE_DAY = dt.timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Edition:
    """One edition of the 办法's Art. 2, by the first year it governs."""

    first_year: int
    order: str
    # 春节 as offsets from 正月初一 (-1 is 除夕)
    spring_festival: tuple[int, ...]
    labour_days: int


EDITIONS = (
    Edition(2008, "国务院令第513号", (-1, 0, 1), 1),
    Edition(2014, "国务院令第644号", (0, 1, 2), 1),
    Edition(2025, "国务院令第795号", (-1, 0, 1, 2), 2),
)


def edition_for(year: int) -> Edition | None:
    """The edition of the 办法 in force for ``year``, or None before 2008."""
    found = None
    for edition in EDITIONS:
        if edition.first_year <= year:
            found = edition
    return found


def _lunar_day(year: int, month: int, day: int) -> dt.date:
    solar = Lunar.fromYmd(year, month, day).getSolar()
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


def _qingming(year: int) -> dt.date:
    # The jieqi table of a lunar year includes the 清明 of the Gregorian year it mostly covers.
    solar = Lunar.fromYmd(year, 1, 1).getJieQiTable()["清明"]
    return dt.date(solar.getYear(), solar.getMonth(), solar.getDay())


def festival_days(year: int, edition: Edition) -> list[tuple[dt.date, str]]:
    """The statutory days of ``year`` (a day may appear twice when two holidays coincide)."""
    new_year = _lunar_day(year, 1, 1)
    days = [(dt.date(year, 1, 1), "元旦")]
    days += [(new_year + dt.timedelta(days=offset), "春节") for offset in edition.spring_festival]
    days.append((_qingming(year), "清明节"))
    days += [(dt.date(year, 5, 1 + i), "劳动节") for i in range(edition.labour_days)]
    days.append((_lunar_day(year, 5, 5), "端午节"))
    days.append((_lunar_day(year, 8, 15), "中秋节"))
    days += [(dt.date(year, 10, 1 + i), "国庆节") for i in range(3)]
    return sorted(days)


@functools.cache
def statutory_days_off(year: int) -> Mapping[dt.date, str]:
    """Every day off that the 办法 fixes in ``year``, 补假 included, with its holiday's name.

    Only weekdays are listed: a statutory day on a weekend is off anyway, and its make-up day is
    what it adds. Empty for years outside ``FIRST_YEAR..LAST_YEAR``.
    """
    edition = edition_for(year)
    if edition is None or year > LAST_YEAR:
        return MappingProxyType({})
    festival = festival_days(year, edition)
    off: dict[dt.date, str] = {}
    to_make_up: list[tuple[dt.date, str]] = []
    for day, name in festival:
        if day.weekday() >= _SATURDAY or day in off:
            to_make_up.append((day, name))  # on a weekend, or a second holiday on the same day
        else:
            off[day] = name
    for day, name in to_make_up:
        makeup = day + _ONE_DAY
        while makeup.weekday() >= _SATURDAY or makeup in off:
            makeup += _ONE_DAY
        off[makeup] = name
    return MappingProxyType(dict(sorted(off.items())))
