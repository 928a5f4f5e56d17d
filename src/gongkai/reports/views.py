"""The report pages: the list with deadlines, and the one page where a report is composed,
checked, signed, filed, returned, accepted, published and corrected.

Every form on the page is an ``ActionSpec``; every POST goes through ``core.pages.run_action``.
"""

from __future__ import annotations

from typing import Any, cast

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import lazy
from django.views.decorators.http import require_GET, require_POST

from gongkai.agencies.models import Role
from gongkai.agencies.permissions import member_roles
from gongkai.agencies.selectors import acting_agencies
from gongkai.annual_report.editions import SECTION_NUMERALS
from gongkai.annual_report.model import Report
from gongkai.annual_report.renderers.layout import section_tables, template_table
from gongkai.core.pages import ActionSpec, run_action, signed_in
from gongkai.core.time import today

from . import actions, archive_views, checks, forms, selectors
from .drilldown import drill, drillable
from .models import EDITABLE, SECTION_FIELDS, AnnualReport, Origin, Status

STAFF = tuple(r.value for r in Role if r != Role.SUPERVISOR)
SUPERVISOR = (Role.SUPERVISOR.value,)


class ReportPage:
    """What the page knows when it decides which forms to offer."""

    def __init__(self, report: AnnualReport, user: User, roles: set[str]) -> None:
        self.report = report
        self.roles = roles
        self.signable = actions.signable_step(user, report) if roles - {Role.SUPERVISOR} else None
        self.newest = not AnnualReport.objects.filter(supersedes=report).exists()

    @property
    def editable(self) -> bool:
        return self.report.status in EDITABLE


def _explanations(report: AnnualReport, data: dict[str, Any]) -> dict[str, str]:
    return {
        f["key"]: data.get(checks.field_name(f["key"])) or ""
        for f in filter(checks.needs_explanation, report.findings)
    }


def _save(user: User, report: AnnualReport, data: dict[str, Any], version: int | None) -> str:
    sections = {name: data.get(name) or "" for name in SECTION_FIELDS}
    saved = actions.save_draft(
        acting_user=user,
        report=report,
        version=version,
        sections=sections,
        explanations=_explanations(report, data),
    )
    found = len(checks.errors(saved.findings)), len(checks.unexplained(saved.findings))
    return "草稿已保存" + (
        f"；检查发现{found[0]}处错误、{found[1]}项警告待说明" if any(found) else "；检查未发现问题"
    )


def _override(user: User, report: AnnualReport, data: dict[str, Any], version: int | None) -> str:
    actions.set_override(
        acting_user=user,
        report=report,
        version=version,
        cell=data["cell"],
        value=data["value"],
        reason=data["reason"],
    )
    return "已取消手工改写" if not data["value"].strip() else "已手工改写该单元格并记录理由"


def _submit(user: User, report: AnnualReport, data: dict[str, Any], version: int | None) -> str:
    actions.submit(acting_user=user, report=report, version=version)
    return "已送审"


def _approve(user: User, report: AnnualReport, data: dict[str, Any], version: int | None) -> str:
    done = actions.approve(
        acting_user=user, report=report, version=version, step=data["step"], reason=data["reason"]
    )
    return "已签发，可以报送上级" if done.status == Status.SIGNED else "已审核同意"


def _return(user: User, report: AnnualReport, data: dict[str, Any], version: int | None) -> str:
    actions.return_to_drafter(
        acting_user=user, report=report, version=version, step=data["step"], reason=data["reason"]
    )
    return "已退回修改"


def _file(user: User, report: AnnualReport, data: dict[str, Any], version: int | None) -> str:
    actions.file_report(acting_user=user, report=report, version=version)
    return "已报送上级政务公开主管部门"


def _supervisor_return(user: User, report: AnnualReport, data: dict[str, Any], version: int | None) -> str:
    actions.return_with_comments(acting_user=user, report=report, version=version, comments=data["comments"])
    return "已退回报送机关修改"


def _accept(user: User, report: AnnualReport, data: dict[str, Any], version: int | None) -> str:
    actions.accept(acting_user=user, report=report, version=version, reason=data["reason"])
    return "已接收"


