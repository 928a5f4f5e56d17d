"""Several people writing at once: every write waits its turn, none is lost, none answers 5xx.

Real threads, each with its own database connection (as gunicorn's workers have), started
together at a barrier. On SQLite this needs the file database in WAL mode with immediate
transactions; on PostgreSQL the row locks. `make test` runs these on both.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Callable
from typing import Any, TypeVar

import pytest
from django.contrib.auth.models import User
from django.db import connections
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application, EventKind
from tests.factories import application

pytestmark = pytest.mark.django_db(transaction=True)

T = TypeVar("T")


def all_at_once(jobs: list[Callable[[], T]]) -> list[T]:
    """Run the jobs in threads released together; each thread closes its own connection."""
    barrier = threading.Barrier(len(jobs))
    results: list[Any] = [None] * len(jobs)

    def run(index: int, job: Callable[[], T]) -> None:
        try:
            barrier.wait(timeout=30)
            results[index] = job()
        except BaseException as exc:  # reported below, in the test's own thread
            results[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a request never came back"
    errors = [r for r in results if isinstance(r, BaseException)]
    assert not errors, errors
    return results


def application_form(agency: Agency, n: int) -> dict[str, str]:
    return {
        "agency": str(agency.pk),
        "applicant_kind": "natural_person",
        "applicant_name": f"申请人{n}",
        "id_number": "11010519491231002X",
        "phone": f"1380013{n:04d}",
        "description": f"2024年本县城乡规划调整的批复文件（第{n}份）",
        "form_wanted": "electronic",
        "delivery": "online",
    }


def opened_form(client: Client) -> str:
    page = client.get("/apply/").content.decode()
    match = re.search(r'name="form_token" value="([0-9a-f]+)"', page)
    assert match
    return match.group(1)


def test_eight_people_applying_at_once_are_all_registered(bureau: Agency) -> None:
    clients = [Client(REMOTE_ADDR=f"10.0.0.{n + 1}") for n in range(8)]
    forms = [{**application_form(bureau, n), "form_token": opened_form(c)} for n, c in enumerate(clients)]

    responses = all_at_once(
        [lambda c=c, f=f: c.post("/apply/", f) for c, f in zip(clients, forms, strict=True)]  # type: ignore[misc]
    )

    assert [r.status_code for r in responses] == [302] * 8
    assert {r["Location"] for r in responses} == {"/apply/done/"}
    saved = Application.objects.filter(agency=bureau)
    assert sorted(saved.values_list("applicant_name", flat=True)) == [f"申请人{n}" for n in range(8)]
    # Numbered one after another without a gap or a repeat, whatever order they came in.
    assert sorted(saved.values_list("number", flat=True)) == [f"SXZRZY-2026-{n:05d}" for n in range(1, 9)]
    # Each applicant's confirmation page shows their own registration number.
    for n, client in enumerate(clients):
        number = saved.get(applicant_name=f"申请人{n}").number
        assert number in client.get("/apply/done/").content.decode()


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_two_decisions_on_one_case_from_two_pages_one_wins_the_other_gets_409(
    bureau: Agency, clerk: User, office_head: User
) -> None:
    case = application(bureau, clerk)
    form = {"version": str(case.version), "outcome": "granted", "legal_basis": "", "on": "2026-06-10"}
    first, second = login(clerk), login(office_head)

    responses = all_at_once(
        [lambda c=c: c.post(f"/work/cases/{case.pk}/decide/", form) for c in (first, second)]  # type: ignore[misc]
    )

    assert sorted(r.status_code for r in responses) == [302, 409]
    [refused] = [r for r in responses if r.status_code == 409]
    assert "已被他人办理并更新" in refused.content.decode()
    assert Application.objects.get(pk=case.pk).events.filter(kind=EventKind.DECIDED).count() == 1


def test_two_decisions_on_one_case_through_the_api_one_wins_the_other_gets_409_in_json(
    bureau: Agency, clerk: User, office_head: User
) -> None:
    case = application(bureau, clerk)
    body = json.dumps({"version": case.version, "outcome": "granted", "on": "2026-06-10"})
    url = f"/api/cases/{case.pk}/actions/decide"

    responses = all_at_once(
        [
            lambda c=c: c.post(url, body, content_type="application/json")  # type: ignore[misc]
            for c in (login(clerk), login(office_head))
        ]
    )

    assert sorted(r.status_code for r in responses) == [200, 409]
    [refused] = [r for r in responses if r.status_code == 409]
    assert refused["Content-Type"].startswith("application/json")
    assert "已被他人办理并更新" in refused.json()["detail"]
    assert Application.objects.get(pk=case.pk).events.filter(kind=EventKind.DECIDED).count() == 1


def test_one_form_sent_from_two_tabs_at_once_is_registered_once(bureau: Agency) -> None:
    tab = Client()
    form = {**application_form(bureau, 1), "form_token": opened_form(tab)}
    other_tab = Client()
    other_tab.cookies = tab.cookies  # the same browser: the same session

    responses = all_at_once([lambda c=c: c.post("/apply/", form) for c in (tab, other_tab)])  # type: ignore[misc]

    assert Application.objects.filter(agency=bureau).count() == 1
    # The other tab is told the form went in, or, when the first request replaced the session
    # (a new session id once personal data is behind it) while it was running, to refresh.
    assert sorted(r.status_code for r in responses) in ([302, 302], [302, 400])
    for response in responses:
        if response.status_code == 400:
            assert "请返回上一页刷新后查看最新情况" in response.content.decode()
