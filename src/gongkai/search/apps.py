from typing import Any

from django.apps import AppConfig
from django.core import checks
from django.db.models.signals import post_migrate, pre_delete


class SearchConfig(AppConfig):
    name = "gongkai.search"
    verbose_name = "全文检索"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import rum
        from .models import SearchDocument

        checks.register(rum.missing, checks.Tags.database)

        pre_delete.connect(_forget_tokens, sender=SearchDocument, dispatch_uid="search_forget_tokens")
        post_migrate.connect(_forget_orphan_tokens, sender=self, dispatch_uid="search_forget_orphan_tokens")


def _forget_tokens(sender: Any, instance: Any, **kwargs: Any) -> None:
    """However a document is deleted (remove_document, a queryset, the admin), its tokens go too."""
    from .backends import backend

    backend().discard(instance.pk, instance.canonical)


def _forget_orphan_tokens(sender: Any, using: str = "default", **kwargs: Any) -> None:
    """After `manage.py flush` (and after migrate): flush empties the documents table but not
    SQLite's FTS5 token table, which is no model's; tokens left there would make a later document
    with the same id a candidate for words it does not contain. No documents, no tokens."""
    from django.db import connections

    from .backends import backend
    from .models import SearchDocument

    connection = connections[using]
    if connection.vendor != "sqlite" or using != "default":
        return
    tables = set(connection.introspection.table_names())
    if not {SearchDocument._meta.db_table, "search_token_index"} <= tables:  # migrated back before them
        return
    if not SearchDocument.objects.using(using).exists():
        backend().clear()
