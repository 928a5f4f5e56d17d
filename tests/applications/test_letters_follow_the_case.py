"""Which letters a case has follows its state, and each notice says what the law asks it to say."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.contrib.auth.models import User
from docx import Document

from gongkai.agencies.models import Agency
from gongkai.applications import actions
from gongkai.applications.letters import available_letters, render_letter
from gongkai.applications.models import Application
from tests.factories import application

pytestmark = pytest.mark.django_db


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(BytesIO(data)).paragraphs)


def keys(case: Application) -> list[str]:
    return [key for key, _ in available_letters(case)]


def test_a_new_case_has_no_letter_and_refuses_one(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk)
    assert available_letters(case) == []
    with pytest.raises(KeyError):
        render_letter(case, "reply", "docx")


def test_letters_appear_as_the_case_goes_on(bureau: Agency, clerk: User, office_head: User) -> None:
    case = application(bureau, clerk, received=dt.date(2025, 3, 3))
    actions.request_correction(
        acting_user=clerk, application=case, on=dt.date(2025, 3, 5), what="请写明文件的年份"
    )
    assert available_letters(case) == [("correction", "政府信息公开申请补正告知书")]

    case = actions.record_correction(acting_user=clerk, application=case, on=dt.date(2025, 3, 10))
    case = actions.extend_deadline(
        acting_user=office_head, application=case, reason="信息量大", on=dt.date(2025, 3, 20)
    )
    third = actions.start_consultation(
        acting_user=clerk,
        application=case,
        party_kind="third_party",
        party_name="示例建筑有限公司",
        sent_on=dt.date(2025, 3, 21),
    )
    assert available_letters(case) == [
        ("correction", "政府信息公开申请补正告知书"),
        ("extension", "政府信息公开申请延长答复期限告知书"),
        (f"consultation-{third.pk}", "政府信息公开征求第三方意见函（示例建筑有限公司）"),
    ]
    with pytest.raises(KeyError):
        render_letter(case, "reply", "docx")  # not decided yet

    actions.record_consultation_answer(
        acting_user=clerk, consultation=third, answered_on=dt.date(2025, 3, 28), answer="同意公开"
    )
    case.refresh_from_db()
    case = actions.decide(
        acting_user=clerk, application=case, outcome="granted", legal_basis="", on=dt.date(2025, 4, 1)
    )
    assert keys(case) == ["correction", "extension", f"consultation-{third.pk}", "reply"]


def test_another_cases_consultation_is_not_a_letter_of_this_case(bureau: Agency, clerk: User) -> None:
    mine = application(bureau, clerk)
    theirs = application(bureau, clerk, applicant_name="王五")
    consultation = actions.start_consultation(
        acting_user=clerk,
        application=theirs,
        party_kind="third_party",
        party_name="示例建筑有限公司",
        sent_on=dt.date(2025, 3, 5),
    )
    with pytest.raises(KeyError):
        render_letter(mine, f"consultation-{consultation.pk}", "docx")


def test_an_unknown_format_is_refused(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk)
    actions.request_correction(acting_user=clerk, application=case, on=dt.date(2025, 3, 5), what="年份")
    with pytest.raises(ValueError, match="docx 或 pdf"):
        render_letter(case, "correction", "odt")


def test_the_correction_notice_says_what_to_correct_by_when_and_what_silence_means(
    bureau: Agency, clerk: User
) -> None:
    case = application(bureau, clerk, received=dt.date(2025, 3, 3))
    actions.request_correction(
        acting_user=clerk, application=case, on=dt.date(2025, 3, 5), what="请写明所需批复文件的年份和文号"
    )
    # Issued again after the corrected text arrived, the notice still quotes the request as first received.
    case = actions.record_correction(
        acting_user=clerk, application=case, on=dt.date(2025, 3, 10), text="2024年，示规批〔2024〕3号"
    )
    text = docx_text(render_letter(case, "correction", "docx"))
    assert "\n请写明所需批复文件的年份和文号。\n" in text  # its own paragraph, a full sentence
    assert "自收到本告知书之日起15个工作日内" in text
    assert "逾期不补正的，视为放弃申请" in text
    assert "“2024年本县城乡规划调整的批复文件”" in text
    assert "示规批〔2024〕3号" not in text
    assert "登记号：SXZRZY-2025-00001" in text
    assert "张三：" in text
    assert "2025年3月5日" in text  # the day of the notice


def test_the_extension_notice_gives_the_reason_and_the_new_due_date(
    bureau: Agency, clerk: User, office_head: User
) -> None:
    case = application(bureau, clerk, received=dt.date(2025, 3, 3))
    case = actions.extend_deadline(
        acting_user=office_head,
        application=case,
        reason="申请内容涉及多个年度的档案，需调档检索。",
        on=dt.date(2025, 3, 20),
    )
    text = docx_text(render_letter(case, "extension", "docx"))
    # 40 working days from Monday 2025-03-03: Mar 31 is the 20th; Apr 1-3 (23), Apr 4 清明 off,
    # Apr 7-11 (28), 14-18 (33), 21-25 (38), Sunday Apr 27 is a make-up working day (39), Apr 28 (40).
    assert "本机关将于2025年4月28日前作出答复" in text
    assert "因申请内容涉及多个年度的档案，需调档检索，本机关不能在法定期限内作出答复" in text
    assert "第三十三条第二款" in text
    assert "2025年3月20日" in text


def test_the_third_party_letter_gives_fifteen_working_days_and_the_effect_of_silence(
    bureau: Agency, clerk: User
) -> None:
    case = application(bureau, clerk, received=dt.date(2025, 3, 3))
    consultation = actions.start_consultation(
        acting_user=clerk,
        application=case,
        party_kind="third_party",
        party_name="示例建筑有限公司",
        sent_on=dt.date(2025, 3, 6),
    )
    text = docx_text(render_letter(case, f"consultation-{consultation.pk}", "docx"))
    assert "示例建筑有限公司：" in text
    assert "第三十二条" in text
    assert "自收到本函之日起15个工作日内提出书面意见" in text
    assert "逾期未提出意见的，由本机关依照《中华人民共和国政府信息公开条例》的规定决定是否公开" in text
    assert "张三" in text
    assert "登记号：SXZRZY-2025-00001" in text


def test_an_agency_consulted_is_told_that_silence_is_consent(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk, received=dt.date(2025, 3, 3))
    consultation = actions.start_consultation(
        acting_user=clerk,
        application=case,
        party_kind="agency",
        party_name="示例县住房和城乡建设局",
        sent_on=dt.date(2025, 3, 6),
    )
    text = docx_text(render_letter(case, f"consultation-{consultation.pk}", "docx"))
    assert "示例县住房和城乡建设局：" in text
    assert "第三十四条" in text
    assert "逾期未提出意见的，视为同意公开" in text


def test_the_fee_notice_states_basis_quantity_amount_and_pay_by_date(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk, received=dt.date(2025, 3, 3))
    actions.issue_fee_notice(
        acting_user=clerk, application=case, basis="by_pages", quantity=250, notified_on=dt.date(2025, 3, 5)
    )
    assert ("fee", "政府信息公开信息处理费收费通知书") in available_letters(case)
    text = docx_text(render_letter(case, "fee", "docx"))
    assert "国办函〔2020〕109号" in text
    assert "第四十二条" in text
    assert "按量计收" in text
    assert "本件申请共250页" in text
    # 250 pages: 1-30 free, 31-100 at 10 (700), 101-200 at 20 (2,000), 201-250 at 40 (2,000).
    assert "应缴金额：4,700元" in text
    # 20 working days from the day after Wednesday 2025-03-05: Mar 6-7 (2), 10-14 (7), 17-21 (12),
    # 24-28 (17), Mar 31 (18), Apr 1 (19), Apr 2 (20).
    assert "（2025年4月2日前）缴纳" in text
    assert "逾期未缴纳的，视为放弃申请" in text


def test_a_case_abandoned_without_correction_gets_a_termination_notice(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk, received=dt.date(2025, 3, 3))
    actions.request_correction(acting_user=clerk, application=case, on=dt.date(2025, 3, 5), what="请写明年份")
    case = actions.abandon(acting_user=clerk, application=case, on=dt.date(2025, 4, 10))
    assert keys(case) == ["correction", "reply"]
    assert dict(available_letters(case))["reply"] == "政府信息公开申请终止办理告知书"
    text = docx_text(render_letter(case, "reply", "docx"))
    assert "本机关已于2025年3月5日告知您对申请内容作出补正，需要补正的事项为：请写明年份" in text
    assert "根据《中华人民共和国政府信息公开条例》第三十条的规定，视为您放弃申请" in text
    assert "如对本告知不服，可以自收到本告知之日起60日内向示例县人民政府申请行政复议" in text
    assert "2025年4月10日" in text


def test_a_case_abandoned_for_an_unpaid_fee_gets_a_termination_notice(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk, received=dt.date(2025, 3, 3))
    actions.issue_fee_notice(
        acting_user=clerk, application=case, basis="by_count", quantity=12, notified_on=dt.date(2025, 3, 5)
    )
    case = actions.abandon(acting_user=clerk, application=case, on=dt.date(2025, 4, 3))
    text = docx_text(render_letter(case, "reply", "docx"))
    assert "本机关已于2025年3月5日向您发出信息处理费收费通知书，应缴金额100元，缴费期限至2025年4月2日" in text
    assert "《政府信息公开信息处理费管理办法》" in text
    assert "视为您放弃申请" in text


def test_a_withdrawn_case_gets_an_acknowledgement_without_remedies(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk, received=dt.date(2025, 3, 3))
    case = actions.withdraw(acting_user=None, application=case, on=dt.date(2025, 3, 6), reason="已自行找到")
    assert available_letters(case) == [("reply", "政府信息公开申请终止办理告知书")]
    text = docx_text(render_letter(case, "reply", "docx"))
    assert "您于2025年3月6日撤回了该政府信息公开申请，本机关终止办理。" in text
    assert "行政复议" not in text
