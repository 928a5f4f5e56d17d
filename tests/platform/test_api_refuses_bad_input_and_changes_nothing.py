"""A bad request gets a Chinese message naming each wrong field, and the case stays as it was."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.applications import actions
from gongkai.applications.api.errors import action_refused
from gongkai.applications.models import Application, Status
from gongkai.core.actions import ActionError
from tests.factories import application

pytestmark = pytest.mark.django_db


def post(client: Client, path: str, body: Any) -> Any:
    return client.post(
        path, body if isinstance(body, str) else json.dumps(body), content_type="application/json"
    )


@pytest.fixture
def client(clerk: User) -> Client:
    client = Client()
    client.force_login(User.objects.get(pk=clerk.pk))
    return client


@pytest.fixture
def case(bureau: Agency, clerk: User) -> Application:
    return application(bureau, clerk, received=dt.date(2025, 3, 3))


def registration(bureau: Agency, **changes: Any) -> dict[str, Any]:
    body: dict[str, Any] = {
        "agency": bureau.pk,
        "channel": "registered_mail",
        "applicant_kind": "natural_person",
        "applicant_name": "赵六",
        "description": "2024年本县河道整治项目的环评批复",
        "submitted_on": "2025-03-01",
        "received_on": "2025-03-03",
        "phone": "13700000000",
    }
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}


def unchanged(case: Application) -> bool:
    fresh = Application.objects.get(pk=case.pk)
    return (fresh.status, fresh.version, fresh.events.count(), fresh.outcome) == (
        case.status,
        case.version,
        case.events.count(),
        case.outcome,
    )


def by_field(response: Any) -> dict[str, str]:
    return {e["field"]: e["message"] for e in response.json()["errors"]}


def test_registering_with_missing_fields_names_each_one(client: Client, bureau: Agency) -> None:
    response = post(client, "/api/cases", registration(bureau, applicant_name=None, submitted_on=None))
    assert response.status_code == 422
    assert by_field(response) == {"applicant_name": "必须填写", "submitted_on": "必须填写"}
    detail = response.json()["detail"]
    assert detail.startswith("请求数据有误：")
    assert "申请人姓名或名称（applicant_name）：必须填写" in detail
    assert "提交日期（submitted_on）：必须填写" in detail
    assert not Application.objects.exists()


def test_registering_with_wrong_formats_and_types_says_what_is_wrong(client: Client, bureau: Agency) -> None:
    response = post(
        client,
        "/api/cases",
        registration(
            bureau,
            agency="示例县自然资源局",
            received_on="2025/3/3x",
            applicant_name=123,
            channel="pigeon",
            email="not-an-address",
            phone="1" * 31,
            nickname="小赵",
        ),
    )
    assert response.status_code == 422
    errors = by_field(response)
    assert errors["agency"] == "应为整数"
    assert errors["received_on"] == "日期格式有误，应为“年-月-日”，如 2025-03-03"
    assert errors["applicant_name"] == "应为文字（字符串）"
    assert errors["channel"].startswith("取值无效，可选：in_person=当面提交；")
    assert errors["email"] == "电子邮箱格式有误"
    assert errors["phone"] == "不能超过30个字"
    assert errors["nickname"] == "不是此接口可接受的字段"
    assert set(errors) == {"agency", "received_on", "applicant_name", "channel", "email", "phone", "nickname"}
    assert not Application.objects.exists()


def test_blank_text_is_missing_text(client: Client, bureau: Agency) -> None:
    response = post(client, "/api/cases", registration(bureau, description="   "))
    assert (response.status_code, by_field(response)) == (422, {"description": "不能为空"})


def test_a_registration_the_action_refuses_is_a_400_with_its_message(client: Client, bureau: Agency) -> None:
    no_contact = post(client, "/api/cases", registration(bureau, phone=None))
    assert (no_contact.status_code, no_contact.json()) == (
        400,
        {"detail": "请至少填写一种联系方式（电话、电子邮箱或通信地址）"},
    )
    # Today is pinned to 2026-06-30 for the tests.
    tomorrow = post(
        client, "/api/cases", registration(bureau, submitted_on="2026-07-01", received_on="2026-07-01")
    )
    assert (tomorrow.status_code, tomorrow.json()) == (400, {"detail": "日期不能晚于今天"})
    assert not Application.objects.exists()


def test_a_body_that_is_not_json_is_a_400(client: Client, bureau: Agency, case: Application) -> None:
    broken = post(client, "/api/cases", '{"agency": 1,')
    assert (broken.status_code, broken.json()) == (400, {"detail": "请求体不是有效的 JSON"})
    not_an_object = post(client, f"/api/cases/{case.pk}/actions/close", "[1, 2]")
    assert not_an_object.status_code == 422
    assert not_an_object.json()["errors"][0]["message"] == "应为 JSON 对象"
    assert unchanged(case)


def test_an_action_with_a_bad_body_changes_nothing(client: Client, case: Application) -> None:
    path = f"/api/cases/{case.pk}/actions/decide"
    response = post(client, path, {"outcome": "granted", "on": "2025-02-30", "legal_basis": ["第三十六条"]})
    assert response.status_code == 422
    assert by_field(response) == {
        "version": "必须填写",
        "on": "日期格式有误，应为“年-月-日”，如 2025-03-03",
        "legal_basis": "应为文字（字符串）",
    }
    assert "版本号（version）：必须填写" in response.json()["detail"]
    assert unchanged(case)


def test_other_handling_is_not_a_decision(client: Client, case: Application) -> None:
    response = post(
        client,
        f"/api/cases/{case.pk}/actions/decide",
        {"version": case.version, "outcome": "other_misc", "legal_basis": "", "on": "2025-03-10"},
    )
    assert response.status_code == 422
    assert by_field(response) == {"outcome": "撤回、逾期不补正、逾期不缴费由相应操作登记，不能在此选择"}
    assert unchanged(case)


def test_a_fee_for_zero_pages_or_an_unknown_basis_is_refused(client: Client, case: Application) -> None:
    response = post(
        client,
        f"/api/cases/{case.pk}/actions/fee-notice",
        {"version": case.version, "basis": "by_weight", "quantity": 0, "notified_on": "2025-03-04"},
    )
    assert response.status_code == 422
    errors = by_field(response)
    assert errors["quantity"] == "不能小于1"
    assert errors["basis"].startswith("取值无效")
    assert unchanged(case)


def test_a_stale_version_is_a_409_and_the_later_change_is_kept(client: Client, case: Application) -> None:
    read_version = case.version
    first = post(
        client,
        f"/api/cases/{case.pk}/actions/request-correction",
        {"version": read_version, "on": "2025-03-04", "what": "请写明文件的年份"},
    )
    assert first.status_code == 200
    assert first.json()["version"] == read_version + 1
    second = post(
        client,
        f"/api/cases/{case.pk}/actions/decide",
        {"version": read_version, "outcome": "granted", "on": "2025-03-05"},
    )
    assert (second.status_code, second.json()) == (
        409,
        {"detail": "该申请已被他人办理并更新，请重新读取后再操作"},
    )
    fresh = Application.objects.get(pk=case.pk)
    assert (fresh.status, fresh.outcome, fresh.version) == (Status.AWAITING_CORRECTION, "", read_version + 1)


def test_a_stale_version_is_refused_for_appeals_too(client: Client, clerk: User, case: Application) -> None:
    decided = actions.decide(
        acting_user=clerk, application=case, outcome="granted", legal_basis="", on=dt.date(2025, 3, 10)
    )
    response = post(
        client,
        f"/api/cases/{case.pk}/actions/appeal",
        {
            "version": decided.version - 1,
            "kind": "review",
            "body": "示例县人民政府",
            "filed_on": "2025-04-01",
        },
    )
    assert response.status_code == 409
    assert not decided.appeals.exists()


def test_an_action_the_case_is_not_ready_for_is_a_409(client: Client, case: Application) -> None:
    response = post(
        client, f"/api/cases/{case.pk}/actions/reply", {"version": case.version, "on": "2025-03-04"}
    )
    assert (response.status_code, response.json()) == (
        409,
        {"detail": "申请当前状态为“已登记”，不能出具答复"},
    )
    assert unchanged(case)


def test_ids_and_filters_out_of_range_are_422_not_a_server_error(client: Client, case: Application) -> None:
    assert client.get("/api/cases/abc").status_code == 422
    assert client.get("/api/cases/99999999999999999999999").status_code == 422
    assert client.get(f"/api/cases/{2**63 - 1}").status_code == 404
    assert by_field(client.get("/api/cases?status=lost")) == {
        "status": "取值无效，可选：registered=已登记；awaiting_correction=待申请人补正；in_progress=办理中；"
        "consulting=征求意见中；awaiting_fee=待申请人缴费；decided=已作出决定；replied=已出具答复；"
        "served=已送达；closed=已办结"
    }
    assert by_field(client.get("/api/cases?page=0&page_size=1000")) == {
        "page": "不能小于1",
        "page_size": "不能大于100",
    }
    response = post(
        client,
        f"/api/cases/{case.pk}/actions/assign",
        {"version": case.version, "assignee": 10**30},
    )
    assert (response.status_code, list(by_field(response))) == (422, ["assignee"])
    assert unchanged(case)


def test_control_characters_are_refused_rather_than_stored(client: Client, bureau: Agency) -> None:
    response = post(client, "/api/cases", registration(bureau, applicant_name="赵\x00六"))
    assert (response.status_code, by_field(response)) == (422, {"applicant_name": "含有不可见的控制字符"})
    assert not Application.objects.exists()


class CodedActionError(ActionError):
    def __init__(self, message: str, code: str) -> None:
        super().__init__(message)
        self.code = code


def test_an_action_error_with_a_category_chooses_its_status() -> None:
    # An ActionError's code chooses the status; without one it is bad input.
    assert action_refused(CodedActionError("此操作须由公开办负责人办理", "forbidden")).status_code == 403
    assert action_refused(CodedActionError("请写明需要补正的事项", "invalid")).status_code == 400
    assert action_refused(CodedActionError("申请当前状态为“已办结”", "conflict")).status_code == 409
    assert action_refused(ActionError("该申请已被他人办理并更新", "conflict")).status_code == 409
    assert action_refused(ActionError("日期不能晚于今天")).status_code == 400
