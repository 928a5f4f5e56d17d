"""A year's holidays added by an administrator: open cases are recomputed, and the case says so."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from django.contrib.auth.models import User

from gongkai.agencies.models import Agency
from gongkai.applications import actions
from gongkai.applications.models import Application, EventKind
from gongkai.core.actions import ActionError
from gongkai.core.calendar import save_calendar_year
from tests.factories import application
from tests.travel import travel_to

pytestmark = pytest.mark.django_db

# A made-up 2027 arrangement for the test: New Year's Day off.
ARRANGEMENT_2027 = {"2027-01-01": "元旦"}
# INVENTED for the test, not from any notice: Saturday 2027-01-09 a make-up working day.
MADE_UP_WORKDAY_2027 = {"2027-01-09": "元旦"}


@pytest.fixture
def new_years_eve() -> Iterator[dt.date]:
    day = dt.date(2026, 12, 31)
    with travel_to(day):
        yield day


def test_a_december_case_is_provisional_until_2027_is_loaded(
    bureau: Agency, clerk: User, new_years_eve: dt.date
) -> None:
    # Received Monday 2026-12-21. Working days: Dec 22, 23, 24, 25 (4), 28, 29, 30, 31 (8); 2027 is not
    # loaded, so weekends and the 办法's holidays decide: Fri Jan 1 off (元旦), Jan 4-8 (13), 11-15 (18),
    # 18 (19), 19 (20).
    case = application(bureau, clerk, received=dt.date(2026, 12, 21))
    assert (case.due_on, case.due_provisional) == (dt.date(2027, 1, 19), True)

    admin = User.objects.create_superuser("admin", password="x")
    changed = save_calendar_year(
        acting_user=admin,
        year=2027,
        holidays=ARRANGEMENT_2027,
        workdays=MADE_UP_WORKDAY_2027,
        source="测试用安排",
    )
    # With Jan 1 off and Sat Jan 9 worked: Jan 4-8 (13), 9 (14), 11-15 (19), 18 (20).
    case = Application.objects.get(pk=case.pk)
    assert changed == 1
    assert (case.due_on, case.due_provisional) == (dt.date(2027, 1, 18), False)
    event = case.events.get(kind=EventKind.RECOMPUTED)
    assert event.data == {"before": "2027-01-19", "after": "2027-01-18"}
    assert "2027年节假日安排已更新" in event.reason


def test_closed_cases_are_left_alone_and_only_an_administrator_changes_the_calendar(
    bureau: Agency, clerk: User, new_years_eve: dt.date
) -> None:
    case = application(bureau, clerk, received=dt.date(2026, 12, 21))
    actions.decide(
        acting_user=clerk, application=case, outcome="granted", legal_basis="", on=dt.date(2026, 12, 28)
    )
    with pytest.raises(ActionError, match="系统管理员"):
        save_calendar_year(acting_user=clerk, year=2027, holidays=ARRANGEMENT_2027, workdays={})
    admin = User.objects.create_superuser("admin", password="x")
    assert save_calendar_year(acting_user=admin, year=2027, holidays=ARRANGEMENT_2027, workdays={}) == 0
    assert not Application.objects.get(pk=case.pk).events.filter(kind=EventKind.RECOMPUTED).exists()


def test_the_back_office_form_recomputes_too(
    client: object, bureau: Agency, clerk: User, new_years_eve: dt.date
) -> None:
    from django.test import Client

    case = application(bureau, clerk, received=dt.date(2026, 12, 21))
    admin = User.objects.create_superuser("admin", password="x")
    browser = Client()
    browser.force_login(admin)
    response = browser.post(
        "/admin/core/calendaryear/add/",
        {
            "year": "2027",
            "holidays": '{"2027-01-01": "元旦"}',
            "workdays": "{}",
            "source": "国务院办公厅通知",
        },
        follow=True,
    )
    # The date stays 2027-01-19 (New Year's Day was already counted off by the 办法); it is no longer
    # provisional, which counts as a recomputation.
    assert "1件未办结申请的答复期限已重新计算" in response.content.decode()
    case = Application.objects.get(pk=case.pk)
    assert (case.due_on, case.due_provisional) == (dt.date(2027, 1, 19), False)


def test_a_bad_arrangement_is_refused(new_years_eve: dt.date, db: None) -> None:
    admin = User.objects.create_superuser("admin", password="x")
    with pytest.raises(ActionError, match="节假日数据有误"):
        save_calendar_year(acting_user=admin, year=2027, holidays={"2027-13-01": "元旦"}, workdays={})
