"""Applying online: the case is registered once, received today, and the confirmation shows its code."""

from __future__ import annotations

import re
from typing import Any

import pytest
from django.test import Client

from gongkai.agencies.models import Agency, Level
from gongkai.applications import actions
from gongkai.applications.models import Application, Channel, EventKind, Status
from gongkai.core import time as core_time

pytestmark = pytest.mark.django_db


def form_token(client: Client) -> str:
    page = client.get("/apply/").content.decode()
    match = re.search(r'name="form_token" value="([0-9a-f]+)"', page)
    assert match, "the application form carries a one-time token"
    return match.group(1)


def filled_in(agency: Agency, **changes: str) -> dict[str, Any]:
    data = {
        "agency": str(agency.pk),
        "applicant_kind": "natural_person",
        "applicant_name": "张三",
        "id_number": "11010519491231002X",
        "contact_person": "",
        "phone": "138 0013 8000",
        "email": "zhangsan@example.com",
        "address": "示例县人民路1号",
        "description": "2024年本县城乡规划调整的批复文件",
        "form_wanted": "electronic",
        "delivery": "online",
    }
    data.update(changes)
    return data


def test_an_online_application_is_received_today_and_the_confirmation_shows_code_and_dates(
    client: Client, bureau: Agency
) -> None:
    response = client.post("/apply/", {**filled_in(bureau), "form_token": form_token(client)})

    assert response.status_code == 302
    assert response["Location"] == "/apply/done/"
    case = Application.objects.get()
    assert case.agency == bureau
    assert case.channel == Channel.ONLINE
    assert case.status == Status.REGISTERED
    # Today is pinned to Tuesday 2026-06-30; online, received the day both sides confirm.
    assert str(case.submitted_on) == str(case.received_on) == "2026-06-30"
    assert case.phone == "13800138000"  # typed with spaces, stored as digits
    [event] = case.events.all()
    assert (event.kind, event.actor, event.actor_label) == (EventKind.REGISTERED, None, "申请人（在线提交）")

    page = client.get("/apply/done/").content.decode()
    assert "2026-00001" in page  # the agency's first registration number of 2026
    code = case.tracking_code
    assert f"{code[:4]} {code[4:8]} {code[8:]}" in page  # grouped by four to copy by hand
    assert "请妥善保存查询码" in page
    assert "2026年6月30日" in page
    # 20 working days after Tuesday 30 June 2026, no holiday in July:
    # Jul 1-3 (3), 6-10 (8), 13-17 (13), 20-24 (18), 27 (19), 28 (20).
    assert "2026年7月28日（星期二）" in page
    assert "13800138000" not in page
    assert "138****8000" in page


def test_a_second_submit_of_the_same_form_does_not_create_a_second_application(
    client: Client, bureau: Agency
) -> None:
    data = {**filled_in(bureau), "form_token": form_token(client)}
    first = client.post("/apply/", data)
    again = client.post("/apply/", data, follow=True)

    assert first.status_code == 302
    assert Application.objects.count() == 1
    page = again.content.decode()
    assert "请勿重复提交" in page
    assert Application.objects.get().number in page  # the applicant sees the one case they made


def test_a_submit_racing_another_with_the_same_form_creates_nothing(client: Client, bureau: Agency) -> None:
    token = form_token(client)
    # Another request registered this very form a moment ago; this session has not heard of it yet.
    other = actions.register_application(
        acting_user=None,
        agency=bureau,
        channel=Channel.ONLINE,
        applicant_kind="natural_person",
        applicant_name="张三",
        description="2024年本县城乡规划调整的批复文件",
        phone="13800138000",
        submitted_on=core_time.today(),
        form_token=token,
    )

    response = client.post("/apply/", {**filled_in(bureau), "form_token": token}, follow=True)

    assert response.redirect_chain == [("/apply/done/", 302)]
    assert Application.objects.count() == 1
    page = response.content.decode()
    assert "请勿重复提交" in page
    assert other.number in page


def test_a_form_from_an_unknown_or_expired_session_is_refused_with_the_answers_kept(
    client: Client, bureau: Agency
) -> None:
    response = client.post("/apply/", {**filled_in(bureau), "form_token": "0" * 32})

    page = response.content.decode()
    assert "申请表已过期" in page
    assert "2024年本县城乡规划调整的批复文件" in page
    assert Application.objects.count() == 0
    # The page carries a fresh token, and submitting again works.
    token = re.search(r'name="form_token" value="([0-9a-f]+)"', page)
    assert token is not None
    client.post("/apply/", {**filled_in(bureau), "form_token": token.group(1)})
    assert Application.objects.count() == 1


def test_the_form_is_csrf_protected(bureau: Agency) -> None:
    browser = Client(enforce_csrf_checks=True)
    token = form_token(browser)

    response = browser.post("/apply/", {**filled_in(bureau), "form_token": token})

    assert response.status_code == 403
    assert Application.objects.count() == 0


def test_an_organisation_applies_with_its_credit_code_and_contact_person(
    client: Client, bureau: Agency
) -> None:
    data = filled_in(
        bureau,
        applicant_kind="commercial",
        applicant_name="示例科技有限公司",
        # 91350100M000100Y43: weighted sum of the first 17 characters (M=21, Y=30) is 1640;
        # 1640 mod 31 = 28; 31 - 28 = 3, the last character.
        id_number="91350100m000100y43",
        contact_person="李四",
        phone="0571 87654321",
        email="",
        form_wanted="paper",
        delivery="post",
    )
    response = client.post("/apply/", {**data, "form_token": form_token(client)})

    assert response.status_code == 302
    case = Application.objects.get()
    assert (case.applicant_kind, case.id_number, case.contact_person) == (
        "commercial",
        "91350100M000100Y43",
        "李四",
    )
    assert case.phone == "0571-87654321"
    assert (case.form_wanted, case.delivery) == ("paper", "post")


def test_the_agency_list_follows_the_tree(client: Client, county: Agency) -> None:
    Agency.objects.create(name="示例县卫生健康委员会", level=Level.COUNTY, parent=county)
    town = Agency.objects.create(name="示例县城关镇人民政府", level=Level.TOWNSHIP, parent=county)
    Agency.objects.create(name="城关镇综合行政执法队", level=Level.TOWNSHIP, parent=town)
    Agency.objects.create(name="邻县人民政府", level=Level.COUNTY, is_government=True)

    page = client.get("/apply/").content.decode()

    options = re.findall(r"<option value=\"\d+\">([^<]+)</option>", page)
    # Each agency right after its parent, siblings by name (卫 U+536B before 城 U+57CE, 示 before 邻),
    # indented one ideographic space per level.
    assert options == [
        "示例县人民政府",
        "\u3000示例县卫生健康委员会",
        "\u3000示例县城关镇人民政府",
        "\u3000\u3000城关镇综合行政执法队",
        "邻县人民政府",
    ]
    assert '<optgroup label="示例县人民政府">' in page
