"""The portal's 政府信息公开工作年度报告 column (no account needed): every agency's published
reports, newest year first; one agency's; one report as a printable page with its PDF and DOCX.

Only published revisions exist here: a draft, a report in sign-off, filed or accepted answers
404, as a report that does not exist. Every view is GET only: nothing on the portal changes a
report (a POST gets 405).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import Any

from django.db.models import QuerySet
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET

from gongkai.agencies.models import Agency
from gongkai.annual_report.editions import SECTION_NUMERALS
from gongkai.annual_report.model import Report
from gongkai.annual_report.renderers.layout import section_tables, template_table
from gongkai.catalogue.models import Attachment
from gongkai.core.filecheck import Kind as FileKind

from .models import AnnualReport, Origin, Status
from .publication import DOCX_TYPE, PDF_TYPE

DOWNLOADS = {"pdf": (FileKind.PDF, PDF_TYPE), "docx": (FileKind.DOCX, DOCX_TYPE)}
SOURCE = "original"  # an imported report's file, as the agency published it


def published_reports() -> QuerySet[AnnualReport]:
    """The only door to the column: published revisions (a draft never passes)."""
    return AnnualReport.objects.filter(status=Status.PUBLISHED).select_related("agency", "catalogue_item")


def agency_key(agency: Agency) -> str:
    return str(agency.pk)


def report_url(report: AnnualReport, *, exact: bool = False) -> str:
    """The report's page: /reports/<agency>/<year>/ is the newest published revision; `exact`
    names this revision (/reports/<agency>/<year>/<revision>/)."""
    if exact:
        return reverse(
            "public_reports:revision", args=[agency_key(report.agency), report.year, report.revision]
        )
    return reverse("public_reports:report", args=[agency_key(report.agency), report.year])


def download_url(report: AnnualReport, suffix: str) -> str:
    return reverse(
        "public_reports:download", args=[agency_key(report.agency), report.year, report.revision, suffix]
    )


def _agency(key: str) -> Agency:
    """An agency by its 组织机构代码 or by its number; 404 for anything else."""
    key = key.strip()
    found = Agency.objects.filter(org_code=key).first() if key else None
    if found is None and key.isascii() and key.isdigit() and len(key) <= 12:
        found = Agency.objects.filter(pk=int(key)).first()
    if found is None:
        raise Http404("没有这个机关")
    return found


@dataclass(frozen=True)
class YearEntry:
    """One agency's report on one year: the newest published revision and the earlier ones."""

    agency: Agency
    year: int
    revisions: list[AnnualReport]  # newest first

    @property
    def newest(self) -> AnnualReport:
        return self.revisions[0]

    @property
    def url(self) -> str:
        return report_url(self.newest)


def _entries(reports: QuerySet[AnnualReport]) -> list[YearEntry]:
    rows = reports.order_by("-year", "agency__path", "-revision")
    return [
        YearEntry(agency=group[0].agency, year=group[0].year, revisions=group)
        for group in (list(g) for _, g in groupby(rows, key=lambda r: (r.year, r.agency_id)))
    ]


@require_GET
def column(request: HttpRequest) -> HttpResponse:
    """/reports/: every agency's published reports, newest year first."""
    entries = _entries(published_reports())
    years = [(year, list(group)) for year, group in groupby(entries, key=lambda e: e.year)]
    return render(request, "reports/public/column.html", {"years": years})


@require_GET
def agency_column(request: HttpRequest, agency: str) -> HttpResponse:
    """/reports/<agency>/: one agency's published reports, all years, newest first."""
    body = _agency(agency)
    entries = _entries(published_reports().filter(agency=body))
    return render(request, "reports/public/agency.html", {"agency": body, "entries": entries})


def _sections(report: Report) -> list[dict[str, Any]]:
    """The six sections as the edition lays them out, each with its text and its tables."""
    sections = []
    n = 0
    for number, title in enumerate(report.definition.section_titles, start=1):
        tables = []
        for layout in section_tables(report, number):
            table = template_table(layout)
            n += 1
            table["n"] = n
            table["caption"] = f"表{SECTION_NUMERALS[number - 1]}" + (
                f"　{layout.caption}" if layout.caption != title else ""
            )
            tables.append(table)
        found = report.section(number)
        sections.append(
            {
                "number": number,
                "heading": f"{SECTION_NUMERALS[number - 1]}、{title}",
                "text": found.text if found else "",
                "tables": tables,
            }
        )
    return sections


