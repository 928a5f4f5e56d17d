"""Two people save the same draft at once, each from the page they opened: one save lands, the
other is answered 409 with their text still in the form, and nothing is lost or mixed.

Real threads with their own connections, released together (as in
test_concurrent_writes_queue_instead_of_failing). `make test` runs tests/web on SQLite and
again on PostgreSQL, so both databases' locking is tried."""

from __future__ import annotations

import re

import pytest
from django.test import Client

from gongkai.agencies.models import Agency
from gongkai.reports.models import AnnualReport, EventKind
from tests.platform.test_concurrent_writes_queue_instead_of_failing import all_at_once
from tests.reports.reports_fixtures import People, client_for, drafted

from . import reports_fixtures

pytestmark = pytest.mark.django_db(transaction=True)

people = reports_fixtures.people
january_2026 = reports_fixtures.january_2026

TEXTS = {
    "clerk": "本年度，本局主动公开政府信息120条。",
    "head": "本年度，本局围绕重点领域深化政务公开。",
}


def test_two_saves_of_the_same_draft_one_lands_and_the_other_is_told(
    bureau: Agency, people: People, january_2026: object
) -> None:
    report = drafted(bureau, people)
    seen = report.version  # both opened the page at this version
    clients: dict[str, Client] = {"clerk": client_for(people.clerk), "head": client_for(people.head)}

    def save(who: str) -> tuple[str, int, str]:
        response = clients[who].post(
            f"/work/reports/{report.pk}/save/",
            {"version": str(seen), "general": TEXTS[who], "other": reports_fixtures.FEES},
        )
        return who, response.status_code, response.content.decode()

    results = all_at_once([lambda: save("clerk"), lambda: save("head")])
    statuses = sorted(status for _, status, _ in results)
    assert statuses == [302, 409]
    winner = next(who for who, status, _ in results if status == 302)
    loser, _, page = next(r for r in results if r[1] == 409)

    stored = AnnualReport.objects.get(pk=report.pk)
    assert stored.general == TEXTS[winner]
    assert stored.version == seen + 1
    assert stored.events.filter(kind=EventKind.SAVED).count() == 2  # the fixture's save and the winner's
    # The loser is told, and finds their own text in the form to compare and save again.
    assert "已被他人更新" in page
    textarea = re.search(r'<textarea name="general"[^>]*>(.*?)</textarea>', page, re.S)
    assert textarea is not None
    assert textarea.group(1).strip() == TEXTS[loser]
