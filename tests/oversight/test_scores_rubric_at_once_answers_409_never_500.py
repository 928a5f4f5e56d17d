"""Two supervisors of the county set the year's rubric at once, both from the page showing the
defaults: one is saved, the other told someone changed it (409); and the scores page viewed by
both at once works the supervisor's checks out and keeps them once. Real threads, own connections."""

from __future__ import annotations

import pytest

from gongkai.agencies.models import Role
from gongkai.oversight import actions
from gongkai.oversight.models import RubricEvent, ScoringRubric, SupervisionCache
from tests.factories import member
from tests.oversight.oversight_fixtures import Tree, client_for, day, tree
from tests.platform.test_concurrent_writes_queue_instead_of_failing import all_at_once
from tests.travel import travel_to

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["tree"]

POINTS = {"filed_late": "10", "published_late": "5", "elements_missing": "5", "similarity": "5"}


def test_the_rubric_is_set_once_from_two_pages_at_once(tree: Tree) -> None:
    colleague = member(tree.county, Role.SUPERVISOR, username="colleague")
    with travel_to(day(2026, 1, 5)):
        actions.build_roster(acting_user=tree.supervisor, agency=tree.county, year=2025)
    one, two = client_for(tree.supervisor), client_for(colleague)
    url = f"/work/oversight/{tree.county.pk}/2025/scores/rubric/"

    with travel_to(day(2026, 3, 1)):
        answers = all_at_once(
            [
                lambda: one.post(url, POINTS | {"returned_unfixed": "20", "version": "0"}),
                lambda: two.post(url, POINTS | {"returned_unfixed": "30", "version": "0"}),
            ]
        )
        pages = all_at_once(
            [lambda: one.get(url.replace("rubric/", "")), lambda: two.get(url.replace("rubric/", ""))]
        )

    assert sorted(r.status_code for r in answers) == [302, 409]
    rubric = ScoringRubric.objects.get()
    assert rubric.returned_unfixed in (20, 30)
    assert RubricEvent.objects.count() == 1
    assert [p.status_code for p in pages] == [200, 200]
    assert SupervisionCache.objects.count() == 1
