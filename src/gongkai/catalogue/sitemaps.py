"""sitemap.xml: the portal's own pages and every public catalogue item's permalink."""

from __future__ import annotations

import datetime as dt

from django.contrib.sitemaps import Sitemap
from django.db.models import QuerySet
from django.urls import reverse
from django.utils import timezone

from . import selectors
from .models import CatalogueItem
from .views.public import item_url


class PortalSitemap(Sitemap[str]):
    changefreq = "daily"

    def items(self) -> list[str]:
        return ["home", "portal:browse", "public:apply", "public:deadline"]

    def location(self, item: str) -> str:
        return reverse(item)


class CatalogueSitemap(Sitemap[CatalogueItem]):
    limit = 10_000  # URLs per sitemap page (the protocol allows 50,000)

    def items(self) -> QuerySet[CatalogueItem]:
        return selectors.sitemap_items()

    def location(self, item: CatalogueItem) -> str:
        return item_url(item)

    def lastmod(self, item: CatalogueItem) -> dt.date | None:
        return item.corrected_on or item.published_on

    def get_latest_lastmod(self) -> dt.datetime | None:
        # One aggregate query rather than the default walk over every item.
        day = selectors.public_last_changed()
        return timezone.make_aware(dt.datetime.combine(day, dt.time.min)) if day else None


SITEMAPS: dict[str, type[Sitemap[str]] | type[Sitemap[CatalogueItem]]] = {
    "portal": PortalSitemap,
    "catalogue": CatalogueSitemap,
}
