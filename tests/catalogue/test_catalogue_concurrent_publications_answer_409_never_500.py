"""Two people acting on catalogue items at once, through the item pages: every action waits for
the row it locks, the second one on the same item finds it changed and is refused with 409, and
two publications of one agency never share a 索引号. Nothing answers 5xx.

Real threads with their own database connections, released together (the helper of
test_concurrent_writes_queue_instead_of_failing.py).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import User
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.catalogue import actions
from gongkai.catalogue.models import CatalogueItem, EventKind, Status
from tests.catalogue.workflow import Signers, draft, sign_all, signers
from tests.platform.test_concurrent_writes_queue_instead_of_failing import all_at_once

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def people(bureau: Agency, clerk: User, office_head: User) -> Signers:
    return signers(bureau, clerk, office_head)


def page_of(user: User) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_one_item_published_from_two_pages_at_once_is_published_once(bureau: Agency, people: Signers) -> None:
    item = sign_all(draft(bureau, people.drafter, title="关于耕地保护的通知"), people)
    seen = {"version": item.version}  # both pages were opened on the same copy
    url = f"/work/catalogue/{item.pk}/publish/"
    clerk, head = page_of(people.drafter), page_of(people.office_head)

    responses = all_at_once([lambda: clerk.post(url, seen), lambda: head.post(url, seen)])

    assert sorted(r.status_code for r in responses) == [302, 409]
    [refused] = [r for r in responses if r.status_code == 409]
    assert actions.STALE_MESSAGE in refused.content.decode()
    fresh = CatalogueItem.objects.get(pk=item.pk)
    assert fresh.status == Status.PUBLISHED
    assert fresh.index_number == f"{bureau.org_code}/2026-00001"
    assert fresh.events.filter(kind=EventKind.PUBLISHED).count() == 1
    assert fresh.releases.count() == 1


def test_two_items_published_at_once_get_consecutive_index_numbers(bureau: Agency, people: Signers) -> None:
    first = sign_all(draft(bureau, people.drafter, title="关于耕地保护的通知"), people)
    second = sign_all(draft(bureau, people.drafter, title="关于湿地保护的通知"), people)
    clerk, head = page_of(people.drafter), page_of(people.office_head)

    responses = all_at_once(
        [
            lambda: clerk.post(f"/work/catalogue/{first.pk}/publish/", {"version": first.version}),
            lambda: head.post(f"/work/catalogue/{second.pk}/publish/", {"version": second.version}),
        ]
    )

    assert [r.status_code for r in responses] == [302, 302]
    numbers = sorted(CatalogueItem.objects.filter(agency=bureau).values_list("index_number", flat=True))
    assert numbers == [f"{bureau.org_code}/2026-00001", f"{bureau.org_code}/2026-00002"]
