"""A clerk registers an application handed in at the counter, posted or faxed (Art. 31 receipt dates).

Today is pinned to Tuesday 2026-06-30.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application, Channel, EventKind

pytestmark = pytest.mark.django_db


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def form(agency: Agency, **fields: Any) -> dict[str, Any]:
    return {
        "agency": agency.pk,
        "channel": "in_person",
        "submitted_on": "2026-06-29",
        "received_on": "",
        "applicant_kind": "natural_person",
        "applicant_name": "王五",
        "id_number": "",
        "contact_person": "",
        "phone": "13900139000",
        "email": "",
        "address": "",
        "description": "本县2025年度土地出让收支情况",
        "form_wanted": "paper",
        "delivery": "post",
        **fields,
    }


def test_registered_mail_counts_from_the_day_it_was_signed_for(bureau: Agency, clerk: User) -> None:
    client = login(clerk)
    response = client.post(
        "/work/cases/new/",
        form(bureau, channel="registered_mail", submitted_on="2026-06-22", received_on="2026-06-24"),
    )
    case = Application.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/work/cases/{case.pk}/"
    assert (case.channel, case.submitted_on, case.received_on) == (
        Channel.REGISTERED_MAIL,
        dt.date(2026, 6, 22),
        dt.date(2026, 6, 24),
    )
    # From Wednesday Jun 24: Jun 25-26 (2), 29-30 (4), Jul 1-3 (7), 6-10 (12), 13-17 (17), 20-22 (20).
    assert case.due_on == dt.date(2026, 7, 22)
    assert case.number == "SXZRZY-2026-00001"
    event = case.events.get()
    assert (event.kind, event.actor_id) == (EventKind.REGISTERED, clerk.pk)
    page = client.get(response["Location"]).content.decode()
    assert "已登记申请 SXZRZY-2026-00001，答复期限 2026-07-22" in page
    assert case.tracking_code in page


def test_an_application_handed_in_is_received_that_day(bureau: Agency, clerk: User) -> None:
    login(clerk).post("/work/cases/new/", form(bureau, channel="in_person", submitted_on="2026-06-29"))
    assert Application.objects.get().received_on == dt.date(2026, 6, 29)


def test_registered_mail_without_the_signed_for_day_is_refused(bureau: Agency, clerk: User) -> None:
    response = login(clerk).post(
        "/work/cases/new/", form(bureau, channel="registered_mail", submitted_on="2026-06-22")
    )
    assert response.status_code == 400
    assert "须提供签收之日" in response.content.decode()
    assert not Application.objects.exists()


def test_a_signed_for_day_before_posting_is_refused(bureau: Agency, clerk: User) -> None:
    response = login(clerk).post(
        "/work/cases/new/",
        form(bureau, channel="fax", submitted_on="2026-06-22", received_on="2026-06-19"),
    )
    assert response.status_code == 400
    assert "确认之日（2026年6月19日）早于申请人提交之日（2026年6月22日）" in response.content.decode()
    assert not Application.objects.exists()


def test_a_second_date_for_an_application_handed_in_is_questioned(bureau: Agency, clerk: User) -> None:
    response = login(clerk).post(
        "/work/cases/new/", form(bureau, submitted_on="2026-06-22", received_on="2026-06-24")
    )
    assert response.status_code == 400
    assert "当面提交的，以提交之日为收到申请之日" in response.content.decode()


def test_missing_contact_and_description_are_named(bureau: Agency, clerk: User) -> None:
    client = login(clerk)
    response = client.post("/work/cases/new/", form(bureau, description="", applicant_name=""))
    body = response.content.decode()
    assert response.status_code == 400
    assert "请填写申请人姓名或名称" in body
    assert "请填写所需政府信息的名称、文号或者便于查询的其他特征性描述" in body
    response = client.post("/work/cases/new/", form(bureau, phone=""))
    assert response.status_code == 400
    assert "请至少填写一种联系方式（电话、电子邮箱或通信地址）" in response.content.decode()
    assert not Application.objects.exists()


def test_a_future_date_is_refused(bureau: Agency, clerk: User) -> None:
    response = login(clerk).post("/work/cases/new/", form(bureau, submitted_on="2026-07-01"))
    assert response.status_code == 400
    assert "日期不能晚于今天" in response.content.decode()


def test_a_clerk_cannot_register_for_another_agency(
    bureau: Agency, other_bureau: Agency, clerk: User
) -> None:
    response = login(clerk).post("/work/cases/new/", form(other_bureau))
    assert response.status_code == 400
    assert "您不能为该机关登记申请" in response.content.decode()
    assert not Application.objects.exists()


def test_online_is_not_a_counter_channel(bureau: Agency, clerk: User) -> None:
    response = login(clerk).post("/work/cases/new/", form(bureau, channel="online"))
    assert response.status_code == 400
    assert "请从列表中选择申请方式" in response.content.decode()
