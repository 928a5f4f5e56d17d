"""The public portal of the catalogue (no account needed): browse, item pages, search, feed, sitemap.

An item's permalink is its 索引号, which contains "/" (the national pattern is
{org_code}/{year}-{serial:05d}), so the route takes a path; reverse() percent-encodes any other
character a local pattern may use.
"""

from django.contrib.sitemaps import views as sitemap_views
from django.urls import URLPattern, URLResolver, path

from .feeds import LatestItemsFeed
from .sitemaps import SITEMAPS
from .views import public

app_name = "portal"

urlpatterns: list[URLPattern | URLResolver] = [
    path("catalogue/", public.browse, name="browse"),
    path("catalogue/feed.atom", LatestItemsFeed(), name="feed"),
    path("catalogue/agencies/<int:agency_id>/feed.atom", LatestItemsFeed(), name="agency_feed"),
    path("catalogue/id/<int:pk>", public.item_by_id, name="item_by_id"),
    path("catalogue/item/<path:index_number>", public.item, name="item"),
    path("catalogue/attachments/<int:pk>/<path:name>", public.attachment, name="attachment"),
    path("search", public.search, name="search"),
    path("search/", public.search),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "portal:sitemap_section"},
        name="sitemap",
    ),
    path("sitemap-<section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap_section"),
    path("robots.txt", public.robots_txt, name="robots"),
]
