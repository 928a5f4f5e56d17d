"""Reads of the catalogue, scoped through the agencies' selectors, each in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from typing import Any, overload

from django.core.paginator import Page, Paginator
from django.db.models import Count, F, Max, QuerySet
from django.db.models.functions import ExtractYear

from gongkai.agencies.models import Agency
from gongkai.agencies.selectors import User, readable_agencies
from gongkai.clock import WorkingCalendar, period_end
from gongkai.core import time as core_time
from gongkai.core.calendar import current_calendar

from .models import (
    UNPUBLISHED_STATUSES,
    Attachment,
    Attribute,
    CatalogueItem,
    ChannelRelease,
    Event,
    EventKind,
    Status,
    Topic,
    Validity,
)

PUBLISH_WITHIN_WORKING_DAYS = 20  # Art. 26
DUE_SOON_WORKING_DAYS = 3


def visible_items(user: User) -> QuerySet[CatalogueItem]:
    """Items the user may read: their agencies', and a supervisor's whole subtree."""
    return CatalogueItem.objects.filter(agency__in=readable_agencies(user)).select_related("agency")


def publication_due(item: CatalogueItem, calendar: WorkingCalendar | None = None) -> dt.date:
    """The last day to publish under Art. 26: 20 working days counted from the day after 成文日期."""
    return period_end(item.written_on, PUBLISH_WITHIN_WORKING_DAYS, calendar or current_calendar()).due


@dataclass(frozen=True)
class DueItem:
    item: CatalogueItem
    due_on: dt.date
    overdue: bool
    working_days_left: int  # 0 when due today or overdue

    @property
    def step_label(self) -> str:
        step = self.item.current_step
        return str(step["label"]) if step else self.item.get_status_display()


def publication_due_list(
    agency: Agency,
    *,
    today: dt.date | None = None,
    soon: int = DUE_SOON_WORKING_DAYS,
    include_all: bool = False,
) -> list[DueItem]:
    """Unpublished items of the agency that are overdue or due within `soon` working days
    (every unpublished item with include_all), most urgent first. Items fixed as 不予公开 are
    never published and are left out."""
    day = today or core_time.today()
    calendar = current_calendar()
    items = (
        CatalogueItem.objects.filter(agency=agency, status__in=UNPUBLISHED_STATUSES)
        .exclude(attribute=Attribute.WITHHELD)
        .select_related("agency")
    )
    rows = [_due_item(item, calendar, day) for item in items]
    rows = [r for r in rows if include_all or r.overdue or r.working_days_left <= soon]
    rows.sort(key=lambda r: (r.due_on, r.item.pk))
    return rows


def _due_item(item: CatalogueItem, calendar: WorkingCalendar, day: dt.date) -> DueItem:
    due = publication_due(item, calendar)
    return DueItem(
        item=item, due_on=due, overdue=due < day, working_days_left=calendar.working_days_between(day, due)
    )


@dataclass(frozen=True)
class WorkRow:
    item: CatalogueItem
    due: DueItem | None  # None once published or withdrawn, or when fixed as 不予公开

    @property
    def step_label(self) -> str:
        return self.due.step_label if self.due else self.item.get_status_display()


WORK_LIST_LIMIT = 200


def release_counts(agency: Agency, year: int, *, subtree: bool = False) -> dict[tuple[str, str], int]:
    """主动公开 releases in a year, per (主题分类, channel): one aggregate query."""
    agencies = agency.subtree() if subtree else Agency.objects.filter(pk=agency.pk)
    rows = (
        ChannelRelease.objects.filter(
            item__agency__in=agencies, item__attribute=Attribute.PROACTIVE, released_on__year=year
        )
        .values("item__topic", "channel")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {(row["item__topic"], row["channel"]): row["n"] for row in rows}


def published_per_year(agency: Agency) -> dict[int, int]:
    """Items the agency published, per year of publication (one query)."""
    rows = (
        CatalogueItem.objects.filter(agency=agency, published_on__isnull=False)
        .annotate(year=ExtractYear("published_on"))
        .values("year")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {row["year"]: row["n"] for row in rows}


# --- the public portal ---------------------------------------------------------------------------


def public_items() -> QuerySet[CatalogueItem]:
    """What the public may see, and the only door to it: items published as 主动公开.

    Drafts, items in review, sent back or approved but not yet published, items fixed as
    依申请公开 or 不予公开, and withdrawn items never pass. Every portal page, the feed, the
    sitemap, search results and attachment downloads read through here.
    """
    return CatalogueItem.objects.filter(status=Status.PUBLISHED, attribute=Attribute.PROACTIVE)


def withdrawn_items() -> QuerySet[CatalogueItem]:
    """Items that were public and have been withdrawn: their permalink says so, and nothing more."""
    return CatalogueItem.objects.filter(
        status=Status.WITHDRAWN, attribute=Attribute.PROACTIVE, index_number__isnull=False
    )


PORTAL_PAGE_SIZE = 20
# A list of items never shows these; the body can be long and is read on the item's own page.
_LIST_DEFERRED = ("body", "steps", "legal_ground_text", "withdrawal_reason", "correction_note")


def _for_lists(items: QuerySet[CatalogueItem]) -> QuerySet[CatalogueItem]:
    return items.select_related("agency").defer(*_LIST_DEFERRED).order_by("-published_on", "-id")


@dataclass(frozen=True)
class PortalFilters:
    """The portal's browsing filters; None or "" means not filtered."""

    agency_id: int | None = None
    topic: str = ""
    year: int | None = None
    validity: str = ""

    def apply(self, items: QuerySet[CatalogueItem], *, but: str = "") -> QuerySet[CatalogueItem]:
        """The items passing every filter except the one named `but` (for that filter's counts)."""
        if self.agency_id is not None and but != "agency":
            items = items.filter(agency_id=self.agency_id)
        if self.topic and but != "topic":
            items = items.filter(topic=self.topic)
        if self.year is not None and but != "year":
            items = items.filter(published_on__year=self.year)
        if self.validity and but != "validity":
            items = items.filter(validity=self.validity)
        return items


