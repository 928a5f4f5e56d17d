"""The `gongkai` command.

Exit codes (all commands):
  0  done; for `report check`: no report has an error
  1  `report check`: at least one report has an error (findings of severity error)
  2  an input cannot be read at all, the command line is wrong, or --xlsx cannot be written
     (one-line reason on stderr)
  3  an internal error (a bug: please report it with the input that caused it)

`report check FILE_OR_DIR ...` applies every check that needs no roster (docs/rules.md): the
checker's rules, the supervisor's (empty 五, year-on-year jumps) and, across all the reports
given, 雷同 — each report against its agency's earlier years and its peers (same year, same
level) among them. The previous year is the file given with --previous, else the same agency's
report one year earlier among them. `--xlsx FILE` writes one row per report with its findings
(and a sheet with one row per finding).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

EXIT_OK, EXIT_ERRORS, EXIT_UNREADABLE, EXIT_INTERNAL = 0, 1, 2, 3
REPORT_SUFFIXES = (".txt", ".md", ".markdown", ".html", ".htm", ".docx", ".pdf", ".json", ".csv")


class _Parser(argparse.ArgumentParser):
    """argparse, but its complaints are one Chinese line and exit code 2."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.exit(EXIT_UNREADABLE, f"gongkai: 命令参数有误：{message}（用 --help 查看用法）\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="gongkai", description="政府信息公开工作系统")
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    report = commands.add_parser("report", help="年度报告：检查、转换、JSON Schema、规则代码")
    actions = report.add_subparsers(dest="action", required=True, parser_class=_Parser)

    check = actions.add_parser("check", help="读取并检查年度报告（文件或文件夹）")
    check.add_argument(
        "paths", nargs="+", metavar="FILE", help="报告文件或文件夹（TXT、MD、HTML、DOCX、PDF、JSON、CSV）"
    )
    check.add_argument("--previous", metavar="FILE", help="上一年度的报告，用于跨年度核对")
    check.add_argument("--json", action="store_true", help="每份报告输出一行JSON")
    check.add_argument("--jobs", type=int, default=1, metavar="N", help="并行读取的进程数")
    check.add_argument(
        "--xlsx", metavar="OUT.xlsx", help="另把每份报告的检查结果写入 Excel 表（每份报告一行）"
    )

    convert = actions.add_parser("convert", help="把报告转换为其他格式")
    convert.add_argument("path", metavar="FILE")
    convert.add_argument("--to", required=True, choices=("docx", "html", "md", "json", "csv", "pdf", "txt"))
    convert.add_argument("-o", "--output", required=True, metavar="OUT")

    actions.add_parser("schema", help="输出报告JSON的JSON Schema")
    rules = actions.add_parser("rules", help="列出全部检查规则代码（docs/rules.md 即由此生成）")
    shape = rules.add_mutually_exclusive_group()
    shape.add_argument("--markdown", action="store_true", help="输出 Markdown（含示例）")
    shape.add_argument("--json", action="store_true", help="输出 JSON")

    deadline = commands.add_parser("deadline", help="依申请公开答复期限计算", add_help=False)
    deadline.add_argument("rest", nargs=argparse.REMAINDER)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args_list = list(sys.argv[1:] if argv is None else argv)
    try:
        if args_list[:1] == ["deadline"]:
            from .clock.cli import deadline_command

            return deadline_command(args_list[1:])
        args = build_parser().parse_args(args_list)
        if args.action == "check":
            return _check(args.paths, args.previous, args.json, args.jobs, args.xlsx)
        if args.action == "convert":
            return _convert(args.path, args.to, args.output)
        if args.action == "rules":
            return _rules(args.markdown, args.json)
        return _schema()
    except SystemExit as exc:  # argparse: --help (0) or a usage error (2, already explained)
        return exc.code if isinstance(exc.code, int) else EXIT_UNREADABLE
    except KeyboardInterrupt:
        print("gongkai: 已中断", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug: one line, not a traceback
        print(
            f"gongkai: 内部错误（{type(exc).__name__}: {exc}），请将输入文件与本信息一并报告", file=sys.stderr
        )
        if os.environ.get("GONGKAI_DEBUG"):
            raise
        return EXIT_INTERNAL


# --- report check ---------------------------------------------------------------------------


@dataclass
class _Outcome:
    path: str
    result: Any = None  # ImportResult
    reason: str | None = None  # why the file could not be read
    findings: list[Any] = field(default_factory=list)


def _load(path: str) -> _Outcome:
    from .annual_report.blocks import UnreadableError
    from .annual_report.importers import load_path

    try:
        return _Outcome(path, load_path(path))
    except UnreadableError as exc:
        return _Outcome(path, reason=str(exc))


def _expand(paths: Sequence[str]) -> tuple[list[str], bool]:
    files: list[str] = []
    batch = len(paths) > 1
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            batch = True
            found = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in REPORT_SUFFIXES)
            files.extend(str(p) for p in found)
        else:
            files.append(raw)
    return files, batch


