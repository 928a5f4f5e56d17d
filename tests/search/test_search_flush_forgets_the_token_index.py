"""`manage.py flush` (and every transactional test's teardown) empties the documents table; the
tokens must go with it, or a document later stored under the same id (the search bench loads its
corpus with ids from 1) would be found by words it does not contain. PostgreSQL keeps the tokens
in the document's row, which flush deletes; SQLite keeps them in an FTS5 table no model owns."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.db import connection

from gongkai.search.actions import index_document

pytestmark = pytest.mark.django_db(transaction=True)


def _holding(token: str) -> list[int]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT rowid FROM search_token_index WHERE search_token_index MATCH %s", [f'"{token}"']
        )
        return [rowid for (rowid,) in cursor.fetchall()]


def test_flush_leaves_no_tokens_behind() -> None:
    if connection.vendor != "sqlite":
        pytest.skip("PostgreSQL keeps the tokens in the document's row")
    index_document("catalogue", 1, title="候鸟保护区公告", body="")
    assert len(_holding("候鸟")) == 1
    call_command("flush", interactive=False, verbosity=0)
    assert _holding("候鸟") == []
