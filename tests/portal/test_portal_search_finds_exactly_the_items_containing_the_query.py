"""/search finds exactly the public items containing the query, one character or two, newest first,
with filters by agency and date, marked matches, and pages that work without JavaScript."""

from __future__ import annotations

import datetime as dt
import re
from html import unescape

import pytest
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.catalogue.models import CatalogueItem
from gongkai.catalogue.views import public
from tests.portal.portal_items import chain_people, make_item

# (title, agency, day published); every body is "<title>的正文。", no query below uses 的, 正 or 文.
CORPUS = [
    ("城市规划公告", "bureau", dt.date(2026, 6, 1)),
    ("规划许可通知", "bureau", dt.date(2026, 5, 10)),
    ("农村公路养护", "other", dt.date(2026, 4, 1)),
    ("城乡规划年报", "other", dt.date(2025, 12, 20)),
    ("公路许可办法", "bureau", dt.date(2025, 3, 3)),
]


@pytest.fixture
def corpus(bureau: Agency, other_bureau: Agency) -> dict[str, CatalogueItem]:
    people = {"bureau": chain_people(bureau), "other": chain_people(other_bureau)}
    agencies = {"bureau": bureau, "other": other_bureau}
    made = {
        title: make_item(agencies[key], people[key], "published", title, day=day, doc_number="")
        for title, key, day in CORPUS
    }
    # Not public: a search must never find these, whatever they contain.
    make_item(bureau, people["bureau"], "draft", "规划公路草稿", doc_number="")
    make_item(bureau, people["bureau"], "withdrawn", "城市公路规划", doc_number="")
    make_item(other_bureau, people["other"], "on_request", "规划许可内部", doc_number="")
    return made


def titles(client: Client, url: str) -> list[str]:
    response = client.get(url)
    assert response.status_code == 200
    page = response.content.decode()
    found = re.findall(r'<h3><a href="/catalogue/item/[^"]+">(.*?)</a></h3>', page)
    return [unescape(re.sub(r"</?mark>", "", title)) for title in found]


def test_one_character_queries_find_every_item_containing_it_newest_first(
    client: Client, corpus: dict[str, CatalogueItem]
) -> None:
    assert titles(client, "/search?q=规") == ["城市规划公告", "规划许可通知", "城乡规划年报"]
    assert titles(client, "/search?q=公") == ["城市规划公告", "农村公路养护", "公路许可办法"]
    assert titles(client, "/search?q=城") == ["城市规划公告", "城乡规划年报"]
    assert titles(client, "/search?q=养") == ["农村公路养护"]
    assert titles(client, "/search?q=鹅") == []


def test_two_character_queries_find_exactly_the_items_containing_the_pair(
    client: Client, corpus: dict[str, CatalogueItem]
) -> None:
    assert titles(client, "/search?q=许可") == ["规划许可通知", "公路许可办法"]
    assert titles(client, "/search?q=公路") == ["农村公路养护", "公路许可办法"]
    assert titles(client, "/search?q=划公") == ["城市规划公告"]  # across two words
    assert titles(client, "/search?q=规划") == ["城市规划公告", "规划许可通知", "城乡规划年报"]
    assert titles(client, "/search?q=可办") == ["公路许可办法"]
    assert titles(client, "/search?q=路规") == []  # only in the withdrawn item


def test_the_answers_agree_with_a_plain_substring_scan_of_the_public_titles(
    client: Client, corpus: dict[str, CatalogueItem]
) -> None:
    public_titles = [title for title, _, _ in sorted(CORPUS, key=lambda row: row[2], reverse=True)]
    for query in ["规", "划", "公", "路", "许", "城", "告", "规划", "划许", "路养", "城乡", "乡规", "公告"]:
        expected = [title for title in public_titles if query in title]
        assert titles(client, f"/search?q={query}") == expected, query


def test_several_words_must_all_be_present(client: Client, corpus: dict[str, CatalogueItem]) -> None:
    assert titles(client, "/search?q=规划 许可") == ["规划许可通知"]
    assert titles(client, "/search?q=公路+许可") == ["公路许可办法"]


def test_matches_are_marked_in_the_title(client: Client, corpus: dict[str, CatalogueItem]) -> None:
    page = client.get("/search?q=许可").content.decode()
    assert "规划<mark>许可</mark>通知" in page
    assert "找到 2 条" in page


def test_filters_by_agency_and_publication_date(
    client: Client, corpus: dict[str, CatalogueItem], bureau: Agency, other_bureau: Agency
) -> None:
    assert titles(client, f"/search?q=规&agency={bureau.pk}") == ["城市规划公告", "规划许可通知"]
    assert titles(client, f"/search?q=规&agency={other_bureau.pk}") == ["城乡规划年报"]
    assert titles(client, "/search?q=公&from=2026-01-01") == ["城市规划公告", "农村公路养护"]
    assert titles(client, "/search?q=公&to=2025-12-31") == ["公路许可办法"]
    assert titles(client, "/search?q=规&from=2025-12-20&to=2026-05-10") == ["规划许可通知", "城乡规划年报"]
    # The chosen filters stay in the form.
    page = client.get(f"/search?q=规&agency={bureau.pk}&from=2026-01-01").content.decode()
    assert f'<option value="{bureau.pk}" selected>' in page
    assert 'value="2026-01-01"' in page


def test_search_and_search_slash_are_the_same_page(client: Client, corpus: dict[str, CatalogueItem]) -> None:
    assert (
        titles(client, "/search/?q=许可")
        == titles(client, "/search?q=许可")
        == ["规划许可通知", "公路许可办法"]
    )


def test_results_come_in_pages_with_plain_links(
    client: Client, corpus: dict[str, CatalogueItem], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(public, "SEARCH_PAGE_SIZE", 2)
    first = client.get("/search?q=公").content.decode()
    assert "找到 3 条，第 1/2 页" in first
    assert 'href="?q=%E5%85%AC&amp;page=2" rel="next"' in first
    assert titles(client, "/search?q=公") == ["城市规划公告", "农村公路养护"]
    assert titles(client, "/search?q=公&page=2") == ["公路许可办法"]
    # Out of range or not a number: the nearest page, never an error.
    assert titles(client, "/search?q=公&page=99") == ["公路许可办法"]
    assert titles(client, "/search?q=公&page=-1") == ["城市规划公告", "农村公路养护"]
    assert titles(client, "/search?q=公&page=abc") == ["城市规划公告", "农村公路养护"]


def test_a_count_cut_short_says_more_than_it_counted(
    client: Client, corpus: dict[str, CatalogueItem], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Counting stops at the next multiple of COUNT_STEP past the page: with steps of 2 and pages of
    # one, page 1 counts to 2 of the three items with 公, page 3 counts to 4 and so finds all three.
    from gongkai.search import selectors

    monkeypatch.setattr(selectors, "COUNT_STEP", 2)
    monkeypatch.setattr(public, "SEARCH_PAGE_SIZE", 1)
    first = client.get("/search?q=公").content.decode()
    assert "找到超过 2 条，第 1 页，" in first
    assert 'href="?q=%E5%85%AC&amp;page=2" rel="next"' in first
    assert titles(client, "/search?q=公") == ["城市规划公告"]
    last = client.get("/search?q=公&page=3").content.decode()
    assert "找到 3 条，第 3/3 页，" in last
    assert titles(client, "/search?q=公&page=3") == ["公路许可办法"]
