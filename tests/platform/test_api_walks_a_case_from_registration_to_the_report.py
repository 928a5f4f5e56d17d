"""A case registered and handled entirely through the API: each step moves the clock as the
Regulations say, lands on the timeline, and the case ends in its row of tables 三 and 四."""

from __future__ import annotations

import json
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency

pytestmark = pytest.mark.django_db


class Caller:
    """A signed-in client that carries the case's version from one response to the next."""

    def __init__(self, user: User) -> None:
        self.client = Client()
        self.client.force_login(User.objects.get(pk=user.pk))
        self.case: dict[str, Any] = {}

    def register(self, **body: Any) -> dict[str, Any]:
        response = self.client.post("/api/cases", json.dumps(body), content_type="application/json")
        assert response.status_code == 201, response.content.decode()
        self.case = response.json()
        return self.case

    def act(self, name: str, **body: Any) -> dict[str, Any]:
        response = self.client.post(
            f"/api/cases/{self.case['id']}/actions/{name}",
            json.dumps({"version": self.case["version"], **body}),
            content_type="application/json",
        )
        assert response.status_code == 200, (name, response.content.decode())
        self.case = response.json()
        return self.case


def natural_person(bureau: Agency, received: str) -> dict[str, Any]:
    return {
        "agency": bureau.pk,
        "channel": "in_person",
        "applicant_kind": "natural_person",
        "applicant_name": "张三",
        "id_number": "110101199001011237",  # check digit 7: see the form tests
        "phone": "13800138000",
        "description": "2024年本县城乡规划调整的批复文件",
        "submitted_on": received,
    }


