"""An agency that registers online applications only after its office confirms them (文书设置:
「网上申请经人工确认后登记」): the submission waits in 待登记 with no number, no 收到申请之日 and no
deadline; 确认登记 makes it a case received that day (Art. 31); 不予登记 tells the applicant why
and never reaches table 三. With the setting off an online application is registered at once."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from gongkai.agencies.models import Agency, Role
from gongkai.applications import actions
from gongkai.applications.models import (
    Application,
    Channel,
    EventKind,
    Letterhead,
    Status,
    Submission,
    SubmissionStatus,
)
from gongkai.applications.selectors import annual_tables
from gongkai.core.actions import ActionError
from tests.factories import member
from tests.travel import travel_to

from .test_public_online_application_registers_a_case import filled_in, form_token

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]
FRIDAY = dt.date(2026, 7, 3)
MONDAY = dt.date(2026, 7, 6)


@pytest.fixture
def reviewed(bureau: Agency) -> Agency:
    Letterhead.objects.filter(agency=bureau).update(register_after_review=True)
    return bureau


def signed_in(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def submit(client: Client, agency: Agency, **changes: str) -> Any:
    return client.post("/apply/", {**filled_in(agency, **changes), "form_token": form_token(client)})


def version(submission: Submission) -> str:
    return str(Submission.objects.get(pk=submission.pk).version)


def confirm(client: Client, submission: Submission) -> Any:
    return client.post(f"/work/submissions/{submission.pk}/confirm/", {"version": version(submission)})


def decline(client: Client, submission: Submission, reason: str) -> Any:
    return client.post(
        f"/work/submissions/{submission.pk}/decline/", {"version": version(submission), "reason": reason}
    )


def grouped(code: str) -> str:
    return f"{code[:4]} {code[4:8]} {code[8:]}"


def test_submitted_on_friday_confirmed_on_monday_is_received_monday_and_due_twenty_working_days_later(
    client: Client, reviewed: Agency, clerk: User
) -> None:
    with travel_to(FRIDAY):
        response = submit(client, reviewed)
    assert (response.status_code, response["Location"]) == (302, "/apply/done/")
    assert Application.objects.count() == 0  # not a case yet: no number, no date received, no deadline
    [waiting] = Submission.objects.all()
    assert (waiting.status, waiting.submitted_on, waiting.agency) == (
        SubmissionStatus.PENDING,
        FRIDAY,
        reviewed,
    )

    page = client.get("/apply/done/").content.decode()
    assert "申请已提交，待确认登记" in page
    assert grouped(waiting.tracking_code) in page
    assert "<dt>登记号</dt>" not in page
    assert "答复期限届满日" not in page

    with travel_to(MONDAY):
        response = confirm(signed_in(clerk), waiting)
    assert response.status_code == 302
    case = Application.objects.get()
    assert (case.channel, case.status, case.agency) == (Channel.ONLINE, Status.REGISTERED, reviewed)
    assert case.submitted_on == FRIDAY
    assert case.received_on == MONDAY  # the day both sides confirm (Art. 31): the office's confirmation
    # 20 working days after Monday 6 July 2026 (no holiday in July):
    # Jul 7-10 (4), 13-17 (9), 20-24 (14), 27-31 (19), Aug 3 (20).
    assert case.due_on == dt.date(2026, 8, 3)
    assert case.number == "SXZRZY-2026-00001"  # the agency's counter, given at confirmation
    assert case.tracking_code == waiting.tracking_code  # the code the applicant already holds
    [event] = case.events.all()
    assert (event.kind, event.actor_id, event.on) == (EventKind.REGISTERED, clerk.pk, MONDAY)
    waiting.refresh_from_db()
    assert (waiting.status, waiting.application_id, waiting.decided_on) == (
        SubmissionStatus.REGISTERED,
        case.pk,
        MONDAY,
    )
    # The applicant's confirmation page and /track/ now show the case.
    assert "SXZRZY-2026-00001" in client.get("/apply/done/").content.decode()
    assert client.get("/track/pending/")["Location"] == "/track/case/"


def test_a_confirmed_submission_waits_in_new_like_any_online_case(
    client: Client, reviewed: Agency, office_head: User
) -> None:
    submit(client, reviewed)
    staff = signed_in(office_head)
    html = staff.get("/work/").content.decode()
    assert '待登记 <span class="count">（1）</span>' in html
    pending = html[html.index('id="list-pending"') : html.index('id="list-new"')]
    assert "张三" in pending
    assert "13800138000" not in html  # no contact in the list

    confirm(staff, Submission.objects.get())
    html = staff.get("/work/").content.decode()
    assert 'id="list-pending"' not in html
    assert "待登记 <span" not in html
    assert '新收到 <span class="count">（1）</span>' in html
    new = html[html.index('id="list-new"') : html.index('id="list-unassigned"')]
    assert "SXZRZY-2026-00001" in new


def test_with_the_setting_off_an_online_application_is_registered_at_once(
    client: Client, bureau: Agency
) -> None:
    assert not Letterhead.objects.get(agency=bureau).register_after_review  # the default
    with travel_to(FRIDAY):
        submit(client, bureau)
    assert Submission.objects.count() == 0
    case = Application.objects.get()
    assert (case.received_on, case.status) == (FRIDAY, Status.REGISTERED)
    # From Friday 3 July: Jul 6-10 (5), 13-17 (10), 20-24 (15), 27-31 (20).
    assert case.due_on == dt.date(2026, 7, 31)


def test_an_agency_without_letter_settings_registers_at_once(client: Client, bureau: Agency) -> None:
    Letterhead.objects.filter(agency=bureau).delete()
    submit(client, bureau)
    assert (Application.objects.count(), Submission.objects.count()) == (1, 0)


def test_not_registered_needs_a_reason_and_never_reaches_table_three(
    client: Client, reviewed: Agency, clerk: User
) -> None:
    submit(client, reviewed, description="举报某村干部侵占集体土地，请求查处")
    waiting = Submission.objects.get()
    staff = signed_in(clerk)

    response = decline(staff, waiting, "   ")
    assert response.status_code == 400
    assert "请写明不予登记的理由" in response.content.decode()
    waiting.refresh_from_db()
    assert (waiting.status, waiting.version) == (SubmissionStatus.PENDING, 0)

    reason = "所提内容属于举报事项，不是政府信息公开申请，请通过信访渠道反映。"
    assert decline(staff, waiting, reason).status_code == 302
    waiting.refresh_from_db()
    assert (waiting.status, waiting.reason, waiting.decided_by) == (
        SubmissionStatus.NOT_REGISTERED,
        reason,
        clerk,
    )
    assert Application.objects.count() == 0
    tables = annual_tables(reviewed, 2026)
    assert tables.tables["applications"]["new"]["total"] == 0
    assert tables.tables["applications"]["total"]["total"] == 0
    # Declined once, it cannot be confirmed afterwards: 409.
    assert confirm(staff, waiting).status_code == 409
    assert Application.objects.count() == 0


def test_a_pending_submission_is_not_counted_and_a_confirmed_one_counts_in_the_year_it_was_received(
    client: Client, reviewed: Agency, clerk: User
) -> None:
    # Sent on New Year's Eve 2026, confirmed on Monday 4 January 2027: new in 2027, not 2026.
    with travel_to(dt.date(2026, 12, 31)):
        submit(client, reviewed)
    waiting = Submission.objects.get()
    assert annual_tables(reviewed, 2026).tables["applications"]["new"]["total"] == 0
    with travel_to(dt.date(2027, 1, 4)):
        case = actions.confirm_registration(acting_user=clerk, submission=waiting)
    assert case.received_on == dt.date(2027, 1, 4)
    assert case.number == "SXZRZY-2027-00001"
    assert annual_tables(reviewed, 2026).tables["applications"]["new"]["total"] == 0
    assert annual_tables(reviewed, 2027).tables["applications"]["new"]["natural_person"] == 1


def test_another_agencys_staff_can_neither_see_nor_confirm_it(
    client: Client, reviewed: Agency, other_bureau: Agency, supervisor: User
) -> None:
    submit(client, reviewed)
    waiting = Submission.objects.get()
    stranger = signed_in(member(other_bureau, Role.CLERK, username="stranger"))
    assert stranger.get(f"/work/submissions/{waiting.pk}/").status_code == 404
    assert confirm(stranger, waiting).status_code == 404
    assert decline(stranger, waiting, "不是申请").status_code == 404
    assert "待登记" not in stranger.get("/work/").content.decode()
    # The county's supervisor reads cases, but a submission is not a case yet: not theirs either.
    assert signed_in(supervisor).get(f"/work/submissions/{waiting.pk}/").status_code == 404
    with pytest.raises(ActionError) as refused:
        actions.confirm_registration(acting_user=supervisor, submission=waiting)
    assert refused.value.code == "forbidden"
    waiting.refresh_from_db()
    assert (waiting.status, Application.objects.count()) == (SubmissionStatus.PENDING, 0)


def test_a_deputy_leader_of_the_agency_sees_it_but_only_the_office_confirms(
    client: Client, reviewed: Agency
) -> None:
    submit(client, reviewed)
    waiting = Submission.objects.get()
    deputy = signed_in(member(reviewed, Role.DEPUTY_LEADER, username="deputy"))
    page = deputy.get(f"/work/submissions/{waiting.pk}/").content.decode()
    assert "确认登记</button>" not in page
    response = confirm(deputy, waiting)
    assert response.status_code == 403
    assert "此操作须由经办人、公开办负责人办理" in response.content.decode()
    assert Application.objects.count() == 0


def track(client: Client, code: str, contact: str) -> Any:
    return client.post("/track/", {"code": code, "contact": contact})


def test_track_shows_waiting_for_registration_to_its_applicant_only(reviewed: Agency, clerk: User) -> None:
    applicant = Client()
    submit(applicant, reviewed)
    code = Submission.objects.get().tracking_code

    someone = Client()
    response = track(someone, code, "13900000000")  # the right code, the wrong phone
    assert response.status_code == 200
    assert "查询码或联系方式不正确" in response.content.decode()
    assert someone.get("/track/pending/")["Location"] == "/track/"
    assert someone.get("/track/case/")["Location"] == "/track/"

    fresh = Client()
    response = track(fresh, code, "138-0013-8000")
    assert response["Location"] == "/track/pending/"
    page = fresh.get("/track/pending/").content.decode()
    assert "当前状态：待登记确认" in page
    assert "138****8000" in page
    assert "13800138000" not in page
    assert fresh.get("/track/case/")["Location"] == "/track/pending/"

    confirm(signed_in(clerk), Submission.objects.get())
    assert fresh.get("/track/pending/")["Location"] == "/track/case/"
    assert "SXZRZY-2026-00001" in fresh.get("/track/case/").content.decode()


def test_track_tells_the_applicant_why_it_was_not_registered(
    client: Client, reviewed: Agency, clerk: User
) -> None:
    submit(client, reviewed)
    waiting = Submission.objects.get()
    decline(signed_in(clerk), waiting, "所提内容属于投诉事项，请通过12345热线反映。")
    fresh = Client()
    assert track(fresh, waiting.tracking_code, "zhangsan@example.com")["Location"] == "/track/pending/"
    page = fresh.get("/track/pending/").content.decode()
    assert "当前状态：不予登记" in page
    assert "所提内容属于投诉事项，请通过12345热线反映。" in page


def test_the_receipt_mail_goes_at_registration_and_a_refusal_is_mailed(
    reviewed: Agency, clerk: User, django_capture_on_commit_callbacks: Capture
) -> None:
    first, second = Client(), Client()
    with django_capture_on_commit_callbacks(execute=True):
        submit(first, reviewed, notify_by_email="on")
    [received] = mail.outbox
    waiting = Submission.objects.get()
    assert received.subject == "您的政府信息公开申请已收到，待确认登记"
    assert f"查询码：{grouped(waiting.tracking_code)}\n" in received.body
    assert "登记号" not in received.body
    assert not received.attachments

    with travel_to(MONDAY), django_capture_on_commit_callbacks(execute=True):
        confirm(signed_in(clerk), waiting)
    receipt = mail.outbox[1]
    assert receipt.subject == "政府信息公开申请受理回执（SXZRZY-2026-00001）"
    assert "收到申请之日：2026年7月6日\n" in receipt.body
    assert f"查询码：{grouped(waiting.tracking_code)}\n" in receipt.body
    assert "答复期限：2026年8月3日\n" in receipt.body
    assert len(receipt.attachments) == 1  # the 回执 PDF

    with django_capture_on_commit_callbacks(execute=True):
        submit(second, reviewed, notify_by_email="on", description="投诉物业收费过高")
    declined = Submission.objects.get(status=SubmissionStatus.PENDING)
    with django_capture_on_commit_callbacks(execute=True):
        decline(signed_in(clerk), declined, "所提内容属于投诉事项，不是政府信息公开申请。")
    refusal = mail.outbox[-1]
    assert refusal.subject == "您在线提交的申请未予登记为政府信息公开申请"
    assert "所提内容属于投诉事项，不是政府信息公开申请。" in refusal.body
    assert len(mail.outbox) == 4  # received, receipt, received, refusal: no receipt for the refused one


def test_the_form_sent_twice_is_saved_once(client: Client, reviewed: Agency) -> None:
    token = form_token(client)
    data = {**filled_in(reviewed), "form_token": token}
    assert client.post("/apply/", data)["Location"] == "/apply/done/"
    again = client.post("/apply/", data)
    assert again["Location"] == "/apply/done/"
    assert Submission.objects.count() == 1
    assert "申请已提交，待确认登记" in client.get("/apply/done/").content.decode()


def test_the_token_is_not_lost_when_the_confirmation_fails(
    client: Client, reviewed: Agency, clerk: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    token = form_token(client)
    data = {**filled_in(reviewed), "form_token": token}
    client.post("/apply/", data)
    waiting = Submission.objects.get()

    def broken(*args: Any, **kwargs: Any) -> None:
        raise ActionError("登记号流水号暂时不可用", "conflict")

    monkeypatch.setattr(actions, "registration_number", broken)
    response = confirm(signed_in(clerk), waiting)
    assert response.status_code == 409
    assert "登记号流水号暂时不可用" in response.content.decode()
    waiting.refresh_from_db()
    assert (waiting.status, waiting.form_token, waiting.version) == (SubmissionStatus.PENDING, token, 0)
    assert Application.objects.count() == 0
    # The same form sent again is still recognised: nothing submitted twice.
    client.post("/apply/", data)
    assert Submission.objects.count() == 1

    monkeypatch.undo()
    assert confirm(signed_in(clerk), waiting).status_code == 302
    assert Application.objects.get().number == "SXZRZY-2026-00001"


def test_the_submission_page_shows_what_was_sent_to_the_office(
    client: Client, reviewed: Agency, clerk: User
) -> None:
    submit(client, reviewed)
    waiting = Submission.objects.get()
    page = signed_in(clerk).get(f"/work/submissions/{waiting.pk}/").content.decode()
    assert "2024年本县城乡规划调整的批复文件" in page
    assert re.search(r"状态：<strong>待登记</strong>", page)
    assert "确认登记</button>" in page
    assert "不予登记</button>" in page
