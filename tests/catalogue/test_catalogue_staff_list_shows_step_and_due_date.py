from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency, Role
from gongkai.catalogue import actions
from tests.catalogue.workflow import draft, sign_all, signers
from tests.factories import member


@pytest.fixture(autouse=True)
def catalogue_urls(settings: Any) -> None:
    settings.ROOT_URLCONF = "tests.catalogue.urls"


def page_for(user: User) -> str:
    client = Client()
    client.force_login(user)
    response = client.get("/work/catalogue/")
    assert response.status_code == 200
    return response.content.decode()


def test_the_list_shows_each_items_step_and_due_date(
    bureau: Agency, other_bureau: Agency, clerk: User, office_head: User
) -> None:
    overdue = draft(bureau, clerk, title="五月二十九日成文的通知", written_on=dt.date(2026, 5, 29))
    in_review = actions.submit_for_review(
        acting_user=clerk,
        item=draft(bureau, clerk, title="六月四日成文的通知", written_on=dt.date(2026, 6, 4)),
    )
    item = sign_all(draft(bureau, clerk, title="已经发布的通知"), signers(bureau, clerk, office_head))
    published = actions.publish(acting_user=office_head, item=item)
    draft(other_bureau, member(other_bureau, Role.CLERK, username="their-clerk"), title="教育局的通知")

    html = page_for(clerk)
    assert "教育局的通知" not in html
    assert html.index(overdue.title) < html.index(in_review.title) < html.index(published.title)
    assert (
        '<time datetime="2026-06-29">2026-06-29</time>\n         <span class="badge overdue">已超期</span>'
        in html
    )
    assert "科室负责人审核" in html
    assert '<span class="badge soon">3个工作日内到期</span>' in html
    assert published.index_number is not None
    assert published.index_number in html


def test_a_supervisor_sees_the_subtree_and_a_stranger_is_sent_to_log_in(
    bureau: Agency, other_bureau: Agency, clerk: User, supervisor: User
) -> None:
    draft(bureau, clerk, title="自然资源局的通知")
    draft(other_bureau, member(other_bureau, Role.CLERK, username="their-clerk"), title="教育局的通知")
    html = page_for(supervisor)
    assert "自然资源局的通知" in html
    assert "教育局的通知" in html
    response = Client().get("/work/catalogue/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/")
