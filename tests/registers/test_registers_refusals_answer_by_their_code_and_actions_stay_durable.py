"""The registers' pages on the platform's one action path: a step someone else took meanwhile is a
conflict (409) and changes nothing; an action run inside another transaction fails at once
rather than committing half a step; the history keeps the business date, the reason and who.

Today is 2026-06-30.
"""

from __future__ import annotations

import datetime as dt

import lxml.html
import pytest
from django.contrib.auth.models import User
from django.db import transaction
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.registers import actions
from gongkai.registers.models import Decision, Matter, NormativeDocument, RegisterEvent
from gongkai.registers.views.action_specs import ACTIONS
from tests.registers.registers_day import on_the_last_day_of_june  # noqa: F401  (autouse: today is 2026-06-30)

D = dt.date


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def alert(response: object) -> list[str]:
    tree = lxml.html.fromstring(response.content.decode())  # type: ignore[attr-defined]
    return [li.text_content().strip() for li in tree.xpath('//*[@role="alert"]//li')]


def notice(bureau: Agency, clerk: User) -> NormativeDocument:
    return actions.register_document(
        acting_user=clerk,
        agency=bureau,
        kind="normative",
        title="关于规范临时用地管理的通知",
        doc_number="示自然资规〔2026〕1号",
        made_on=D(2026, 2, 1),
    )


@pytest.mark.django_db
def test_a_step_taken_in_another_tab_meanwhile_answers_409_and_changes_nothing(
    bureau: Agency, clerk: User
) -> None:
    document = notice(bureau, clerk)
    matter = actions.list_matter(
        acting_user=clerk, agency=bureau, kind="license", name="临时用地审批", listed_from=D(2020, 1, 1)
    )
    first, second = login(clerk), login(clerk)
    base = f"/work/registers/{bureau.pk}"
    # Both tabs show the forms; the first one acts.
    for tab in (first, second):
        assert (
            'action="' + f"{base}/documents/{document.pk}/publish/"
            in tab.get(f"{base}/documents/{document.pk}/").content.decode()
        )
    assert (
        first.post(f"{base}/documents/{document.pk}/publish/", {"published_on": "2026-03-01"}).status_code
        == 302
    )
    assert (
        first.post(
            f"{base}/documents/{document.pk}/repeal/", {"on": "2026-05-01", "reason": "被替代"}
        ).status_code
        == 302
    )
    assert first.post(f"{base}/matters/{matter.pk}/delist/", {"on": "2026-06-01"}).status_code == 302
    events = RegisterEvent.objects.count()

    late = second.post(f"{base}/documents/{document.pk}/publish/", {"published_on": "2026-04-01"})
    assert late.status_code == 409
    assert alert(late) == ["该文件已于2026-03-01公开"]
    late = second.post(f"{base}/documents/{document.pk}/repeal/", {"on": "2026-06-01", "reason": "过时"})
    assert late.status_code == 409
    assert alert(late) == ["《关于规范临时用地管理的通知》已于2026-05-01废止"]
    late = second.post(f"{base}/matters/{matter.pk}/delist/", {"on": "2026-06-15"})
    assert late.status_code == 409
    assert alert(late) == ["“临时用地审批”已于2026-06-01移出清单"]

    document.refresh_from_db()
    matter.refresh_from_db()
    assert (document.published_on, document.repealed_on, document.repeal_reason) == (
        D(2026, 3, 1),
        D(2026, 5, 1),
        "被替代",
    )
    assert matter.delisted_on == D(2026, 6, 1)
    assert RegisterEvent.objects.count() == events


@pytest.mark.django_db
def test_a_supervisor_posting_a_register_form_is_refused_403_and_nothing_changes(
    bureau: Agency, clerk: User, supervisor: User
) -> None:
    document = notice(bureau, clerk)
    response = login(supervisor).post(
        f"/work/registers/{bureau.pk}/documents/{document.pk}/publish/", {"published_on": "2026-03-01"}
    )
    assert response.status_code == 403
    document.refresh_from_db()
    assert document.published_on is None


@pytest.mark.django_db(transaction=True)
def test_an_action_inside_another_transaction_fails_at_once_and_saves_nothing(
    bureau: Agency, clerk: User
) -> None:
    with pytest.raises(RuntimeError), transaction.atomic():
        actions.record_decision(
            acting_user=clerk, agency=bureau, kind="penalty", decided_on=D(2026, 6, 1), reference="罚001"
        )
    assert not Decision.objects.exists()
    assert not RegisterEvent.objects.exists()
    # On its own, the same action is one transaction with one event.
    actions.record_decision(
        acting_user=clerk, agency=bureau, kind="penalty", decided_on=D(2026, 6, 1), reference="罚001"
    )
    assert Decision.objects.count() == 1
    assert RegisterEvent.objects.count() == 1


@pytest.mark.django_db
def test_the_history_keeps_the_business_date_the_reason_and_who_in_chinese_order(
    bureau: Agency, clerk: User
) -> None:
    clerk.first_name, clerk.last_name = "小红", "李"
    clerk.save()
    document = notice(bureau, clerk)
    client = login(clerk)
    repeal = f"/work/registers/{bureau.pk}/documents/{document.pk}/repeal/"
    assert (
        client.post(repeal, {"on": "2026-05-01", "reason": "被《临时用地管理办法》替代"}).status_code == 302
    )
    matter = actions.list_matter(
        acting_user=clerk, agency=bureau, kind="penalty", name="违法占地处罚", listed_from=D(2021, 3, 1)
    )
    actions.delist_matter(acting_user=clerk, matter=matter, on=D(2026, 4, 1))

    rows = list(RegisterEvent.objects.order_by("id").values_list("kind", "on", "reason", "summary"))
    assert rows == [
        ("document_registered", D(2026, 2, 1), "", "关于规范临时用地管理的通知"),
        ("document_repealed", D(2026, 5, 1), "被《临时用地管理办法》替代", "关于规范临时用地管理的通知"),
        ("matter_listed", D(2021, 3, 1), "", "违法占地处罚"),
        ("matter_delisted", D(2026, 4, 1), "", "违法占地处罚"),
    ]
    assert {event.who for event in RegisterEvent.objects.all()} == {"李小红"}
    index = client.get("/work/registers/", {"agency": bureau.pk, "year": 2026}).content.decode()
    tree = lxml.html.fromstring(index)
    assert {
        who.text_content()
        for who in tree.xpath('//ol[contains(@class, "register-events")]//span[@class="who"]')
    } == {"李小红"}
    assert not Matter.objects.filter(delisted_on__isnull=True).exists()


def test_every_register_form_is_declared_once() -> None:
    names = [spec.name for spec in ACTIONS]
    assert sorted(names) == sorted(
        [
            "publish",
            "repeal",
            "delist",
            "documents",
            "cleanups",
            "matters",
            "decisions",
            "fees",
            "procurements",
            "import",
        ]
    )
