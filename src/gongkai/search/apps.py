from typing import Any

from django.apps import AppConfig
from django.db.models.signals import pre_delete


class SearchConfig(AppConfig):
    name = "gongkai.search"
    verbose_name = "全文检索"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from .models import SearchDocument

        pre_delete.connect(_forget_tokens, sender=SearchDocument, dispatch_uid="search_forget_tokens")


def _forget_tokens(sender: Any, instance: Any, **kwargs: Any) -> None:
    """However a document is deleted (remove_document, a queryset, the admin), its tokens go too."""
    from .backends import backend

    backend().discard(instance.pk, instance.canonical)
