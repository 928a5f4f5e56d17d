"""Table 二 of the annual report, counted from the registers: the page, the checker's findings
(against the year before for the across-years rules) and the downloads."""

from __future__ import annotations

import csv
import io
from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

from gongkai.annual_report import checker
from gongkai.annual_report.findings import Code, Finding
from gongkai.annual_report.model import Report
from gongkai.annual_report.renderers import MEDIA_TYPES, render_csv, render_json
from gongkai.annual_report.renderers import docx as docx_renderer
from gongkai.annual_report.renderers.layout import (
    Paragraph,
    Role,
    TableLayout,
    section_tables,
    template_table,
)
from gongkai.core.pages import bad_query
from gongkai.core.time import today
from gongkai.web.xlsx import XLSX_TYPE

from .. import exports, selectors
from ..forms import TableTwoForm
from .common import download
from .pages import choose_agency_form

FORMATS = ("docx", "xlsx", "csv", "json")
FORMAT_LABELS = {"docx": "Word（DOCX）", "xlsx": "Excel（XLSX）", "csv": "CSV", "json": "JSON"}
TABLE_TWO = frozenset({"art20_1", "art20_5", "art20_6", "art20_8", "art20_9"})


def _form(request: HttpRequest) -> TableTwoForm:
    form = choose_agency_form(request, TableTwoForm, today())
    assert isinstance(form, TableTwoForm)
    return form


def _report(form: TableTwoForm) -> tuple[Report, list[Finding]]:
    """Table 二 for the year, and what the checker finds in it against the year before
    (counted in the same edition, so that the across-years rules apply)."""
    agency, year, edition = form.cleaned_data["agency"], form.cleaned_data["year"], form.chosen_edition()
    report = selectors.table_two(agency, year, edition)
    previous = selectors.table_two(agency, year - 1, edition)
    findings = [
        f
        for f in checker.check(report, previous)
        if f.section == 2 or f.table in TABLE_TWO or f.code is Code.EDITION
    ]
    return report, findings


def _query(form: TableTwoForm) -> str:
    data = form.cleaned_data
    return urlencode(
        {
            "agency": data["agency"].pk,
            "year": data["year"],
            **({"edition": data["edition"]} if data["edition"] else {}),
        }
    )


@login_required
@require_GET
def table_two(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    context: dict[str, Any] = {"form": form}
    if not form.is_valid():
        return render(request, "registers/table_two.html", context, status=400)
    report, findings = _report(form)
    query = _query(form)
    agency = form.cleaned_data["agency"]
    context |= {
        "report": report,
        "agency": agency,
        "edition_label": f"{report.definition.name}（{report.definition.document}）",
        "tables": [template_table(t) for t in section_tables(report, 2)],
        "errors": [f for f in findings if f.severity == "error"],
        "warnings": [f for f in findings if f.severity != "error"],
        "downloads": [
            (FORMAT_LABELS[fmt], reverse("registers:table_two_download", args=[fmt]) + f"?{query}")
            for fmt in FORMATS
        ],
        "registers_url": reverse("registers:index")
        + "?"
        + urlencode({"agency": agency.pk, "year": report.year}),
    }
    return render(request, "registers/table_two.html", context)


def _docx(report: Report) -> bytes:
    """A Word document of table 二 alone, in the official layout of the report's DOCX."""
    title = f"{report.agency}{report.year}年度主动公开政府信息情况"
    (layout,) = section_tables(report, 2)
    blocks: list[Paragraph | TableLayout] = [
        Paragraph(Role.TITLE, title),
        Paragraph(Role.HEADING, f"二、{layout.caption}"),
        layout,
    ]
    return docx_renderer.render_blocks(blocks, title=title, author=report.agency)


def _csv(report: Report) -> bytes:
    """The canonical long CSV of the report (one line per cell), table 二's lines only."""
    text = render_csv(report)
    bom = "\ufeff" if text.startswith("\ufeff") else ""
    rows = list(csv.reader(io.StringIO(text.removeprefix(bom))))
    header, body = rows[0], rows[1:]
    table_at = header.index("table")
    out = io.StringIO(newline="")
    writer = csv.writer(out)
    writer.writerow(header)
    writer.writerows(row for row in body if row[table_at] in TABLE_TWO)
    return (bom + out.getvalue()).encode("utf-8")


@login_required
@require_GET
def table_two_download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in FORMATS:
        raise Http404("不支持的格式")
    form = _form(request)
    if not form.is_valid():
        return bad_query(form)
    report, findings = _report(form)
    if fmt == "docx":
        content = _docx(report)
    elif fmt == "xlsx":
        content = exports.table_two(report, findings)
    elif fmt == "csv":
        content = _csv(report)
    else:
        content = render_json(report, findings=findings).encode("utf-8")
    media = XLSX_TYPE if fmt == "xlsx" else MEDIA_TYPES[fmt]
    return download(content, media, f"{report.agency}{report.year}年表二（{report.edition}）.{fmt}")
