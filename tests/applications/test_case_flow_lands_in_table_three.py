"""A case goes through its actions and lands in the right row of table 三."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from gongkai.agencies.models import Agency
from gongkai.annual_report.checker import check
from gongkai.applications import actions
from gongkai.applications.models import Application, EventKind, Status
from gongkai.applications.selectors import annual_tables
from gongkai.core.actions import ActionError
from tests.factories import application

pytestmark = pytest.mark.django_db


def test_correction_restarts_the_clock_and_the_decision_is_the_report_row(
    bureau: Agency, clerk: User
) -> None:
    # Received Monday 2025-03-03: 20 working days (no holidays in March 2025) -> Monday 2025-03-31.
    case = application(bureau, clerk, received=dt.date(2025, 3, 3))
    assert case.due_on == dt.date(2025, 3, 31)
    actions.request_correction(
        acting_user=clerk, application=case, on=dt.date(2025, 3, 5), what="请写明文件的年份"
    )
    # Corrected application received Monday 2025-03-10: the clock restarts -> 20 working days -> 2025-04-08?
    # Count: Mar 11,12,13,14 (4), 17-21 (9), 24-28 (14), 31 (15), Apr 1,2,3 (18); Apr 4 清明节 off,
    # Apr 5-6 weekend; Apr 7 (19), Apr 8 (20).
    case = actions.record_correction(acting_user=clerk, application=case, on=dt.date(2025, 3, 10))
    assert case.due_on == dt.date(2025, 4, 8)
    case = actions.decide(
        acting_user=clerk,
        application=case,
        outcome="unavailable_not_held",
        legal_basis="《中华人民共和国政府信息公开条例》第三十六条第（四）项",
        on=dt.date(2025, 4, 1),
    )
    tables = annual_tables(bureau, 2025)
    assert tables.tables["applications"]["unavailable_not_held"]["natural_person"] == 1
    assert tables.tables["applications"]["new"]["total"] == 1
    assert tables.tables["applications"]["total"]["total"] == 1
    assert tables.tables["applications"]["carried_forward"]["total"] == 0
    assert [e.kind for e in case.events.all()] == [
        EventKind.REGISTERED,
        EventKind.CORRECTION_REQUESTED,
        EventKind.CORRECTED,
        EventKind.DECIDED,
    ]


def test_an_action_out_of_order_changes_nothing(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk)
    with pytest.raises(ActionError, match="不能出具答复"):
        actions.reply(acting_user=clerk, application=case, on=dt.date(2025, 3, 4))
    fresh = Application.objects.get(pk=case.pk)
    assert (fresh.status, fresh.version, fresh.events.count()) == (Status.REGISTERED, case.version, 1)


def test_a_stale_form_is_refused(bureau: Agency, clerk: User) -> None:
    case = application(bureau, clerk)
    stale_version = case.version
    actions.request_correction(
        acting_user=clerk, application=case, on=dt.date(2025, 3, 4), what="补充年份", version=stale_version
    )
    with pytest.raises(ActionError, match="已被他人办理"):
        actions.decide(
            acting_user=clerk,
            application=case,
            outcome="granted",
            legal_basis="",
            on=dt.date(2025, 3, 5),
            version=stale_version,
        )


def test_only_the_office_head_extends_and_only_once(bureau: Agency, clerk: User, office_head: User) -> None:
    case = application(bureau, clerk, received=dt.date(2025, 3, 3))
    with pytest.raises(ActionError, match="公开办负责人"):
        actions.extend_deadline(acting_user=clerk, application=case, reason="信息量大")
    case = actions.extend_deadline(
        acting_user=office_head, application=case, reason="信息量大", on=dt.date(2025, 3, 20)
    )
    # 40 working days from Monday 2025-03-03: Mar 31 is the 20th; Apr 1-3 (23), Apr 4 清明 off,
    # Apr 7-11 (28), 14-18 (33), 21-25 (38), Sunday Apr 27 is a 劳动节 make-up working day (39),
    # Apr 28 (40).
    assert case.due_on == dt.date(2025, 4, 28)
    with pytest.raises(ActionError, match="只能延长一次"):
        actions.extend_deadline(acting_user=office_head, application=case, reason="再次延长")


def test_open_cases_are_carried_forward_and_appear_next_year_as_carried_over(
    bureau: Agency, clerk: User
) -> None:
    case = application(bureau, clerk, received=dt.date(2025, 12, 29), applicant_kind="commercial")
    this_year = annual_tables(bureau, 2025)
    assert this_year.tables["applications"]["carried_forward"]["commercial"] == 1
    actions.decide(
        acting_user=clerk, application=case, outcome="granted", legal_basis="", on=dt.date(2026, 1, 6)
    )
    next_year = annual_tables(bureau, 2026)
    assert next_year.tables["applications"]["carried_over"]["commercial"] == 1
    assert next_year.tables["applications"]["granted"]["commercial"] == 1
    assert next_year.tables["applications"]["new"]["total"] == 0
    assert not [f for f in check(next_year, this_year) if f.severity == "error" and f.code != "fee-statement"]
