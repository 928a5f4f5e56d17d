"""The checker on a report record: what it finds, and what of that blocks the next step.

One finding key and one sign-off rule, those of ``gongkai.annual_report.compose``
(``finding_key``, ``sign_off_state``): errors block submitting and signing; a warning blocks
them until someone writes why it is right (the explanation is kept with the report, in
``AnnualReport.explanations`` under the finding's key, and shown to every approver and the
supervisor); a cell typed by hand (rule ``override``) is explained by the reason given with it.

Besides the checker's findings, the fields and prompts of the draft that could not be filled
(``reports.compose.BLOCKING``) are stored with them as errors, each with its section.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from typing import Any

from gongkai.annual_report import checker
from gongkai.annual_report.compose import FieldProblem, finding_key, sign_off_state
from gongkai.annual_report.findings import Code, Severity
from gongkai.annual_report.model import Report

from .compose import BLOCKING

__all__ = ["finding_key", "run"]


def field_name(key: str) -> str:
    """The explanation field of a finding in a form (keys hold characters an id should not)."""
    return "explain_" + hashlib.sha1(key.encode()).hexdigest()[:10]


def problem_key(problem: FieldProblem) -> str:
    return f"{problem.problem}:第{problem.section}部分:{problem.field}"


def run(
    report: Report, previous: Report | None, problems: Iterable[FieldProblem] = ()
) -> list[dict[str, Any]]:
    """The checker's findings as stored with the record, each with its key, and each warning
    with the explanation the sign-off rule accepts for it ("" while it has none).

    `report.explanations` holds the written explanations. A draft has no publication date yet:
    the `deadline` rule's "no date" warning is about imported reports and is left out until the
    report is published (the record counts down)."""
    findings = [
        f
        for f in checker.check(report, previous)
        if not (f.code is Code.DEADLINE and report.published is None)
    ]
    state = sign_off_state(report, findings)
    explained = {id(finding): text for finding, text in state.explained}
    found = [
        finding.to_dict()
        | {"key": finding_key(finding)}
        | ({"explanation": explained.get(id(finding), "")} if finding.severity is Severity.WARNING else {})
        for finding in findings
    ]
    found += [
        {
            "code": str(problem.problem),
            "severity": str(Severity.ERROR),
            "message": f"第{problem.section}部分：{problem.message}（{BLOCKING[problem.problem]}）",
            "section": problem.section,
            "table": None,
            "row": None,
            "column": None,
            "line": None,
            "values": {"field": problem.field},
            "key": problem_key(problem),
        }
        for problem in problems
    ]
    return found


def errors(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in findings if f["severity"] == Severity.ERROR]


def warnings(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in findings if f["severity"] == Severity.WARNING]


def needs_explanation(finding: dict[str, Any]) -> bool:
    """A warning the clerk explains in writing (an override is explained by its own reason)."""
    return bool(finding["severity"] == Severity.WARNING and finding["code"] != Code.OVERRIDE)


def unexplained(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in warnings(findings) if not (f.get("explanation") or "").strip()]


def in_section(findings: list[dict[str, Any]], number: int) -> list[dict[str, Any]]:
    """The problems of one section's text (shown beside it on the compose page)."""
    return [f for f in findings if f["code"] in set(BLOCKING) and f["section"] == number]


def blocking_message(findings: list[dict[str, Any]], step: str) -> str:
    """Why `step` cannot be taken now, or "" when nothing blocks it."""
    wrong = errors(findings)
    if wrong:
        listed = "；".join(f["message"] for f in wrong[:3])
        more = f"等{len(wrong)}处" if len(wrong) > 3 else ""
        return f"检查发现{len(wrong)}处错误，须改正后才能{step}：{listed}{more}"
    open_warnings = unexplained(findings)
    if open_warnings:
        listed = "；".join(f["message"] for f in open_warnings[:3])
        return f"有{len(open_warnings)}项警告尚未说明，须逐项写明理由后才能{step}：{listed}"
    return ""
