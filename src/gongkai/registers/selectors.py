"""Table 二 of the annual report, counted from the registers in a fixed number of queries.

How each cell is read (DOMAIN.md §4):

- E2019 `art20_1`: `made` = documents whose 制发日期 falls in the year; `published` = documents
  whose 公开日期 falls in the year (whenever they were made); `total_public` = documents
  published on or before 31 December and still in force that day (a document repealed during
  the year is no longer counted as publicly in force at its end).
- E2021 `art20_1`: `issued` = made in the year; `repealed` = repealed in the year; `in_force`
  = made on or before 31 December and not repealed by then. So this year's `in_force` is
  always last year's `in_force + issued - repealed` (the checker's `in-force` rule).
- E2019 `prev_items` = matters on the list on 31 December of the previous year; `delta` =
  matters on the list on 31 December of this year minus `prev_items`. So next year's
  `prev_items` is always `prev_items + delta` (the checker's `items-continuity` rule).
- `decisions` = decisions (办件) dated in the year.
- E2019 `art20_8` = the 行政事业性收费 matters on the list; E2021 `art20_8.amount` = the
  fees collected in the year, 元 converted to 万元 (exact, not rounded).
- E2019 `art20_9` = procurement projects of the year and their total in 万元.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet, Sum

from gongkai.agencies.models import Agency
from gongkai.annual_report.editions import Edition, edition_for_year
from gongkai.annual_report.model import Level, Report

from .models import (
    Cleanup,
    CleanupDecision,
    CleanupOutcome,
    Decision,
    DecisionKind,
    DocumentKind,
    DocumentStatus,
    FeeCollection,
    Matter,
    MatterKind,
    NormativeDocument,
    Procurement,
    RegisterEvent,
)

YUAN_PER_WAN = Decimal(10000)


def _in_force_on(day: dt.date) -> Q:
    return Q(made_on__lte=day) & (Q(repealed_on__isnull=True) | Q(repealed_on__gt=day))


def _listed_on(day: dt.date) -> Q:
    return Q(listed_from__lte=day) & (Q(delisted_on__isnull=True) | Q(delisted_on__gt=day))


def document_counts(agency: Agency, year: int) -> dict[str, dict[str, int]]:
    """Per document kind: made, published, repealed in the year; in force and public at its end."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows = (
        NormativeDocument.objects.filter(agency=agency)
        .values("kind")
        .order_by("kind")
        .annotate(
            made=Count("id", filter=Q(made_on__range=(start, end))),
            published=Count("id", filter=Q(published_on__range=(start, end))),
            repealed=Count("id", filter=Q(repealed_on__range=(start, end))),
            in_force=Count("id", filter=_in_force_on(end)),
            total_public=Count("id", filter=Q(published_on__lte=end) & _in_force_on(end)),
        )
    )
    counts = {
        kind: dict.fromkeys(("made", "published", "repealed", "in_force", "total_public"), 0)
        for kind in DocumentKind.values
    }
    for row in rows:
        counts[row["kind"]] = {k: int(row[k]) for k in counts[row["kind"]]}
    return counts


def matter_counts(agency: Agency, year: int) -> dict[str, tuple[int, int]]:
    """Per matter kind: (listed on 31 December of the previous year, listed on 31 December of this year)."""
    before, end = dt.date(year - 1, 12, 31), dt.date(year, 12, 31)
    rows = (
        Matter.objects.filter(agency=agency)
        .values("kind")
        .order_by("kind")
        .annotate(before=Count("id", filter=_listed_on(before)), now=Count("id", filter=_listed_on(end)))
    )
    counts = dict.fromkeys(MatterKind.values, (0, 0))
    for row in rows:
        counts[row["kind"]] = (int(row["before"]), int(row["now"]))
    return counts


def decision_counts(agency: Agency, year: int) -> dict[str, int]:
    rows = (
        Decision.objects.filter(agency=agency, decided_on__year=year)
        .values("kind")
        .order_by("kind")
        .annotate(n=Count("id"))
    )
    counts = dict.fromkeys(DecisionKind.values, 0)
    for row in rows:
        counts[row["kind"]] = int(row["n"])
    return counts


