"""The checks a supervisor (政务公开办) applies beyond arithmetic, that need no roster.

:func:`supervisor_checks` runs them on one report, :func:`check_set` on a folder of reports
(each with its previous year found in the set, and 雷同 across the set). The roster-free checks
are:

- everything `checker.check` does, among them the right edition (``edition``), published on
  time (``deadline``), all six sections (``structure``), the fee statement (``fee-statement``)
  and 规章 reported by a unit that cannot make them (``rules-authority``);
- ``empty-section``: section 一 (overview) or 五 (problems and improvements) present but saying
  nothing (二 to 四 are tables; 六 may say 「无」);
- ``jump``: a main figure more than :data:`JUMP_HIGH` times last year's or less than
  :data:`JUMP_LOW` of it, when the larger of the two is at least :data:`JUMP_MIN`;
- ``similarity`` (雷同, see :mod:`.similarity`).

These are kept out of `checker.check` so that what an agency sees while composing its own
report stays as it was; the supervisor's folder check and the command line add them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from decimal import Decimal

from .checker import _section_by_topic, check
from .editions import section_numeral
from .findings import Code, Finding, warning
from .model import Number, Report, table_name
from .similarity import findings_for_set

JUMP_HIGH = 5  # this year more than five times last year's figure ...
JUMP_LOW = Decimal("0.2")  # ... or less than a fifth of it
JUMP_MIN = 20  # only when the larger of the two figures is at least this many cases

# The figures a supervisor compares year on year: (table, row, column, what it is).
JUMP_FIGURES: tuple[tuple[str, str, str, str], ...] = (
    ("applications", "new", "total", "本年新收政府信息公开申请"),
    ("applications", "total", "total", "办理结果总计"),
    ("applications", "granted", "total", "予以公开"),
    ("appeals", "cases", "review_total", "行政复议"),
    ("appeals", "cases", "suit_direct_total", "未经复议直接起诉的行政诉讼"),
    ("appeals", "cases", "suit_after_review_total", "复议后起诉的行政诉讼"),
)

_SAYS_NOTHING = re.compile(r"[（(]?(?:无|暂无|略|没有|无相关情况|无此项|此项无)[)）]?[。.．]?")


def supervisor_checks(
    report: Report, previous: Report | None = None, *, truncated: bool = False
) -> list[Finding]:
    """The supervisor's checks on one report that are not in `checker.check` (run that too).

    `truncated`: the document ends before its tables do (the importer's ``truncated``): its last
    section may be empty only because the copy was cut there, which says nothing of the report.
    """
    findings = list(_empty_sections(report, truncated=truncated))
    if previous is not None and previous.year == report.year - 1:
        findings += _jumps(report, previous)
    return findings


def check_set(
    reports: Sequence[Report], names: Sequence[str] | None = None, truncated: Sequence[bool] | None = None
) -> list[list[Finding]]:
    """Every roster-free check on each report of a set: `check` and `supervisor_checks`, each
    against the same agency's report of the year before when the set has it, and 雷同 against
    the agency's earlier years and its peers in the set."""
    by_key = {(r.agency, r.year): r for r in reports if r.named}
    similar = findings_for_set(reports, names)
    out: list[list[Finding]] = []
    cut = truncated if truncated is not None else [False] * len(reports)
    for report, copied, short in zip(reports, similar, cut, strict=True):
        previous = by_key.get((report.agency, report.year - 1))
        out.append(check(report, previous) + supervisor_checks(report, previous, truncated=short) + copied)
    return out


_OWED = {1: "本年度政府信息公开工作的总体情况", 5: "本年度存在的主要问题和改进情况"}


def _empty_sections(report: Report, *, truncated: bool) -> Iterator[Finding]:
    for topic, owed in _OWED.items():
        section = _section_by_topic(report, topic)
        if section is None:
            continue  # `structure` says the section is missing
        if truncated and report.sections and section is report.sections[-1]:
            continue  # the copy ends here: what followed is unknown
        text = "".join(section.text.split())
        if not text or _SAYS_NOTHING.fullmatch(text):
            said = f"只写了“{text}”" if text else "没有内容"
            yield warning(
                Code.EMPTY_SECTION,
                f"第{section_numeral(topic)}部分“{section.title}”{said}：应写明{owed}",
                section=section.number,
                values={"text": text},
            )


def _jumps(report: Report, previous: Report) -> Iterator[Finding]:
    for table, row, column, what in JUMP_FIGURES:
        now, before = report.get(table, row, column), previous.get(table, row, column)
        if now is None or before is None or max(now, before) < JUMP_MIN:
            continue
        place = table_name(report.definition.table(table))
        if before == 0:
            why = f"上年为0，本年为{now}件"
        else:
            ratio = Decimal(now) / Decimal(before)
            if JUMP_LOW <= ratio <= JUMP_HIGH:
                continue
            times = _ratio(ratio)
            why = (
                f"为上年的{times}倍，超过{JUMP_HIGH}倍"
                if ratio > JUMP_HIGH
                else f"只有上年的{times}倍，不足五分之一"
            )
        yield warning(
            Code.JUMP,
            f"{place}“{what}”：{previous.year}年度{before}件，{report.year}年度{now}件，{why}；"
            f"请核对数字，或在报告中说明变化的原因",
            section=report.definition.table(table).section,
            table=table,
            row=row,
            column=column,
            values={"this_year": now, "last_year": before, "ratio": _ratio_value(now, before)},
        )


def _ratio(ratio: Decimal) -> str:
    shown = ratio.quantize(Decimal("0.01"))
    return format(shown.normalize(), "f")


def _ratio_value(now: Number, before: Number) -> Decimal | None:
    return None if before == 0 else (Decimal(now) / Decimal(before)).quantize(Decimal("0.01"))
