"""Tables 三 and 四 on the workbench, the case page's deadline explanation, and signing in.

Today is pinned to Tuesday 2026-06-30. 2026 has 端午节 on June 19-21.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from urllib.parse import quote

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.applications import actions
from tests.factories import application

pytestmark = pytest.mark.django_db


def login(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def cell(html: str, row: str, column: str) -> str:
    marker = f'data-key="applications.{row}.{column}">'
    start = html.index(marker) + len(marker)
    return html[start : html.index("<", start)]


def test_the_tables_count_this_agencys_cases_for_the_year(bureau: Agency, clerk: User) -> None:
    granted = application(bureau, clerk, received=dt.date(2026, 3, 2))
    actions.decide(
        acting_user=clerk, application=granted, outcome="granted", legal_basis="", on=dt.date(2026, 3, 9)
    )
    application(bureau, clerk, received=dt.date(2026, 6, 1), applicant_kind="commercial")  # still open
    last_year = application(bureau, clerk, received=dt.date(2025, 12, 29))
    actions.withdraw(acting_user=clerk, application=last_year, on=dt.date(2026, 1, 5))
    appealed = application(bureau, clerk, received=dt.date(2026, 4, 1))
    actions.decide(
        acting_user=clerk,
        application=appealed,
        outcome="unavailable_not_held",
        legal_basis="《条例》第三十六条第（四）项",
        on=dt.date(2026, 4, 8),
    )
    actions.file_appeal(
        acting_user=clerk,
        application=appealed,
        kind="review",
        body="示例县人民政府",
        filed_on=dt.date(2026, 5, 6),
    )

    html = login(clerk).get(f"/work/tables/?agency={bureau.pk}&year=2026").content.decode()
    assert "示例县自然资源局2026年度" in html
    assert "三、收到和处理政府信息公开申请情况" in html
    assert "四、政府信息公开行政复议、行政诉讼情况" in html
    # New in 2026: two natural persons (March, April) and one company (June); one carried over from 2025.
    new = (cell(html, "new", "natural_person"), cell(html, "new", "commercial"), cell(html, "new", "total"))
    assert new == ("2", "1", "3")
    assert cell(html, "carried_over", "natural_person") == "1"
    assert cell(html, "granted", "natural_person") == "1"
    assert cell(html, "unavailable_not_held", "natural_person") == "1"
    assert cell(html, "other_misc", "natural_person") == "1"  # the withdrawal, in 其他处理
    assert cell(html, "total", "total") == "3"
    assert cell(html, "carried_forward", "commercial") == "1"
    assert 'data-key="appeals.cases.review_pending">1<' in html
    assert 'data-key="appeals.cases.review_total">1<' in html


def test_the_tables_download_as_docx_csv_and_json(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk, received=dt.date(2026, 3, 2))
    actions.decide(
        acting_user=clerk, application=case, outcome="granted", legal_basis="", on=dt.date(2026, 3, 9)
    )
    client = login(clerk)
    page = client.get(f"/work/tables/?agency={bureau.pk}&year=2026").content.decode()
    assert f'href="/work/tables.docx?agency={bureau.pk}&amp;year=2026"' in page

    data = json.loads(client.get(f"/work/tables.json?agency={bureau.pk}&year=2026").content)
    assert data["tables"]["applications"]["granted"]["natural_person"] == 1
    docx = client.get(f"/work/tables.docx?agency={bureau.pk}&year=2026")
    assert docx["Content-Disposition"].startswith("attachment;")
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(docx.content)).namelist()
    # The download says what it is: the two tables, not the annual report.
    title = "示例县自然资源局2026年度政府信息公开申请办理情况统计表（表三、表四）"
    assert quote(f"{title}.docx") in docx["Content-Disposition"]
    text = "".join(
        re.findall(
            r"<w:t[^>]*>([^<]*)</w:t>",
            zipfile.ZipFile(io.BytesIO(docx.content)).read("word/document.xml").decode(),
        )
    )
    assert text.startswith(title)
    assert "工作年度报告" not in text
    assert "三、收到和处理政府信息公开申请情况" in text
    assert "四、政府信息公开行政复议、行政诉讼情况" in text
    assert title in page
    assert "完整的政府信息公开工作年度报告" in page
    assert 'href="/work/reports/"' in page
    sheet = client.get(f"/work/tables.csv?agency={bureau.pk}&year=2026").content.decode("utf-8")
    assert "granted" in sheet
    assert client.get(f"/work/tables.exe?agency={bureau.pk}&year=2026").status_code == 404


def test_a_download_with_a_bad_year_says_so_in_plain_text(bureau: Agency, clerk: User) -> None:
    bad = login(clerk).get(f"/work/tables.csv?agency={bureau.pk}&year=2018")
    assert bad.status_code == 400
    assert bad["Content-Type"] == "text/plain; charset=utf-8"
    assert bad.content.decode() == "查询条件有误：年度不能早于2019年"


def test_the_tables_page_opens_on_this_year_and_refuses_a_bad_year(bureau: Agency, clerk: User) -> None:
    client = login(clerk)
    html = client.get("/work/tables/").content.decode()
    assert "示例县自然资源局2026年度" in html
    bad = client.get(f"/work/tables/?agency={bureau.pk}&year=2018")
    assert bad.status_code == 400
    assert "年度不能早于2019年" in bad.content.decode()
    assert client.get(f"/work/tables/?agency={bureau.pk}&year=2027").status_code == 400


def test_the_case_page_explains_the_deadline(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk, received=dt.date(2026, 6, 1))
    html = login(clerk).get(f"/work/cases/{case.pk}/").content.decode()
    assert "期限是怎样算出来的" in html
    assert "收到申请之日：2026年6月1日（星期一）" in html
    assert "期间内的法定节假日不计算：2026年6月19日至6月21日（端午节）" in html
    assert "答复期限届满日：2026年6月30日（星期二）" in html
    # The clerk of the agency sees the applicant's data in full, and the tracking code to pass on.
    assert "110101199001011234" in html
    assert "13800138000" in html
    assert case.tracking_code in html


def test_the_explanation_follows_a_correction(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk, received=dt.date(2026, 6, 1))
    actions.request_correction(acting_user=clerk, application=case, on=dt.date(2026, 6, 2), what="写明文号")
    actions.record_correction(acting_user=clerk, application=case, on=dt.date(2026, 6, 8))
    html = login(clerk).get(f"/work/cases/{case.pk}/").content.decode()
    assert "收到补正后申请之日：2026年6月8日（星期一）；答复期限自该日重新计算" in html
    # Jun 9-12 (4), 15-18 (8), 22-26 (13), 29-30 (15), Jul 1-3 (18), 6-7 (20).
    assert "答复期限届满日：2026年7月7日（星期二）" in html


def test_the_reply_letter_downloads_once_the_case_is_decided(bureau: Agency, clerk: User) -> None:
    pytest.importorskip("gongkai.applications.letters", reason="the letters module is not installed")
    case = application(bureau, clerk, received=dt.date(2026, 6, 1))
    actions.decide(
        acting_user=clerk, application=case, outcome="granted", legal_basis="", on=dt.date(2026, 6, 5)
    )
    client = login(clerk)
    page = client.get(f"/work/cases/{case.pk}/").content.decode()
    assert f'href="/work/cases/{case.pk}/letters/reply.docx"' in page
    response = client.get(f"/work/cases/{case.pk}/letters/reply.docx")
    assert response.status_code == 200
    assert "word/document.xml" in zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert client.get(f"/work/cases/{case.pk}/letters/fee.docx").status_code == 404  # no fee notice
    assert client.get(f"/work/cases/{case.pk}/letters/reply.txt").status_code == 404


def test_staff_sign_in_with_their_password_and_out_again(bureau: Agency, clerk: User) -> None:
    User.objects.filter(pk=clerk.pk).update(first_name="李明")
    clerk.set_password("correct horse battery")
    clerk.save(update_fields=["password"])
    client = Client()
    page = client.get("/login/?next=/work/")
    assert "工作人员登录" in page.content.decode()
    wrong = client.post("/login/", {"username": "clerk", "password": "wrong", "next": "/work/"})
    assert wrong.status_code == 200
    assert "用户名或密码不正确" in wrong.content.decode()
    right = client.post(
        "/login/", {"username": "clerk", "password": "correct horse battery", "next": "/work/"}
    )
    assert right.status_code == 302
    assert right["Location"] == "/work/"
    assert "退出（李明）" in client.get("/work/").content.decode()
    assert client.post("/logout/").status_code == 302
    assert client.get("/work/").status_code == 302
