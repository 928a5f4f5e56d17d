"""Guessing and flooding are throttled per client address, per case, per contact and per account,
whatever the cookie jar: a throttled request answers 429 in Chinese and says when to come back.

The limits are set here, so that every expected number can be worked out from this file; the
clock of the throttle is pinned at the start of a window (1,800,000,000 s is 3,000,000 windows of
600 s, 500,000 windows of 3,600 s and 2,000,000 of 900 s).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application
from gongkai.core import throttle
from tests.factories import UserFactory, application

pytestmark = pytest.mark.django_db

START = 1_800_000_000.0


@pytest.fixture(autouse=True)
def limits(settings: Any) -> None:
    settings.GONGKAI_LIMITS = {
        "track.address": (20, 600),
        "track.case": (5, 3600),
        "apply.address": (10, 3600),
        "apply.contact": (5, 86400),
        "login.account": (10, 900),
        "login.address": (30, 900),
    }


class Clock:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.now = START
        monkeypatch.setattr(throttle, "_now", lambda: self.now)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    return Clock(monkeypatch)


def from_address(n: int) -> Client:
    """A fresh browser (no cookies) from its own address."""
    return Client(REMOTE_ADDR=f"10.1.{n // 250}.{n % 250 + 1}")


# --- /track/ -------------------------------------------------------------------------------------


def look_up(client: Client, code: str, contact: str) -> Any:
    return client.post("/track/", {"code": code, "contact": contact})


def test_guessing_from_fresh_sessions_is_stopped_per_address(
    bureau: Agency, clerk: User, clock: Clock
) -> None:
    case = application(bureau, clerk)
    for _ in range(20):  # a new cookie jar every time, the same address
        response = look_up(Client(), "ABCDEFGHJKLM", "13800138000")
        assert response.status_code == 200
        assert "查询码或联系方式不正确" in response.content.decode()

    clock.now = START + 100
    refused = look_up(Client(), case.tracking_code, "13800138000")  # even the right answer now

    assert refused.status_code == 429
    assert refused["Retry-After"] == "500"  # the 600-second window ends 500 s from now
    assert "查询失败次数过多" in refused.content.decode()
    assert "请在 9 分钟后" in refused.content.decode()  # 500 s, rounded up to whole minutes
    # Another address is not affected, and this one may try again once the window is over.
    assert look_up(Client(REMOTE_ADDR="10.9.9.9"), case.tracking_code, "13800138000").status_code == 302
    clock.now = START + 600
    assert look_up(Client(), case.tracking_code, "13800138000").status_code == 302


def test_a_case_locks_after_five_wrong_contacts_and_staff_see_it(
    bureau: Agency, clerk: User, clock: Clock
) -> None:
    case = application(bureau, clerk)
    for n in range(5):  # five addresses, each one try: the address limit never applies
        assert look_up(from_address(n), case.tracking_code, f"1390000000{n}").status_code == 200

    refused = look_up(from_address(99), case.tracking_code, "13800138000")  # the applicant, right contact

    assert refused.status_code == 429
    assert refused["Retry-After"] == "3600"
    page = refused.content.decode()
    assert "该申请的查询因多次输入错误的联系方式已被暂时锁定" in page
    assert "请在 60 分钟后" in page
    staff = Client()
    staff.force_login(clerk)
    case_page = staff.get(f"/work/cases/{case.pk}/").content.decode()
    assert "网上查询已锁定" in case_page
    assert "有人连续5次以本案查询码和错误的联系方式查询" in case_page
    # Another case is not locked; this one opens again after the hour.
    other = application(bureau, clerk)
    assert look_up(from_address(100), other.tracking_code, "13800138000").status_code == 302
    clock.now = START + 3599
    assert look_up(from_address(101), case.tracking_code, "13800138000").status_code == 429
    clock.now = START + 3600
    assert look_up(from_address(102), case.tracking_code, "13800138000").status_code == 302
    assert "网上查询已锁定" not in staff.get(f"/work/cases/{case.pk}/").content.decode()


# --- /apply/ -------------------------------------------------------------------------------------


def apply(client: Client, agency: Agency, phone: str) -> Any:
    page = client.get("/apply/").content.decode()
    token = re.search(r'name="form_token" value="([0-9a-f]+)"', page)
    assert token
    return client.post(
        "/apply/",
        {
            "agency": str(agency.pk),
            "applicant_kind": "natural_person",
            "applicant_name": "张三",
            "id_number": "11010519491231002X",
            "phone": phone,
            "description": "2024年本县城乡规划调整的批复文件",
            "form_wanted": "electronic",
            "delivery": "online",
            "form_token": token.group(1),
        },
    )


def test_one_address_files_ten_applications_an_hour(bureau: Agency, clock: Clock) -> None:
    for n in range(10):
        assert apply(Client(), bureau, f"1380000{n:04d}").status_code == 302

    clock.now = START + 1200
    refused = apply(Client(), bureau, "13900000000")

    assert refused.status_code == 429
    assert refused["Retry-After"] == "2400"
    page = refused.content.decode()
    assert "提交申请过于频繁，请在 40 分钟后" in page
    assert "2024年本县城乡规划调整的批复文件" in page  # what was typed is kept
    assert Application.objects.count() == 10


def test_one_phone_number_files_five_applications_a_day(bureau: Agency, clock: Clock) -> None:
    for n in range(5):  # five addresses, the same phone number written differently
        assert apply(from_address(n), bureau, "138 0013 8000" if n % 2 else "13800138000").status_code == 302

    refused = apply(from_address(5), bureau, "13800138000")

    # Day windows are counted from 1970-01-01 00:00 UTC: START is 20,833 days and 28,800 s after
    # it, so this day's window ends 86,400 - 28,800 = 57,600 s later (midnight UTC, 08:00 in China).
    assert refused.status_code == 429
    assert refused["Retry-After"] == "57600"
    assert Application.objects.count() == 5
    assert apply(from_address(6), bureau, "13900139000").status_code == 302


# --- log-in --------------------------------------------------------------------------------------


def log_in(client: Client, username: str, password: str, path: str = "/login/") -> Any:
    return client.post(path, {"username": username, "password": password})


def test_thirty_failed_log_ins_lock_the_account_even_for_the_right_password(
    clerk: User, clock: Clock
) -> None:
    statuses = [log_in(from_address(n), "clerk", "wrong password").status_code for n in range(30)]

    # Ten failures are answered with the form again; from then on the account is locked.
    assert statuses == [200] * 10 + [429] * 20
    client = from_address(31)
    clock.now = START + 300
    refused = log_in(client, "clerk", "correct horse battery")
    assert refused.status_code == 429
    assert refused["Retry-After"] == "600"
    assert "登录失败次数过多" in refused.content.decode()
    assert "请在 10 分钟后" in refused.content.decode()
    assert "_auth_user_id" not in client.session

    clock.now = START + 900
    assert log_in(client, "clerk", "correct horse battery").status_code == 302
    assert client.session["_auth_user_id"] == str(clerk.pk)


def test_the_back_office_log_in_is_locked_the_same_way(db: None, clock: Clock) -> None:
    UserFactory(username="admin", is_staff=True, is_superuser=True)
    for n in range(10):
        log_in(from_address(n), "ADMIN", "guess", path="/admin/login/")  # user names match in any case

    response = log_in(from_address(50), "admin", "correct horse battery", path="/admin/login/")

    assert response.status_code == 429


def test_one_address_trying_many_accounts_is_stopped(clerk: User, clock: Clock) -> None:
    attacker = Client(REMOTE_ADDR="10.6.6.6")
    statuses = [log_in(attacker, f"user{n}", "123456").status_code for n in range(31)]

    assert statuses == [200] * 30 + [429]
    # The accounts themselves are not locked: the clerk logs in from the office.
    assert log_in(Client(REMOTE_ADDR="10.7.7.7"), "clerk", "correct horse battery").status_code == 302


def test_a_successful_log_in_clears_the_accounts_failures(clerk: User, clock: Clock) -> None:
    for n in range(9):
        log_in(from_address(n), "clerk", "typo")
    assert log_in(from_address(20), "clerk", "correct horse battery").status_code == 302
    for n in range(9):
        log_in(from_address(n), "clerk", "typo")

    assert log_in(from_address(21), "clerk", "correct horse battery").status_code == 302


def test_behind_a_trusted_proxy_the_forwarded_address_counts(
    bureau: Agency, clerk: User, clock: Clock, settings: Any
) -> None:
    settings.GONGKAI_CLIENT_ADDRESS_HEADER = "X-Forwarded-For"
    case = application(bureau, clerk)
    guess = {"code": "ABCDEFGHJKLM", "contact": "1"}
    for n in range(20):
        # Every request comes from the proxy's address. The client may write anything in the
        # header (here a new address each time); the proxy appends the address it saw.
        via_proxy = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR=f"1.2.3.{n}, 10.0.0.8")
        via_proxy.post("/track/", guess)

    right = {"code": case.tracking_code, "contact": "13800138000"}
    assert (
        Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.8").post("/track/", right).status_code
        == 429
    )
    assert (
        Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="10.0.0.9").post("/track/", right).status_code
        == 302
    )
