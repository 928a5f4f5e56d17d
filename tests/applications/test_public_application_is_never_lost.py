"""An online application is never lost: a registration that fails leaves its form usable, and
registration numbers go on past 99,999 of a year."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import OperationalError
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.applications import actions
from gongkai.applications.models import Application, Event, RegistrationCounter
from gongkai.core import time as core_time
from tests.factories import application

pytestmark = pytest.mark.django_db


def opened_form(client: Client) -> str:
    match = re.search(r'name="form_token" value="([0-9a-f]+)"', client.get("/apply/").content.decode())
    assert match
    return match.group(1)


def filled_in(agency: Agency, token: str) -> dict[str, str]:
    return {
        "agency": str(agency.pk),
        "applicant_kind": "natural_person",
        "applicant_name": "张三",
        "id_number": "11010519491231002X",
        "phone": "138 0013 8000",
        "description": "2024年本县城乡规划调整的批复文件",
        "form_wanted": "electronic",
        "delivery": "online",
        "form_token": token,
    }


def test_a_registration_that_fails_midway_leaves_the_form_usable_and_saves_nothing(
    bureau: Agency, monkeypatch: pytest.MonkeyPatch
) -> None:
    client = Client(raise_request_exception=False)
    form = filled_in(bureau, opened_form(client))
    real_event = actions._event

    def disk_gone(*args: Any, **kwargs: Any) -> Event:  # fails after the case row is written
        raise OperationalError("disk I/O error")

    monkeypatch.setattr(actions, "_event", disk_gone)
    assert client.post("/apply/", form).status_code == 500
    assert Application.objects.count() == 0

    monkeypatch.setattr(actions, "_event", real_event)
    again = client.post("/apply/", form, follow=True)

    page = again.content.decode()
    assert again.redirect_chain == [("/apply/done/", 302)]
    assert "请勿重复提交" not in page
    [case] = Application.objects.all()
    assert case.number == "SXZRZY-2026-00001"  # the failed attempt took no number either
    assert case.number in page


def test_the_same_form_sent_twice_registers_once(bureau: Agency) -> None:
    client = Client()
    form = filled_in(bureau, opened_form(client))
    assert client.post("/apply/", form).status_code == 302
    assert "请勿重复提交" in client.post("/apply/", form, follow=True).content.decode()
    assert Application.objects.count() == 1


def test_number_100000_of_a_year_follows_99999(bureau: Agency, clerk: User) -> None:
    RegistrationCounter.objects.create(agency=bureau, year=2026, last_serial=99_998)

    numbers = [application(bureau, clerk, received=core_time.today()).number for _ in range(3)]

    assert numbers == ["SXZRZY-2026-99999", "SXZRZY-2026-100000", "SXZRZY-2026-100001"]


def test_numbers_given_before_the_counter_are_continued_as_numbers_not_text(
    bureau: Agency, other_bureau: Agency, clerk: User
) -> None:
    # Cases numbered before the counter existed (or loaded in bulk). As text, "2026-99999" sorts
    # after "2026-100000"; the next number is still 100,001, and an older year or another agency
    # does not count. Numbers from before the agency code (2026-NNNNN) and with it both count.
    first = application(bureau, clerk, received=core_time.today())
    Application.objects.filter(pk=first.pk).update(number="2026-99999")
    second = application(bureau, clerk, received=core_time.today())
    Application.objects.filter(pk=second.pk).update(number="SXZRZY-2026-100000")
    RegistrationCounter.objects.all().delete()

    assert application(bureau, clerk, received=core_time.today()).number == "SXZRZY-2026-100001"
    other = application(other_bureau, None, received=core_time.today(), channel="online")
    assert other.number == "SXJYJ-2026-00001"


def test_an_old_five_digit_number_is_still_found_by_the_clerk(bureau: Agency, clerk: User) -> None:
    new = application(bureau, clerk, received=core_time.today())
    old = application(bureau, clerk, received=core_time.today())
    Application.objects.filter(pk=old.pk).update(number="2025-00007")  # numbered before agency codes
    staff = Client()
    staff.force_login(clerk)

    by_serial = staff.get("/work/cases/", {"q": "2026-00001"}).content.decode()
    by_old_number = staff.get("/work/cases/", {"q": "2025-00007"}).content.decode()

    assert new.number == "SXZRZY-2026-00001"
    assert f"/work/cases/{new.pk}/" in by_serial
    assert f"/work/cases/{old.pk}/" in by_old_number
    assert f"/work/cases/{new.pk}/" not in by_old_number
