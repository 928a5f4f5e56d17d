"""An administrator's text is the letter; a mistake in it shows in the letter instead of breaking it."""

from __future__ import annotations

import datetime as dt
import importlib
from io import BytesIO

import pytest
from django.apps import apps
from django.contrib.auth.models import User
from docx import Document

from gongkai.agencies.models import Agency
from gongkai.applications import actions
from gongkai.applications.letters import LetterRefused, available_letters, fill, render_letter
from gongkai.applications.models import Application, LetterTemplate
from tests.factories import application

pytestmark = pytest.mark.django_db

migration = importlib.import_module("gongkai.applications.migrations.0002_default_letter_templates")


def docx_text(data: bytes) -> str:
    return "\n".join(p.text for p in Document(BytesIO(data)).paragraphs)


@pytest.fixture
def decided_case(bureau: Agency, clerk: User) -> Application:
    case = application(bureau, clerk, received=dt.date(2025, 3, 3))
    return actions.decide(
        acting_user=clerk,
        application=case,
        outcome="unavailable_not_held",
        legal_basis="本局档案中没有该信息",
        on=dt.date(2025, 3, 24),
    )


def test_the_migration_installed_every_default_letter(db: None) -> None:
    installed = set(LetterTemplate.objects.values_list("key", flat=True))
    assert {"reply", "termination", "withdrawal", "remedies", "correction", "extension", "fee"} <= installed
    assert {
        "consultation",
        "consultation_agency",
        "reply.granted",
        "reply.rejected_confirmation",
    } <= installed


def test_an_edited_reply_template_is_used(decided_case: Application) -> None:
    LetterTemplate.objects.filter(key="reply").update(
        title="政府信息公开申请告知书",
        body="{applicant}：\n经本局研究，答复如下（登记号{number}）：\n{decision}\n联系电话：0000-1234567。",
    )
    assert available_letters(decided_case) == [("reply", "政府信息公开申请告知书")]
    text = docx_text(render_letter(decided_case, "reply", "docx"))
    assert "\n示例县自然资源局政府信息公开申请告知书\n" in text
    assert "经本局研究，答复如下（登记号SXZRZY-2025-00001）：" in text
    assert "该政府信息不存在" in text
    assert "联系电话：0000-1234567。" in text
    assert "行政复议" not in text  # the administrator took the remedies out


def test_an_edited_decision_and_a_configured_court_are_used(decided_case: Application) -> None:
    LetterTemplate.objects.filter(key="reply.unavailable_not_held").update(
        body="经本局档案室和业务科室检索，未找到该信息。依据{basis}答复。"
    )
    LetterTemplate.objects.filter(key="remedies").update(
        body="如不服，可于60日内向{review_body}申请复议，或于6个月内向示例县人民法院起诉。"
    )
    text = docx_text(render_letter(decided_case, "reply", "docx"))
    assert (
        "经本局档案室和业务科室检索，未找到该信息。依据《中华人民共和国政府信息公开条例》第三十六条第（四）项答复。"
        in text
    )
    assert "如不服，可于60日内向示例县人民政府申请复议，或于6个月内向示例县人民法院起诉。" in text


def test_an_unknown_placeholder_refuses_the_letter_naming_it(decided_case: Application) -> None:
    LetterTemplate.objects.filter(key="reply").update(body="{applicant}：\n{decision}\n经办人：{clerk_name}")
    with pytest.raises(LetterRefused, match="文书中还有未填写的内容：【clerk_name】"):
        render_letter(decided_case, "reply", "docx")


def test_a_template_that_is_not_a_format_string_is_filled_where_it_can_be(decided_case: Application) -> None:
    LetterTemplate.objects.filter(key="reply").update(
        body="{applicant}：\n{decision}\n收费标准见附件{ 第{0}页，金额{amount:,}元，{agency.name}，{{原样}}"
    )
    with pytest.raises(LetterRefused, match="【0】、【amount】"):
        render_letter(decided_case, "reply", "docx")
    LetterTemplate.objects.filter(key="reply").update(
        body="{applicant}：\n{decision}\n见附件{ {agency.name}，{{原样}}"
    )
    text = docx_text(render_letter(decided_case, "reply", "docx"))
    assert "张三：" in text
    assert "该政府信息不存在" in text
    assert "见附件{ 示例县自然资源局，{原样}" in text


def test_fill_substitutes_known_and_marks_unknown_placeholders() -> None:
    assert fill("{a}与{b}", {"a": "甲"}) == "甲与【b】"
    assert fill("值{a}不再展开", {"a": "{b}"}) == "值{b}不再展开"


def test_a_deleted_template_falls_back_to_the_shipped_default(decided_case: Application) -> None:
    LetterTemplate.objects.filter(key__in=["reply", "reply.unavailable_not_held"]).delete()
    text = docx_text(render_letter(decided_case, "reply", "docx"))
    assert "。现答复如下：" in text
    assert "该政府信息不存在" in text


def test_the_data_migration_keeps_edits_and_can_be_undone(db: None) -> None:
    LetterTemplate.objects.filter(key="fee").update(body="本局自定的收费通知")
    LetterTemplate.objects.filter(key="correction").delete()
    count = LetterTemplate.objects.count()

    migration.add_defaults(apps, None)  # run again: adds what is missing, overwrites nothing
    assert LetterTemplate.objects.count() == count + 1
    assert LetterTemplate.objects.get(key="fee").body == "本局自定的收费通知"

    migration.remove_unedited_defaults(apps, None)
    assert list(LetterTemplate.objects.values_list("key", flat=True)) == ["fee"]


rewrite = importlib.import_module("gongkai.applications.migrations.0007_letterhead_and_decision_articles")


def test_the_rewrite_updates_the_old_default_texts_and_keeps_edited_ones(db: None) -> None:
    old_reply = rewrite.OLD_BODIES["reply"]
    assert "经审查，现答复如下：" in old_reply
    LetterTemplate.objects.filter(key="reply").update(body=old_reply)
    LetterTemplate.objects.filter(key="remedies").update(body="本局自定的救济途径：{review_body}、{court}")

    rewrite.update_unedited(apps, None)

    reply = LetterTemplate.objects.get(key="reply").body
    assert "。现答复如下：" in reply
    assert "经审查，现答复如下" not in reply
    assert LetterTemplate.objects.get(key="remedies").body == "本局自定的救济途径：{review_body}、{court}"
    rewrite.restore_unedited(apps, None)
    assert LetterTemplate.objects.get(key="reply").body == old_reply
