"""An applicant who chose 「通过电子邮件接收通知」 gets a mail at registration (the receipt with the
查询码 and its PDF), on a correction request, an extension, the reply and a corrected reply; one
who did not choose it gets none; a step that rolls back sends nothing. Django's locmem backend;
each mail's text is checked against what the clerk's step says, worked out by hand."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

import pytest
from django.contrib.auth.models import User
from django.core import mail
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.applications import actions
from gongkai.applications.models import Application, Notification, NotificationStatus
from gongkai.core.actions import batch
from tests.factories import application

from .test_public_online_application_registers_a_case import filled_in, form_token

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


def by_email(bureau: Agency, clerk: User, **fields: Any) -> Application:
    return application(
        bureau,
        clerk,
        received=dt.date(2026, 6, 30),
        email="zhangsan@example.com",
        notify_by_email=True,
        **fields,
    )


def grouped(code: str) -> str:
    return f"{code[:4]} {code[4:8]} {code[8:]}"


@pytest.mark.slow
def test_applying_online_with_email_chosen_mails_the_receipt_with_code_deadline_and_pdf(
    client: Client, bureau: Agency, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/apply/", {**filled_in(bureau, notify_by_email="on"), "form_token": form_token(client)}
        )
    assert response.status_code == 302
    case = Application.objects.get()
    assert case.notify_by_email

    [message] = mail.outbox
    assert message.to == ["zhangsan@example.com"]
    assert message.subject == "政府信息公开申请受理回执（SXZRZY-2026-00001）"
    assert message.from_email == "示例县自然资源局 <no-reply@localhost>"
    text = message.body
    assert text.startswith("张三：\n")
    assert "示例县自然资源局已收到您的政府信息公开申请" in text
    assert "登记号：SXZRZY-2026-00001\n" in text
    assert f"查询码：{grouped(case.tracking_code)}\n" in text
    assert "收到申请之日：2026年6月30日\n" in text
    # 20 working days after Tuesday 30 June 2026: Jul 1-3 (3), 6-10 (8), 13-17 (13), 20-24 (18), 27-28 (20).
    assert "答复期限：2026年7月28日\n" in text
    assert "20个工作日" in text  # the explanation, step by step
    assert "http://127.0.0.1:8000/track/" in text
    assert "地址：示例县人民路1号" in text  # the agency's letterhead signs it
    [(html, kind)] = message.alternatives  # type: ignore[attr-defined]
    assert kind == "text/html"
    assert grouped(case.tracking_code) in html
    assert "2026年7月28日" in html
    [(name, pdf, mimetype)] = message.attachments  # type: ignore[misc]
    assert (name, mimetype) == ("SXZRZY-2026-00001-申请回执.pdf", "application/pdf")
    assert pdf.startswith(b"%PDF")
    note = Notification.objects.get()
    assert (note.status, note.attempts, note.application) == (NotificationStatus.SENT, 1, case)


def test_without_the_email_choice_the_applicant_gets_no_mail(
    client: Client, bureau: Agency, django_capture_on_commit_callbacks: Capture
) -> None:
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/apply/", {**filled_in(bureau), "form_token": form_token(client)})
    assert response.status_code == 302
    assert mail.outbox == []
    assert not Notification.objects.exists()


def test_choosing_email_notices_without_an_address_is_explained(client: Client, bureau: Agency) -> None:
    response = client.post(
        "/apply/", {**filled_in(bureau, notify_by_email="on", email=""), "form_token": form_token(client)}
    )
    assert response.status_code == 200
    assert "选择通过电子邮件接收通知的，请填写电子邮箱" in response.content.decode()
    assert not Application.objects.exists()


def test_the_apply_form_offers_the_email_choice(client: Client, bureau: Agency) -> None:
    page = client.get("/apply/").content.decode()
    assert 'name="notify_by_email"' in page
    assert "通过电子邮件接收通知" in page


def test_a_correction_request_mails_what_to_correct(
    bureau: Agency, clerk: User, django_capture_on_commit_callbacks: Capture
) -> None:
    case = by_email(bureau, clerk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.request_correction(
            acting_user=clerk, application=case, on=case.received_on, what="请写明所需文件的年份和文号。"
        )
    [message] = mail.outbox
    assert message.subject == "请补正您的政府信息公开申请（SXZRZY-2026-00001）"
    assert message.body == (
        "张三：\n\n"
        "您于2026年6月30日提出的政府信息公开申请（登记号SXZRZY-2026-00001）内容不够明确，"
        "根据《中华人民共和国政府信息公开条例》第三十条的规定，请您补正以下事项：\n\n"
        "请写明所需文件的年份和文号。\n\n"
        "答复期限自本机关收到补正后的申请之日起计算。无正当理由逾期不补正的，视为放弃申请。"
        "《补正申请告知书》可在下面的网址下载。\n\n"
        "告知补正日期：2026年6月30日\n\n"
        "查询办理进度、下载告知书和答复书：http://127.0.0.1:8000/track/\n\n"
        "示例县自然资源局\n地址：示例县人民路1号\n联系电话：0000-1234567\n\n"
        "（本邮件由系统自动发送，请勿直接回复。）\n"
    )
    assert message.attachments == []


def test_an_extension_mails_the_new_deadline_and_its_reason(
    bureau: Agency, clerk: User, office_head: User, django_capture_on_commit_callbacks: Capture
) -> None:
    case = by_email(bureau, clerk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.extend_deadline(acting_user=office_head, application=case, reason="需要调取档案馆的历史档案")
    [message] = mail.outbox
    assert message.subject == "您的政府信息公开申请答复期限已延长（SXZRZY-2026-00001）"
    assert (
        "您提出的政府信息公开申请（登记号SXZRZY-2026-00001）因需要调取档案馆的历史档案，"
        "经本机关政府信息公开工作机构负责人同意，根据《中华人民共和国政府信息公开条例》第三十三条的规定，"
        "答复期限延长20个工作日。" in message.body
    )
    # 28 July plus 20 working days: Jul 29-31 (3), Aug 3-7 (8), 10-14 (13), 17-21 (18), 24-25 (20).
    assert "延长后的答复期限：2026年8月25日\n" in message.body


def test_the_reply_mails_the_outcome_and_the_letter_number_and_points_to_track(
    bureau: Agency, clerk: User, django_capture_on_commit_callbacks: Capture
) -> None:
    case = by_email(bureau, clerk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        case = actions.decide(
            acting_user=clerk, application=case, outcome="granted", legal_basis="", on=case.received_on
        )
    assert mail.outbox == []  # a decision is told with its reply letter, not before (it may change)
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(acting_user=clerk, application=case, on=case.received_on)
    [message] = mail.outbox
    assert message.subject == "您的政府信息公开申请已作出答复（SXZRZY-2026-00001）"
    assert "办理结果：予以公开\n答复书文号：示县公开〔2026〕1号\n答复日期：2026年6月30日\n" in message.body
    assert "答复书及所附材料已可在下面的网址查看和下载" in message.body
    assert "http://127.0.0.1:8000/track/" in message.body


def test_a_reply_corrected_after_it_was_issued_is_mailed_again(
    bureau: Agency, clerk: User, django_capture_on_commit_callbacks: Capture
) -> None:
    case = by_email(bureau, clerk)
    with django_capture_on_commit_callbacks(execute=True):
        case = actions.decide(
            acting_user=clerk, application=case, outcome="granted", legal_basis="", on=case.received_on
        )
        case = actions.reply(acting_user=clerk, application=case, on=case.received_on)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.correct_decision(
            acting_user=clerk,
            application=case,
            outcome="unavailable_not_held",
            articles=["36.4"],
            legal_basis="经检索，本机关未制作或者获取该信息",
            reason="承办人误选了办理结果",
        )
    [message] = mail.outbox
    assert message.subject == "您的政府信息公开申请的答复已更正（SXZRZY-2026-00001）"
    assert "以更正后的答复书为准。更正后的答复书已可在下面的网址查看和下载。" in message.body
    assert (
        "更正后的办理结果：无法提供：本机关不掌握相关政府信息\n更正理由：承办人误选了办理结果\n"
        in message.body
    )


def test_a_step_that_rolls_back_sends_nothing(
    bureau: Agency, clerk: User, django_capture_on_commit_callbacks: Capture
) -> None:
    case = by_email(bureau, clerk)
    mail.outbox.clear()
    written = []

    def step_that_fails_after_its_mail() -> None:
        with batch():
            actions.request_correction(
                acting_user=clerk, application=case, on=case.received_on, what="请写明年份"
            )
            written.append(Notification.objects.filter(kind="correction").count())
            raise RuntimeError("the step fails after its mail was written")

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError):
        step_that_fails_after_its_mail()
    assert written == [1]  # the mail was in the outbox, inside the step's transaction
    assert mail.outbox == []
    assert not Notification.objects.filter(kind="correction").exists()
    case.refresh_from_db()
    assert case.status == "registered"


@pytest.mark.slow
def test_a_counter_application_with_email_chosen_mails_the_receipt_too(
    bureau: Agency, clerk: User, django_capture_on_commit_callbacks: Capture
) -> None:
    from .test_work_counter_intake import form, login

    client = login(clerk)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/work/cases/new/", form(bureau, email="wangwu@example.com", notify_by_email="on")
        )
    assert response.status_code == 302
    [message] = mail.outbox
    assert message.to == ["wangwu@example.com"]
    assert message.subject == "政府信息公开申请受理回执（SXZRZY-2026-00001）"
    # Handed in on Monday 29 June: 20 working days end on Monday 27 July (one day before 28 July).
    assert "收到申请之日：2026年6月29日\n答复期限：2026年7月27日\n" in message.body
    assert [name for name, *_ in message.attachments] == ["SXZRZY-2026-00001-申请回执.pdf"]


def test_a_counter_application_with_email_chosen_but_no_address_is_refused(
    bureau: Agency, clerk: User
) -> None:
    from .test_work_counter_intake import form, login

    response = login(clerk).post("/work/cases/new/", form(bureau, notify_by_email="on"))
    assert response.status_code == 400
    assert "选择通过电子邮件接收通知的，请填写电子邮箱" in response.content.decode()
    assert not Application.objects.exists()


def test_a_fee_notice_mails_the_amount_the_last_day_to_pay_and_how(
    bureau: Agency, clerk: User, django_capture_on_commit_callbacks: Capture
) -> None:
    case = by_email(bureau, clerk)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.issue_fee_notice(
            acting_user=clerk, application=case, basis="by_pages", quantity=250, notified_on=case.received_on
        )
    [message] = mail.outbox
    assert message.subject == "请缴纳政府信息公开信息处理费（SXZRZY-2026-00001）"
    assert "逾期未缴纳的，视为放弃申请" in message.body
    # 250 pages: 1-30 free, 31-100 at 10 (700), 101-200 at 20 (2,000), 201-250 at 40 (2,000).
    # 20 working days from the day after Tuesday 30 June 2026: Jul 1-3 (3), 6-10 (8), 13-17 (13),
    # 20-24 (18), 27-28 (20).
    assert (
        "应缴金额：4,700元\n缴费期限：2026年7月28日前\n缴费方式：通过非税收入缴款码缴纳，收款单位：示例县财政局\n"
        in message.body
    )


def test_the_reply_mail_names_the_documents_delivered_with_it(
    bureau: Agency, clerk: User, django_capture_on_commit_callbacks: Capture
) -> None:
    from gongkai.applications import records

    from .records_helpers import attach, lines_pdf, png_bytes

    case = by_email(bureau, clerk)
    attach(case, clerk, "批复文件.pdf")
    attach(case, clerk, "现场照片.png", png_bytes())
    internal = attach(case, clerk, "内部审批单.pdf", lines_pdf(pages=2))
    records.set_delivered(acting_user=clerk, document=internal, delivered=False)
    case = Application.objects.get(pk=case.pk)
    with django_capture_on_commit_callbacks(execute=True):
        case = actions.decide(
            acting_user=clerk, application=case, outcome="granted", legal_basis="", on=case.received_on
        )
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        actions.reply(acting_user=clerk, application=case, on=case.received_on)
    [message] = mail.outbox
    # the two delivered, in the order attached; the one kept back is not named
    assert "答复日期：2026年6月30日\n所附材料：批复文件.pdf；现场照片.png\n" in message.body
    assert "内部审批单" not in message.body
