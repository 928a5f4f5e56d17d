"""Who sees the board: the agency's 上级监督, over its subtree and its own roster-only units.
A unit's staff never sees a board; another county's supervisor sees nothing of this county's
roster, whatever address it tries."""

from __future__ import annotations

import pytest
from django.test import Client

from gongkai.agencies.models import Level, Membership, Role
from gongkai.oversight import actions
from gongkai.oversight.models import Roster, RosterUnit, UnitKind
from gongkai.reports.models import AnnualReport, Status
from tests.factories import member
from tests.oversight.oversight_fixtures import Tree, board_rows, client_for, file, tree

pytestmark = pytest.mark.django_db
__all__ = ["tree"]


def _rosters(t: Tree) -> None:
    """Each county's 2025 roster, each with a unit known only by name."""
    for agency, supervisor, name in (
        (t.county, t.supervisor, "示例县住房公积金管理中心"),
        (t.other_county, t.other_supervisor, "另一县住房公积金管理中心"),
    ):
        roster = actions.build_roster(acting_user=supervisor, agency=agency, year=2025)
        actions.add_unit(
            acting_user=supervisor,
            roster=roster,
            version=roster.version,
            name=name,
            kind=UnitKind.OTHER,
            level=Level.COUNTY,
        )


def test_a_supervisor_sees_its_subtree_and_its_own_roster_only_units(tree: Tree) -> None:
    _rosters(tree)
    file(tree.other_bureau, tree.other_supervisor)
    mine = board_rows(tree.supervisor, f"/work/oversight/{tree.county.pk}/2025/")
    assert sorted(mine) == sorted(
        [
            "示例县自然资源局",
            "示例县教育局",
            "示例县财政局",
            "示例县东风镇人民政府",
            "示例县住房公积金管理中心",
        ]
    )
    theirs = board_rows(tree.other_supervisor, f"/work/oversight/{tree.other_county.pk}/2025/")
    assert sorted(theirs) == ["另一县交通运输局", "另一县住房公积金管理中心"]
    # A person who supervises both counties switches between their boards.
    both = member(tree.county, Role.SUPERVISOR, username="both")
    Membership.objects.create(user=both, agency=tree.other_county, role=Role.SUPERVISOR)
    html = client_for(both).get(f"/work/oversight/{tree.county.pk}/2025/").content.decode()
    assert f'<a href="/work/oversight/{tree.other_county.pk}/2025/">另一县人民政府</a>' in html
    # The index takes each supervisor to its own county's board.
    response = client_for(tree.supervisor).get("/work/oversight/")
    assert response.status_code == 302
    assert response["Location"] == f"/work/oversight/{tree.county.pk}/2025/"


def test_another_countys_supervisor_sees_nothing_of_this_roster(tree: Tree) -> None:
    _rosters(tree)
    report = file(tree.land, tree.supervisor)
    roster = Roster.objects.get(agency=tree.county, year=2025)
    unit = RosterUnit.objects.get(roster=roster, name="示例县财政局")
    client = client_for(tree.other_supervisor)
    base = f"/work/oversight/{tree.county.pk}/2025/"
    for url in (base, base + "board.xlsx", base + "roster/", f"/work/oversight/{tree.county.pk}/2024/"):
        response = client.get(url)
        assert response.status_code == 404, url
        text = response.content.decode()
        assert "示例县财政局" not in text
        assert "示例县住房公积金管理中心" not in text
    posts = {
        base + "roster/build/": {},
        base + "roster/add/": {"version": roster.version, "name": "混入", "kind": "other", "level": "county"},
        base + "roster/exclude/": {"version": roster.version, "unit": unit.pk, "reason": "x"},
        base + f"reports/{report.pk}/return/": {"version": report.version, "comments": "退回"},
        base + f"reports/{report.pk}/accept/": {"version": report.version},
    }
    for url, data in posts.items():
        assert client.post(url, data).status_code == 404, url
    # Through its own board's address, this county's report is not on its roster: 404 too.
    own = f"/work/oversight/{tree.other_county.pk}/2025/reports/{report.pk}/return/"
    assert client.post(own, {"version": report.version, "comments": "退回"}).status_code == 404
    assert AnnualReport.objects.get(pk=report.pk).status == Status.FILED
    assert RosterUnit.objects.filter(roster=roster).count() == 5
    assert not RosterUnit.objects.get(pk=unit.pk).excluded


def test_a_units_staff_never_sees_the_board(tree: Tree) -> None:
    _rosters(tree)
    head = member(
        tree.county, Role.OFFICE_HEAD, username="county_head"
    )  # the county's own staff, not 上级监督
    for user in (tree.land_clerk, head):
        client = client_for(user)
        assert client.get("/work/oversight/").status_code == 403
        for url in ("", "board.xlsx", "roster/"):
            assert client.get(f"/work/oversight/{tree.county.pk}/2025/{url}").status_code == 404
        assert client.post(f"/work/oversight/{tree.county.pk}/2025/roster/build/").status_code == 404
        # Nor is the section offered in the navigation.
        assert "年度报告监督" not in client.get("/work/reports/").content.decode()
    assert "年度报告监督" in client_for(tree.supervisor).get("/work/reports/").content.decode()
    anonymous = Client().get(f"/work/oversight/{tree.county.pk}/2025/")
    assert anonymous.status_code == 302
    assert "/login/" in anonymous["Location"]
