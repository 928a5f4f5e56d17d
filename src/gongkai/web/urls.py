"""URLs: the public site and the workbench (applications.urls), the API, the back office."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("api/", include("gongkai.applications.api_urls")),
    path("", include("gongkai.applications.urls")),
    path("", include("gongkai.catalogue.urls")),
    path("", include("gongkai.registers.urls")),
    path("", include("gongkai.reports.urls")),
    path("", include("gongkai.catalogue.public_urls")),
    path("", include("gongkai.agencies.urls")),
]
