"""The supervisor's pages, under /work/oversight/: the board of a year and the year's roster.

Only the agency's 上级监督 reaches them (anyone else: 404 for the agency's pages, 403 for the
index). Every form goes through ``core.pages.run_action``: the roster's own actions, and the
return and acceptance of a filed report, which are the reports app's actions.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from gongkai.agencies.models import Agency, Level, Membership, Role
from gongkai.core.pages import ActionSpec, run_action, signed_in
from gongkai.core.time import today
from gongkai.reports import actions as report_actions
from gongkai.reports import forms as report_forms
from gongkai.reports.models import AnnualReport
from gongkai.reports.models import Status as ReportStatus
from gongkai.web.xlsx import XLSX_TYPE, header_row, new_book, put, save_book

from . import actions, forms, selectors
from .models import Deadline, Roster, UnitKind

SUPERVISOR = (Role.SUPERVISOR.value,)


# --- who may look ------------------------------------------------------------------------------


def _supervised(request: HttpRequest, agency_pk: int, year: int) -> Agency:
    """The agency whose board this is, if the user is its 上级监督 (anyone else: 404)."""
    user = signed_in(request)
    if not actions.FIRST_YEAR <= year <= today().year:
        raise Http404("没有这个年度")
    ids = Membership.objects.filter(user=user, role=Role.SUPERVISOR, agency_id=agency_pk).values("agency_id")
    return get_object_or_404(Agency.objects.filter(pk__in=ids), pk=agency_pk)


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """The board of the year whose reports are due now, for the first agency the user supervises."""
    user = signed_in(request)
    first = (
        Membership.objects.filter(user=user, role=Role.SUPERVISOR)
        .select_related("agency")
        .order_by("agency__path")
        .first()
    )
    if first is None:
        raise PermissionDenied("只有上级监督人员可以查看年度报告监督")
    return redirect("oversight:board", first.agency_id, today().year - 1)


def _others(request: HttpRequest, agency: Agency) -> list[Agency]:
    """The other agencies the user supervises (a person may be 上级监督 of more than one)."""
    ids = Membership.objects.filter(user=signed_in(request), role=Role.SUPERVISOR).values("agency_id")
    return list(Agency.objects.filter(pk__in=ids).exclude(pk=agency.pk).order_by("path"))


def _years(agency: Agency, rosters: list[Roster]) -> list[int]:
    """The years offered: those with a roster, the year whose reports are due now, and this year
    (whose roster can be prepared ahead)."""
    return sorted({today().year - 1, today().year, *(r.year for r in rosters)}, reverse=True)


# --- the board ---------------------------------------------------------------------------------


def _return(user: User, report: AnnualReport, data: dict[str, Any], version: int | None) -> str:
    report_actions.return_with_comments(
        acting_user=user, report=report, version=version, comments=data["comments"]
    )
    return f"已将{report.agency.name}的报告退回修改"


def _accept(user: User, report: AnnualReport, data: dict[str, Any], version: int | None) -> str:
    report_actions.accept(acting_user=user, report=report, version=version, reason=data["reason"])
    return f"已接收{report.agency.name}的报告"


BOARD_ACTIONS: dict[str, ActionSpec[AnnualReport]] = {
    spec.name: spec
    for spec in (
        ActionSpec(
            "return",
            "退回修改",
            report_forms.SupervisorReturnForm,
            _return,
            roles=SUPERVISOR,
            button="退回",
            error_field="comments",
            help="退回后报送机关在报告页看到退回意见，修改后重新报送；办理记录保留",
        ),
        ActionSpec("accept", "接收", report_forms.AcceptForm, _accept, roles=SUPERVISOR, button="接收"),
    )
}


def _report_form(spec: ActionSpec[AnnualReport], data: Any, report: AnnualReport) -> report_forms.ReportForm:
    form_class: type[report_forms.ReportForm] = spec.form  # type: ignore[assignment]
    return form_class(data, report=report, auto_id=f"id_r{report.pk}_{spec.name}_%s")


def _board_url(agency: Agency, year: int, query: str = "") -> str:
    url = reverse("oversight:board", args=[agency.pk, year])
    return f"{url}?{query}" if query else url


def _board_page(
    request: HttpRequest,
    agency: Agency,
    year: int,
    *,
    bound: tuple[int, ActionSpec[AnnualReport], Any] | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    roster = selectors.roster_of(agency, year)
    rosters = selectors.rosters_of(agency)
    context: dict[str, Any] = {
        "agency": agency,
        "year": year,
        "years": _years(agency, rosters),
        "others": _others(request, agency),
        "roster": roster,
        "error": error,
        "today": today(),
    }
    if roster is None:
        return render(request, "oversight/board.html", context, status=status)
    found = selectors.board(roster, today())
    filter_form = forms.BoardFilterForm(request.GET or None, rules=found.rules)
    rows = found.filtered(filter_form.filters())
    entries = []
    for row in rows:
        row_forms = []
        if row.report is not None and row.report.status == ReportStatus.FILED:
            for spec in BOARD_ACTIONS.values():
                mine = bound is not None and bound[0] == row.report.pk and bound[1].name == spec.name
                row_forms.append(
                    {
                        "spec": spec,
                        "form": bound[2] if bound and mine else _report_form(spec, None, row.report),
                        "url": reverse(
                            "oversight:report_action", args=[agency.pk, year, row.report.pk, spec.name]
                        ),
                        "open": mine,
                    }
                )
        entries.append({"row": row, "forms": row_forms})
    query = request.GET.urlencode()
    context |= {
        "board": found,
        "entries": entries,
        "filter_form": filter_form,
        "filtered": len(rows) != len(found.rows),
        "xlsx_url": reverse("oversight:board_xlsx", args=[agency.pk, year]) + (f"?{query}" if query else ""),
    }
    return render(request, "oversight/board.html", context, status=status)


@login_required
@require_GET
def board_page(request: HttpRequest, agency: int, year: int) -> HttpResponse:
    return _board_page(request, _supervised(request, agency, year), year)


BOARD_HEADERS = (
    "单位",
    "类别",
    "层级",
    "上级机关",
    "公开期限",
    "状态",
    "报告状态",
    "发布日期",
    "错误",
    "警告",
    "检查规则",
)


@login_required
@require_GET
def board_xlsx(request: HttpRequest, agency: int, year: int) -> HttpResponse:
    """The board as it is filtered on the page, one row per unit."""
    supervised = _supervised(request, agency, year)
    roster = selectors.roster_of(supervised, year)
    if roster is None:
        raise Http404("本年度还没有名单")
    found = selectors.board(roster, today())
    filter_form = forms.BoardFilterForm(request.GET or None, rules=found.rules)
    book, sheet = new_book(f"{year}年度报告监督")
    header_row(sheet, BOARD_HEADERS, [30, 14, 12, 24, 12, 10, 10, 12, 8, 8, 30])
    for number, row in enumerate(found.filtered(filter_form.filters()), start=2):
        unit = row.unit
        values = (
            unit.name,
            unit.get_kind_display(),
            unit.get_level_display(),
            unit.parent_name,
            row.due,
            row.status.label + ("（逾期发布）" if row.published_late else ""),
            row.report_state,
            row.published_on,
            row.errors,
            row.warnings,
            "、".join(row.codes),
        )
        for column, value in enumerate(values, start=1):
            put(sheet, number, column, value)
    response = HttpResponse(save_book(book), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="oversight-{supervised.pk}-{year}.xlsx"'
    return response


@login_required
@require_POST
def report_action(request: HttpRequest, agency: int, year: int, pk: int, action: str) -> HttpResponse:
    """Return or accept a filed report from the board (the reports app's actions)."""
    spec = BOARD_ACTIONS.get(action)
    if spec is None:
        raise Http404("没有这项操作")
    supervised = _supervised(request, agency, year)
    roster = selectors.roster_of(supervised, year)
    on_roster = (
        roster is not None
        and roster.units.filter(agency_id__in=AnnualReport.objects.filter(pk=pk).values("agency_id")).exists()
    )
    report = get_object_or_404(AnnualReport.objects.select_related("agency"), pk=pk, year=year)
    if not on_roster:
        raise Http404("该报告不在本年度名单中")
    form = _report_form(spec, request.POST, report)

    def rerender(bound: Any, message: str, status: int) -> HttpResponse:
        return _board_page(
            request, supervised, year, bound=(report.pk, spec, bound), error=message, status=status
        )

    back = request.POST.get("back", "")
    return run_action(
        request, spec, report, form, rerender=rerender, done=_board_url(supervised, year, _safe_query(back))
    )


def _safe_query(query: str) -> str:
    """The board's filters to go back to (only the filters' own keys are kept)."""
    from urllib.parse import parse_qsl

    kept = [(k, v) for k, v in parse_qsl(query) if k in forms.BoardFilterForm.base_fields]
    return urlencode(kept)


# --- the roster --------------------------------------------------------------------------------


def _build(user: User, agency: Agency, data: dict[str, Any], version: int | None) -> str:
    roster = actions.build_roster(acting_user=user, agency=agency, year=data["year"])
    return f"已按机关目录建立{roster.year}年度名单，共{roster.units.count()}个单位"


def _copy(user: User, agency: Agency, data: dict[str, Any], version: int | None) -> str:
    roster = actions.copy_roster(
        acting_user=user, agency=agency, year=data["year"], from_year=data["from_year"]
    )
    return f"已复制{data['from_year']}年度名单，建立{roster.year}年度名单，共{roster.units.count()}个单位"


def _add(user: User, roster: Roster, data: dict[str, Any], version: int | None) -> str:
    unit = actions.add_unit(
        acting_user=user,
        roster=roster,
        version=version,
        name=data["name"],
        kind=data["kind"],
        level=data["level"],
        parent_name=data["parent_name"],
        deadline=data["deadline"],
    )
    return f"已将“{unit.name}”列入名单"


def _edit(user: User, roster: Roster, data: dict[str, Any], version: int | None) -> str:
    unit = actions.edit_unit(
        acting_user=user,
        roster=roster,
        version=version,
        unit_id=data["unit"],
        name=data["name"],
        kind=data["kind"],
        level=data["level"],
        parent_name=data["parent_name"],
        deadline=data["deadline"],
    )
    return f"已修改“{unit.name}”"


def _exclude(user: User, roster: Roster, data: dict[str, Any], version: int | None) -> str:
    unit = actions.exclude_unit(
        acting_user=user, roster=roster, version=version, unit_id=data["unit"], reason=data["reason"]
    )
    return f"“{unit.name}”不列入本年度"


def _include(user: User, roster: Roster, data: dict[str, Any], version: int | None) -> str:
    unit = actions.include_unit(
        acting_user=user, roster=roster, version=version, unit_id=data["unit"], reason=data["reason"]
    )
    return f"“{unit.name}”已重新列入本年度"


NEW_ROSTER_ACTIONS: dict[str, ActionSpec[Agency]] = {
    spec.name: spec
    for spec in (
        ActionSpec(
            "build",
            "按机关目录建立名单",
            forms.BuildForm,
            _build,
            roles=SUPERVISOR,
            button="建立",
            help="列入本机关以下的全部机关（本机关的报告报送其上级）；不在本平台上的单位可在建立后增加",
        ),
        ActionSpec(
            "copy",
            "复制以前年度的名单",
            forms.CopyForm,
            _copy,
            roles=SUPERVISOR,
            button="复制",
            help="连同不在本平台上的单位和不列入的理由一并复制；机关目录中新增的机关同时列入，已不在本机关以下的不再列入",
        ),
    )
}

ROSTER_ACTIONS: dict[str, ActionSpec[Roster]] = {
    spec.name: spec
    for spec in (
        ActionSpec(
            "add",
            "增加不在本平台上的单位",
            forms.AddUnitForm,
            _add,
            roles=SUPERVISOR,
            button="增加",
            error_field="name",
        ),
        ActionSpec(
            "edit", "修改", forms.EditUnitForm, _edit, roles=SUPERVISOR, button="保存", error_field="name"
        ),
        ActionSpec(
            "exclude",
            "不列入本年度",
            forms.ExcludeForm,
            _exclude,
            roles=SUPERVISOR,
            button="不列入",
            error_field="reason",
        ),
        ActionSpec("include", "重新列入", forms.IncludeForm, _include, roles=SUPERVISOR, button="重新列入"),
    )
}


def _new_roster_form(spec: ActionSpec[Agency], data: Any, agency: Agency, year: int) -> forms.BuildForm:
    if spec.name == "copy":
        years = [r.year for r in selectors.rosters_of(agency) if r.year != year]
        return forms.CopyForm(data, year=year, years=years, auto_id=spec.auto_id)
    return forms.BuildForm(data, year=year, auto_id=spec.auto_id)


def _unit_form(spec: ActionSpec[Roster], data: Any, roster: Roster, unit: Any | None) -> Any:
    initial: dict[str, Any] = {}
    if unit is not None:
        initial = {"unit": unit.pk}
        if spec.name == "edit":
            initial |= {f: getattr(unit, f) for f in ("name", "kind", "level", "parent_name", "deadline")}
    auto_id = f"id_u{unit.pk}_{spec.name}_%s" if unit is not None else spec.auto_id
    return spec.form(data, roster=roster, initial=initial, auto_id=auto_id)  # type: ignore[call-arg]


def _roster_page(
    request: HttpRequest,
    agency: Agency,
    year: int,
    *,
    bound: tuple[str, int | None, Any] | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    roster = selectors.roster_of(agency, year)
    rosters = selectors.rosters_of(agency)

    def form_for(name: str, unit: Any | None, make: Any) -> Any:
        unit_id = unit.pk if unit is not None else None
        if bound is not None and bound[0] == name and bound[1] == unit_id:
            return bound[2]
        return make()

    context: dict[str, Any] = {
        "agency": agency,
        "year": year,
        "years": _years(agency, rosters),
        "others": _others(request, agency),
        "roster": roster,
        "error": error,
    }
    if roster is None:
        action_forms = []
        for spec in NEW_ROSTER_ACTIONS.values():
            if spec.name == "copy" and not rosters:
                continue
            action_forms.append(
                {
                    "spec": spec,
                    "form": form_for(spec.name, None, lambda s=spec: _new_roster_form(s, None, agency, year)),
                    "url": reverse("oversight:roster_action", args=[agency.pk, year, spec.name]),
                    "open": True,
                }
            )
        context["action_forms"] = action_forms
        return render(request, "oversight/roster.html", context, status=status)
    units = []
    for unit in roster.units.select_related("agency").order_by("id"):
        names = ["include"] if unit.excluded else ["exclude"] + ([] if unit.agency_id else ["edit"])
        unit_forms = []
        for name in names:
            unit_spec = ROSTER_ACTIONS[name]
            unit_forms.append(
                {
                    "spec": unit_spec,
                    "form": form_for(name, unit, lambda s=unit_spec, u=unit: _unit_form(s, None, roster, u)),
                    "url": reverse("oversight:roster_action", args=[agency.pk, year, name]),
                    "open": bound is not None and bound[0] == name and bound[1] == unit.pk,
                }
            )
        units.append({"unit": unit, "due": unit.due(year), "forms": unit_forms})
    add = ROSTER_ACTIONS["add"]
    context |= {
        "units": units,
        "action_forms": [
            {
                "spec": add,
                "form": form_for("add", None, lambda: _unit_form(add, None, roster, None)),
                "url": reverse("oversight:roster_action", args=[agency.pk, year, "add"]),
                "open": bound is not None and bound[0] == "add",
            }
        ],
        "events": [
            {"event": e, "who": e.who, "details": _details(e.data)}
            for e in roster.events.select_related("actor")
        ],
    }
    return render(request, "oversight/roster.html", context, status=status)


FIELD_LABELS = {
    "name": "名称",
    "kind": "类别",
    "level": "层级",
    "parent_name": "上级机关",
    "deadline": "公开期限",
}

CHOICE_LABELS: dict[str, dict[str, str]] = {
    "kind": dict(UnitKind.choices),
    "level": dict(Level.choices),
    "deadline": dict(Deadline.choices),
}


def _details(data: dict[str, Any]) -> list[str]:
    """What an event of the roster was about, as its line in the history says it."""
    details = []
    if "name" in data:
        details.append(str(data["name"]))
    if "from_year" in data:
        details.append(f"复制自{data['from_year']}年度")
    if "units" in data:
        details.append(f"共{data['units']}个单位")
    for field, (old, new) in (data.get("changed") or {}).items():
        shown = CHOICE_LABELS.get(field, {})
        before, after = shown.get(old, old) or "（空）", shown.get(new, new) or "（空）"
        details.append(f"{FIELD_LABELS.get(field, field)}：{before} → {after}")
    return details


@login_required
@require_GET
def roster_page(request: HttpRequest, agency: int, year: int) -> HttpResponse:
    return _roster_page(request, _supervised(request, agency, year), year)


@login_required
@require_POST
def roster_action(request: HttpRequest, agency: int, year: int, action: str) -> HttpResponse:
    supervised = _supervised(request, agency, year)
    done = reverse("oversight:roster", args=[supervised.pk, year])
    if action in NEW_ROSTER_ACTIONS:
        new_spec = NEW_ROSTER_ACTIONS[action]
        form = _new_roster_form(new_spec, request.POST, supervised, year)

        def rerender_new(bound: Any, message: str, status: int) -> HttpResponse:
            return _roster_page(
                request, supervised, year, bound=(new_spec.name, None, bound), error=message, status=status
            )

        return run_action(request, new_spec, supervised, form, rerender=rerender_new, done=done)
    spec = ROSTER_ACTIONS.get(action)
    if spec is None:
        raise Http404("没有这项操作")
    roster = selectors.roster_of(supervised, year)
    if roster is None:
        raise Http404("本年度还没有名单")
    form = _unit_form(spec, request.POST, roster, None)
    unit_id = _unit_id(request)

    def rerender(bound: Any, message: str, status: int) -> HttpResponse:
        key = None if spec.name == "add" else unit_id
        return _roster_page(
            request, supervised, year, bound=(spec.name, key, bound), error=message, status=status
        )

    if spec.name != "add" and unit_id is not None:
        form.auto_id = f"id_u{unit_id}_{spec.name}_%s"
    return run_action(request, spec, roster, form, rerender=rerender, done=done)


def _unit_id(request: HttpRequest) -> int | None:
    value = request.POST.get("unit", "")
    return int(value) if value.isdigit() else None
