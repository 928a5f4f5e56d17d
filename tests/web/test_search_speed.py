"""How long searches take over 10,000 documents: measured and printed, not asserted.

    GONGKAI_SEARCH_BENCHMARK=1 .venv/bin/pytest tests/web/test_search_speed.py -s
    GONGKAI_SEARCH_BENCHMARK=1 DATABASE_URL=postgres://... .venv/bin/pytest tests/web/test_search_speed.py -s

Two corpora: "varied" draws words from a Zipf-distributed vocabulary of 8,000 (closer to real
documents: common words in many documents, most words in few); "uniform" repeats the same 68
government words in every document, so that nearly every query matches nearly every document
(the worst case: the count and the page must look at thousands of candidates).
"""

from __future__ import annotations

import datetime as dt
import os
import random
import statistics
import time
from collections.abc import Callable

import pytest
from django.db import connection, transaction

from gongkai.search.actions import index_document
from gongkai.search.models import SearchDocument
from gongkai.search.selectors import search

from .test_search_finds_exactly_what_a_substring_scan_finds import VOCABULARY, _words

DOCUMENTS = 10_000

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(
        not os.environ.get("GONGKAI_SEARCH_BENCHMARK"), reason="set GONGKAI_SEARCH_BENCHMARK=1"
    ),
]


def _varied_writer(rng: random.Random) -> Callable[[int], str]:
    characters = [chr(0x4E00 + i) for i in range(3000)]
    character_weights = [1 / (rank + 1) for rank in range(len(characters))]
    words = list(VOCABULARY)
    while len(words) < 8000:
        words.append("".join(rng.choices(characters, character_weights, k=rng.choice([2, 2, 3, 4]))))
    rng.shuffle(words)
    word_weights = [1 / (rank + 1) for rank in range(len(words))]

    def write(count: int) -> str:
        chosen = rng.choices(words, word_weights, k=count)
        return "".join(word + ("，" if rng.random() < 0.2 else "") for word in chosen)

    return write


@pytest.mark.django_db(transaction=True)  # committed, so PostgreSQL can VACUUM ANALYZE as it would
def test_search_speed_over_ten_thousand_documents() -> None:
    for corpus in ("varied", "uniform"):
        _measure(corpus)


def _measure(corpus: str) -> None:
    rng = random.Random(1)
    if corpus == "varied":
        write = _varied_writer(rng)
    else:

        def write(count: int) -> str:
            return _words(rng, count)

    SearchDocument.objects.all().delete()
    started = time.perf_counter()
    characters = 0
    with transaction.atomic():
        for object_id in range(1, DOCUMENTS + 1):
            body = write(rng.randint(50, 300))
            characters += len(body)
            index_document(
                "catalogue",
                object_id,
                title=write(4),
                body=body,
                extra_text=f"国办函〔{rng.randint(2015, 2026)}〕{rng.randint(1, 200)}号",
                agency_id=rng.randint(1, 30),
                published_on=dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 2400)),
            )
    indexing = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE search_searchdocument")
    sample = SearchDocument.objects.order_by("id")[:500]
    words = sorted({word for document in sample for word in document.body.split("，") if 2 <= len(word) <= 4})
    queries = [
        "公",
        "诉",
        "信息",
        "听证",
        "政府信息公开",
        "国办函〔2020〕109号",
        "行政许可 补偿 2020",
        "鑫",
        "院务国",
    ]
    if corpus == "varied":
        queries += [words[0], words[len(words) // 2], words[-1], "一", "丁"]
    print(f"\n{connection.vendor}, {corpus}: indexed {DOCUMENTS} documents ({characters} characters of body)")
    print(f"  in {indexing:.1f} s ({indexing / DOCUMENTS * 1000:.2f} ms each)")
    print(f"  {'query':<24}{'total':>7}{'page of 20 (median ms)':>26}{'with filters':>16}")
    for query in queries:
        timings, filtered = [], []
        for _ in range(5):
            started = time.perf_counter()
            page = search(query)
            timings.append((time.perf_counter() - started) * 1000)
            started = time.perf_counter()
            search(query, agency_ids=[1, 2, 3], date_from=dt.date(2024, 1, 1), kinds=["catalogue"])
            filtered.append((time.perf_counter() - started) * 1000)
        print(
            f"  {query:<24}{page.total:>7}{statistics.median(timings):>26.1f}{statistics.median(filtered):>16.1f}"
        )
