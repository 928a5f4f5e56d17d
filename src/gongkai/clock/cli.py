"""``gongkai deadline``: the reply deadline of one application, explained.

    gongkai deadline RECEIVED [--corrected DATE] [--extended] [--paused FROM..TO]...
                     [--fee-period FROM..TO]... [--calendar FILE] [--json]

Dates are 2025-10-01 (also 2025/10/01 or 2025年10月1日). Exit status: 0 with an answer, 2 for bad
input (one line in Chinese on stderr).
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import re
import sys
from pathlib import Path
from typing import NoReturn

from gongkai.clock.calendar import WorkingCalendar
from gongkai.clock.deadlines import (
    MAX_EXTENSION_WORKING_DAYS,
    Pause,
    PauseReason,
    ReplyDeadline,
    chinese_day,
    format_date,
    reply_deadline,
)
from gongkai.clock.errors import ClockError
from gongkai.clock.seed import default_calendar

_DATE = re.compile(r"\s*(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?\s*")


class _UsageError(Exception):
    pass


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:
        raise _UsageError(message)


def parse_date(text: str) -> dt.date:
    """A date as a clerk types it: 2025-10-01, 2025/10/01, 2025.10.01 or 2025年10月1日."""
    match = _DATE.fullmatch(text)
    try:
        if match:
            return dt.date(*(int(part) for part in match.groups()))
        return dt.date.fromisoformat(text.strip())
    except ValueError:
        raise ClockError(f"日期无效：{text!r}（应为“年-月-日”，如 2025-10-01）") from None


def parse_range(text: str) -> tuple[dt.date, dt.date]:
    """``FROM..TO``, both days included."""
    start_text, sep, end_text = text.partition("..")
    if not sep:
        raise ClockError(f"期间格式有误：{text!r}（应为“开始日..结束日”，如 2025-11-10..2025-11-21）")
    start, end = parse_date(start_text), parse_date(end_text)
    if end < start:
        raise ClockError(f"期间的结束日（{chinese_day(end)}）早于开始日（{chinese_day(start)}）：{text}")
    return start, end


def _build_parser() -> _Parser:
    parser = _Parser(
        prog="gongkai deadline",
        description="计算政府信息公开申请的答复期限（《政府信息公开条例》第三十条至第三十四条），并说明计算过程。",
    )
    parser.add_argument("received", metavar="RECEIVED", help="收到申请之日，如 2025-09-26")
    parser.add_argument("--corrected", metavar="DATE", help="收到补正后申请之日（答复期限自该日重新计算）")
    parser.add_argument(
        "--extended",
        action="store_true",
        help=f"经负责人同意延长答复期限（{MAX_EXTENSION_WORKING_DAYS}个工作日）",
    )
    parser.add_argument(
        "--paused",
        metavar="FROM..TO",
        action="append",
        default=[],
        help="征求意见期间（含首尾两日），不计入答复期限；可重复",
    )
    parser.add_argument(
        "--fee-period",
        metavar="FROM..TO",
        action="append",
        default=[],
        help="申请人缴纳信息处理费的期间（含首尾两日），不计入答复期限；可重复",
    )
    parser.add_argument(
        "--calendar",
        metavar="FILE",
        help='补充放假安排的JSON文件（{"2027": {"holidays": [...], "workdays": [...]}}）',
    )
    parser.add_argument("--json", action="store_true", help="输出一个JSON对象")
    return parser


def _load_calendar(path: str | None) -> WorkingCalendar:
    calendar = default_calendar()
    if path is None:
        return calendar
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise ClockError(f"无法读取放假安排文件：{path}（{exc.strerror or exc}）") from None
    except (ValueError, UnicodeDecodeError):
        raise ClockError(f"放假安排文件不是有效的JSON：{path}") from None
    if isinstance(data, dict) and isinstance(data.get("years"), dict):
        data = data["years"]
    if not isinstance(data, dict):
        raise ClockError(f"放假安排文件应为以年份为键的JSON对象：{path}")
    return calendar.with_years(data)


def _compute(args: argparse.Namespace) -> ReplyDeadline:
    received = parse_date(args.received)
    corrected = parse_date(args.corrected) if args.corrected else None
    pauses = [Pause(*parse_range(text), PauseReason.CONSULTATION) for text in args.paused]
    pauses += [Pause(*parse_range(text), PauseReason.FEE_PAYMENT) for text in args.fee_period]
    return reply_deadline(
        received,
        corrected=corrected,
        extension_days=MAX_EXTENSION_WORKING_DAYS if args.extended else 0,
        pauses=pauses,
        calendar=_load_calendar(args.calendar),
    )


def deadline_command(argv: list[str]) -> int:
    """Run ``gongkai deadline`` with these arguments; return the exit status."""
    parser = _build_parser()
    try:
        args = parser.parse_args(argv)
        result = _compute(args)
    except SystemExit as exc:  # --help
        return exc.code if isinstance(exc.code, int) else 0
    except _UsageError as exc:
        print(f"gongkai deadline：参数有误：{exc}（用 --help 查看用法）", file=sys.stderr)
        return 2
    except ClockError as exc:
        print(f"gongkai deadline：{exc}", file=sys.stderr)
        return 2
    except OverflowError:
        print("gongkai deadline：日期超出可计算的范围", file=sys.stderr)
        return 2

    if args.json:
        print(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
        return 0
    suffix = "（暂定）" if result.provisional else ""
    print(f"答复期限届满日：{format_date(result.due)}{suffix}")
    for number, step in enumerate(result.steps, start=1):
        print(f"{number}. {step}")
    return 0


if __name__ == "__main__":
    sys.exit(deadline_command(sys.argv[1:]))
