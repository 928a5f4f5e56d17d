"""An online application waiting in 待登记 can be withdrawn by its applicant on /track/ (signed in by
查询码 and phone): it leaves the office's 待登记 list, can no longer be confirmed, and is never a
case. Only while it waits, only by whoever follows it; an applicant withdrawing while a clerk
confirms (two threads, each with its own connection, on SQLite and on PostgreSQL): one wins, the
other is told it was done meanwhile (409)."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application, Letterhead, Submission, SubmissionStatus
from tests.travel import travel_to

from .test_online_applications_wait_for_registration import (
    FRIDAY,
    MONDAY,
    confirm,
    decline,
    reviewed,
    signed_in,
    submit,
    track,
)
from .test_online_applications_wait_for_registration_confirmed_once import waiting

__all__ = ["reviewed"]

PHONE = "13800138000"  # the phone of the filled-in form


def following(agency: Agency) -> tuple[Client, Submission]:
    """The applicant's browser after submitting on Friday and looking it up on /track/."""
    applicant = Client()
    with travel_to(FRIDAY):
        submit(applicant, agency)
    submission = Submission.objects.get()
    assert track(applicant, submission.tracking_code, PHONE)["Location"] == "/track/pending/"
    return applicant, submission


@pytest.mark.django_db
def test_the_applicant_withdraws_a_waiting_submission_and_it_is_never_registered(
    reviewed: Agency, clerk: User
) -> None:
    with travel_to(MONDAY):
        applicant, submission = following(reviewed)
        tracked = applicant.get("/track/pending/").content.decode()
        assert '<a href="/track/pending/withdraw/">撤回申请</a>' in tracked

        asking = applicant.get("/track/pending/withdraw/").content.decode()
        assert "尚待确认登记的申请" in asking
        assert "2026年7月3日" in asking  # submitted on Friday
        assert Submission.objects.get().status == SubmissionStatus.PENDING  # asking is not doing

        response = applicant.post("/track/pending/withdraw/", {"version": "0", "reason": "已在网站上查到"})
        assert response["Location"] == "/track/pending/"
        page = applicant.get("/track/pending/").content.decode()
    assert "当前状态：已撤回" in page
    assert "您已于2026年7月6日撤回此申请" in page
    assert "撤回理由：已在网站上查到" in page
    assert "撤回申请</a>" not in page
    withdrawn = Submission.objects.get()
    assert (withdrawn.status, withdrawn.decided_on, withdrawn.decided_by) == (
        SubmissionStatus.WITHDRAWN,
        dt.date(2026, 7, 6),
        None,
    )

    staff = signed_in(clerk)
    assert f"/work/submissions/{submission.pk}/" not in staff.get("/work/").content.decode()
    assert (
        "申请人于 2026-07-06 在网上撤回了该申请"
        in staff.get(f"/work/submissions/{submission.pk}/").content.decode()
    )
    refused = confirm(staff, submission)
    assert refused.status_code == 409
    assert "该网上申请当前状态为“申请人撤回”，不能确认登记" in refused.content.decode()
    assert not Application.objects.exists()


@pytest.mark.django_db
def test_only_a_waiting_submission_followed_in_this_browser_can_be_withdrawn(
    reviewed: Agency, clerk: User
) -> None:
    applicant, submission = following(reviewed)

    stranger = Client()  # never looked it up
    assert stranger.get("/track/pending/withdraw/")["Location"] == "/track/"
    assert stranger.post("/track/pending/withdraw/", {"version": "0"})["Location"] == "/track/"

    decline(signed_in(clerk), submission, "所提内容属于投诉事项，请通过12345热线反映。")
    response = applicant.post("/track/pending/withdraw/", {"version": "1"}, follow=True)
    assert "该网上申请当前状态为“不予登记”，不能撤回。" in response.content.decode()
    assert Submission.objects.get().status == SubmissionStatus.NOT_REGISTERED


@pytest.mark.django_db
def test_a_withdrawal_from_a_stale_page_is_refused_and_changes_nothing(reviewed: Agency) -> None:
    applicant, _ = following(reviewed)

    response = applicant.post("/track/pending/withdraw/", {"version": "7"})
    assert response.status_code == 409
    assert "该网上申请已被他人办理" in response.content.decode()
    response = applicant.post("/track/pending/withdraw/", {"reason": "无版本号"})
    assert response.status_code == 409
    assert "页面已过期" in response.content.decode()
    assert Submission.objects.get().status == SubmissionStatus.PENDING


def _at_once(jobs: list[Callable[[], int]]) -> list[int]:
    start = threading.Barrier(len(jobs))
    statuses: list[int] = []

    def run(job: Callable[[], int]) -> None:
        try:
            start.wait()
            statuses.append(job())
        except BaseException:
            statuses.append(-1)
            raise
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return statuses


@pytest.mark.django_db(transaction=True)
def test_withdrawing_while_a_clerk_confirms_one_wins_the_other_gets_409(bureau: Agency, clerk: User) -> None:
    Letterhead.objects.filter(agency=bureau).update(register_after_review=True)
    outcomes: list[tuple[list[int], str]] = []
    for n in range(1, 5):
        submission = waiting(bureau, n)
        applicant = Client()
        assert track(applicant, submission.tracking_code, PHONE)["Location"] == "/track/pending/"
        staff = signed_in(clerk)

        def withdraw(applicant: Client = applicant) -> Any:
            return applicant.post("/track/pending/withdraw/", {"version": "0"}).status_code

        def register(staff: Client = staff, pk: int = submission.pk) -> Any:
            return staff.post(f"/work/submissions/{pk}/confirm/", {"version": "0"}).status_code

        statuses = _at_once([withdraw, register])
        submission.refresh_from_db()
        outcomes.append((sorted(statuses), submission.status))
        # Whichever won, the state is whole: a case exactly when it was registered.
        registered = submission.status == SubmissionStatus.REGISTERED
        assert Application.objects.filter(tracking_code=submission.tracking_code).exists() == registered
        assert submission.version == 1

    assert all(statuses == [302, 409] for statuses, _ in outcomes)
    assert {status for _, status in outcomes} <= {SubmissionStatus.REGISTERED, SubmissionStatus.WITHDRAWN}
