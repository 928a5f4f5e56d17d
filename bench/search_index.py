"""Indexing documents one at a time through index_document, then searching them, each beside a floor.

Usage: python -m bench.search_index [--documents 10000] [--databases sqlite,postgres] [--runs 5]

What tests/web/test_search_speed.py used to print, moved here because speed is not a test's
business. Two corpora of --documents documents each: "varied" draws words from a Zipf-distributed
vocabulary of 8,000 (closer to real documents: common words in many documents, most words in
few); "uniform" repeats the same government words in every document, so that nearly every query
matches nearly every document (the worst case: the count and the page look at thousands of
candidates). Indexing goes through index_document, as the catalogue's actions do, one document
at a time in one transaction, beside the floor of inserting the same titles and bodies into a
plain table. Each query runs once to warm up, then --runs times, with and without filters (three
agencies, since 2024, catalogue items only); the median beside the floor of fetching the page's
rows by primary key. bench/search.py measures searching a million documents loaded in bulk.

SQLite runs in a temporary file; PostgreSQL (DATABASE_URL or --postgres-url, when one answers) in
a database gongkai_bench_search_index created for the run and dropped after it.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from urllib.parse import urlsplit, urlunsplit

from bench import database_arguments

BENCH_DATABASE = "gongkai_bench_search_index"
QUERIES = [
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


def main() -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.search_index", description=__doc__.split("\n\n")[0]
    )
    parser.add_argument("--documents", type=int, default=10_000, help="documents per corpus (default 10,000)")
    database_arguments(parser)
    parser.add_argument("--runs", type=int, default=5, help="timed runs per query (median)")
    args = parser.parse_args()
    if args.worker:
        return worker(args)
    print(
        f"gongkai bench.search_index — {args.documents:,} documents per corpus, Python {sys.version.split()[0]}"
    )
    failed = 0
    for database in args.databases.split(","):
        if database == "sqlite":
            with tempfile.TemporaryDirectory(prefix="gongkai-bench-") as folder:
                failed |= _run_worker(args, "sqlite", f"sqlite:///{folder}/bench.sqlite3")
        elif database == "postgres":
            failed |= _with_postgres(args)
        else:
            parser.error(f"unknown database {database!r}")
    return failed


def _run_worker(args: argparse.Namespace, database: str, url: str) -> int:
    command = [sys.executable, "-m", "bench.search_index", "--worker", database]
    command += ["--documents", str(args.documents), "--runs", str(args.runs)]
    env = os.environ | {"DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "gongkai.web.settings"}
    return subprocess.run(command, env=env, check=False).returncode


def _with_postgres(args: argparse.Namespace) -> int:
    import psycopg

    try:
        psycopg.connect(args.postgres_url, connect_timeout=3).close()
    except psycopg.OperationalError:
        print(f"postgresql: not measured, no server answers at {args.postgres_url}")
        return 0
    bench_url = urlunsplit(urlsplit(args.postgres_url)._replace(path=f"/{BENCH_DATABASE}"))
    with psycopg.connect(args.postgres_url, autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE}")
        admin.execute(f"CREATE DATABASE {BENCH_DATABASE}")
    try:
        return _run_worker(args, "postgres", bench_url)
    finally:
        with psycopg.connect(args.postgres_url, autocommit=True) as admin:
            admin.execute(f"DROP DATABASE IF EXISTS {BENCH_DATABASE} WITH (FORCE)")


# --- the worker: one database ------------------------------------------------------------------


def worker(args: argparse.Namespace) -> int:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    for corpus in ("varied", "uniform"):
        measure(corpus, args.documents, args.runs)
    return 0


def varied_writer(rng: random.Random) -> Callable[[int], str]:
    from tests.search.test_search_finds_exactly_what_a_substring_scan_finds import VOCABULARY

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


def uniform_writer(rng: random.Random) -> Callable[[int], str]:
    from tests.search.test_search_finds_exactly_what_a_substring_scan_finds import _words

    return lambda count: _words(rng, count)


def measure(corpus: str, documents: int, runs: int) -> None:
    from django.db import connection, transaction

    from gongkai.search.actions import index_document
    from gongkai.search.models import SearchDocument

    rng = random.Random(1)
    write = varied_writer(rng) if corpus == "varied" else uniform_writer(rng)
    rows = [
        {
            "object_id": object_id,
            "title": write(4),
            "body": write(rng.randint(50, 300)),
            "extra_text": f"国办函〔{rng.randint(2015, 2026)}〕{rng.randint(1, 200)}号",
            "agency_id": rng.randint(1, 30),
            "published_on": dt.date(2020, 1, 1) + dt.timedelta(days=rng.randint(0, 2400)),
        }
        for object_id in range(1, documents + 1)
    ]
    SearchDocument.objects.all().delete()
    started = time.perf_counter()
    with transaction.atomic():
        for row in rows:
            index_document("catalogue", **row)
    indexing = time.perf_counter() - started
    plain = _plain_insert(rows)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE" if connection.vendor == "sqlite" else "VACUUM ANALYZE search_searchdocument")

    characters = sum(len(row["body"]) for row in rows)
    name = connection.vendor
    print(f"\n{name}, {corpus}: {documents:,} documents, {characters:,} characters of body")
    print(f"  {'what':<28}{'total':>7}{'median ms':>11}{'floor ms':>10}{'ratio':>8}")
    print(
        f"  {'index_document, each':<28}{documents:>7}{indexing / documents * 1000:>11.2f}"
        f"{plain / documents * 1000:>10.3f}{indexing / plain:>7.0f}×  floor: the same rows into a plain table"
    )
    sample = SearchDocument.objects.order_by("id")[:500]
    words = sorted({word for document in sample for word in document.body.split("，") if 2 <= len(word) <= 4})
    queries = QUERIES + (
        [words[0], words[len(words) // 2], words[-1], "一", "丁"] if corpus == "varied" else []
    )
    for query in queries:
        _query_line(query, runs)


def _plain_insert(rows: list[dict[str, object]]) -> float:
    """The floor of indexing: the same titles and bodies inserted one by one into a table with no index."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute("CREATE TABLE bench_plain (id integer PRIMARY KEY, title text, body text, extra text)")
    started = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        for row in rows:
            cursor.execute(
                "INSERT INTO bench_plain (id, title, body, extra) VALUES (%s, %s, %s, %s)",
                [row["object_id"], row["title"], row["body"], row["extra_text"]],
            )
    elapsed = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE bench_plain")
    return elapsed


