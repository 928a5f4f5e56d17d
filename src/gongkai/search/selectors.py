"""Searching: the page's ids and a count (backends.find), then the page's rows; exact to the character
(see tokens.py)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.utils.safestring import SafeString, mark_safe

from .backends import Scope, backend
from .models import SearchDocument
from .tokens import SNIPPET_CHARS, SearchQueryError, highlight, parse_query

MAX_LIMIT = 100
MAX_OFFSET = 10_000  # ten thousand results in, nobody is reading: refine the query instead
COUNT_STEP = 1_000  # matches are counted to the next thousand past the page

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
    total: int  # the matches counted: all of them, unless `more`
    hits: list[Hit]
    more: bool = False  # there are more than `total` matches ("超过 1,000 条"): counted to the next
    # thousand past the page, since counting every match of a common word costs more than the page


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
    scope = Scope(
        kinds=None if kinds is None else tuple([kinds] if isinstance(kinds, str) else kinds),
        agency_ids=None if agency_ids is None else tuple(agency_ids),
        date_from=date_from,
        date_to=date_to,
    )
    # Counting a common word's million matches costs more than the page: count to the next
    # thousand past the page (a thousand on page one), and say "more" beyond.
    count_up_to = ((offset + limit) // COUNT_STEP + 1) * COUNT_STEP
    found = backend().find(scope, terms, offset=offset, limit=limit, count_up_to=count_up_to)
    rows = SearchDocument.objects.only("kind", "object_id", "title", "body", "published_on").in_bulk(
        found.ids
    )
    hits = [_hit(rows[document_id], query) for document_id in found.ids]
    return SearchPage(total=found.total, hits=hits, more=found.more)


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
