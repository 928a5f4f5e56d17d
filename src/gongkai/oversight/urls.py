"""The supervisor's pages, under /work/oversight/."""

from django.urls import path

from . import compare_views, score_views, views

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
    path("work/oversight/<int:agency>/<int:year>/scores/", score_views.scores, name="scores"),
    path("work/oversight/<int:agency>/<int:year>/scores.xlsx", score_views.scores_xlsx, name="scores_xlsx"),
    path("work/oversight/<int:agency>/<int:year>/scores/rubric/", score_views.rubric, name="rubric"),
    path(
        "work/oversight/<int:agency>/<int:year>/checks/<int:unit>/",
        score_views.unit_checks,
        name="unit_checks",
    ),
]

# The roll-up (汇总) and the comparisons (compare_views).
urlpatterns += [
    path("work/oversight/<int:agency>/<int:year>/rollup/", compare_views.rollup_page, name="rollup"),
    path(
        "work/oversight/<int:agency>/<int:year>/rollup/compare/",
        compare_views.rollup_compare,
        name="rollup_compare",
    ),
    path("work/oversight/<int:agency>/<int:year>/rollup.xlsx", compare_views.rollup_xlsx, name="rollup_xlsx"),
    path("work/oversight/<int:agency>/compare/", compare_views.compare_page, name="compare"),
    path("work/oversight/<int:agency>/compare.xlsx", compare_views.compare_xlsx, name="compare_xlsx"),
]
