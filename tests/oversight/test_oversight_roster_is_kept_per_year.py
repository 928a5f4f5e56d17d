"""The roster of a year: built from the agency tree (the supervisor's subtree only), units not
on the platform added, a unit excluded with its reason; copied into the next year, where every
change leaves the earlier year's roster as it was. Every step through the page, with its event."""

from __future__ import annotations

import re

import pytest

from gongkai.agencies.models import Agency, Level
from gongkai.oversight import actions
from gongkai.oversight.models import Deadline, Roster, RosterEvent, RosterUnit, UnitKind
from tests.factories import AgencyFactory
from tests.oversight.oversight_fixtures import Tree, client_for, tree

pytestmark = pytest.mark.django_db
__all__ = ["tree"]


def _units(roster: Roster) -> dict[str, tuple[str, str, str, str, bool, str]]:
    return {
        u.name: (u.kind, u.level, u.parent_name, u.deadline, u.excluded, u.exclusion_reason)
        for u in RosterUnit.objects.filter(roster=roster)
    }


def _post(t: Tree, year: int, action: str, **data: object) -> int:
    roster = Roster.objects.filter(agency=t.county, year=year).first()
    fields = {"version": str(roster.version)} if roster else {}
    fields |= {k: str(v) for k, v in data.items()}
    url = f"/work/oversight/{t.county.pk}/{year}/roster/{action}/"
    return client_for(t.supervisor).post(url, fields).status_code


def test_built_from_the_subtree_then_edited_through_the_page(tree: Tree) -> None:
    assert _post(tree, 2024, "build") == 302
    roster = Roster.objects.get(agency=tree.county, year=2024)
    # Below the county only (not the county itself, whose report goes to its own supervisor,
    # nor the other county's bureau); the township government reports by January 31 too.
    assert _units(roster) == {
        "示例县自然资源局": ("department", "county", "示例县人民政府", "jan31", False, ""),
        "示例县教育局": ("department", "county", "示例县人民政府", "jan31", False, ""),
        "示例县财政局": ("department", "county", "示例县人民政府", "jan31", False, ""),
        "示例县东风镇人民政府": ("government", "township", "示例县人民政府", "jan31", False, ""),
    }
    assert _post(tree, 2024, "build") == 409  # once per year
    assert (
        _post(
            tree,
            2024,
            "add",
            name="示例县住房公积金管理中心",
            kind="other",
            level="county",
            parent_name="示例县人民政府",
        )
        == 302
    )
    finance = RosterUnit.objects.get(roster=roster, name="示例县财政局")
    assert _post(tree, 2024, "exclude", unit=finance.pk, reason="") == 400  # a reason is required
    assert not RosterUnit.objects.get(pk=finance.pk).excluded
    assert _post(tree, 2024, "exclude", unit=finance.pk, reason="由县人民政府办公室合并报告") == 302
    html = client_for(tree.supervisor).get(f"/work/oversight/{tree.county.pk}/2024/roster/").content.decode()
    assert "不列入：由县人民政府办公室合并报告" in html
    assert [e.kind for e in RosterEvent.objects.filter(roster=roster).order_by("id")] == [
        "built",
        "added",
        "excluded",
    ]
    assert "由县人民政府办公室合并报告" in re.sub(r"\s+", " ", html.split("办理记录")[1])


def test_a_stale_or_bad_form_changes_nothing(tree: Tree) -> None:
    roster = actions.build_roster(acting_user=tree.supervisor, agency=tree.county, year=2025)
    url = f"/work/oversight/{tree.county.pk}/2025/roster/add/"
    client = client_for(tree.supervisor)
    stale = client.post(url, {"version": "99", "name": "某中心", "kind": "other", "level": "county"})
    assert stale.status_code == 409
    assert "已被他人修改" in stale.content.decode()
    taken = client.post(
        url, {"version": str(roster.version), "name": "示例县教育局", "kind": "other", "level": "county"}
    )
    assert taken.status_code == 409
    assert "名单中已有“示例县教育局”" in taken.content.decode()
    bad = client.post(
        url, {"version": str(roster.version), "name": "某中心", "kind": "bank", "level": "county"}
    )
    assert bad.status_code == 400
    # A platform agency's particulars come from the agency tree, not from the roster.
    land = RosterUnit.objects.get(roster=roster, name="示例县自然资源局")
    edited = client.post(
        f"/work/oversight/{tree.county.pk}/2025/roster/edit/",
        {"version": str(roster.version), "unit": land.pk, "name": "改名", "kind": "other", "level": "county"},
    )
    assert edited.status_code == 409
    assert RosterUnit.objects.filter(roster=roster).count() == 4
    assert RosterEvent.objects.filter(roster=roster).count() == 1