@dataclass(frozen=True)
class Facet:
    value: str
    label: str
    count: int


@dataclass
class AgencyNode:
    agency: Agency
    depth: int
    count: int  # the agency's own public items under the other filters
    children: list[AgencyNode]


@dataclass(frozen=True)
class AgencyTree:
    roots: list[AgencyNode]
    in_order: list[AgencyNode]  # the same nodes, each after its parent (for a select)


def _agency_tree(counts: dict[int, int]) -> AgencyTree:
    """Every agency, as a tree (one query: the materialised path orders parents first)."""
    nodes: dict[int, AgencyNode] = {}
    roots: list[AgencyNode] = []
    in_order: list[AgencyNode] = []
    for agency in Agency.objects.only("id", "name", "parent", "path").order_by("path"):
        parent = nodes.get(agency.parent_id) if agency.parent_id is not None else None
        node = AgencyNode(
            agency=agency,
            depth=parent.depth + 1 if parent else 0,
            count=counts.get(agency.pk, 0),
            children=[],
        )
        (parent.children if parent else roots).append(node)
        nodes[agency.pk] = node
        in_order.append(node)
    return AgencyTree(roots=roots, in_order=in_order)


def _count_by(items: QuerySet[CatalogueItem], field: str) -> dict[Any, int]:
    rows = items.values(field).annotate(n=Count("id")).order_by()
    return {row[field]: row["n"] for row in rows}


def _count_by_year(items: QuerySet[CatalogueItem]) -> dict[int, int]:
    # Grouped by day and folded into years here: at most a few hundred rows a year, and no
    # per-row year function (on SQLite that is a Python call for every item).
    years: dict[int, int] = {}
    for day, n in _count_by(items, "published_on").items():
        if day is not None:
            years[day.year] = years.get(day.year, 0) + n
    return years


class _Counted:
    """A queryset whose length the facets already counted: the paginator asks for no COUNT."""

    def __init__(self, items: QuerySet[CatalogueItem], total: int) -> None:
        self._items = items
        self._total = total

    def count(self) -> int:
        return self._total

    def __len__(self) -> int:
        return self._total

    def __iter__(self) -> Iterator[CatalogueItem]:
        return iter(self._items)

    @overload
    def __getitem__(self, index: int, /) -> CatalogueItem: ...
    @overload
    def __getitem__(self, index: slice, /) -> QuerySet[CatalogueItem]: ...
    def __getitem__(self, index: int | slice, /) -> CatalogueItem | QuerySet[CatalogueItem]:
        return self._items[index]


