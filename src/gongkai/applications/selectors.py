"""Reads for pages, the API and the report, each in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser
from django.contrib.auth.models import User as UserModel
from django.db.models import Count, Q, QuerySet, Sum

from gongkai.agencies.models import Agency
from gongkai.agencies.selectors import readable_agencies
from gongkai.annual_report.editions import APPEAL_SUFFIXES, Edition, edition_for_year
from gongkai.annual_report.model import Report

from .models import (
    OPEN_STATUSES,
    Appeal,
    AppealKind,
    AppealOutcome,
    ApplicantKind,
    Application,
    FeeNotice,
)

User = UserModel | AnonymousUser


def visible_applications(user: User) -> QuerySet[Application]:
    """Every list, search, export and detail page starts from here."""
    return Application.objects.filter(agency__in=readable_agencies(user))


def filter_applications(
    cases: QuerySet[Application],
    *,
    text: str = "",
    status: str | None = None,
    year: int | None = None,
    agency: Agency | int | None = None,
) -> QuerySet[Application]:
    """Narrow an already scoped list (start from visible_applications): the filters of the list and the API."""
    if text := text.strip():
        cases = cases.filter(
            Q(number__icontains=text) | Q(applicant_name__icontains=text) | Q(description__icontains=text)
        )
    if status:
        cases = cases.filter(status=status)
    if year:
        cases = cases.filter(received_on__year=year)
    if agency is not None:
        cases = cases.filter(agency=agency)
    return cases


def _scope(agencies: Agency | QuerySet[Agency], subtree: bool) -> Q:
    if isinstance(agencies, Agency):
        if subtree:
            return Q(agency__path__startswith=agencies.path)
        return Q(agency=agencies)
    return Q(agency__in=agencies)


def annual_tables(
    agencies: Agency | QuerySet[Agency], year: int, *, subtree: bool = False, name: str = ""
) -> Report:
    """Tables 三 and 四 for an agency (or its whole subtree) and a year, as the annual-report model.

    Two queries. A case counts as new in the year it was received, lands in its outcome row in
    the year it was concluded (decided, withdrawn or abandoned), and is carried forward while it
    is open at December 31: so new + carried over = handled + carried forward, by construction.
    """
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    edition = edition_for_year(year)
    open_at_end = Q(concluded_on__isnull=True) | Q(concluded_on__gt=end)
    # One row per (applicant kind, outcome) with three counts: Django compiles three filtered
    # aggregates instead of 24, and the database evaluates three conditions per row. A group's
    # cases concluded in the year are its cases minus those still open on December 31.
    # received_on is never null: counting it rather than id lets a covering index answer alone.
    rows = (
        Application.objects.filter(_scope(agencies, subtree), Q(received_on__lte=end))
        .filter(Q(concluded_on__isnull=True) | Q(concluded_on__gte=start))
        .values_list("applicant_kind", "outcome")
        .annotate(
            cases=Count("received_on"),
            new=Count("received_on", filter=Q(received_on__gte=start)),
            still_open=Count("received_on", filter=open_at_end),
        )
        .order_by()
    )
    if isinstance(agencies, Agency):
        label = name or (f"{agencies.name}及所属机关" if subtree else agencies.name)
    else:
        label = name or "所选机关合计"
    report = Report(agency=label, year=year, edition=edition)
    table = report.tables["applications"]
    for cells in table.values():
        for column in cells:
            cells[column] = 0
    for column, outcome, cases, new, still_open in rows:
        table["new"][column] += new
        table["carried_over"][column] += cases - new
        table["carried_forward"][column] += still_open
        if outcome:
            key = "other" if edition is Edition.E2019 and outcome.startswith("other_") else outcome
            table[key][column] += cases - still_open
    outcome_rows = [k for k in table if k not in ("new", "carried_over", "total", "carried_forward")]
    for column in ApplicantKind.values:
        table["total"][column] = sum(int(table[r][column] or 0) for r in outcome_rows)
    for cells in table.values():
        cells["total"] = sum(int(cells[c] or 0) for c in ApplicantKind.values)

    appeal_counts = {
        outcome.value: Count(
            "id", filter=Q(concluded_on__gte=start, concluded_on__lte=end, outcome=outcome.value)
        )
        for outcome in AppealOutcome
    } | {"pending": Count("id", filter=Q(concluded_on__isnull=True) | Q(concluded_on__gt=end))}
    appeals = (
        Appeal.objects.filter(_scope(agencies, subtree), Q(filed_on__lte=end))
        .filter(Q(concluded_on__isnull=True) | Q(concluded_on__gte=start))
        .values("kind")
        .annotate(**appeal_counts)
        .order_by()
    )
    cases = report.tables["appeals"]["cases"]
    for key in cases:
        cases[key] = 0
    for row in appeals:
        group = row["kind"]
        for suffix, _ in APPEAL_SUFFIXES[:4]:
            cases[f"{group}_{suffix}"] = row[suffix]
    for group in AppealKind.values:
        cases[f"{group}_total"] = sum(int(cases[f"{group}_{s}"] or 0) for s, _ in APPEAL_SUFFIXES[:4])
    return report


def workbench(user: User, today: dt.date, soon: dt.date) -> dict[str, QuerySet[Application]]:
    """The clerk's lists: mine, due soon (by `soon`), overdue, waiting for the applicant."""
    mine = visible_applications(user).select_related("agency", "assignee")
    open_cases = mine.filter(status__in=OPEN_STATUSES)
    return {
        "mine": open_cases.filter(assignee=user.pk).order_by("due_on"),
        "due_soon": open_cases.filter(due_on__gte=today, due_on__lte=soon).order_by("due_on"),
        "overdue": open_cases.filter(due_on__lt=today).order_by("due_on"),
        "waiting": open_cases.filter(status__in=["awaiting_correction", "awaiting_fee"]).order_by("due_on"),
    }


def fees_paid(agency: Agency, year: int) -> tuple[int, Decimal]:
    """The year's 信息处理费 for section 六 of the annual report: how many fee notices of the
    agency's cases were paid in `year`, and their total in 元 (one query)."""
    paid = FeeNotice.objects.filter(
        application__agency=agency, paid_on__gte=dt.date(year, 1, 1), paid_on__lte=dt.date(year, 12, 31)
    ).aggregate(notices=Count("id"), amount=Sum("amount"))
    return paid["notices"], Decimal(paid["amount"] or 0)
