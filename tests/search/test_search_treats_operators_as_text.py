"""Quotes, SQL, tsquery operators and FTS5 syntax in a query are text to look for, never syntax:
no error, and the results are those of the words themselves."""

from __future__ import annotations

import pytest

from gongkai.search.actions import index_document
from gongkai.search.models import SearchDocument
from gongkai.search.selectors import SearchQueryError, search

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents() -> None:
    index_document("catalogue", 1, title="政府信息公开指南", body="")
    index_document("catalogue", 2, title="信息化建设 and 公开招标", body="")
    index_document("catalogue", 3, title="near 信息 公开", body="")
    index_document("catalogue", 4, title="O'Brien 信息", body="")


def _ids(query: str) -> set[int]:
    return {hit.object_id for hit in search(query).hits}


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("信息 AND 公开", {2}),  # "and" is a word to find: only document 2 has it
        ("信息 OR 公开", set()),  # no document has "or"
        ("信息 NOT 公开", set()),
        ("信息 NEAR 公开", {3}),
        ("NEAR(信息 公开)", {3}),  # near + 信息 across a bracket, and 公开
        ("信息|公开", {3}),  # 信息, a separator, 公开: only document 3 reads so
        ("信息&公开", {3}),
        ("信息<->公开", {3}),
        ("信息 <-> 公开", {1, 2, 3}),  # "<->" alone has no letters: ignored
        ("!信息", {1, 2, 3, 4}),
        ("-信息", {1, 2, 3, 4}),
        ("^信息", {1, 2, 3, 4}),
        ("信息:*", {1, 2, 3, 4}),
        ("信息*", {1, 2, 3, 4}),
        ('"信息公开"', {1}),
        ('信息"', {1, 2, 3, 4}),
        ("{信息}", {1, 2, 3, 4}),
        ("tokens:信息", set()),  # not a column filter: "tokens" is a word no document has
        ("lexemes:信息", set()),
        ("o'brien", {4}),
        ("'信息'", {1, 2, 3, 4}),
        ("信息\\", {1, 2, 3, 4}),
        ("'; DROP TABLE search_searchdocument; --", set()),
        ("' OR 1=1 --", set()),
        ("信息') OR ('1'='1", set()),
        ("%", None),
        ("_", None),
        ("*", None),
        ('"', None),
        ("'", None),
        ("& | ! : * ( ) <->", None),
    ],
)
def test_operators_are_text(documents: None, query: str, expected: set[int] | None) -> None:
    if expected is None:
        with pytest.raises(SearchQueryError):
            search(query)
    else:
        assert _ids(query) == expected
    assert SearchDocument.objects.count() == 4


def test_like_wildcards_are_not_wildcards(documents: None) -> None:
    index_document("catalogue", 5, title="完成率100%", body="")
    index_document("catalogue", 6, title="完成率1000", body="")
    assert _ids("率100%") == {5, 6}  # the trailing % is punctuation, dropped
    assert _ids("率1_0") == set()  # "率1 0": no document has 1 and 0 across a separator
