"""PostgreSQL: the matches of a query already in the order of results, from a RUM index.

GIN answers "which documents have these lexemes" as a set, so the newest of them are found by
reading every candidate's date from the table and sorting: for a phrase common only in old years
(十三五 in 2016-2020, and none of it in the newest documents) that is 90,000 rows read to show 20.
A RUM index (the `rum` extension, Debian's postgresql-NN-rum) keeps a value beside each posting and
hands the matches out ordered by it, so only the matches shown and counted are read.

The value is the column `search_order` (migration 0004), one number that sorts as the results do:
publication date, newest first, undated last, then the later indexed first —

    dated:   (days since 0001-01-01 + 1) × 2^31 + id
    undated: id

Every date a DateField holds (0001-01-01 .. 9999-12-31) and every id below 2^31 give a number below
2^53, so the distance RUM orders by (a float8: |2^53 − search_order|) is exact and no two documents
tie. With a larger id PostgresBackend does not use the index.

The extension is optional: it is installed as root and created by a superuser, and not every
managed PostgreSQL offers it. Where migrate cannot create it the column is still added and search
works as before (GIN, then a sort); `manage.py search_rum` creates it later, and the system check
search.W001 says it is missing.
"""

from __future__ import annotations

from typing import Any

from django.core.checks import Warning
from django.db import DatabaseError, connections, transaction

INDEX = "search_lexemes_rum"
ORDER_TOP = 2**53  # what search_order is measured from: the nearest first is the newest
LARGEST_ID = 2**31 - 1  # the largest id search_order is exact for

ADD_COLUMN = (
    "ALTER TABLE search_searchdocument ADD COLUMN IF NOT EXISTS search_order bigint "
    "GENERATED ALWAYS AS (CASE WHEN published_on IS NULL THEN id "
    "ELSE (published_on - DATE '0001-01-01' + 1)::bigint * 2147483648 + id END) STORED"
)
CREATE_EXTENSION = "CREATE EXTENSION IF NOT EXISTS rum"
CREATE_INDEX = (
    f"CREATE INDEX {{concurrently}} IF NOT EXISTS {INDEX} ON search_searchdocument "
    "USING rum (lexemes rum_tsvector_addon_ops, search_order) WITH (attach = 'search_order', to = 'lexemes')"
)


def create_index(cursor: Any, *, concurrently: bool = False) -> str | None:
    """Create the extension (if the server has it) and the index. None when done, else why not
    (the server's message). In a transaction the attempt is a savepoint: a failure changes nothing."""
    try:
        with transaction.atomic():
            cursor.execute(CREATE_EXTENSION)
    except DatabaseError as error:
        return str(error).strip().splitlines()[0]
    cursor.execute(CREATE_INDEX.format(concurrently="CONCURRENTLY" if concurrently else ""))
    return None


def index_exists(cursor: Any) -> bool:
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL", [INDEX])
    return bool(cursor.fetchone()[0])


def present(cursor: Any) -> bool:
    """Whether the RUM index exists and search_order is exact for every document (ids below 2^31)."""
    cursor.execute("SELECT to_regclass(%s) IS NOT NULL, (SELECT max(id) FROM search_searchdocument)", [INDEX])
    indexed, highest = cursor.fetchone()
    return bool(indexed) and (highest or 0) <= LARGEST_ID


def missing(databases: Any = None, **kwargs: Any) -> list[Warning]:
    """System check search.W001 (run by migrate and `check --database default`): a PostgreSQL
    database whose search table is there without the RUM index."""
    found = []
    for alias in databases or ():
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        with connection.cursor() as cursor:
            cursor.execute("SELECT to_regclass('search_searchdocument') IS NOT NULL")
            if not cursor.fetchone()[0] or index_exists(cursor):
                continue
        found.append(
            Warning(
                "PostgreSQL 上没有全文检索的 RUM 索引：只在往年常用的词语（如“十三五”）检索较慢（数十万条信息时约半秒）",
                hint="以 root 安装 rum 扩展（Debian：apt-get install postgresql-15-rum），再运行 manage.py search_rum",
                obj=alias,
                id="search.W001",
            )
        )
    return found
