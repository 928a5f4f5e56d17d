"""The Atom feed: the newest public items first, each linking its 索引号 permalink, for the whole
portal or one agency, and nothing that is not public."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client

from gongkai.agencies.models import Agency
from tests.portal.portal_items import chain_people, make_item


@pytest.fixture
def items(bureau: Agency, other_bureau: Agency) -> dict[str, str]:
    ours, theirs = chain_people(bureau), chain_people(other_bureau)
    made = {
        "older": make_item(bureau, ours, "published", "二〇二五年工作总结", day=dt.date(2025, 12, 1)),
        "newer": make_item(
            bureau,
            ours,
            "published",
            "城市规划<公告>",
            day=dt.date(2026, 6, 1),
            summary="规划 <b>概要</b> & 说明",
        ),
        "theirs": make_item(other_bureau, theirs, "published", "招生入学通知", day=dt.date(2026, 3, 1)),
        "draft": make_item(bureau, ours, "draft", "尚未审核的草稿"),
        "withdrawn": make_item(bureau, ours, "withdrawn", "已经撤回的通知", day=dt.date(2026, 6, 2)),
    }
    return {key: item.index_number or "" for key, item in made.items()}


def test_the_feed_is_atom_newest_first_with_permalinks(client: Client, items: dict[str, str]) -> None:
    response = client.get("/catalogue/feed.atom")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = response.content.decode()
    assert '<feed xml:lang="zh-CN" xmlns="http://www.w3.org/2005/Atom">' in feed
    titles = re.findall(r"<entry><title>(.*?)</title>", feed)
    assert titles == ["城市规划&lt;公告&gt;", "招生入学通知", "二〇二五年工作总结"]
    assert f'<link href="http://testserver/catalogue/item/{items["newer"]}" rel="alternate"/>' in feed
    assert "<published>2026-06-01T00:00:00+08:00</published>" in feed
    # The summary is HTML, escaped once for HTML and once for XML.
    assert "&lt;p&gt;规划 &amp;lt;b&amp;gt;概要&amp;lt;/b&amp;gt; &amp;amp; 说明&lt;/p&gt;" in feed
    assert "草稿" not in feed
    assert "撤回" not in feed


def test_one_agencys_feed(
    client: Client, items: dict[str, str], bureau: Agency, other_bureau: Agency
) -> None:
    feed = client.get(f"/catalogue/agencies/{other_bureau.pk}/feed.atom").content.decode()
    assert re.findall(r"<entry><title>(.*?)</title>", feed) == ["招生入学通知"]
    assert "<title>示例县教育局 · 政府信息公开目录</title>" in feed
    feed = client.get(f"/catalogue/agencies/{bureau.pk}/feed.atom").content.decode()
    assert re.findall(r"<entry><title>(.*?)</title>", feed) == ["城市规划&lt;公告&gt;", "二〇二五年工作总结"]
    assert client.get("/catalogue/agencies/999999/feed.atom").status_code == 404


def test_the_pages_announce_the_feed(client: Client, items: dict[str, str], bureau: Agency) -> None:
    for url, feed in [
        ("/", "/catalogue/feed.atom"),
        ("/catalogue/", "/catalogue/feed.atom"),
        (f"/catalogue/?agency={bureau.pk}", f"/catalogue/agencies/{bureau.pk}/feed.atom"),
    ]:
        page = client.get(url).content.decode()
        assert (
            f'<link rel="alternate" type="application/atom+xml" title="政府信息公开目录 · 最新信息" href="{feed}">'
            in page
        )