@dataclass(frozen=True)
class PortalCatalogue:
    page: Page[CatalogueItem]
    total: int
    agencies: AgencyTree
    topics: list[Facet]
    years: list[Facet]
    validities: list[Facet]


def browse_catalogue(
    filters: PortalFilters, page_number: int | str | None = 1, *, per_page: int | None = None
) -> PortalCatalogue:
    """One page of public items, newest first, with each filter's choices counted under the
    other filters; six queries whatever the filters and the page (a page number out of range
    gives the nearest page)."""
    base = public_items()
    by_agency = _count_by(filters.apply(base, but="agency"), "agency_id")
    by_topic = _count_by(filters.apply(base, but="topic"), "topic")
    by_validity = _count_by(filters.apply(base, but="validity"), "validity")
    by_year = _count_by_year(filters.apply(base, but="year"))
    # The agency counts are taken under every other filter: their sum, or the chosen agency's
    # own, is the number of items that pass.
    total = sum(by_agency.values()) if filters.agency_id is None else by_agency.get(filters.agency_id, 0)
    if filters.year is not None:
        by_year.setdefault(filters.year, 0)
    paginator: Paginator[CatalogueItem] = Paginator(
        _Counted(_for_lists(filters.apply(base)), total), per_page or PORTAL_PAGE_SIZE
    )
    return PortalCatalogue(
        page=paginator.get_page(page_number),
        total=total,
        agencies=_agency_tree(by_agency),
        topics=[Facet(value, str(label), by_topic.get(value, 0)) for value, label in Topic.choices],
        years=[Facet(str(year), f"{year}年", n) for year, n in sorted(by_year.items(), reverse=True)],
        validities=[Facet(value, str(label), by_validity.get(value, 0)) for value, label in Validity.choices],
    )


@dataclass(frozen=True)
class PortalFront:
    latest: list[CatalogueItem]
    total: int
    agencies: AgencyTree
    topics: list[Facet]


def portal_front(latest: int = 8) -> PortalFront:
    """The home page: the newest public items and what there is per agency and topic (four queries)."""
    base = public_items()
    by_agency = _count_by(base, "agency_id")
    by_topic = _count_by(base, "topic")
    return PortalFront(
        latest=list(_for_lists(base)[:latest]),
        total=sum(by_agency.values()),
        agencies=_agency_tree(by_agency),
        topics=[
            Facet(value, str(label), by_topic[value]) for value, label in Topic.choices if value in by_topic
        ],
    )


def latest_public_items(limit: int, *, agency_id: int | None = None) -> list[CatalogueItem]:
    """The newest public items, of one agency or of all (one query)."""
    items = public_items() if agency_id is None else public_items().filter(agency_id=agency_id)
    return list(_for_lists(items)[:limit])


def public_items_by_id(ids: Collection[int]) -> dict[int, CatalogueItem]:
    """The public ones among these items, by id (one query): search hits are resolved through here,
    so a hit whose item is not public (any more) is dropped."""
    return {item.pk: item for item in _for_lists(public_items().filter(pk__in=list(ids)))}


@dataclass(frozen=True)
class PublicItemPage:
    item: CatalogueItem
    attachments: list[Attachment]  # empty for a withdrawn item
    withdrawn_on: dt.date | None  # set when the item was withdrawn: its page shows only the notice

    @property
    def withdrawn(self) -> bool:
        return self.item.status == Status.WITHDRAWN


def public_item_page(*, index_number: str | None = None, pk: int | None = None) -> PublicItemPage | None:
    """An item's public page by its 索引号 or id (two queries), or None when the public may not
    see it. A withdrawn item keeps its permalink, for the notice that it was withdrawn and why."""
    items = (public_items() | withdrawn_items()).select_related("agency")
    if index_number is not None:
        items = items.filter(index_number=index_number)
    elif pk is not None:
        items = items.filter(pk=pk)
    else:
        return None
    item = items.first()
    if item is None:
        return None
    if item.status == Status.WITHDRAWN:
        withdrawn_on = (
            Event.objects.filter(item=item, kind=EventKind.WITHDRAWN)
            .order_by("-at", "-id")
            .values_list("on", flat=True)
            .first()
        )
        return PublicItemPage(item=item, attachments=[], withdrawn_on=withdrawn_on)
    # The extracted text is for search only, and can be long.
    return PublicItemPage(item=item, attachments=list(item.attachments.defer("text")), withdrawn_on=None)


