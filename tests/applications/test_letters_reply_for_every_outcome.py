"""The reply letter (答复书) of every outcome reads as a lawyer would write it: the finding, the
clerk's reasons as their own sentence, the articles chosen, the decision, then the remedies
with the agency's own reconsideration body and court. The expected texts are written out by hand.
"""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pytest
from django.contrib.auth.models import User
from docx import Document

from gongkai.agencies.models import Agency, Level
from gongkai.applications import actions
from gongkai.applications.letters import available_letters, render_letter
from gongkai.applications.models import Application, Outcome
from tests.factories import AgencyFactory, application, letterhead, member

pytestmark = pytest.mark.django_db

REGS = "《中华人民共和国政府信息公开条例》"
PROVIDED = "按您要求的纸质形式，通过邮寄方式向您提供"

# outcome -> (the clerk's reasons as typed, the decision paragraph of the letter, written by hand)
DECISIONS: dict[str, tuple[str, str]] = {
    "granted": (
        "",
        "经审查，您申请获取的政府信息属于可以公开的政府信息。"
        f"根据{REGS}第三十六条第（二）项的规定，本机关决定予以公开，{PROVIDED}。",
    ),
    "partial": (
        "批复文件附件二载有被征收户的姓名和身份证号码",
        "经审查，您申请获取的政府信息中含有不应当公开的内容，但是能够作区分处理。"
        "批复文件附件二载有被征收户的姓名和身份证号码。"
        f"根据{REGS}第三十七条的规定，本机关决定部分公开：对可以公开的内容予以公开，{PROVIDED}；"
        "对不应当公开的内容不予公开。",
    ),
    "withheld_secret": (
        "经审查，该批复已于2024年5月定为秘密级国家秘密，保密期限十年。",
        "经审查，您申请获取的政府信息属于依法确定为国家秘密的政府信息。"
        "该批复已于2024年5月定为秘密级国家秘密，保密期限十年。"
        f"根据{REGS}第十四条、第三十六条第（三）项的规定，本机关决定不予公开。",
    ),
    "withheld_law": (
        "该信息属于《统计法》第二十五条规定不得对外提供的统计调查对象资料",
        "经审查，您申请获取的政府信息属于法律、行政法规禁止公开的政府信息。"
        "该信息属于《统计法》第二十五条规定不得对外提供的统计调查对象资料。"
        f"根据{REGS}第十四条、第三十六条第（三）项的规定，本机关决定不予公开。",
    ),
    "withheld_security": (
        "该信息载有水源地取水口的精确坐标",
        "经审查，您申请获取的政府信息公开后可能危及国家安全、公共安全、经济安全、社会稳定。"
        "该信息载有水源地取水口的精确坐标。"
        f"根据{REGS}第十四条、第三十六条第（三）项的规定，本机关决定不予公开。",
    ),
    "withheld_third_party": (
        "经征求意见，第三方示例矿业有限公司不同意公开其采矿工艺资料",
        "经审查，您申请获取的政府信息涉及商业秘密、个人隐私等，公开会对第三方合法权益造成损害。"
        "经征求意见，第三方示例矿业有限公司不同意公开其采矿工艺资料。"
        f"根据{REGS}第十五条、第三十二条、第三十六条第（三）项的规定，本机关决定不予公开。",
    ),
    "withheld_internal": (
        "所申请的是本局机关食堂的管理制度",
        "经审查，您申请获取的政府信息属于行政机关的内部事务信息，包括人事管理、后勤管理、"
        "内部工作流程等方面的信息。所申请的是本局机关食堂的管理制度。"
        f"根据{REGS}第十六条第一款、第三十六条第（三）项的规定，本机关决定不予公开。",
    ),
    "withheld_process": (
        "所申请的是规划调整方案的征求意见稿",
        "经审查，您申请获取的政府信息属于行政机关在履行行政管理职能过程中形成的讨论记录、过程稿、"
        "磋商信函、请示报告等过程性信息。所申请的是规划调整方案的征求意见稿。"
        f"根据{REGS}第十六条第二款、第三十六条第（三）项的规定，本机关决定不予公开。",
    ),
    "withheld_enforcement": (
        "所申请的是本局2024年第12号行政处罚案件的调查笔录",
        "经审查，您申请获取的政府信息属于行政执法案卷信息。所申请的是本局2024年第12号行政处罚案件的调查笔录。"
        f"根据{REGS}第十六条第二款、第三十六条第（三）项的规定，本机关决定不予公开。",
    ),
    "withheld_query": (
        "不动产登记资料的查询依照《不动产登记暂行条例》第二十七条办理",
        "经审查，您申请获取的信息属于行政查询事项，有关法律、行政法规对该类信息的获取有特别规定。"
        "不动产登记资料的查询依照《不动产登记暂行条例》第二十七条办理。"
        f"根据{REGS}第三十六条第（七）项的规定，本机关不作为政府信息公开申请提供，"
        "请您依照有关法律、行政法规的规定，通过相应渠道办理查询。",
    ),
    "unavailable_not_held": (
        "本局档案室和规划科均未存有该批复",
        "经检索，本机关没有制作或者获取您申请公开的政府信息，该政府信息不存在。"
        "本局档案室和规划科均未存有该批复。"
        f"根据{REGS}第三十六条第（四）项的规定，本机关无法提供。",
    ),
    "unavailable_needs_creation": (
        "本局未按村统计调整面积",
        "经审查，本机关没有与您的申请内容相对应的现成政府信息，需要对现有政府信息进行加工、分析才能形成。"
        "本局未按村统计调整面积。"
        f"根据{REGS}第三十八条的规定，本机关不予提供。",
    ),
    "unavailable_unclear": (
        "补正后仍未说明所指的年度和区域",
        "本机关已告知您对申请内容作出补正，但补正后的申请内容仍不明确，本机关无法据此确定您申请公开的政府信息。"
        "补正后仍未说明所指的年度和区域。"
        f"根据{REGS}第二十九条第二款、第三十条的规定，本机关无法提供。",
    ),
    "rejected_petition": (
        "申请内容系反映邻居违章建房问题",
        "经审查，您以政府信息公开申请的形式进行信访、投诉、举报等活动。申请内容系反映邻居违章建房问题。"
        f"根据{REGS}第三十九条第一款的规定，本机关不作为政府信息公开申请处理，"
        "您可以通过信访、投诉、举报等相应渠道提出。",
    ),
    "rejected_repeat": (
        "本机关已于2025年1月6日答复您的同一申请",
        "经审查，本机关已就您提出的政府信息公开申请作出答复，您本次重复申请公开相同的政府信息。"
        "本机关已于2025年1月6日答复您的同一申请。"
        f"根据{REGS}第三十六条第（六）项的规定，本机关不予重复处理。",
    ),
    "rejected_publication": (
        "该文件已刊登在《示例县人民政府公报》2024年第3期",
        "经审查，您申请获取的是政府公报、报刊、书籍等公开出版物。该文件已刊登在《示例县人民政府公报》2024年第3期。"
        f"根据{REGS}第三十九条第二款的规定，本机关不作为政府信息公开申请处理，"
        "您可以通过公开发行渠道或者公共图书馆、政府公开查阅点等途径获取。",
    ),
    "rejected_vexatious": (
        "您在2025年2月共提出申请137件",
        "您申请公开政府信息的数量、频次明显超过合理范围，经本机关要求说明理由，本机关认为申请理由不合理。"
        "您在2025年2月共提出申请137件。"
        f"根据{REGS}第三十五条的规定，本机关不予处理。",
    ),
    "rejected_confirmation": (
        "您要求本局对已获取的批复加盖印章确认",
        "经审查，您的申请系要求本机关确认或者重新出具您已获取的信息，不属于申请获取政府信息的情形。"
        "您要求本局对已获取的批复加盖印章确认。"
        f"根据{REGS}第二条、第二十七条的规定，本机关不作为政府信息公开申请处理。",
    ),
}