def _query_line(query: str, runs: int) -> None:
    from django.db import connection

    from gongkai.search.selectors import search

    def plain() -> object:
        return search(query)

    def filtered() -> object:
        return search(query, agency_ids=[1, 2, 3], date_from=dt.date(2024, 1, 1), kinds=["catalogue"])

    page = search(query)
    ids = [hit.object_id for hit in page.hits] or [0]  # an empty page still costs a round trip
    marks = ", ".join(["%s"] * len(ids))
    sql = (
        "SELECT id, kind, object_id, title, body, published_on FROM search_searchdocument"
        f" WHERE kind = 'catalogue' AND object_id IN ({marks})"
    )

    def floor() -> object:
        with connection.cursor() as cursor:
            cursor.execute(sql, ids)
            return cursor.fetchall()

    floor_ms = _median_ms(floor, runs)
    for label, run in ((query, plain), (f"{query} (filtered)", filtered)):
        ms = _median_ms(run, runs)
        total = f"{page.total}{'+' if page.more else ''}" if run is plain else ""
        print(f"  {label:<28}{total:>7}{ms:>11.1f}{floor_ms:>10.2f}{ms / floor_ms:>7.0f}×")


def _median_ms(work: Callable[[], object], runs: int) -> float:
    work()  # warm up
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        timings.append((time.perf_counter() - started) * 1000)
    return statistics.median(timings)


if __name__ == "__main__":
    sys.exit(main())
