"""The sign-off chain through the item page's forms: out of order, by the drafter, by the wrong
role, twice by one person, publishing early, with a stale form. Each is refused with its reason
on the page, and the item is exactly as it was."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency, Membership, Role
from gongkai.catalogue import actions
from gongkai.catalogue.models import CatalogueItem, Review, Status
from gongkai.core import actions as platform
from tests.catalogue.workflow import Signers, draft, signers

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(bureau: Agency, clerk: User, office_head: User) -> Signers:
    return signers(bureau, clerk, office_head)


@pytest.fixture
def at_step_two(bureau: Agency, people: Signers) -> CatalogueItem:
    item = actions.submit_for_review(acting_user=people.drafter, item=draft(bureau, people.drafter))
    return actions.approve_step(acting_user=people.section_head, item=item, step=1)


def snapshot(item: CatalogueItem) -> tuple[Any, ...]:
    fresh = CatalogueItem.objects.get(pk=item.pk)
    return (
        fresh.status,
        fresh.steps_done,
        fresh.version,
        fresh.attribute,
        fresh.index_number,
        fresh.events.count(),
    )


def post(user: User, item: CatalogueItem, action: str, **data: Any) -> Response:
    client = Client()
    client.force_login(user)
    fields = {"version": CatalogueItem.objects.get(pk=item.pk).version, **data}
    return client.post(f"/work/catalogue/{item.pk}/{action}/", fields)


def refused(response: Response, status: int, message: str) -> None:
    html = response.content.decode()
    assert response.status_code == status, html[:300]
    assert "未能办理，条目未作任何改动" in html
    assert message in html


def test_step_three_cannot_be_signed_while_step_two_waits(
    at_step_two: CatalogueItem, people: Signers
) -> None:
    before = snapshot(at_step_two)
    response = post(people.deputy, at_step_two, "approve", step="3")
    refused(response, 409, "须按顺序审核：第2步（公开办审核（含保密审查））尚未完成")
    assert snapshot(at_step_two) == before
    assert not Review.objects.filter(item=at_step_two, step_index=3).exists()


def test_a_signed_step_cannot_be_signed_again(at_step_two: CatalogueItem, people: Signers) -> None:
    before = snapshot(at_step_two)
    response = post(people.section_head, at_step_two, "approve", step="1")
    refused(response, 409, "第1步（科室负责人审核）已审核，不能重复审核")
    assert snapshot(at_step_two) == before


def test_the_drafter_cannot_approve_their_own_draft(bureau: Agency, people: Signers) -> None:
    item = actions.submit_for_review(acting_user=people.drafter, item=draft(bureau, people.drafter))
    before = snapshot(item)
    # The drafter is a clerk, the role step 1 asks for; being the drafter is what refuses them.
    response = post(people.drafter, item, "approve", step="1")
    refused(response, 403, "起草人不能审核自己起草的条目")
    assert snapshot(item) == before


def test_a_clerk_cannot_sign_a_leaders_step(at_step_two: CatalogueItem, people: Signers) -> None:
    item = actions.approve_step(
        acting_user=people.office_head, item=at_step_two, step=2, attribute="proactive", legal_ground="art20"
    )
    before = snapshot(item)
    response = post(people.section_head, item, "approve", step="3")
    refused(response, 403, "第3步（分管领导审核）须由分管领导审核")
    assert snapshot(item) == before
    # The page offers that clerk no signature at all.
    client = Client()
    client.force_login(people.section_head)
    page = client.get(f"/work/catalogue/{item.pk}/").content.decode()
    assert f'action="/work/catalogue/{item.pk}/approve/"' not in page


def test_one_person_cannot_sign_two_steps(
    bureau: Agency, at_step_two: CatalogueItem, people: Signers
) -> None:
    # The principal leader also holds the office head's role: still only one signature per round.
    Membership.objects.create(user=people.principal, agency=bureau, role=Role.OFFICE_HEAD)
    item = actions.approve_step(
        acting_user=people.principal, item=at_step_two, step=2, attribute="proactive", legal_ground="art20"
    )
    item = actions.approve_step(acting_user=people.deputy, item=item, step=3)
    before = snapshot(item)
    response = post(people.principal, item, "approve", step="4")
    refused(response, 403, "同一人不能在一轮审核中签署两个环节")
    assert snapshot(item) == before


def test_publishing_before_approval_is_refused(at_step_two: CatalogueItem, people: Signers) -> None:
    before = snapshot(at_step_two)
    response = post(people.office_head, at_step_two, "publish")
    refused(response, 409, "审核尚未完成（还有3个环节），不能发布")
    assert snapshot(at_step_two) == before


def test_a_draft_cannot_be_published(bureau: Agency, people: Signers) -> None:
    item = draft(bureau, people.drafter)
    response = post(people.office_head, item, "publish")
    refused(response, 409, "条目当前状态为“草稿”，不能发布")
    assert snapshot(item)[0] == Status.DRAFT


def test_a_stale_form_is_refused(at_step_two: CatalogueItem, people: Signers) -> None:
    before = snapshot(at_step_two)
    response = post(
        people.office_head,
        at_step_two,
        "approve",
        version=at_step_two.version - 1,
        step="2",
        attribute="proactive",
        legal_ground="art20",
    )
    refused(response, 409, actions.STALE_MESSAGE)
    assert snapshot(at_step_two) == before
    response = post(people.office_head, at_step_two, "approve", version="", step="2")
    refused(response, 409, actions.STALE_MESSAGE)
    # The step travels hidden like the version: a form without it is a stale copy too.
    response = post(people.office_head, at_step_two, "approve", step="")
    refused(response, 409, actions.STALE_MESSAGE)
    assert platform.STALE_MESSAGE not in response.content.decode()  # the catalogue's words, not the default
    assert snapshot(at_step_two) == before


def test_the_confidentiality_step_needs_its_attribute_and_ground(
    at_step_two: CatalogueItem, people: Signers
) -> None:
    before = snapshot(at_step_two)
    response = post(people.office_head, at_step_two, "approve", step="2")
    assert response.status_code == 400
    html = response.content.decode()
    assert "请选择公开属性" in html
    assert "请选择公开属性依据" in html
    response = post(
        people.office_head, at_step_two, "approve", step="2", attribute="proactive", legal_ground="art14"
    )
    refused(response, 400, "不能作为“主动公开”的依据")
    assert snapshot(at_step_two) == before


def test_returning_needs_a_reason_and_restarts_the_chain(at_step_two: CatalogueItem, people: Signers) -> None:
    before = snapshot(at_step_two)
    response = post(people.office_head, at_step_two, "return", reason="  ")
    assert response.status_code == 400
    assert "请填写退回理由" in response.content.decode()
    assert snapshot(at_step_two) == before

    response = post(people.office_head, at_step_two, "return", reason="请删除第三段")
    assert response.status_code == 302
    item = CatalogueItem.objects.get(pk=at_step_two.pk)
    assert item.status == Status.RETURNED
    client = Client()
    client.force_login(people.drafter)
    page = client.get(f"/work/catalogue/{item.pk}/").content.decode()
    assert "退回理由：请删除第三段" in page
    assert f'action="/work/catalogue/{item.pk}/submit/"' in page
    assert f'href="/work/catalogue/{item.pk}/edit/"' in page
