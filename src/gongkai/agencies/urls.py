"""The public 政府信息公开指南 pages."""

from django.urls import URLPattern, path

from . import views

app_name = "guides"

urlpatterns: list[URLPattern] = [
    path("guide/", views.guides, name="list"),
    path("guide/<int:agency_id>/", views.guide, name="guide"),
]