def _files(report: AnnualReport) -> list[dict[str, Any]]:
    if report.origin == Origin.IMPORTED and report.source_file:
        # From before the platform: the file the agency published, byte for byte, is the record.
        return [
            {
                "label": "原文件",
                "url": download_url(report, SOURCE),
                "size": report.source_file.size,
                "name": report.source_filename,
            }
        ]
    if report.catalogue_item is None:
        return []
    by_kind = {a.kind: a for a in report.catalogue_item.attachments.defer("text")}
    files = []
    for suffix, (kind, _) in DOWNLOADS.items():
        attachment = by_kind.get(kind)
        if attachment is not None:
            files.append(
                {
                    "label": "PDF" if suffix == "pdf" else "Word（DOCX）",
                    "url": download_url(report, suffix),
                    "size": attachment.size,
                    "sha256": attachment.sha256,
                    "name": attachment.name,
                }
            )
    return files


def _show(request: HttpRequest, report: AnnualReport) -> HttpResponse:
    assert report.content is not None  # a published report's content is frozen
    composed = Report.from_dict(report.content)
    revisions = list(published_reports().filter(agency=report.agency, year=report.year).order_by("revision"))
    corrected_by = next((r for r in revisions if r.supersedes_id == report.pk), None)
    supersedes = next((r for r in revisions if r.pk == report.supersedes_id), None)
    context = {
        "report": report,
        "composed": composed,
        "sections": _sections(composed),
        "files": _files(report),
        "revisions": [(r, report_url(r, exact=True)) for r in revisions],
        "supersedes": supersedes,
        "supersedes_url": report_url(supersedes, exact=True) if supersedes else "",
        "corrected_by": corrected_by,
        "corrected_by_url": report_url(corrected_by, exact=True) if corrected_by else "",
        "newest": revisions[-1].pk == report.pk,
        "permalink": request.build_absolute_uri(report_url(report, exact=True)),
        "agency_url": reverse("public_reports:agency", args=[agency_key(report.agency)]),
    }
    return render(request, "reports/public/report.html", context)


@require_GET
def report_page(request: HttpRequest, agency: str, year: int) -> HttpResponse:
    """/reports/<agency>/<year>/: the newest published revision of the agency's report on the year."""
    body = _agency(agency)
    report = published_reports().filter(agency=body, year=year).order_by("-revision").first()
    if report is None:
        raise Http404("没有这份年度报告")
    return _show(request, report)


def _revision(agency: str, year: int, revision: int) -> AnnualReport:
    body = _agency(agency)
    report = published_reports().filter(agency=body, year=year, revision=revision).first()
    if report is None:
        raise Http404("没有这份年度报告")
    return report


@require_GET
def revision_page(request: HttpRequest, agency: str, year: int, revision: int) -> HttpResponse:
    """/reports/<agency>/<year>/<revision>/: one published revision (an original or a correction)."""
    return _show(request, _revision(agency, year, revision))


@require_GET
def download(request: HttpRequest, agency: str, year: int, revision: int, suffix: str) -> FileResponse:
    """The published PDF or DOCX, byte for byte as published (its SHA-256 is on the page); for a
    report imported from before the platform, the original file."""
    if suffix == SOURCE:
        return _original(_revision(agency, year, revision))
    if suffix not in DOWNLOADS:
        raise Http404("没有这种格式")
    report = _revision(agency, year, revision)
    kind, content_type = DOWNLOADS[suffix]
    found: Attachment | None = (
        Attachment.objects.filter(item_id=report.catalogue_item_id, kind=kind).defer("text").first()
        if report.catalogue_item_id
        else None
    )
    if found is None:
        raise Http404("没有这个文件")
    try:
        handle = found.file.open("rb")
    except (OSError, ValueError) as error:
        raise Http404("文件不存在") from error
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=found.name) or "attachment"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    return response


def _original(report: AnnualReport) -> FileResponse:
    if report.origin != Origin.IMPORTED or not report.source_file:
        raise Http404("没有这个文件")
    try:
        handle = report.source_file.open("rb")
    except (OSError, ValueError) as error:
        raise Http404("文件不存在") from error
    response = FileResponse(handle, content_type="application/octet-stream")
    response["Content-Disposition"] = (
        content_disposition_header(as_attachment=True, filename=report.source_filename) or "attachment"
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "public, max-age=3600"
    return response
