"""The checker on a report record: what it finds, and what of that blocks the next step.

Errors block submitting and signing. A warning blocks them until someone writes why it is right
(the explanation is kept with the report and shown to every approver and the supervisor).
"""

from __future__ import annotations

import hashlib
from typing import Any

from gongkai.annual_report import checker
from gongkai.annual_report.findings import Code, Finding, Severity
from gongkai.annual_report.model import Report


def finding_key(finding: Finding) -> str:
    """A finding's identity across saves: its rule and where it points (not its wording)."""
    where = ".".join(str(part or "") for part in (finding.table, finding.row, finding.column))
    return f"{finding.code}:{finding.section or ''}:{where}"


def field_name(key: str) -> str:
    """The explanation field of a finding in a form (keys hold characters an id should not)."""
    return "explain_" + hashlib.sha1(key.encode()).hexdigest()[:10]


def run(report: Report, previous: Report | None) -> list[dict[str, Any]]:
    """The checker's findings as stored with the record, each with its key.

    A draft has no publication date yet: the `deadline` rule's "no date" warning is about
    imported reports and is left out until the report is published (the record counts down)."""
    found = []
    for finding in checker.check(report, previous):
        if finding.code is Code.DEADLINE and report.published is None:
            continue
        found.append(finding.to_dict() | {"key": finding_key(finding)})
    return found


def errors(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in findings if f["severity"] == Severity.ERROR]


def warnings(findings: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [f for f in findings if f["severity"] == Severity.WARNING]


def unexplained(findings: list[dict[str, Any]], explanations: dict[str, str]) -> list[dict[str, Any]]:
    return [f for f in warnings(findings) if not (explanations.get(f["key"]) or "").strip()]


def blocking_message(findings: list[dict[str, Any]], explanations: dict[str, str], step: str) -> str:
    """Why `step` cannot be taken now, or "" when nothing blocks it."""
    wrong = errors(findings)
    if wrong:
        listed = "；".join(f["message"] for f in wrong[:3])
        more = f"等{len(wrong)}处" if len(wrong) > 3 else ""
        return f"检查发现{len(wrong)}处错误，须改正后才能{step}：{listed}{more}"
    open_warnings = unexplained(findings, explanations)
    if open_warnings:
        listed = "；".join(f["message"] for f in open_warnings[:3])
        return f"有{len(open_warnings)}项警告尚未说明，须逐项写明理由后才能{step}：{listed}"
    return ""