def _decimal(value: object) -> Decimal:
    return Decimal(str(value)) if value is not None else Decimal(0)


def table_two(agency: Agency, year: int, edition: Edition | None = None) -> Report:
    """An annual report for `agency` and `year` with table 二 filled from the registers, in the
    edition in force for the year unless another is asked for (to compare a year in both formats).

    Four queries (three for E2021) whatever the size of the registers; the other tables are left empty (None).
    """
    edition = edition or edition_for_year(year)
    report = Report(
        agency=agency.name,
        year=year,
        edition=edition,
        level=Level(agency.level) if agency.level else None,
        government=agency.is_government,
        period=(dt.date(year, 1, 1), dt.date(year, 12, 31)),
    )
    documents = document_counts(agency, year)
    decisions = decision_counts(agency, year)
    if edition is Edition.E2019:
        matters = matter_counts(agency, year)
        for kind, counts in documents.items():
            for column in ("made", "published", "total_public"):
                report.set("art20_1", kind, column, counts[column])
        for table, kinds in (
            ("art20_5", ("license", "other_services")),
            ("art20_6", ("penalty", "coercion")),
        ):
            for kind in kinds:
                before, now = matters[kind]
                report.set(table, kind, "prev_items", before)
                report.set(table, kind, "delta", now - before)
                report.set(table, kind, "decisions", decisions[kind])
        before, now = matters[MatterKind.FEES]
        report.set("art20_8", "fees", "prev_items", before)
        report.set("art20_8", "fees", "delta", now - before)
        procurement = Procurement.objects.filter(agency=agency, year=year).aggregate(
            projects=Count("id"), amount=Sum("amount")
        )
        report.set("art20_9", "procurement", "projects", int(procurement["projects"]))
        report.set("art20_9", "procurement", "amount", _decimal(procurement["amount"]))
    else:
        for kind, counts in documents.items():
            report.set("art20_1", kind, "issued", counts["made"])
            report.set("art20_1", kind, "repealed", counts["repealed"])
            report.set("art20_1", kind, "in_force", counts["in_force"])
        report.set("art20_5", "license", "decisions", decisions[DecisionKind.LICENSE])
        for kind in ("penalty", "coercion"):
            report.set("art20_6", kind, "decisions", decisions[kind])
        fees = FeeCollection.objects.filter(agency=agency, year=year).aggregate(total=Sum("amount"))
        report.set("art20_8", "fees", "amount", _decimal(fees["total"]) / YUAN_PER_WAN)
    return report


# --- the staff pages ------------------------------------------------------------------------


@dataclass(frozen=True)
class Summary:
    """What the registers hold for one agency and year, for the registers' index page."""

    documents: dict[str, dict[str, int]]  # document_counts
    cleanups: int  # campaigns decided in the year
    matters: dict[str, tuple[int, int]]  # matter_counts
    decisions: dict[str, int]  # decision_counts
    fee_items: int
    fee_total: Decimal  # 元
    procurement_projects: int
    procurement_total: Decimal  # 万元
    events: list[RegisterEvent]  # the latest changes to any register of the agency


LATEST_EVENTS = 10


def summary(agency: Agency, year: int) -> Summary:
    """Seven queries whatever the size of the registers."""
    fees = FeeCollection.objects.filter(agency=agency, year=year).aggregate(
        n=Count("id"), total=Sum("amount")
    )
    procurement = Procurement.objects.filter(agency=agency, year=year).aggregate(
        n=Count("id"), total=Sum("amount")
    )
    events = RegisterEvent.objects.filter(agency=agency).select_related("actor").order_by("-at", "-id")
    return Summary(
        documents=document_counts(agency, year),
        cleanups=Cleanup.objects.filter(agency=agency, decided_on__year=year).count(),
        matters=matter_counts(agency, year),
        decisions=decision_counts(agency, year),
        fee_items=int(fees["n"]),
        fee_total=_decimal(fees["total"]),
        procurement_projects=int(procurement["n"]),
        procurement_total=_decimal(procurement["total"]),
        events=list(events[:LATEST_EVENTS]),
    )


