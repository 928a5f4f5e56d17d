"""The staff catalogue list downloads as an Excel workbook: every item the user may read (no page
limit), with the catalogue metadata, status and channels; another agency's items never; text that
Excel would run as a formula stays text; a bad filter is refused in Chinese."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from gongkai.agencies.models import Agency, Role
from gongkai.catalogue import actions, selectors
from tests.catalogue.workflow import draft, sign_all, signers
from tests.factories import member

pytestmark = pytest.mark.django_db
URL = "/work/catalogue/export.xlsx"


def rows_of(response: Any) -> list[list[object]]:
    assert response.status_code == 200, response.content[:300]
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet is not None
    return [list(row) for row in sheet.iter_rows(values_only=True)]


@pytest.fixture
def catalogue(bureau: Agency, other_bureau: Agency, clerk: User, office_head: User) -> dict[str, Any]:
    people = signers(bureau, clerk, office_head)
    published = actions.publish(acting_user=office_head, item=sign_all(draft(bureau, clerk), people))
    actions.record_release(
        acting_user=clerk, item=published, channel="wechat", released_on=published.published_on
    )
    waiting = draft(bureau, clerk, title='=HYPERLINK("http://example.com","点此")', doc_number="")
    stranger = member(other_bureau, Role.CLERK, username="stranger")
    elsewhere = draft(other_bureau, stranger, title="示例县教育局2026年招生工作方案")
    return {"published": published, "waiting": waiting, "stranger": stranger, "elsewhere": elsewhere}


def test_a_clerk_downloads_every_item_of_their_agency_with_its_metadata_and_channels(
    client: Client, clerk: User, catalogue: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(selectors, "WORK_LIST_LIMIT", 1)  # the page shows one; the export all
    client.force_login(clerk)
    response = client.get(URL)
    rows = rows_of(response)
    assert "attachment" in response["Content-Disposition"]
    assert rows[0] == [
        "索引号", "名称", "发布机构", "主题分类", "体裁", "文号", "成文日期", "发布日期",
        "有效性", "关键词", "公开属性", "状态", "发布渠道",
    ]  # fmt: skip
    assert len(rows) == 3  # the header, the draft, the published item; not the other bureau's
    waiting, published = rows[1], rows[2]  # unpublished first, as on the list
    item = catalogue["published"]
    day = item.published_on
    assert published == [
        item.index_number,
        "关于2026年耕地保护目标责任考核的通知",
        "示例县自然资源局",
        "国土资源、能源",
        "通知",
        "示自然资发〔2026〕12号",
        dt.datetime(2026, 6, 22),
        dt.datetime(day.year, day.month, day.day),
        "有效",
        "耕地保护 考核",
        "主动公开",
        "已发布",
        f"政府门户网站公开目录 {day.isoformat()}；微信公众号 {day.isoformat()}",
    ]
    assert item.index_number  # given at publication
    assert waiting[0] is None
    assert waiting[-3:] == [None, "草稿", None]


def test_a_title_that_looks_like_a_formula_stays_text(
    client: Client, clerk: User, catalogue: dict[str, Any]
) -> None:
    client.force_login(clerk)
    sheet = load_workbook(BytesIO(client.get(URL).content)).active
    assert sheet is not None
    cell = sheet["B2"]
    assert cell.value == '=HYPERLINK("http://example.com","点此")'
    assert cell.data_type == "s"
    assert cell.quotePrefix


def test_the_status_filter_applies_and_a_bad_one_is_refused(
    client: Client, clerk: User, catalogue: dict[str, Any]
) -> None:
    client.force_login(clerk)
    drafts = rows_of(client.get(URL, {"status": "draft"}))
    assert [row[1] for row in drafts[1:]] == ['=HYPERLINK("http://example.com","点此")']
    bad = client.get(URL, {"status": "deleted"})
    assert bad.status_code == 400
    assert "筛选条件无效" in bad.content.decode()
    page = client.get("/work/catalogue/", {"status": "draft"}).content.decode()
    assert 'href="/work/catalogue/export.xlsx?status=draft"' in page


def test_another_agency_and_the_public_get_nothing_of_it(
    client: Client, catalogue: dict[str, Any], supervisor: User
) -> None:
    client.force_login(catalogue["stranger"])
    assert [row[1] for row in rows_of(client.get(URL))[1:]] == ["示例县教育局2026年招生工作方案"]
    client.force_login(supervisor)  # the county's supervisor reads both bureaus
    assert len(rows_of(client.get(URL))) == 4
    client.logout()
    anonymous = client.get(URL)
    assert anonymous.status_code == 302
    assert "/login/" in anonymous["Location"]


def test_the_export_costs_the_same_queries_for_two_items_or_twenty(
    client: Client, bureau: Agency, clerk: User, catalogue: dict[str, Any]
) -> None:
    client.force_login(clerk)
    with CaptureQueriesContext(connection) as few:
        rows_of(client.get(URL))
    for number in range(18):
        draft(bureau, clerk, title=f"第{number}号通知")
    with CaptureQueriesContext(connection) as many:
        assert len(rows_of(client.get(URL))) == 21
    assert len(many) == len(few)
