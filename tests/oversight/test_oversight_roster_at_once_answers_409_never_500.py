"""Two supervisors of the county at once: the year's roster is built once (the other page gets
409), and two units added from pages drawn at the same version: one added, the other told the
roster changed. Real threads with their own connections."""

from __future__ import annotations

import pytest

from gongkai.agencies.models import Role
from gongkai.oversight import actions
from gongkai.oversight.models import Roster, RosterEvent, RosterUnit
from tests.factories import member
from tests.oversight.oversight_fixtures import Tree, client_for, tree
from tests.platform.test_concurrent_writes_queue_instead_of_failing import all_at_once

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["tree"]


def test_built_once_and_added_once_from_two_pages_at_once(tree: Tree) -> None:
    colleague = member(tree.county, Role.SUPERVISOR, username="colleague")
    one, two = client_for(tree.supervisor), client_for(colleague)
    build = f"/work/oversight/{tree.county.pk}/2025/roster/build/"

    built = all_at_once([lambda: one.post(build), lambda: two.post(build)])

    assert sorted(r.status_code for r in built) == [302, 409]
    roster = Roster.objects.get(agency=tree.county, year=2025)
    assert RosterUnit.objects.filter(roster=roster).count() == 4
    add = f"/work/oversight/{tree.county.pk}/2025/roster/add/"
    seen = {"version": str(roster.version), "kind": "other", "level": "county"}

    added = all_at_once(
        [lambda: one.post(add, seen | {"name": "甲中心"}), lambda: two.post(add, seen | {"name": "乙中心"})]
    )

    assert sorted(r.status_code for r in added) == [302, 409]
    assert RosterUnit.objects.filter(roster=roster).count() == 5
    assert RosterEvent.objects.filter(roster=roster).count() == 2
    assert actions.supervises_agency(colleague, tree.county)
