"""PostgreSQL with the rum extension: a phrase absent from the newest documents is read from the RUM
index in the order of results (gongkai/search/rum.py) instead of sorting every candidate. The pages
must be the ones a sort gives, undated documents last, documents stored without lexemes included,
and the same without the index (migrate on a server without the extension) or with ids past 2^31.

The walk down the newest documents is shortened so that a small corpus takes the RUM path: the 30
newest documents do not contain 十三五, the walk of 20 finds none of it.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from gongkai.search import backends, rum
from gongkai.search.actions import index_document
from gongkai.search.models import SearchDocument
from gongkai.search.selectors import search
from gongkai.search.tokens import parse_query

pytestmark = pytest.mark.django_db
postgres_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="the RUM index is PostgreSQL's")

# (object id, published on, text). 4 has 十三 and 三五, the phrase's two tokens, but not 十三五.
OLD = [
    (1, dt.date(2016, 3, 1), "“十三五”规划纲要"),
    (2, dt.date(2017, 5, 2), "十三五时期的重点任务"),
    (3, dt.date(2017, 5, 2), "十三五期间的工作回顾"),  # the same day as 2, indexed after it: first
    (4, dt.date(2018, 1, 1), "十三个乡镇的居民三五成群"),
    (5, dt.date(2019, 12, 31), "十三五规划中期评估报告"),  # stored without lexemes (see corpus)
    (6, None, "十三五以来的统计数据"),  # undated: after every dated match
    (7, dt.date(2020, 1, 1), "十三五收官之年的工作要点"),
]
# 7 (2020-01-01), 5 (2019-12-31), 3 and 2 (2017-05-02, the later indexed first), 1 (2016), 6 (undated).
EXPECTED = [7, 5, 3, 2, 1, 6]


@pytest.fixture
def corpus(monkeypatch: pytest.MonkeyPatch) -> None:
    with connection.cursor() as cursor:
        if not rum.index_exists(cursor):
            pytest.skip("PostgreSQL 服务器未安装 rum 扩展（Debian：postgresql-15-rum），RUM 索引未建立")
    monkeypatch.setattr(backends, "SHORT_WALK", 20)
    monkeypatch.setattr(backends, "LONG_WALK", 60)
    for object_id, published_on, text in OLD:
        # 5 has more distinct tokens than a tsvector is allowed here: stored without lexemes.
        with monkeypatch.context() as patch:
            if object_id == 5:
                patch.setattr(backends, "MAX_LEXEMES", 5)
            index_document("catalogue", object_id, title=text, body="", published_on=published_on)
    for n in range(30):
        index_document(
            "catalogue",
            100 + n,
            title=f"关于第{n}批工作的通知",
            body="",
            published_on=dt.date(2025, 1, 1) + dt.timedelta(days=n),
        )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE search_searchdocument")


def _found(query: str = "十三五", **options: object) -> list[int]:
    return [hit.object_id for hit in search(query, **options).hits]  # type: ignore[arg-type]


def _read_from_rum(queries: CaptureQueriesContext) -> bool:
    return any("search_order <=>" in query["sql"] for query in queries.captured_queries)


@postgres_only
def test_an_old_phrase_is_read_in_date_order_from_the_rum_index(corpus: None) -> None:
    with CaptureQueriesContext(connection) as queries:
        assert _found() == EXPECTED
    assert _read_from_rum(queries)
    assert search("十三五").total == 6
    with connection.cursor() as cursor:
        cursor.execute("SELECT lexemes IS NULL FROM search_searchdocument WHERE object_id = 5")
        assert cursor.fetchone() == (True,)


@postgres_only
def test_every_page_is_a_slice_of_the_order(corpus: None) -> None:
    for offset in (0, 2, 4):
        assert _found(limit=2, offset=offset) == EXPECTED[offset : offset + 2]
    assert _found(date_from=dt.date(2017, 5, 2)) == [7, 5, 3, 2]
    assert _found(kinds=["register_entry"]) == []


@postgres_only
def test_the_order_column_is_the_day_then_the_id(corpus: None) -> None:
    # date(2020, 1, 1).toordinal() = 737,425 (days since 0001-01-01, that day counted as 1).
    # 737,425 × 2^31 = 737,425 × 2,147,483,648 = 1,583,608,129,126,400.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT object_id, id, search_order FROM search_searchdocument WHERE object_id IN (6, 7) ORDER BY object_id"
        )
        (_, undated_id, undated_order), (_, dated_id, dated_order) = cursor.fetchall()
    assert undated_order == undated_id
    assert dated_order == 1_583_608_129_126_400 + dated_id


@postgres_only
def test_without_the_index_the_pages_are_the_same(corpus: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {rum.INDEX}")  # rolled back with the test
    with CaptureQueriesContext(connection) as queries:
        assert _found() == EXPECTED
        assert _found(limit=2, offset=2) == [3, 2]
    assert not _read_from_rum(queries)


@postgres_only
def test_ids_past_two_to_the_31st_are_sorted_without_the_index(corpus: None) -> None:
    # search_order is exact only for ids below 2^31; past it the index is not used.
    sequence = "pg_get_serial_sequence('search_searchdocument', 'id')"
    with connection.cursor() as cursor:
        cursor.execute("SELECT max(id) FROM search_searchdocument")
        (highest,) = cursor.fetchone()
        cursor.execute(f"SELECT setval({sequence}, %s)", [2**31])
    try:
        index_document("catalogue", 8, title="十三五规划实施情况", body="", published_on=dt.date(2016, 1, 4))
        assert SearchDocument.objects.get(object_id=8).pk == 2**31 + 1
        with CaptureQueriesContext(connection) as queries:
            assert _found() == [*EXPECTED[:5], 8, 6]
        assert not _read_from_rum(queries)
    finally:  # a sequence is not rolled back with the test: the tests after it would be past 2^31 too
        with connection.cursor() as cursor:
            cursor.execute(f"SELECT setval({sequence}, %s)", [highest])


@postgres_only
def test_a_database_without_the_index_is_warned_of(corpus: None) -> None:
    assert rum.missing(databases=["default"]) == []
    with connection.cursor() as cursor:
        cursor.execute(f"DROP INDEX {rum.INDEX}")
    (warning,) = rum.missing(databases=["default"])
    assert warning.id == "search.W001"
    assert "manage.py search_rum" in (warning.hint or "")


@postgres_only
@pytest.mark.django_db(transaction=True)
def test_search_rum_makes_the_index_again(capsys: pytest.CaptureFixture[str]) -> None:
    with connection.cursor() as cursor:
        if not rum.index_exists(cursor):
            pytest.skip("PostgreSQL 服务器未安装 rum 扩展，RUM 索引未建立")
        cursor.execute(f"DROP INDEX {rum.INDEX}")
    try:
        call_command("search_rum")
        assert "已建立 RUM 索引" in capsys.readouterr().out
        call_command("search_rum")
        assert "已存在" in capsys.readouterr().out
    finally:
        with connection.cursor() as cursor:
            cursor.execute(rum.CREATE_INDEX.format(concurrently=""))
        assert rum.index_exists(connection.cursor())


@postgres_only
def test_without_the_right_to_create_the_extension_nothing_is_made_and_search_still_works(
    corpus: None,
) -> None:
    # What migrate meets on a server where the database's owner is not a superuser and nobody ran
    # CREATE EXTENSION rum: the reason is kept, the index is not made, search sorts as before.
    with connection.cursor() as cursor:
        cursor.execute("DROP EXTENSION rum CASCADE")  # rolled back with the test, like all below
        cursor.execute("CREATE ROLE gongkai_test_not_superuser")
        cursor.execute("GRANT ALL ON ALL TABLES IN SCHEMA public TO gongkai_test_not_superuser")
        cursor.execute("SET LOCAL ROLE gongkai_test_not_superuser")
        reason = rum.create_index(cursor)
        assert reason  # the server's own words, in its language: "permission denied to create extension"
        assert not rum.index_exists(cursor)
        cursor.execute("RESET ROLE")
    assert _found() == EXPECTED


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's answer")
def test_search_rum_on_sqlite_says_it_is_not_needed_and_exits_2() -> None:
    with pytest.raises(CommandError, match="只有 PostgreSQL 使用 RUM 索引") as raised:
        call_command("search_rum")
    assert raised.value.returncode == 2


@postgres_only
def test_a_word_found_among_the_newest_is_counted_in_the_rum_index(corpus: None) -> None:
    # 通知 is in the 30 newest documents (关于第n批工作的通知) and in none of the old ones: the walk
    # finds the page, and the count comes from the RUM index, not from a bitmap of GIN's.
    with CaptureQueriesContext(connection) as queries:
        page = search("通知", limit=5)
    assert [hit.object_id for hit in page.hits] == [129, 128, 127, 126, 125]
    assert (page.total, page.more) == (30, False)
    assert any(
        query["sql"].startswith(
            "SELECT count(*) FROM (SELECT 1 FROM search_searchdocument d WHERE d.lexemes @@"
        )
        for query in queries.captured_queries
    )


def test_rum_is_asked_for_every_token_of_a_short_term_and_the_rarest_of_a_longer_one(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Shares of the bench's million documents (PostgreSQL's statistics): 行政 75 %, 许可 33 %, 政许
    # 24 %; of 2024's tokens 20 is in every document, 02 in 81 %, 24 in 35 %. 冠肺 and 炎疫 are not
    # among the statistics' most common: rarer than any listed; the first of them is taken.
    shares = {
        "行政": 0.75,
        "政许": 0.24,
        "许可": 0.33,
        "20": 1.0,
        "02": 0.81,
        "24": 0.35,
        "肺炎": 0.12,
        "疫情": 0.1,
    }
    backend = backends.PostgresBackend()
    monkeypatch.setattr(
        backend, "_shares", lambda lexemes: {token: shares[token] for token in lexemes if token in shares}
    )
    assert backend._rarest_query(parse_query("行政许可 2024")) == "'政许' & '24'"
    assert backend._rarest_query(parse_query("公示 名单")) == "'公示' & '名单'"
    assert backend._rarest_query(parse_query("新冠肺炎疫情")) == "'新冠'"
    assert backend._rarest_query(parse_query("教育局 通 知")) == "'教育' & '通':* & '知':*"
