"""The public portal of the catalogue (no account): browse, item pages, search, attachments, robots.txt.

Everything here reads through the catalogue's public selectors (selectors.public_items and those
built on it), so a page can only ever show an item published as 主动公开. Bad parameters never
fail a page: the filter is left out and a message says why.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.paginator import Page, Paginator
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from gongkai.core.filecheck import Kind as FileKind
from gongkai.search.selectors import MAX_OFFSET, Hit, SearchQueryError
from gongkai.search.selectors import search as search_documents

from .. import selectors
from ..actions import SEARCH_KIND
from ..models import Attachment, CatalogueItem, Topic, Validity

SEARCH_PAGE_SIZE = 20
MAX_ECHO_CHARS = 200  # what a search box gives back of a query, however long it was

# The types a download may be served as, per kind of attachment; anything else goes out as bytes.
SERVED_TYPES = {
    FileKind.PDF: {"application/pdf"},
    FileKind.DOCX: {"application/vnd.openxmlformats-officedocument.wordprocessingml.document"},
    FileKind.XLSX: {"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"},
    FileKind.IMAGE: {"image/png", "image/jpeg", "image/gif", "image/webp"},
}
# Opened in the browser; everything else is saved (an SVG or HTML file is never rendered here).
INLINE_TYPES = {"application/pdf", "image/png", "image/jpeg", "image/gif", "image/webp"}

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def item_url(item: CatalogueItem) -> str:
    """An item's permalink: its 索引号 (which contains "/", so the route takes a path)."""
    return reverse("portal:item", kwargs={"index_number": item.index_number})


def attachment_url(attachment: Attachment) -> str:
    return reverse("portal:attachment", kwargs={"pk": attachment.pk, "name": attachment.name or "附件"})


def _text(request: HttpRequest, name: str) -> str:
    """A parameter as text: NUL bytes dropped, surrounding spaces trimmed."""
    return request.GET.get(name, "").replace("\x00", "").strip()


def _int(value: str) -> int | None:
    return int(value) if value.isascii() and value.isdigit() and len(value) <= 12 else None


# --- browse ----------------------------------------------------------------------------------------


@dataclass
class Link:
    """One choice of a filter: its count under the other filters, and the address that picks it
    (or, when it is the chosen one, takes it off)."""

    value: str
    label: str
    count: int
    href: str
    chosen: bool
    depth: int = 0
    children: list[Link] = field(default_factory=list)

    @property
    def indent(self) -> str:
        return "　" * self.depth  # ideographic spaces: an <option> keeps them


def _href(filters: dict[str, str], name: str, value: str) -> str:
    """The browse address with one filter set to value (or taken off if it had it), from page 1."""
    chosen = filters.get(name) == value
    params = {key: v for key, v in {**filters, name: "" if chosen else value}.items() if v}
    return "?" + urlencode(params) if params else "?"


def _links(filters: dict[str, str], name: str, facets: list[selectors.Facet]) -> list[Link]:
    return [
        Link(f.value, f.label, f.count, _href(filters, name, f.value), filters.get(name) == f.value)
        for f in facets
    ]


def _agency_links(filters: dict[str, str], nodes: list[selectors.AgencyNode]) -> list[Link]:
    return [
        Link(
            value=str(node.agency.pk),
            label=node.agency.name,
            count=node.count,
            href=_href(filters, "agency", str(node.agency.pk)),
            chosen=filters.get("agency") == str(node.agency.pk),
            depth=node.depth,
            children=_agency_links(filters, node.children),
        )
        for node in nodes
    ]


def _flatten(links: list[Link]) -> list[Link]:
    return [flat for link in links for flat in (link, *_flatten(link.children))]


