"""URLs: the portal's front page and staff log-in (the site's own), each app under its paths, the
API, the back office."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("api/", include("gongkai.applications.api_urls")),
    path("", include("gongkai.applications.urls")),
    path("", include("gongkai.catalogue.urls")),
    path("", include("gongkai.registers.urls")),
    path("", include("gongkai.reports.urls")),
    path("", include("gongkai.reports.public_urls")),
    path("", include("gongkai.reports.open_data_urls")),
    path("", include("gongkai.oversight.urls")),
    path("", include("gongkai.catalogue.public_urls")),
    path("", include("gongkai.agencies.urls")),
]
