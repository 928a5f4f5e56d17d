"""The staff's daily digest: each clerk and head of a disclosure office with an e-mail address
gets, once a day, the open cases of their agency that are overdue and those due within 3 working
days, counted on the working-day calendar; applicants' ID numbers, phones and addresses are not in
it, and names are masked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from io import StringIO
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.core.management import call_command

from gongkai.agencies.models import Agency, Role
from gongkai.applications import actions, notices, tasks
from gongkai.applications.models import Application, Notification
from tests.factories import application, member
from tests.travel import SHANGHAI, travel_to

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]

# Tuesday 29 September 2026. Working days after it: Wed 30 Sep (1); 1-7 Oct are 国庆 (and 中秋 fell
# on Fri 25 Sep); Thu 8 Oct (2), Fri 9 Oct (3); Sat 10 Oct is a make-up working day (4).
# So "due within 3 working days" is 29 Sep to 9 Oct; 10 Oct is not; 28 Sep and before is overdue.
DAY = dt.date(2026, 9, 29)


@pytest.fixture
def on_the_day() -> Iterator[None]:
    with travel_to(DAY):
        yield


def case_due(agency: Agency, clerk: User, due: dt.date, name: str = "张三", **fields: Any) -> Application:
    case = application(agency, clerk, received=dt.date(2026, 9, 1), applicant_name=name, **fields)
    Application.objects.filter(pk=case.pk).update(due_on=due)
    case.refresh_from_db()
    return case


@pytest.fixture
def cases(on_the_day: None, bureau: Agency, other_bureau: Agency, clerk: User) -> dict[str, Application]:
    other_clerk = member(other_bureau, Role.CLERK, username="other", email="other@example.gov.cn")
    made = {
        "overdue": case_due(bureau, clerk, dt.date(2026, 9, 28), "王小明"),  # SXZRZY-2026-00001
        "today": case_due(bureau, clerk, dt.date(2026, 9, 29), "李四"),  # 00002
        "third_day": case_due(
            bureau, clerk, dt.date(2026, 10, 9), "示例县某某科技有限公司", applicant_kind="commercial"
        ),  # 00003
        "fourth_day": case_due(bureau, clerk, dt.date(2026, 10, 10)),  # 00004: not yet
        "other_agency": case_due(other_bureau, other_clerk, dt.date(2026, 9, 28)),  # SXJYJ-2026-00001
    }
    done = case_due(bureau, clerk, dt.date(2026, 9, 1))  # decided: no longer waits for anyone
    actions.decide(acting_user=clerk, application=done, outcome="granted", legal_basis="", on=DAY)
    actions.assign(acting_user=clerk, application=made["overdue"], assignee=clerk)
    return made


@pytest.fixture
def staff(bureau: Agency, clerk: User, office_head: User) -> dict[str, User]:
    User.objects.filter(pk=clerk.pk).update(email="clerk@example.gov.cn", first_name="小红", last_name="赵")
    User.objects.filter(pk=office_head.pk).update(email="head@example.gov.cn")
    return {
        "deputy": member(bureau, Role.DEPUTY_LEADER, username="deputy", email="deputy@example.gov.cn"),
        "no_address": member(bureau, Role.CLERK, username="quiet"),
    }


def test_each_clerk_and_office_head_gets_the_overdue_and_the_due_soon_of_their_agency(
    cases: dict[str, Application], staff: dict[str, User], django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        assert tasks.daily_digest.call_local() == 3

    by_recipient = {message.to[0]: message for message in mail.outbox}
    # Not the 分管领导 (no digest role), not the clerk without an address.
    assert sorted(by_recipient) == ["clerk@example.gov.cn", "head@example.gov.cn", "other@example.gov.cn"]
    message = by_recipient["clerk@example.gov.cn"]
    assert message.subject == "政府信息公开申请到期提醒（2026年9月29日）：1件已超期，2件3个工作日内到期"
    assert message.from_email == "示例县政府信息公开平台 <no-reply@localhost>"
    pk = {key: case.pk for key, case in cases.items()}
    assert message.body == (
        "赵小红：\n\n"
        "截至2026年9月29日，您所在机关尚未作出决定的政府信息公开申请中，1件已超过答复期限，"
        "2件将在3个工作日内（2026年10月9日前，含当日）到期。\n\n"
        "【已超期】1件\n"
        "SXZRZY-2026-00001｜王**｜示例县自然资源局｜2026年9月1日｜2026年9月28日｜办理中｜赵小红\n"
        f"  http://127.0.0.1:8000/work/cases/{pk['overdue']}/\n\n"
        "【3个工作日内到期】2件\n"
        "SXZRZY-2026-00002｜李*｜示例县自然资源局｜2026年9月1日｜2026年9月29日｜已登记｜未分派\n"
        f"  http://127.0.0.1:8000/work/cases/{pk['today']}/\n"
        "SXZRZY-2026-00003｜示例县某某科技有限公司｜示例县自然资源局｜2026年9月1日｜2026年10月9日｜已登记｜未分派\n"
        f"  http://127.0.0.1:8000/work/cases/{pk['third_day']}/\n\n"
        "申请人的证件号码、联系电话等个人信息不在邮件中列出，请登录工作台查看。\n\n"
        "示例县政府信息公开平台\n\n"
        "（本邮件由系统自动发送，请勿直接回复。）\n"
    )
    assert "SXZRZY-2026-00004" not in message.body  # due on the 4th working day
    other = by_recipient["other@example.gov.cn"].body
    assert "SXJYJ-2026-00001" in other
    assert "SXZRZY" not in other  # another agency's cases are not theirs


def test_the_digest_carries_no_id_number_phone_address_or_full_name(
    cases: dict[str, Application], staff: dict[str, User], django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        notices.queue_digests(DAY)
    message = next(m for m in mail.outbox if m.to == ["clerk@example.gov.cn"])
    [(html, _)] = message.alternatives  # type: ignore[attr-defined]
    for text in (message.body, html):
        assert "110101199001011234" not in text  # the factory's ID number
        assert "13800138000" not in text  # the factory's phone
        assert "人民路1号" not in text  # the factory's address
        assert "王小明" not in text
        assert "李四" not in text
        assert "王**" in text


def test_a_digest_run_twice_on_a_day_by_the_worker_and_by_cron_is_sent_once(
    cases: dict[str, Application], staff: dict[str, User], django_capture_on_commit_callbacks: Capture
) -> None:
    out = StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        tasks.daily_digest.call_local()
        call_command("send_digest", stdout=out)
    assert len(mail.outbox) == 3
    assert out.getvalue().strip() == "2026-09-29：已生成0封到期提醒"
    assert Notification.objects.filter(kind="digest").count() == 3


def test_nothing_due_sends_no_digest(
    on_the_day: None, bureau: Agency, clerk: User, staff: dict[str, User]
) -> None:
    case_due(bureau, clerk, dt.date(2026, 10, 10))  # the 4th working day: not yet
    assert notices.queue_digests(DAY) == 0
    assert not Notification.objects.exists()


def test_send_digest_names_a_bad_date(db: None) -> None:
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="日期格式应为 YYYY-MM-DD：2026-13-01"):
        call_command("send_digest", "--date", "2026-13-01")


def test_a_worker_that_was_down_at_eight_sends_the_digest_at_its_next_sweep_and_only_once(
    cases: dict[str, Application], staff: dict[str, User], django_capture_on_commit_callbacks: Capture
) -> None:
    early = dt.datetime(2026, 9, 29, 7, 55, tzinfo=SHANGHAI)
    with travel_to(DAY) as traveller, django_capture_on_commit_callbacks(execute=True):
        traveller.move_to(early)
        tasks.sweep_outbox.call_local()
        assert mail.outbox == []  # before 08:00: not yet
        traveller.move_to(early + dt.timedelta(hours=2))  # 09:55, the 08:00 task never ran
        tasks.sweep_outbox.call_local()
        tasks.sweep_outbox.call_local()
        tasks.daily_digest.call_local()
    assert sorted(m.to[0] for m in mail.outbox) == [
        "clerk@example.gov.cn",
        "head@example.gov.cn",
        "other@example.gov.cn",
    ]
