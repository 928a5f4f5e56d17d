"""/api/: the JSON API, its OpenAPI document (/api/openapi.json) and its docs page (/api/docs)."""

from django.urls import URLPattern, URLResolver, path

from .api import api

urlpatterns: list[URLPattern | URLResolver] = [path("", api.urls)]
