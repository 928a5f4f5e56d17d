"""Drill-down: the cases, appeals and register rows behind a number of tables 二, 三 and 四.

Each cell's rows are chosen by the same conditions the counting selectors use
(applications.selectors.annual_tables, registers.selectors.table_two), so the list is as long
as the number says. The rows are read through the agency's related rows
(cases, appeals) and the registers' selectors, never written. Cells whose count needs a register's history (table 二's documents in force
and the 2019 format's item counts) are not drilled into yet.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.urls import reverse

from gongkai.annual_report.checker import APPLICANTS
from gongkai.annual_report.editions import Edition
from gongkai.registers import selectors as registers

from .models import AnnualReport

MAX_ROWS = 500
OUTER_ROWS = ("new", "carried_over", "total", "carried_forward")


@dataclass
class Drill:
    title: str
    headers: tuple[str, ...]
    rows: list[tuple[str, list[str]]] = field(default_factory=list)  # (url or "", cells)
    total: int = 0


def _cases(report: AnnualReport, row: str, column: str) -> QuerySet[Any]:
    start, end = dt.date(report.year, 1, 1), dt.date(report.year, 12, 31)
    rows = report.agency.applications.filter(received_on__lte=end).filter(
        Q(concluded_on__isnull=True) | Q(concluded_on__gte=start)
    )
    if column != "total":
        rows = rows.filter(applicant_kind=column)
    concluded = Q(concluded_on__isnull=False, concluded_on__lte=end)
    if row == "new":
        return rows.filter(received_on__gte=start)
    if row == "carried_over":
        return rows.filter(received_on__lt=start)
    if row == "carried_forward":
        return rows.filter(Q(concluded_on__isnull=True) | Q(concluded_on__gt=end))
    if row == "total":
        return rows.filter(concluded).exclude(outcome="")
    if row == "other" and report.edition == Edition.E2019:
        return rows.filter(concluded, outcome__startswith="other_")
    return rows.filter(concluded, outcome=row)


def _appeals(report: AnnualReport, column: str) -> QuerySet[Any]:
    start, end = dt.date(report.year, 1, 1), dt.date(report.year, 12, 31)
    group, _, suffix = column.rpartition("_")
    rows = report.agency.appeals.filter(kind=group, filed_on__lte=end).filter(
        Q(concluded_on__isnull=True) | Q(concluded_on__gte=start)
    )
    if suffix == "pending":
        return rows.filter(Q(concluded_on__isnull=True) | Q(concluded_on__gt=end))
    if suffix == "total":
        return rows
    return rows.filter(concluded_on__lte=end, outcome=suffix)


def _day(value: dt.date | None) -> str:
    return value.isoformat() if value else "—"


def drill(report: AnnualReport, key: str, label: str) -> Drill | None:
    """The rows behind the cell `table.row.column` of the report's year, or None when that cell
    is not drilled into."""
    try:
        table, row, column = key.split(".")
    except ValueError:
        return None
    if table == "applications" and (column == "total" or column in APPLICANTS):
        cases = _cases(report, row, column).order_by("received_on", "id")
        found = Drill(
            label, ("登记号", "申请人类型", "收到日期", "办结日期", "办理结果"), total=cases.count()
        )
        for case in cases[:MAX_ROWS]:
            url = reverse("work:case", args=[case.pk])
            cells = [
                case.number,
                case.get_applicant_kind_display(),
                _day(case.received_on),
                _day(case.concluded_on),
            ]
            found.rows.append((url, [*cells, case.get_outcome_display() or "办理中"]))
        return found
    if table == "appeals":
        appeals = _appeals(report, column).select_related("application").order_by("filed_on", "id")
        found = Drill(
            label, ("申请登记号", "复议机关或法院", "提起日期", "审结日期", "结果"), total=appeals.count()
        )
        for appeal in appeals[:MAX_ROWS]:
            url = reverse("work:case", args=[appeal.application_id])
            cells = [appeal.application.number, appeal.body, _day(appeal.filed_on), _day(appeal.concluded_on)]
            found.rows.append((url, [*cells, appeal.get_outcome_display() or "未审结"]))
        return found
    if table in ("art20_5", "art20_6") and column == "decisions":
        decisions = registers.decisions(report.agency, year=report.year, kind=row).order_by(
            "decided_on", "id"
        )
        found = Drill(label, ("文书编号", "决定日期"), total=decisions.count())
        found.rows = [("", [d.reference, _day(d.decided_on)]) for d in decisions[:MAX_ROWS]]
        return found
    if table == "art20_8" and column == "amount":
        fees = registers.fee_collections(report.agency, year=report.year).order_by("id")
        found = Drill(label, ("收费项目", "金额（元）"), total=fees.count())
        found.rows = [("", [f.item, f"{f.amount:,.2f}"]) for f in fees[:MAX_ROWS]]
        return found
    if table == "art20_9":
        bought = registers.procurements(report.agency, year=report.year).order_by("id")
        found = Drill(label, ("采购项目", "金额（万元）"), total=bought.count())
        found.rows = [("", [p.project, f"{p.amount.normalize():f}"]) for p in bought[:MAX_ROWS]]
        return found
    return None


def drillable(key: str) -> bool:
    table, column = key.partition(".")[0], key.rsplit(".", 1)[-1]
    if table in ("applications", "appeals", "art20_9"):
        return True
    return (table in ("art20_5", "art20_6") and column == "decisions") or (
        table == "art20_8" and column == "amount"
    )
