"""Publishing while someone else does: the report published from two pages at once is published
once (the other page gets 409, nothing half-made), and a report and a catalogue item of the same
agency published at once get consecutive 索引号. Real threads with their own connections."""

from __future__ import annotations

import datetime as dt

import pytest

from gongkai.agencies.models import Agency
from gongkai.catalogue.models import Attachment, CatalogueItem
from gongkai.catalogue.models import EventKind as ItemEventKind
from gongkai.core.actions import STALE_MESSAGE
from gongkai.reports import actions
from gongkai.reports.models import AnnualReport, EventKind, Status
from tests.catalogue.workflow import draft, sign_all, signers
from tests.platform.test_concurrent_writes_queue_instead_of_failing import all_at_once
from tests.reports.reports_fixtures import People, client_for, filed

from . import reports_fixtures

pytestmark = pytest.mark.django_db(transaction=True)

people = reports_fixtures.people
january_2026 = reports_fixtures.january_2026


def _accepted(bureau: Agency, people: People) -> AnnualReport:
    report = filed(bureau, people)
    return actions.accept(acting_user=people.supervisor, report=report, version=report.version)


def test_one_report_published_from_two_pages_at_once_is_published_once(
    bureau: Agency, people: People, january_2026: object
) -> None:
    report = _accepted(bureau, people)
    seen = {"version": report.version}
    url = f"/work/reports/{report.pk}/publish/"
    clerk, head = client_for(people.clerk), client_for(people.head)

    responses = all_at_once([lambda: clerk.post(url, seen), lambda: head.post(url, seen)])

    assert sorted(r.status_code for r in responses) == [302, 409]
    [refused] = [r for r in responses if r.status_code == 409]
    text = refused.content.decode()
    assert STALE_MESSAGE in text or actions.PUBLISHED_MESSAGE in text
    fresh = AnnualReport.objects.get(pk=report.pk)
    assert fresh.status == Status.PUBLISHED
    assert fresh.events.filter(kind=EventKind.PUBLISHED).count() == 1
    assert CatalogueItem.objects.count() == 1
    assert Attachment.objects.count() == 2


def test_a_report_and_an_item_published_at_once_get_consecutive_index_numbers(
    bureau: Agency, people: People, january_2026: object
) -> None:
    report = _accepted(bureau, people)
    chain = signers(bureau, people.clerk, people.head)
    item = sign_all(
        draft(bureau, chain.drafter, title="关于耕地保护的通知", written_on=dt.date(2026, 1, 5)), chain
    )
    clerk, head = client_for(people.clerk), client_for(people.head)

    responses = all_at_once(
        [
            lambda: clerk.post(f"/work/reports/{report.pk}/publish/", {"version": report.version}),
            lambda: head.post(f"/work/catalogue/{item.pk}/publish/", {"version": item.version}),
        ]
    )

    assert [r.status_code for r in responses] == [302, 302]
    numbers = sorted(CatalogueItem.objects.filter(agency=bureau).values_list("index_number", flat=True))
    assert numbers == [f"{bureau.org_code}/2026-00001", f"{bureau.org_code}/2026-00002"]
    assert CatalogueItem.objects.filter(events__kind=ItemEventKind.PUBLISHED).count() == 2
