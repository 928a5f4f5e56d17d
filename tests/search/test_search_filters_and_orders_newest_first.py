"""Filters by kind, agency and date; newest first, ties by the later indexed; pages."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.search.actions import index_document
from gongkai.search.selectors import search

pytestmark = pytest.mark.django_db


@pytest.fixture
def documents() -> None:
    index_document(
        "catalogue",
        11,
        title="关于政府信息公开的通知",
        body="",
        agency_id=1,
        published_on=dt.date(2026, 1, 10),
    )
    index_document(
        "catalogue", 12, title="信息公开指南", body="", agency_id=2, published_on=dt.date(2026, 3, 5)
    )
    index_document(
        "register", 13, title="行政许可公开", body="", agency_id=1, published_on=dt.date(2025, 12, 31)
    )
    index_document("catalogue", 14, title="公开征求意见", body="", agency_id=1, published_on=None)
    index_document(
        "catalogue", 15, title="主动公开目录", body="", agency_id=3, published_on=dt.date(2026, 1, 10)
    )
    index_document(
        "catalogue", 16, title="与检索词无关", body="", agency_id=1, published_on=dt.date(2026, 6, 1)
    )


def _ids(**kwargs: object) -> list[int]:
    return [hit.object_id for hit in search("公开", **kwargs).hits]  # type: ignore[arg-type]


def test_newest_first_then_later_indexed_then_undated(documents: None) -> None:
    assert _ids() == [12, 15, 11, 13, 14]
    assert search("公开").total == 5


def test_kinds(documents: None) -> None:
    assert _ids(kinds=["register"]) == [13]
    assert _ids(kinds=["catalogue", "register"]) == [12, 15, 11, 13, 14]
    assert _ids(kinds=[]) == []


def test_agencies(documents: None) -> None:
    assert _ids(agency_ids=[1]) == [11, 13, 14]
    assert _ids(agency_ids=[2, 3]) == [12, 15]


def test_dates_are_inclusive_and_leave_out_undated(documents: None) -> None:
    assert _ids(date_from=dt.date(2026, 1, 10)) == [12, 15, 11]
    assert _ids(date_to=dt.date(2026, 1, 10)) == [15, 11, 13]
    assert _ids(date_from=dt.date(2026, 1, 1), date_to=dt.date(2026, 1, 31)) == [15, 11]


def test_pages(documents: None) -> None:
    page = search("公开", limit=2, offset=1)
    assert page.total == 5
    assert [hit.object_id for hit in page.hits] == [15, 11]
    beyond = search("公开", limit=2, offset=10)
    assert (beyond.total, beyond.hits) == (5, [])


def test_every_term_must_occur(documents: None) -> None:
    assert [hit.object_id for hit in search("公开 信息").hits] == [12, 11]
    assert [hit.object_id for hit in search("信息 指南 公开").hits] == [12]


def test_hits_carry_what_a_result_list_shows(documents: None) -> None:
    (hit,) = search("指南").hits
    assert (hit.kind, hit.object_id, hit.title, hit.published_on) == (
        "catalogue",
        12,
        "信息公开指南",
        dt.date(2026, 3, 5),
    )
    assert hit.title_html == "信息公开<mark>指南</mark>"


def test_a_single_kind_may_be_given_as_a_string(documents: None) -> None:
    assert _ids(kinds="register") == [13]


def test_a_page_costs_a_few_queries_however_many_hits(
    documents: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    # With counting cut at 50 (COUNT_STEP), 30 hits are all counted and 300 are counted to 50 and
    # "more": either way the page costs three queries at most (the matches, a look at documents
    # dated later than the ids say, the page's rows), not one per hit.
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from gongkai.search import selectors

    monkeypatch.setattr(selectors, "COUNT_STEP", 50)

    def queries(query: str) -> tuple[int, int, bool, int]:
        with CaptureQueriesContext(connection) as captured:
            page = search(query, limit=20)
        return len(captured), page.total, page.more, len(page.hits)

    for object_id in range(100, 130):
        index_document("catalogue", object_id, title=f"公开第{object_id}号", body="正文公开")
    few, *answer = queries("公开 号")
    assert answer == [30, False, 20]
    for object_id in range(130, 400):
        index_document("catalogue", object_id, title=f"公开第{object_id}号", body="正文公开")
    many, *answer = queries("公开 号")
    assert answer == [50, True, 20]
    assert few <= 3, (few, many)
    assert many <= 3, (few, many)
    nothing, *answer = queries("公开 不存在")
    assert answer == [0, False, 0]
    assert nothing <= 2
