"""The site's URLs plus the catalogue's, until the lead includes gongkai.catalogue.urls in web/urls.py."""

from django.urls import URLPattern, URLResolver, include, path

from gongkai.web.urls import urlpatterns as site_urlpatterns

urlpatterns: list[URLPattern | URLResolver] = [path("", include("gongkai.catalogue.urls")), *site_urlpatterns]
