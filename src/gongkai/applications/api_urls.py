"""/api/: the JSON API, its OpenAPI document (/api/openapi.json) and its docs page (/api/docs)."""

from django.urls import URLPattern, URLResolver, path

from gongkai.reports.api import router as annual_reports
from gongkai.reports.open_data_api import router as open_data

from .api import api

# The annual report's endpoint lives with the reports app; it is mounted on the one API here.
api.add_router("", annual_reports)
api.add_router("", open_data)

urlpatterns: list[URLPattern | URLResolver] = [path("", api.urls)]
