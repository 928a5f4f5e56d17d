"""The supervisor's word on a collected file: a report collected before its year's roster exists
is 未匹配 until it is read again once the roster is built; a wrong match is undone (the unit is
未找到 again on the board); a file is refused only with a reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from gongkai.agencies.models import Level
from gongkai.oversight import actions
from gongkai.oversight.collect import process, start_batch
from gongkai.oversight.models import BatchSource, CollectedReport, CollectedState, Roster, UnitKind

from .collect_fixtures import LONGTIAN, media
from .oversight_fixtures import Tree, board_rows, client_for, tree

__all__ = ["media", "tree"]


@pytest.mark.django_db
def test_a_report_read_before_its_roster_is_matched_when_read_again(tree: Tree, media: Path) -> None:
    batch = start_batch(
        acting_user=tree.supervisor,
        supervisor=tree.county,
        year=2021,
        source=BatchSource.FILES,
        files=[("龙田.txt", LONGTIAN.read_bytes())],
    )
    process(batch)
    row = CollectedReport.objects.get(batch=batch)
    assert row.state == CollectedState.UNMATCHED
    assert "还没有2021年度的名单" in row.reason

    roster = actions.build_roster(acting_user=tree.supervisor, agency=tree.county, year=2021)
    actions.add_unit(
        acting_user=tree.supervisor,
        roster=roster,
        version=roster.version,
        name="龙田镇人民政府",
        kind=UnitKind.GOVERNMENT,
        level=Level.TOWNSHIP,
    )
    client = client_for(tree.supervisor)
    base = f"/work/oversight/{tree.county.pk}/2021"
    response = client.post(f"{base}/collect/files/{row.pk}/reprocess/", {"version": row.version})
    assert response.status_code == 302
    row = CollectedReport.objects.get(pk=row.pk)
    assert row.state == CollectedState.MATCHED
    assert row.unit is not None
    assert row.unit.name == "龙田镇人民政府"
    assert board_rows(tree.supervisor, f"{base}/")["龙田镇人民政府"]["status"] == "已发布"

    # Undone: the unit has no report on file again.
    response = client.post(f"{base}/collect/files/{row.pk}/unmatch/", {"version": row.version})
    assert response.status_code == 302
    row = CollectedReport.objects.get(pk=row.pk)
    assert row.state == CollectedState.UNMATCHED
    assert row.unit is None
    assert board_rows(tree.supervisor, f"{base}/")["龙田镇人民政府"]["status"] == "未找到"

    # Refused only with a reason; then refused.
    response = client.post(f"{base}/collect/files/{row.pk}/refuse/", {"version": row.version, "reason": "  "})
    assert response.status_code == 400
    assert CollectedReport.objects.get(pk=row.pk).state == CollectedState.UNMATCHED
    response = client.post(
        f"{base}/collect/files/{row.pk}/refuse/", {"version": row.version, "reason": "这是镇党委的工作总结"}
    )
    assert response.status_code == 302
    row = CollectedReport.objects.get(pk=row.pk)
    assert row.state == CollectedState.REFUSED
    assert row.reason == "监督人员拒收：这是镇党委的工作总结"
    assert Roster.objects.get(pk=roster.pk).units.count() == 5
    history = list(row.events.order_by("id").values_list("kind", "actor__username"))
    assert history == [
        ("received", "county_supervisor"),
        ("read", None),  # 未匹配: no roster yet
        ("reprocessed", "county_supervisor"),
        ("read", None),  # 已匹配
        ("unmatched", "county_supervisor"),
        ("refused", "county_supervisor"),  # the refusal without a reason left no line
    ]
    page = client.get(f"{base}/collect/files/{row.pk}/").content.decode()
    assert "处理记录" in page
    assert "拒收（county_supervisor）" in page
