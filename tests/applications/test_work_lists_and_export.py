"""The workbench's lists put each open case where a clerk must look, and the export hides personal data.

Today is pinned to Tuesday 2026-06-30, so "3 working days ahead" is Friday 2026-07-03. 2026 has
端午节 on June 19-21; each due date below is 20 working days after receipt, counted by hand.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.agencies.models import Agency, Role
from gongkai.applications import actions
from tests.factories import application, member
from tests.travel import travel_to

pytestmark = pytest.mark.django_db


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def section(html: str, title: str) -> str:
    """The part of the workbench page under one list's heading."""
    start = html.index(f">{title} <")
    end = html.find("<section", start)
    return html[start : end if end != -1 else len(html)]


def test_each_open_case_is_listed_where_it_needs_attention(bureau: Agency, clerk: User) -> None:
    # Received Fri 2026-05-29: Jun 1-5 (5), 8-12 (10), 15-18 (14), 22-26 (19), 29 (20) -> due Mon Jun 29.
    overdue = application(bureau, clerk, received=dt.date(2026, 5, 29), applicant_name="超期甲")
    # Received Mon 2026-06-01: Jun 2-5 (4), 8-12 (9), 15-18 (13), 22-26 (18), 29-30 (20) -> due today.
    due_today = application(bureau, clerk, received=dt.date(2026, 6, 1), applicant_name="今日乙")
    # Received Thu 2026-06-04: Jun 5 (1), 8-12 (6), 15-18 (10), 22-26 (15), 29-30 (17), Jul 1-3 (20).
    due_friday = application(bureau, clerk, received=dt.date(2026, 6, 4), applicant_name="周五丙")
    # Received Fri 2026-06-05: ... Jul 1-3 (19), Mon Jul 6 (20): four working days away, not "soon".
    due_monday = application(bureau, clerk, received=dt.date(2026, 6, 5), applicant_name="周一丁")
    waiting = application(bureau, clerk, received=dt.date(2026, 6, 22), applicant_name="补正戊")
    actions.request_correction(
        acting_user=clerk, application=waiting, on=dt.date(2026, 6, 23), what="写明文号"
    )
    actions.assign(acting_user=clerk, application=due_monday, assignee=clerk)
    decided = application(bureau, clerk, received=dt.date(2026, 5, 4), applicant_name="已决己")
    actions.decide(
        acting_user=clerk, application=decided, outcome="granted", legal_basis="", on=dt.date(2026, 5, 6)
    )
    assert (overdue.due_on, due_today.due_on) == (dt.date(2026, 6, 29), dt.date(2026, 6, 30))
    assert (due_friday.due_on, due_monday.due_on) == (dt.date(2026, 7, 3), dt.date(2026, 7, 6))

    html = login(clerk).get("/work/").content.decode()
    mine = section(html, "我的案件")
    soon = section(html, "3个工作日内到期")
    late = section(html, "已超期")
    waiting_list = section(html, "等待申请人（补正/缴费）")
    assert "周一丁" in mine
    assert "今日乙" not in mine
    assert "今日乙" in soon
    assert "周五丙" in soon
    assert "周一丁" not in soon
    assert "超期甲" not in soon
    assert "超期甲" in late
    assert "今日乙" not in late
    assert "补正戊" in waiting_list
    assert "超期甲" not in waiting_list
    assert "已决己" not in html
    assert re.search(r"2026-06-29</time>\s*<span class=\"badge overdue\">已超期</span>", late)
    assert re.search(r"2026-07-03</time>\s*<span class=\"badge soon\">3个工作日内到期</span>", soon)
    assert f'href="/work/cases/{overdue.pk}/"' in late


def test_a_deadline_in_a_year_without_a_published_calendar_is_marked_provisional(
    bureau: Agency, clerk: User
) -> None:
    # Received Monday 2026-12-07: the 20 working days reach into 2027, whose holidays are not loaded.
    with travel_to(dt.date(2026, 12, 8)):
        case = application(bureau, clerk, received=dt.date(2026, 12, 7))
        html = login(clerk).get("/work/cases/").content.decode()
    assert case.due_provisional
    assert '<span class="badge provisional">暂定</span>' in html