REMEDIES = (
    "如对本答复不服，可以自收到本答复之日起60日内向示例县人民政府申请行政复议，"
    "或者自收到本答复之日起6个月内向示例县人民法院提起行政诉讼。"
)


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(BytesIO(data)).paragraphs if p.text)


def decided(bureau: Agency, clerk: User, outcome: str, reasons: str, **fields: object) -> Application:
    case = application(bureau, clerk, received=dt.date(2025, 3, 3), **fields)
    return actions.decide(
        acting_user=clerk,
        application=case,
        outcome=outcome,
        legal_basis=reasons,
        on=dt.date(2025, 3, 24),
    )


def test_every_outcome_a_clerk_decides_has_a_decision_text() -> None:
    assert set(DECISIONS) == {o.value for o in Outcome if not o.value.startswith("other_")}


@pytest.mark.parametrize("outcome", DECISIONS)
def test_the_reply_of_each_outcome_reads_as_written_by_hand(
    bureau: Agency, clerk: User, outcome: str
) -> None:
    reasons, decision = DECISIONS[outcome]
    case = decided(bureau, clerk, outcome, reasons)
    assert ("reply", "政府信息公开申请答复书") in available_letters(case)

    expected = "\n".join(
        [
            "示例县自然资源局",
            "示县公开〔2025〕1号",
            "示例县自然资源局政府信息公开申请答复书",
            "（登记号：SXZRZY-2025-00001）",
            "张三：",
            "本机关于2025年3月3日收到您提交的政府信息公开申请，"
            "您申请获取：“2024年本县城乡规划调整的批复文件”。现答复如下：",
            decision,
            REMEDIES,
            "特此告知。",
            "示例县自然资源局",
            "2025年3月24日",
            "（联系地址：示例县人民路1号；联系电话：0000-1234567）",
        ]
    )
    assert docx_text(render_letter(case, "reply", "docx")) == expected


