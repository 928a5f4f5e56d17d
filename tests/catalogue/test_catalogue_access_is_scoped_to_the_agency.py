from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser, User

from gongkai.agencies.models import Agency, Role
from gongkai.catalogue import actions
from gongkai.catalogue.models import CatalogueItem, Status
from gongkai.catalogue.selectors import visible_items
from gongkai.core.actions import ActionError
from tests.catalogue.workflow import draft, sign_all, signers
from tests.factories import member


@pytest.fixture
def stranger(other_bureau: Agency) -> User:
    return member(other_bureau, Role.OFFICE_HEAD, username="stranger")


def test_a_clerk_sees_only_their_agencys_items_and_a_supervisor_the_subtree(
    bureau: Agency, other_bureau: Agency, clerk: User, stranger: User, supervisor: User
) -> None:
    mine = draft(bureau, clerk)
    theirs = draft(other_bureau, member(other_bureau, Role.CLERK, username="their-clerk"))
    assert list(visible_items(clerk)) == [mine]
    assert list(visible_items(stranger)) == [theirs]
    assert set(visible_items(supervisor)) == {mine, theirs}
    assert not visible_items(AnonymousUser()).exists()


def test_an_official_of_another_agency_can_do_nothing_with_the_item(
    bureau: Agency, clerk: User, office_head: User, stranger: User
) -> None:
    item = draft(bureau, clerk)
    attempts: list[Callable[[], Any]] = [
        lambda: actions.edit_draft(acting_user=stranger, item=item, title="改名"),
        lambda: actions.submit_for_review(acting_user=stranger, item=item),
    ]
    approved = sign_all(draft(bureau, clerk, title="已审核"), signers(bureau, clerk, office_head))
    attempts.append(lambda: actions.publish(acting_user=stranger, item=approved))
    for attempt in attempts:
        with pytest.raises(ActionError, match="您不是本机关的工作人员") as error:
            attempt()
        assert error.value.code == "forbidden"
    published = actions.publish(acting_user=office_head, item=approved)
    with pytest.raises(ActionError, match="您不是本机关的工作人员"):
        actions.withdraw(acting_user=stranger, item=published, reason="试图撤回")
    with pytest.raises(ActionError, match="您不是本机关的工作人员"):
        actions.correct_published(acting_user=stranger, item=published, reason="试图更正", title="改")
    item.refresh_from_db()
    published.refresh_from_db()
    assert (item.status, item.title) == (Status.DRAFT, "关于2026年耕地保护目标责任考核的通知")
    assert (published.status, published.title) == (Status.PUBLISHED, "已审核")


def test_a_supervisor_reads_but_cannot_withdraw_or_correct(
    bureau: Agency, clerk: User, office_head: User, supervisor: User
) -> None:
    item = sign_all(draft(bureau, clerk), signers(bureau, clerk, office_head))
    item = actions.publish(acting_user=office_head, item=item)
    for attempt in (
        lambda: actions.withdraw(acting_user=supervisor, item=item, reason="监督撤回"),
        lambda: actions.correct_published(acting_user=supervisor, item=item, reason="监督更正", title="改"),
        lambda: actions.record_release(
            acting_user=supervisor, item=item, channel="weibo", released_on=dt.date(2026, 6, 30)
        ),
    ):
        with pytest.raises(ActionError, match="您不是本机关的工作人员"):
            attempt()
    assert CatalogueItem.objects.get(pk=item.pk).status == Status.PUBLISHED
