"""Composing the report's text: THE ONE INTEGRATION POINT with ``gongkai.annual_report.compose``.

The clerk's draft keeps its live fields (【表三·…】, 【同比：…】) and its prompts 「（待补充：…）」,
so that it follows the tables while it is written. What is read, signed, filed and published
is the FILLED text: every field replaced by the figure of the live tables (overrides applied)
or by the change from last year's report. A field that cannot be filled stays as typed, and
the problem is reported beside its section (see :data:`BLOCKING`).
"""

from __future__ import annotations

from decimal import Decimal

from gongkai.annual_report import compose as composing
from gongkai.annual_report.compose import FieldProblem, Problem
from gongkai.annual_report.editions import Edition
from gongkai.annual_report.model import Report, Section

# Why each problem blocks 送审 and 审签: every one of them leaves text in the report that would
# be published as it stands, a wrong or a blank figure. None is a mere warning.
BLOCKING: dict[Problem, str] = {
    # 【…】 would be printed literally: the sentence has no figure.
    Problem.UNKNOWN_FIELD: "发布时将没有数字：请按表格的行、列名称改正，或删去该字段",
    Problem.AMBIGUOUS_FIELD: "发布时将没有数字",
    # The cell is empty (None, never 0): a figure cannot be made up.
    Problem.MISSING_VALUE: "发布时将没有数字：请核实统计，或手工改写该单元格并写明理由",
    # 同比 without last year's report: no percentage can be computed, so none is printed.
    Problem.MISSING_LAST_YEAR: "请先导入或建立上一年度报告，或删去同比、上年字段",
    # 「（待补充：…）」 is the template's instruction, not report text.
    Problem.PROMPT: "模板的提示不能发布：请写明，或删去该提示",
}


def compose_sections(
    report: Report, narrative: dict[int, str], previous: Report | None
) -> tuple[list[Section], list[FieldProblem]]:
    """The six sections filled in from the draft's text, and every problem (with its section)."""
    titles = report.definition.section_titles
    drafts = [
        Section(number, titles[number - 1], (narrative.get(number) or "").strip())
        for number in range(1, len(titles) + 1)
    ]
    return composing.fill_sections(report, drafts, previous)


def compose_report(report: Report, narrative: dict[int, str], previous: Report | None) -> Report:
    """The report with its six sections filled from `narrative` (section number → draft text).

    `report` already holds the edition's tables, counted live and with every override applied;
    `previous` is last year's report when the archive has it (for 同比 and the cross-year rules).
    """
    report.sections, _ = compose_sections(report, narrative, previous)
    return report


def starter_texts(edition: Edition, *, government: bool, fees: tuple[int, Decimal] | None) -> dict[int, str]:
    """What a new report's sections start from: section number → the template's text.

    `fees` is the year's (paid fee notices, total in 元) for section 六 of the 2021 edition."""
    statement = composing.fee_statement(notices=fees[0], amount=fees[1]) if fees is not None else None
    return {
        section.number: section.text
        for section in composing.section_templates(edition, government=government, fee_statement=statement)
    }
