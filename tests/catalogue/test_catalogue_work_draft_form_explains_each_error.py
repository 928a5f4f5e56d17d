"""The draft form: every field the guideline asks for, each mistake explained beside its field,
nothing saved until the form is right; editing keeps to the drafter and to the current version."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency, Role
from gongkai.catalogue import actions
from gongkai.catalogue.models import CatalogueItem, EventKind
from tests.catalogue.workflow import draft
from tests.factories import member

pytestmark = pytest.mark.django_db

GOOD = {
    "title": "关于调整城乡居民基本医疗保险缴费标准的通知",
    "topic": "labour",
    "genre": "notice",
    "written_on": "2026-06-29",
    "doc_number": "示医保发〔2026〕3号",
    "validity": "valid",
    "keywords": "医疗保险 缴费",
    "summary": "调整2027年度缴费标准。",
    "body": "各乡镇人民政府：\n\n经研究，现将有关事项通知如下。",
}


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def field_error(html: str, field_id: str) -> str:
    """The error shown in the field block of the input with this id."""
    block = re.search(rf'<div class="field invalid">\s*<label for="{field_id}">.*?</div>', html, re.S)
    assert block is not None, f"no error beside {field_id}"
    error = re.search(r'<ul class="errorlist[^"]*"[^>]*><li>(.*?)</li>', block.group(), re.S)
    assert error is not None
    return error.group(1)


def test_the_form_asks_for_every_field_of_the_catalogue(bureau: Agency, clerk: User) -> None:
    html = login(clerk).get("/work/catalogue/new/").content.decode()
    for label in (
        "发布机构",
        "名称",
        "主题分类",
        "体裁",
        "成文日期",
        "文号",
        "有效性",
        "关键词",
        "内容概述",
        "正文",
    ):
        assert re.search(rf"<(label|legend)[^>]*>{label}", html), label
    assert '<input type="date" name="written_on"' in html
    assert f'<option value="{bureau.pk}" selected>{bureau.name}</option>' in html


def test_each_mistake_is_explained_beside_its_field_and_nothing_is_saved(bureau: Agency, clerk: User) -> None:
    data: dict[str, Any] = {
        **GOOD,
        "agency": bureau.pk,
        "title": "",
        "topic": "nonsense",
        "genre": "",
        "written_on": "2026-07-01",
        "doc_number": "文" * 101,
    }
    response = login(clerk).post("/work/catalogue/new/", data)
    assert response.status_code == 400
    html = response.content.decode()
    assert "未能保存，草稿尚未建立" in html
    assert field_error(html, "id_title") == "请填写名称"
    assert field_error(html, "id_topic") == "请从列表中选择主题分类"
    assert field_error(html, "id_genre") == "请选择体裁"
    assert field_error(html, "id_written_on") == "成文日期（2026-07-01）不能晚于今天"
    assert field_error(html, "id_doc_number") == "文号不能超过100个字（现有101个字）"
    assert '<a href="#id_title">名称：请填写名称</a>' in html
    assert not CatalogueItem.objects.exists()

    response = login(clerk).post(
        "/work/catalogue/new/", {**GOOD, "agency": bureau.pk, "written_on": "2026/13/01"}
    )
    assert field_error(response.content.decode(), "id_written_on") == (
        "成文日期格式有误，应为“年-月-日”，如 2026-06-30"
    )
    assert not CatalogueItem.objects.exists()


def test_a_clerk_drafts_only_for_their_own_agency(bureau: Agency, other_bureau: Agency, clerk: User) -> None:
    response = login(clerk).post("/work/catalogue/new/", {**GOOD, "agency": other_bureau.pk})
    assert response.status_code == 400
    assert field_error(response.content.decode(), "id_agency") == "只能以本人所在机关的名义起草"
    assert not CatalogueItem.objects.exists()


def test_only_clerks_draft(bureau: Agency, office_head: User) -> None:
    client = login(office_head)
    assert client.get("/work/catalogue/new/").status_code == 403
    assert client.post("/work/catalogue/new/", {**GOOD, "agency": bureau.pk}).status_code == 403
    assert 'href="/work/catalogue/new/"' not in client.get("/work/catalogue/").content.decode()
    assert not CatalogueItem.objects.exists()


def test_a_good_draft_is_saved_as_entered(bureau: Agency, clerk: User) -> None:
    response = login(clerk).post("/work/catalogue/new/", {**GOOD, "agency": bureau.pk})
    item = CatalogueItem.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/work/catalogue/{item.pk}/"
    assert (item.agency, item.drafted_by, item.status) == (bureau, clerk, "draft")
    assert (item.title, item.written_on, item.doc_number) == (
        GOOD["title"],
        dt.date(2026, 6, 29),
        GOOD["doc_number"],
    )
    assert (item.keywords, item.summary, item.body) == (GOOD["keywords"], GOOD["summary"], GOOD["body"])


def test_editing_shows_the_current_values_and_saves_changes(bureau: Agency, clerk: User) -> None:
    item = draft(bureau, clerk)
    client = login(clerk)
    html = client.get(f"/work/catalogue/{item.pk}/edit/").content.decode()
    assert f'value="{item.title}"' in html
    assert f'<input type="hidden" name="version" value="{item.version}"' in html
    assert 'value="2026-06-22"' in html
    response = client.post(
        f"/work/catalogue/{item.pk}/edit/", {**GOOD, "title": "改过的名称", "version": item.version}
    )
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "改过的名称"
    assert item.events.filter(kind=EventKind.EDITED).count() == 1


def test_editing_a_stale_copy_is_refused(bureau: Agency, clerk: User) -> None:
    item = draft(bureau, clerk)
    stale = item.version
    actions.edit_draft(acting_user=clerk, item=item, title="别人先改了")
    response = login(clerk).post(f"/work/catalogue/{item.pk}/edit/", {**GOOD, "version": stale})
    assert response.status_code == 409
    assert actions.STALE_MESSAGE in response.content.decode()
    assert CatalogueItem.objects.get(pk=item.pk).title == "别人先改了"


def test_only_the_drafter_edits_and_only_before_review(bureau: Agency, clerk: User) -> None:
    item = draft(bureau, clerk)
    colleague = member(bureau, Role.CLERK, username="colleague")
    client = login(colleague)
    assert client.get(f"/work/catalogue/{item.pk}/edit/").status_code == 403
    response = client.post(f"/work/catalogue/{item.pk}/edit/", {**GOOD, "version": item.version})
    assert response.status_code == 403
    assert "只有起草人可以修改草稿" in response.content.decode()
    actions.submit_for_review(acting_user=clerk, item=item)
    client = login(clerk)
    assert client.get(f"/work/catalogue/{item.pk}/edit/").status_code == 403
    item.refresh_from_db()
    response = client.post(f"/work/catalogue/{item.pk}/edit/", {**GOOD, "version": item.version})
    assert response.status_code == 409
    assert "条目当前状态为“审核中”，不能修改" in response.content.decode()
    assert CatalogueItem.objects.get(pk=item.pk).title == "关于2026年耕地保护目标责任考核的通知"
