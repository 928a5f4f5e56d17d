"""The whole walk through the staff pages: a clerk drafts an item and submits it, four different
people sign the four steps of the default chain, the office head publishes, and the page shows
the 索引号. Every step is a POST of the form the page offered, followed by the redirect."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.catalogue.models import CatalogueItem, EventKind, Status
from tests.catalogue.workflow import signers

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def hidden(html: str, name: str, form_action: str) -> str:
    """The value of a hidden field inside the form that posts to form_action, as the page wrote it."""
    form = re.search(rf'<form method="post" action="{re.escape(form_action)}".*?</form>', html, re.S)
    assert form is not None, f"no form posting to {form_action}"
    field = re.search(rf'name="{name}" value="([^"]*)"', form.group())
    assert field is not None, f"no {name} in the form posting to {form_action}"
    return field.group(1)


def follow(client: Client, response: Response) -> str:
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"]).content.decode()


def test_draft_submit_four_signatures_publish_and_the_index_number_is_shown(
    bureau: Agency, clerk: User, office_head: User
) -> None:
    bureau.org_code = "11111111X"
    bureau.save()
    people = signers(bureau, clerk, office_head)
    drafter = login(clerk)

    page = drafter.get("/work/catalogue/").content.decode()
    assert 'href="/work/catalogue/new/"' in page
    assert "新建条目" in page
    response = drafter.post(
        "/work/catalogue/new/",
        {
            "agency": bureau.pk,
            "title": "关于开展2026年地质灾害隐患排查的通知",
            "topic": "natural_resources",
            "genre": "notice",
            "written_on": "2026-06-25",
            "doc_number": "示自然资发〔2026〕15号",
            "validity": "valid",
            "keywords": "地质灾害 排查",
            "summary": "部署汛期地质灾害隐患排查。",
            "body": "各乡镇人民政府：\n\n请于7月10日前完成排查。",
        },
    )
    item = CatalogueItem.objects.get()
    assert response["Location"] == f"/work/catalogue/{item.pk}/"
    html = follow(drafter, response)
    assert "已保存草稿“关于开展2026年地质灾害隐患排查的通知”" in html
    assert "示自然资发〔2026〕15号" in html
    assert "<p>请于7月10日前完成排查。</p>" in html

    submit_url = f"/work/catalogue/{item.pk}/submit/"
    version = hidden(html, "version", submit_url)
    html = follow(drafter, drafter.post(submit_url, {"version": version}))
    assert "已送审，等待第1步（科室负责人审核）" in html
    # The drafter is offered no signature on their own item.
    assert f'action="/work/catalogue/{item.pk}/approve/"' not in html

    approve_url = f"/work/catalogue/{item.pk}/approve/"
    for number, person in enumerate(people.in_order(), start=1):
        client = login(person)
        html = client.get(f"/work/catalogue/{item.pk}/").content.decode()
        assert hidden(html, "step", approve_url) == str(number)
        data = {"version": hidden(html, "version", approve_url), "step": str(number)}
        if number == 2:
            data |= {"attribute": "proactive", "legal_ground": "art20"}
        html = follow(client, client.post(approve_url, data))
        item.refresh_from_db()
        assert item.steps_done == number
    assert "已同意第4步（主要领导审批）。审核已全部完成，可以发布" in html
    assert item.status == Status.APPROVED

    head = login(office_head)
    html = head.get(f"/work/catalogue/{item.pk}/").content.decode()
    publish_url = f"/work/catalogue/{item.pk}/publish/"
    html = follow(head, head.post(publish_url, {"version": hidden(html, "version", publish_url)}))
    item.refresh_from_db()
    assert item.index_number == "11111111X/2026-00001"
    assert "已发布，索引号 11111111X/2026-00001" in html
    assert '<th scope="row">索引号</th><td>11111111X/2026-00001</td>' in html
    signers_shown = [p.username for p in people.in_order()]
    assert all(name in html for name in signers_shown)
    assert [e.kind for e in item.events.all()] == [
        EventKind.CREATED,
        EventKind.SUBMITTED,
        *[EventKind.APPROVED] * 4,
        EventKind.PUBLISHED,
    ]