def _publish(user: User, report: AnnualReport, data: dict[str, Any], version: int | None) -> str:
    done = actions.publish(acting_user=user, report=report, version=version)
    return f"已于{done.published_on:%Y-%m-%d}发布"


def _correct(user: User, report: AnnualReport, data: dict[str, Any], version: int | None) -> str:
    actions.correct(acting_user=user, report=report, version=version, note=data["note"])
    return "已建立更正版本，原报告继续公开"


def _status(*statuses: str) -> Any:
    return lambda page: page.report.status in statuses


REPORT_ACTIONS: dict[str, ActionSpec[AnnualReport]] = {
    spec.name: spec
    for spec in (
        ActionSpec(
            "save",
            "保存草稿",
            forms.DraftForm,
            _save,
            roles=STAFF,
            shown=_status(*EDITABLE),
            button="保存并检查",
            listed=False,
        ),
        ActionSpec(
            "override",
            "手工改写单元格",
            forms.OverrideForm,
            _override,
            roles=STAFF,
            shown=_status(*EDITABLE),
            button="改写",
            error_field="value",
            help="只用于本系统启用前的数据等无法统计的情形；改写须写明理由，对审签人和上级均可见",
        ),
        ActionSpec(
            "submit",
            "送审",
            forms.ReportForm,
            _submit,
            roles=STAFF,
            shown=_status(*EDITABLE),
            button="送审",
            help="送审前系统再次检查：有错误或未说明的警告时不能送审",
        ),
        ActionSpec(
            "approve",
            "审签同意",
            forms.ApproveForm,
            _approve,
            roles=STAFF,
            shown=lambda page: page.signable is not None,
            button="同意",
        ),
        ActionSpec(
            "return",
            "退回修改",
            forms.ReturnForm,
            _return,
            roles=STAFF,
            shown=lambda page: page.signable is not None,
            button="退回",
            error_field="reason",
        ),
        ActionSpec(
            "file",
            "报送上级",
            forms.ReportForm,
            _file,
            roles=STAFF,
            shown=lambda page: (
                page.report.status == Status.SIGNED and page.report.agency.parent_id is not None
            ),
            button="报送",
            help="报送本机关的上级政务公开主管部门审核",
        ),
        ActionSpec(
            "supervisor_return",
            "退回报送机关",
            forms.SupervisorReturnForm,
            _supervisor_return,
            roles=SUPERVISOR,
            shown=_status(Status.FILED),
            button="退回",
            error_field="comments",
        ),
        ActionSpec(
            "accept",
            "接收",
            forms.AcceptForm,
            _accept,
            roles=SUPERVISOR,
            shown=_status(Status.FILED),
            button="接收",
        ),
        ActionSpec(
            "publish",
            "发布",
            forms.ReportForm,
            _publish,
            roles=STAFF,
            shown=lambda page: page.report.status in actions.publishable_from(page.report),
            button="发布",
            help="发布日期记为今天；发布后报告不能再修改，只能更正",
        ),
        ActionSpec(
            "correct",
            "更正",
            forms.CorrectForm,
            _correct,
            roles=STAFF,
            shown=lambda page: page.report.status == Status.PUBLISHED and page.newest,
            button="起草更正版本",
            error_field="note",
        ),
    )
}


def _form(spec: ActionSpec[AnnualReport], data: Any, report: AnnualReport) -> forms.ReportForm:
    form_class = cast(type[forms.ReportForm], spec.form)
    return form_class(data, report=report, auto_id=spec.auto_id)


def _roles(user: User, report: AnnualReport) -> set[str]:
    roles = member_roles(user, report.agency) - {Role.SUPERVISOR}
    if selectors.supervises(user, report.agency):
        roles.add(Role.SUPERVISOR)
    return roles


def _report(request: HttpRequest, pk: int) -> AnnualReport:
    """The report, if it belongs to one of the user's agencies (another agency's: 404)."""
    return get_object_or_404(selectors.visible_reports(signed_in(request)), pk=pk)


