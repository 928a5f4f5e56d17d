"""The clerk's workbench (工作台): the lists, a case and its actions, tables 三 and 四."""

from django.urls import URLPattern, URLResolver, include, path

from .views import records, registration, work

app_name = "work"

case_patterns = [
    path("", work.case_detail, name="case"),
    path("letters/<slug:key>.<slug:fmt>", work.case_letter, name="case_letter"),
    path("receipt.<slug:fmt>", work.case_receipt, name="case_receipt"),
    path("records/", records.attach, name="record_attach"),
    path("records/<int:doc>/", records.document, name="record"),
    path("records/<int:doc>/file", records.original_file, name="record_file"),
    path("records/<int:doc>/redacted.pdf", records.redacted_file, name="record_redacted"),
    path("records/<int:doc>/page-<int:number>.png", records.page_image, name="record_page"),
    path(
        "records/<int:doc>/redacted-<int:number>.png",
        records.redacted_page_image,
        name="record_redacted_page",
    ),
    path("records/<int:doc>/<slug:action>/", records.document_action, name="record_action"),
    path("<slug:action>/", work.case_action, name="case_action"),
]

urlpatterns: list[URLPattern | URLResolver] = [
    path("work/", work.workbench, name="index"),
    path("work/cases/", work.case_list, name="cases"),
    path("work/cases.csv", work.case_csv, name="case_csv"),
    path("work/cases/new/", work.intake, name="new"),
    path("work/cases/<int:pk>/", include(case_patterns)),
    path("work/submissions/<int:pk>/", registration.submission, name="submission"),
    path(
        "work/submissions/<int:pk>/<slug:action>/", registration.submission_action, name="submission_action"
    ),
    path("work/tables/", work.tables, name="tables"),
    path("work/tables.<slug:fmt>", work.tables_download, name="tables_download"),
]
