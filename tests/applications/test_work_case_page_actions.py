"""The case page's forms: each calls its action, and bad input leaves the case exactly as it was.

Today is pinned to Tuesday 2026-06-30 (conftest). 2026 has 端午节 on June 19-21.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.applications import actions
from gongkai.applications.models import Appeal, Application, EventKind, Outcome, Status
from tests.factories import application, member

if TYPE_CHECKING:
    from django.test.client import _MonkeyPatchedWSGIResponse as Response

pytestmark = pytest.mark.django_db


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def fresh(case: Application) -> Application:
    return Application.objects.get(pk=case.pk)


def post(client: Client, case: Application, action: str, **fields: Any) -> Response:
    """Submit a form of the case page as the page would: with the case's current version."""
    data = {"version": fresh(case).version, **fields}
    return client.post(f"/work/cases/{case.pk}/{action}/", data)


def text(response: Response) -> str:
    return response.content.decode()


@pytest.mark.slow
def test_a_case_goes_from_registration_to_closed_from_its_page(
    bureau: Agency, clerk: User, office_head: User
) -> None:
    # Received Monday 2026-06-01.
    case = application(bureau, clerk, received=dt.date(2026, 6, 1))
    client = login(clerk)

    response = post(client, case, "request-correction", what="请写明文件名称或文号", on="2026-06-03")
    assert response.status_code == 302
    assert response["Location"] == f"/work/cases/{case.pk}/"
    assert fresh(case).status == Status.AWAITING_CORRECTION

    # Corrected application received Monday 2026-06-08: 20 working days from the next day:
    # Jun 9-12 (4), 15-18 (8; 19 端午节), 22-26 (13), 29-30 (15), Jul 1-3 (18), Jul 6 (19), Jul 7 (20).
    response = post(client, case, "record-correction", on="2026-06-08", text="文号：示例政发〔2024〕3号")
    page = client.get(response["Location"])
    assert "答复期限重新计算为 2026-07-07" in text(page)
    assert fresh(case).due_on == dt.date(2026, 7, 7)

    post(client, case, "assign", assignee=office_head.pk)
    assert fresh(case).assignee == office_head
    assert fresh(case).status == Status.IN_PROGRESS

    # Sent Wednesday 2026-06-10; 15 working days: Jun 11-12 (2), 15-18 (6), 22-26 (11), 29-30 (13), Jul 1-2 (15).
    post(
        client,
        case,
        "start-consultation",
        party_kind="third_party",
        party_name="某某置业公司",
        sent_on="2026-06-10",
    )
    assert fresh(case).status == Status.CONSULTING
    assert fresh(case).consultations.get().due_on == dt.date(2026, 7, 2)
    consultation = fresh(case).consultations.get()
    post(
        client,
        case,
        "consultation-answer",
        consultation=consultation.pk,
        result="answered",
        answered_on="2026-06-12",
        answer="不同意公开",
    )
    assert fresh(case).status == Status.IN_PROGRESS

    User.objects.filter(pk=office_head.pk).update(first_name="王芳")
    head = login(office_head)
    response = post(head, case, "extend", reason="需要调取档案", on="2026-06-15")
    assert response.status_code == 302
    assert fresh(case).extended

    # 250 pages: 70 x 10 + 100 x 20 + 50 x 40 = 4,700 元.
    response = post(client, case, "fee-notice", basis="by_pages", quantity="250", notified_on="2026-06-16")
    assert fresh(case).status == Status.AWAITING_FEE
    assert "金额 4,700 元" in text(client.get(response["Location"]))
    post(client, case, "fee-payment", paid_on="2026-06-18")
    assert fresh(case).status == Status.IN_PROGRESS

    post(
        client,
        case,
        "decide",
        outcome="partial",
        legal_basis="《中华人民共和国政府信息公开条例》第三十七条",
        decision_text="涉及第三方商业秘密的部分不予公开",
        on="2026-06-24",
    )
    assert (fresh(case).status, fresh(case).outcome) == (Status.DECIDED, Outcome.PARTIAL)
    post(client, case, "reply", on="2026-06-25")
    post(client, case, "serve", on="2026-06-26", how="邮寄送达")
    post(client, case, "close")
    assert fresh(case).status == Status.CLOSED

    post(client, case, "file-appeal", kind="review", body="示例县人民政府", filed_on="2026-06-29")
    appeal = Appeal.objects.get(application=case)
    post(client, case, "conclude-appeal", appeal=appeal.pk, outcome="upheld", concluded_on="2026-06-30")
    assert Appeal.objects.get(pk=appeal.pk).outcome == "upheld"

    timeline = text(client.get(f"/work/cases/{case.pk}/"))
    for step in [
        "登记",
        "告知补正",
        "收到补正",
        "分派承办",
        "征求意见",
        "收到意见",
        "延长答复期限",
        "发出收费通知",
    ]:
        assert f"<strong>{step}</strong>" in timeline
    for step in ["缴纳费用", "作出决定", "出具答复", "送达", "办结", "行政复议或诉讼", "复议或诉讼结果"]:
        assert f"<strong>{step}</strong>" in timeline
    assert "说明：需要调取档案" in timeline  # why the deadline was extended
    assert "王芳 · 记录于" in timeline  # and who extended it


