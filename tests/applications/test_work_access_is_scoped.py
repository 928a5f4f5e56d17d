"""Who sees and does what on the workbench: guessing URLs and ids gets nobody anywhere.

A clerk of another agency gets 404 for the case and every action on it, and does not find it in
any list, export or table. A supervisor (上级监督) reads the whole subtree, with personal data
masked, and is refused (403) on every action. Anonymous visitors are sent to the login page.
"""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency, Role
from gongkai.applications import actions
from gongkai.applications.models import Application, Status
from gongkai.applications.views.case_actions import CASE_ACTIONS
from tests.factories import application, member

pytestmark = pytest.mark.django_db

# Every action URL of the case page, written out so that a new action needs a line here.
ACTION_URLS = [
    "request-correction",
    "record-correction",
    "assign",
    "start-consultation",
    "consultation-answer",
    "extend",
    "fee-notice",
    "fee-payment",
    "abandon",
    "decide",
    "correct-decision",
    "approve-reply",
    "reply",
    "serve",
    "close",
    "withdraw",
    "file-appeal",
    "conclude-appeal",
]

# A plausible filled-in form for each action: the refusal must not depend on a form error.
FILLED = {
    "what": "请写明文件名称",
    "on": "2026-06-29",
    "text": "补正内容",
    "party_kind": "third_party",
    "party_name": "某某公司",
    "sent_on": "2026-06-29",
    "result": "answered",
    "answered_on": "2026-06-29",
    "reason": "信息量大",
    "basis": "by_pages",
    "quantity": "250",
    "notified_on": "2026-06-29",
    "paid_on": "2026-06-29",
    "outcome": "granted",
    "legal_basis": "",
    "how": "邮寄送达",
    "kind": "review",
    "body": "示例县人民政府",
    "filed_on": "2026-06-29",
    "concluded_on": "2026-06-29",
}


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_action_list_here_covers_every_action_the_page_offers() -> None:
    assert sorted(ACTION_URLS) == sorted(CASE_ACTIONS)


def test_anonymous_visitors_are_sent_to_the_login_page(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk)
    client = Client()
    for url in [
        "/work/",
        "/work/cases/",
        "/work/cases.csv",
        "/work/cases/new/",
        f"/work/cases/{case.pk}/",
        "/work/tables/",
        "/work/tables.csv",
    ]:
        response = client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/?next="), url
    for name in ACTION_URLS:
        response = client.post(f"/work/cases/{case.pk}/{name}/", {"version": case.version, **FILLED})
        assert response.status_code == 302
        assert response["Location"].startswith("/login/")
    assert Application.objects.get(pk=case.pk).version == case.version


def test_a_clerk_of_another_agency_finds_nothing(bureau: Agency, other_bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk, received=dt.date(2026, 6, 1), applicant_name="张三")
    stranger = member(other_bureau, Role.CLERK, username="stranger")
    client = login(stranger)

    assert "张三" not in client.get("/work/").content.decode()
    assert "张三" not in client.get("/work/cases/").content.decode()
    assert "2026-00001" not in client.get("/work/cases/").content.decode()
    export = client.get("/work/cases.csv").content.decode("utf-8-sig")
    assert export.splitlines()[1:] == []  # the header row only
    # Filtering by the other agency's id is refused, not silently answered.
    assert client.get(f"/work/cases/?agency={bureau.pk}").status_code == 400
    assert client.get(f"/work/cases.csv?agency={bureau.pk}").status_code == 400

    assert client.get(f"/work/cases/{case.pk}/").status_code == 404
    assert client.get(f"/work/cases/{case.pk}/letters/correction.docx").status_code == 404


def test_a_clerk_of_another_agency_cannot_act_on_the_case(
    bureau: Agency, other_bureau: Agency, clerk: User
) -> None:
    case = application(bureau, clerk, received=dt.date(2026, 6, 1))
    client = login(member(other_bureau, Role.CLERK, username="stranger"))
    for name in ACTION_URLS:
        response = client.post(f"/work/cases/{case.pk}/{name}/", {"version": case.version, **FILLED})
        assert response.status_code == 404, name
    fresh = Application.objects.get(pk=case.pk)
    assert (fresh.status, fresh.version, fresh.events.count()) == (Status.REGISTERED, case.version, 1)