@require_safe
def browse(request: HttpRequest) -> HttpResponse:
    errors: list[str] = []
    agency_text, topic, year_text, validity = (
        _text(request, name) for name in ("agency", "topic", "year", "validity")
    )
    agency_id = _int(agency_text) if agency_text else None
    if agency_text and agency_id is None:
        errors.append("发布机构参数无效，已显示全部机关的信息。")
    if topic and topic not in Topic.values:
        errors.append("没有这个主题分类，已显示全部主题的信息。")
        topic = ""
    year = _int(year_text) if year_text else None
    if year_text and (year is None or not 1900 <= year <= 2999):
        errors.append("发布年份须为四位数字（如2026），已显示全部年份的信息。")
        year = None
    if validity and validity not in Validity.values:
        errors.append("有效性只能是有效、失效或废止，已显示全部信息。")
        validity = ""
    filters = selectors.PortalFilters(agency_id=agency_id, topic=topic, year=year, validity=validity)
    catalogue = selectors.browse_catalogue(filters, _int(_text(request, "page")) or 1)
    agency = next((n.agency for n in catalogue.agencies.in_order if n.agency.pk == agency_id), None)
    if agency_id is not None and agency is None:
        errors.append("没有这个发布机构，请从列表中选择。")
    current = {
        "agency": "" if agency_id is None else str(agency_id),
        "topic": topic,
        "year": "" if year is None else str(year),
        "validity": validity,
    }
    agency_links = _agency_links(current, catalogue.agencies.roots)
    chosen = [
        label
        for label in (
            agency.name if agency else "",
            Topic(topic).label if topic else "",
            f"{year}年发布" if year else "",
            Validity(validity).label if validity else "",
        )
        if label
    ]
    context = {
        "catalogue": catalogue,
        "page": catalogue.page,
        "current": current,
        "chosen": chosen,
        "errors": errors,
        "agency_links": agency_links,
        "agency_options": _flatten(agency_links),
        "topic_links": _links(current, "topic", catalogue.topics),
        "year_links": _links(current, "year", catalogue.years),
        "validity_links": _links(current, "validity", catalogue.validities),
        "feed_url": (
            reverse("portal:agency_feed", kwargs={"agency_id": agency.pk})
            if agency
            else reverse("portal:feed")
        ),
    }
    return render(request, "catalogue/public/browse.html", context)


# --- one item --------------------------------------------------------------------------------------


@require_safe
def item(request: HttpRequest, index_number: str) -> HttpResponse:
    if "\x00" in index_number:  # no 索引号 has one, and PostgreSQL refuses to compare it
        raise Http404("没有这条政府信息")
    page = selectors.public_item_page(index_number=index_number)
    if page is None:
        raise Http404("没有这条政府信息")
    if page.withdrawn:
        # 410 Gone: the address was public and is no more; search engines drop it.
        return render(
            request, "catalogue/public/withdrawn.html", {"page": page, "item": page.item}, status=410
        )
    context = {
        "page": page,
        "item": page.item,
        "attachments": [(attachment, attachment_url(attachment)) for attachment in page.attachments],
        "permalink": request.build_absolute_uri(item_url(page.item)),
    }
    return render(request, "catalogue/public/item.html", context)


@require_safe
def item_by_id(request: HttpRequest, pk: int) -> HttpResponse:
    page = selectors.public_item_page(pk=pk)
    if page is None:
        raise Http404("没有这条政府信息")
    return HttpResponsePermanentRedirect(item_url(page.item))


@require_safe
def attachment(request: HttpRequest, pk: int, name: str) -> FileResponse:
    """A public item's attachment, under its original name; never the stored file's own address."""
    found = selectors.public_attachment(pk)
    if found is None:
        raise Http404("没有这个附件")
    served = SERVED_TYPES.get(FileKind(found.kind), set()) if found.kind in FileKind.values else set()
    content_type = found.content_type if found.content_type in served else "application/octet-stream"
    try:
        handle = found.file.open("rb")
    except (OSError, ValueError) as error:  # the file is missing from storage
        raise Http404("附件文件不存在") from error
    response = FileResponse(handle, content_type=content_type)
    disposition = content_disposition_header(
        as_attachment=content_type not in INLINE_TYPES, filename=found.name or "附件"
    )
    response["Content-Disposition"] = disposition or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "no-cache"  # a withdrawn item's files go at once
    return response