def test_the_fee_form_shows_the_amount_before_anything_is_sent(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk, received=dt.date(2026, 6, 1))
    response = post(
        login(clerk),
        case,
        "fee-notice",
        basis="by_pages",
        quantity="250",
        notified_on="2026-06-16",
        preview="1",
    )
    assert response.status_code == 200
    assert "应收金额：4,700 元" in text(response)
    assert (fresh(case).status, fresh(case).fee_notices.count()) == (Status.REGISTERED, 0)


def test_a_free_quantity_is_refused_with_the_reason(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk, received=dt.date(2026, 6, 1))
    response = post(
        login(clerk), case, "fee-notice", basis="by_pages", quantity="30", notified_on="2026-06-16"
    )
    assert response.status_code == 400
    assert "按此件数或页数不收费，无需发出收费通知" in text(response)


def test_withdrawal_and_abandonment_land_in_other_handling(bureau: Agency, clerk: User) -> None:
    client = login(clerk)
    withdrawn = application(bureau, clerk, received=dt.date(2026, 6, 1))
    post(client, withdrawn, "withdraw", on="2026-06-05", reason="申请人来电撤回")
    assert (fresh(withdrawn).status, fresh(withdrawn).outcome) == (Status.CLOSED, Outcome.OTHER_MISC)

    silent = application(bureau, clerk, received=dt.date(2026, 6, 2))
    post(client, silent, "request-correction", what="请写明文件名称", on="2026-06-03")
    post(client, silent, "abandon", on="2026-06-29")
    assert fresh(silent).outcome == Outcome.OTHER_NO_CORRECTION


def test_missing_fields_are_named_and_nothing_changes(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk, received=dt.date(2026, 6, 1))
    response = post(login(clerk), case, "decide", legal_basis="", on="")
    assert response.status_code == 400
    assert "请选择办理结果" in text(response)
    assert "请填写决定日期" in text(response)
    assert "未能办理，申请未作任何改动" in text(response)
    assert (fresh(case).status, fresh(case).version) == (Status.REGISTERED, case.version)


def test_a_date_that_is_not_a_date_is_refused(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk, received=dt.date(2026, 6, 1))
    response = post(login(clerk), case, "request-correction", what="请写明文件名称", on="2026-02-30")
    assert response.status_code == 400
    assert "告知补正日期格式有误" in text(response)
    assert fresh(case).status == Status.REGISTERED


def test_a_date_in_the_future_or_before_receipt_is_refused_by_the_action(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk, received=dt.date(2026, 6, 1))
    client = login(clerk)
    response = post(client, case, "decide", outcome="granted", legal_basis="", on="2026-07-01")
    assert response.status_code == 400
    assert "决定日期（2026-07-01）不能晚于今天" in text(response)
    response = post(client, case, "decide", outcome="granted", legal_basis="", on="2026-05-29")
    assert response.status_code == 400
    assert "不能早于起算日（2026-06-01）" in text(response)
    assert fresh(case).status == Status.REGISTERED


