"""After publication, through the item page: other channels are recorded with their date, a
correction needs its note and keeps the 索引号, and only the office head withdraws, with a reason."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.catalogue import actions
from gongkai.catalogue.models import CatalogueItem, Status
from gongkai.search.selectors import search
from tests.catalogue.workflow import draft, sign_all, signers

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def published(bureau: Agency, clerk: User, office_head: User) -> CatalogueItem:
    item = sign_all(draft(bureau, clerk), signers(bureau, clerk, office_head))
    return actions.publish(acting_user=office_head, item=item)


def post(user: User, item: CatalogueItem, action: str, **data: Any) -> Response:
    client = Client()
    client.force_login(user)
    return client.post(
        f"/work/catalogue/{item.pk}/{action}/",
        {"version": CatalogueItem.objects.get(pk=item.pk).version, **data},
    )


def test_a_release_on_another_channel_is_recorded_once(published: CatalogueItem, clerk: User) -> None:
    client = Client()
    client.force_login(clerk)
    response = client.post(
        f"/work/catalogue/{published.pk}/release/",
        {"version": published.version, "channel": "wechat", "released_on": "2026-06-30"},
    )
    assert response.status_code == 302
    assert list(published.releases.order_by("channel").values_list("channel", "released_on")) == [
        ("portal", dt.date(2026, 6, 30)),
        ("wechat", dt.date(2026, 6, 30)),
    ]
    html = client.get(response["Location"]).content.decode()
    assert "已登记在“微信公众号”发布（2026-06-30）" in html
    # The channels already recorded are no longer offered.
    assert '<option value="wechat">' not in html
    assert '<option value="weibo">' in html

    response = post(clerk, published, "release", channel="wechat", released_on="2026-06-30")
    assert response.status_code == 400
    assert "请从列表中选择发布渠道" in response.content.decode()
    response = post(clerk, published, "release", channel="weibo", released_on="2026-07-01")
    assert response.status_code == 400
    assert "渠道发布日期（2026-07-01）须在发布日期（2026-06-30）与今天之间" in response.content.decode()
    assert published.releases.count() == 2


def test_a_correction_needs_a_note_and_keeps_the_index_number(published: CatalogueItem, clerk: User) -> None:
    fields = {
        "title": "关于2026年耕地保护目标责任考核的通知（更正）",
        "doc_number": published.doc_number,
        "validity": "valid",
        "keywords": published.keywords,
        "summary": published.summary,
        "body": "各乡镇人民政府：考核时间改为7月。",
    }
    response = post(clerk, published, "correct", **fields)
    assert response.status_code == 400
    assert "请填写更正说明" in response.content.decode()
    assert CatalogueItem.objects.get(pk=published.pk).title == published.title

    response = post(clerk, published, "correct", reason="考核时间有误", **fields)
    assert response.status_code == 302
    item = CatalogueItem.objects.get(pk=published.pk)
    assert (item.title, item.index_number, item.correction_note) == (
        fields["title"],
        published.index_number,
        "考核时间有误",
    )
    assert search("考核时间改为").total == 1


def test_only_the_office_head_withdraws_and_says_why(
    published: CatalogueItem, clerk: User, office_head: User
) -> None:
    response = post(clerk, published, "withdraw", reason="内容过时")
    assert response.status_code == 403
    assert "此操作须由公开办负责人办理" in response.content.decode()
    response = post(office_head, published, "withdraw", reason="")
    assert response.status_code == 400
    assert "请填写撤回理由" in response.content.decode()
    assert CatalogueItem.objects.get(pk=published.pk).status == Status.PUBLISHED

    response = post(office_head, published, "withdraw", reason="政策已调整")
    assert response.status_code == 302
    item = CatalogueItem.objects.get(pk=published.pk)
    assert (item.status, item.withdrawal_reason, item.index_number) == (
        Status.WITHDRAWN,
        "政策已调整",
        published.index_number,
    )
    assert search("耕地保护").total == 0
