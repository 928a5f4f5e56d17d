"""Last year's report in the archive is what this year's is checked against: the cross-year
rules (here `carry-over`) compare with the report as it was published, not with a recount."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine

from gongkai.agencies.models import Agency
from gongkai.reports import actions
from tests.reports.reports_fixtures import People, at, drafted, filed, page_text

from . import reports_fixtures

pytestmark = pytest.mark.django_db

people = reports_fixtures.people

# 2024, from the paper register kept before the platform: one application received, still open
# at the year's end (1 + 0 = 0 + 1, so the year balances).
PAPER_2024 = {
    "applications.new.natural_person": "1",
    "applications.new.total": "1",
    "applications.carried_forward.natural_person": "1",
    "applications.carried_forward.total": "1",
}


def test_this_years_carried_over_must_match_last_years_published_carried_forward(
    bureau: Agency, people: People
) -> None:
    with time_machine.travel(at(dt.date(2025, 1, 10)), tick=False):
        last = drafted(bureau, people, year=2024)
        for cell, value in PAPER_2024.items():
            last = actions.set_override(
                acting_user=people.clerk,
                report=last,
                version=last.version,
                cell=cell,
                value=value,
                reason="纸质台账",
            )
        # Nothing wrong; each hand-typed cell is reported (rule `override`), explained by its reason.
        assert {(f["code"], f["severity"], f["explanation"]) for f in last.findings} == {
            ("override", "warning", "纸质台账")
        }
        assert len(last.findings) == 4
        last = filed(bureau, people, last)
        last = actions.accept(acting_user=people.supervisor, report=last, version=last.version)
        last = actions.publish(acting_user=people.clerk, report=last, version=last.version)
    with time_machine.travel(at(dt.date(2026, 1, 10)), tick=False):
        report = drafted(bureau, people, year=2025)
        # The platform holds no 2024 case, so it counts 0 carried over; last year's report said 1.
        codes = {(f["code"], f["column"]) for f in report.findings if f["severity"] == "error"}
        assert ("carry-over", "natural_person") in codes
        assert "carry-over" in page_text(people.clerk, report)
        # Typing last year's figure in, with the reason, settles it (and the year must still balance).
        for cell in ("applications.carried_over.natural_person", "applications.carried_over.total"):
            report = actions.set_override(
                acting_user=people.clerk,
                report=report,
                version=report.version,
                cell=cell,
                value="1",
                reason="2024年纸质台账结转",
            )
        assert "carry-over" not in {f["code"] for f in report.findings}
        assert {f["code"] for f in report.findings if f["severity"] == "error"} == {"balance"}
