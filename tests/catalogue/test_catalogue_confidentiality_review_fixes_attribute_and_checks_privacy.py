from __future__ import annotations

import re

import pytest
from django.contrib.auth.models import User

from gongkai.agencies.models import Agency
from gongkai.catalogue import actions
from gongkai.catalogue.models import Attribute, CatalogueItem, LegalGround, Status
from gongkai.core.actions import ActionError
from tests.catalogue.workflow import Signers, draft, signers

BODY = "经查，当事人李某（身份证号11010519491231002X，联系电话13800138000）违反规定。"


@pytest.fixture
def people(bureau: Agency, clerk: User, office_head: User) -> Signers:
    return signers(bureau, clerk, office_head)


@pytest.fixture
def at_step_two(bureau: Agency, people: Signers) -> CatalogueItem:
    item = actions.submit_for_review(
        acting_user=people.drafter, item=draft(bureau, people.drafter, body=BODY)
    )
    return actions.approve_step(acting_user=people.section_head, item=item, step=1)


def sign_two(item: CatalogueItem, people: Signers, **extra: object) -> CatalogueItem:
    return actions.approve_step(acting_user=people.office_head, item=item, step=2, **extra)  # type: ignore[arg-type]


def still_at_step_two(item: CatalogueItem) -> None:
    item.refresh_from_db()
    assert (item.status, item.steps_done, item.attribute) == (Status.IN_REVIEW, 1, "")


def test_the_attribute_and_its_ground_are_required(at_step_two: CatalogueItem, people: Signers) -> None:
    with pytest.raises(ActionError, match="保密审查须确定公开属性"):
        sign_two(at_step_two, people)
    with pytest.raises(ActionError, match="保密审查须选择公开属性的依据"):
        sign_two(at_step_two, people, attribute=Attribute.PROACTIVE)
    with pytest.raises(ActionError, match="不能作为“主动公开”的依据"):
        sign_two(at_step_two, people, attribute=Attribute.PROACTIVE, legal_ground=LegalGround.ART14)
    with pytest.raises(ActionError, match="确定为不予公开的，须写明依据说明"):
        sign_two(at_step_two, people, attribute=Attribute.WITHHELD, legal_ground=LegalGround.ART15)
    still_at_step_two(at_step_two)


def test_personal_data_blocks_the_step_and_each_flag_must_be_confirmed(
    at_step_two: CatalogueItem, people: Signers
) -> None:
    ground = {"attribute": Attribute.PROACTIVE, "legal_ground": LegalGround.ART20}
    with pytest.raises(ActionError) as error:
        sign_two(at_step_two, people, **ground)
    assert str(error.value) == (
        "个人信息核查发现正文中的身份证号码“11010519491231002X”；正文中的手机号码“13800138000”："
        "请删除或处理后再审核，或逐项确认不属于个人信息"
    )
    with pytest.raises(ActionError, match=re.escape("正文中的手机号码“13800138000”")):
        sign_two(at_step_two, people, confirmed_not_personal=["id_number:11010519491231002X"], **ground)
    still_at_step_two(at_step_two)

    confirmed = ["id_number:11010519491231002X", "mobile:13800138000"]
    item = sign_two(at_step_two, people, confirmed_not_personal=confirmed, **ground)
    assert (item.steps_done, item.attribute, item.legal_ground) == (2, Attribute.PROACTIVE, LegalGround.ART20)
    review = item.reviews.get(step_index=2)
    assert review.data["confirmed_not_personal"] == confirmed


def test_removing_the_personal_data_clears_the_check(
    bureau: Agency, at_step_two: CatalogueItem, people: Signers
) -> None:
    item = actions.return_to_drafter(
        acting_user=people.office_head, item=at_step_two, reason="请删除当事人身份信息"
    )
    item = actions.edit_draft(acting_user=people.drafter, item=item, body="经查，当事人李某违反规定。")
    item = actions.submit_for_review(acting_user=people.drafter, item=item)
    item = actions.approve_step(acting_user=people.section_head, item=item, step=1)
    item = sign_two(item, people, attribute=Attribute.PROACTIVE, legal_ground=LegalGround.ART20)
    assert item.attribute == Attribute.PROACTIVE


def test_a_document_number_alone_passes_the_check(bureau: Agency, people: Signers) -> None:
    item = draft(bureau, people.drafter, body="根据国办函〔2020〕109号文件精神制定本办法。")
    item = actions.submit_for_review(acting_user=people.drafter, item=item)
    item = actions.approve_step(acting_user=people.section_head, item=item, step=1)
    item = sign_two(item, people, attribute=Attribute.PROACTIVE, legal_ground=LegalGround.ART19)
    assert item.steps_done == 2
