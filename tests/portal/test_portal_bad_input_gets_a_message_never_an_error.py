"""Whatever is typed into the address or the search box, the portal answers with a page and a
message in Chinese (or not found), never a server error, and echoes nothing unescaped."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.catalogue.models import CatalogueItem
from tests.portal.portal_items import chain_people, make_item

HUGE = "9" * 30


@pytest.fixture
def item(bureau: Agency, clerk: User) -> CatalogueItem:
    return make_item(bureau, chain_people(bureau), "published", "城市规划公告")


SEARCH_MESSAGES = {
    "/search?q=": "请输入要检索的字词。",
    "/search?q=%20%20%20": "请输入要检索的字词。",
    "/search?q=%00": "请输入要检索的字词。",
    "/search?q=%00%00规划": "找到 1 条",
    "/search?q=！？。、《》": "检索词须包含汉字、字母或数字。",
    "/search?q=...": "检索词须包含汉字、字母或数字。",
    "/search?q=" + "规" * 101: "检索词过长：最多 100 个字。",
    "/search?q=" + "规" * 10_000: "检索词过长：最多 100 个字。",
    "/search?q=a+b+c+d+e+f+g+h+i+j+k": "检索词过多：最多 10 个",
    "/search?q=规划&page=-1": "找到 1 条",
    "/search?q=规划&page=abc": "找到 1 条",
    "/search?q=规划&page=" + HUGE: "找到 1 条",
    "/search?q=规划&page=1e9": "找到 1 条",
    "/search?q=规划&agency=abc": "没有这个发布机构",
    "/search?q=规划&agency=-1": "没有这个发布机构",
    "/search?q=规划&agency=" + HUGE: "没有这个发布机构",
    "/search?q=规划&from=2026-13-01": "起始日期须写成“2026-06-30”这样的日期",
    "/search?q=规划&from=abc": "起始日期须写成“2026-06-30”这样的日期",
    "/search?q=规划&to=99999-01-01": "截止日期须写成“2026-06-30”这样的日期",
    "/search?q=规划&from=2026-06-30&to=2026-01-01": "起始日期不能晚于截止日期",
    "/search?q=%ED%A0%80": "检索词须包含汉字、字母或数字。",  # a lone surrogate's bytes
    "/search/?q=": "请输入要检索的字词。",
}


def test_bad_searches_get_a_polite_message(client: Client, item: CatalogueItem) -> None:
    for url, message in SEARCH_MESSAGES.items():
        response = client.get(url)
        assert response.status_code == 200, url
        assert message in response.content.decode(), url


def test_a_long_query_is_not_echoed_whole_and_markup_is_escaped(client: Client, item: CatalogueItem) -> None:
    page = client.get("/search?q=" + "规" * 10_000).content.decode()
    assert "规" * 201 not in page
    page = client.get("/search?q=<script>alert(1)</script>").content.decode()
    assert "<script>alert" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def test_addresses_that_name_nothing_are_not_found(client: Client, item: CatalogueItem) -> None:
    for url in [
        "/catalogue/item/%00",
        "/catalogue/item/" + "a" * 5000,
        "/catalogue/item/../../etc/passwd",
        f"/catalogue/item/{item.index_number}/extra",
        f"/catalogue/id/{HUGE}",
        f"/catalogue/attachments/{HUGE}/x.pdf",
        "/catalogue/attachments/1/..%2F..%2Fsettings.py",
        f"/catalogue/agencies/{HUGE}/feed.atom",
        "/catalogue/agencies/0/feed.atom",
        "/sitemap-nothing.xml",
    ]:
        assert client.get(url).status_code == 404, url


def test_browse_takes_any_parameter(client: Client, item: CatalogueItem) -> None:
    for query in [
        "agency=%00",
        f"agency={HUGE}",
        "year=%00",
        "year=-2026",
        "topic=%00",
        "validity=<b>",
        "page=%00",
        "page=" + HUGE,
        "unknown=1",
    ]:
        response = client.get(f"/catalogue/?{query}")
        assert response.status_code == 200, query
        assert "<b>" not in response.content.decode().split("<main", 1)[1], query


def test_only_reading_methods_are_allowed(client: Client, item: CatalogueItem) -> None:
    for url in ["/catalogue/", "/search?q=规划", f"/catalogue/item/{item.index_number}"]:
        assert client.post(url).status_code in (403, 405), url