def test_next_years_copy_changes_leave_last_years_as_it_was(tree: Tree) -> None:
    roster = actions.build_roster(acting_user=tree.supervisor, agency=tree.county, year=2024)
    fund = actions.add_unit(
        acting_user=tree.supervisor,
        roster=roster,
        version=roster.version,
        name="示例县住房公积金管理中心",
        kind=UnitKind.OTHER,
        level=Level.COUNTY,
    )
    roster.refresh_from_db()
    finance = RosterUnit.objects.get(roster=roster, name="示例县财政局")
    actions.exclude_unit(
        acting_user=tree.supervisor,
        roster=roster,
        version=roster.version,
        unit_id=finance.pk,
        reason="合并报告",
    )
    before = _units(roster)
    # Since: a new bureau below the county; the education bureau moved to the other county.
    AgencyFactory(name="示例县数据局", parent=tree.county)
    education = Agency.objects.get(pk=tree.education.pk)
    education.parent = tree.other_county
    education.save()

    assert _post(tree, 2025, "copy", from_year=2024) == 302
    copy = Roster.objects.get(agency=tree.county, year=2025)
    assert copy.copied_from == roster
    assert _units(copy) == {
        "示例县自然资源局": ("department", "county", "示例县人民政府", "jan31", False, ""),
        "示例县财政局": ("department", "county", "示例县人民政府", "jan31", True, "合并报告"),
        "示例县东风镇人民政府": ("government", "township", "示例县人民政府", "jan31", False, ""),
        "示例县住房公积金管理中心": ("other", "county", "", "jan31", False, ""),
        "示例县数据局": ("department", "county", "示例县人民政府", "jan31", False, ""),
    }
    copied_fund = RosterUnit.objects.get(roster=copy, name=fund.name)
    assert (
        _post(
            tree,
            2025,
            "edit",
            unit=copied_fund.pk,
            name="示例县住房公积金中心",
            kind="other",
            level="county",
            deadline="mar31",
        )
        == 302
    )
    copied_finance = RosterUnit.objects.get(roster=copy, name="示例县财政局")
    assert _post(tree, 2025, "include", unit=copied_finance.pk) == 302
    tree.land.name = "示例县自然资源和规划局"
    tree.land.save()

    assert _units(roster) == before  # 2024's roster: as it was
    after = _units(copy)
    assert after["示例县住房公积金中心"][3] == Deadline.MAR31
    assert after["示例县财政局"][4] is False
    assert "示例县自然资源局" in after  # a snapshot: the rename shows in the next roster built
    history = (
        client_for(tree.supervisor).get(f"/work/oversight/{tree.county.pk}/2025/roster/").content.decode()
    )
    assert "复制自2024年度；共5个单位" in history
    assert "名称：示例县住房公积金管理中心 → 示例县住房公积金中心；公开期限：1月31日前 → 3月31日前" in history


def test_the_back_office_lists_rosters_with_their_units(tree: Tree, admin_client: object) -> None:
    roster = actions.build_roster(acting_user=tree.supervisor, agency=tree.county, year=2025)
    listing = admin_client.get("/admin/oversight/roster/")  # type: ignore[attr-defined]
    assert listing.status_code == 200
    assert "示例县人民政府2025年度报告名单" in listing.content.decode()
    page = admin_client.get(f"/admin/oversight/roster/{roster.pk}/change/")  # type: ignore[attr-defined]
    assert page.status_code == 200
    assert "示例县东风镇人民政府" in page.content.decode()


def test_only_the_supervisor_of_the_agency_may_change_its_roster(tree: Tree) -> None:
    from gongkai.core.actions import ActionError

    with pytest.raises(ActionError) as refused:
        actions.build_roster(acting_user=tree.other_supervisor, agency=tree.county, year=2025)
    assert refused.value.code == "forbidden"
    with pytest.raises(ActionError) as refused:
        actions.build_roster(acting_user=tree.land_clerk, agency=tree.county, year=2025)
    assert refused.value.code == "forbidden"
    with pytest.raises(ActionError, match="报告年度应在"):
        actions.build_roster(acting_user=tree.supervisor, agency=tree.county, year=2027)
    assert not Roster.objects.exists()
