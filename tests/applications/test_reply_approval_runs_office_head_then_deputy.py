"""Where the agency asks for it, a reply is approved by the 公开办负责人, then the 分管领导, before
it is issued; a corrected decision is approved afresh."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from gongkai.agencies.models import Agency, Role
from gongkai.applications import actions
from gongkai.applications.models import Application, EventKind, Letterhead, Status
from gongkai.core.actions import ActionError
from tests.factories import application, member

pytestmark = pytest.mark.django_db


@pytest.fixture
def deputy(bureau: Agency) -> User:
    return member(bureau, Role.DEPUTY_LEADER, username="deputy", first_name="王副局长")


@pytest.fixture
def case(bureau: Agency, clerk: User) -> Application:
    Letterhead.objects.filter(agency=bureau).update(reply_approval=True)
    case = application(bureau, clerk, received=dt.date(2026, 6, 1))
    return actions.decide(
        acting_user=clerk, application=case, outcome="granted", legal_basis="", on=dt.date(2026, 6, 10)
    )


def issue(case: Application, clerk: User) -> Application:
    return actions.reply(acting_user=clerk, application=case, on=dt.date(2026, 6, 11))


def test_the_reply_waits_for_the_office_head_then_the_deputy(
    case: Application, clerk: User, office_head: User, deputy: User
) -> None:
    with pytest.raises(ActionError, match="答复书尚待公开办负责人审批"):
        issue(case, clerk)
    with pytest.raises(ActionError, match="此操作须由公开办负责人办理"):
        actions.approve_reply(acting_user=deputy, application=case)
    actions.approve_reply(acting_user=office_head, application=case, note="同意")
    with pytest.raises(ActionError, match="答复书尚待分管领导审批"):
        issue(case, clerk)
    with pytest.raises(ActionError, match="此操作须由分管领导办理"):
        actions.approve_reply(acting_user=office_head, application=case)
    actions.approve_reply(acting_user=deputy, application=case)
    assert issue(case, clerk).status == Status.REPLIED
    approvals = case.events.filter(kind=EventKind.REPLY_APPROVED).order_by("id")
    assert [(e.actor, e.data["role"]) for e in approvals] == [
        (office_head, "office_head"),
        (deputy, "deputy_leader"),
    ]


def test_a_corrected_decision_is_approved_again(
    case: Application, clerk: User, office_head: User, deputy: User
) -> None:
    actions.approve_reply(acting_user=office_head, application=case)
    actions.approve_reply(acting_user=deputy, application=case)
    case = issue(case, clerk)
    case = actions.correct_decision(
        acting_user=clerk,
        application=case,
        outcome="unavailable_not_held",
        articles=["36.4"],
        legal_basis="本局未制作该信息",
        reason="误选办理结果",
    )
    assert (case.status, case.replied_on) == (Status.DECIDED, None)
    assert actions.pending_approval(case) == Role.OFFICE_HEAD


def test_without_the_setting_the_reply_is_issued_at_once(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk, received=dt.date(2026, 6, 1))
    case = actions.decide(
        acting_user=clerk, application=case, outcome="granted", legal_basis="", on=dt.date(2026, 6, 10)
    )
    assert actions.pending_approval(case) is None
    assert issue(case, clerk).status == Status.REPLIED


def test_the_case_page_offers_approval_only_to_the_role_it_waits_for(
    case: Application, clerk: User, office_head: User, deputy: User
) -> None:
    def forms_for(user: User) -> str:
        client = Client()
        client.force_login(user)
        return client.get(reverse("work:case", args=[case.pk])).content.decode()

    assert "同意出具" not in forms_for(clerk)
    assert "同意出具" not in forms_for(deputy)
    assert "同意出具" in forms_for(office_head)
    assert reverse("work:case_action", args=[case.pk, "reply"]) not in forms_for(clerk)
