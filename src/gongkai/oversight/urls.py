"""The supervisor's pages, under /work/oversight/."""

from django.urls import path

from . import collect_views, views

app_name = "oversight"

urlpatterns = [
    path("work/oversight/", views.index, name="index"),
    path("work/oversight/<int:agency>/<int:year>/", views.board_page, name="board"),
    path("work/oversight/<int:agency>/<int:year>/board.xlsx", views.board_xlsx, name="board_xlsx"),
    path("work/oversight/<int:agency>/<int:year>/roster/", views.roster_page, name="roster"),
    path(
        "work/oversight/<int:agency>/<int:year>/roster/<slug:action>/",
        views.roster_action,
        name="roster_action",
    ),
    path(
        "work/oversight/<int:agency>/<int:year>/reports/<int:pk>/<slug:action>/",
        views.report_action,
        name="report_action",
    ),
    # Collecting the reports of units not on the platform (and any published file).
    path("work/oversight/<int:agency>/<int:year>/collect/", collect_views.collect_page, name="collect"),
    path(
        "work/oversight/<int:agency>/<int:year>/collect/start/",
        collect_views.collect_start,
        name="collect_start",
    ),
    path(
        "work/oversight/<int:agency>/<int:year>/collect/batches/<int:pk>/",
        collect_views.batch_page,
        name="collect_batch",
    ),
    path(
        "work/oversight/<int:agency>/<int:year>/collect/batches/<int:pk>/continue/",
        collect_views.batch_continue,
        name="collect_continue",
    ),
    path(
        "work/oversight/<int:agency>/<int:year>/collect/files/<int:pk>/",
        collect_views.file_page,
        name="collect_file",
    ),
    path(
        "work/oversight/<int:agency>/<int:year>/collect/files/<int:pk>/original/",
        collect_views.original,
        name="collect_original",
    ),
    path(
        "work/oversight/<int:agency>/<int:year>/collect/files/<int:pk>/findings/<int:n>/",
        collect_views.evidence_page,
        name="collect_evidence",
    ),
    path(
        "work/oversight/<int:agency>/<int:year>/collect/files/<int:pk>/<slug:action>/",
        collect_views.file_action,
        name="collect_file_action",
    ),
    path(
        "work/oversight/<int:agency>/<int:year>/collect/units/<int:unit>/notice.docx",
        collect_views.unit_notice,
        name="collect_notice",
    ),
]
