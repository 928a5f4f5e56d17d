"""The seeded official calendar (2004-2026), and how it was made.

``data/official_calendar.json`` is a frozen snapshot of the ``holidays`` and ``workdays`` tables
of the ``chinesecalendar`` package (1.11.0), with each holiday's Chinese name. The default
calendar and, later, the Django data migration load that file, so the seed does not change when
the package is upgraded; ``python -m gongkai.clock.seed`` prints a fresh snapshot from the
installed package for a reviewer to compare. Years after 2026 are added by an administrator from
the State Council's notice (``WorkingCalendar.with_years``), never guessed.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import sys
from collections.abc import Iterable
from importlib import resources
from typing import Any

from gongkai.clock.calendar import CalendarData, WorkingCalendar

SEED_RESOURCE = "data/official_calendar.json"

# chinese_calendar's Holiday member -> the name a clerk reads (its own labels are shortened:
# "清明", "端午", "中秋").
HOLIDAY_NAMES = {
    "new_years_day": "元旦",
    "spring_festival": "春节",
    "tomb_sweeping_day": "清明节",
    "labour_day": "劳动节",
    "dragon_boat_festival": "端午节",
    "mid_autumn_festival": "中秋节",
    "national_day": "国庆节",
    "anti_fascist_70th_day": "中国人民抗日战争暨世界反法西斯战争胜利70周年纪念日",
}


def load_seed_data() -> CalendarData:
    """The seeded years as plain data (``WorkingCalendar.from_data`` reads it)."""
    text = resources.files("gongkai.clock").joinpath(SEED_RESOURCE).read_text(encoding="utf-8")
    years: CalendarData = json.loads(text)["years"]
    return years


@functools.cache
def default_calendar() -> WorkingCalendar:
    """The official calendar for 2004-2026, from the seed snapshot."""
    return WorkingCalendar.from_data(load_seed_data())


def data_from_chinese_calendar(years: Iterable[int] | None = None) -> CalendarData:
    """The ``chinesecalendar`` package's tables as plain data, grouped by the date's year.

    Only years the installed package covers are returned (the package raises for others, and we
    must not invent them).
    """
    import chinese_calendar

    def name(english: str) -> str:
        member = chinese_calendar.Holiday(english)
        return HOLIDAY_NAMES.get(member.name, str(member.chinese))

    holidays: dict[dt.date, str] = {day: name(v) for day, v in chinese_calendar.holidays.items()}
    workdays: dict[dt.date, str] = {day: name(v) for day, v in chinese_calendar.workdays.items()}
    covered = range(min(holidays).year, max(holidays).year + 1)
    wanted = covered if years is None else [y for y in years if y in covered]
    data: CalendarData = {}
    for year in wanted:
        data[str(year)] = {
            "holidays": {d.isoformat(): holidays[d] for d in sorted(holidays) if d.year == year},
            "workdays": {d.isoformat(): workdays[d] for d in sorted(workdays) if d.year == year},
        }
    return data


def snapshot() -> dict[str, Any]:
    """The content of ``data/official_calendar.json``, freshly made from the installed package."""
    import chinese_calendar

    return {
        "source": f"chinesecalendar {chinese_calendar.__version__}: holidays, workdays",
        "years": data_from_chinese_calendar(),
    }


if __name__ == "__main__":
    json.dump(snapshot(), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