def test_the_full_list_filters_by_status_year_and_agency(
    bureau: Agency, other_bureau: Agency, clerk: User, supervisor: User
) -> None:
    application(bureau, clerk, received=dt.date(2025, 11, 3), applicant_name="去年甲")
    this_year = application(bureau, clerk, received=dt.date(2026, 6, 1), applicant_name="今年乙")
    actions.request_correction(
        acting_user=clerk, application=this_year, on=dt.date(2026, 6, 2), what="写明文号"
    )
    edu_clerk = member(other_bureau, Role.CLERK, username="edu")
    application(other_bureau, edu_clerk, received=dt.date(2026, 6, 2), applicant_name="教育丙")

    client = login(supervisor)
    everything = client.get("/work/cases/").content.decode()
    assert all(name in everything for name in ("去年甲", "今年乙", "教育丙"))
    assert "共 3 件" in everything
    by_year = client.get("/work/cases/?year=2025").content.decode()
    assert "去年甲" in by_year
    assert "今年乙" not in by_year
    by_status = client.get("/work/cases/?status=awaiting_correction").content.decode()
    assert "今年乙" in by_status
    assert "去年甲" not in by_status
    by_agency = client.get(f"/work/cases/?agency={other_bureau.pk}").content.decode()
    assert "教育丙" in by_agency
    assert "今年乙" not in by_agency
    bad = client.get("/work/cases/?year=twenty")
    assert bad.status_code == 400
    assert "收到年度应为四位数字" in bad.content.decode()


def test_the_export_opens_in_excel_with_personal_data_masked(bureau: Agency, clerk: User) -> None:
    application(
        bureau,
        clerk,
        received=dt.date(2026, 6, 1),
        applicant_name="张三",
        id_number="110101199001011234",
        phone="13800138000",
        email="zhangsan@example.com",
        address="示例县人民路1号3单元",
    )
    application(bureau, clerk, received=dt.date(2026, 6, 2), applicant_name='=HYPERLINK("http://x")')
    response = login(clerk).get("/work/cases.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs to read UTF-8
    rows = list(csv.DictReader(io.StringIO(response.content.decode("utf-8-sig"))))
    zhang = next(r for r in rows if r["申请人姓名或名称"] == "张三")
    assert zhang["登记号"] == "SXZRZY-2026-00001"
    assert zhang["身份证件号码"] == "110101********1234"
    assert zhang["联系电话"] == "138****8000"
    assert zhang["电子邮箱"] == "z***@example.com"
    assert zhang["通信地址"] == "示例县人民路****"
    assert zhang["收到申请之日"] == "2026-06-01"
    assert zhang["答复期限"] == "2026-06-30"
    assert zhang["状态"] == "已登记"
    assert b"13800138000" not in response.content
    assert b"199001011234" not in response.content
    # A name that a spreadsheet would run as a formula is written as text.
    assert any(r["申请人姓名或名称"] == '\'=HYPERLINK("http://x")' for r in rows)


def test_the_export_follows_the_filters(bureau: Agency, clerk: User) -> None:
    application(bureau, clerk, received=dt.date(2025, 11, 3), applicant_name="去年甲")
    application(bureau, clerk, received=dt.date(2026, 6, 1), applicant_name="今年乙")
    body = login(clerk).get("/work/cases.csv?year=2025").content.decode("utf-8-sig")
    assert "去年甲" in body
    assert "今年乙" not in body


def test_lists_show_the_applicants_name_but_no_personal_data(bureau: Agency, clerk: User) -> None:
    application(
        bureau, clerk, received=dt.date(2026, 6, 1), applicant_name="张三", email="zhangsan@example.com"
    )
    client = login(clerk)
    for url in ("/work/", "/work/cases/"):
        html = client.get(url).content.decode()
        assert "张三" in html
        for personal in ("13800138000", "110101199001011234", "人民路", "zhangsan@example.com"):
            assert personal not in html, (url, personal)


def test_the_list_costs_the_same_queries_for_two_cases_or_twelve(bureau: Agency, clerk: User) -> None:
    client = login(clerk)
    for day in (1, 2):
        application(bureau, clerk, received=dt.date(2026, 6, day))
    with CaptureQueriesContext(connection) as few:
        client.get("/work/cases/")
        client.get("/work/")
    for day in range(3, 13):
        case = application(bureau, clerk, received=dt.date(2026, 6, day))
        actions.assign(acting_user=clerk, application=case, assignee=clerk)
    with CaptureQueriesContext(connection) as many:
        client.get("/work/cases/")
        client.get("/work/")
    assert len(many) == len(few)
