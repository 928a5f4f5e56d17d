"""Following a case: the code and the contact open one case, masked; guessing is slowed; nothing else leaks."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency, Role
from gongkai.applications import actions
from gongkai.applications.models import Application, EventKind, Outcome, Status
from gongkai.applications.views import public
from tests.factories import application, member

pytestmark = pytest.mark.django_db


class Clock:
    """Stands in for time.time() in the views, so ten minutes pass in a test."""

    def __init__(self, now: float) -> None:
        self.now = now

    def __call__(self) -> float:
        return self.now


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Clock:
    fake = Clock(1_000_000.0)
    monkeypatch.setattr(public, "_now", fake)
    return fake


@pytest.fixture
def case(bureau: Agency, clerk: User) -> Application:
    # Received Monday 2025-03-03, by 张三, phone 13800138000, ID 110101199001011234, 示例县人民路1号.
    return application(bureau, clerk, email="zhangsan@example.com")


@pytest.fixture
def other_case(other_bureau: Agency) -> Application:
    teacher = member(other_bureau, Role.CLERK, username="teacher")
    return application(
        other_bureau,
        teacher,
        applicant_name="王五",
        phone="13900139000",
        id_number="11010519491231002X",
        description="2025年学区划分方案",
    )


def look_up(client: Client, code: str, contact: str) -> str:
    return client.post("/track/", {"code": code, "contact": contact}, follow=True).content.decode()


def test_the_code_and_the_phone_open_the_case_with_its_dates_and_the_clock_explained(
    client: Client, case: Application
) -> None:
    # Typed in lower case with spaces, the phone with hyphens: still the same case.
    code = case.tracking_code
    page = look_up(client, f"{code[:4].lower()} {code[4:]}", "138-0013-8000")

    assert case.number in page
    assert "已收到您的申请，正在安排办理。" in page
    assert "2025年3月3日" in page  # received
    # 20 working days after Monday 2025-03-03, no holiday in March: Monday 2025-03-31.
    assert "2025年3月31日（星期一）" in page
    for step in actions.deadline_of(case).steps:
        assert step in page


def test_the_email_opens_the_case_too(client: Client, case: Application) -> None:
    page = look_up(client, case.tracking_code, "ZhangSan@Example.com")

    assert case.number in page


def test_personal_data_on_the_case_page_is_masked(client: Client, case: Application) -> None:
    page = look_up(client, case.tracking_code, "13800138000")

    assert "110101199001011234" not in page
    assert "110101********1234" in page
    assert "13800138000" not in page
    assert "138****8000" in page
    assert "人民路1号" not in page
    assert "示例县人民路****" in page
    assert "zhangsan@example.com" not in page
    assert "z***@example.com" in page


def test_a_wrong_code_and_a_wrong_contact_get_the_same_message(
    client: Client, case: Application, clock: Clock
) -> None:
    unknown_code = look_up(client, "ABCDEFGHJKLM", "13800138000")
    wrong_contact = look_up(client, case.tracking_code, "13900139000")

    for page in (unknown_code, wrong_contact):
        assert public.NO_MATCH in page
        assert case.number not in page
    assert "不存在" not in unknown_code


def test_after_five_failures_in_ten_minutes_even_the_right_code_is_refused_for_a_while(
    client: Client, case: Application, clock: Clock
) -> None:
    for _ in range(5):
        look_up(client, "ABCDEFGHJKLM", "13800138000")
        clock.now += 60

    response = client.post("/track/", {"code": case.tracking_code, "contact": "13800138000"})
    assert response.status_code == 429
    assert public.TOO_MANY in response.content.decode()
    assert client.get("/track/case/").status_code == 302  # not let in

    clock.now += 10 * 60  # ten minutes after the last failure, all five have aged out
    page = look_up(client, case.tracking_code, "13800138000")
    assert case.number in page


def test_empty_boxes_are_not_counted_as_guesses(client: Client, case: Application, clock: Clock) -> None:
    for _ in range(6):
        page = client.post("/track/", {"code": "", "contact": ""}).content.decode()
        assert "请填写查询码" in page

    assert case.number in look_up(client, case.tracking_code, "13800138000")


def test_an_applicant_cannot_reach_another_case(
    client: Client, case: Application, other_case: Application
) -> None:
    look_up(client, case.tracking_code, "13800138000")

    # Another case's code with one's own contact: the generic refusal, and one's own case stays.
    assert public.NO_MATCH in look_up(client, other_case.tracking_code, "13800138000")
    for url in (
        f"/track/case/?id={other_case.pk}",
        f"/track/case/?application={other_case.pk}&code={other_case.tracking_code}",
    ):
        page = client.get(url).content.decode()
        assert case.number in page
        assert "王五" not in page
        assert "学区划分" not in page
    assert client.get(f"/track/case/{other_case.pk}/").status_code == 404
    # A withdrawal naming the other case withdraws nothing but one's own.
    client.post(
        "/track/case/withdraw/",
        {"version": other_case.version, "application": other_case.pk, "id": other_case.pk},
    )
    other_case.refresh_from_db()
    assert other_case.status == Status.REGISTERED
    # The staff pages are not opened by a tracking session.
    response = client.get(f"/work/cases/{other_case.pk}/")
    assert response.status_code in (302, 403, 404)
    assert "学区划分" not in response.content.decode()


def test_without_a_look_up_the_case_pages_send_you_to_the_form(client: Client, case: Application) -> None:
    for url in ("/track/case/", "/track/case/withdraw/", "/track/case/letters/reply.pdf"):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == "/track/"


def test_a_case_is_forgotten_after_half_an_hour_without_a_visit(
    client: Client, case: Application, clock: Clock
) -> None:
    look_up(client, case.tracking_code, "13800138000")
    clock.now += 29 * 60
    assert client.get("/track/case/").status_code == 200  # a visit restarts the half hour
    clock.now += 29 * 60
    assert client.get("/track/case/").status_code == 200
    clock.now += 31 * 60
    assert client.get("/track/case/").status_code == 302


def test_leaving_forgets_the_case(client: Client, case: Application) -> None:
    look_up(client, case.tracking_code, "13800138000")
    client.post("/track/leave/")
    assert client.get("/track/case/").status_code == 302


def test_the_timeline_shows_what_happened_and_when_but_no_clerk_and_no_internal_note(
    client: Client, case: Application, clerk: User, office_head: User
) -> None:
    clerk.username, clerk.first_name, clerk.last_name = "li_jingban", "经办", "李"
    clerk.save()
    office_head.username, office_head.last_name = "zhao_zhuren", "赵主任"
    office_head.save()
    actions.assign(acting_user=clerk, application=case, assignee=clerk)
    actions.extend_deadline(
        acting_user=office_head, application=case, reason="内部：需要调取档案室资料", on=dt.date(2025, 3, 20)
    )

    page = look_up(client, case.tracking_code, "13800138000")

    assert "2025年3月3日</time> 登记" in page
    assert "2025年3月20日</time> 延长答复期限" in page
    assert "分派承办" not in page
    for name in ("李经办", "经办 李", "li_jingban", "赵主任", "zhao_zhuren"):
        assert name not in page
    assert "档案室" not in page
    # Extended by 20 working days from 2025-03-31: Apr 1-3 (3), Apr 4 清明节 off, 7-11 (8),
    # 14-18 (13), 21-25 (18), Sunday Apr 27 a make-up working day for 劳动节 (19), 28 (20).
    assert "2025年4月28日（星期一）" in page


def test_the_correction_asked_for_is_shown_to_the_applicant(
    client: Client, case: Application, clerk: User
) -> None:
    actions.request_correction(
        acting_user=clerk, application=case, on=dt.date(2025, 3, 5), what="请写明批复文件的年份和文号"
    )

    page = look_up(client, case.tracking_code, "13800138000")

    assert "您的申请内容需要补正" in page
    assert "需要补正的内容：请写明批复文件的年份和文号" in page


def test_the_applicant_withdraws_after_confirming(client: Client, case: Application) -> None:
    look_up(client, case.tracking_code, "13800138000")

    confirm = client.get("/track/case/withdraw/").content.decode()
    assert "确认撤回" in confirm
    case.refresh_from_db()
    assert case.status == Status.REGISTERED  # asking is not doing

    page = client.post(
        "/track/case/withdraw/", {"version": case.version, "reason": "已从网站查到"}, follow=True
    ).content.decode()

    case.refresh_from_db()
    assert (case.status, case.outcome) == (Status.CLOSED, Outcome.OTHER_MISC)
    assert str(case.concluded_on) == "2026-06-30"
    withdrawal = case.events.get(kind=EventKind.WITHDRAWN)
    assert (withdrawal.actor, withdrawal.actor_label, withdrawal.reason) == (None, "申请人", "已从网站查到")
    assert "您的申请已撤回，本案办结。" in page
    assert "申请已撤回，终止办理" in page
    assert "撤回申请</a>" not in page  # a closed case offers no withdrawal


def test_a_withdrawal_on_a_stale_page_is_refused_and_changes_nothing(
    client: Client, case: Application, clerk: User
) -> None:
    look_up(client, case.tracking_code, "13800138000")
    stale = client.get("/track/case/withdraw/")
    assert stale.status_code == 200
    old_version = case.version
    actions.assign(acting_user=clerk, application=case, assignee=clerk)  # the clerk moves the case on

    page = client.post("/track/case/withdraw/", {"version": old_version}).content.decode()

    assert "该申请已被他人办理并更新，请刷新页面查看最新情况后再操作" in page
    case.refresh_from_db()
    assert case.status == Status.IN_PROGRESS
    assert not case.outcome


def test_a_decided_case_cannot_be_withdrawn(client: Client, case: Application, clerk: User) -> None:
    actions.decide(
        acting_user=clerk, application=case, outcome="granted", legal_basis="", on=dt.date(2025, 3, 20)
    )
    look_up(client, case.tracking_code, "13800138000")

    page = client.post("/track/case/withdraw/", {"version": 99}, follow=True).content.decode()

    assert "申请当前状态为“已作出决定”，不能撤回。" in page
    case.refresh_from_db()
    assert case.status == Status.DECIDED
    assert case.outcome == Outcome.GRANTED
