"""/open-data/: the published annual reports as data, public (no account), GET only.

/open-data/ lists the years with the agencies that published, each year's files are
/open-data/<year>.csv and /open-data/<year>.json (open_data.py says what is in them and
docs/open-data.md how to read them). A year without a published report answers 404.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import open_data

CACHE = "public, max-age=300"


def _year(year: int) -> int:
    if not any(y.year == year for y in open_data.years()):
        raise Http404("该年度没有已发布的年度报告")
    return year


def _stream(chunks: Iterator[str], content_type: str, filename: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse((c.encode("utf-8") for c in chunks), content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = CACHE
    return response


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    by_year = open_data.agencies_by_year()
    years = [{"summary": y, "agencies": by_year.get(y.year, [])} for y in open_data.years()]
    response = render(request, "reports/public/open_data.html", {"years": years})
    response["Cache-Control"] = CACHE
    return response


@require_GET
def year_csv(request: HttpRequest, year: int) -> StreamingHttpResponse:
    return _stream(open_data.csv_rows(_year(year)), "text/csv; charset=utf-8", f"annual-reports-{year}.csv")


@require_GET
def year_json(request: HttpRequest, year: int) -> StreamingHttpResponse:
    return _stream(
        open_data.json_chunks(_year(year)), "application/json; charset=utf-8", f"annual-reports-{year}.json"
    )
