"""One finding key and one sign-off rule (those of ``annual_report.compose``) for the pages and
the actions: a warning's explanation is kept under ``finding_key``; a cell typed by hand is
reported under its rule ``override``, explained by its own reason, to the clerk, every approver
and the supervisor; what is signed carries both."""

from __future__ import annotations

import importlib

import pytest

from gongkai.agencies.models import Agency
from gongkai.reports.checks import field_name
from gongkai.reports.models import Status
from tests.reports.reports_fixtures import People, drafted, page_text, post

from . import reports_fixtures

pytestmark = pytest.mark.django_db

people = reports_fixtures.people
january_2026 = reports_fixtures.january_2026

REASON = "2025年1月至3月的处罚决定登记在原台账中，共7件"
WHY_NO_FEES = "本机关本年度未收到需收费的申请。"


def test_an_override_and_an_explained_warning_go_through_the_chain_to_the_supervisor(
    bureau: Agency, people: People, january_2026: object
) -> None:
    report = drafted(bureau, people)
    assert (
        post(people.clerk, report, "override", cell="art20_6.penalty.decisions", value="7", reason=REASON)
        == 302
    )
    # Section 六 without the fee statement: warning `fee-statement`, kept under the model's key.
    assert post(people.clerk, report, "save", general="总体情况。", other="年度工作要点已落实。") == 302
    report.refresh_from_db()
    assert [(f["code"], f["key"], f["explanation"]) for f in report.findings] == [
        ("fee-statement", "fee-statement:第6部分", ""),
        ("override", "override:art20_6.penalty.decisions", REASON),
    ]
    # Only the fee statement asks for a written explanation; the override has its reason.
    html = page_text(people.clerk, report)
    assert f'name="{field_name("fee-statement:第6部分")}"' in html
    assert f'name="{field_name("override:art20_6.penalty.decisions")}"' not in html
    assert post(people.clerk, report, "submit") == 400
    fields = {
        "general": "总体情况。",
        "other": "年度工作要点已落实。",
        field_name("fee-statement:第6部分"): WHY_NO_FEES,
    }
    assert post(people.clerk, report, "save", **fields) == 302
    report.refresh_from_db()
    assert report.explanations == {"fee-statement:第6部分": WHY_NO_FEES}
    assert post(people.clerk, report, "submit") == 302

    for reader in (people.clerk, people.head, people.supervisor):
        text = page_text(reader, report)
        assert '<span class="badge soon">override</span>' in text
        assert f"说明：{REASON}" in text
        assert f"说明：{WHY_NO_FEES}" in text

    assert post(people.head, report, "approve", step=1, reason="") == 302
    assert post(people.leader, report, "approve", step=2, reason="") == 302
    report.refresh_from_db()
    assert report.status == Status.SIGNED
    assert report.content is not None
    assert report.content["overrides"] == {"art20_6.penalty.decisions": {"value": 7, "reason": REASON}}
    assert report.content["explanations"] == {"fee-statement:第6部分": WHY_NO_FEES}
    assert post(people.clerk, report, "file") == 302
    text = page_text(people.supervisor, report)
    assert "override" in text
    assert REASON in text
    assert WHY_NO_FEES in text


def test_explanations_kept_under_the_old_key_move_to_the_one_key() -> None:
    migration = importlib.import_module("gongkai.reports.migrations.0002_explanations_under_one_finding_key")
    assert migration.one_key("fee-statement:6:..") == "fee-statement:第6部分"
    assert migration.one_key("carry-over:3:applications.carried_over.total") == (
        "carry-over:applications.carried_over.total"
    )
    assert migration.one_key("structure::..") == "structure"
    assert migration.one_key("fee-statement:第6部分") == "fee-statement:第6部分"
