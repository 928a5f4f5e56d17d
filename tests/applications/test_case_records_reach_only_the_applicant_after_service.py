"""The delivered records: listed in the reply letter's 附件, downloadable by the applicant on
/track/ once the reply is served (with their own 查询码 session only) and by the agency's staff;
nothing for another agency, another applicant, or an address typed without the session."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.applications import actions, letters, records
from gongkai.applications.models import Application, CaseDocument
from gongkai.core.actions import ActionError
from tests.applications.records_helpers import (
    attach,
    decide,
    lines_pdf,
    login,
    png_bytes,
    reply_and_serve,
    text_of,
)
from tests.factories import application, member

pytestmark = pytest.mark.django_db

SECOND_LINE = {"page": "1", "left": "5", "top": "22.5", "right": "95", "bottom": "27.5"}


def follow(client: Client, case: Application, phone: str = "13800138000") -> None:
    response = client.post("/track/", {"code": case.tracking_code, "contact": phone})
    assert response.status_code == 302


def redacted(case: Application, clerk: User) -> CaseDocument:
    """批复文件.pdf with its second line marked (第十五条, 个人隐私) and the redacted file made."""
    document = attach(case, clerk)
    client = login(clerk)
    base = f"/work/cases/{case.pk}/records/{document.pk}"
    assert (
        client.post(f"{base}/mark/", {**SECOND_LINE, "basis": "15-privacy", "version": 0}).status_code == 302
    )
    assert client.post(f"{base}/apply/", {"version": 1}).status_code == 302
    return CaseDocument.objects.get(pk=document.pk)


@pytest.fixture
def served(bureau: Agency, clerk: User) -> tuple[Application, CaseDocument, CaseDocument]:
    case = application(bureau, clerk)
    marked = redacted(case, clerk)
    photo = attach(case, clerk, name="现场照片.png", content=png_bytes())
    decide(case, clerk, "partial")
    return reply_and_serve(case, clerk), marked, photo


def download(client: Client, url: str) -> tuple[int, bytes]:
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.status_code == 200 else response.content  # type: ignore[attr-defined]
    return response.status_code, body


def test_the_applicant_downloads_the_redacted_file_and_the_removed_text_is_not_in_it(
    client: Client, served: tuple[Application, CaseDocument, CaseDocument]
) -> None:
    case, marked, photo = served
    follow(client, case)

    page = client.get("/track/case/").content.decode()
    status, pdf = download(client, f"/track/case/records/{marked.pk}/")

    assert "批复文件（区分处理）.pdf" in page
    assert "现场照片.png" in page
    assert status == 200
    assert pdf.startswith(b"%PDF")
    assert "秘密" not in text_of(pdf)
    assert text_of(pdf) == ""
    response = client.get(f"/track/case/records/{marked.pk}/")
    assert "%E5%8C%BA%E5%88%86%E5%A4%84%E7%90%86" in response["Content-Disposition"]  # 区分处理, RFC 5987
    assert download(client, f"/track/case/records/{photo.pk}/") == (200, png_bytes())


def test_before_the_reply_is_served_nothing_is_downloadable(
    client: Client, bureau: Agency, clerk: User
) -> None:
    case = application(bureau, clerk)
    document = attach(case, clerk)
    decide(case, clerk, "granted")
    follow(client, case)
    url = f"/track/case/records/{document.pk}/"

    assert client.get(url).status_code == 404  # decided
    actions.reply(acting_user=clerk, application=Application.objects.get(pk=case.pk), on=dt.date(2025, 3, 21))
    assert client.get(url).status_code == 404  # issued, not yet served
    assert "答复材料下载" not in client.get("/track/case/").content.decode()
    actions.mark_served(
        acting_user=clerk,
        application=Application.objects.get(pk=case.pk),
        on=dt.date(2025, 3, 22),
        how="网上送达",
    )
    assert client.get(url).status_code == 200


def test_another_applicants_session_and_a_bare_address_get_404(
    served: tuple[Application, CaseDocument, CaseDocument], bureau: Agency, clerk: User
) -> None:
    _case, marked, _ = served
    other = application(bureau, clerk, applicant_name="王五", phone="13900139000")
    someone_else, nobody = Client(), Client()
    follow(someone_else, other, "13900139000")

    assert someone_else.get(f"/track/case/records/{marked.pk}/").status_code == 404
    assert nobody.get(f"/track/case/records/{marked.pk}/").status_code == 404


def test_a_document_not_for_delivery_is_not_listed_nor_downloadable(
    client: Client, bureau: Agency, clerk: User
) -> None:
    case = application(bureau, clerk)
    kept = attach(case, clerk, name="内部请示.pdf", content=lines_pdf(("内部请示", "仅供内部", "不予公开")))
    records.set_delivered(acting_user=clerk, document=kept, delivered=False, version=kept.version)
    given = attach(case, clerk)
    decide(case, clerk, "granted")
    reply_and_serve(case, clerk)
    follow(client, case)

    assert "内部请示" not in client.get("/track/case/").content.decode()
    assert client.get(f"/track/case/records/{kept.pk}/").status_code == 404
    assert client.get(f"/track/case/records/{given.pk}/").status_code == 200
    letter = letters.compose_letter(Application.objects.get(pk=case.pk), "reply")
    assert letter.attachments == ("批复文件",)


def test_another_agencys_staff_get_404_everywhere(
    served: tuple[Application, CaseDocument, CaseDocument], other_bureau: Agency
) -> None:
    case, marked, _ = served
    stranger = login(member(other_bureau, username="stranger"))
    base = f"/work/cases/{case.pk}/records/{marked.pk}"

    for url in (
        f"{base}/",
        f"{base}/file",
        f"{base}/redacted.pdf",
        f"{base}/page-1.png",
        f"{base}/redacted-1.png",
    ):
        assert stranger.get(url).status_code == 404, url
    assert stranger.post(f"{base}/mark/", {**SECOND_LINE, "basis": "14", "version": 2}).status_code == 404
    assert stranger.post(f"/work/cases/{case.pk}/records/", {"version": 0}).status_code == 404


def test_the_agencys_staff_download_the_original_and_the_redacted_file(
    served: tuple[Application, CaseDocument, CaseDocument], clerk: User, supervisor: User
) -> None:
    case, marked, _ = served
    base = f"/work/cases/{case.pk}/records/{marked.pk}"
    staff = login(clerk)

    status, original = download(staff, f"{base}/file")
    assert status == 200
    assert "秘密" in text_of(original)
    assert download(staff, f"{base}/redacted.pdf")[0] == 200
    assert staff.get(f"{base}/page-1.png")["Content-Type"] == "image/png"
    # The county's supervisor reads the case, not its records.
    assert login(supervisor).get(f"{base}/file").status_code == 403


def test_the_reply_letter_lists_its_attachments_by_name_and_says_see_attachment(
    bureau: Agency, clerk: User
) -> None:
    case = application(bureau, clerk)
    redacted(case, clerk)
    attach(case, clerk, name="现场照片.png", content=png_bytes())
    decide(case, clerk, "partial")

    text = letters.compose_letter(Application.objects.get(pk=case.pk), "reply").text()

    assert "附件：1．批复文件（区分处理）\n2．现场照片\n" in text
    assert "通过邮寄方式向您提供（见附件）；对不应当公开的内容不予公开。" in text
    html = letters.letter_html(letters.compose_letter(Application.objects.get(pk=case.pk), "reply"))
    assert "<span></span><span>2．</span><span>现场照片</span>" in html


def test_a_reply_without_documents_mentions_no_attachment(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk)
    decide(case, clerk, "granted")

    text = letters.compose_letter(Application.objects.get(pk=case.pk), "reply").text()

    assert "附件" not in text
    assert "通过邮寄方式向您提供。" in text


def test_a_single_attachment_is_listed_without_a_number(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk)
    attach(case, clerk)
    decide(case, clerk, "granted")

    text = letters.compose_letter(Application.objects.get(pk=case.pk), "reply").text()

    assert "\n附件：批复文件\n" in text


def test_the_reply_waits_for_the_redacted_file(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk)
    document = attach(case, clerk)
    document = records.mark_text(
        acting_user=clerk, document=document, text="秘密", basis="15-privacy", version=document.version
    )
    decide(case, clerk, "partial")

    with pytest.raises(ActionError, match="遮盖尚未生成"):
        actions.reply(
            acting_user=clerk, application=Application.objects.get(pk=case.pk), on=dt.date(2025, 3, 21)
        )
    assert Application.objects.get(pk=case.pk).status == "decided"

    records.apply_redaction(acting_user=clerk, document=document, version=document.version)
    actions.reply(acting_user=clerk, application=Application.objects.get(pk=case.pk), on=dt.date(2025, 3, 21))
    assert Application.objects.get(pk=case.pk).status == "replied"


def test_a_document_with_marks_is_never_delivered_under_a_decision_to_disclose_in_full(
    bureau: Agency, clerk: User
) -> None:
    case = application(bureau, clerk)
    document = attach(case, clerk)
    document = records.mark_text(
        acting_user=clerk, document=document, text="秘密", basis="15-privacy", version=document.version
    )

    # Deciding, or correcting the decision to, 予以公开 is refused while a delivered document has marks.
    with pytest.raises(ActionError, match="办理结果应为部分公开"):
        decide(case, clerk, "granted")
    decide(case, clerk, "partial")
    with pytest.raises(ActionError, match="办理结果应为部分公开"):
        actions.correct_decision(
            acting_user=clerk,
            application=Application.objects.get(pk=case.pk),
            outcome="granted",
            articles=["36.2"],
            legal_basis="",
            reason="误选",
        )
    assert Application.objects.get(pk=case.pk).outcome == "partial"

    # Marked after a decision to disclose in full: the reply says what to do.
    other = application(bureau, clerk, applicant_name="王五")
    page = attach(other, clerk)
    decide(other, clerk, "granted")
    page = records.mark_text(acting_user=clerk, document=page, text="秘密", basis="14", version=page.version)
    records.apply_redaction(acting_user=clerk, document=page, version=page.version)
    with pytest.raises(ActionError, match="办理结果为予以公开"):
        actions.reply(
            acting_user=clerk, application=Application.objects.get(pk=other.pk), on=dt.date(2025, 3, 21)
        )


def test_after_the_reply_the_records_cannot_change(
    served: tuple[Application, CaseDocument, CaseDocument], clerk: User
) -> None:
    case, marked, _ = served

    response = login(clerk).post(
        f"/work/cases/{case.pk}/records/{marked.pk}/mark/",
        {**SECOND_LINE, "basis": "14", "version": marked.version},
    )

    assert response.status_code == 409
    assert "答复书已出具" in response.content.decode()
    assert len(CaseDocument.objects.get(pk=marked.pk).marks) == 1


def test_a_file_that_lies_about_its_type_is_refused_and_nothing_is_kept(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk)
    staff = login(clerk)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = staff.post(
        f"/work/cases/{case.pk}/records/",
        {"version": case.version, "file": SimpleUploadedFile("批复.pdf", png_bytes(), "application/pdf")},
    )

    assert response.status_code == 400
    assert "扩展名是.pdf，内容却是PNG 图片" in response.content.decode()
    assert not CaseDocument.objects.exists()
    assert not case.events.filter(kind="document_added").exists()


def test_the_clerk_attaches_through_the_case_page_and_sees_the_record_listed(
    bureau: Agency, clerk: User
) -> None:
    case = application(bureau, clerk)
    staff = login(clerk)
    from django.core.files.uploadedfile import SimpleUploadedFile

    response = staff.post(
        f"/work/cases/{case.pk}/records/",
        {"version": case.version, "file": SimpleUploadedFile("批复文件.pdf", lines_pdf(), "application/pdf")},
    )

    assert response.status_code == 302
    page = staff.get(f"/work/cases/{case.pk}/").content.decode()
    assert "批复文件.pdf" in page
    assert "添加答复材料" in page
    document = CaseDocument.objects.get()
    assert (document.page_count, document.delivered, document.uploaded_by) == (1, True, clerk)


def test_the_clerk_sees_each_page_of_the_redacted_file_as_the_applicant_will(
    served: tuple[Application, CaseDocument, CaseDocument], clerk: User
) -> None:
    case, marked, _ = served
    staff = login(clerk)

    page = staff.get(f"/work/cases/{case.pk}/records/{marked.pk}/").content.decode()
    image = staff.get(f"/work/cases/{case.pk}/records/{marked.pk}/redacted-1.png")

    assert f"/work/cases/{case.pk}/records/{marked.pk}/redacted-1.png" in page
    assert image.status_code == 200
    assert image.content.startswith(b"\x89PNG")