def _sections(
    report: Report, overrides: dict[str, Any], form: Any | None, base: str, findings: list[dict[str, Any]]
) -> list[dict[str, Any]]:
    """The six sections as the edition lays them out: heading, text (or its field in a draft),
    and the section's tables as the page prints them: a hand-written cell is marked ※, a
    counted one opens the rows behind it (`base` is the report page's address)."""
    sections = []
    n = 0
    for number, title in enumerate(report.definition.section_titles, start=1):
        tables = []
        for layout in section_tables(report, number):
            table = template_table(layout)
            n += 1
            table["n"] = n
            # The section's heading is already above the table: the caption names the table.
            table["caption"] = f"表{SECTION_NUMERALS[number - 1]}" + (
                f"　{layout.caption}" if layout.caption != title else ""
            )
            for group in table["groups"]:  # type: ignore[attr-defined]
                for row in group:
                    for cell in row:
                        if cell["key"] in overrides:
                            cell["text"] = f"{cell['text']}※"
                        elif base and cell["key"] and drillable(cell["key"]):
                            cell["href"] = f"{base}cells/{cell['key']}/"
            tables.append(table)
        found = report.section(number)
        sections.append(
            {
                "number": number,
                "heading": f"{SECTION_NUMERALS[number - 1]}、{title}",
                "text": found.text if found else "",
                "field": form[SECTION_FIELDS[number - 1]] if form is not None else None,
                "tables": tables,
                "problems": checks.in_section(findings, number),
            }
        )
    return sections


def _current(report: AnnualReport) -> Report:
    """The report as it reads now; until it is signed, the findings are those of the live tables
    (the stored ones are of the last save), so the page never shows a stale check."""
    if report.content is not None:
        return selectors.composed(report, with_previous=False)
    composition = selectors.compose(report)
    report.findings = checks.run(composition.report, composition.previous, composition.problems)
    return composition.report