def test_withholding_without_reasons_is_refused(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk, received=dt.date(2026, 6, 1))
    response = post(login(clerk), case, "decide", outcome="withheld_secret", legal_basis=" ", on="2026-06-10")
    assert response.status_code == 400
    assert "必须写明理由" in text(response)
    assert fresh(case).outcome == ""


def test_an_action_out_of_order_is_refused(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk, received=dt.date(2026, 6, 1))
    response = post(login(clerk), case, "reply", on="2026-06-10")
    assert response.status_code == 409
    assert "申请当前状态为“已登记”，不能出具答复" in text(response)
    assert (fresh(case).status, fresh(case).events.count()) == (Status.REGISTERED, 1)


def test_a_form_filled_in_on_a_stale_page_is_refused(bureau: Agency, clerk: User, office_head: User) -> None:
    case = application(bureau, clerk, received=dt.date(2026, 6, 1))
    page_version = fresh(case).version
    # Meanwhile the office head assigns the case from another browser.
    actions.assign(acting_user=office_head, application=case, assignee=office_head, version=page_version)
    response = login(clerk).post(
        f"/work/cases/{case.pk}/decide/",
        {"version": page_version, "outcome": "granted", "legal_basis": "", "on": "2026-06-10"},
    )
    assert response.status_code == 409
    assert "该申请已被他人办理并更新，请刷新页面查看最新情况后再操作" in text(response)
    assert fresh(case).status == Status.IN_PROGRESS


def test_a_form_without_its_version_is_refused(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk, received=dt.date(2026, 6, 1))
    response = login(clerk).post(
        f"/work/cases/{case.pk}/decide/", {"outcome": "granted", "legal_basis": "", "on": "2026-06-10"}
    )
    assert response.status_code == 409
    assert "表单已过期，请刷新页面查看最新情况后再操作" in text(response)
    assert fresh(case).status == Status.REGISTERED


def test_a_double_submit_counts_once(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk, received=dt.date(2026, 6, 1))
    client = login(clerk)
    form = {"version": fresh(case).version, "outcome": "granted", "legal_basis": "", "on": "2026-06-10"}
    first = client.post(f"/work/cases/{case.pk}/decide/", form)
    second = client.post(f"/work/cases/{case.pk}/decide/", form)
    assert first.status_code == 302
    assert second.status_code == 409
    assert "已被他人办理并更新" in text(second)
    assert fresh(case).events.filter(kind=EventKind.DECIDED).count() == 1


def test_a_double_submit_of_an_appeal_files_it_once(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk, received=dt.date(2026, 6, 1))
    actions.decide(
        acting_user=clerk, application=case, outcome="granted", legal_basis="", on=dt.date(2026, 6, 5)
    )
    client = login(clerk)
    form = {
        "version": fresh(case).version,
        "kind": "review",
        "body": "示例县人民政府",
        "filed_on": "2026-06-20",
    }
    assert client.post(f"/work/cases/{case.pk}/file-appeal/", form).status_code == 302
    second = client.post(f"/work/cases/{case.pk}/file-appeal/", form)
    assert second.status_code == 409
    assert "已被他人办理并更新" in text(second)  # the first submit moved the case to a new version
    assert Appeal.objects.filter(application=case).count() == 1


def test_only_the_office_head_is_offered_the_extension(
    bureau: Agency, clerk: User, office_head: User
) -> None:
    case = application(bureau, clerk, received=dt.date(2026, 6, 1))
    assert 'id="action-extend"' not in text(login(clerk).get(f"/work/cases/{case.pk}/"))
    assert 'id="action-extend"' in text(login(office_head).get(f"/work/cases/{case.pk}/"))
    response = post(login(clerk), case, "extend", reason="信息量大", on="2026-06-10")
    assert response.status_code == 403
    assert "此操作须由公开办负责人办理" in text(response)
    assert not fresh(case).extended