def documents(
    agency: Agency, *, year: int | None = None, kind: str = "", text: str = ""
) -> QuerySet[NormativeDocument]:
    """The agency's documents, made in `year` if given, by kind, with `text` in the name or 文号."""
    rows = NormativeDocument.objects.filter(agency=agency)
    if year is not None:
        rows = rows.filter(made_on__year=year)
    if kind:
        rows = rows.filter(kind=kind)
    if text:
        rows = rows.filter(Q(title__icontains=text) | Q(doc_number__icontains=text))
    return rows.order_by("-made_on", "-id")


def cleanup_candidates(agency: Agency) -> QuerySet[NormativeDocument]:
    """Documents a clean-up may review: the agency's documents still in force."""
    return NormativeDocument.objects.filter(agency=agency, status=DocumentStatus.IN_FORCE).order_by(
        "kind", "made_on", "id"
    )


def cleanups(agency: Agency, *, year: int | None = None, text: str = "") -> QuerySet[Cleanup]:
    """Clean-up campaigns with how many documents each kept, amended and declared invalid."""
    rows = Cleanup.objects.filter(agency=agency)
    if year is not None:
        rows = rows.filter(decided_on__year=year)
    if text:
        rows = rows.filter(name__icontains=text)
    return rows.annotate(
        reviewed=Count("decisions"),
        kept=Count("decisions", filter=Q(decisions__decision=CleanupOutcome.KEPT)),
        amended=Count("decisions", filter=Q(decisions__decision=CleanupOutcome.AMENDED)),
        invalid=Count("decisions", filter=Q(decisions__decision=CleanupOutcome.INVALID)),
    ).order_by("-decided_on", "-id")


def cleanup_decisions(cleanup: Cleanup) -> QuerySet[CleanupDecision]:
    return cleanup.decisions.select_related("document").order_by("document__kind", "document__made_on", "id")


def cleanup_decisions_of(chosen: list[Cleanup]) -> QuerySet[CleanupDecision]:
    """The decisions of several clean-ups at once (one query), for the export."""
    return (
        CleanupDecision.objects.filter(cleanup__in=chosen)
        .select_related("document")
        .order_by("document__kind", "document__made_on", "id")
    )


def matters(agency: Agency, *, year: int | None = None, kind: str = "", text: str = "") -> QuerySet[Matter]:
    """The agency's matters, those on the list at any time during `year` if given."""
    rows = Matter.objects.filter(agency=agency)
    if year is not None:
        rows = rows.filter(
            Q(listed_from__lte=dt.date(year, 12, 31))
            & (Q(delisted_on__isnull=True) | Q(delisted_on__gt=dt.date(year, 1, 1)))
        )
    if kind:
        rows = rows.filter(kind=kind)
    if text:
        rows = rows.filter(name__icontains=text)
    return rows.order_by("kind", "name", "listed_from", "id")


def decisions(
    agency: Agency, *, year: int | None = None, kind: str = "", text: str = ""
) -> QuerySet[Decision]:
    rows = Decision.objects.filter(agency=agency)
    if year is not None:
        rows = rows.filter(decided_on__year=year)
    if kind:
        rows = rows.filter(kind=kind)
    if text:
        rows = rows.filter(reference__icontains=text)
    return rows.order_by("-decided_on", "-id")


def fee_collections(agency: Agency, *, year: int | None = None, text: str = "") -> QuerySet[FeeCollection]:
    rows = FeeCollection.objects.filter(agency=agency)
    if year is not None:
        rows = rows.filter(year=year)
    if text:
        rows = rows.filter(item__icontains=text)
    return rows.order_by("-year", "item", "id")


def procurements(agency: Agency, *, year: int | None = None, text: str = "") -> QuerySet[Procurement]:
    rows = Procurement.objects.filter(agency=agency)
    if year is not None:
        rows = rows.filter(year=year)
    if text:
        rows = rows.filter(project__icontains=text)
    return rows.order_by("-year", "project", "id")


def amount_total(rows: QuerySet[FeeCollection] | QuerySet[Procurement]) -> Decimal:
    """The sum of the listed rows' amounts (one query)."""
    return _decimal(rows.aggregate(total=Sum("amount"))["total"])
