"""The staff list: filtered by status, with the Art. 26 due list on top (overdue and due within
three working days), across a supervisor's whole subtree; each page in a fixed number of queries.

Today is Tuesday 2026-06-30 (conftest); 端午节 is June 19-21."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.agencies.models import Agency, Role
from gongkai.catalogue import actions
from tests.catalogue.attachment_files import docx_bytes
from tests.catalogue.workflow import draft, sign_all, signers
from tests.factories import member

pytestmark = pytest.mark.django_db


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def due_section(html: str) -> str:
    section = re.search(r'<section class="worklist" aria-labelledby="due-heading">.*?</section>', html, re.S)
    assert section is not None
    return section.group()


def test_the_due_list_shows_overdue_and_soon_items_most_urgent_first(
    bureau: Agency, other_bureau: Agency, clerk: User, office_head: User, supervisor: User
) -> None:
    # Written 2026-05-29 (Fri): 20 working days from Jun 1: Jun 1-5 (5), 8-12 (10), 15-18 (14),
    # 22-26 (19), Jun 29 (20): due Monday 2026-06-29, overdue today.
    draft(bureau, clerk, title="五月二十九日成文的通知", written_on=dt.date(2026, 5, 29))
    # Written 2026-06-03 (Wed): Jun 4-5 (2), 8-12 (7), 15-18 (11), 22-26 (16), Jun 29-Jul 2 (20):
    # due Thursday 2026-07-02, two working days after today.
    draft(bureau, clerk, title="六月三日成文的通知", written_on=dt.date(2026, 6, 3))
    # Written 2026-06-22: due well after three working days, not on the due list.
    draft(bureau, clerk, title="六月二十二日成文的通知", written_on=dt.date(2026, 6, 22))
    other_clerk = member(other_bureau, Role.CLERK, username="edu-clerk")
    draft(other_bureau, other_clerk, title="教育局五月的通知", written_on=dt.date(2026, 5, 28))

    due = due_section(login(clerk).get("/work/catalogue/").content.decode())
    assert "（2条）" in due
    assert due.index("五月二十九日成文的通知") < due.index("六月三日成文的通知")
    assert (
        '<time datetime="2026-06-29">2026-06-29</time>\n          <span class="badge overdue">已超期</span>'
        in due
    )
    assert (
        '<time datetime="2026-07-02">2026-07-02</time>\n          <span class="badge soon">还有2个工作日</span>'
        in due
    )
    assert "六月二十二日" not in due
    assert "教育局" not in due

    due = due_section(login(supervisor).get("/work/catalogue/").content.decode())
    assert "（3条）" in due
    assert due.index("教育局五月的通知") < due.index("五月二十九日成文的通知")


def test_the_list_filters_by_status(bureau: Agency, clerk: User, office_head: User) -> None:
    draft(bureau, clerk, title="一份草稿")
    actions.submit_for_review(acting_user=clerk, item=draft(bureau, clerk, title="一份送审的"))
    published = sign_all(draft(bureau, clerk, title="一份发布的"), signers(bureau, clerk, office_head))
    actions.publish(acting_user=office_head, item=published)
    client = login(clerk)

    html = client.get("/work/catalogue/?status=in_review").content.decode()
    table = html[html.index('id="all-heading"') :]
    assert "状态为“审核中”的条目" in table
    assert "（1条）" in table
    assert "一份送审的" in table
    assert "一份草稿" not in table
    assert "一份发布的" not in table

    html = client.get("/work/catalogue/").content.decode()
    table = html[html.index('id="all-heading"') :]
    assert all(title in table for title in ("一份草稿", "一份送审的", "一份发布的"))

    response = client.get("/work/catalogue/?status=nonsense")
    assert response.status_code == 400
    assert "请从列表中选择状态" in response.content.decode()


def test_the_list_and_the_item_page_take_a_fixed_number_of_queries(
    bureau: Agency, clerk: User, office_head: User, settings: object, tmp_path: object
) -> None:
    settings.MEDIA_ROOT = tmp_path  # type: ignore[attr-defined]
    people = signers(bureau, clerk, office_head)

    def item_with(attachments: int) -> int:
        item = draft(bureau, clerk)
        for n in range(attachments):
            actions.add_attachment(
                acting_user=clerk, item=item, filename=f"附件{n}.docx", content=docx_bytes(f"第{n}份")
            )
        item = sign_all(item.__class__.objects.get(pk=item.pk), people)
        return item.pk

    small, large = item_with(1), item_with(4)
    client = login(people.office_head)

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    assert count(f"/work/catalogue/{small}/") == count(f"/work/catalogue/{large}/")
    before = count("/work/catalogue/")
    for _ in range(3):
        draft(bureau, clerk)
    assert count("/work/catalogue/") == before
