"""Attempts sent at the same moment are each counted once, and no more than the limit get through.

The database cache's increment was a read and then a write: two workers counting at once both read
4 and both wrote 5, and a client sending its guesses in parallel got more than the limit. A count
is now one statement (a row of ThrottleCount, on SQLite and on PostgreSQL), and a page checks and
counts in that statement before it looks anything up.

Real threads, each with its own database connection (as gunicorn's workers have), released
together; `make test` runs these on both databases. The throttle's clock is pinned at the start of
a window (1,800,000,000 s is 3,000,000 windows of 600 s, 500,000 of 3,600 s, 2,000,000 of 900 s).
"""

from __future__ import annotations

import functools
import sqlite3
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import OperationalError, connection
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.applications import actions
from gongkai.applications.models import Application
from gongkai.core import throttle
from gongkai.core.actions import ActionError
from gongkai.core.busy import BUSY_MESSAGE
from tests.factories import application
from tests.platform.test_concurrent_writes_queue_instead_of_failing import (
    all_at_once,
    application_form,
    opened_form,
)

pytestmark = pytest.mark.django_db(transaction=True)

START = 1_800_000_000.0
WRONG_GUESS = {"code": "ABCDEFGHJKLM", "contact": "13800138000"}


@pytest.fixture(autouse=True)
def limits(settings: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(throttle, "_now", lambda: START)
    settings.GONGKAI_LIMITS = {
        "track.address": (10, 600),
        "track.case": (5, 3600),
        "apply.address": (4, 3600),
        "apply.contact": (5, 86400),
        "login.account": (10, 900),
        "login.address": (30, 900),
    }


def test_eight_workers_counting_twenty_five_times_at_once_count_two_hundred() -> None:
    def worker() -> list[int]:
        return [throttle.count("track.address", "10.0.0.1") for _ in range(25)]

    counted = all_at_once([worker] * 8)

    # Each of the 200 attempts got a count of its own: 1, 2, …, 200, none twice, none lost.
    assert sorted(n for counts in counted for n in counts) == list(range(1, 201))
    assert throttle.count("track.address", "10.0.0.1") == 201


def test_forty_attempts_at_once_against_a_limit_of_ten_let_exactly_ten_through() -> None:
    attempts = all_at_once([lambda: throttle.attempt(("track.address", "10.0.0.2"))] * 40)

    # Ten let through; thirty told to wait for the end of the 600-second window.
    assert sorted(a.wait for a in attempts) == [0] * 10 + [600] * 30
    # The refused ones counted nothing: the next count is the eleventh.
    assert throttle.count("track.address", "10.0.0.2") == 11


def test_thirty_wrong_guesses_at_once_from_one_address_ten_are_looked_up_twenty_refused() -> None:
    clients = [Client(REMOTE_ADDR="10.2.0.1") for _ in range(30)]  # thirty cookie jars, one address

    responses = all_at_once([lambda c=c: c.post("/track/", WRONG_GUESS) for c in clients])  # type: ignore[misc]

    assert sorted(r.status_code for r in responses) == [200] * 10 + [429] * 20
    for response in responses:
        page = response.content.decode()
        if response.status_code == 200:
            assert "查询码或联系方式不正确" in page
        else:
            assert response["Retry-After"] == "600"
            assert "查询失败次数过多" in page
    # The address has used up its ten: one more guess is refused too, another address is not.
    assert Client(REMOTE_ADDR="10.2.0.1").post("/track/", WRONG_GUESS).status_code == 429
    assert Client(REMOTE_ADDR="10.2.0.2").post("/track/", WRONG_GUESS).status_code == 200


def test_twenty_five_wrong_passwords_at_once_ten_are_checked_and_the_account_locks(clerk: User) -> None:
    clients = [Client(REMOTE_ADDR=f"10.4.0.{n + 1}") for n in range(25)]  # every guess its own address
    wrong = {"username": "clerk", "password": "wrong password"}

    responses = all_at_once([lambda c=c: c.post("/login/", wrong) for c in clients])  # type: ignore[misc]

    assert sorted(r.status_code for r in responses) == [200] * 10 + [429] * 15
    right = Client(REMOTE_ADDR="10.4.1.1").post(
        "/login/", {"username": "clerk", "password": "correct horse battery"}
    )
    assert right.status_code == 429
    assert "登录失败次数过多" in right.content.decode()


def test_ten_applications_at_once_from_one_address_four_are_registered(bureau: Agency) -> None:
    clients = [Client(REMOTE_ADDR="10.5.0.1") for _ in range(10)]
    forms = [{**application_form(bureau, n), "form_token": opened_form(c)} for n, c in enumerate(clients)]

    responses = all_at_once(
        [lambda c=c, f=f: c.post("/apply/", f) for c, f in zip(clients, forms, strict=True)]  # type: ignore[misc]
    )

    assert sorted(r.status_code for r in responses) == [302] * 4 + [429] * 6
    assert Application.objects.filter(agency=bureau).count() == 4
    refused = [r for r in responses if r.status_code == 429]
    assert all("提交申请过于频繁，请在 60 分钟后" in r.content.decode() for r in refused)


# --- what stays counted when the request does not end well ---------------------------------------


def send_application(agency: Agency, n: int) -> int:
    client = Client(REMOTE_ADDR="10.6.0.1")
    return client.post(
        "/apply/", {**application_form(agency, n), "form_token": opened_form(client)}
    ).status_code


def test_a_registration_the_database_could_not_take_still_counts_against_the_address(
    bureau: Agency, monkeypatch: pytest.MonkeyPatch
) -> None:
    def busy(**_: Any) -> Application:
        raise OperationalError("database is locked")

    with monkeypatch.context() as patched:
        patched.setattr(actions, "register_application", busy)
        # The registration's transaction rolls back (503, nothing saved); the count was its own.
        assert [send_application(bureau, n) for n in range(5)] == [503] * 4 + [429]

    assert send_application(bureau, 5) == 429
    assert Application.objects.count() == 0


def test_a_form_the_action_refuses_is_not_counted(bureau: Agency, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(**_: Any) -> Application:
        raise ActionError("该机关暂不受理网上申请。")

    with monkeypatch.context() as patched:
        patched.setattr(actions, "register_application", refuse)
        assert [send_application(bureau, n) for n in range(6)] == [200] * 6

    # The six refused forms gave their attempts back: the address still has its four.
    assert [send_application(bureau, n) for n in range(6, 11)] == [302] * 4 + [429]


@pytest.mark.skipif(connection.vendor != "sqlite", reason="SQLite's database lock (PostgreSQL locks rows)")
def test_a_log_in_while_the_database_is_locked_answers_503_not_500(clerk: User) -> None:
    options = connection.settings_dict.setdefault("OPTIONS", {})
    before = options.get("timeout")
    options["timeout"] = 0.2  # Django waits 0.2 s for the lock, not 20
    connection.close()
    other = sqlite3.connect(connection.settings_dict["NAME"], isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        refused = Client().post("/login/", {"username": "clerk", "password": "correct horse battery"})
        other.execute("ROLLBACK")
        again = Client().post("/login/", {"username": "clerk", "password": "correct horse battery"})
    finally:
        other.close()
        options["timeout"] = before
        connection.close()

    assert refused.status_code == 503
    assert refused["Retry-After"] == "5"
    assert BUSY_MESSAGE in refused.content.decode()
    assert again.status_code == 302


def test_twelve_wrong_contacts_for_one_case_at_once_five_are_looked_up_and_the_case_locks(
    bureau: Agency, clerk: User
) -> None:
    # Twelve addresses (each far from its own limit), one real case, a wrong phone each: the case's
    # limit is five, so five are looked up ("不正确") and seven find its tracking locked.
    case = application(bureau, clerk)
    clients = [Client(REMOTE_ADDR=f"10.3.0.{n + 1}") for n in range(12)]
    guesses = [{"code": case.tracking_code, "contact": f"1390000{n:04d}"} for n in range(12)]

    responses = all_at_once(
        [functools.partial(c.post, "/track/", g) for c, g in zip(clients, guesses, strict=True)]
    )

    assert sorted(r.status_code for r in responses) == [200] * 5 + [429] * 7
    for response in responses:
        page = response.content.decode()
        if response.status_code == 200:
            assert "查询码或联系方式不正确" in page
        else:
            assert response["Retry-After"] == "3600"
            assert "该申请的查询因多次输入错误的联系方式已被暂时锁定" in page
    # Locked for the applicant too, with the right phone, from an address of their own.
    right = Client(REMOTE_ADDR="10.3.1.1").post(
        "/track/", {"code": case.tracking_code, "contact": "13800138000"}
    )
    assert right.status_code == 429
