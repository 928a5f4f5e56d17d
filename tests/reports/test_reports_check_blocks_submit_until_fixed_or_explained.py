"""The checker runs on every save: an error blocks 送审 and 审签, a warning needs a written
explanation, and a cell typed by hand needs a reason and shows to everyone who reads the report."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.agencies.models import Agency
from gongkai.applications import actions as cases
from gongkai.reports.models import Status
from tests.factories import application
from tests.reports.reports_fixtures import People, client_for, drafted, page_text, post

from . import reports_fixtures

pytestmark = pytest.mark.django_db

people = reports_fixtures.people
january_2026 = reports_fixtures.january_2026


def test_a_warning_needs_an_explanation_before_submitting(
    bureau: Agency, people: People, january_2026: object
) -> None:
    report = drafted(bureau, people)
    # Section 六 without the fee statement the 2021 format asks for: a warning.
    assert post(people.clerk, report, "save", general="总体情况。", other="年度工作要点已落实。") == 302
    report.refresh_from_db()
    assert [f["code"] for f in report.findings] == ["fee-statement"]
    response = client_for(people.clerk).post(
        f"/work/reports/{report.pk}/submit/", {"version": report.version}
    )
    assert response.status_code == 400
    assert "有1项警告尚未说明" in response.content.decode()
    report.refresh_from_db()
    assert report.status == Status.DRAFT

    # The explanation field is named on the page; writing it lets the report go.
    from gongkai.reports.checks import field_name

    field = field_name(report.findings[0]["key"])
    assert f'name="{field}"' in page_text(people.clerk, report)
    explanation = "本机关本年度未收到需收费的申请，收费情况已在第一部分说明。"
    assert (
        post(
            people.clerk,
            report,
            "save",
            general="总体情况。",
            other="年度工作要点已落实。",
            **{field: explanation},
        )
        == 302
    )
    assert post(people.clerk, report, "submit") == 302
    report.refresh_from_db()
    assert report.status == Status.IN_REVIEW
    assert report.explanations == {report.findings[0]["key"]: explanation}
    # The approver sees the warning and why it was let through.
    text = page_text(people.head, report)
    assert explanation in text
    assert "fee-statement" in text


def test_an_error_blocks_submitting_until_it_is_fixed(
    bureau: Agency, people: People, january_2026: object
) -> None:
    report = drafted(bureau, people)
    # One application typed in by hand as new, with nothing to balance it: 新收1 ≠ 办结0 + 结转0.
    assert (
        post(
            people.clerk,
            report,
            "override",
            cell="applications.new.natural_person",
            value="1",
            reason="系统启用前的纸质登记",
        )
        == 302
    )
    report.refresh_from_db()
    codes = {f["code"] for f in report.findings if f["severity"] == "error"}
    assert "balance" in codes
    assert "row-total" in codes
    assert post(people.clerk, report, "submit") == 400
    report.refresh_from_db()
    assert report.status == Status.DRAFT
    # Giving the cell back to the count clears the errors.
    assert (
        post(people.clerk, report, "override", cell="applications.new.natural_person", value="", reason="")
        == 302
    )
    report.refresh_from_db()
    assert report.overrides == {}
    assert report.findings == []
    assert post(people.clerk, report, "submit") == 302


def test_an_override_needs_a_reason_and_is_shown_to_approvers_and_the_supervisor(
    bureau: Agency, people: People, january_2026: object
) -> None:
    report = drafted(bureau, people)
    version = report.version
    assert (
        post(people.clerk, report, "override", cell="art20_6.penalty.decisions", value="7", reason="") == 400
    )
    assert (
        post(people.clerk, report, "override", cell="art20_6.penalty.decisions", value="七", reason="台账")
        == 400
    )
    assert post(people.clerk, report, "override", cell="no.such.cell", value="7", reason="台账") == 400
    report.refresh_from_db()
    assert (report.overrides, report.version) == ({}, version)

    reason = "2025年1月至3月的处罚决定登记在原台账中，共7件"
    assert (
        post(people.clerk, report, "override", cell="art20_6.penalty.decisions", value="7", reason=reason)
        == 302
    )
    report.refresh_from_db()
    assert report.overrides == {"art20_6.penalty.decisions": {"value": "7", "reason": reason, "counted": "0"}}
    for reader in (people.clerk, people.head, people.supervisor):
        text = page_text(reader, report)
        assert reason in text
        assert 'data-key="art20_6.penalty.decisions">7※</td>' in text


def test_the_page_checks_against_the_tables_as_they_are_now(
    bureau: Agency, people: People, january_2026: object
) -> None:
    report = drafted(bureau, people)
    general = "本年度共收到政府信息公开申请1件，已全部办结。"
    assert post(people.clerk, report, "save", general=general, other=reports_fixtures.FEES) == 302
    report.refresh_from_db()
    # The text says one application; the cases say none.
    assert "narrative" in {f["code"] for f in report.findings}
    assert "narrative" in page_text(people.clerk, report)
    # The application is registered and decided: the page's check agrees at once, without a save.
    case = application(bureau, people.clerk, received=dt.date(2025, 4, 1))
    cases.decide(
        acting_user=people.clerk, application=case, outcome="granted", legal_basis="", on=dt.date(2025, 4, 8)
    )
    assert "narrative" not in page_text(people.clerk, report)
    assert post(people.clerk, report, "submit") == 302
