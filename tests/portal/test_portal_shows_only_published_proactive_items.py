"""The portal shows an item only while it is published as 主动公开: drafts, items in review, sent back
or approved, 依申请公开 and 不予公开 items and withdrawn ones appear in no list, search, feed or
sitemap, and their pages and attachments are not found, however the address is guessed."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.utils.http import content_disposition_header

from gongkai.agencies.models import Agency
from gongkai.catalogue import actions
from gongkai.catalogue.models import Attachment, CatalogueItem, Status
from gongkai.core.actions import ActionError
from gongkai.search.actions import index_document
from tests.portal.portal_items import PUBLIC_STATES, STATES, attach, chain_people, make_item

# One two-character word, found nowhere else, in each item's title: a search for it finds that item.
MARKERS = {
    "draft": "鹳雀",
    "in_review": "鸿鹄",
    "returned": "麒麟",
    "approved": "凤凰",
    "published": "骆驼",
    "on_request": "喜鹊",
    "withheld": "孔雀",
    "withdrawn": "蝴蝶",
    "corrected": "蜻蜓",
}
HIDDEN_STATES = [state for state in STATES if state not in PUBLIC_STATES]
PDF = b"%PDF-1.4\n% portal test\n%%EOF\n"


@pytest.fixture
def items(bureau: Agency, clerk: User, settings: object, tmp_path: object) -> dict[str, CatalogueItem]:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    people = chain_people(bureau)
    made = {
        state: make_item(bureau, people, state, f"关于{MARKERS[state]}保护工作的通知") for state in STATES
    }
    for state, item in made.items():
        attach(item, f"{MARKERS[state]}名录.pdf", PDF)
    return made


def _text(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


def test_the_items_are_in_the_states_they_are_named_for(items: dict[str, CatalogueItem]) -> None:
    statuses = {state: (item.status, item.attribute) for state, item in items.items()}
    assert statuses == {
        "draft": ("draft", ""),
        "in_review": ("in_review", ""),
        "returned": ("returned", ""),
        "approved": ("approved", "proactive"),
        "published": ("published", "proactive"),
        "on_request": ("published", "on_request"),
        "withheld": ("approved", "withheld"),
        "withdrawn": ("withdrawn", "proactive"),
        "corrected": ("published", "proactive"),
    }
    # 不予公开 cannot be published at all.
    withheld = items["withheld"]
    with pytest.raises(ActionError):
        actions.publish(acting_user=User.objects.get(username=f"p{withheld.agency_id}-head"), item=withheld)


def test_lists_search_feed_and_sitemap_show_the_public_items_and_nothing_else(
    client: Client, items: dict[str, CatalogueItem]
) -> None:
    pages = {
        "home": _text(client, "/"),
        "browse": _text(client, "/catalogue/"),
        "browse by agency": _text(client, f"/catalogue/?agency={items['published'].agency_id}"),
        "search": _text(client, "/search?q=保护"),
        "feed": _text(client, "/catalogue/feed.atom"),
        "agency feed": _text(client, f"/catalogue/agencies/{items['published'].agency_id}/feed.atom"),
        "sitemap": _text(client, "/sitemap-catalogue.xml"),
    }
    for name, page in pages.items():
        for state in PUBLIC_STATES:
            shown = items[state].index_number if name == "sitemap" else MARKERS[state]  # no titles there
            assert shown in page, f"{state} missing from {name}"
        for state in HIDDEN_STATES:
            assert MARKERS[state] not in page, f"{state} shown on {name}"
            assert f"/catalogue/id/{items[state].pk}" not in page
            if items[state].index_number:
                assert items[state].index_number not in page, f"{state}'s 索引号 on {name}"
    assert "找到 2 条" in pages["search"]


def test_a_search_for_each_items_own_word_finds_it_only_if_it_is_public(
    client: Client, items: dict[str, CatalogueItem]
) -> None:
    for state, marker in MARKERS.items():
        page = _text(client, f"/search?q={marker}")
        expected = 1 if state in PUBLIC_STATES else 0
        assert f"找到 {expected} 条" in page, state
        assert (f"<mark>{marker}</mark>" in page) == (state in PUBLIC_STATES), state


def test_sitemap_lists_exactly_the_public_permalinks(client: Client, items: dict[str, CatalogueItem]) -> None:
    sitemap = _text(client, "/sitemap-catalogue.xml")
    code = items["published"].agency.org_code
    # Published in the order of STATES: published got serial 1, on_request 2, withdrawn 3, corrected 4.
    assert [items[s].index_number for s in ("published", "on_request", "withdrawn", "corrected")] == [
        f"{code}/2026-00001",
        f"{code}/2026-00002",
        f"{code}/2026-00003",
        f"{code}/2026-00004",
    ]
    locations = sitemap.count("<loc>")
    assert locations == 2
    assert f"http://testserver/catalogue/item/{code}/2026-00001</loc>" in sitemap
    assert f"http://testserver/catalogue/item/{code}/2026-00004</loc>" in sitemap
    index = _text(client, "/sitemap.xml")
    assert "http://testserver/sitemap-catalogue.xml" in index
    robots = _text(client, "/robots.txt")
    assert "Sitemap: http://testserver/sitemap.xml" in robots


def test_public_item_pages_by_index_number_and_by_id(client: Client, items: dict[str, CatalogueItem]) -> None:
    item = items["published"]
    page = _text(client, f"/catalogue/item/{item.index_number}")
    assert "<h1>关于骆驼保护工作的通知</h1>" in page
    assert "关于骆驼保护工作的通知的正文。" in page
    assert item.index_number in page
    redirect = client.get(f"/catalogue/id/{item.pk}")
    assert redirect.status_code == 301
    assert redirect["Location"] == f"/catalogue/item/{item.index_number}"


def test_every_hidden_item_is_not_found_by_index_number_or_id(
    client: Client, items: dict[str, CatalogueItem]
) -> None:
    for state in HIDDEN_STATES:
        item = items[state]
        if state == "withdrawn":
            continue  # its permalink says it was withdrawn: below
        assert client.get(f"/catalogue/id/{item.pk}").status_code == 404, state
        if item.index_number:  # the 依申请公开 item was published and has one
            response = client.get(f"/catalogue/item/{item.index_number}")
            assert response.status_code == 404, state
            assert MARKERS[state] not in response.content.decode()
    assert client.get("/catalogue/id/999999").status_code == 404
    assert client.get("/catalogue/item/no-such/2026-00001").status_code == 404


def test_a_withdrawn_item_says_when_and_why_and_shows_nothing_else(
    client: Client, items: dict[str, CatalogueItem]
) -> None:
    item = items["withdrawn"]
    response = client.get(f"/catalogue/item/{item.index_number}")
    assert response.status_code == 410
    page = response.content.decode()
    assert '已于 <time datetime="2026-06-30">2026-06-30</time> 撤回' in page
    assert "撤回理由：该文件已被新文件代替" in page
    assert item.index_number in page
    # Neither its title, nor its body, nor its attachment.
    assert MARKERS["withdrawn"] not in page
    assert "/catalogue/attachments/" not in page
    by_id = client.get(f"/catalogue/id/{item.pk}", follow=True)
    assert by_id.status_code == 410


def test_a_corrected_item_shows_its_correction_note_and_date(
    client: Client, items: dict[str, CatalogueItem]
) -> None:
    page = _text(client, f"/catalogue/item/{items['corrected'].index_number}")
    assert '本信息已于 <time datetime="2026-06-30">2026-06-30</time> 更正' in page
    assert "更正说明：第二段的日期写错了，已改正" in page
    assert "关于蜻蜓保护工作的通知的正文（已更正）。" in page


def test_attachments_download_only_while_their_item_is_public(
    client: Client, items: dict[str, CatalogueItem]
) -> None:
    for state, item in items.items():
        attachment = Attachment.objects.get(item=item)
        response = client.get(f"/catalogue/attachments/{attachment.pk}/{attachment.name}")
        if state in PUBLIC_STATES:
            assert response.status_code == 200, state
            assert b"".join(response.streaming_content) == PDF  # type: ignore[attr-defined]
            assert response["Content-Type"] == "application/pdf"
            assert response["Content-Disposition"] == content_disposition_header(
                as_attachment=False, filename=f"{MARKERS[state]}名录.pdf"
            )
            assert response["X-Content-Type-Options"] == "nosniff"
        else:
            assert response.status_code == 404, state
    # The public item's page links its attachment; the stored file's own address is never given.
    page = _text(client, f"/catalogue/item/{items['published'].index_number}")
    attachment = Attachment.objects.get(item=items["published"])
    assert "骆驼名录.pdf" in page
    assert f"/catalogue/attachments/{attachment.pk}/" in page
    assert attachment.file.name not in page


def test_an_attachment_is_gone_the_moment_its_item_is_withdrawn(
    client: Client, items: dict[str, CatalogueItem]
) -> None:
    item = items["published"]
    attachment = Attachment.objects.get(item=item)
    url = f"/catalogue/attachments/{attachment.pk}/{attachment.name}"
    assert client.get(url).status_code == 200
    head = User.objects.get(username=f"p{item.agency_id}-head")
    actions.withdraw(acting_user=head, item=item, reason="发布有误")
    assert client.get(url).status_code == 404
    assert client.get(f"/catalogue/item/{item.index_number}").status_code == 410
    assert MARKERS["published"] not in _text(client, "/catalogue/feed.atom")


def test_a_stale_search_entry_for_a_hidden_item_is_dropped_from_the_results(
    client: Client, items: dict[str, CatalogueItem]
) -> None:
    # Defence in depth: even if the index held a hidden item, the page resolves hits through the
    # public selector and leaves it out.
    for state in HIDDEN_STATES:
        item = items[state]
        index_document("catalogue_item", item.pk, title=item.title, body=item.body, agency_id=item.agency_id)
    page = _text(client, "/search?q=保护")
    for state in HIDDEN_STATES:
        assert MARKERS[state] not in page, state
    for state in PUBLIC_STATES:
        assert MARKERS[state] in page
    assert CatalogueItem.objects.filter(status=Status.PUBLISHED).count() == 3  # with 依申请公开
