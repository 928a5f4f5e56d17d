"""The notices (补正, 延期, 征求意见, 收费) carry a 文号 under the red head, as the reply does: the
agency's pattern with the next serial of its yearly counter, which the reply and the notices share
(one register of the office's outgoing letters). The number is given when the notice is issued and
kept, so that a reprint shows the same number.

Hand-worked, with the bureau's pattern 示县公开〔{year}〕{serial}号 and nothing numbered before:
2026-03-04 补正 → 〔2026〕1号; 03-20 延期 → 2号; 03-23 征求意见 → 3号; 04-01 the reply → 4号;
another case's 收费 on 04-02 → 5号."""

from __future__ import annotations

import datetime as dt
from io import BytesIO

import pdfplumber
import pytest
from django.contrib.auth.models import User
from docx import Document

from gongkai.agencies.models import Agency
from gongkai.applications import actions
from gongkai.applications.letters import compose_letter, render_letter
from gongkai.applications.models import Event, EventKind, FeeNotice, Letterhead
from tests.factories import application

pytestmark = pytest.mark.django_db


def number_line(data: bytes) -> str:
    """The DOCX paragraph that holds the 文号 (the one ending in 号 right under the red head)."""
    return next(p.text for p in Document(BytesIO(data)).paragraphs if p.text.endswith("号"))


def test_each_notice_and_the_reply_take_the_next_number_of_the_year(
    bureau: Agency, clerk: User, office_head: User
) -> None:
    case = application(bureau, clerk, received=dt.date(2026, 3, 2))
    actions.request_correction(acting_user=clerk, application=case, on=dt.date(2026, 3, 4), what="请写明年份")
    case = actions.record_correction(acting_user=clerk, application=case, on=dt.date(2026, 3, 9))
    case = actions.extend_deadline(
        acting_user=office_head, application=case, reason="信息量大", on=dt.date(2026, 3, 20)
    )
    consultation = actions.start_consultation(
        acting_user=clerk,
        application=case,
        party_kind="third_party",
        party_name="示例建筑有限公司",
        sent_on=dt.date(2026, 3, 23),
    )
    actions.record_consultation_answer(
        acting_user=clerk, consultation=consultation, answered_on=dt.date(2026, 3, 27), answer="同意公开"
    )
    case.refresh_from_db()
    case = actions.decide(
        acting_user=clerk, application=case, outcome="granted", legal_basis="", on=dt.date(2026, 4, 1)
    )
    other = application(bureau, clerk, received=dt.date(2026, 3, 30), applicant_name="王五")
    actions.issue_fee_notice(
        acting_user=clerk, application=other, basis="by_pages", quantity=250, notified_on=dt.date(2026, 4, 2)
    )

    assert compose_letter(case, "correction").doc_number == "示县公开〔2026〕1号"
    assert compose_letter(case, "extension").doc_number == "示县公开〔2026〕2号"
    assert compose_letter(case, f"consultation-{consultation.pk}").doc_number == "示县公开〔2026〕3号"
    assert compose_letter(case, "reply").doc_number == "示县公开〔2026〕4号"
    assert compose_letter(other, "fee").doc_number == "示县公开〔2026〕5号"
    # Kept where the notice is recorded: the event for 补正 and 延期, the record for 征求意见 and 收费.
    correction = case.events.get(kind=EventKind.CORRECTION_REQUESTED)
    assert correction.data["letter_number"] == "示县公开〔2026〕1号"
    assert FeeNotice.objects.get(application=other).letter_number == "示县公开〔2026〕5号"
    # Printed again and again: the same numbers, and the counter has not moved.
    assert number_line(render_letter(case, "correction", "docx")) == "示县公开〔2026〕1号"
    assert number_line(render_letter(other, "fee", "docx")) == "示县公开〔2026〕5号"
    assert compose_letter(case, "extension").doc_number == "示县公开〔2026〕2号"
    assert Letterhead.objects.get(agency=bureau).last_serial == 5


