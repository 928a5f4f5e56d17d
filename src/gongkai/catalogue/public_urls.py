"""The public portal of the catalogue (no account needed): browse, item pages, search, feed, sitemap."""

from django.urls import URLPattern, URLResolver

app_name = "portal"

urlpatterns: list[URLPattern | URLResolver] = []