def test_a_case_goes_from_registration_to_an_appeal(
    bureau: Agency, clerk: User, office_head: User, supervisor: User
) -> None:
    staff, head = Caller(clerk), Caller(office_head)

    case = staff.register(**natural_person(bureau, "2025-03-03"))
    # Monday 2025-03-03, 20 working days, no holiday in March: Monday 2025-03-31.
    assert (case["number"], case["status"], case["deadline"]["due"]) == (
        "SXZRZY-2025-00001",
        "registered",
        "2025-03-31",
    )

    staff.act("request-correction", on="2025-03-05", what="请写明文件的年份和文号")
    case = staff.act("record-correction", on="2025-03-10", text="2024年县政府批复")
    # The clock restarts from Monday 2025-03-10: Mar 11-14 (4), 17-21 (9), 24-28 (14), 31 (15),
    # Apr 1-3 (18), Apr 4 清明 off, Apr 7 (19), Apr 8 (20).
    assert (case["corrected_on"], case["deadline"]["due"]) == ("2025-03-10", "2025-04-08")

    case = staff.act("assign", assignee=clerk.pk)
    assert (case["status"], case["assignee"]["id"]) == ("in_progress", clerk.pk)

    case = staff.act("consult", party_kind="third_party", party_name="某某建设公司", sent_on="2025-03-12")
    [consultation] = case["consultations"]
    # 15 working days from Wednesday 2025-03-12: Mar 13-14 (2), 17-21 (7), 24-28 (12), 31 (13), Apr 1-2 (15).
    assert (case["status"], consultation["due_on"]) == ("consulting", "2025-04-02")

    case = staff.act(
        "consultation-answer", consultation=consultation["id"], answered_on="2025-03-14", answer="不同意公开"
    )
    # Mar 12-14 paused (3 working days): Mar 11 (1), 17-21 (6), 24-28 (11), 31 (12), Apr 1-3 (15),
    # Apr 7-11 (20).
    assert (case["status"], case["deadline"]["due"]) == ("in_progress", "2025-04-11")

    case = staff.act("fee-notice", basis="by_pages", quantity=40, notified_on="2025-03-17")
    [notice] = case["fee_notices"]
    # Pages 31-40 at 10 元 each; 20 working days to pay from Monday 2025-03-17: Mar 18-21 (4),
    # 24-28 (9), 31 (10), Apr 1-3 (13), Apr 7-11 (18), Apr 14-15 (20).
    assert (case["status"], notice["amount"], notice["due_on"]) == ("awaiting_fee", 100, "2025-04-15")

    case = staff.act("fee-paid", paid_on="2025-03-19")
    # Mar 17-19 paused as well: Mar 11 (1), 20-21 (3), 24-28 (8), 31 (9), Apr 1-3 (12), Apr 7-11 (17),
    # Apr 14-16 (20).
    assert (case["status"], case["deadline"]["due"]) == ("in_progress", "2025-04-16")

    head.case = case
    case = head.act("extend", reason="涉及档案调取，需延长答复期限", on="2025-03-20")
    # 20 more working days after 2025-04-16: Apr 17-18 (2), 21-25 (7), Sunday 27 made a working day
    # (8), 28-30 (11), May 1-5 劳动节 off, May 6-9 (15), 12-16 (20).
    assert (case["extended"], case["deadline"]["due"]) == (True, "2025-05-16")
    assert any("2025年5月16日" in step for step in case["deadline"]["steps"])

    staff.case = case
    staff.act(
        "decide",
        outcome="partial",
        legal_basis="《中华人民共和国政府信息公开条例》第三十七条",
        on="2025-04-25",
    )
    staff.act("reply", on="2025-04-25")
    staff.act("served", on="2025-04-28", how="邮寄（EMS）")
    case = staff.act("close")
    assert (case["status"], case["outcome"], case["concluded_on"]) == ("closed", "partial", "2025-04-25")

    case = staff.act("appeal", kind="review", body="示例县人民政府", filed_on="2025-05-20")
    [appeal] = case["appeals"]
    case = staff.act("appeal-conclusion", appeal=appeal["id"], outcome="corrected", concluded_on="2025-08-01")
    assert case["appeals"][0]["outcome_label"] == "结果纠正"

    assert [entry["kind"] for entry in case["timeline"]] == [
        "registered",
        "correction_requested",
        "corrected",
        "assigned",
        "consultation_started",
        "consultation_answered",
        "fee_notified",
        "fee_paid",
        "extended",
        "decided",
        "replied",
        "served",
        "closed",
        "appeal_filed",
        "appeal_concluded",
    ]
    assert {entry["actor"] for entry in case["timeline"]} == {"clerk", "head"}

    tables = Caller(supervisor).client.get(f"/api/agencies/{bureau.pk}/tables/2025").json()
    applications, appeals = tables["tables"]["applications"], tables["tables"]["appeals"]["cases"]
    assert (applications["new"]["natural_person"], applications["partial"]["natural_person"]) == (1, 1)
    assert (applications["total"]["total"], applications["carried_forward"]["total"]) == (1, 0)
    assert (appeals["review_corrected"], appeals["review_total"], appeals["suit_direct_total"]) == (1, 1, 0)


def test_withdrawn_and_abandoned_cases_land_in_other_handling(bureau: Agency, clerk: User) -> None:
    staff = Caller(clerk)
    staff.register(**natural_person(bureau, "2025-03-03"))
    withdrawn = staff.act("withdraw", on="2025-03-05", reason="申请人电话告知不再需要")
    assert (withdrawn["status"], withdrawn["outcome"]) == ("closed", "other_misc")

    staff.register(**natural_person(bureau, "2025-03-04"))
    staff.act("request-correction", on="2025-03-06", what="请写明所需文件的名称")
    abandoned = staff.act("abandon", on="2025-04-30")
    assert (abandoned["status"], abandoned["outcome"]) == ("closed", "other_no_correction")

    tables = staff.client.get(f"/api/agencies/{bureau.pk}/tables/2025").json()
    assert tables["edition"] == "E2021"
    applications = tables["tables"]["applications"]
    assert applications["other_misc"]["natural_person"] == 1
    assert applications["other_no_correction"]["natural_person"] == 1
    assert (applications["new"]["total"], applications["total"]["total"]) == (2, 2)