def test_the_page_offers_only_what_the_state_allows(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk, received=dt.date(2026, 6, 1))
    client = login(clerk)
    offered = text(client.get(f"/work/cases/{case.pk}/"))
    for name in ["request-correction", "assign", "start-consultation", "fee-notice", "decide", "withdraw"]:
        assert f'id="action-{name}"' in offered
    for name in ["record-correction", "fee-payment", "abandon", "reply", "serve", "close", "file-appeal"]:
        assert f'id="action-{name}"' not in offered
    actions.decide(
        acting_user=clerk, application=case, outcome="granted", legal_basis="", on=dt.date(2026, 6, 5)
    )
    offered = text(client.get(f"/work/cases/{case.pk}/"))
    assert 'id="action-reply"' in offered
    assert 'id="action-file-appeal"' in offered
    assert 'id="action-decide"' not in offered
    assert 'id="action-withdraw"' not in offered


def test_a_correction_is_offered_once(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk, received=dt.date(2026, 6, 1))
    client = login(clerk)
    post(client, case, "request-correction", what="请写明文件名称", on="2026-06-03")
    post(client, case, "record-correction", on="2026-06-04")
    assert 'id="action-request-correction"' not in text(client.get(f"/work/cases/{case.pk}/"))
    response = post(client, case, "request-correction", what="再补正一次", on="2026-06-05")
    assert response.status_code == 409
    assert "补正只能告知一次" in text(response)


def test_an_unknown_action_is_not_found(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk, received=dt.date(2026, 6, 1))
    assert post(login(clerk), case, "delete").status_code == 404


def test_the_assignee_must_be_a_member_of_the_agency(
    bureau: Agency, other_bureau: Agency, clerk: User
) -> None:
    outsider = member(other_bureau, "clerk", username="outsider")
    case = application(bureau, clerk, received=dt.date(2026, 6, 1))
    response = post(login(clerk), case, "assign", assignee=outsider.pk)
    assert response.status_code == 400
    assert "承办人必须是本机关工作人员" in text(response)
    assert fresh(case).assignee is None


def test_a_consultation_cannot_lapse_before_its_fifteen_working_days(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk, received=dt.date(2026, 6, 1))
    client = login(clerk)
    # Sent Monday Jun 22: Jun 23-26 (4), 29-30 (6), Jul 1-3 (9), 6-10 (14), Jul 13 (15).
    post(
        client,
        case,
        "start-consultation",
        party_kind="agency",
        party_name="示例县财政局",
        sent_on="2026-06-22",
    )
    consultation = fresh(case).consultations.get()
    assert consultation.due_on == dt.date(2026, 7, 13)
    response = post(client, case, "consultation-answer", consultation=consultation.pk, result="lapsed")
    assert response.status_code == 400
    assert "答复期限2026-07-13尚未届满，不能登记为期满未答复" in text(response)
    response = post(client, case, "consultation-answer", consultation=consultation.pk, result="answered")
    assert response.status_code == 400
    assert "已答复的，请填写收到意见之日" in text(response)
    assert fresh(case).status == Status.CONSULTING


def test_a_consultation_of_another_case_cannot_be_answered_through_this_one(
    bureau: Agency, clerk: User
) -> None:
    client = login(clerk)
    case = application(bureau, clerk, received=dt.date(2026, 6, 1))
    other = application(bureau, clerk, received=dt.date(2026, 6, 2))
    post(
        client,
        other,
        "start-consultation",
        party_kind="agency",
        party_name="示例县财政局",
        sent_on="2026-06-22",
    )
    post(
        client,
        case,
        "start-consultation",
        party_kind="agency",
        party_name="示例县税务局",
        sent_on="2026-06-22",
    )
    foreign = fresh(other).consultations.get()
    response = post(
        client,
        case,
        "consultation-answer",
        consultation=foreign.pk,
        result="answered",
        answered_on="2026-06-29",
    )
    assert response.status_code == 400
    assert "该征求意见已有结果或不属于本申请" in text(response)
    assert fresh(other).consultations.get().answered_on is None
