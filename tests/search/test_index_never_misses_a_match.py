"""Properties of the tokeniser that make the index exact: it narrows, it never loses a match."""

from __future__ import annotations

import html
import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from gongkai.search.tokens import (
    SearchQueryError,
    Term,
    canonical,
    canonical_with_map,
    contains,
    highlight,
    parse_query,
    tokens,
)

pytestmark = pytest.mark.slow  # over two seconds each (measured with --durations)

# Simplified and traditional forms, full-width and circled digits, Latin in both cases,
# punctuation, spaces, an invisible character and a character from a CJK extension block.
ALPHABET = "信息公开國务務院办辦1２①aAｂ，〔〕 \n\u200b𰻝"
texts = st.text(alphabet=ALPHABET, max_size=40)
queries = st.text(alphabet=ALPHABET, min_size=1, max_size=8)


def _terms(query: str) -> tuple[Term, ...]:
    try:
        return parse_query(query)
    except SearchQueryError:
        return ()


def _has_tokens(indexed: set[str], term: Term) -> bool:
    prefixed = term.prefix is None or any(token.startswith(term.prefix) for token in indexed)
    return set(term.tokens) <= indexed and prefixed


@settings(max_examples=400)
@given(texts, queries)
def test_a_document_containing_the_query_has_every_token_of_it(text: str, query: str) -> None:
    document = canonical(text)
    indexed = set(tokens(document))
    for term in _terms(query):
        if contains(document, (term,)):
            assert _has_tokens(indexed, term)


@settings(max_examples=400)
@given(texts, queries)
def test_a_short_term_is_contained_exactly_when_its_tokens_are(text: str, query: str) -> None:
    document = canonical(text)
    indexed = set(tokens(document))
    for term in _terms(query):
        if term.decided_by_tokens:
            assert contains(document, (term,)) == _has_tokens(indexed, term)


@settings(max_examples=400)
@given(texts)
def test_the_mapped_canonical_form_is_the_canonical_form(text: str) -> None:
    assert canonical_with_map(text).text == canonical(text)


@settings(max_examples=400)
@given(texts, queries)
def test_what_is_marked_is_what_was_searched_for(text: str, query: str) -> None:
    terms = _terms(query)
    snippet = highlight(text, query, size=max(1, len(text)))
    marked = [html.unescape(found) for found in re.findall(r"<mark>(.*?)</mark>", snippet, re.DOTALL)]
    if not any(term.text in canonical(text) for term in terms):
        assert marked == []
        return
    assert marked
    for piece in marked:
        assert any(term.text in canonical(piece) for term in terms)
