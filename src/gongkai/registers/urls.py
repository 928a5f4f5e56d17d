"""Staff URLs of the registers behind table 二; include under the site root:
path("", include("gongkai.registers.urls"))."""

from django.urls import URLPattern, path

from .views import imports, pages, table_two

app_name = "registers"

urlpatterns: list[URLPattern] = [
    path("work/registers/", pages.index, name="index"),
    path("work/registers/table-two/", table_two.table_two, name="table_two"),
    path("work/registers/table-two.<slug:fmt>", table_two.table_two_download, name="table_two_download"),
    path("work/registers/templates/<slug:key>.xlsx", imports.template, name="template"),
    path("work/registers/<int:agency_id>/<slug:key>/", pages.register_list, name="list"),
    path("work/registers/<int:agency_id>/<slug:key>.xlsx", pages.register_export, name="export"),
    path("work/registers/<int:agency_id>/<slug:key>/new/", pages.register_new, name="new"),
    path("work/registers/<int:agency_id>/<slug:key>/import/", imports.upload, name="import"),
    path("work/registers/<int:agency_id>/<slug:key>/import/confirm/", imports.confirm, name="import_confirm"),
    path("work/registers/<int:agency_id>/documents/<int:pk>/", pages.document_detail, name="document"),
    path(
        "work/registers/<int:agency_id>/documents/<int:pk>/<slug:action>/",
        pages.document_action,
        name="document_action",
    ),
    path("work/registers/<int:agency_id>/matters/<int:pk>/", pages.matter_detail, name="matter"),
    path(
        "work/registers/<int:agency_id>/matters/<int:pk>/delist/", pages.matter_delist, name="matter_delist"
    ),
    path("work/registers/<int:agency_id>/cleanups/<int:pk>/", pages.cleanup_detail, name="cleanup"),
]