def test_the_counter_starts_again_at_one_in_a_new_year(bureau: Agency, clerk: User) -> None:
    late = application(bureau, clerk, received=dt.date(2025, 12, 22))
    actions.request_correction(
        acting_user=clerk, application=late, on=dt.date(2025, 12, 30), what="请写明年份"
    )
    new = application(bureau, clerk, received=dt.date(2025, 12, 29), applicant_name="王五")
    actions.issue_fee_notice(
        acting_user=clerk, application=new, basis="by_pages", quantity=250, notified_on=dt.date(2026, 1, 5)
    )
    assert compose_letter(late, "correction").doc_number == "示县公开〔2025〕1号"
    assert compose_letter(new, "fee").doc_number == "示县公开〔2026〕1号"


def test_a_notice_issued_before_the_pattern_was_set_is_numbered_when_first_printed(
    bureau: Agency, clerk: User
) -> None:
    Letterhead.objects.filter(agency=bureau).update(number_pattern="")
    case = application(bureau, clerk, received=dt.date(2026, 5, 4))
    actions.request_correction(acting_user=clerk, application=case, on=dt.date(2026, 5, 6), what="请写明年份")
    event = Event.objects.get(application=case, kind=EventKind.CORRECTION_REQUESTED)
    assert "letter_number" not in event.data
    Letterhead.objects.filter(agency=bureau).update(number_pattern="示县资公〔{year}〕{serial}号")
    assert compose_letter(case, "correction").doc_number == "示县资公〔2026〕1号"
    event.refresh_from_db()
    assert event.data["letter_number"] == "示县资公〔2026〕1号"
    assert compose_letter(case, "correction").doc_number == "示县资公〔2026〕1号"  # not 2号
    assert Letterhead.objects.get(agency=bureau).last_serial == 1


def test_a_notice_without_a_number_pattern_is_refused_naming_the_setting(bureau: Agency, clerk: User) -> None:
    from gongkai.applications.letters import LetterRefused

    Letterhead.objects.filter(agency=bureau).update(number_pattern="")
    case = application(bureau, clerk, received=dt.date(2026, 5, 4))
    actions.request_correction(acting_user=clerk, application=case, on=dt.date(2026, 5, 6), what="请写明年份")
    with pytest.raises(LetterRefused) as refused:
        render_letter(case, "correction", "pdf")
    assert str(refused.value) == (
        "示例县自然资源局的文书设置缺少“文号格式”，无法生成文书；请管理员在后台“文书设置”中填写"
    )


def test_the_printed_notice_shows_its_number_under_the_red_head(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk, received=dt.date(2026, 3, 2))
    actions.request_correction(acting_user=clerk, application=case, on=dt.date(2026, 3, 4), what="请写明年份")
    with pdfplumber.open(BytesIO(render_letter(case, "correction", "pdf"))) as pdf:
        lines = (pdf.pages[0].extract_text() or "").replace(" ", "").split("\n")
    head = lines.index("示例县自然资源局")
    assert lines[head + 1] == "示县公开〔2026〕1号"


def test_a_notice_dated_back_into_last_year_takes_that_years_next_number(bureau: Agency, clerk: User) -> None:
    # 2025: the reply of 12-20 is 〔2025〕1号. 2026: the reply of 01-05 is 〔2026〕1号. Then a
    # correction dated 2025-12-30 is entered: 2025's next is 2号; 2026's counter is untouched,
    # so the next 2026 notice is 〔2026〕2号.
    old = application(bureau, clerk, received=dt.date(2025, 12, 10))
    old = actions.decide(
        acting_user=clerk, application=old, outcome="granted", legal_basis="", on=dt.date(2025, 12, 20)
    )
    new = application(bureau, clerk, received=dt.date(2025, 12, 29), applicant_name="王五")
    new = actions.decide(
        acting_user=clerk, application=new, outcome="granted", legal_basis="", on=dt.date(2026, 1, 5)
    )
    late = application(bureau, clerk, received=dt.date(2025, 12, 26), applicant_name="赵六")
    actions.request_correction(
        acting_user=clerk, application=late, on=dt.date(2025, 12, 30), what="请写明年份"
    )
    later = application(bureau, clerk, received=dt.date(2026, 1, 6), applicant_name="钱七")
    actions.request_correction(
        acting_user=clerk, application=later, on=dt.date(2026, 1, 7), what="请写明年份"
    )
    assert (old.letter_number, new.letter_number) == ("示县公开〔2025〕1号", "示县公开〔2026〕1号")
    assert compose_letter(late, "correction").doc_number == "示县公开〔2025〕2号"
    assert compose_letter(later, "correction").doc_number == "示县公开〔2026〕2号"
