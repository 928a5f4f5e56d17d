"""Staff login and the clerk's workbench (工作台)."""

from django.contrib.auth import views as auth_views
from django.urls import URLPattern, URLResolver, include, path

from .views import work

app_name = "work"

case_patterns = [
    path("", work.case_detail, name="case"),
    path("letters/<slug:key>.<slug:fmt>", work.case_letter, name="case_letter"),
    path("receipt.<slug:fmt>", work.case_receipt, name="case_receipt"),
    path("<slug:action>/", work.case_action, name="case_action"),
]

urlpatterns: list[URLPattern | URLResolver] = [
    path(
        "login/",
        auth_views.LoginView.as_view(
            template_name="registration/login.html", redirect_authenticated_user=True
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("work/", work.workbench, name="index"),
    path("work/cases/", work.case_list, name="cases"),
    path("work/cases.csv", work.case_csv, name="case_csv"),
    path("work/cases/new/", work.intake, name="new"),
    path("work/cases/<int:pk>/", include(case_patterns)),
    path("work/tables/", work.tables, name="tables"),
    path("work/tables.<slug:fmt>", work.tables_download, name="tables_download"),
]
