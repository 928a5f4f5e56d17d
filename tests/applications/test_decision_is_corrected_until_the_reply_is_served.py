"""A decision is corrected, with its reason and an event, until the reply is served; after that
it is refused. The letter follows the corrected decision."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from gongkai.agencies.models import Agency
from gongkai.applications import actions
from gongkai.applications.letters import compose_letter
from gongkai.applications.models import Application, EventKind, Outcome
from gongkai.core.actions import ActionError
from tests.factories import application

pytestmark = pytest.mark.django_db

REGS = "《中华人民共和国政府信息公开条例》"


@pytest.fixture
def case(bureau: Agency, clerk: User) -> Application:
    case = application(bureau, clerk, received=dt.date(2025, 3, 3))
    return actions.decide(
        acting_user=clerk,
        application=case,
        outcome="withheld_process",
        legal_basis="系征求意见稿",
        on=dt.date(2025, 3, 24),
    )


def correct(case: Application, clerk: User, **changes: object) -> Application:
    values: dict[str, object] = {
        "outcome": "unavailable_not_held",
        "articles": ["36.4"],
        "legal_basis": "本局未制作该批复",
        "decision_text": "",
        "reason": "误选办理结果，该批复由县人民政府作出",
    }
    return actions.correct_decision(acting_user=clerk, application=case, **(values | changes))  # type: ignore[arg-type]


def test_a_decided_case_is_corrected_with_its_reason_on_the_timeline(case: Application, clerk: User) -> None:
    corrected = correct(case, clerk)
    assert corrected.outcome == Outcome.UNAVAILABLE_NOT_HELD
    assert corrected.letter_number == case.letter_number  # the same letter, corrected before it went out
    event = corrected.events.get(kind=EventKind.DECISION_CORRECTED)
    assert event.reason == "误选办理结果，该批复由县人民政府作出"
    assert event.data["before"] == "withheld_process"
    assert event.data["outcome"] == "unavailable_not_held"
    text = compose_letter(corrected, "reply").text()
    assert f"本局未制作该批复。根据{REGS}第三十六条第（四）项的规定，本机关无法提供。" in text
    assert "过程性信息" not in text


def test_a_replied_case_not_yet_served_may_still_be_corrected(case: Application, clerk: User) -> None:
    case = actions.reply(acting_user=clerk, application=case, on=dt.date(2025, 3, 25))
    assert correct(case, clerk).outcome == Outcome.UNAVAILABLE_NOT_HELD


def test_after_service_the_decision_stands(case: Application, clerk: User) -> None:
    case = actions.reply(acting_user=clerk, application=case, on=dt.date(2025, 3, 25))
    case = actions.mark_served(acting_user=clerk, application=case, on=dt.date(2025, 3, 26), how="邮寄送达")
    with pytest.raises(ActionError, match="申请当前状态为“已送达”，不能更正决定（答复书送达后不能更正）"):
        correct(case, clerk)
    case.refresh_from_db()
    assert case.outcome == Outcome.WITHHELD_PROCESS
    assert not case.events.filter(kind=EventKind.DECISION_CORRECTED).exists()


def test_a_correction_needs_its_reason_and_articles_that_fit(case: Application, clerk: User) -> None:
    with pytest.raises(ActionError, match="请写明更正决定的理由"):
        correct(case, clerk, reason="  ")
    with pytest.raises(
        ActionError, match="所选条款与办理结果“无法提供：本机关不掌握相关政府信息”不相符：第十四条"
    ):
        correct(case, clerk, articles=["14"])
    case.refresh_from_db()
    assert case.outcome == Outcome.WITHHELD_PROCESS


def test_the_case_page_offers_the_correction_and_the_post_records_it(
    client: Client, case: Application, clerk: User
) -> None:
    client.force_login(clerk)
    page = client.get(reverse("work:case", args=[case.pk])).content.decode()
    assert "更正决定" in page
    response = client.post(
        reverse("work:case_action", args=[case.pk, "correct-decision"]),
        {
            "version": case.version,
            "outcome": "withheld_internal",
            "articles": ["16.1", "36.3"],
            "legal_basis": "系本局内部人事管理制度",
            "decision_text": "",
            "reason": "误选办理结果",
        },
        follow=True,
    )
    assert "已更正决定：不予公开：属于三类内部事务信息" in response.content.decode()
    case.refresh_from_db()
    assert (case.outcome, case.articles) == ("withheld_internal", ["16.1", "36.3"])
