"""A document taken out of the index (visible=False, remove_document) or re-indexed with new text
is no longer found by what it used to say: not only filtered out, gone from the token index."""

from __future__ import annotations

import pytest
from django.db import connection

from gongkai.search.actions import index_document, rebuild_index, remove_document
from gongkai.search.backends import fts5_expression, tsquery
from gongkai.search.models import SearchDocument
from gongkai.search.selectors import search
from gongkai.search.tokens import parse_query

pytestmark = pytest.mark.django_db


def _candidates(query: str) -> set[int]:
    """The document ids the token index itself holds for the query (SQLite: the FTS5 table,
    which is not joined to the documents here; PostgreSQL: the lexemes column)."""
    terms = parse_query(query)
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(
                "SELECT rowid FROM search_token_index WHERE search_token_index MATCH %s",
                [fts5_expression(terms)],
            )
        else:
            cursor.execute(
                "SELECT id FROM search_searchdocument WHERE lexemes @@ %s::tsquery", [tsquery(terms)]
            )
        return {row[0] for row in cursor.fetchall()}


def test_hiding_a_document_takes_it_out() -> None:
    index_document("catalogue", 1, title="政府信息公开指南", body="本指南说明如何申请。")
    assert [hit.object_id for hit in search("指南").hits] == [1]

    assert (
        index_document("catalogue", 1, title="政府信息公开指南", body="本指南说明如何申请。", visible=False)
        is None
    )

    assert search("指南").total == 0
    assert SearchDocument.objects.count() == 0


def test_removing_a_document_takes_it_out() -> None:
    guide = index_document("catalogue", 1, title="政府信息公开指南", body="")
    index_document("catalogue", 2, title="政府信息公开年报", body="")
    assert guide is not None
    assert _candidates("指南") == {guide.pk}

    assert remove_document("catalogue", 1) is True
    assert remove_document("catalogue", 1) is False

    assert [hit.object_id for hit in search("政府").hits] == [2]
    assert _candidates("指南") == set()


def test_reindexing_replaces_what_the_document_said() -> None:
    before = index_document("catalogue", 1, title="政府信息公开指南", body="旧的正文")
    after = index_document("catalogue", 1, title="年度报告", body="新的正文")
    assert before is not None
    assert after is not None
    assert before.pk == after.pk

    assert SearchDocument.objects.count() == 1
    assert search("指南").total == 0
    assert search("旧").total == 0
    assert [hit.title for hit in search("新的").hits] == ["年度报告"]
    assert _candidates("指南") == set()
    assert _candidates("旧的") == set()
    assert _candidates("新的") == {after.pk}


def test_same_object_id_of_another_kind_is_another_document() -> None:
    index_document("catalogue", 1, title="行政许可目录", body="")
    index_document("register", 1, title="行政许可决定", body="")

    remove_document("catalogue", 1)

    assert [(hit.kind, hit.object_id) for hit in search("行政许可").hits] == [("register", 1)]


def test_rebuilding_the_index_forgets_rows_deleted_behind_its_back() -> None:
    notice = index_document("catalogue", 1, title="国務院辦公廳通知", body="")
    index_document("catalogue", 2, title="教育局公告", body="")
    stale = index_document("catalogue", 3, title="过期的指南", body="")
    assert notice is not None
    assert stale is not None
    with connection.cursor() as cursor:  # no signal, no backend: as a raw SQL delete would
        cursor.execute("DELETE FROM search_searchdocument WHERE id = %s", [stale.pk])

    assert rebuild_index() == 2

    assert _candidates("指南") == set()
    assert _candidates("通知") == {notice.pk}

    assert [hit.object_id for hit in search("国务院").hits] == [1]
    assert [hit.object_id for hit in search("公").hits] == [2, 1]


def test_deleting_rows_with_a_queryset_takes_their_tokens_too() -> None:
    guide = index_document("catalogue", 1, title="政府信息公开指南", body="")
    assert guide is not None
    assert _candidates("指南") == {guide.pk}
    index_document("catalogue", 2, title="政府信息公开年报", body="")

    SearchDocument.objects.filter(object_id=1).only("id").delete()

    assert _candidates("指南") == set()
    assert [hit.object_id for hit in search("政府").hits] == [2]
