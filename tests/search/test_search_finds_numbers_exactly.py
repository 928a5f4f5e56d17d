"""索引号 and 文号 queries (numbers with punctuation between them, whose digit pairs are in nearly
every document) find exactly the documents that contain them, separators read as separators; on
PostgreSQL they are narrowed by an index of the numbers' windows of four characters, which must
hold what the query's windows are looked up by."""

from __future__ import annotations

import datetime as dt
import random
import re
import unicodedata

import pytest
from django.db import connection
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gongkai.search.actions import index_document
from gongkai.search.backends import number_grams
from gongkai.search.selectors import search

pytestmark = pytest.mark.django_db


def separated(text: str) -> str:
    """The scan's own reading, written independently of gongkai.search.tokens: NFKC, lower case,
    every stretch of characters that are not letters or digits one space."""
    return re.sub(r"[\W_]+", " ", unicodedata.normalize("NFKC", text).lower())


def _document(rng: random.Random, number: int) -> tuple[str, str, dt.date]:
    day = dt.date(2016, 1, 1) + dt.timedelta(days=rng.randrange(3650))
    index_number = f"113200{rng.randint(10, 12)}-{rng.randint(0, 9)}/{day.year}-{rng.randint(1, 40):05d}"
    doc_number = f"{rng.choice('国市县')}办{rng.choice('发函')}〔{day.year}〕{rng.randint(1, 30)}号"
    body = (
        f"{day.year}年{day.month}月{day.day}日，安排资金{rng.randint(1, 9999)}.{rng.randint(0, 9)}万元。"
        f"联系电话：0{rng.randint(510, 512)}-{rng.randint(1000000, 1000100)}。第{number}号"
    )
    return body, f"{index_number} {doc_number}", day


@pytest.fixture
def corpus() -> dict[int, str]:
    rng = random.Random(20261204)
    texts = {}
    for object_id in range(1, 401):
        body, extra, day = _document(rng, object_id)
        index_document(
            "catalogue", object_id, title="通知", body=body, extra_text=extra, agency_id=1, published_on=day
        )
        texts[object_id] = separated(f"通知\n{body}\n{extra}")
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchdocument")
    return texts


def _queries(texts: dict[int, str]) -> list[str]:
    """Pieces of the documents' numbers, with a character of punctuation for each separator."""
    rng = random.Random(5)
    runs = sorted({run for text in texts.values() for run in re.findall(r"[0-9 ]{6,}", text)})
    queries = {"2024-00012", "〔2025〕15号", "2019-0001", "0511-100005", "(2020)3号", "11320011-3/2017"}
    for run in rng.sample(runs, 80):
        start = rng.randrange(len(run) - 4)
        piece = run[start : start + rng.randint(4, 12)].strip()
        queries.add(piece.replace(" ", rng.choice(["-", "/", "〔", "〕", "."])))
    return sorted(queries)


def test_number_queries_find_exactly_the_documents_containing_them(corpus: dict[int, str]) -> None:
    for query in _queries(corpus):
        needle = separated(query).strip()
        expected = sorted((pk for pk, text in corpus.items() if needle in text), reverse=True)
        found: list[int] = []
        while not found or len(found) % 100 == 0:
            page = search(query, limit=100, offset=len(found))
            if not page.hits:
                break
            found += [hit.object_id for hit in page.hits]
        assert (sorted(found, reverse=True), page.total) == (expected, len(expected)), query


def test_numbers_found_are_newest_first(corpus: dict[int, str]) -> None:
    page = search("2019-0001", limit=100)  # the 10th to 19th item of 2019 of each agency code
    dates = [hit.published_on for hit in page.hits]
    assert page.total > 5
    assert all(day is not None and day.year == 2019 for day in dates)
    assert dates == sorted(dates, reverse=True)  # type: ignore[type-var]


def test_number_grams_worked_by_hand() -> None:
    index_number = ["1132", "1320", "3200", "200 ", "00 1", "0 1 ", " 1 2", "1 20", " 202", "2024"]
    index_number += ["024 ", "24 0", "4 00", " 000", "0001", "0012"]
    assert number_grams("113200 1 2024 00012") == sorted(index_number)
    assert number_grams("国办函 2025 15号") == [" 202", "025 ", "2025", "25 1", "5 15"]
    assert number_grams("2025年") == ["2025"]
    assert number_grams("123 国 45 6") == [" 45 ", "123 ", "45 6"]
    assert number_grams("12 国 3 号 4") == []  # no four digits or spaces in a row
    assert number_grams("12\n34 5") == ["34 5"]  # a line break is not a separator inside a field


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the number index is PostgreSQL's")
@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(alphabet="0123 号a\n٣", max_size=30))
def test_the_number_index_holds_what_python_looks_up(text: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute("SELECT search_number_grams(%s)", [text])
        (indexed,) = cursor.fetchone()
    assert sorted(indexed) == number_grams(text)
