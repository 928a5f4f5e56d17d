"""Every rule of DOMAIN.md §4 that can be checked on the report itself.

`check(report, previous)` returns findings; it never changes the report. A rule that needs a
value the report lacks (None) is skipped for that cell: the importer has already said the
value is missing, and a missing value is not 0.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from decimal import Decimal

from . import normalize as nz
from .editions import (
    APPEAL_GROUPS,
    APPEAL_SUFFIXES,
    Edition,
    edition_for_year,
    outcome_row_keys,
    section_numeral,
)
from .findings import Code, Finding, error, warning
from .interpret import SECTION_KEYWORDS, TABLE_NAMES
from .model import Level, Number, Report

APPLICANTS = ("natural_person", "commercial", "research", "public_interest", "legal_services", "other_org")
ALL_COLUMNS = (*APPLICANTS, "total")


def check(report: Report, previous: Report | None = None) -> list[Finding]:
    findings: list[Finding] = []
    findings += _arithmetic(report)
    if previous is not None:
        findings += _across_years(report, previous)
    elif report.edition is Edition.E2021:
        findings += _in_force_without_previous(report)
    findings += _form(report)
    findings += _narrative(report)
    findings += _structure(report)
    findings += _overrides(report)
    return findings


def _overrides(report: Report) -> Iterator[Finding]:
    """Every hand-typed cell, with its reason: never silent (the approvers and the supervisor see it)."""
    for (table, row, column), override in report.overrides.items():
        shown = "空" if override.value is None else str(override.value)
        yield warning(
            Code.OVERRIDE,
            f"{report.cell_place((table, row, column))}为手工填报的数值{shown}，理由：{override.reason}",
            section=report.definition.table(table).section,
            table=table,
            row=row,
            column=column,
            values={"value": override.value, "reason": override.reason},
        )


# --- arithmetic -----------------------------------------------------------------------------


def _sum(values: list[Number | None]) -> Number | None:
    if any(v is None for v in values):
        return None
    return sum(values, start=0)  # type: ignore[arg-type]


def _column_label(key: str) -> str:
    from .editions import APPLICANT_COLUMNS

    return next(c.label for c in APPLICANT_COLUMNS if c.key == key)


def _arithmetic(report: Report) -> Iterator[Finding]:
    t = report.tables["applications"]
    outcomes = outcome_row_keys(report.edition)
    for column in ALL_COLUMNS:
        name = _column_label(column)
        new, carried_over = t["new"][column], t["carried_over"][column]
        total, forward = t["total"][column], t["carried_forward"][column]
        if None not in (new, carried_over, total, forward):
            left = new + carried_over  # type: ignore[operator]
            right = total + forward  # type: ignore[operator]
            if left != right:
                yield error(
                    Code.BALANCE,
                    f"表三“{name}”列：本年新收{new}＋上年结转{carried_over}＝{left}，"
                    f"应等于办理结果总计{total}＋结转下年度{forward}＝{right}",
                    section=3,
                    table="applications",
                    column=column,
                    values={
                        "new": new,
                        "carried_over": carried_over,
                        "total": total,
                        "carried_forward": forward,
                    },
                )
        summed = _sum([t[row][column] for row in outcomes])
        if summed is not None and total is not None and summed != total:
            yield error(
                Code.OUTCOME_SUM,
                f"表三“{name}”列：各项办理结果之和为{summed}，“（七）总计”却为{total}",
                section=3,
                table="applications",
                row="total",
                column=column,
                values={"sum": summed, "total": total},
            )
    for row_key, row in t.items():
        summed = _sum([row[c] for c in APPLICANTS])
        if summed is not None and row["total"] is not None and summed != row["total"]:
            label = report.definition.table("applications").row(row_key).label
            yield error(
                Code.ROW_TOTAL,
                f"表三“{label}”行：六类申请人之和为{summed}，“总计”列却为{row['total']}",
                section=3,
                table="applications",
                row=row_key,
                column="total",
                values={"sum": summed, "total": row["total"]},
            )
    cases = report.tables["appeals"]["cases"]
    for group, path in APPEAL_GROUPS:
        parts = [cases[f"{group}_{suffix}"] for suffix, _ in APPEAL_SUFFIXES[:4]]
        summed = _sum(parts)
        total = cases[f"{group}_total"]
        if summed is not None and total is not None and summed != total:
            yield error(
                Code.REVIEW_TOTAL,
                f"表四“{path[-1]}”：维持、纠正、其他结果、尚未审结之和为{summed}，“总计”却为{total}",
                section=4,
                table="appeals",
                row="cases",
                column=f"{group}_total",
                values={"sum": summed, "total": total},
            )


# --- across years ---------------------------------------------------------------------------


def _across_years(report: Report, previous: Report) -> Iterator[Finding]:
    if previous.year != report.year - 1:
        yield warning(
            Code.PERIOD,
            f"作为上一年度报告提供的是{previous.year}年度报告，不是{report.year - 1}年度，未做跨年度核对",
        )
        return
    this, last = report.tables["applications"], previous.tables["applications"]
    for column in ALL_COLUMNS:
        now, before = this["carried_over"][column], last["carried_forward"][column]
        if now is not None and before is not None and now != before:
            yield error(
                Code.CARRY_OVER,
                f"表三“{_column_label(column)}”列：上年结转{now}，与{previous.year}年度报告的结转下年度{before}不一致",
                section=3,
                table="applications",
                row="carried_over",
                column=column,
                values={"carried_over": now, "previous_carried_forward": before},
            )
    if report.edition is Edition.E2019 and previous.edition is Edition.E2019:
        for table in ("art20_5", "art20_6", "art20_8"):
            for row, columns in report.tables[table].items():
                now = columns["prev_items"]
                before = previous.tables[table][row]["prev_items"]
                delta = previous.tables[table][row]["delta"]
                if None in (now, before, delta):
                    continue
                expected = before + delta  # type: ignore[operator]
                if now != expected:
                    label = report.definition.table(table).row(row).label
                    yield error(
                        Code.ITEMS_CONTINUITY,
                        f"{TABLE_NAMES[table]}“{label}”：上一年项目数量为{now}，"
                        f"按{previous.year}年度报告应为{before}{delta:+d}＝{expected}",
                        section=2,
                        table=table,
                        row=row,
                        column="prev_items",
                        values={"prev_items": now, "expected": expected},
                    )
    if report.edition is Edition.E2021 and previous.edition is Edition.E2021:
        for row, columns in report.tables["art20_1"].items():
            before = previous.tables["art20_1"][row]["in_force"]
            issued, repealed, now = columns["issued"], columns["repealed"], columns["in_force"]
            if None in (before, issued, repealed, now):
                continue
            expected = before + issued - repealed  # type: ignore[operator]
            if now != expected:
                label = report.definition.table("art20_1").row(row).label
                yield error(
                    Code.IN_FORCE,
                    f"表二“{label}”：现行有效{now}件，按上年现行有效{before}＋本年制发{issued}－本年废止{repealed}"
                    f"应为{expected}件",
                    section=2,
                    table="art20_1",
                    row=row,
                    column="in_force",
                    values={"in_force": now, "expected": expected},
                )
    else:
        yield from _in_force_without_previous(report)


def _in_force_without_previous(report: Report) -> Iterator[Finding]:
    if report.edition is not Edition.E2021:
        return
    for row, columns in report.tables["art20_1"].items():
        issued, repealed, now = columns["issued"], columns["repealed"], columns["in_force"]
        if None in (issued, repealed, now):
            continue
        if issued > now + repealed:  # type: ignore[operator]
            label = report.definition.table("art20_1").row(row).label
            yield error(
                Code.IN_FORCE,
                f"表二“{label}”：本年制发{issued}件，多于现行有效{now}件与本年废止{repealed}件之和",
                section=2,
                table="art20_1",
                row=row,
                column="in_force",
                values={"issued": issued, "repealed": repealed, "in_force": now},
            )


# --- form and compliance --------------------------------------------------------------------


def may_make_rules(report: Report) -> bool | None:
    """Whether the agency may make 规章 (Legislation Law): None when it cannot be told."""
    name = report.agency
    if report.level is Level.NATIONAL or name.startswith(("国务院", "中华人民共和国", "国家")):
        return True
    # A government's general office (上海市人民政府办公厅) reports the government's own 规章.
    name = re.sub(r"人民政府办公(?:厅|室)$", "人民政府", name)
    government = report.government if report.government is not None else name.endswith("人民政府")
    if not government:
        if name.endswith(("局", "委员会", "委", "办公室", "厅", "中心", "办")):
            return False
        # No agency name (the text says only 「我镇」): how the report speaks of itself tells the level.
        return False if not report.named and _SPEAKS_AS_LOCAL.search(_narrative_text(report)) else None
    if report.level in (Level.PROVINCE, Level.CITY):
        return True
    if report.level in (Level.COUNTY, Level.TOWNSHIP):
        return False
    seat = name.removesuffix("人民政府")
    if seat.endswith(("县", "区", "旗", "乡", "镇", "街道")):
        return False
    return True if seat.endswith(("省", "自治区", "市", "自治州")) else None


# 「我镇」「本街道」「我县」「我区」: a township, a county or a district, none of which makes 规章 (not 「本区域」).
_SPEAKS_AS_LOCAL = re.compile(r"(?:我|本)(?:镇|乡|街道|县|区(?!域|间))")


def _narrative_text(report: Report) -> str:
    return "\n".join(section.text for section in report.sections)


def _form(report: Report) -> Iterator[Finding]:
    required = edition_for_year(report.year)
    if report.edition is not required:
        yield error(
            Code.EDITION,
            f"{report.year}年度报告应使用{_edition_label(required)}，实际使用的是{_edition_label(report.edition)}",
            values={"required": str(required), "used": str(report.edition)},
        )
    if report.period is not None:
        start, end = report.period
        if (start, end) != (date(report.year, 1, 1), date(report.year, 12, 31)):
            yield error(
                Code.PERIOD,
                f"统计期限{start.isoformat()}至{end.isoformat()}与报告年度{report.year}年不符",
                values={"start": start.isoformat(), "end": end.isoformat()},
            )
    due = date(report.year + 1, 3, 31) if report.own_level_report else date(report.year + 1, 1, 31)
    if report.published is None:
        yield warning(Code.DEADLINE, f"报告未注明发布日期，无法核对是否在{due.month}月{due.day}日前发布")
    elif report.published > due:
        yield error(
            Code.DEADLINE,
            f"报告发布于{_cn_date(report.published)}，晚于法定期限{_cn_date(due)}",
            values={"published": report.published.isoformat(), "due": due.isoformat()},
        )
    elif report.published < date(report.year, 12, 1):
        yield warning(
            Code.DEADLINE,
            f"发布日期{_cn_date(report.published)}早于报告年度结束，请核对年度或日期",
            values={"published": report.published.isoformat()},
        )
    if report.edition is Edition.E2021 or report.year >= 2021:
        other = _section_by_topic(report, 6)
        text = other.text if other else ""
        if not _FEES.search(_NOT_FEES.sub("", text)):
            yield warning(
                Code.FEE_STATEMENT,
                "按2021年版格式，“其他需要报告的事项”应说明本年度收取信息处理费的情况（发出收费通知的件数和总金额），报告未提及",
                section=other.number if other else 6,
            )
    rules = report.tables["art20_1"]["rules"]
    if any(v for v in rules.values()) and may_make_rules(report) is False:
        spoken = _SPEAKS_AS_LOCAL.search(_narrative_text(report)) if not report.named else None
        who = (
            f"报告未写明机关名称，正文自称“{spoken.group(0)}”：乡镇、街道和县、区的机关"
            if spoken
            else report.agency
        )
        yield error(
            Code.RULES_AUTHORITY,
            f"{who}无权制定规章，表二“规章”一行却填报了数字",
            section=2,
            table="art20_1",
            row="rules",
            values={k: v for k, v in rules.items()},
        )


def _section_by_topic(report: Report, topic: int):  # type: ignore[no-untyped-def]
    from .interpret import _section_for_title

    for section in report.sections:
        if _section_for_title(section.title) == topic:
            return section
    return report.section(topic)


def _structure(report: Report) -> Iterator[Finding]:
    from .interpret import _section_for_title

    if not report.sections:
        return  # the importer has already said so
    titles = dict(SECTION_KEYWORDS)
    seen: set[int] = set()
    for position, section in enumerate(report.sections, start=1):
        topic = _section_for_title(section.title)
        if topic is None:
            yield warning(
                Code.STRUCTURE,
                f"第{section_numeral(section.number)}部分“{section.title}”不是格式规定的章节（格式共六部分）",
                section=section.number,
            )
            continue
        seen.add(topic)
        if section.number != topic or position != topic:
            yield warning(
                Code.STRUCTURE,
                f"“{section.title}”编为第{section_numeral(section.number)}部分，格式规定为第{section_numeral(topic)}部分",
                section=section.number,
            )
    for topic in range(1, 7):
        if topic not in seen:
            yield warning(
                Code.STRUCTURE, f"缺少第{section_numeral(topic)}部分“{titles[topic][0]}”", section=topic
            )
    if len(report.sections) > 6:
        yield warning(Code.STRUCTURE, f"报告共有{len(report.sections)}个部分，格式规定为六个部分")


# --- narrative ------------------------------------------------------------------------------

_NUM = r"(\d{1,6}|[一二两三四五六七八九十百零]{1,5})"
_CLAUSE = re.compile(r"[。；;！!？?\n]")
_RECEIVED = re.compile(
    rf"(?:收到|受理|新收|接到|接收)[^，,]{{0,14}}?{_NUM}\s*(?:条|件|个|份|起|宗)[^，,]{{0,14}}?申请"
)
_RECEIVED_AFTER = re.compile(
    rf"(?:收到|受理|新收|接到|接收)[^，,]{{0,16}}?申请[^，,]{{0,6}}?{_NUM}\s*(?:条|件|个|份|起|宗)"
)
_NONE_RECEIVED = re.compile(r"(?:未|没有|无)(?:收到|受理|接到|接收)[^，,]{0,16}?申请")
_CLOSED = re.compile(rf"(?:办结|答复|办理完毕)[^，,]{{0,12}}?{_NUM}\s*(?:条|件|个|份|宗)")
_FORWARD = re.compile(rf"结转(?:至|到)?(?:下一?年度?|\d{{4}}年度?)[^，,]{{0,8}}?{_NUM}\s*(?:条|件|个|份|宗)")
_REVIEW = re.compile(rf"行政复议[^，,。]{{0,10}}?{_NUM}\s*(?:件|起|宗|次)")
_SUIT = re.compile(rf"行政诉讼[^，,。]{{0,10}}?{_NUM}\s*(?:件|起|宗|次)")
_NONE_REVIEW = re.compile(r"(?:未|没有|无)[^，,]{0,24}?行政复议")
_NONE_SUIT = re.compile(r"(?:未|没有|无)[^，,]{0,30}?(?:行政)?诉讼")
_LICENSE = re.compile(rf"行政许可[^，,]{{0,4}}?{_NUM}\s*件")


# 「信息处理费」, 「信息公开处理费」 as many write it, 「收费通知」, 「未收取任何费用」; not 「行政事业性收费」
# (a row of table 二, which says nothing of the processing fee), nor any 「…费用」 (「工作经费用于…」).
_FEES = re.compile(r"处理费|收费|(?:收取|任何|产生|缴纳)[^。；;，,]{0,6}费用")
_NOT_FEES = re.compile(r"行政事业性收费")
# Between the verb and the number: the number is one outcome's (「答复28件，其中予以公开12件」 run
# together), not the quantity the verb counts.
_ONE_OUTCOME = re.compile(r"其中|予以公开|部分公开|不予公开|无法提供|不予处理|其他处理|同意公开|依法公开")
# 「未发生行政复议被纠错」: no review went against the agency, which says nothing of how many there were.
_NOT_A_COUNT = re.compile(r"纠错|纠正|败诉|撤销|确认违法|责任追究|被追责")


def _narrative(report: Report) -> Iterator[Finding]:
    apps = report.tables["applications"]
    cases = report.tables["appeals"]["cases"]
    suits = _sum([cases["suit_direct_total"], cases["suit_after_review_total"]])
    checks: list[tuple[str, Number | None, list[re.Pattern[str]], re.Pattern[str] | None, str, str, str]] = [
        (
            "收到政府信息公开申请",
            apps["new"]["total"],
            [_RECEIVED, _RECEIVED_AFTER],
            _NONE_RECEIVED,
            "applications",
            "new",
            "total",
        ),
        ("办结申请", apps["total"]["total"], [_CLOSED], None, "applications", "total", "total"),
        (
            "结转下年度的申请",
            apps["carried_forward"]["total"],
            [_FORWARD],
            None,
            "applications",
            "carried_forward",
            "total",
        ),
        ("行政复议", cases["review_total"], [_REVIEW], _NONE_REVIEW, "appeals", "cases", "review_total"),
        ("行政诉讼", suits, [_SUIT], _NONE_SUIT, "appeals", "cases", "suit_total"),
    ]
    if "license" in report.tables.get("art20_5", {}):
        license_column = "decisions"
        checks.append(
            (
                "行政许可处理决定",
                report.tables["art20_5"]["license"][license_column],
                [_LICENSE],
                None,
                "art20_5",
                "license",
                license_column,
            )
        )
    reported: set[str] = set()
    for section in report.sections:
        for clause in _CLAUSE.split(section.text):
            flat = "".join(clause.split())
            for what, table_value, patterns, none_pattern, table, row, column in checks:
                if table_value is None or what in reported:
                    continue
                said: int | None = None
                if what == "办结申请" and "申请" not in flat:
                    continue
                for pattern in patterns:
                    match = pattern.search(flat)
                    if match and not _ONE_OUTCOME.search(flat[match.start() : match.start(1)]):
                        said = nz.chinese_number(match.group(1))
                        break
                denial = none_pattern.search(flat) if none_pattern is not None else None
                denies = denial is not None and not _NOT_A_COUNT.search(flat[denial.end() : denial.end() + 8])
                if (
                    said is None
                    and denies
                    and (not re.search(r"\d", flat) or what in ("行政复议", "行政诉讼"))
                ):
                    said = 0
                if said is not None and Decimal(said) != Decimal(table_value):
                    reported.add(what)
                    yield error(
                        Code.NARRATIVE,
                        f"正文称{what}{said}件（“{_short(flat)}”），表格中为{table_value}",
                        section=section.number,
                        table=table,
                        row=row,
                        column=None if column == "suit_total" else column,
                        values={"text": said, "table": table_value},
                    )


# --- helpers --------------------------------------------------------------------------------


def _edition_label(edition: Edition) -> str:
    return (
        "2019年版格式（国办公开办函〔2019〕60号）"
        if edition is Edition.E2019
        else "2021年版格式（国办公开办函〔2021〕30号）"
    )


def _cn_date(d: date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def _short(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[:limit] + "…"
