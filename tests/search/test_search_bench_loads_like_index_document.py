"""The search bench inserts its corpus in bulk, not through index_document (a million documents
through it would take hours). Its figures mean something only if the bulk-loaded rows and tokens
are what index_document stores: the same few hundred generated documents, loaded both ways, give
the same results for every query, and the bench itself runs over them."""

from __future__ import annotations

import argparse
import random

import pytest
from bench import search as bench
from django.db import connection

from gongkai.search.actions import index_document
from gongkai.search.models import SearchDocument
from gongkai.search.selectors import search
from gongkai.search.tokens import parse_query

DOCUMENTS = 300
COPY = "indexed_one_by_one"

# The bulk load drops and recreates indexes and, on PostgreSQL, runs VACUUM: not inside a transaction.
pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]


@pytest.fixture
def corpus() -> bench.Plan:
    corpus = bench.plan(DOCUMENTS, seed=3)
    bench.build(corpus, processes=1)
    writer = bench.writer(corpus.seed)
    for number, day in enumerate(corpus.published_on):
        agency = corpus.agency_ids[number]
        title, body, extra = writer.document(number, day, corpus.agencies[agency - 1], corpus.serials[number])
        index_document(
            COPY, number + 1, title=title, body=body, extra_text=extra, agency_id=agency, published_on=day
        )
    return corpus


def _every_match(query: str, kind: str, **filters: object) -> tuple[int, list[int]]:
    found: list[int] = []
    while True:
        page = search(query, kinds=[kind], limit=100, offset=len(found), **filters)  # type: ignore[arg-type]
        found += [hit.object_id for hit in page.hits]
        if len(found) >= page.total or not page.hits:
            return page.total, found


def test_bulk_loaded_rows_are_what_index_document_stores(corpus: bench.Plan) -> None:
    loaded = {d.object_id: d for d in SearchDocument.objects.filter(kind=bench.KIND)}
    indexed = {d.object_id: d for d in SearchDocument.objects.filter(kind=COPY)}
    assert len(loaded) == len(indexed) == DOCUMENTS
    for object_id, document in loaded.items():
        twin = indexed[object_id]
        assert (document.title, document.body, document.canonical) == (twin.title, twin.body, twin.canonical)
        assert (document.agency_id, document.published_on) == (twin.agency_id, twin.published_on)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT count(*) FROM search_searchdocument a JOIN search_searchdocument b "
                "ON a.object_id = b.object_id AND a.kind = %s AND b.kind = %s "
                "WHERE a.lexemes IS NOT DISTINCT FROM b.lexemes",
                [bench.KIND, COPY],
            )
            assert cursor.fetchone() == (DOCUMENTS,)


def test_every_query_finds_the_same_documents_both_ways(corpus: bench.Plan) -> None:
    texts = [d.canonical for d in SearchDocument.objects.filter(kind=bench.KIND)]
    rng = random.Random(8)
    pieces: set[str] = set()
    for text in rng.sample(texts, 25):
        for size in (1, 2, 3, 5):
            start = rng.randrange(len(text) - size)
            pieces.add(text[start : start + size])
    mix = {query.text for query in bench.queries(corpus)}
    queries = sorted(q for q in pieces | mix if _searchable(q))
    assert len(queries) > 100
    busy = max(set(corpus.agency_ids), key=corpus.agency_ids.count)
    for query in queries:
        assert _every_match(query, bench.KIND) == _every_match(query, COPY), query
        assert _every_match(query, bench.KIND, agency_ids=[busy]) == _every_match(
            query, COPY, agency_ids=[busy]
        )
    assert _every_match("公开", bench.KIND)[0] > 0


def _searchable(query: str) -> bool:
    try:
        parse_query(query)
    except ValueError:
        return False
    return True


def test_the_bench_runs_over_a_small_corpus(corpus: bench.Plan, capsys: pytest.CaptureFixture[str]) -> None:
    args = argparse.Namespace(runs=1, queries=False, explain=False, check=True)
    bench.measure_all("db", corpus, args)
    out = capsys.readouterr().out
    for category, _ in bench.CATEGORIES:
        assert f"  {category}" in out
    assert "every page checked" in out
