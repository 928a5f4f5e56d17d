"""Staff URLs of the catalogue; include under the site root: path("", include("gongkai.catalogue.urls"))."""

from django.urls import URLPattern, path

from .views import work

app_name = "catalogue"

urlpatterns: list[URLPattern] = [
    path("work/catalogue/", work.item_list, name="items"),
]
