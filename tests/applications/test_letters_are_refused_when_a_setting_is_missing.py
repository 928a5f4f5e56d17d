"""A letter whose agency lacks a setting it needs is refused with a Chinese message naming the
setting, on the clerk's page and on the applicant's; it is never printed with a placeholder.
Each reply gets the agency's next 文号 of the year."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User
from django.test import Client
from django.urls import reverse

from gongkai.agencies.models import Agency
from gongkai.applications import actions
from gongkai.applications.letters import LetterRefused, available_letters, compose_letter, render_letter
from gongkai.applications.models import Application, Letterhead
from tests.factories import AgencyFactory, application, member

pytestmark = pytest.mark.django_db


def decided(agency: Agency, clerk: User, on: dt.date = dt.date(2025, 3, 24)) -> Application:
    case = application(agency, clerk, received=on - dt.timedelta(days=10))
    return actions.decide(
        acting_user=clerk, application=case, outcome="withheld_internal", legal_basis="系内部管理制度", on=on
    )


@pytest.mark.parametrize(
    ("setting", "label"),
    [
        ("court", "有管辖权的人民法院"),
        ("number_pattern", "文号格式"),
        ("full_name", "机关全称（发文机关署名）"),
        ("red_head", "发文机关标志（红头）"),
        ("address", "联系地址"),
        ("phone", "联系电话"),
    ],
)
def test_a_reply_missing_a_setting_is_refused_naming_it(
    bureau: Agency, clerk: User, setting: str, label: str
) -> None:
    Letterhead.objects.filter(agency=bureau).update(**{setting: ""})
    case = decided(bureau, clerk)
    for fmt in ("docx", "pdf"):
        with pytest.raises(LetterRefused) as refused:
            render_letter(case, "reply", fmt)
        assert str(refused.value) == (
            f"示例县自然资源局的文书设置缺少“{label}”，无法生成文书；请管理员在后台“文书设置”中填写"
        )


def test_an_agency_without_settings_gets_no_letter(county: Agency) -> None:
    bare = AgencyFactory(name="示例县统计局", parent=county)
    clerk = member(bare)
    case = decided(bare, clerk)
    assert [key for key, _ in available_letters(case)] == ["reply"]  # listed, but not printable
    with pytest.raises(LetterRefused, match="示例县统计局尚未填写文书设置"):
        compose_letter(case, "reply")


def test_a_government_at_the_top_needs_its_reconsideration_body_set(db: None) -> None:
    top = AgencyFactory(name="示例市人民政府", is_government=True)
    Letterhead.objects.create(
        agency=top,
        full_name="示例市人民政府",
        red_head="示例市人民政府",
        number_pattern="示市政公开〔{year}〕{serial}号",
        court="示例市中级人民法院",
        address="示例市人民路1号",
        phone="0999-1234567",
    )
    clerk = member(top)
    case = decided(top, clerk)
    with pytest.raises(LetterRefused, match="请管理员在后台“文书设置”中填写“行政复议机关”"):
        compose_letter(case, "reply")
    Letterhead.objects.filter(agency=top).update(review_body="示例省人民政府")
    assert "60日内向示例省人民政府申请行政复议" in compose_letter(case, "reply").text()


def test_the_clerk_sees_the_refusal_on_the_case_page(client: Client, bureau: Agency, clerk: User) -> None:
    Letterhead.objects.filter(agency=bureau).update(court="")
    case = decided(bureau, clerk)
    client.force_login(clerk)
    response = client.get(reverse("work:case_letter", args=[case.pk, "reply", "pdf"]), follow=True)
    assert response.status_code == 200
    assert "缺少“有管辖权的人民法院”" in response.content.decode()
    assert response.headers["Content-Type"].startswith("text/html")


def test_replies_are_numbered_in_order_each_year_from_one(bureau: Agency, clerk: User) -> None:
    first = decided(bureau, clerk, dt.date(2025, 3, 24))
    second = decided(bureau, clerk, dt.date(2025, 12, 30))
    third = decided(bureau, clerk, dt.date(2026, 1, 5))
    assert [c.letter_number for c in (first, second, third)] == [
        "示县公开〔2025〕1号",
        "示县公开〔2025〕2号",
        "示县公开〔2026〕1号",
    ]
    assert compose_letter(second, "reply").doc_number == "示县公开〔2025〕2号"


def test_a_case_decided_before_the_pattern_was_set_is_numbered_when_its_letter_is_made(
    bureau: Agency, clerk: User
) -> None:
    Letterhead.objects.filter(agency=bureau).update(number_pattern="")
    case = decided(bureau, clerk)
    assert case.letter_number == ""
    Letterhead.objects.filter(agency=bureau).update(number_pattern="示县资公〔{year}〕{serial}号")
    assert compose_letter(case, "reply").doc_number == "示县资公〔2025〕1号"
    case.refresh_from_db()
    assert case.letter_number == "示县资公〔2025〕1号"  # kept: the same number every time
    assert compose_letter(case, "reply").doc_number == "示县资公〔2025〕1号"
