"""/open-data/: the published annual reports as data (public, GET only)."""

from django.urls import path

from . import open_data_views

app_name = "open_data"

urlpatterns = [
    path("open-data/", open_data_views.index, name="index"),
    path("open-data/<int:year>.csv", open_data_views.year_csv, name="csv"),
    path("open-data/<int:year>.json", open_data_views.year_json, name="json"),
]
