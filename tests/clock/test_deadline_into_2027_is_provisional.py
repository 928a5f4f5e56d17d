"""2027's arrangement is not published (as of December 2026): a deadline counted into it is
provisional, never falls on a holiday the 办法 fixes, and loading the year gives a firm answer."""

import datetime as dt

import pytest

from gongkai.clock import default_calendar, reply_deadline
from gongkai.clock.cli import deadline_command

D = dt.date

# A TEST FIXTURE, not the official 2027 calendar (the State Council's 2027 notice is not known to
# this project). Built from the 办法's days for 2027 (元旦 Fri 01-01; 春节 除夕 Fri 02-05 and 初一 to
# 初三 Sat 02-06 to Mon 02-08; 清明 Mon 04-05; 劳动节 Sat 05-01, Sun 05-02; 端午 Wed 06-09; 中秋
# Wed 09-15; 国庆 Fri 10-01 to Sun 10-03) with INVENTED 调休 in the shape of recent notices:
# 春节 Fri 02-05 to Sat 02-13 off, Sun 01-31 and Sat 02-20 worked; 劳动节 05-01 to 05-05 off,
# Sun 04-25 worked; 国庆 10-01 to 10-07 off, Sat 10-09 worked.
FIXTURE_2027 = {
    2027: {
        "holidays": {
            "2027-01-01": "元旦",
            **{f"2027-02-{d:02d}": "春节" for d in range(5, 14)},
            "2027-04-05": "清明节",
            **{f"2027-05-{d:02d}": "劳动节" for d in range(1, 6)},
            "2027-06-09": "端午节",
            "2027-09-15": "中秋节",
            **{f"2027-10-{d:02d}": "国庆节" for d in range(1, 8)},
        },
        "workdays": {
            "2027-01-31": "春节",
            "2027-02-20": "春节",
            "2027-04-25": "劳动节",
            "2027-10-09": "国庆节",
        },
    }
}


@pytest.mark.parametrize(
    ("received", "due"),
    [
        # The hand-worked cases. Fri 2026-12-04: Dec 7-11 (5), 14-18 (10), 21-25 (15),
        # 28-31 (19); Fri 2027-01-01 元旦 off; Sat, Sun; Mon 01-04 (20).
        (D(2026, 12, 4), D(2027, 1, 4)),
        # Tue 2026-12-15: Dec 16-18 (3), 21-25 (8), 28-31 (12); 01-01 off; Jan 4-8 (17); 11, 12, 13 (20).
        (D(2026, 12, 15), D(2027, 1, 13)),
        # Mon 2026-12-14: Dec 15-18 (4), 21-25 (9), 28-31 (13); 01-01 off; Jan 4-8 (18); 11, 12 (20).
        (D(2026, 12, 14), D(2027, 1, 12)),
    ],
)
def test_new_years_day_2027_is_off_before_the_notice(received: dt.date, due: dt.date) -> None:
    result = reply_deadline(received)
    assert (result.due, result.provisional, result.unpublished_years) == (due, True, (2027,))
    assert "期间内的法定节假日不计算：2027年1月1日（元旦，暂定）。" in result.steps
    note = next(step for step in result.steps if step.startswith("注意："))
    assert "2027年的放假安排尚未载入本系统" in note
    assert "《全国年节及纪念日放假办法》规定的法定节假日" in note
    assert "调休上班日尚不可知" in note
    assert result.steps[-1].startswith(f"答复期限届满日：{due.year}年{due.month}月{due.day}日")
    assert "（暂定）" in result.steps[-1]


def test_spring_festival_2027_and_its_make_up_days_are_off_before_the_notice() -> None:
    # Mon 2027-02-01. The 办法: 除夕 Fri 02-05 off; 初一 Sat 02-06 and 初二 Sun 02-07 made up on
    # Tue 02-09 and Wed 02-10; 初三 Mon 02-08 off. Counting: Feb 2, 3, 4 (3); 11, 12 (5); 15-19 (10);
    # 22-26 (15); Mar 1-5 (20).
    result = reply_deadline(D(2027, 2, 1))
    assert (result.due, result.provisional) == (D(2027, 3, 5), True)
    assert (
        "期间内的法定节假日不计算：2027年2月5日（春节，暂定）；2027年2月8日至2月10日（春节，暂定）。"
        in result.steps
    )
    # The correction notice: Feb 2, 3, 4 (3); 11, 12 (5); 15, 16 (7).
    assert result.correction_notice_due.due == D(2027, 2, 16)


def test_loading_2027_makes_the_answer_firm_and_follows_the_loaded_days() -> None:
    calendar = default_calendar().with_years(FIXTURE_2027)
    # Mon 2027-02-01 with the fixture: Feb 2, 3, 4 (3); 02-05..02-13 off; Feb 15-19 (8);
    # Sat 02-20 worked (9); 22-26 (14); Mar 1-5 (19); Mon Mar 8 (20). The fixture's two extra days off
    # (Thu 02-11, Fri 02-12) outweigh its one make-up day inside the period.
    result = reply_deadline(D(2027, 2, 1), calendar=calendar)
    assert (result.due, result.provisional, result.unpublished_years) == (D(2027, 3, 8), False, ())
    assert not any(step.startswith("注意：") for step in result.steps)
    assert "期间内的法定节假日不计算：2027年2月5日至2月13日（春节）。" in result.steps
    assert "期间内的调休上班日计算在内：2027年2月20日（星期六，春节调休）。" in result.steps
    assert not any("暂定" in step for step in result.steps)
    assert not calendar.is_working_day(D(2027, 2, 11))  # off in the fixture, not in the 办法
    assert not calendar.is_provisional_holiday(D(2027, 2, 9))  # a loaded year's holidays are official
    # The cases once 2027 is loaded: New Year's Day is off in the fixture too.
    assert reply_deadline(D(2026, 12, 4), calendar=calendar).due == D(2027, 1, 4)
    assert not reply_deadline(D(2026, 12, 4), calendar=calendar).provisional


def test_a_loaded_year_replaces_the_statutory_days() -> None:
    # A (test-only) 2027 that keeps Mon 02-08 (初三) as a working day: once a year is loaded, only
    # the loaded data decides, whatever the 办法 computation said.
    calendar = default_calendar().with_years({2027: {"holidays": {"2027-02-05": "春节"}}})
    assert calendar.is_working_day(D(2027, 2, 8))
    assert calendar.is_working_day(D(2027, 1, 1))
    assert not default_calendar().is_working_day(D(2027, 2, 8))


def test_adding_a_year_leaves_the_default_calendar_alone() -> None:
    default_calendar().with_years(FIXTURE_2027)
    assert not default_calendar().is_published(2027)
    assert reply_deadline(D(2027, 2, 1)).due == D(2027, 3, 5)


def test_the_command_prints_the_provisional_date_and_why(capsys: pytest.CaptureFixture[str]) -> None:
    assert deadline_command(["2026-12-04"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0] == "答复期限届满日：2027年1月4日（星期一）（暂定）"
    assert "4. 期间内的法定节假日不计算：2027年1月1日（元旦，暂定）。" in lines
    assert any("调休上班日尚不可知" in line for line in lines)
