"""The roster's actions: build a year's roster from the agency tree, copy last year's, add a unit
known only by name, edit it, exclude a unit with a reason and include it again.

Only the agency's 上级监督 may change its roster. Every change locks the roster at the version
the page showed (409 when someone changed it meanwhile) and writes one event.
"""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError

from gongkai.agencies.models import Agency, Level, Membership, Role
from gongkai.core.actions import ActionError, bump, lock_versioned, state_change
from gongkai.core.time import today
from gongkai.reports.selectors import own_level_report

from .models import Deadline, Roster, RosterEvent, RosterEventKind, RosterUnit, UnitKind

MAX_REASON_CHARS = 2000
FIRST_YEAR, LAST_YEAR = 2008, 2100  # the Regulations apply from 2008


def supervises_agency(user: User, agency: Agency) -> bool:
    """Whether the user is 上级监督 of this very agency (whose roster it keeps)."""
    return Membership.objects.filter(user=user, agency=agency, role=Role.SUPERVISOR).exists()


def _require_supervisor(user: User, agency: Agency) -> None:
    if not supervises_agency(user, agency):
        raise ActionError("只有本机关的上级监督人员才能编辑年度报告名单", "forbidden")


def _year(year: int) -> int:
    if not FIRST_YEAR <= year <= today().year:
        raise ActionError(f"报告年度应在{FIRST_YEAR}年至{today().year}年之间")
    return year


def _text(value: str | None, limit: int = MAX_REASON_CHARS) -> str:
    return (value or "").replace("\x00", "").strip()[:limit]


def _event(roster: Roster, kind: str, user: User, reason: str = "", **data: Any) -> None:
    RosterEvent.objects.create(roster=roster, kind=kind, actor=user, on=today(), reason=reason, data=data)


def _touch(roster: Roster) -> None:
    bump(roster)
    roster.save(update_fields=["version"])


def unit_of(agency: Agency) -> dict[str, Any]:
    """A platform agency as a roster row: its name, kind, level, parent and deadline today."""
    return {
        "agency": agency,
        "name": agency.name,
        "kind": UnitKind.GOVERNMENT if agency.is_government else UnitKind.DEPARTMENT,
        "level": agency.level,
        "parent_name": agency.parent.name if agency.parent else "",
        "deadline": Deadline.MAR31 if own_level_report(agency) else Deadline.JAN31,
    }


def default_deadline(kind: str, level: str) -> str:
    """What the law says for a unit known only by name (the same rule as for an agency)."""
    own = kind == UnitKind.GOVERNMENT and level in (Level.PROVINCE, Level.CITY, Level.COUNTY)
    return Deadline.MAR31 if own else Deadline.JAN31


def _create(roster: Roster, rows: list[dict[str, Any]]) -> None:
    RosterUnit.objects.bulk_create([RosterUnit(roster=roster, **row) for row in rows])


def _new_roster(agency: Agency, year: int, copied_from: Roster | None = None) -> Roster:
    if Roster.objects.filter(agency=agency, year=year).exists():
        raise ActionError(f"{year}年度的名单已经建立", "conflict")
    try:
        return Roster.objects.create(agency=agency, year=year, copied_from=copied_from)
    except IntegrityError as exc:  # built at the same moment by someone else
        raise ActionError(f"{year}年度的名单已经建立", "conflict") from exc


@state_change
def build_roster(*, acting_user: User, agency: Agency, year: int) -> Roster:
    """The year's roster from the agency tree: every agency below this one (its own report goes
    to its own supervisor), as it stands today."""
    _require_supervisor(acting_user, agency)
    roster = _new_roster(agency, _year(year))
    below = Agency.objects.filter(path__startswith=agency.path).exclude(pk=agency.pk).select_related("parent")
    rows = [unit_of(a) for a in below.order_by("path")]
    _create(roster, rows)
    _event(roster, RosterEventKind.BUILT, acting_user, units=len(rows))
    return roster


@state_change
def copy_roster(*, acting_user: User, agency: Agency, year: int, from_year: int) -> Roster:
    """The year's roster as a copy of an earlier one (its units, roster-only units and exclusions
    with their reasons), plus the agencies added to the tree since, minus those no longer below.
    The earlier roster is left as it was."""
    _require_supervisor(acting_user, agency)
    source = Roster.objects.filter(agency=agency, year=from_year).first()
    if source is None:
        raise ActionError(f"没有{from_year}年度的名单可以复制")
    roster = _new_roster(agency, _year(year), copied_from=source)
    below = {
        a.pk: a
        for a in Agency.objects.filter(path__startswith=agency.path)
        .exclude(pk=agency.pk)
        .select_related("parent")
    }
    rows: list[dict[str, Any]] = []
    seen: set[int] = set()
    for unit in source.units.all():
        if unit.agency_id is not None:
            if unit.agency_id not in below:
                continue  # moved away or merged: no longer this supervisor's
            seen.add(unit.agency_id)
            row = unit_of(below[unit.agency_id])
        else:
            row = {
                "agency": None,
                "name": unit.name,
                "kind": unit.kind,
                "level": unit.level,
                "parent_name": unit.parent_name,
                "deadline": unit.deadline,
            }
        rows.append(row | {"excluded": unit.excluded, "exclusion_reason": unit.exclusion_reason})
    rows += [unit_of(a) for pk, a in sorted(below.items(), key=lambda kv: kv[1].path) if pk not in seen]
    _create(roster, rows)
    _event(roster, RosterEventKind.COPIED, acting_user, units=len(rows), from_year=from_year)
    return roster


