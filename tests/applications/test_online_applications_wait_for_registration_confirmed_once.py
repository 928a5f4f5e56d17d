"""Two clerks confirm the same waiting submission at the same moment (two threads, each with its own
database connection, on SQLite and on PostgreSQL): one registers it, the other is told it was
done meanwhile (409), and the agency's counter gives one number only."""

from __future__ import annotations

import datetime as dt
import threading

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.utils import timezone

from gongkai.agencies.models import Agency, Role
from gongkai.applications import actions
from gongkai.applications.models import Application, Letterhead, Submission, SubmissionStatus
from tests.factories import member

pytestmark = pytest.mark.django_db(transaction=True)


def waiting(agency: Agency, n: int) -> Submission:
    return actions.submit_for_registration(
        agency=agency,
        data={
            "applicant_kind": "natural_person",
            "applicant_name": f"申请人{n}",
            "phone": "13800138000",
            "description": "2024年本县城乡规划调整的批复文件",
            "form_wanted": "paper",
            "delivery": "post",
        },
        submitted_at=timezone.now(),
        form_token=f"{n:032x}",
    )


def confirm_at_once(user: User, pk: int, start: threading.Barrier, statuses: list[int]) -> None:
    try:
        client = Client()
        client.force_login(user)
        start.wait()
        response = client.post(f"/work/submissions/{pk}/confirm/", {"version": "0"})
        statuses.append(response.status_code)
    except BaseException as exc:  # reported by the test: a thread's failure must fail it
        statuses.append(-1)
        raise exc
    finally:
        connection.close()


def test_confirming_twice_at_once_registers_once_and_the_other_clerk_gets_409(
    bureau: Agency, clerk: User, office_head: User
) -> None:
    Letterhead.objects.filter(agency=bureau).update(register_after_review=True)
    rounds = 4
    outcomes = []
    for n in range(1, rounds + 1):
        submission = waiting(bureau, n)
        start = threading.Barrier(2)
        statuses: list[int] = []
        threads = [
            threading.Thread(target=confirm_at_once, args=(user, submission.pk, start, statuses))
            for user in (clerk, office_head)
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        outcomes.append(sorted(statuses))
        submission.refresh_from_db()
        assert submission.status == SubmissionStatus.REGISTERED
        assert submission.version == 1

    assert outcomes == [[302, 409]] * rounds
    # One case a submission, numbered 1 to 4 with no gap: no number claimed by the loser.
    numbers = sorted(Application.objects.values_list("number", flat=True))
    assert numbers == [f"SXZRZY-2026-{n:05d}" for n in range(1, rounds + 1)]
    assert {c.received_on for c in Application.objects.all()} == {dt.date(2026, 6, 30)}


def test_a_second_confirmation_after_the_first_is_refused_with_the_reason(
    bureau: Agency, clerk: User
) -> None:
    submission = waiting(bureau, 1)
    other = member(bureau, Role.OFFICE_HEAD, username="head2")
    actions.confirm_registration(acting_user=clerk, submission=submission, version=0)
    client = Client()
    client.force_login(other)
    response = client.post(f"/work/submissions/{submission.pk}/confirm/", {"version": "0"})
    assert response.status_code == 409
    assert "该网上申请已被他人办理" in response.content.decode()
    # Without the version (the action called directly), the state says why.
    with pytest.raises(actions.ActionError, match="该网上申请当前状态为“已登记”，不能确认登记"):
        actions.confirm_registration(acting_user=other, submission=submission)
    assert Application.objects.count() == 1
