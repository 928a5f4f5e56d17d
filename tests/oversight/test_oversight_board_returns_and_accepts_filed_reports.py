"""From the board the supervisor returns a filed report with comments or accepts it: the reports
app's own actions (the unit sees the comments on its report, the history is kept); bad or stale
forms change nothing."""

from __future__ import annotations

import pytest

from gongkai.oversight import actions
from gongkai.reports.models import AnnualReport, EventKind, Status
from tests.oversight.oversight_fixtures import Tree, board_rows, client_for, day, file, tree
from tests.reports.reports_fixtures import page_text
from tests.travel import travel_to

pytestmark = pytest.mark.django_db
__all__ = ["tree"]


def _filed(t: Tree) -> AnnualReport:
    with travel_to(day(2026, 1, 10)):
        actions.build_roster(acting_user=t.supervisor, agency=t.county, year=2025)
        return file(t.land, t.supervisor)


def test_returned_with_comments_the_unit_sees_them_and_the_board_says_returned(tree: Tree) -> None:
    report = _filed(tree)
    url = f"/work/oversight/{tree.county.pk}/2025/"
    with travel_to(day(2026, 1, 12)):
        html = client_for(tree.supervisor).get(url).content.decode()
        assert f'action="/work/oversight/{tree.county.pk}/2025/reports/{report.pk}/return/"' in html
        response = client_for(tree.supervisor).post(
            f"{url}reports/{report.pk}/return/",
            {
                "version": report.version,
                "comments": "表三第二行与正文不一致，请核对",
                "back": "status=filed&evil=1",
            },
        )
        assert response.status_code == 302
        assert response["Location"] == f"{url}?status=filed"
        assert board_rows(tree.supervisor, url)["示例县自然资源局"]["status"] == "已退回"
    stored = AnnualReport.objects.get(pk=report.pk)
    assert stored.status == Status.RETURNED
    assert stored.supervisor_comments == "表三第二行与正文不一致，请核对"
    assert [e.kind for e in stored.events.order_by("id")][-1] == EventKind.SUPERVISOR_RETURNED
    assert "表三第二行与正文不一致，请核对" in page_text(tree.land_clerk, stored)


def test_accepted_from_the_board(tree: Tree) -> None:
    report = _filed(tree)
    url = f"/work/oversight/{tree.county.pk}/2025/reports/{report.pk}/accept/"
    with travel_to(day(2026, 1, 12)):
        assert (
            client_for(tree.supervisor).post(url, {"version": report.version, "reason": ""}).status_code
            == 302
        )
        row = board_rows(tree.supervisor, f"/work/oversight/{tree.county.pk}/2025/")["示例县自然资源局"]
    assert row["status"] == "已报送"
    assert AnnualReport.objects.get(pk=report.pk).status == Status.ACCEPTED
    # Accepted: nothing more to return or accept (the state has moved on: 409, nothing changed).
    again = client_for(tree.supervisor).post(url, {"version": report.version + 1, "reason": ""})
    assert again.status_code == 409


def test_no_comments_or_a_stale_copy_changes_nothing(tree: Tree) -> None:
    report = _filed(tree)
    url = f"/work/oversight/{tree.county.pk}/2025/reports/{report.pk}/return/"
    client = client_for(tree.supervisor)
    empty = client.post(url, {"version": report.version, "comments": "  "})
    assert empty.status_code == 400
    assert "退回意见" in empty.content.decode()
    stale = client.post(url, {"version": report.version - 1, "comments": "请修改"})
    assert stale.status_code == 409
    stored = AnnualReport.objects.get(pk=report.pk)
    assert (stored.status, stored.version, stored.supervisor_comments) == (Status.FILED, report.version, "")
    assert (
        client.post(f"/work/oversight/{tree.county.pk}/2025/reports/{report.pk}/publish/", {}).status_code
        == 404
    )
