"""Open data: each year's published annual reports as data (docs/open-data.md).

Only what the portal publishes: the newest published revision of each agency's report of the
year (a correction replaces the report it corrects). A draft, a report in sign-off, filed,
returned or accepted never appears, nor do the files a supervisor collects from units that are
not on the platform (they are that unit's own publication, not the platform's).

- :func:`csv_rows`: one row per agency × canonical cell (``table.row.column``, DOMAIN.md), the
  "long" table a researcher pivots as needed; empty value = not filled in (never 0).
- :func:`json_chunks`: the year as one JSON document, each report as its canonical JSON (the
  same as /api/reports/{agency}/{year}) with who published it and when.
- :func:`year_page`: one page of the year's reports, for the API.

Read as a stream (the records in chunks), so a province's year never sits in memory at once.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, QuerySet

from gongkai.annual_report.editions import EDITIONS, Edition
from gongkai.annual_report.model import table_name

from .models import AnnualReport, Status

FIELDS = ("id", "agency", "year", "revision", "edition", "content", "published_on", "content_sha256")
CHUNK = 200
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")  # text a spreadsheet would run as a formula

CSV_HEADER = (
    "year",
    "agency_id",
    "agency",
    "org_code",
    "level",
    "revision",
    "published_on",
    "edition",
    "table",
    "row",
    "column",
    "key",
    "table_label",
    "row_label",
    "column_label",
    "value",
)


def _published(year: int) -> QuerySet[AnnualReport]:
    """The only door: published revisions of the year, newest revision first within an agency."""
    return (
        AnnualReport.objects.filter(year=year, status=Status.PUBLISHED, content__isnull=False)
        .select_related("agency")
        .only(*FIELDS, "agency__name", "agency__org_code", "agency__level", "agency__path")
        .order_by("agency__path", "agency_id", "-revision")
    )


def newest(rows: Iterable[AnnualReport]) -> Iterator[AnnualReport]:
    """Each agency's newest published revision (rows ordered by agency, newest revision first)."""
    seen: int | None = None
    for row in rows:
        if row.agency_id != seen:
            seen = row.agency_id
            yield row


def reports_of(year: int) -> Iterator[AnnualReport]:
    return newest(_published(year).iterator(chunk_size=CHUNK))


@dataclass(frozen=True)
class YearSummary:
    year: int
    agencies: int


def years() -> list[YearSummary]:
    """The years with published reports, newest first, with how many agencies published."""
    rows = (
        AnnualReport.objects.filter(status=Status.PUBLISHED, content__isnull=False)
        .values("year")
        .annotate(agencies=Count("agency", distinct=True))
        .order_by("-year")
    )
    return [YearSummary(r["year"], r["agencies"]) for r in rows]


def agencies_by_year() -> dict[int, list[tuple[int, str]]]:
    """Year → the agencies (id, name) that published a report on it, in the tree's order."""
    rows = (
        AnnualReport.objects.filter(status=Status.PUBLISHED, content__isnull=False)
        .values_list("year", "agency_id", "agency__name")
        .order_by("-year", "agency__path")
        .distinct()
    )
    out: dict[int, list[tuple[int, str]]] = {}
    for year, agency_id, name in rows:
        out.setdefault(year, []).append((agency_id, name))
    return out


# --- one report as data ------------------------------------------------------------------------


def entry(report: AnnualReport) -> dict[str, Any]:
    """A report as the JSON and the API give it: who, when, which revision, and the report."""
    agency = report.agency
    return {
        "agency_id": agency.pk,
        "agency": agency.name,
        "org_code": agency.org_code or None,
        "level": agency.level,
        "year": report.year,
        "revision": report.revision,
        "published_on": report.published_on.isoformat() if report.published_on else None,
        "content_sha256": report.content_sha256 or None,
        "report": report.content,
    }


def _text(value: str) -> str:
    """Text that would run as a formula in a spreadsheet gets a leading apostrophe."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def cells(report: AnnualReport) -> Iterator[tuple[Any, ...]]:
    """The report's canonical cells, in the order of the format."""
    content = report.content or {}
    edition = EDITIONS[Edition(content.get("edition", report.edition))]
    tables = content.get("tables") or {}
    agency = report.agency
    head = (
        report.year,
        agency.pk,
        _text(agency.name),
        _text(agency.org_code or ""),
        agency.level,
        report.revision,
        report.published_on.isoformat() if report.published_on else "",
        str(edition.edition),
    )
    for table in edition.tables:
        values = tables.get(table.key) or {}
        for row in table.rows:
            for column in table.columns:
                value = (values.get(row.key) or {}).get(column.key)
                yield (
                    *head,
                    table.key,
                    row.key,
                    column.key,
                    f"{table.key}.{row.key}.{column.key}",
                    table_name(table),
                    row.label,
                    column.label,
                    "" if value is None else str(value),
                )


# --- the year's files ----------------------------------------------------------------------------

BOM = "\ufeff"  # Excel opens UTF-8 CSV as UTF-8 only with it


def csv_rows(year: int) -> Iterator[str]:
    """The year's CSV, line by line (CRLF, the first with a BOM)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")

    def line(values: Iterable[Any]) -> str:
        writer.writerow(values)
        text = buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
        return text

    yield BOM + line(CSV_HEADER)
    for report in reports_of(year):
        yield "".join(line(values) for values in cells(report))


def json_chunks(year: int) -> Iterator[str]:
    """The year's JSON document, report by report."""
    yield f'{{"year": {year}, "reports": ['
    for n, report in enumerate(reports_of(year)):
        yield ("," if n else "") + "\n" + json.dumps(entry(report), ensure_ascii=False)
    yield "\n]}\n"


@dataclass(frozen=True)
class Page:
    year: int
    count: int
    page: int
    page_size: int
    results: list[dict[str, Any]]


def year_page(year: int, page: int, page_size: int) -> Page:
    """One page of the year's reports, in the tree's order (two queries: the count and the page)."""
    ids = list(newest(_published(year).only("id", "agency", "revision")))
    start = (page - 1) * page_size
    chosen = [r.pk for r in ids[start : start + page_size]]
    rows = {r.pk: r for r in _published(year).filter(pk__in=chosen)}
    return Page(year, len(ids), page, page_size, [entry(rows[pk]) for pk in chosen if pk in rows])
