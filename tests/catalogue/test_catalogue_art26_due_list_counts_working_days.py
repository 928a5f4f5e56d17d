"""Art. 26: publish within 20 working days of 成文日期. Today is Tuesday 2026-06-30; the
Dragon Boat holiday is Friday 19 to Sunday 21 June 2026 (no make-up working day).

Counted by hand from the day after 成文日期, skipping weekends and 19 June:
- written Fri 29 May: 1 Jun is day 1 ... 29 Jun is day 20 -> due 29 Jun, overdue;
- written Mon 1 Jun: 2 Jun is day 1, 18 Jun day 13, 22 Jun day 14 ... 30 Jun day 20 -> due today
  (without the holiday it would have been 29 Jun);
- written Thu 4 Jun: 5 Jun day 1 ... 30 Jun day 17, 1 Jul 18, 2 Jul 19, 3 Jul 20 -> due Fri 3 Jul,
  3 working days left (1, 2, 3 Jul);
- written Fri 5 Jun: due Mon 6 Jul, 4 working days left -> not yet listed.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import User

from gongkai.agencies.models import Agency, Role
from gongkai.catalogue import actions
from gongkai.catalogue.models import Attribute, LegalGround
from gongkai.catalogue.selectors import publication_due, publication_due_list
from tests.catalogue.workflow import draft, sign_all, signers
from tests.factories import member


@pytest.fixture
def items(bureau: Agency, other_bureau: Agency, clerk: User, office_head: User) -> dict[str, int]:
    overdue = draft(bureau, clerk, title="五月二十九日成文", written_on=dt.date(2026, 5, 29))
    today = draft(bureau, clerk, title="六月一日成文", written_on=dt.date(2026, 6, 1))
    soon = draft(bureau, clerk, title="六月四日成文", written_on=dt.date(2026, 6, 4))
    actions.submit_for_review(acting_user=clerk, item=soon)
    draft(bureau, clerk, title="六月五日成文", written_on=dt.date(2026, 6, 5))
    people = signers(bureau, clerk, office_head)
    published = sign_all(draft(bureau, clerk, title="已发布", written_on=dt.date(2026, 5, 4)), people)
    actions.publish(acting_user=office_head, item=published)
    sign_all(
        draft(bureau, clerk, title="不予公开", written_on=dt.date(2026, 5, 4)),
        people,
        attribute=Attribute.WITHHELD,
        legal_ground=LegalGround.ART14,
        legal_ground_text="工作秘密",
    )
    draft(other_bureau, member(other_bureau, Role.CLERK), title="别的机关", written_on=dt.date(2026, 5, 4))
    return {"overdue": overdue.pk, "today": today.pk, "soon": soon.pk}


def test_the_due_date_skips_the_dragon_boat_holiday(bureau: Agency, clerk: User) -> None:
    assert publication_due(draft(bureau, clerk, written_on=dt.date(2026, 6, 1))) == dt.date(2026, 6, 30)


def test_overdue_and_due_soon_items_of_the_agency_most_urgent_first(
    bureau: Agency, items: dict[str, int]
) -> None:
    rows = publication_due_list(bureau)
    assert [(r.item.title, r.due_on, r.overdue, r.working_days_left) for r in rows] == [
        ("五月二十九日成文", dt.date(2026, 6, 29), True, 0),
        ("六月一日成文", dt.date(2026, 6, 30), False, 0),
        ("六月四日成文", dt.date(2026, 7, 3), False, 3),
    ]
    assert [r.step_label for r in rows] == ["草稿", "草稿", "科室负责人审核"]


def test_with_include_all_the_item_due_next_week_is_listed_too(bureau: Agency, items: dict[str, int]) -> None:
    rows = publication_due_list(bureau, include_all=True)
    assert [(r.item.title, r.due_on) for r in rows][-1] == ("六月五日成文", dt.date(2026, 7, 6))


def test_a_day_later_the_item_due_today_is_overdue(bureau: Agency, items: dict[str, int]) -> None:
    rows = publication_due_list(bureau, today=dt.date(2026, 7, 1))
    assert [(r.item.title, r.overdue) for r in rows][:2] == [
        ("五月二十九日成文", True),
        ("六月一日成文", True),
    ]
