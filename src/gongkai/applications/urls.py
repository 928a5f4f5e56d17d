"""The public site (no account needed) and the clerk's workbench."""

from django.urls import include, path

urlpatterns = [
    path("", include("gongkai.applications.public_urls")),
    path("", include("gongkai.applications.work_urls")),
]
