"""The API enforces the pages' permissions: one office's cases are invisible to another, a
supervisor reads the subtree (masked) and acts on nothing, anonymous callers get 401."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency, Level, Role
from gongkai.applications import actions
from gongkai.applications.models import Application
from tests.factories import application, member

pytestmark = pytest.mark.django_db

# One plausible body per action endpoint: the refusals below must come from who is asking,
# not from a malformed body (a malformed body is a 422 whoever asks; see the bad-input tests).
ACTION_BODIES: dict[str, dict[str, Any]] = {
    "request-correction": {"on": "2025-03-04", "what": "请写明文件的年份"},
    "record-correction": {"on": "2025-03-05"},
    "assign": {"assignee": 1},
    "consult": {"party_kind": "third_party", "party_name": "某某公司", "sent_on": "2025-03-04"},
    "consultation-answer": {"consultation": 1, "answered_on": "2025-03-06"},
    "extend": {"reason": "需要调取档案"},
    "fee-notice": {"basis": "by_pages", "quantity": 40, "notified_on": "2025-03-04"},
    "fee-paid": {"paid_on": "2025-03-06"},
    "abandon": {"on": "2025-04-30"},
    "decide": {"outcome": "granted", "legal_basis": "", "on": "2025-03-10"},
    "reply": {"on": "2025-03-11"},
    "served": {"on": "2025-03-12", "how": "邮寄"},
    "close": {},
    "withdraw": {"on": "2025-03-05", "reason": "不再需要"},
    "appeal": {"kind": "review", "body": "示例县人民政府", "filed_on": "2025-04-01"},
    "appeal-conclusion": {"appeal": 1, "outcome": "upheld", "concluded_on": "2025-05-01"},
}


def post(client: Client, path: str, body: dict[str, Any]) -> Any:
    return client.post(path, json.dumps(body), content_type="application/json")


def signed_in(user: User, client: Client | None = None) -> Client:
    client = client or Client()
    # From the database: UserFactory sets the password on the instance only, and a session
    # whose password hash differs from the stored one is logged out on the next request.
    client.force_login(User.objects.get(pk=user.pk))
    return client


def snapshot(case: Application) -> tuple[str, int, int, str, int, int]:
    fresh = Application.objects.get(pk=case.pk)
    return (
        fresh.status,
        fresh.version,
        fresh.events.count(),
        fresh.outcome,
        fresh.consultations.count(),
        fresh.appeals.count(),
    )


@pytest.fixture
def other_clerk(other_bureau: Agency) -> User:
    return member(other_bureau, Role.CLERK, username="other_clerk")


@pytest.fixture
def own_case(bureau: Agency, clerk: User) -> Application:
    return application(bureau, clerk, applicant_name="张三")


@pytest.fixture
def other_case(other_bureau: Agency, other_clerk: User) -> Application:
    return application(other_bureau, other_clerk, applicant_name="李四", received=dt.date(2025, 3, 3))


def test_a_clerk_lists_only_the_cases_of_their_own_office(
    clerk: User, own_case: Application, other_case: Application, other_bureau: Agency
) -> None:
    client = signed_in(clerk)
    listing = client.get("/api/cases").json()
    assert listing["count"] == 1
    assert [item["applicant_name"] for item in listing["items"]] == ["张三"]
    # Asking for the other office by its id finds nothing rather than its cases.
    assert client.get(f"/api/cases?agency={other_bureau.pk}").json() == {
        "items": [],
        "count": 0,
        "page": 1,
        "page_size": 20,
    }


def test_a_clerk_gets_404_for_another_offices_case_on_every_endpoint(
    clerk: User, own_case: Application, other_case: Application
) -> None:
    client = signed_in(clerk)
    before = snapshot(other_case)
    response = client.get(f"/api/cases/{other_case.pk}")
    assert response.status_code == 404
    assert other_case.number not in response.content.decode()
    for name, body in ACTION_BODIES.items():
        response = post(
            client, f"/api/cases/{other_case.pk}/actions/{name}", {"version": other_case.version, **body}
        )
        assert response.status_code == 404, name
        assert response.json() == {"detail": "未找到该资源，或您无权查看"}, name
    assert snapshot(other_case) == before


def test_a_case_id_that_does_not_exist_looks_the_same_as_one_the_caller_may_not_read(
    clerk: User, other_case: Application
) -> None:
    client = signed_in(clerk)
    hidden = client.get(f"/api/cases/{other_case.pk}")
    missing = client.get(f"/api/cases/{other_case.pk + 1000}")
    assert (hidden.status_code, hidden.json()) == (missing.status_code, missing.json())


def test_a_clerk_cannot_register_a_case_for_another_office(clerk: User, other_bureau: Agency) -> None:
    response = post(
        signed_in(clerk),
        "/api/cases",
        {
            "agency": other_bureau.pk,
            "channel": "in_person",
            "applicant_kind": "natural_person",
            "applicant_name": "王五",
            "description": "本县2024年财政预算",
            "submitted_on": "2025-03-03",
            "phone": "13900000000",
        },
    )
    assert response.status_code == 403
    assert "不是该机关的工作人员" in response.json()["detail"]
    assert not Application.objects.filter(agency=other_bureau).exists()


def test_a_supervisor_reads_the_subtree_masked_and_cannot_act(
    supervisor: User, own_case: Application, other_case: Application, bureau: Agency
) -> None:
    client = signed_in(supervisor)
    listing = client.get("/api/cases").json()
    assert sorted(item["applicant_name"] for item in listing["items"]) == ["张三", "李四"]

    detail = client.get(f"/api/cases/{own_case.pk}").json()
    assert detail["masked"] is True
    assert detail["can_act"] is False
    assert detail["tracking_code"] is None
    assert detail["id_number"] == "110101********1234"
    assert detail["phone"] == "138****8000"
    assert detail["address"] == "示例县人民路****"

    before = snapshot(own_case)
    for name, body in ACTION_BODIES.items():
        response = post(
            client, f"/api/cases/{own_case.pk}/actions/{name}", {"version": own_case.version, **body}
        )
        assert response.status_code == 403, name
        assert response.json() == {"detail": "您对该申请只有查阅权限（上级监督），不能办理"}, name
    assert snapshot(own_case) == before

    response = post(
        client,
        "/api/cases",
        {
            "agency": bureau.pk,
            "channel": "in_person",
            "applicant_kind": "natural_person",
            "applicant_name": "王五",
            "description": "本县2024年财政预算",
            "submitted_on": "2025-03-03",
            "phone": "13900000000",
        },
    )
    assert response.status_code == 403
    assert Application.objects.count() == 2


def test_staff_see_personal_data_in_full_on_the_case_but_masked_in_the_list(
    clerk: User, own_case: Application
) -> None:
    client = signed_in(clerk)
    detail = client.get(f"/api/cases/{own_case.pk}").json()
    assert (detail["masked"], detail["can_act"]) == (False, True)
    assert (detail["id_number"], detail["phone"], detail["address"]) == (
        "110101199001011234",
        "13800138000",
        "示例县人民路1号",
    )
    assert detail["tracking_code"] == own_case.tracking_code
    [item] = client.get("/api/cases").json()["items"]
    assert (item["id_number"], item["phone"], item["address"]) == (
        "110101********1234",
        "138****8000",
        "示例县人民路****",
    )
    assert own_case.tracking_code not in json.dumps(item)


def test_anonymous_callers_get_401_everywhere_but_the_deadline_and_the_document(
    own_case: Application, bureau: Agency
) -> None:
    client = Client()
    reads = ["/api/me", "/api/cases", f"/api/cases/{own_case.pk}", f"/api/agencies/{bureau.pk}/tables/2025"]
    for path in reads:
        response = client.get(path)
        assert response.status_code == 401, path
        assert response.json() == {"detail": "请先登录后再使用此接口"}
    writes = ["/api/cases"] + [f"/api/cases/{own_case.pk}/actions/{name}" for name in ACTION_BODIES]
    for path in writes:
        assert post(client, path, {"version": 0}).status_code == 401, path
    assert client.get("/api/deadline?received=2025-03-03").status_code == 200
    assert client.get("/api/openapi.json").status_code == 200
    assert Application.objects.get(pk=own_case.pk).version == own_case.version


def test_a_post_without_the_csrf_token_is_refused_like_a_form(clerk: User, own_case: Application) -> None:
    client = signed_in(clerk, Client(enforce_csrf_checks=True))
    path = f"/api/cases/{own_case.pk}/actions/assign"
    body = json.dumps({"version": own_case.version, "assignee": clerk.pk})
    refused = client.post(path, body, content_type="application/json")
    assert refused.status_code == 403
    assert "CSRF" in refused.json()["detail"]
    assert Application.objects.get(pk=own_case.pk).assignee is None

    client.get("/api/me")  # sets the csrftoken cookie, as the docs say
    token = client.cookies["csrftoken"].value
    accepted = client.post(path, body, content_type="application/json", headers={"X-CSRFToken": token})
    assert accepted.status_code == 200
    assert Application.objects.get(pk=own_case.pk).assignee == clerk


def test_only_the_office_head_extends_the_deadline(
    clerk: User, office_head: User, own_case: Application
) -> None:
    path = f"/api/cases/{own_case.pk}/actions/extend"
    body = {"version": own_case.version, "reason": "需要调取档案", "on": "2025-03-20"}
    refused = post(signed_in(clerk), path, body)
    assert (refused.status_code, refused.json()) == (403, {"detail": "此操作须由公开办负责人办理"})
    accepted = post(signed_in(office_head), path, body)
    assert accepted.status_code == 200
    # 20 more working days after 2025-03-31: Apr 1-3 (3), Apr 4 清明 off, Apr 7-11 (8), 14-18 (13),
    # 21-25 (18), Sunday Apr 27 is a make-up working day (19), Apr 28 (20).
    assert accepted.json()["deadline"]["due"] == "2025-04-28"


def test_an_assignee_from_another_office_is_refused(
    clerk: User, other_clerk: User, own_case: Application
) -> None:
    response = post(
        signed_in(clerk),
        f"/api/cases/{own_case.pk}/actions/assign",
        {"version": own_case.version, "assignee": other_clerk.pk},
    )
    assert (response.status_code, response.json()) == (400, {"detail": "承办人必须是本机关工作人员"})
    assert Application.objects.get(pk=own_case.pk).assignee is None


def test_a_consultation_of_another_case_cannot_be_answered_through_this_one(
    clerk: User, own_case: Application, bureau: Agency
) -> None:
    second = application(bureau, clerk, received=dt.date(2025, 3, 4))
    consultation = actions.start_consultation(
        acting_user=clerk,
        application=second,
        party_kind="agency",
        party_name="示例县财政局",
        sent_on=dt.date(2025, 3, 5),
    )
    response = post(
        signed_in(clerk),
        f"/api/cases/{own_case.pk}/actions/consultation-answer",
        {"version": own_case.version, "consultation": consultation.pk, "answered_on": "2025-03-10"},
    )
    assert (response.status_code, response.json()) == (400, {"detail": "该申请没有这项征求意见"})
    consultation.refresh_from_db()
    assert consultation.answered_on is None


def test_tables_are_only_for_agencies_the_caller_may_read(
    clerk: User, supervisor: User, county: Agency, bureau: Agency, other_bureau: Agency
) -> None:
    client = signed_in(clerk)
    assert client.get(f"/api/agencies/{other_bureau.pk}/tables/2025").status_code == 404
    assert client.get(f"/api/agencies/{county.pk}/tables/2025").status_code == 404
    assert client.get(f"/api/agencies/{bureau.pk}/tables/2025").status_code == 200
    # The bureau has no offices below it: its subtree is itself.
    assert client.get(f"/api/agencies/{bureau.pk}/tables/2025?subtree=true").status_code == 200
    assert signed_in(supervisor).get(f"/api/agencies/{county.pk}/tables/2025?subtree=true").status_code == 200


def test_staff_of_a_government_cannot_total_its_departments_without_supervising_them(
    county: Agency, bureau: Agency, clerk: User
) -> None:
    application(bureau, clerk)
    government_clerk = member(county, Role.CLERK, username="county_clerk")
    client = signed_in(government_clerk)
    own = client.get(f"/api/agencies/{county.pk}/tables/2025")
    assert own.json()["tables"]["applications"]["new"]["total"] == 0
    subtree = client.get(f"/api/agencies/{county.pk}/tables/2025?subtree=true")
    assert subtree.status_code == 403
    assert "subtree=true" in subtree.json()["detail"]


def test_a_supervisor_of_one_branch_does_not_see_a_sibling_branch(county: Agency, clerk: User) -> None:
    township = Agency.objects.create(
        name="示例县某镇人民政府", parent=county, is_government=True, level=Level.TOWNSHIP
    )
    township_office = Agency.objects.create(name="示例县某镇党政办", parent=township, level=Level.TOWNSHIP)
    inside = application(township_office, member(township_office, Role.CLERK))
    outside = application(
        Agency.objects.create(name="示例县林业局", parent=county, level=Level.COUNTY),
        clerk=None,
        channel="online",
    )
    watcher = member(township, Role.SUPERVISOR)
    client = signed_in(watcher)
    assert client.get(f"/api/cases/{inside.pk}").status_code == 200
    assert client.get(f"/api/cases/{outside.pk}").status_code == 404
    assert client.get("/api/cases").json()["count"] == 1
