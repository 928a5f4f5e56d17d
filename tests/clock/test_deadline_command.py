"""`gongkai deadline`, called as deadline_command(argv)."""

import json
from pathlib import Path

import pytest

from gongkai.clock.cli import deadline_command


def test_prints_the_due_date_and_the_explanation(capsys: pytest.CaptureFixture[str]) -> None:
    # Received Fri 2025-09-26: due Thu 2025-10-30 (counted by hand in test_national_day_2025.py).
    assert deadline_command(["2025-09-26"]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "答复期限届满日：2025年10月30日（星期四）"
    assert "国庆节" in out
    assert "1. 收到申请之日：2025年9月26日（星期五）" in out


def test_json_output(capsys: pytest.CaptureFixture[str]) -> None:
    # Received Mon 2025-11-03, corrected Mon 11-10, extended (40 working days), paused Mon 11-17..Wed 11-19.
    # 1-4 Tue 11-11..Fri 11-14; [11-17..11-19 paused]; 5 Thu 11-20, 6 Fri 11-21;
    # 7-11 11-24..11-28; 12-16 12-01..12-05; 17-21 12-08..12-12; 22-26 12-15..12-19;
    # 27-31 12-22..12-26; 32 Mon 12-29, 33 Tue 12-30, 34 Wed 12-31; [2026-01-01..01-03 off, 元旦];
    # 35 Sun 01-04 (make-up); 36-40 Mon 01-05..Fri 01-09.
    argv = [
        "2025-11-03",
        "--corrected",
        "2025-11-10",
        "--extended",
        "--paused",
        "2025-11-17..2025-11-19",
        "--json",
    ]
    assert deadline_command(argv) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["due"] == "2026-01-09"
    assert data["provisional"] is False
    assert data["working_days"] == 40
    assert data["paused_working_days"] == 3
    assert data["start"] == "2025-11-10"
    assert data["steps"][-1].startswith("答复期限届满日：2026年1月9日（星期五）")


def test_chinese_dates_are_accepted(capsys: pytest.CaptureFixture[str]) -> None:
    assert deadline_command(["2025年9月26日", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["due"] == "2025-10-30"


def test_provisional_then_firm_with_a_calendar_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # See test_deadline_into_2027_is_provisional.py: 2027-01-12, provisional with New Year's Day
    # from the 办法, firm once a (test-only) 2027 arrangement with 01-01..01-03 off is given.
    assert deadline_command(["2026-12-14"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == "答复期限届满日：2027年1月12日（星期二）（暂定）"
    calendar = tmp_path / "2027.json"
    calendar.write_text(json.dumps({"2027": {"holidays": ["2027-01-01", "2027-01-02", "2027-01-03"]}}))
    assert deadline_command(["2026-12-14", "--calendar", str(calendar), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert (data["due"], data["provisional"]) == ("2027-01-12", False)


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        (["2025-02-30"], "日期无效"),
        (["yesterday"], "日期无效"),
        (["2025-11-03", "--corrected", "2025-11-01"], "早于收到申请之日"),
        (["2025-11-03", "--paused", "2025-11-21..2025-11-10"], "早于开始日"),
        (["2025-11-03", "--paused", "2025-11-21"], "期间格式有误"),
        ([], "参数有误"),
        (["2025-11-03", "--calendar", "no-such-file.json"], "无法读取"),
    ],
)
def test_bad_input_exits_2_with_one_chinese_line(
    argv: list[str], reason: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert deadline_command(argv) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.splitlines()
    assert len(lines) == 1
    assert reason in lines[0]
    assert "Traceback" not in captured.err


def test_help_exits_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert deadline_command(["--help"]) == 0
    assert "--corrected" in capsys.readouterr().out
