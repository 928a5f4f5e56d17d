"""The applicant downloads the letters addressed to them, for their own case only."""

from __future__ import annotations

import datetime as dt
from io import BytesIO
from urllib.parse import quote

import docx
import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.applications import actions
from gongkai.applications.models import Application
from tests.factories import application, member

letters = pytest.importorskip(
    "gongkai.applications.letters",
    reason="gongkai.applications.letters (another engineer's module) is not there yet",
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def case(bureau: Agency, clerk: User) -> Application:
    case = application(bureau, clerk)
    return actions.request_correction(
        acting_user=clerk, application=case, on=dt.date(2025, 3, 5), what="请写明批复文件的年份"
    )


def follow(client: Client, case: Application) -> None:
    client.post("/track/", {"code": case.tracking_code, "contact": "13800138000"})


@pytest.mark.slow
def test_the_correction_notice_downloads_as_pdf_and_word_with_a_chinese_filename(
    client: Client, case: Application
) -> None:
    follow(client, case)
    title = dict(letters.available_letters(case))["correction"]
    page = client.get("/track/case/").content.decode()
    assert title in page
    assert 'href="/track/case/letters/correction.pdf"' in page

    pdf = client.get("/track/case/letters/correction.pdf")
    word = client.get("/track/case/letters/correction.docx")

    assert pdf.status_code == 200
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf.content.startswith(b"%PDF")
    assert word.status_code == 200
    assert word.content.startswith(b"PK")
    filename = f"SXZRZY-2025-00001-{title}.pdf"
    disposition = pdf["Content-Disposition"]
    assert disposition.startswith("attachment;")
    assert f"filename*=utf-8''{quote(filename)}" in disposition  # RFC 5987
    assert "no-store" in pdf["Cache-Control"]


def test_a_letter_the_case_does_not_have_is_not_found(client: Client, case: Application) -> None:
    follow(client, case)

    assert client.get("/track/case/letters/extension.pdf").status_code == 404
    assert client.get("/track/case/letters/correction.exe").status_code == 404


def test_a_letter_to_a_consulted_third_party_is_not_the_applicants(
    client: Client, case: Application, clerk: User
) -> None:
    case = actions.record_correction(acting_user=clerk, application=case, on=dt.date(2025, 3, 10))
    consultation = actions.start_consultation(
        acting_user=clerk,
        application=case,
        party_kind="third_party",
        party_name="示例房地产开发有限公司",
        sent_on=dt.date(2025, 3, 12),
    )
    key = f"consultation-{consultation.pk}"
    assert key in dict(letters.available_letters(case))  # the clerk has it
    follow(client, case)

    assert client.get(f"/track/case/letters/{key}.pdf").status_code == 404
    assert "示例房地产开发有限公司" not in client.get("/track/case/").content.decode()


@pytest.mark.slow
def test_the_reply_is_the_applicants_once_issued_not_when_merely_decided(
    client: Client, case: Application, clerk: User
) -> None:
    case = actions.record_correction(acting_user=clerk, application=case, on=dt.date(2025, 3, 10))
    case = actions.decide(
        acting_user=clerk, application=case, outcome="granted", legal_basis="", on=dt.date(2025, 3, 20)
    )
    follow(client, case)
    assert client.get("/track/case/letters/reply.pdf").status_code == 404

    actions.reply(acting_user=clerk, application=case, on=dt.date(2025, 3, 21))

    assert client.get("/track/case/letters/reply.pdf").status_code == 200


def test_another_cases_letter_cannot_be_fetched(
    client: Client, case: Application, other_bureau: Agency, clerk: User
) -> None:
    # Only this session's case counts: a second case with a correction notice of its own stays out of reach.
    other_clerk = member(other_bureau, username="other_clerk")
    other = application(other_bureau, other_clerk, applicant_name="王五", phone="13900139000")
    actions.request_correction(
        acting_user=other_clerk, application=other, on=dt.date(2025, 3, 5), what="王五的补正事项"
    )
    follow(client, case)

    response = client.get(f"/track/case/letters/correction.docx?application={other.pk}")

    assert response.status_code == 200
    text = "\n".join(p.text for p in docx.Document(BytesIO(response.content)).paragraphs)
    assert "请写明批复文件的年份" in text
    assert "王五" not in text
