from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User

from gongkai.agencies.models import Agency, Role
from gongkai.catalogue import actions
from gongkai.catalogue.models import CatalogueItem, Decision, EventKind, ReviewChain, SignOffStep, Status
from gongkai.core.actions import ActionError
from tests.catalogue.workflow import CONFIDENTIALITY, Signers, draft, sign_all, signers
from tests.factories import member


@pytest.fixture
def people(bureau: Agency, clerk: User, office_head: User) -> Signers:
    return signers(bureau, clerk, office_head)


@pytest.fixture
def submitted(bureau: Agency, people: Signers) -> CatalogueItem:
    return actions.submit_for_review(acting_user=people.drafter, item=draft(bureau, people.drafter))


def refused(code: str, message: str, item: CatalogueItem, user: User, step: int, **extra: object) -> None:
    before = CatalogueItem.objects.get(pk=item.pk)
    with pytest.raises(ActionError, match=re.escape(message)) as error:
        actions.approve_step(acting_user=user, item=item, step=step, **extra)  # type: ignore[arg-type]
    assert error.value.code == code
    after = CatalogueItem.objects.get(pk=item.pk)
    assert (after.status, after.steps_done, after.version) == (
        before.status,
        before.steps_done,
        before.version,
    )


def test_the_default_chain_signs_four_steps_in_order_and_keeps_every_signature(
    bureau: Agency, people: Signers
) -> None:
    item = sign_all(draft(bureau, people.drafter), people)
    assert item.status == Status.APPROVED
    reviews = list(item.reviews.order_by("step_index"))
    assert [(r.step_index, r.step_label, r.actor, r.decision) for r in reviews] == [
        (1, "科室负责人审核", people.section_head, Decision.APPROVE),
        (2, "公开办审核（含保密审查）", people.office_head, Decision.APPROVE),
        (3, "分管领导审核", people.deputy, Decision.APPROVE),
        (4, "主要领导审批", people.principal, Decision.APPROVE),
    ]
    assert [e.kind for e in item.events.all()] == [EventKind.CREATED, EventKind.SUBMITTED] + [
        EventKind.APPROVED
    ] * 4


def test_step_three_cannot_be_signed_before_step_two(submitted: CatalogueItem, people: Signers) -> None:
    actions.approve_step(acting_user=people.section_head, item=submitted, step=1)
    refused(
        "conflict", "须按顺序审核：第2步（公开办审核（含保密审查））尚未完成", submitted, people.deputy, 3
    )


def test_a_step_cannot_be_signed_twice(submitted: CatalogueItem, people: Signers) -> None:
    actions.approve_step(acting_user=people.section_head, item=submitted, step=1)
    refused("conflict", "第1步（科室负责人审核）已审核，不能重复审核", submitted, people.section_head, 1)


def test_the_drafter_signs_no_step_even_holding_the_role(
    bureau: Agency, submitted: CatalogueItem, people: Signers
) -> None:
    refused("forbidden", "起草人不能审核自己起草的条目", submitted, people.drafter, 1)
    # Even when the drafter is also the office head, their own draft's step 2 is not theirs.
    from gongkai.agencies.models import Membership

    Membership.objects.create(user=people.drafter, agency=bureau, role=Role.OFFICE_HEAD)
    actions.approve_step(acting_user=people.section_head, item=submitted, step=1)
    refused("forbidden", "起草人不能审核自己起草的条目", submitted, people.drafter, 2, **CONFIDENTIALITY)


def test_a_step_needs_its_role(submitted: CatalogueItem, people: Signers) -> None:
    actions.approve_step(acting_user=people.section_head, item=submitted, step=1)
    refused("forbidden", "第2步（公开办审核（含保密审查））须由公开办负责人审核", submitted, people.deputy, 2)


def test_a_supervisor_cannot_sign(submitted: CatalogueItem, supervisor: User) -> None:
    refused("forbidden", "您不是本机关的工作人员", submitted, supervisor, 1)


def test_another_agencys_official_cannot_sign(other_bureau: Agency, submitted: CatalogueItem) -> None:
    stranger = member(other_bureau, Role.CLERK, username="stranger")
    refused("forbidden", "您不是本机关的工作人员", submitted, stranger, 1)


def test_one_person_signs_one_step_per_round(
    bureau: Agency, submitted: CatalogueItem, people: Signers
) -> None:
    from gongkai.agencies.models import Membership

    Membership.objects.create(user=people.section_head, agency=bureau, role=Role.OFFICE_HEAD)
    actions.approve_step(acting_user=people.section_head, item=submitted, step=1)
    refused(
        "forbidden",
        "同一人不能在一轮审核中签署两个环节",
        submitted,
        people.section_head,
        2,
        **CONFIDENTIALITY,
    )


def test_nothing_is_signed_before_submission(bureau: Agency, people: Signers) -> None:
    item = draft(bureau, people.drafter)
    refused("conflict", "条目当前状态为“草稿”，不能审核", item, people.section_head, 1)


