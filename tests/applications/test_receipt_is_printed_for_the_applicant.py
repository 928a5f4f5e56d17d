"""The 回执: right after applying, on /track/ and at the agency's desk, as a page to print and a
PDF, with the number, the 查询码, the day received and the deadline with its reasons; the 查询码
shown to nobody else (a supervisor, another session)."""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.applications.models import Application

from .test_public_online_application_registers_a_case import filled_in, form_token

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    document = pdfium.PdfDocument(data)
    try:
        text = "".join(page.get_textpage().get_text_range() for page in document)
    finally:
        document.close()
    return re.sub(r"\s+", "", text)


def applied(client: Client, bureau: Agency) -> Application:
    response = client.post("/apply/", {**filled_in(bureau), "form_token": form_token(client)})
    assert response.status_code == 302
    return Application.objects.get()


def grouped(code: str) -> str:
    return f"{code[:4]} {code[4:8]} {code[8:]}"


@pytest.mark.slow
def test_the_receipt_pdf_right_after_applying_holds_number_code_and_deadline(
    client: Client, bureau: Agency
) -> None:
    case = applied(client, bureau)
    assert "/apply/done/receipt.pdf" in client.get("/apply/done/").content.decode()

    response = client.get("/apply/done/receipt.pdf")

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    assert "政府信息公开申请回执" in text
    assert "示例县自然资源局" in text  # the letterhead's full name
    assert "登记号SXZRZY-2026-00001" in text
    assert "查询码" + case.tracking_code in text  # grouped by four on paper; spaces dropped here
    assert "收到申请之日2026年6月30日" in text
    # 20 working days after Tuesday 30 June 2026: Jul 1-3 (3), 6-10 (8), 13-17 (13), 20-24 (18), 28 (20).
    assert "答复期限2026年7月28日" in text
    assert "20个工作日" in text  # the explanation, step by step
    assert "示例县人民路1号" in text
    assert "0000-1234567" in text


@pytest.mark.slow
def test_the_print_page_on_track_and_at_the_desk(client: Client, bureau: Agency, clerk: User) -> None:
    case = applied(client, bureau)
    applicant = Client()
    applicant.post("/track/", {"code": case.tracking_code, "contact": "13800138000"})
    assert "/track/case/receipt.pdf" in applicant.get("/track/case/").content.decode()

    page = applicant.get("/track/case/receipt.html").content.decode()
    desk = Client()
    desk.force_login(clerk)
    at_desk = desk.get(f"/work/cases/{case.pk}/receipt.html").content.decode()

    for shown in (page, at_desk):
        assert "SXZRZY-2026-00001" in shown
        assert grouped(case.tracking_code) in shown
        assert "receipt.js" in shown
        assert "<script>" not in shown
        assert "<style>" not in shown
    assert f"/work/cases/{case.pk}/receipt.pdf" in desk.get(f"/work/cases/{case.pk}/").content.decode()
    assert desk.get(f"/work/cases/{case.pk}/receipt.pdf")["Content-Type"] == "application/pdf"


def test_nobody_else_gets_the_receipt(client: Client, bureau: Agency, supervisor: User) -> None:
    case = applied(client, bureau)
    above = Client()
    above.force_login(supervisor)
    stranger = Client()

    assert above.get(f"/work/cases/{case.pk}/receipt.pdf").status_code == 403
    assert f"/work/cases/{case.pk}/receipt" not in above.get(f"/work/cases/{case.pk}/").content.decode()
    assert stranger.get("/apply/done/receipt.pdf")["Location"] == "/apply/"
    assert stranger.get("/track/case/receipt.pdf")["Location"] == "/track/"
