"""The desks' queues: 新收到 and 待分派 for the disclosure office, 待我处理 for each person and each
step of each chain (cases, reply approval, the catalogue's sign-off), in their own agency only.

The bureau asks for reply approval. On its desks, worked out by hand:
- A: online, unassigned → 新收到 and 待分派 for the clerk and the office head;
- B: at the counter, unassigned → 待分派 only;
- C: assigned to the clerk, in progress → the clerk's 待我处理;
- D: assigned to the clerk, decided → waits for the office head's approval, then the deputy's;
  while it waits it is on the approver's desk, not the clerk's; approved, it is the clerk's again;
- E: online at the education bureau → on no desk of the natural-resources bureau;
- a catalogue draft by the clerk, submitted → step 1 (科室负责人, role 经办人): the section head's
  desk, never the drafter's; signed, step 2 (公开办负责人): the office head's.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from gongkai.agencies.models import Agency, Role
from gongkai.applications import actions
from gongkai.applications.models import Application, Letterhead
from gongkai.applications.queues import Queues, queues
from gongkai.catalogue import actions as catalogue_actions
from gongkai.catalogue.models import CatalogueItem
from tests.catalogue.workflow import CONFIDENTIALITY, Signers, draft, signers
from tests.factories import application, member

pytestmark = pytest.mark.django_db


@dataclass
class Desks:
    a: Application
    b: Application
    c: Application
    d: Application
    e: Application
    item: CatalogueItem
    people: Signers
    stranger: User


def numbers(cases: list[Application]) -> list[str]:
    return [c.number for c in cases]


@pytest.fixture
def desks(bureau: Agency, other_bureau: Agency, clerk: User, office_head: User) -> Desks:
    Letterhead.objects.filter(agency=bureau).update(reply_approval=True)
    people = signers(bureau, clerk, office_head)
    stranger = member(other_bureau, Role.CLERK, username="stranger")
    online = {"channel": "online", "email": "zhang@example.com"}
    a = application(bureau, None, received=dt.date(2026, 6, 29), **online)
    b = application(bureau, clerk, received=dt.date(2026, 6, 22))
    c = application(bureau, clerk, received=dt.date(2026, 6, 15))
    actions.assign(acting_user=clerk, application=c, assignee=clerk)
    d = application(bureau, clerk, received=dt.date(2026, 6, 8))
    actions.assign(acting_user=clerk, application=d, assignee=clerk)
    d = actions.decide(
        acting_user=clerk, application=d, outcome="granted", legal_basis="", on=dt.date(2026, 6, 29)
    )
    e = application(other_bureau, None, received=dt.date(2026, 6, 29), **online)
    item = catalogue_actions.submit_for_review(acting_user=clerk, item=draft(bureau, clerk))
    return Desks(a, b, c, d, e, item, people, stranger)


def test_the_office_sees_new_and_unassigned_cases_of_its_own_agency(desks: Desks) -> None:
    for person in (desks.people.drafter, desks.people.office_head):
        desk = queues(person)
        assert numbers(desk.new) == [desks.a.number]
        # Ordered by deadline: B (received June 22) falls due before A (June 29).
        assert numbers(desk.unassigned) == [desks.b.number, desks.a.number]
    other = queues(desks.stranger)
    assert numbers(other.new) == numbers(other.unassigned) == [desks.e.number]
    # The deputy and the principal do not assign cases; the supervisor acts on nothing.
    assert queues(desks.people.deputy).unassigned == []


def test_assigning_takes_a_case_off_the_office_queues(desks: Desks, clerk: User) -> None:
    actions.assign(acting_user=clerk, application=desks.a, assignee=desks.people.section_head)
    desk = queues(clerk)
    assert (desk.new, numbers(desk.unassigned)) == ([], [desks.b.number])
    assert numbers(queues(desks.people.section_head).my_cases) == [desks.a.number]


def test_a_reply_waits_on_the_desk_of_whoever_must_approve_it_next(desks: Desks, clerk: User) -> None:
    people = desks.people
    assert numbers(queues(clerk).my_cases) == [desks.c.number]  # D waits for approval, not for her
    assert numbers(queues(people.office_head).my_approvals) == [desks.d.number]
    assert queues(people.deputy).my_approvals == []
    actions.approve_reply(acting_user=people.office_head, application=desks.d)
    assert queues(people.office_head).my_approvals == []
    assert numbers(queues(people.deputy).my_approvals) == [desks.d.number]
    actions.approve_reply(acting_user=people.deputy, application=desks.d)
    assert queues(people.deputy).my_approvals == []
    # Approved: the clerk issues the reply. D (received June 8) falls due before C (June 15).
    assert numbers(queues(clerk).my_cases) == [desks.d.number, desks.c.number]


def test_a_catalogue_item_waits_for_the_holder_of_its_next_step(desks: Desks) -> None:
    people = desks.people
    assert queues(people.section_head).my_items == [desks.item]
    assert queues(people.drafter).my_items == []  # holds the role, but drafted it
    assert queues(people.office_head).my_items == []
    catalogue_actions.approve_step(acting_user=people.section_head, item=desks.item, step=1)
    assert queues(people.section_head).my_items == []
    assert queues(people.office_head).my_items == [desks.item]
    item = catalogue_actions.approve_step(
        acting_user=people.office_head, item=desks.item, step=2, **CONFIDENTIALITY
    )
    catalogue_actions.return_to_drafter(acting_user=people.deputy, item=item, reason="请补充附件")
    assert queues(people.drafter).my_items == [desks.item]  # sent back to the drafter
    assert queues(people.deputy).my_items == []
    assert queues(desks.stranger).my_items == []


def test_a_supervisor_has_nothing_waiting(desks: Desks, supervisor: User) -> None:
    assert queues(supervisor) == Queues()


def test_the_workbench_lists_them_and_the_navigation_counts_them(desks: Desks, office_head: User) -> None:
    client = Client()
    client.force_login(office_head)
    html = client.get("/work/").content.decode()
    # 待我处理: D's approval; nothing of the catalogue yet (step 1 is the section head's).
    assert '待我处理 <span class="count">（1）</span>' in html
    assert '新收到 <span class="count">（1）</span>' in html
    assert '待分派 <span class="count">（2）</span>' in html
    new = html[html.index('id="list-new"') : html.index('id="list-unassigned"')]
    assert desks.a.number in new
    assert desks.b.number not in new
    approvals = html[html.index('id="list-approvals"') : html.index('id="list-mine"')]
    assert desks.d.number in approvals
    # Another page of the workbench shows the same counts.
    html = client.get("/work/cases/").content.decode()
    assert '待我处理 <span class="count">（1）</span>' in html


def test_the_queues_take_seven_queries_whatever_the_numbers(
    desks: Desks, bureau: Agency, clerk: User, office_head: User
) -> None:
    with CaptureQueriesContext(connection) as few:
        queues(office_head)
    for day in range(1, 6):
        application(bureau, None, received=dt.date(2026, 6, day), channel="online", email="li@example.com")
        case = application(bureau, clerk, received=dt.date(2026, 6, day))
        actions.assign(acting_user=clerk, application=case, assignee=office_head)
        actions.decide(
            acting_user=clerk, application=case, outcome="granted", legal_basis="", on=dt.date(2026, 6, 29)
        )
        catalogue_actions.submit_for_review(acting_user=clerk, item=draft(bureau, clerk))
    with CaptureQueriesContext(connection) as many:
        desk = queues(office_head)
    assert len(desk.my_approvals) == 6
    assert len(desk.new) == 6
    # Seven: the six of the cases and the catalogue, and one for 待登记 (the online submissions
    # waiting for the office to confirm them, a table of their own).
    assert len(few) == len(many) == 7


def test_the_section_head_finds_the_item_and_its_step_on_the_workbench(desks: Desks) -> None:
    client = Client()
    client.force_login(desks.people.section_head)
    html = client.get("/work/").content.decode()
    items = html[html.index('id="list-items"') :]
    assert f'href="/work/catalogue/{desks.item.pk}/"' in items
    assert "第1步：科室负责人审核" in items
    assert '待我处理 <span class="count">（1）</span>' in html
