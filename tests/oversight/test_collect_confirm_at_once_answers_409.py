"""Two supervisors of the county confirm the same uncertain file at once, each from the page
they drew at the same version: one confirmation is kept, the other page is told 409 (never a
500). Real threads with their own connections, on SQLite and PostgreSQL."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.agencies.models import Role
from gongkai.oversight.collect import process, start_batch
from gongkai.oversight.models import BatchSource, CollectedReport, CollectedState
from tests.factories import member
from tests.oversight.oversight_fixtures import Tree, client_for, tree
from tests.platform.test_concurrent_writes_queue_instead_of_failing import all_at_once

from .collect_fixtures import ZHENGYANG, media, roster_2021, unit

pytestmark = pytest.mark.django_db(transaction=True)
__all__ = ["media", "tree"]


def test_two_confirmations_at_once_keep_one_and_tell_the_other_409(tree: Tree, media: Path) -> None:
    roster = roster_2021(tree, "正阳镇人民政府", "正阳镇政府办公室")
    batch = start_batch(
        acting_user=tree.supervisor,
        supervisor=tree.county,
        year=2021,
        source=BatchSource.FILES,
        files=[("正阳.txt", ZHENGYANG.read_bytes())],
    )
    process(batch)
    row = CollectedReport.objects.get(batch=batch)
    assert row.state == CollectedState.UNCERTAIN
    colleague = member(tree.county, Role.SUPERVISOR, username="colleague")
    one, two = client_for(tree.supervisor), client_for(colleague)
    url = f"/work/oversight/{tree.county.pk}/2021/collect/files/{row.pk}/confirm/"
    first, second = unit(roster, "正阳镇人民政府"), unit(roster, "正阳镇政府办公室")

    answers = all_at_once(
        [
            lambda: one.post(url, {"version": row.version, "unit": first.pk}),
            lambda: two.post(url, {"version": row.version, "unit": second.pk}),
        ]
    )

    assert sorted(r.status_code for r in answers) == [302, 409]
    kept = CollectedReport.objects.get(pk=row.pk)
    assert kept.state == CollectedState.MATCHED
    assert kept.version == row.version + 1
    winner = first if answers[0].status_code == 302 else second
    assert kept.unit == winner
    loser = answers[1] if answers[0].status_code == 302 else answers[0]
    assert "该文件已被他人处理" in loser.content.decode()
