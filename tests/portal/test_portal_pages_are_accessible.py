"""The portal's pages in Chinese, with one h1, headings that never skip a level, a label for every
box, scoped header cells, and no reference to an element that is not there."""

from __future__ import annotations

from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency
from tests.portal.portal_items import attach, chain_people, make_item

UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.lang: str | None = None
        self.headings: list[int] = []
        self.fields: list[tuple[str, str | None]] = []
        self.label_for: set[str] = set()
        self.ids: set[str] = set()
        self.described_by: list[str] = []
        self.unscoped_th = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if a.get("id"):
            self.ids.add(a["id"] or "")
        if a.get("aria-describedby"):
            self.described_by.extend((a["aria-describedby"] or "").split())
        if tag == "html":
            self.lang = a.get("lang")
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append(int(tag[1]))
        elif tag == "label" and a.get("for"):
            self.label_for.add(a["for"] or "")
        elif tag == "th" and not a.get("scope"):
            self.unscoped_th += 1
        elif tag in ("select", "textarea") or (
            tag == "input" and a.get("type", "text") not in UNLABELLED_TYPES
        ):
            self.fields.append((f"{tag} {a.get('name')}", a.get("id")))


@pytest.fixture
def urls(bureau: Agency, clerk: User, settings: object, tmp_path: object) -> list[str]:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    people = chain_people(bureau)
    item = make_item(bureau, people, "published", "城市规划公告", summary="规划概要", keywords="规划")
    attach(item, "规划图.pdf", b"%PDF-1.4\n%%EOF\n")
    corrected = make_item(bureau, people, "corrected", "规划许可通知")
    withdrawn = make_item(bureau, people, "withdrawn", "公路养护办法")
    return [
        "/",
        "/catalogue/",
        f"/catalogue/?agency={bureau.pk}&topic=natural_resources&year=2026&validity=valid",
        "/catalogue/?agency=abc",
        f"/catalogue/item/{item.index_number}",
        f"/catalogue/item/{corrected.index_number}",
        f"/catalogue/item/{withdrawn.index_number}",
        "/search",
        "/search?q=规划",
        "/search?q=",
        "/search?q=鹅",
        "/search?q=规划&from=bad",
    ]


def test_every_portal_page_is_labelled_and_ordered(client: Client, urls: list[str]) -> None:
    for url in urls:
        response = client.get(url)
        assert response.status_code in (200, 410), url
        page = Page()
        page.feed(response.content.decode())
        assert page.lang == "zh-CN", url
        assert page.headings.count(1) == 1, f"{url}: {page.headings}"
        assert page.headings[0] == 1, f"{url}: {page.headings}"
        skips = [(a, b) for a, b in zip(page.headings, page.headings[1:], strict=False) if b > a + 1]
        assert not skips, f"{url}: headings skip a level {skips}"
        unlabelled = [field for field, id_ in page.fields if not id_ or id_ not in page.label_for]
        assert not unlabelled, f"{url}: no <label for> on {unlabelled}"
        assert page.unscoped_th == 0, url
        missing = [ref for ref in page.described_by if ref not in page.ids]
        assert not missing, f"{url}: aria-describedby names nothing: {missing}"


def test_the_search_box_and_the_filters_are_on_every_search_page(client: Client, urls: list[str]) -> None:
    page = Page()
    page.feed(client.get("/search?q=规划").content.decode())
    assert [field for field, _ in page.fields] == ["input q", "select agency", "input from", "input to"]
    home = Page()
    home.feed(client.get("/").content.decode())
    assert [field for field, _ in home.fields] == ["input q"]


def test_the_item_page_reads_as_a_document(client: Client, urls: list[str]) -> None:
    page = client.get(urls[4]).content.decode()
    for label in [
        "索引号",
        "名称",
        "主题分类",
        "体裁",
        "发布机构",
        "成文日期",
        "发布日期",
        "文号",
        "有效性",
        "关键词",
        "内容概述",
    ]:
        assert f'<th scope="row">{label}</th>' in page, label
    assert "<caption>目录信息</caption>" in page
    assert '<link rel="canonical" href="http://testserver/catalogue/item/' in page
    assert "规划图.pdf" in page
    assert "PDF 文件" in page
