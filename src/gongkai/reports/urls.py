"""The annual report pages, under /work/reports/ (the JSON at /api/reports/ is reports.api)."""

from django.urls import path

from . import archive_views, views

app_name = "reports"

urlpatterns = [
    path("work/reports/", views.report_list, name="list"),
    path("work/reports/import/", archive_views.import_report, name="import"),
    path("work/reports/<int:pk>/source/", archive_views.source_file, name="source"),
    path("work/reports/<int:pk>/", views.report_page, name="report"),
    path("work/reports/<int:pk>/cells/<str:key>/", views.report_cell, name="cell"),
    path("work/reports/<int:pk>/<slug:action>/", views.report_action, name="action"),
]
