"""Changes to the search index. The owning app calls these when a thing is published, edited or
withdrawn, inside its own action's transaction, so that the index changes with the thing or not at
all. They are therefore plain ``transaction.atomic`` (a savepoint there), not durable state changes
of their own (``gongkai.core.actions.state_change``): they record no event; the action does."""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from .backends import backend
from .models import SearchDocument
from .tokens import document_text

MAX_KIND_CHARS = 50


def _clean(text: str) -> str:
    """What a database column can hold: no NUL (PostgreSQL refuses it), no lone surrogates."""
    return text.replace("\x00", "").encode("utf-8", "replace").decode("utf-8")


@transaction.atomic
def index_document(
    kind: str,
    object_id: int,
    *,
    title: str,
    body: str,
    extra_text: str = "",
    agency_id: int | None = None,
    published_on: dt.date | None = None,
    visible: bool = True,
) -> SearchDocument | None:
    """Add a document to the index or replace what it said; visible=False takes it out.

    extra_text is searched but not shown (document numbers, index numbers, attachment text).
    """
    if not kind or len(kind) > MAX_KIND_CHARS:
        raise ValueError(f"kind must be 1 to {MAX_KIND_CHARS} characters: {kind!r}")
    if object_id < 0:
        raise ValueError(f"object_id must not be negative: {object_id}")
    if not visible:
        remove_document(kind, object_id)
        return None
    title, body = _clean(title), _clean(body)
    canonical = document_text(title, body, _clean(extra_text))
    index = backend()
    document = SearchDocument.objects.select_for_update().filter(kind=kind, object_id=object_id).first()
    if document is None:
        document = SearchDocument(kind=kind, object_id=object_id)
    else:
        index.discard(document.pk, document.canonical)
    document.agency_id = agency_id
    document.published_on = published_on
    document.title = title
    document.body = body
    document.canonical = canonical
    document.save()
    index.add(document.pk, canonical)
    return document


@transaction.atomic
def remove_document(kind: str, object_id: int) -> bool:
    """Take a document out of the index; False if it was not there."""
    document = SearchDocument.objects.select_for_update().filter(kind=kind, object_id=object_id).first()
    if document is None:
        return False
    document.delete()  # its tokens go with it (apps.py)
    return True


@transaction.atomic
def rebuild_index() -> int:
    """Rebuild the token index from the stored canonical texts (after the tokeniser changes, or
    after rows were deleted behind the index's back). Returns the number of documents."""
    index = backend()
    index.clear()
    count = 0
    for document_id, canonical in SearchDocument.objects.values_list("id", "canonical").iterator():
        index.add(document_id, canonical)
        count += 1
    return count
