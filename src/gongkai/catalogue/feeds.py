"""The Atom feed of the newest public catalogue items, for the whole portal or one agency."""

from __future__ import annotations

import datetime as dt

from django.contrib.syndication.views import Feed
from django.http import Http404, HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import linebreaks

from gongkai.agencies.models import Agency

from . import selectors
from .models import CatalogueItem
from .views.public import item_url

FEED_ITEMS = 50


def _moment(day: dt.date) -> dt.datetime:
    """A date as the start of that day in the site's time zone (Atom wants a moment)."""
    return timezone.make_aware(dt.datetime.combine(day, dt.time()))


class LatestItemsFeed(Feed[CatalogueItem, Agency | None]):
    feed_type = Atom1Feed
    language = "zh-CN"

    def get_object(self, request: HttpRequest, agency_id: int | None = None) -> Agency | None:
        if agency_id is None:
            return None
        agency = Agency.objects.filter(pk=agency_id).first()
        if agency is None:
            raise Http404("没有这个发布机构")
        return agency

    def title(self, obj: Agency | None) -> str:
        return f"{obj.name} · 政府信息公开目录" if obj else "政府信息公开目录 · 最新信息"

    def subtitle(self, obj: Agency | None) -> str:
        return f"{obj.name}最新主动公开的政府信息" if obj else "最新主动公开的政府信息"

    def link(self, obj: Agency | None) -> str:
        browse = reverse("portal:browse")
        return f"{browse}?agency={obj.pk}" if obj else browse

    def items(self, obj: Agency | None) -> list[CatalogueItem]:
        return selectors.latest_public_items(FEED_ITEMS, agency_id=obj.pk if obj else None)

    def item_title(self, item: CatalogueItem) -> str:
        return item.title  # plain text: the feed writer escapes it

    def item_description(self, item: CatalogueItem) -> str:
        # Atom's summary is HTML: linebreaks escapes the text and keeps its paragraphs.
        return linebreaks(item.summary, autoescape=True) if item.summary else ""

    def item_link(self, item: CatalogueItem) -> str:
        return item_url(item)

    def item_author_name(self, item: CatalogueItem) -> str:
        return item.agency.name

    def item_pubdate(self, item: CatalogueItem) -> dt.datetime | None:
        return _moment(item.published_on) if item.published_on else None

    def item_updateddate(self, item: CatalogueItem) -> dt.datetime | None:
        day = item.corrected_on or item.published_on
        return _moment(day) if day else None

    def item_categories(self, item: CatalogueItem) -> tuple[str, ...]:
        return (item.get_topic_display(),)
