"""Past the count limit, search reads matches in index order and stops early (backends.find): the
pages it returns must still be the pages a sort of every match gives, whatever the order of ids
and publication dates, with and without filters; and the count must say "more" exactly when there
are more. The limit is lowered here so that a small corpus crosses it many times."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import connection

from gongkai.search import backends, selectors
from gongkai.search.actions import index_document
from gongkai.search.selectors import search
from gongkai.search.tokens import Term, parse_query

pytestmark = pytest.mark.django_db

WORDS = ["公开", "通知", "信息", "规划", "许可", "公告", "乡村振兴", "十三五", "补偿标准", "征收"]
AGENCIES = [1, 2, 3, 4]  # 4 publishes little: small enough to be looked up document by document


@pytest.fixture
def corpus(monkeypatch: pytest.MonkeyPatch) -> list[tuple[int, str, int, dt.date | None]]:
    monkeypatch.setattr(selectors, "COUNT_STEP", 10)
    monkeypatch.setattr(backends, "SMALL_SCOPE", 5)
    monkeypatch.setattr(backends, "MAX_LATE", 4)
    monkeypatch.setattr(backends, "SHORT_WALK", 20)
    monkeypatch.setattr(backends, "LONG_WALK", 60)
    monkeypatch.setattr(backends, "CANDIDATES", 1)  # PostgreSQL: look in as few candidates as the page needs
    monkeypatch.setattr(backends, "COMMON_SHARE", 0.2)  # leave tokens out of the index lookups
    rng = random.Random(20261122)
    documents = []
    day = dt.date(2020, 1, 1)
    for object_id in range(1, 181):
        roll = rng.random()
        if roll < 0.75:  # published in order: a later id is a later or the same day
            day += dt.timedelta(days=rng.choice([0, 0, 1, 2]))
            published_on: dt.date | None = day
        elif roll < 0.9:  # indexed late: an old item imported or corrected
            published_on = dt.date(2019, 1, 1) + dt.timedelta(days=rng.randrange(400))
        elif roll < 0.95:  # dated ahead of the ones indexed after it
            published_on = day + dt.timedelta(days=rng.randrange(1, 60))
        else:
            published_on = None
        text = "".join(rng.choices(WORDS, k=rng.randint(1, 6)))
        agency = 4 if rng.random() < 0.03 else rng.choice(AGENCIES[:3])
        index_document(
            "catalogue", object_id, title=text, body="", agency_id=agency, published_on=published_on
        )
        documents.append((object_id, text, agency, published_on))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchdocument")  # PostgreSQL's share of each lexeme
    return documents


def _expected(
    corpus: list[tuple[int, str, int, dt.date | None]],
    query: str,
    agencies: list[int] | None,
    date_from: dt.date | None,
) -> list[int]:
    found = [
        (published_on is not None, published_on or dt.date.min, object_id)
        for object_id, text, agency, published_on in corpus
        if all(term in text for term in query.split())
        and (agencies is None or agency in agencies)
        and (date_from is None or (published_on is not None and published_on >= date_from))
    ]
    return [object_id for *_, object_id in sorted(found, reverse=True)]


@pytest.mark.parametrize(
    "query",
    ["公", "开", "公开", "信息", "十三五", "公开 通知", "乡村振兴 许可", "兴", "信息公开", "乡村振兴公告"],
)
@pytest.mark.parametrize("agencies", [None, [1], [1, 2], [4]])
@pytest.mark.parametrize("date_from", [None, dt.date(2020, 3, 1)])
def test_every_page_is_a_slice_of_the_full_sort(
    corpus: list[tuple[int, str, int, dt.date | None]],
    query: str,
    agencies: list[int] | None,
    date_from: dt.date | None,
) -> None:
    expected = _expected(corpus, query, agencies, date_from)
    for limit in (1, 7, 20):
        for offset in range(0, len(expected) + limit, limit):
            page = search(query, agency_ids=agencies, date_from=date_from, limit=limit, offset=offset)
            assert [hit.object_id for hit in page.hits] == expected[offset : offset + limit], (limit, offset)
            counted = ((offset + limit) // 10 + 1) * 10
            assert page.more == (len(expected) > counted)
            assert page.total == min(len(expected), counted)


@pytest.mark.parametrize("query", ["公", "公开", "十三五", "公开 通知", "信息公开"])
@pytest.mark.parametrize("agencies", [[1], [1, 2]])
@pytest.mark.parametrize("date_from", [None, dt.date(2020, 3, 1)])
def test_every_page_is_a_slice_of_the_full_sort_when_the_agency_documents_are_looked_in_one_by_one(
    corpus: list[tuple[int, str, int, dt.date | None]],
    monkeypatch: pytest.MonkeyPatch,
    query: str,
    agencies: list[int],
    date_from: dt.date | None,
) -> None:
    # Every agency small enough to be read document by document (SQLite: one agency down its
    # newest-first index, several by id), the way the busiest agency's common words are.
    monkeypatch.setattr(backends, "SMALL_SCOPE", 1000)
    test_every_page_is_a_slice_of_the_full_sort(corpus, query, agencies, date_from)


def test_a_common_word_says_more_than_it_counted(corpus: list[tuple[int, str, int, dt.date | None]]) -> None:
    page = search("公", limit=5)
    assert (page.total, page.more) == (10, True)
    assert len(_expected(corpus, "公", None, None)) > 50


def test_tokens_nearly_every_document_has_are_left_out_of_the_lookup(
    corpus: list[tuple[int, str, int, dt.date | None]], monkeypatch: pytest.MonkeyPatch
) -> None:
    left_out: list[frozenset[str]] = []
    real = backends.common_tokens

    def spy(terms: tuple[Term, ...], shares: dict[str, float]) -> frozenset[str]:
        left_out.append(real(terms, shares))
        return left_out[-1]

    monkeypatch.setattr(backends, "common_tokens", spy)
    page = search("乡村振兴公告", limit=100)
    assert left_out
    assert left_out[0]
    assert [hit.object_id for hit in page.hits] == _expected(corpus, "乡村振兴公告", None, None)


def test_each_longer_term_keeps_its_rarest_token() -> None:
    terms = parse_query("11321611-1/2026-00093 国办")
    shares = {"11": 1.0, "13": 1.0, "32": 0.95, "21": 0.6, "16": 0.3, "61": 0.2, "1": 0.4}
    shares |= {"20": 1.0, "02": 1.0, "26": 1.0, "6": 1.0, "00": 1.0, "09": 0.2, "93": 0.1}
    assert backends.common_tokens(terms, shares) == {"11", "13", "32", "20", "02", "26", "6", "00"}
    only_common = parse_query("2020-0002")  # tokens 20, 02, 0 (the end of 2020), 00
    shares = {"20": 1.0, "02": 0.95, "0": 0.92, "00": 0.99}
    assert backends.common_tokens(only_common, shares) == {"20", "02", "00"}  # 0 is the rarest