def test_a_request_ending_with_a_full_stop_is_quoted_without_a_doubled_one(
    bureau: Agency, clerk: User
) -> None:
    case = decided(bureau, clerk, "granted", "", description="本县2024年城乡规划调整的批复文件。")
    text = docx_text(render_letter(case, "reply", "docx"))
    assert "您申请获取：“本县2024年城乡规划调整的批复文件”。现答复如下：" in text
    assert "。”。" not in text
    assert "经审查，现答复如下" not in text


def test_reasons_typed_as_the_old_form_invited_do_not_double_words(bureau: Agency, clerk: User) -> None:
    case = decided(
        bureau, clerk, "unavailable_not_held", "经审查，本局未制作该批复。\n经检索，档案中也没有。"
    )
    text = docx_text(render_letter(case, "reply", "docx"))
    assert "该政府信息不存在。本局未制作该批复。经检索，档案中也没有。根据" in text
    assert text.count("经审查") == 0
    assert "。。" not in text


def test_the_clerks_note_follows_the_decision_as_its_own_paragraph(bureau: Agency, clerk: User) -> None:
    case = application(
        bureau, clerk, received=dt.date(2025, 3, 3), delivery="email", form_wanted="electronic"
    )
    case = actions.decide(
        acting_user=clerk,
        application=case,
        outcome="granted",
        legal_basis="",
        decision_text="该文件已在本局门户网站“政府信息公开”栏目公开，另附电子件一份",
        on=dt.date(2025, 3, 24),
    )
    lines = docx_text(render_letter(case, "reply", "docx")).splitlines()
    decision = lines.index(
        "经审查，您申请获取的政府信息属于可以公开的政府信息。"
        f"根据{REGS}第三十六条第（二）项的规定，本机关决定予以公开，按您要求的电子形式，通过电子邮件方式向您提供。"
    )
    assert lines[decision + 1] == "该文件已在本局门户网站“政府信息公开”栏目公开，另附电子件一份。"


def test_the_articles_the_clerk_chose_are_cited_in_the_order_of_the_regulations(
    bureau: Agency, clerk: User
) -> None:
    case = application(bureau, clerk, received=dt.date(2025, 3, 3))
    case = actions.decide(
        acting_user=clerk,
        application=case,
        outcome="partial",
        articles=["37", "15", "36.3"],
        legal_basis="附件载有个人隐私",
        on=dt.date(2025, 3, 24),
    )
    text = docx_text(render_letter(case, "reply", "docx"))
    assert f"根据{REGS}第十五条、第三十六条第（三）项、第三十七条的规定，本机关决定部分公开" in text


def test_a_departments_reply_names_its_government_unless_the_settings_name_another(
    bureau: Agency, clerk: User
) -> None:
    case = decided(bureau, clerk, "withheld_secret", "已定密")
    assert "60日内向示例县人民政府申请行政复议" in docx_text(render_letter(case, "reply", "docx"))
    bureau.letterhead.review_body = "示例市自然资源局"  # a vertically led agency
    bureau.letterhead.save()
    assert "60日内向示例市自然资源局申请行政复议" in docx_text(render_letter(case, "reply", "docx"))


def test_a_county_governments_reply_names_the_city_government(db: None) -> None:
    city = AgencyFactory(name="示例市人民政府", is_government=True, level=Level.CITY)
    county = AgencyFactory(name="示例市甲县人民政府", is_government=True, parent=city)
    letterhead(county)
    clerk = member(county)
    case = decided(county, clerk, "unavailable_not_held", "未制作")
    assert "60日内向示例市人民政府申请行政复议" in docx_text(render_letter(case, "reply", "docx"))


def test_an_organisations_letter_names_its_contact_person(bureau: Agency, clerk: User) -> None:
    case = decided(
        bureau,
        clerk,
        "granted",
        "",
        applicant_kind="commercial",
        applicant_name="示例科技有限公司",
        contact_person="李四",
    )
    assert "示例科技有限公司（联系人：李四）：" in docx_text(render_letter(case, "reply", "docx"))


def test_a_replied_served_and_closed_case_keeps_its_reply(bureau: Agency, clerk: User) -> None:
    case = decided(bureau, clerk, "granted", "")
    case = actions.reply(acting_user=clerk, application=case, on=dt.date(2025, 3, 25))
    # The letter is dated the day the reply was issued, not the day of the decision.
    assert "2025年3月25日" in docx_text(render_letter(case, "reply", "docx"))
    case = actions.mark_served(acting_user=clerk, application=case, on=dt.date(2025, 3, 26), how="邮寄")
    case = actions.close(acting_user=clerk, application=case)
    assert [key for key, _ in available_letters(case)] == ["reply"]