def public_attachment(pk: int) -> Attachment | None:
    """An attachment the public may download: one of a public item's (one query)."""
    return Attachment.objects.filter(pk=pk, item__in=public_items()).defer("text").first()


def sitemap_items() -> QuerySet[CatalogueItem]:
    """Every public item's permalink and dates, in a stable order for the sitemap's pages."""
    return public_items().only("id", "index_number", "published_on", "corrected_on").order_by("id")


def public_last_changed() -> dt.date | None:
    """The latest publication or correction date of any public item (one aggregate query)."""
    dates = public_items().aggregate(published=Max("published_on"), corrected=Max("corrected_on"))
    known = [day for day in dates.values() if day is not None]
    return max(known) if known else None


def agency_tree() -> AgencyTree:
    """Every agency as a tree, without counts (one query): the search page's agency filter."""
    return _agency_tree({})


# --- the staff pages (views/work.py) -------------------------------------------------------------


def _sorted_work_rows(items: QuerySet[CatalogueItem], day: dt.date) -> list[WorkRow]:
    """Unpublished first (most urgent first), then published newest first."""
    calendar = current_calendar()
    rows: list[WorkRow] = []
    for item in items:
        waiting = item.status in UNPUBLISHED_STATUSES and item.attribute != Attribute.WITHHELD
        rows.append(WorkRow(item=item, due=_due_item(item, calendar, day) if waiting else None))
    rows.sort(
        key=lambda r: (
            (0, r.due.due_on.toordinal(), r.item.pk)
            if r.due
            else (1, -(r.item.published_on or dt.date.min).toordinal(), -r.item.pk)
        )
    )
    return rows


def staff_rows(
    user: User, *, status: str = "", today: dt.date | None = None, limit: int = WORK_LIST_LIMIT
) -> list[WorkRow]:
    """The staff list: the user's readable items (optionally of one status), unpublished first
    (most urgent first), then the published ones newest first; two queries."""
    items = visible_items(user).select_related("drafted_by")
    if status:
        items = items.filter(status=status)
    return _sorted_work_rows(items.order_by("-id")[:limit], today or core_time.today())


def export_items(user: User, *, status: str = "") -> QuerySet[CatalogueItem]:
    """Every item the staff list shows (no limit), agency by agency, newest first, with where each
    was released: two queries."""
    items = visible_items(user).prefetch_related("releases")
    if status:
        items = items.filter(status=status)
    return items.order_by("agency__name", "agency_id", F("published_on").desc(nulls_first=True), "-id")


def due_rows(user: User, *, today: dt.date | None = None, soon: int = DUE_SOON_WORKING_DAYS) -> list[DueItem]:
    """publication_due_list over every agency the user reads (a supervisor's whole subtree):
    overdue or due within `soon` working days, most urgent first; two queries."""
    day = today or core_time.today()
    calendar = current_calendar()
    items = (
        visible_items(user)
        .filter(status__in=UNPUBLISHED_STATUSES)
        .exclude(attribute=Attribute.WITHHELD)
        .order_by("id")
    )
    rows = [_due_item(item, calendar, day) for item in items]
    rows = [r for r in rows if r.overdue or r.working_days_left <= soon]
    rows.sort(key=lambda r: (r.due_on, r.item.pk))
    return rows


def item_page_items(user: User) -> QuerySet[CatalogueItem]:
    """Items the user may read, with everything the staff item page shows: five queries for one item."""
    from django.db.models import Prefetch

    from .models import Attachment as AttachmentRow
    from .models import Event as EventRow
    from .models import Review

    return (
        visible_items(user)
        .select_related("drafted_by")
        .prefetch_related(
            Prefetch("attachments", queryset=AttachmentRow.objects.select_related("uploaded_by")),
            Prefetch("reviews", queryset=Review.objects.select_related("actor")),
            Prefetch("events", queryset=EventRow.objects.select_related("actor")),
            "releases",
        )
    )
