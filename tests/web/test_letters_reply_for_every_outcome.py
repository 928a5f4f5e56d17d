"""The reply letter (答复书) states the decision of every outcome, its articles and the remedies."""

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

from .factories import AgencyFactory, application, member

pytestmark = pytest.mark.django_db

REGS = "《中华人民共和国政府信息公开条例》"

# outcome -> (what the decision says, the articles relied on when the clerk named none)
DECISIONS: dict[str, tuple[str, str]] = {
    "granted": (
        "本机关决定予以公开，按您要求的纸质形式，通过邮寄方式向您提供",
        "第三十六条第（一）项、第（二）项",
    ),
    "partial": ("本机关决定部分公开：对可以公开的内容予以公开", "第三十七条"),
    "withheld_secret": ("属于依法确定为国家秘密的政府信息", "第十四条、第三十六条第（三）项"),
    "withheld_law": ("属于法律、行政法规禁止公开的政府信息", "第十四条、第三十六条第（三）项"),
    "withheld_security": ("可能危及国家安全、公共安全、经济安全、社会稳定", "第十四条、第三十六条第（三）项"),
    "withheld_third_party": (
        "公开会对第三方合法权益造成损害",
        "第十五条、第三十二条、第三十六条第（三）项",
    ),
    "withheld_internal": ("属于行政机关的内部事务信息", "第十六条第一款、第三十六条第（三）项"),
    "withheld_process": ("过程稿、磋商信函、请示报告等过程性信息", "第十六条第二款、第三十六条第（三）项"),
    "withheld_enforcement": ("属于行政执法案卷信息", "第十六条第二款、第三十六条第（三）项"),
    "withheld_query": ("属于行政查询事项", "第三十六条第（七）项"),
    "unavailable_not_held": ("该政府信息不存在", "第三十六条第（四）项"),
    "unavailable_needs_creation": ("需要对现有政府信息进行加工、分析才能形成", "第三十八条"),
    "unavailable_unclear": ("补正后的申请内容仍不明确", "第二十九条第二款、第三十条"),
    "rejected_petition": ("进行信访、投诉、举报等活动", "第三十九条第一款"),
    "rejected_repeat": ("本机关不予重复处理", "第三十六条第（六）项"),
    "rejected_publication": ("政府公报、报刊、书籍等公开出版物", "第三十九条第二款"),
    "rejected_vexatious": ("数量、频次明显超过合理范围", "第三十五条"),
    "rejected_confirmation": ("确认或者重新出具您已获取的信息", "第二条、第二十七条"),
}


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(BytesIO(data)).paragraphs)


def decided(bureau: Agency, clerk: User, outcome: str, legal_basis: str, **fields: object) -> Application:
    case = application(bureau, clerk, received=dt.date(2025, 3, 3), **fields)
    return actions.decide(
        acting_user=clerk,
        application=case,
        outcome=outcome,
        legal_basis=legal_basis,
        decision_text="",
        on=dt.date(2025, 3, 24),
    )


def test_every_outcome_a_clerk_decides_has_a_decision_text() -> None:
    assert set(DECISIONS) == {o.value for o in Outcome if not o.value.startswith("other_")}


@pytest.mark.parametrize("outcome", DECISIONS)
def test_the_reply_states_the_decision_the_clerks_articles_the_applicant_and_the_number(
    bureau: Agency, clerk: User, outcome: str
) -> None:
    sentence, _default = DECISIONS[outcome]
    clerks_basis = "" if outcome == "granted" else f"{REGS}第九十九条（经办人填写）"
    case = decided(bureau, clerk, outcome, clerks_basis)
    assert ("reply", "政府信息公开申请答复书") in available_letters(case)

    text = docx_text(render_letter(case, "reply", "docx"))

    assert sentence in text
    if clerks_basis:
        assert f"根据{clerks_basis}的规定" in text
    assert "张三：" in text
    assert "登记号：2025-00001" in text
    assert "本机关于2025年3月3日收到您提交的政府信息公开申请" in text
    assert "“2024年本县城乡规划调整的批复文件”" in text
    assert "示例县自然资源局" in text and "【印章】" in text and "2025年3月24日" in text


@pytest.mark.parametrize("outcome", DECISIONS)
def test_without_the_clerks_articles_the_default_articles_of_the_outcome_are_cited(
    bureau: Agency, clerk: User, outcome: str
) -> None:
    case = decided(bureau, clerk, outcome, "" if outcome == "granted" else "临时依据")
    Application.objects.filter(pk=case.pk).update(legal_basis="")  # e.g. a case imported without one
    case.refresh_from_db()

    text = docx_text(render_letter(case, "reply", "docx"))

    _sentence, articles = DECISIONS[outcome]
    assert f"根据{REGS}{articles}的规定" in text


def test_the_clerks_decision_text_follows_the_decision(bureau: Agency, clerk: User) -> None:
    case = application(
        bureau, clerk, received=dt.date(2025, 3, 3), delivery="email", form_wanted="electronic"
    )
    case = actions.decide(
        acting_user=clerk,
        application=case,
        outcome="granted",
        legal_basis="",
        decision_text="该文件已在本局门户网站“政府信息公开”栏目公开，另附电子件一份。",
        on=dt.date(2025, 3, 24),
    )
    text = docx_text(render_letter(case, "reply", "docx"))
    assert "按您要求的电子形式，通过电子邮件方式向您提供。" in text
    assert "该文件已在本局门户网站“政府信息公开”栏目公开，另附电子件一份。" in text


def test_a_departments_reply_names_its_government_for_reconsideration(bureau: Agency, clerk: User) -> None:
    case = decided(bureau, clerk, "withheld_secret", f"{REGS}第十四条")
    text = docx_text(render_letter(case, "reply", "docx"))
    assert (
        "如对本答复不服，可以在收到本答复之日起60日内向示例县人民政府申请行政复议，"
        "或者在6个月内向【有管辖权的人民法院】提起行政诉讼。"
    ) in text


def test_a_county_governments_reply_names_the_city_government(db: None) -> None:
    city = AgencyFactory(name="示例市人民政府", is_government=True, level=Level.CITY)
    county = AgencyFactory(name="示例市甲县人民政府", is_government=True, parent=city)
    clerk = member(county)
    case = decided(county, clerk, "unavailable_not_held", f"{REGS}第三十六条第（四）项")
    text = docx_text(render_letter(case, "reply", "docx"))
    assert "60日内向示例市人民政府申请行政复议" in text


def test_a_government_without_a_parent_leaves_the_body_to_fill_in(county: Agency) -> None:
    clerk = member(county)
    case = decided(county, clerk, "unavailable_not_held", f"{REGS}第三十六条第（四）项")
    assert "60日内向【上一级人民政府】申请行政复议" in docx_text(render_letter(case, "reply", "docx"))


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
