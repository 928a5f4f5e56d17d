"""Staff URLs of the catalogue; included under the site root: path("", include("gongkai.catalogue.urls"))."""

from django.urls import URLPattern, path

from .views import work

app_name = "catalogue"

urlpatterns: list[URLPattern] = [
    path("work/catalogue/", work.item_list, name="items"),
    path("work/catalogue/new/", work.item_new, name="new"),
    path("work/catalogue/figures/", work.figures, name="figures"),
    path("work/catalogue/export.xlsx", work.item_export, name="export"),
    path("work/catalogue/<int:pk>/", work.item_detail, name="item"),
    path("work/catalogue/<int:pk>/edit/", work.item_edit, name="edit"),
    path("work/catalogue/<int:pk>/attachments/", work.item_attach, name="attach"),
    path(
        "work/catalogue/<int:pk>/attachments/<int:attachment_pk>/",
        work.attachment_download,
        name="attachment",
    ),
    path("work/catalogue/<int:pk>/<slug:action>/", work.item_action, name="action"),
]
