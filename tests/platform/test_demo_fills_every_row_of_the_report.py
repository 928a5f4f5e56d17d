"""The demo data (`manage.py load_demo`) is a believable year: every row of tables 三 and 四 is used
in 2025, the numbers add up as the annual-report checker demands, and work is on the desks today.

Building the demo takes seconds: these tests only read it, so they share the session's one build
(`demo`, tests/web/demo_once.py).
"""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.agencies.models import Agency
from gongkai.annual_report.checker import check
from gongkai.annual_report.findings import Code
from gongkai.applications.models import OPEN_STATUSES, ApplicantKind, Application, Outcome
from gongkai.applications.selectors import annual_tables

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # the demo takes seconds to load

ARITHMETIC = {Code.BALANCE, Code.OUTCOME_SUM, Code.ROW_TOTAL, Code.REVIEW_TOTAL, Code.CARRY_OVER}


@pytest.fixture
def city(demo: None) -> Agency:
    return Agency.objects.get(name="示例市人民政府")


def test_the_2025_report_of_the_whole_tree_adds_up_and_uses_every_row(city: Agency) -> None:
    tables = annual_tables(city, 2025, subtree=True)
    previous = annual_tables(city, 2024, subtree=True)
    assert [f.message for f in check(tables, previous) if f.code in ARITHMETIC] == []

    three = tables.tables["applications"]
    assert [o.label for o in Outcome if three[o.value]["total"] == 0] == []
    assert [k.label for k in ApplicantKind if three["new"][k.value] == 0] == []

    # Three cases received in late December 2024 are decided in January 2025; four received in
    # late December 2025 (15th, 22nd, 24th, 29th) are decided or withdrawn in January 2026.
    assert three["carried_over"]["total"] == 3
    assert three["carried_forward"]["total"] == 4
    next_year = annual_tables(city, 2026, subtree=True)
    assert next_year.tables["applications"]["carried_over"]["total"] == 4
    assert [f.message for f in check(next_year, tables) if f.code in ARITHMETIC] == []

    four = tables.tables["appeals"]["cases"]
    # One reconsideration upheld (then taken to court, still pending), one still pending, and one
    # lawsuit without reconsideration that the court decided against the agency.
    assert (four["review_upheld"], four["review_pending"], four["review_total"]) == (1, 1, 2)
    assert (four["suit_direct_corrected"], four["suit_after_review_pending"]) == (1, 1)

    for bureau in Agency.objects.filter(is_government=False):
        own = annual_tables(bureau, 2025)
        assert [f.message for f in check(own) if f.code in ARITHMETIC] == [], bureau.name


def test_cases_are_open_on_the_desks_today_and_each_was_made_through_the_actions(
    city: Agency, fixed_today: dt.date
) -> None:
    open_now = Application.objects.filter(status__in=OPEN_STATUSES)
    # Eight cases are being handled today, two per bureau, in every open state.
    assert open_now.count() == 8
    assert {c.status for c in open_now} == {s.value for s in OPEN_STATUSES}
    overdue = [c.agency.name for c in open_now if c.due_on is not None and c.due_on < fixed_today]
    assert overdue == ["示例县文化和旅游局"]  # received 23 working days ago, never extended
    assert annual_tables(city, 2026, subtree=True).tables["applications"]["carried_forward"]["total"] == 8

    for case in Application.objects.prefetch_related("events"):
        kinds = [e.kind for e in case.events.all()]
        assert kinds[0] == "registered", case.number
        if case.outcome:
            assert {"decided", "withdrawn", "abandoned"} & set(kinds), case.number