def _page(
    request: HttpRequest,
    report: AnnualReport,
    *,
    bound: tuple[ActionSpec[AnnualReport], Any] | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    user = signed_in(request)
    composed = _current(report)
    page = ReportPage(report, user, _roles(user, report))
    action_forms: dict[str, dict[str, Any]] = {}
    for spec in REPORT_ACTIONS.values():
        if not spec.offered_to(page.roles) or not spec.shown(page):
            continue
        form = bound[1] if bound and bound[0].name == spec.name else _form(spec, None, report)
        action_forms[spec.name] = {
            "spec": spec,
            "form": form,
            "url": reverse("reports:action", args=[report.pk, spec.name]),
            "open": bool(bound and bound[0].name == spec.name)
            or spec.name in ("submit", "approve", "file", "accept"),
            "summary": f"{spec.title}：第{page.signable}步"
            if spec.name in ("approve", "return") and page.signable
            else spec.title,
        }
    step_list = report.steps or actions.chain_steps(report.agency)
    chain = []
    for number, step in enumerate(step_list, start=1):
        done = report.status not in EDITABLE and number <= report.steps_done
        chain.append(
            {
                "number": number,
                "label": step["label"],
                "role": Role(step["role"]).label,
                "state": "已完成"
                if done
                else ("待办理" if number == report.steps_done + 1 and report.current_step else "未开始"),
            }
        )
    draft = action_forms.pop("save", None)
    draft_form = draft["form"] if draft else None
    labels = dict(selectors.cell_choices(selectors.edition_of(report)))
    context = {
        "report": report,
        "page": page,
        "countdown": selectors.countdown(report, today()),
        "chain": chain,
        "sections": _sections(
            composed,
            report.overrides if report.content is None else {},
            draft_form,
            # An imported report's numbers are the file's: no rows of the platform stand behind them.
            "" if report.origin == Origin.IMPORTED else reverse("reports:report", args=[report.pk]),
            report.findings,
        ),
        "explain_fields": [draft_form[name] for name in draft_form.explained]
        if draft_form is not None
        else [],
        "composed": composed,
        "overrides": [
            {"key": key, "label": labels.get(key, key), **value} for key, value in report.overrides.items()
        ],
        "errors": checks.errors(report.findings),
        "warnings": checks.warnings(report.findings),
        "draft": draft,
        "action_forms": list(action_forms.values()),
        "events": [
            {"event": event, "who": event.who, "label": event.data.get("label", "")}
            for event in report.events.select_related("actor").all()
        ],
        "corrections": AnnualReport.objects.filter(agency=report.agency, year=report.year).exclude(
            pk=report.pk
        ),
        "error": error,
        "failed": bound[0] if bound and error else None,
        "supervising": Role.SUPERVISOR in page.roles and not (page.roles - {Role.SUPERVISOR}),
    }
    return render(request, "reports/report.html", context, status=status)


@login_required
@require_GET
def report_cell(request: HttpRequest, pk: int, key: str) -> HttpResponse:
    """The cases, appeals or register rows behind one number of the report (staff only)."""
    report = _report(request, pk)
    labels = dict(selectors.cell_choices(selectors.edition_of(report)))
    if key not in labels:
        raise Http404("没有这个单元格")
    if report.origin == Origin.IMPORTED:
        raise Http404("本报告从已发布的文件导入，数字来自原文件，本系统没有其明细")
    found = drill(report, key, labels[key])
    if found is None:
        raise Http404("这个数字暂不能查看明细")
    rows = [(url, list(zip(found.headers, cells, strict=True))) for url, cells in found.rows]
    return render(request, "reports/cell.html", {"report": report, "drill": found, "rows": rows})


@login_required
@require_GET
def report_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _page(request, _report(request, pk))


def _newest_url(report: AnnualReport) -> str:
    newest = AnnualReport.objects.filter(agency=report.agency, year=report.year).order_by("-revision").first()
    return reverse("reports:report", args=[(newest or report).pk])


@login_required
@require_POST
def report_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    spec = REPORT_ACTIONS.get(action)
    if spec is None:
        raise Http404("没有这项操作")
    report = _report(request, pk)
    if not _roles(signed_in(request), report):
        raise PermissionDenied
    _current(report)  # the explanation fields are those of the findings the page showed
    form = _form(spec, request.POST, report)

    def rerender(bound: Any, message: str, status: int) -> HttpResponse:
        fresh = AnnualReport.objects.select_related("agency").get(pk=report.pk)
        return _page(request, fresh, bound=(spec, bound), error=message, status=status)

    done = lazy(lambda: _newest_url(report), str)()
    return run_action(request, spec, report, form, rerender=rerender, done=done)


# --- the list --------------------------------------------------------------------------------


def _start(user: User, target: None, data: dict[str, Any], version: int | None) -> str:
    report = actions.start_report(acting_user=user, agency=data["agency"], year=data["year"])
    return f"已建立{report.title}"


START = ActionSpec[None]("start", "起草年度报告", forms.StartForm, _start, roles=STAFF, button="建立")


def _list(
    request: HttpRequest, *, form: forms.StartForm | None = None, error: str = "", status: int = 200
) -> HttpResponse:
    user = signed_in(request)
    day = today()
    agencies = acting_agencies(user)
    reports = selectors.visible_reports(user).order_by("-year", "agency__path", "-revision")
    rows = [{"report": r, "countdown": selectors.countdown(r, day)} for r in reports]
    # The year whose reports are due now: an agency that has not started one still counts down.
    missing = [
        {"agency": a, "countdown": selectors.countdown_for(a, day.year - 1, day)}
        for a in selectors.agencies_without_report(user, day.year - 1)
    ]
    context = {
        "rows": rows,
        "missing": missing,
        "due_year": day.year - 1,
        "start": form
        or (
            forms.StartForm(agencies=agencies, year=day.year - 1, auto_id=START.auto_id)
            if agencies.exists()
            else None
        ),
        "error": error,
        "today": day,
        "upload": archive_views.upload_form(user),
    }
    return render(request, "reports/list.html", context, status=status)


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return _list(request)
    user = signed_in(request)
    form = forms.StartForm(
        request.POST, agencies=acting_agencies(user), year=today().year - 1, auto_id=START.auto_id
    )

    def rerender(bound: Any, message: str, status: int) -> HttpResponse:
        return _list(request, form=bound, error=message, status=status)

    def created() -> str:
        year, agency = form.cleaned_data["year"], form.cleaned_data["agency"]
        report = get_object_or_404(AnnualReport, agency=agency, year=year, revision=1)
        return reverse("reports:report", args=[report.pk])

    return run_action(request, START, None, form, rerender=rerender, done=lazy(created, str)())
