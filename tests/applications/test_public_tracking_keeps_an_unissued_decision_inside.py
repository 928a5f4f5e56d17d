"""On /track/ the applicant learns the outcome from the issued reply: while the decision waits for
approval (and may still be corrected) the page says a reply is being prepared, names no outcome,
and shows none of the internal approvals."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.applications import actions
from gongkai.applications.models import Application, Letterhead
from tests.factories import application

pytestmark = pytest.mark.django_db


def tracked(case: Application) -> str:
    client = Client()
    response = client.post("/track/", {"code": case.tracking_code, "contact": "13800138000"}, follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "办理进度" in page
    return page


@pytest.fixture
def decided(bureau: Agency, clerk: User, office_head: User) -> Application:
    Letterhead.objects.filter(agency=bureau).update(reply_approval=True)
    case = application(bureau, clerk, received=dt.date(2026, 6, 1))
    case = actions.decide(
        acting_user=clerk,
        application=case,
        outcome="withheld_third_party",
        articles=["15", "36.3"],
        legal_basis="所申请信息载有第三方的个人信息",
        on=dt.date(2026, 6, 10),
    )
    return actions.approve_reply(acting_user=office_head, application=case, note="同意")


def test_a_decision_waiting_for_approval_shows_no_outcome_and_no_approval(decided: Application) -> None:
    page = tracked(decided)

    assert "已作出答复决定，正在制作答复书。" in page
    assert "办理结果" not in page
    assert "不予公开" not in page
    assert "审批答复" not in page


def test_once_the_reply_is_issued_the_outcome_shows(
    decided: Application, clerk: User, bureau: Agency
) -> None:
    Letterhead.objects.filter(agency=bureau).update(reply_approval=False)
    case = actions.reply(acting_user=clerk, application=decided, on=dt.date(2026, 6, 11))

    page = tracked(case)

    assert "办理结果：<strong>不予公开：保护第三方合法权益</strong>" in page
    assert "审批答复" not in page