def test_publishing_before_the_last_step_is_refused(submitted: CatalogueItem, people: Signers) -> None:
    for number, person in enumerate(people.in_order()[:3], start=1):
        extra = CONFIDENTIALITY if number == 2 else {}
        submitted = actions.approve_step(acting_user=person, item=submitted, step=number, **extra)  # type: ignore[arg-type]
    with pytest.raises(ActionError, match="审核尚未完成（还有1个环节），不能发布"):
        actions.publish(acting_user=people.office_head, item=submitted)
    submitted.refresh_from_db()
    assert submitted.index_number is None
    assert submitted.releases.count() == 0


def test_a_draft_cannot_be_published(bureau: Agency, people: Signers) -> None:
    item = draft(bureau, people.drafter)
    with pytest.raises(ActionError, match="条目当前状态为“草稿”，不能发布"):
        actions.publish(acting_user=people.office_head, item=item)


def test_returning_keeps_the_history_and_the_next_round_starts_from_step_one(
    submitted: CatalogueItem, people: Signers
) -> None:
    item = actions.approve_step(acting_user=people.section_head, item=submitted, step=1)
    with pytest.raises(ActionError, match="退回须填写理由"):
        actions.return_to_drafter(acting_user=people.office_head, item=item, reason="  ")
    item = actions.return_to_drafter(acting_user=people.office_head, item=item, reason="内容概述不完整")
    assert item.status == Status.RETURNED
    item = actions.edit_draft(acting_user=people.drafter, item=item, summary="部署考核工作，明确时间安排。")
    item = actions.submit_for_review(acting_user=people.drafter, item=item)
    assert (item.review_round, item.steps_done) == (2, 0)
    refused(
        "conflict",
        "须按顺序审核：第1步（科室负责人审核）尚未完成",
        item,
        people.office_head,
        2,
        **CONFIDENTIALITY,
    )
    history = [(r.review_round, r.step_index, r.decision, r.reason) for r in item.reviews.order_by("id")]
    assert history == [(1, 1, Decision.APPROVE, ""), (1, 2, Decision.RETURN, "内容概述不完整")]


def test_only_the_current_steps_signer_may_return(submitted: CatalogueItem, people: Signers) -> None:
    with pytest.raises(ActionError, match="须由经办人审核"):
        actions.return_to_drafter(acting_user=people.principal, item=submitted, reason="不同意")


def test_a_draft_in_review_cannot_be_edited(submitted: CatalogueItem, people: Signers) -> None:
    with pytest.raises(ActionError, match="条目当前状态为“审核中”，不能修改"):
        actions.edit_draft(acting_user=people.drafter, item=submitted, title="新名称")


def test_only_the_drafter_edits_and_a_stale_form_is_refused(bureau: Agency, people: Signers) -> None:
    item = draft(bureau, people.drafter)
    with pytest.raises(ActionError, match="只有起草人可以修改草稿"):
        actions.edit_draft(acting_user=people.section_head, item=item, title="别人改的")
    version = item.version
    actions.edit_draft(acting_user=people.drafter, item=item, title="第一次修改", version=version)
    with pytest.raises(ActionError, match="已被他人修改"):
        actions.edit_draft(acting_user=people.drafter, item=item, title="第二个窗口", version=version)
    item.refresh_from_db()
    assert item.title == "第一次修改"


def test_a_supervisor_or_stranger_cannot_draft(
    other_bureau: Agency, bureau: Agency, supervisor: User
) -> None:
    with pytest.raises(ActionError, match="您不是本机关的工作人员"):
        draft(bureau, supervisor)
    stranger = member(other_bureau, Role.CLERK, username="stranger")
    with pytest.raises(ActionError, match="您不是本机关的工作人员"):
        draft(bureau, stranger)
    assert not CatalogueItem.objects.exists()


def test_bad_draft_input_gets_a_chinese_message(bureau: Agency, people: Signers) -> None:
    import datetime as dt

    with pytest.raises(ActionError, match="请填写名称"):
        draft(bureau, people.drafter, title="   ")
    with pytest.raises(ActionError, match="请选择主题分类"):
        draft(bureau, people.drafter, topic="weather")
    with pytest.raises(ActionError, match=r"成文日期（2026-07-01）不能晚于今天"):
        draft(bureau, people.drafter, written_on=dt.date(2026, 7, 1))
    assert not CatalogueItem.objects.exists()


def test_a_configured_chain_is_copied_onto_the_item_at_submission(bureau: Agency, people: Signers) -> None:
    chain = ReviewChain.objects.create(agency=bureau, name="两级审核")
    SignOffStep.objects.create(
        chain=chain, position=1, label="公开办审核", role=Role.OFFICE_HEAD, confidentiality_review=True
    )
    SignOffStep.objects.create(chain=chain, position=2, label="主要领导审批", role=Role.PRINCIPAL_LEADER)
    item = actions.submit_for_review(acting_user=people.drafter, item=draft(bureau, people.drafter))
    chain.steps.all().delete()  # a later change of the chain does not touch an item in review
    item = actions.approve_step(acting_user=people.office_head, item=item, step=1, **CONFIDENTIALITY)  # type: ignore[arg-type]
    item = actions.approve_step(acting_user=people.principal, item=item, step=2)
    assert item.status == Status.APPROVED
