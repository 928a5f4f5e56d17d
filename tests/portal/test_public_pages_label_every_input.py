"""Every public page has a heading, and every box, choice and list on it has a label tied to it."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency
from tests.factories import application

pytestmark = pytest.mark.django_db

UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.h1 = 0
        self.fields: list[tuple[str, str | None]] = []  # (tag and name, id)
        self.label_for: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "h1":
            self.h1 += 1
        elif tag == "label" and a.get("for"):
            self.label_for.add(a["for"] or "")
        elif tag in ("select", "textarea") or (
            tag == "input" and a.get("type", "text") not in UNLABELLED_TYPES
        ):
            self.fields.append((f"{tag} {a.get('name')}", a.get("id")))


def test_each_public_page_has_one_h1_and_a_label_for_every_input(
    client: Client, bureau: Agency, clerk: User
) -> None:
    case = application(bureau, clerk)
    pages: dict[str, str] = {}
    for url in ("/", "/apply/", "/track/", "/deadline/", "/deadline/?received=2026-06-30&extended=on"):
        pages[url] = client.get(url).content.decode()
    token = re.search(r'name="form_token" value="([0-9a-f]+)"', pages["/apply/"])
    assert token is not None
    pages["/apply/ with errors"] = client.post("/apply/", {"form_token": token.group(1)}).content.decode()
    pages["/track/ refused"] = client.post("/track/", {"code": "X", "contact": "1"}).content.decode()
    pages["/deadline/ with errors"] = client.get("/deadline/?received=2026-13-01").content.decode()
    client.post("/track/", {"code": case.tracking_code, "contact": "13800138000"})
    pages["/track/case/"] = client.get("/track/case/").content.decode()
    pages["/track/case/withdraw/"] = client.get("/track/case/withdraw/").content.decode()
    token = re.search(r'name="form_token" value="([0-9a-f]+)"', client.get("/apply/").content.decode())
    assert token is not None
    done = client.post(
        "/apply/",
        {
            "form_token": token.group(1),
            "agency": str(bureau.pk),
            "applicant_kind": "natural_person",
            "applicant_name": "张三",
            "id_number": "11010519491231002X",
            "phone": "13800138000",
            "description": "2024年本县城乡规划调整的批复文件",
            "form_wanted": "electronic",
            "delivery": "online",
        },
        follow=True,
    )
    pages["/apply/done/"] = done.content.decode()
    assert "申请已提交" in pages["/apply/done/"]

    for url, html in pages.items():
        page = Page()
        page.feed(html)
        assert page.h1 == 1, f"{url}: {page.h1} <h1>"
        unlabelled = [field for field, id_ in page.fields if not id_ or id_ not in page.label_for]
        assert not unlabelled, f"{url}: no <label for> on {unlabelled}"
    # The pages with forms do have inputs to check.
    assert len([f for f in fields_on(pages["/apply/"]) if f.startswith("input")]) >= 10


def fields_on(html: str) -> list[str]:
    page = Page()
    page.feed(html)
    return [field for field, _ in page.fields]
