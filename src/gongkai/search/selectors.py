"""Searching: a count, the page's ids and its rows, exact to the character (see tokens.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F, Value
from django.db.models.functions import StrIndex
from django.utils.safestring import SafeString, mark_safe

from .backends import backend
from .models import SearchDocument
from .tokens import SNIPPET_CHARS, SearchQueryError, highlight, parse_query

MAX_LIMIT = 100
MAX_OFFSET = 10_000  # ten thousand results in, nobody is reading: refine the query instead

__all__ = ["Hit", "SearchPage", "SearchQueryError", "highlight", "search"]


@dataclass(frozen=True)
class Hit:
    kind: str
    object_id: int
    title: str
    snippet_html: SafeString  # escaped text with <mark> around each match
    published_on: dt.date | None
    title_html: SafeString  # the title, escaped, with its matches marked


@dataclass(frozen=True)
class SearchPage:
    total: int
    hits: list[Hit]


def search(
    query: str,
    *,
    kinds: Iterable[str] | None = None,
    agency_ids: Iterable[int] | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    limit: int = 20,
    offset: int = 0,
) -> SearchPage:
    """Documents containing every space-separated term of the query, newest first.

    Raises SearchQueryError (a message for the person searching) for an empty query, one without
    letters or digits, one over 100 characters or with more than 10 terms, or a page too far in.
    A date filter leaves out documents without a publication date.
    """
    if not 1 <= limit <= MAX_LIMIT:
        raise ValueError(f"limit must be 1 to {MAX_LIMIT}: {limit}")
    if offset < 0:
        raise ValueError(f"offset must not be negative: {offset}")
    if offset > MAX_OFFSET:
        raise SearchQueryError("结果太多，无法翻到这一页，请增加检索词或筛选条件。")
    terms = parse_query(query)
    documents = SearchDocument.objects.all()
    if kinds is not None:
        documents = documents.filter(kind__in=[kinds] if isinstance(kinds, str) else list(kinds))
    if agency_ids is not None:
        documents = documents.filter(agency_id__in=list(agency_ids))
    if date_from is not None:
        documents = documents.filter(published_on__gte=date_from)
    if date_to is not None:
        documents = documents.filter(published_on__lte=date_to)
    documents = backend().narrow(documents, terms)
    for number, term in enumerate(terms):
        if term.decided_by_tokens:
            continue
        # The exact check: INSTR on SQLite, STRPOS on PostgreSQL.
        found = f"found_{number}"
        documents = documents.alias(**{found: StrIndex("canonical", Value(term.text))}).filter(
            **{f"{found}__gt": 0}
        )
    total = documents.count()
    if total <= offset:
        return SearchPage(total=total, hits=[])
    # The page's ids first, then its rows: sorting thousands of candidates should not carry
    # their bodies along.
    ids = list(
        documents.order_by(F("published_on").desc(nulls_last=True), "-id").values_list("id", flat=True)[
            offset : offset + limit
        ]
    )
    rows = SearchDocument.objects.only("kind", "object_id", "title", "body", "published_on").in_bulk(ids)
    page = [rows[document_id] for document_id in ids]
    return SearchPage(total=total, hits=[_hit(document, query) for document in page])


def _hit(document: SearchDocument, query: str) -> Hit:
    # highlight() escapes the text itself and adds only <mark> tags: safe to mark as such.
    title_size = max(SNIPPET_CHARS, len(document.title))
    return Hit(
        kind=document.kind,
        object_id=document.object_id,
        title=document.title,
        snippet_html=mark_safe(highlight(document.body, query)),
        published_on=document.published_on,
        title_html=mark_safe(highlight(document.title, query, size=title_size)),
    )
