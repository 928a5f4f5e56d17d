"""The portal's 政府信息公开工作年度报告 column under /reports/ (public, GET only)."""

from django.urls import path

from . import public_views

app_name = "public_reports"

urlpatterns = [
    path("reports/", public_views.column, name="column"),
    path("reports/<str:agency>/", public_views.agency_column, name="agency"),
    path("reports/<str:agency>/<int:year>/", public_views.report_page, name="report"),
    path("reports/<str:agency>/<int:year>/<int:revision>/", public_views.revision_page, name="revision"),
    path(
        "reports/<str:agency>/<int:year>/<int:revision>/report.<slug:suffix>",
        public_views.download,
        name="download",
    ),
]
