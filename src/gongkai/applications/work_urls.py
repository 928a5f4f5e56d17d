"""The clerk's workbench (工作台): the lists, a case and its actions, tables 三 and 四."""

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
    path("work/", work.workbench, name="index"),
    path("work/cases/", work.case_list, name="cases"),
    path("work/cases.csv", work.case_csv, name="case_csv"),
    path("work/cases/new/", work.intake, name="new"),
    path("work/cases/<int:pk>/", include(case_patterns)),
    path("work/tables/", work.tables, name="tables"),
    path("work/tables.<slug:fmt>", work.tables_download, name="tables_download"),
]