def _locked(acting_user: User, roster: Roster, version: int | None) -> Roster:
    row = lock_versioned(Roster, roster.pk, version, stale="名单已被他人修改，请刷新页面查看后再操作")
    _require_supervisor(acting_user, row.agency)
    return row


def _unit(roster: Roster, unit_id: int) -> RosterUnit:
    unit = RosterUnit.objects.filter(roster=roster, pk=unit_id).first()
    if unit is None:
        raise ActionError("名单中没有这个单位", "conflict")
    return unit


def _fields(name: str, kind: str, level: str, parent_name: str, deadline: str) -> dict[str, str]:
    name = _text(name, 100)
    if not name:
        raise ActionError("请填写单位名称")
    if kind not in UnitKind.values:
        raise ActionError("请选择单位类别")
    if level not in Level.values:
        raise ActionError("请选择层级")
    deadline = deadline or default_deadline(kind, level)
    if deadline not in Deadline.values:
        raise ActionError("请选择公开期限")
    return {
        "name": name,
        "kind": kind,
        "level": level,
        "parent_name": _text(parent_name, 100),
        "deadline": deadline,
    }


def _name_free(roster: Roster, name: str, unit_id: int | None = None) -> None:
    others = RosterUnit.objects.filter(roster=roster, name=name)
    if unit_id is not None:
        others = others.exclude(pk=unit_id)
    if others.exists():
        raise ActionError(f"名单中已有“{name}”", "conflict")


@state_change
def add_unit(
    *,
    acting_user: User,
    roster: Roster,
    version: int | None,
    name: str,
    kind: str,
    level: str,
    parent_name: str = "",
    deadline: str = "",
) -> RosterUnit:
    """A unit that must report but is not on the platform (known only by name)."""
    roster = _locked(acting_user, roster, version)
    fields = _fields(name, kind, level, parent_name, deadline)
    _name_free(roster, fields["name"])
    unit = RosterUnit.objects.create(roster=roster, agency=None, **fields)
    _touch(roster)
    _event(roster, RosterEventKind.ADDED, acting_user, unit=unit.pk, name=unit.name)
    return unit


@state_change
def edit_unit(
    *,
    acting_user: User,
    roster: Roster,
    version: int | None,
    unit_id: int,
    name: str,
    kind: str,
    level: str,
    parent_name: str = "",
    deadline: str = "",
) -> RosterUnit:
    """Correct a roster-only unit's particulars (a platform agency's come from the agency tree)."""
    roster = _locked(acting_user, roster, version)
    unit = _unit(roster, unit_id)
    if unit.agency_id is not None:
        raise ActionError("平台上的机关以机关目录为准，请在机关目录中修改", "conflict")
    fields = _fields(name, kind, level, parent_name, deadline)
    _name_free(roster, fields["name"], unit.pk)
    changed = {k: [getattr(unit, k), v] for k, v in fields.items() if getattr(unit, k) != v}
    for key, value in fields.items():
        setattr(unit, key, value)
    unit.save()
    _touch(roster)
    _event(roster, RosterEventKind.EDITED, acting_user, unit=unit.pk, name=unit.name, changed=changed)
    return unit


@state_change
def exclude_unit(
    *, acting_user: User, roster: Roster, version: int | None, unit_id: int, reason: str
) -> RosterUnit:
    """Take a unit off this year's reporting (merged, abolished, reports through another), with why."""
    roster = _locked(acting_user, roster, version)
    unit = _unit(roster, unit_id)
    why = _text(reason)
    if not why:
        raise ActionError("请写明不列入本年度的理由")
    if unit.excluded:
        raise ActionError(f"“{unit.name}”已不列入本年度", "conflict")
    unit.excluded, unit.exclusion_reason = True, why
    unit.save(update_fields=["excluded", "exclusion_reason"])
    _touch(roster)
    _event(roster, RosterEventKind.EXCLUDED, acting_user, reason=why, unit=unit.pk, name=unit.name)
    return unit


@state_change
def include_unit(
    *, acting_user: User, roster: Roster, version: int | None, unit_id: int, reason: str = ""
) -> RosterUnit:
    roster = _locked(acting_user, roster, version)
    unit = _unit(roster, unit_id)
    if not unit.excluded:
        raise ActionError(f"“{unit.name}”已在本年度名单中", "conflict")
    unit.excluded, unit.exclusion_reason = False, ""
    unit.save(update_fields=["excluded", "exclusion_reason"])
    _touch(roster)
    _event(roster, RosterEventKind.INCLUDED, acting_user, reason=_text(reason), unit=unit.pk, name=unit.name)
    return unit
