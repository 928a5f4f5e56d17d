"""The figures page counts a year's releases of 主动公开 items per 主题分类 and channel, says them in
one sentence for the report's prose, exports them to Excel, and shows only agencies the user reads."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

from django.contrib.auth.models import User
from django.test import Client
from openpyxl import load_workbook

from gongkai.agencies.models import Agency, Role
from gongkai.catalogue import actions
from gongkai.catalogue.models import Attribute, CatalogueItem, LegalGround
from tests.catalogue.workflow import Signers, draft, sign_all, signers
from tests.factories import member

URL = "/work/catalogue/figures/"


def published(agency: Agency, people: Signers, topic: str, **confidentiality: object) -> CatalogueItem:
    item = sign_all(draft(agency, people.drafter, topic=topic), people, **confidentiality)
    return actions.publish(acting_user=people.office_head, item=item)


def _build(bureau: Agency, clerk: User, office_head: User) -> None:
    # Two 自然资源 items (portal ×2, one also on WeChat), one 教育 item (portal and Weibo), and one
    # 依申请公开 item that is not counted: portal 3, WeChat 1, Weibo 1 → 5 releases.
    people = signers(bureau, clerk, office_head)
    land = [published(bureau, people, "natural_resources") for _ in range(2)]
    school = published(bureau, people, "education")
    published(
        bureau,
        people,
        "natural_resources",
        attribute=Attribute.ON_REQUEST,
        legal_ground=LegalGround.ART16,
        legal_ground_text="过程性信息",
    )
    day = dt.date(2026, 6, 30)
    actions.record_release(acting_user=clerk, item=land[0], channel="wechat", released_on=day)
    actions.record_release(acting_user=clerk, item=school, channel="weibo", released_on=day)


def test_the_year_is_counted_per_topic_and_channel(
    client: Client, bureau: Agency, clerk: User, office_head: User
) -> None:
    _build(bureau, clerk, office_head)
    client.force_login(clerk)
    page = client.get(URL, {"agency": bureau.pk, "year": 2026})
    assert page.status_code == 200
    text = page.content.decode()
    assert (
        "2026年，通过政府门户网站公开目录3条、微信公众号1条、政务微博1条发布主动公开信息，共计5条次。" in text
    )
    # Rows: 自然资源 portal 2 + WeChat 1 = 3; 教育 portal 1 + Weibo 1 = 2.
    assert (
        '<th scope="row">国土资源、能源</th><td class="num">2</td><td class="num">0</td><td class="num">1</td>'
        in text
    )
    assert '<th scope="row">科技、教育</th><td class="num">1</td>' in text

    empty = client.get(URL, {"agency": bureau.pk, "year": 2025})
    assert "2025年未登记主动公开信息的发布。" in empty.content.decode()


def test_the_figures_download_as_excel(
    client: Client, bureau: Agency, clerk: User, office_head: User
) -> None:
    _build(bureau, clerk, office_head)
    client.force_login(clerk)
    response = client.get(URL, {"agency": bureau.pk, "year": 2026, "format": "xlsx"})
    assert response.status_code == 200
    assert "attachment" in response["Content-Disposition"]
    sheet = load_workbook(BytesIO(response.content)).active
    assert sheet is not None
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[1][0] == "主题分类"
    assert rows[1][-1] == "合计"
    assert rows[-1] == ["合计", 3, 0, 1, 1, 0, 0, 5]


def test_another_agencys_figures_are_refused(
    client: Client, bureau: Agency, other_bureau: Agency, clerk: User, office_head: User
) -> None:
    _build(bureau, clerk, office_head)
    outsider = member(other_bureau, Role.CLERK, username="outsider")
    client.force_login(outsider)
    page = client.get(URL, {"agency": bureau.pk, "year": 2026})
    assert page.status_code == 400
    assert "您无权查看该机关的统计" in page.content.decode()
    assert "共计5条次" not in page.content.decode()
    xlsx = client.get(URL, {"agency": bureau.pk, "year": 2026, "format": "xlsx"})
    assert xlsx.status_code == 400
    client.logout()
    assert client.get(URL).status_code == 302
