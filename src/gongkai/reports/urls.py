"""The annual report pages, under /work/reports/."""

from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("work/reports/", views.report_list, name="list"),
    path("work/reports/<int:pk>/", views.report_page, name="report"),
    path("work/reports/<int:pk>/<slug:action>/", views.report_action, name="action"),
]
