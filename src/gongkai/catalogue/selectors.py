"""Reads of the catalogue, scoped through the agencies' selectors, each in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.db.models.functions import ExtractYear

from gongkai.agencies.models import Agency
from gongkai.agencies.selectors import User, readable_agencies
from gongkai.applications.calendar import current_calendar
from gongkai.clock import WorkingCalendar, period_end

from . import actions
from .models import UNPUBLISHED_STATUSES, Attribute, CatalogueItem, ChannelRelease

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
    day = today or actions.today()
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


def work_rows(user: User, *, today: dt.date | None = None, limit: int = WORK_LIST_LIMIT) -> list[WorkRow]:
    """The staff list: the user's readable items, unpublished first (most urgent first), then
    the published ones newest first; two queries (the calendar and the items)."""
    day = today or actions.today()
    calendar = current_calendar()
    rows: list[WorkRow] = []
    for item in visible_items(user).order_by("-id")[:limit]:
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