# --- search ----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Result:
    hit: Hit
    item: CatalogueItem


def _date(value: str, label: str, errors: list[str]) -> dt.date | None:
    if not value:
        return None
    if _DATE.fullmatch(value):
        try:
            return dt.date.fromisoformat(value)
        except ValueError:
            pass
    errors.append(f"{label}须写成“2026-06-30”这样的日期，本次检索未按{label}筛选。")
    return None


@require_safe
def search(request: HttpRequest) -> HttpResponse:
    errors: list[str] = []
    raw_query = request.GET.get("q")
    query = (raw_query or "").replace("\x00", "")
    agencies = selectors.agency_tree()
    known = {node.agency.pk for node in agencies.in_order}
    agency_text = _text(request, "agency")
    agency_id = _int(agency_text) if agency_text else None
    if agency_text and agency_id not in known:
        errors.append("没有这个发布机构，本次检索未按发布机构筛选。")
        agency_id = None
    date_from = _date(_text(request, "from"), "起始日期", errors)
    date_to = _date(_text(request, "to"), "截止日期", errors)
    if date_from and date_to and date_from > date_to:
        errors.append("起始日期不能晚于截止日期，本次检索未按发布日期筛选。")
        date_from = date_to = None

    message = ""
    results: list[Result] = []
    page: Page[int] | None = None
    capped = False
    more = False  # more matches than counted: "超过 N 条" (a common word's count stops past the page)
    if raw_query is not None:
        last_page = MAX_OFFSET // SEARCH_PAGE_SIZE + 1  # deeper pages are refused by search
        number = min(max(_int(_text(request, "page")) or 1, 1), last_page)

        def run(number: int) -> tuple[int, bool, list[Hit]]:
            found = search_documents(
                query,
                kinds=[SEARCH_KIND],
                agency_ids=None if agency_id is None else [agency_id],
                date_from=date_from,
                date_to=date_to,
                limit=SEARCH_PAGE_SIZE,
                offset=(number - 1) * SEARCH_PAGE_SIZE,
            )
            return found.total, found.more, found.hits

        try:
            total, more, hits = run(number)
            if not hits and total:  # past the last page: show the last one
                number = min(math.ceil(total / SEARCH_PAGE_SIZE), last_page)
                total, more, hits = run(number)
        except SearchQueryError as error:
            message = error.message
        else:
            items = selectors.public_items_by_id([hit.object_id for hit in hits])
            results = [Result(hit, items[hit.object_id]) for hit in hits if hit.object_id in items]
            page = Paginator(range(total), SEARCH_PAGE_SIZE).get_page(number)
            capped = page.paginator.num_pages > last_page

    context = {
        "query": query[:MAX_ECHO_CHARS],
        "searched": raw_query is not None,
        "message": message,
        "errors": errors,
        "results": results,
        "page": page,
        "capped": capped,
        "more": more,
        "last_page": MAX_OFFSET // SEARCH_PAGE_SIZE + 1,
        "agency_options": [(n.agency.pk, "　" * n.depth + n.agency.name) for n in agencies.in_order],
        "agency_id": agency_id,
        "date_from": date_from,
        "date_to": date_to,
    }
    return render(request, "catalogue/public/search.html", context)


# --- robots.txt ------------------------------------------------------------------------------------


@require_safe
def robots_txt(request: HttpRequest) -> HttpResponse:
    """Crawlers: the portal and its sitemap; not the workbench, the back office or the case tracker."""
    lines = [
        "User-agent: *",
        "Disallow: /work/",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /login/",
        "Disallow: /track/",
        "Disallow: /search",
        f"Sitemap: {request.build_absolute_uri(reverse('portal:sitemap'))}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")