def _check(
    paths: Sequence[str], previous_path: str | None, as_json: bool, jobs: int, xlsx: str | None = None
) -> int:
    if jobs < 1:
        print("gongkai: --jobs 必须是正整数", file=sys.stderr)
        return EXIT_UNREADABLE
    files, batch = _expand(paths)
    if not files:
        print("gongkai: 没有找到报告文件（支持 TXT、MD、HTML、DOCX、PDF、JSON、CSV）", file=sys.stderr)
        return EXIT_UNREADABLE
    previous = _load(previous_path) if previous_path else None
    if previous is not None and previous.reason:
        print(
            f"gongkai: {previous_path}: 上一年度报告无法读取（{previous.reason}），未做跨年度核对",
            file=sys.stderr,
        )
    outcomes = _load_all(files, jobs, progress=batch and not as_json and sys.stderr.isatty())
    _check_outcomes(outcomes, previous)
    if xlsx is not None:
        try:
            _write_xlsx(outcomes, xlsx)
        except OSError as exc:
            print(f"gongkai: 无法写入 {xlsx}：{exc.strerror or exc}", file=sys.stderr)
            return EXIT_UNREADABLE
    return _report_outcomes(outcomes, batch=batch, as_json=as_json)


def _load_all(files: list[str], jobs: int, *, progress: bool) -> list[_Outcome]:
    """Every file read, in order, by ``jobs`` processes, with a progress bar when asked."""
    from tqdm import tqdm

    outcomes: list[_Outcome] = []
    with tqdm(total=len(files), desc="读取报告", unit="份", disable=not progress, file=sys.stderr) as bar:
        if jobs > 1 and len(files) > 1:
            with ProcessPoolExecutor(max_workers=jobs) as pool:
                for outcome in pool.map(_load, files, chunksize=max(1, len(files) // (jobs * 8))):
                    outcomes.append(outcome)
                    bar.update()
        else:
            for path in files:
                outcomes.append(_load(path))
                bar.update()
    return outcomes


def _check_outcomes(outcomes: list[_Outcome], previous: _Outcome | None) -> None:
    """The rules run on every report read, each against its previous year: the file given with
    --previous, else the same agency's report one year earlier in the batch. An unreadable
    --previous is a warning on the cross-year rules, not a failure."""
    from .annual_report.checker import check
    from .annual_report.findings import Code, warning
    from .annual_report.similarity import findings_for_set
    from .annual_report.supervision import supervisor_checks

    given = previous.result.report if previous is not None and previous.result is not None else None
    unreadable = (previous.path, previous.reason) if previous is not None and previous.reason else None
    by_key = {
        (o.result.report.agency, o.result.report.year): o.result.report
        for o in outcomes
        if o.result and o.result.report.named  # two reports that name no agency are not one agency's
    }
    readable = [o for o in outcomes if o.result is not None]
    similar = findings_for_set([o.result.report for o in readable], [Path(o.path).name for o in readable])
    copies = {id(o): found for o, found in zip(readable, similar, strict=True)}
    for outcome in outcomes:
        if outcome.result is None:
            continue
        report = outcome.result.report
        before = given or by_key.get((report.agency, report.year - 1))
        outcome.findings = (
            list(outcome.result.findings)
            + check(report, before)
            + supervisor_checks(
                report, before, truncated=any(f.code == Code.TRUNCATED for f in outcome.result.findings)
            )
            + copies[id(outcome)]
        )
        if unreadable and before is None:
            previous_path, reason = unreadable
            outcome.findings.append(
                warning(
                    Code.CARRY_OVER,
                    f"作为上一年度报告提供的文件无法读取（{reason}），未做跨年度核对",
                    values={"file": previous_path},
                )
            )


def _report_outcomes(outcomes: list[_Outcome], *, batch: bool, as_json: bool) -> int:
    """Each report's findings printed (a summary, or a line of JSON), then the exit code."""
    for outcome in outcomes:
        if as_json:
            print(json.dumps(_as_json(outcome), ensure_ascii=False, default=_plain))
        else:
            _print_summary(outcome)
    if batch and not as_json:
        _print_table(outcomes)
    if any(o.reason for o in outcomes):
        for o in outcomes:
            if o.reason:
                print(f"gongkai: {o.path}: {o.reason}", file=sys.stderr)
        return EXIT_UNREADABLE
    return EXIT_ERRORS if any(_errors(o) for o in outcomes) else EXIT_OK


def _errors(outcome: _Outcome) -> int:
    return sum(1 for f in outcome.findings if f.severity == "error")


def _as_json(outcome: _Outcome) -> dict[str, Any]:
    if outcome.result is None:
        return {"file": outcome.path, "error": outcome.reason}
    report = outcome.result.report
    return {
        "file": outcome.path,
        "agency": report.agency,
        "year": report.year,
        "edition": str(report.edition),
        "published": report.published.isoformat() if report.published else None,
        "tables": report.to_dict()["tables"],
        "findings": [f.to_dict() for f in outcome.findings],
    }


def _plain(value: object) -> object:
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    return str(value)


def _print_summary(outcome: _Outcome) -> None:
    if outcome.result is None:
        print(f"{outcome.path}\n  无法读取：{outcome.reason}\n")
        return
    report = outcome.result.report
    published = (
        f"{report.published.year}年{report.published.month}月{report.published.day}日"
        if report.published
        else "未注明"
    )
    edition = "2019年版格式" if report.edition == "E2019" else "2021年版格式"
    errors = [f for f in outcome.findings if f.severity == "error"]
    warnings = [f for f in outcome.findings if f.severity == "warning"]
    print(outcome.path)
    print(f"  {report.agency} · {report.year}年度 · {edition} · 发布日期：{published}")
    print(f"  错误 {len(errors)} 条，警告 {len(warnings)} 条")
    for title, group in (("错误", errors), ("警告", warnings)):
        for finding in group:
            where = f"第{finding.line}行 " if finding.line else ""
            print(f"  [{title}] {finding.code} {where}{finding.message}")
    print()


def _print_table(outcomes: list[_Outcome]) -> None:
    """One line per report, columns aligned by display width (a Chinese character takes two)."""
    from .annual_report.similarity import VERDICT_TITLES

    print("汇总")
    widths = (28, 24, 6, 7, 6, 6, 10)
    heads = ("文件", "机关", "年度", "格式", "错误", "警告", "雷同")
    print("  " + _row(heads, widths))
    for o in outcomes:
        name = Path(o.path).name
        if o.result is None:
            print("  " + _cell(name, widths[0]) + f"无法读取：{o.reason}")
            continue
        r = o.result.report
        warnings = len(o.findings) - _errors(o)
        similar = _worst_similarity(o)
        cells = (name, r.agency, str(r.year), str(r.edition), str(_errors(o)), str(warnings))
        shown = VERDICT_TITLES[similar] if similar else "—"
        print("  " + _row((*cells, shown), widths))
    readable = [o for o in outcomes if o.result]
    failing = sum(1 for o in readable if _errors(o))
    print(
        f"  共 {len(outcomes)} 份：{len(readable) - failing} 份无错误，{failing} 份有错误，{len(outcomes) - len(readable)} 份无法读取"
    )


def display_width(text: str) -> int:
    """Columns a terminal gives `text`: two for wide (CJK, full-width) characters, none for combining ones."""
    import unicodedata

    return sum(
        0 if unicodedata.combining(ch) else 2 if unicodedata.east_asian_width(ch) in "WF" else 1
        for ch in text
    )


def _cell(text: str, width: int, *, right: bool = False) -> str:
    """`text` in `width` columns: cut with … when too wide, padded with spaces, the last column a gap."""
    room = width - 1
    if display_width(text) > room:
        cut = ""
        for ch in text:
            if display_width(cut + ch) > room - 1:
                break
            cut += ch
        text = cut + "…"
    pad = " " * (room - display_width(text))
    return (pad + text if right else text + pad) + " "


def _row(cells: Sequence[str], widths: Sequence[int]) -> str:
    # file and agency left-aligned, the figures right-aligned under their heads
    return "".join(
        _cell(text, width, right=index in (2, 4, 5))
        for index, (text, width) in enumerate(zip(cells, widths, strict=True))
    ).rstrip()


def _worst_similarity(outcome: _Outcome) -> Any:
    from .annual_report.findings import Code
    from .annual_report.similarity import Verdict

    verdicts = {f.values.get("verdict") for f in outcome.findings if f.code == Code.SIMILARITY}
    for verdict in (Verdict.COPIED, Verdict.EDITED):
        if verdict in verdicts:
            return verdict
    return None


# --- the summary workbook -------------------------------------------------------------------

_SEVERITY_NAMES = {"error": "错误", "warning": "警告"}


def _write_xlsx(outcomes: list[_Outcome], target: str) -> None:
    """Sheet 报告: one row per report with its findings; sheet 问题: one row per finding."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from .annual_report.similarity import VERDICT_TITLES

    book = Workbook()
    reports = book.active
    assert reports is not None
    reports.title = "报告"
    reports.append(["文件", "机关", "年度", "格式", "发布日期", "错误", "警告", "雷同", "检查结果"])
    details = book.create_sheet("问题")
    details.append(
        ["文件", "机关", "年度", "规则代码", "严重程度", "部分", "表", "行", "列", "源文件行号", "说明"]
    )
    for o in outcomes:
        name = Path(o.path).name
        if o.result is None:
            reports.append([name, None, None, None, None, None, None, None, f"无法读取：{o.reason}"])
            continue
        r = o.result.report
        similar = _worst_similarity(o)
        listed = "\n".join(f"[{_SEVERITY_NAMES[str(f.severity)]}] {f.code}：{f.message}" for f in o.findings)
        reports.append(
            [
                name,
                r.agency,
                r.year,
                str(r.edition),
                r.published,
                _errors(o),
                len(o.findings) - _errors(o),
                VERDICT_TITLES[similar] if similar else None,
                listed or None,
            ]
        )
        for f in o.findings:
            details.append(
                [
                    name,
                    r.agency,
                    r.year,
                    str(f.code),
                    _SEVERITY_NAMES[str(f.severity)],
                    f.section,
                    f.table,
                    f.row,
                    f.column,
                    f.line,
                    f.message,
                ]
            )
    for sheet, widths in (
        (reports, (30, 28, 8, 8, 12, 6, 6, 10, 100)),
        (details, (30, 28, 8, 16, 8, 6, 14, 18, 14, 10, 100)),
    ):
        for index, width in enumerate(widths):
            sheet.column_dimensions[chr(ord("A") + index)].width = width
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.freeze_panes = "A2"
    for (cell,) in reports.iter_rows(min_row=2, min_col=9, max_col=9):
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for row in reports.iter_rows(min_row=2, min_col=5, max_col=5):
        for cell in row:
            cell.number_format = "yyyy-mm-dd"
    book.save(target)


# --- convert and schema ---------------------------------------------------------------------


def _convert(path: str, fmt: str, output: str) -> int:
    from .annual_report.renderers import render

    outcome = _load(path)
    if outcome.result is None:
        print(f"gongkai: {path}: {outcome.reason}", file=sys.stderr)
        return EXIT_UNREADABLE
    data = render(outcome.result.report, fmt)
    try:
        Path(output).write_bytes(data)
    except OSError as exc:
        print(f"gongkai: 无法写入 {output}：{exc.strerror or exc}", file=sys.stderr)
        return EXIT_UNREADABLE
    notes = len(outcome.result.findings)
    suffix = f"（读取时有 {notes} 条提示，请用 gongkai report check 查看）" if notes else ""
    print(f"已写入 {output}{suffix}", file=sys.stderr)
    return EXIT_OK


def _schema() -> int:
    from .annual_report.renderers.json import json_schema

    print(json.dumps(json_schema(), ensure_ascii=False, indent=2))
    return EXIT_OK


def _rules(as_markdown: bool, as_json: bool) -> int:
    from .annual_report import rules

    if as_markdown:
        from .annual_report.reference import rules_markdown

        sys.stdout.write(rules_markdown())
    else:
        sys.stdout.write(rules.as_json() if as_json else rules.as_text())
    return EXIT_OK


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