def test_a_clerk_of_another_agency_cannot_see_its_tables(
    bureau: Agency, other_bureau: Agency, clerk: User
) -> None:
    case = application(bureau, clerk, received=dt.date(2026, 6, 1))
    actions.decide(
        acting_user=clerk, application=case, outcome="granted", legal_basis="", on=dt.date(2026, 6, 5)
    )
    client = login(member(other_bureau, Role.CLERK, username="stranger"))
    page = client.get(f"/work/tables/?agency={bureau.pk}&year=2026")
    assert page.status_code == 400
    assert "您无权查看该机关的统计" in page.content.decode()
    assert 'data-key="applications.granted.natural_person"' not in page.content.decode()
    assert client.get(f"/work/tables.json?agency={bureau.pk}&year=2026").status_code == 400
    # Their own agency: nothing counted, and the subtree option is not theirs to use.
    own = client.get(f"/work/tables/?agency={other_bureau.pk}&year=2026").content.decode()
    assert 'data-key="applications.new.total">0<' in own
    assert "包括所属机关" not in own


def test_a_clerk_of_the_parent_government_cannot_read_the_subtree(
    county: Agency, bureau: Agency, clerk: User
) -> None:
    application(bureau, clerk, received=dt.date(2026, 6, 1))
    county_clerk = member(county, Role.CLERK, username="county_clerk")
    client = login(county_clerk)
    page = client.get(f"/work/tables.json?agency={county.pk}&year=2026&subtree=on")
    # Not a supervisor: the option does not exist for them, so the count is the county's own.
    assert page.status_code == 200
    data = json.loads(page.content)
    assert data["agency"] == "示例县人民政府"
    assert data["tables"]["applications"]["new"]["total"] == 0


def test_a_supervisor_reads_the_subtree_with_personal_data_masked(
    bureau: Agency, other_bureau: Agency, clerk: User, supervisor: User
) -> None:
    mine = application(bureau, clerk, received=dt.date(2026, 6, 1), applicant_name="张三")
    theirs = application(
        other_bureau,
        member(other_bureau, Role.CLERK, username="edu"),
        received=dt.date(2026, 6, 2),
        applicant_name="李四",
    )
    client = login(supervisor)
    listing = client.get("/work/cases/").content.decode()
    assert "张三" in listing
    assert "李四" in listing

    page = client.get(f"/work/cases/{mine.pk}/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "110101********1234" in html
    assert "110101199001011234" not in html
    assert "138****8000" in html
    assert "13800138000" not in html
    assert "示例县人民路****" in html
    assert mine.tracking_code not in html  # the applicant's key to the public pages
    assert '<form method="post" action="/work/cases/' not in html
    assert "不能办理" in html
    assert client.get(f"/work/cases/{theirs.pk}/").status_code == 200


def test_a_supervisor_cannot_act_register_or_download_letters(
    county: Agency, bureau: Agency, clerk: User, supervisor: User
) -> None:
    case = application(bureau, clerk, received=dt.date(2026, 6, 1))
    client = login(supervisor)
    for name in ACTION_URLS:
        response = client.post(f"/work/cases/{case.pk}/{name}/", {"version": case.version, **FILLED})
        assert response.status_code == 403, name
    fresh = Application.objects.get(pk=case.pk)
    assert (fresh.status, fresh.version, fresh.events.count()) == (Status.REGISTERED, case.version, 1)

    assert client.get("/work/cases/new/").status_code == 403
    assert "登记申请" not in client.get("/work/").content.decode()
    response = client.post(
        "/work/cases/new/",
        {
            "agency": bureau.pk,
            "channel": "in_person",
            "submitted_on": "2026-06-29",
            "applicant_kind": "natural_person",
            "applicant_name": "王五",
            "phone": "13800138000",
            "description": "某文件",
            "form_wanted": "paper",
            "delivery": "post",
        },
    )
    assert response.status_code == 403
    assert Application.objects.count() == 1
    assert client.get(f"/work/cases/{case.pk}/letters/reply.docx").status_code == 403


def test_a_supervisor_sees_the_subtree_total_in_the_tables(
    county: Agency, bureau: Agency, other_bureau: Agency, clerk: User, supervisor: User
) -> None:
    application(bureau, clerk, received=dt.date(2026, 6, 1))
    application(other_bureau, member(other_bureau, Role.CLERK, username="edu"), received=dt.date(2026, 6, 2))
    client = login(supervisor)
    page = client.get(f"/work/tables/?agency={county.pk}&year=2026&subtree=on").content.decode()
    assert "示例县人民政府及所属机关2026年度" in page
    assert 'data-key="applications.new.natural_person">2<' in page
    own_only = client.get(f"/work/tables/?agency={county.pk}&year=2026").content.decode()
    assert 'data-key="applications.new.natural_person">0<' in own_only


def test_nobody_reaches_a_case_that_does_not_exist(clerk: User) -> None:
    client = login(clerk)
    assert client.get("/work/cases/999999/").status_code == 404
    assert client.post("/work/cases/999999/decide/", {"version": 0, **FILLED}).status_code == 404
