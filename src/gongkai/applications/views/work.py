"""The clerk's workbench (工作台): lists, counter intake, the case page and its actions, tables 三/四.

Every read starts from selectors.visible_applications(user), so a case of an agency the user
cannot read is a 404 whatever id is typed. Acting needs the agency among acting_agencies(user):
a supervisor (上级监督) reads the subtree and is refused (403) on every POST. Each POST calls one
action; an ActionError re-renders the page with the message, the case unchanged: 409 when the case
changed meanwhile or is not in a state for the step, 403 for a step of another role, 400 otherwise.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_http_methods, require_POST

from gongkai.agencies.forms import TablesForm, tables_form
from gongkai.agencies.selectors import acting_agencies, readable_agencies, roles_in
from gongkai.annual_report import renderers as report_renderers
from gongkai.annual_report.model import Report
from gongkai.annual_report.renderers import docx as docx_renderer
from gongkai.annual_report.renderers.layout import (
    Paragraph,
    Role,
    TableLayout,
    section_heading,
    section_tables,
    table_notes,
    template_table,
)
from gongkai.clock import FeeQuote, quote_fee
from gongkai.core import throttle
from gongkai.core import time as core_time
from gongkai.core.actions import ActionError
from gongkai.core.calendar import current_calendar
from gongkai.core.names import person_name
from gongkai.core.pages import ActionSpec, bad_query, run_action, signed_in

from .. import actions, letters, selectors
from ..articles import cite
from ..forms import work as work_forms
from ..masking import mask_address, mask_email, mask_id_number, mask_phone
from ..models import (
    AppealKind,
    AppealOutcome,
    Application,
    Channel,
    Event,
    EventKind,
    Outcome,
)
from ..queues import queues_of
from ..receipt import receipt_response
from .case_actions import CASE_ACTIONS, CasePage, iso_date

SOON_WORKING_DAYS = 3
PAGE_SIZE = 50
TABLE_FORMATS = ("docx", "csv", "json")
LETTER_FORMATS = ("docx", "pdf")


def _soon(today: dt.date) -> dt.date:
    """The last day that counts as "due soon": three working days ahead."""
    return current_calendar().add_working_days(today, SOON_WORKING_DAYS)


# --- rows of the lists ---------------------------------------------------------------------------


@dataclass(frozen=True)
class CaseRow:
    application: Application
    badges: tuple[tuple[str, str], ...]  # (css class, text)


def due_badges(application: Application, today: dt.date, soon: dt.date) -> tuple[tuple[str, str], ...]:
    """超期 / 即将到期 / 暂定, for an open case's reply deadline."""
    if not application.is_open or application.due_on is None:
        return ()
    badges: list[tuple[str, str]] = []
    if application.due_on < today:
        badges.append(("overdue", "已超期"))
    elif application.due_on <= soon:
        badges.append(("soon", "3个工作日内到期"))
    if application.due_provisional:
        badges.append(("provisional", "暂定"))
    return tuple(badges)


def _rows(cases: Iterable[Application], today: dt.date, soon: dt.date) -> list[CaseRow]:
    return [CaseRow(case, due_badges(case, today, soon)) for case in cases]


@login_required
def workbench(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    today = core_time.today()
    soon = _soon(today)
    lists = selectors.workbench(user, today, soon)
    desk = queues_of(request)  # the same the navigation shows
    sections = [
        ("new", "新收到", "在线提交、已登记（自动登记或经确认登记）、尚未分派承办人的申请", desk.new),
        ("unassigned", "待分派", "已登记（任何方式提交）、尚未分派承办人的申请", desk.unassigned),
        ("to_me", "待我处理：案件", "分派给我、尚未送达答复的申请", desk.my_cases),
        ("approvals", "待我处理：答复审批", "答复书等待我以本人角色审批", desk.my_approvals),
        ("mine", "我的案件", "分派给我承办、尚未办结的申请", lists["mine"]),
        ("due_soon", "3个工作日内到期", f"答复期限在{soon.isoformat()}之前（含）届满", lists["due_soon"]),
        ("overdue", "已超期", "答复期限已经届满仍未作出决定", lists["overdue"]),
        ("waiting", "等待申请人（补正/缴费）", "已告知补正或已发出收费通知", lists["waiting"]),
    ]
    context = {
        "today": today,
        "sections": [
            {"key": key, "title": title, "help": help_text, "rows": _rows(cases, today, soon)}
            for key, title, help_text, cases in sections
        ],
    }
    return render(request, "applications/work/index.html", context)


# --- the full list and its export ----------------------------------------------------------------


def _filtered(request: HttpRequest) -> tuple[work_forms.CaseFilterForm, QuerySet[Application]]:
    user = signed_in(request)
    form = work_forms.CaseFilterForm(
        request.GET or None, agencies=readable_agencies(user), today=core_time.today()
    )
    cases = selectors.visible_applications(user).select_related("agency", "assignee")
    if form.is_bound:
        if not form.is_valid():
            return form, cases.none()
        data = form.cleaned_data
        cases = selectors.filter_applications(
            cases, text=data["q"], status=data["status"], year=data["year"], agency=data["agency"]
        )
    return form, cases.order_by("-received_on", "-id")


@login_required
def case_list(request: HttpRequest) -> HttpResponse:
    form, cases = _filtered(request)
    today = core_time.today()
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("page"))
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    context = {
        "form": form,
        "page": page,
        "rows": _rows(page.object_list, today, _soon(today)),
        "query": urlencode(query),
        "csv_url": reverse("work:case_csv") + (f"?{urlencode(query)}" if query else ""),
    }
    return render(request, "applications/work/cases.html", context, status=400 if form.errors else 200)


CSV_COLUMNS = (
    "登记号",
    "受理机关",
    "申请方式",
    "申请人类型",
    "申请人姓名或名称",
    "证件类型",
    "身份证件号码",
    "联系电话",
    "电子邮箱",
    "通信地址",
    "所需政府信息",
    "提交日期",
    "收到申请之日",
    "收到补正之日",
    "答复期限",
    "期限暂定",
    "状态",
    "承办人",
    "办理结果",
    "办结日期",
    "答复日期",
    "送达日期",
)


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    text = "" if value is None else str(value)
    if text[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + text
    return text


def _attachment(filename: str) -> str:
    return content_disposition_header(True, filename) or "attachment"


@login_required
def case_csv(request: HttpRequest) -> HttpResponse:
    form, cases = _filtered(request)
    if form.errors:
        errors = "；".join(str(e) for errs in form.errors.values() for e in errs)
        return HttpResponse(f"筛选条件有误：{errors}", status=400, content_type="text/plain; charset=utf-8")
    out = io.StringIO()
    out.write("\ufeff")  # Excel reads UTF-8 only with the byte-order mark
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for case in cases.iterator(chunk_size=500):
        writer.writerow(
            [
                _cell(v)
                for v in (
                    case.number,
                    case.agency.name,
                    case.get_channel_display(),
                    case.get_applicant_kind_display(),
                    case.applicant_name,
                    case.get_id_kind_display() if case.id_number else "",
                    mask_id_number(case.id_number) if case.id_number else "",
                    mask_phone(case.phone) if case.phone else "",
                    mask_email(case.email) if case.email else "",
                    mask_address(case.address) if case.address else "",
                    case.description,
                    iso_date(case.submitted_on),
                    iso_date(case.received_on),
                    iso_date(case.corrected_on),
                    iso_date(case.due_on),
                    "是" if case.due_provisional else "",
                    case.get_status_display(),
                    person_name(case.assignee),
                    case.get_outcome_display() if case.outcome else "",
                    iso_date(case.concluded_on),
                    iso_date(case.replied_on),
                    iso_date(case.served_on),
                )
            ]
        )
    response = HttpResponse(out.getvalue().encode("utf-8"), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = _attachment(f"政府信息公开申请登记-{core_time.today().isoformat()}.csv")
    return response


# --- counter intake ------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def intake(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    agencies = acting_agencies(user)
    if not agencies.exists():
        raise PermissionDenied("上级监督人员不能登记申请")
    today = core_time.today()
    posted = request.POST if request.method == "POST" else None
    form = work_forms.IntakeForm(posted, agencies=agencies, today=today)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = actions.register_application(
                acting_user=user,
                agency=data["agency"],
                channel=data["channel"],
                applicant_kind=data["applicant_kind"],
                applicant_name=data["applicant_name"],
                description=data["description"],
                submitted_on=data["submitted_on"],
                received_on=data["received_on"],
                id_kind=data["id_kind"],
                id_number=data["id_number"],
                contact_person=data["contact_person"],
                phone=data["phone"],
                email=data["email"],
                notify_by_email=data["notify_by_email"],
                address=data["address"],
                form_wanted=data["form_wanted"],
                delivery=data["delivery"],
            )
        except ActionError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(
                request,
                f"已登记申请 {case.number}，答复期限 {iso_date(case.due_on)}；查询码 {case.tracking_code}",
            )
            return redirect("work:case", pk=case.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "applications/work/new.html", {"form": form}, status=status)


# --- the case page -------------------------------------------------------------------------------


def _case(request: HttpRequest, pk: int) -> Application:
    """The case if the user may read it: 404 otherwise, whatever the id."""
    cases = selectors.visible_applications(signed_in(request)).select_related("agency", "assignee")
    cases = cases.prefetch_related(
        "consultations",
        "fee_notices",
        "appeals",
        Prefetch("events", queryset=Event.objects.select_related("actor")),
    )
    return get_object_or_404(cases, pk=pk)


def _acts_on(user: User, application: Application) -> bool:
    return acting_agencies(user).filter(pk=application.agency_id).exists()


def _facts(app: Application, *, masked: bool) -> list[tuple[str, str]]:
    def personal(value: str, mask: Callable[[str], str]) -> str:
        return mask(value) if masked and value else value

    facts = [
        ("登记号", app.number),
        ("受理机关", app.agency.name),
        ("申请方式", app.get_channel_display()),
        ("申请人类型", app.get_applicant_kind_display()),
        ("申请人姓名或名称", app.applicant_name),
        ("证件类型", app.get_id_kind_display() if app.id_number else ""),
        ("证件号码", personal(app.id_number, mask_id_number)),
        ("联系人", app.contact_person),
        ("联系电话", personal(app.phone, mask_phone)),
        ("电子邮箱", personal(app.email, mask_email)),
        ("通信地址", personal(app.address, mask_address)),
        ("所需政府信息", app.description),
        ("载体形式、获取方式", f"{app.get_form_wanted_display()}，{app.get_delivery_display()}"),
        ("提交日期", iso_date(app.submitted_on)),
        ("收到申请之日", iso_date(app.received_on)),
        ("收到补正之日", iso_date(app.corrected_on)),
        ("状态", app.get_status_display()),
        ("承办人", person_name(app.assignee)),
        ("办理结果", app.get_outcome_display() if app.outcome else ""),
        ("法律依据", cite(app.articles) if app.outcome else ""),
        ("理由", app.legal_basis),
        ("补充说明", app.decision_text),
        ("答复文号", app.letter_number),
        ("办结日期", iso_date(app.concluded_on)),
        ("答复日期", iso_date(app.replied_on)),
        ("送达日期", iso_date(app.served_on)),
    ]
    if not masked:
        facts.append(("查询码（告知申请人）", app.tracking_code))
    return [(label, value) for label, value in facts if value]


_DATA_LABELS = {
    "channel": "申请方式",
    "due_on": "答复期限",
    "notice_due": "告知补正期限",
    "assignee": "承办人",
    "party": "被征求意见方",
    "reply_due": "对方答复期限",
    "amount": "金额（元）",
    "pay_by": "缴费期限",
    "outcome": "办理结果",
    "appeal_kind": "类型",
    "body": "复议机关或人民法院",
    "before": "原期限",
    "after": "新期限",
    "document": "材料",
    "page_count": "页数",
    "how": "方式",
    "marks": "遮盖处数",
    "pages": "页码",
}


def _event_details(event: Event) -> list[str]:
    """The event's recorded facts (its `data`), in words."""
    appeal = event.kind == EventKind.APPEAL_CONCLUDED
    details: list[str] = []
    for key, value in event.data.items():
        if key == "late":
            if value:
                details.append("超过法定期限")
            continue
        if key not in _DATA_LABELS or value in (None, ""):
            continue
        label, shown = (
            _DATA_LABELS[key],
            "、".join(map(str, value)) if isinstance(value, list) else str(value),
        )
        if key == "outcome":
            choices: type[Outcome] | type[AppealOutcome] = AppealOutcome if appeal else Outcome
            label = "结果" if appeal else label
            shown = str(choices(value).label) if value in choices.values else shown
        elif key == "channel" and value in Channel.values:
            shown = str(Channel(value).label)
        elif key == "appeal_kind" and value in AppealKind.values:
            shown = str(AppealKind(value).label)
        details.append(f"{label}：{shown}")
    return details


def _available_letters(application: Application) -> list[tuple[str, str]]:
    return [(str(key), str(title)) for key, title in letters.available_letters(application)]


def _auto_id(spec: ActionSpec[Application]) -> str:
    return f"id_{spec.name.replace('-', '_')}_%s"  # several forms on one page: ids stay unique


def _unbound(spec: ActionSpec[Application], application: Application, today: dt.date) -> dict[str, Any]:
    return {"application": application, "today": today, "auto_id": _auto_id(spec)}


def _case_page(
    request: HttpRequest,
    application: Application,
    *,
    bound: tuple[ActionSpec[Application], forms.Form] | None = None,
    error: str = "",
    quote: FeeQuote | None = None,
    status: int = 200,
    record_form: forms.Form | None = None,
) -> HttpResponse:
    from .records import records_context  # the records pages build on this module

    user = signed_in(request)
    today = core_time.today()
    acting = _acts_on(user, application)
    page = CasePage(application, roles_in(user, application.agency) if acting else set(), today)
    deadline = actions.deadline_of(application)
    forms_shown: list[dict[str, Any]] = []
    if acting:
        for spec in CASE_ACTIONS.values():
            # A form the case's state no longer offers (out of order, or changed by someone else)
            # is not shown again: the message at the top says why.
            if not spec.shown(page):
                continue
            is_bound = bound is not None and bound[0].name == spec.name
            form = (
                bound[1]
                if bound is not None and is_bound
                else spec.form(**_unbound(spec, application, today))
            )
            forms_shown.append(
                {
                    "spec": spec,
                    "form": form,
                    "open": is_bound,
                    "url": reverse("work:case_action", args=[application.pk, spec.name]),
                    "quote_steps": quote.steps if quote is not None and is_bound else (),
                    "quote_amount": f"{quote.amount:,}" if quote is not None and is_bound else "",
                }
            )
    shown_names = {item["spec"].name for item in forms_shown}
    events = [
        {
            "event": e,
            "who": e.who,
            "details": _event_details(e),
        }
        for e in application.events.all()
    ]
    downloads = (
        [
            {
                "title": title,
                "links": [
                    (fmt.upper(), reverse("work:case_letter", args=[application.pk, key, fmt]))
                    for fmt in LETTER_FORMATS
                ],
            }
            for key, title in _available_letters(application)
        ]
        if acting
        else []
    )
    context = {
        "case": application,
        "acting": acting,
        "facts": _facts(application, masked=not acting),
        "deadline": deadline,
        "badges": due_badges(application, today, _soon(today)),
        "events": events,
        "consultations": application.consultations.all(),
        "fee_notices": application.fee_notices.all(),
        "appeals": application.appeals.all(),
        "action_forms": forms_shown,
        "error": error,
        "failed": bound[0] if bound is not None and error and bound[0].name in shown_names else None,
        "letters": downloads,
        "tracking_locked": _tracking_lock_note(application),
        **records_context(application, acting),
    }
    if record_form is not None:
        context["record_form"], context["record_open"] = record_form, True
    return render(request, "applications/work/case.html", context, status=status)


def _tracking_lock_note(application: Application) -> str:
    """Why the applicant cannot look the case up online just now, and until when; "" if they can."""
    wait = throttle.locked_for("track.case", application.tracking_code)
    if not wait:
        return ""
    until = timezone.localtime(timezone.now() + dt.timedelta(seconds=wait))
    attempts = throttle.limit("track.case").attempts
    return (
        f"有人连续{attempts}次以本案查询码和错误的联系方式查询，为保护申请人信息，"
        f"申请人网上查询已暂时锁定至{until:%Y-%m-%d %H:%M}。申请人来电询问时，可核实身份后告知办理进度。"
    )


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _case_page(request, _case(request, pk))


@login_required
@require_POST
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    spec = CASE_ACTIONS.get(action)
    if spec is None:
        raise Http404("没有这项操作")
    user = signed_in(request)
    application = _case(request, pk)
    if not _acts_on(user, application):
        raise PermissionDenied("上级监督人员只能查看，不能办理")
    case_form = cast(type[work_forms.CaseForm], spec.form)  # every case action's form is a CaseForm
    form = case_form(request.POST, application=application, today=core_time.today(), auto_id=_auto_id(spec))
    if isinstance(form, work_forms.FeeNoticeForm) and "preview" in request.POST and form.is_valid():
        # 试算金额: the quote shown beside the form, nothing done.
        quote = quote_fee(form.cleaned_data["basis"], form.cleaned_data["quantity"])
        return _case_page(request, application, bound=(spec, form), quote=quote)

    def rerender(bound: forms.Form, error: str, status: int) -> HttpResponse:
        return _case_page(request, application, bound=(spec, bound), error=error, status=status)

    return run_action(
        request, spec, application, form, rerender=rerender, done=reverse("work:case", args=[application.pk])
    )


@login_required
def case_letter(request: HttpRequest, pk: int, key: str, fmt: str) -> HttpResponse:
    user = signed_in(request)
    application = _case(request, pk)
    if not _acts_on(user, application):
        raise PermissionDenied("答复文书含申请人的个人信息，只有本机关工作人员可以下载")
    if fmt not in LETTER_FORMATS:
        raise Http404("不支持的格式")
    titles = dict(_available_letters(application))
    if key not in titles:
        raise Http404("该申请没有这份文书")
    try:
        content: bytes = letters.render_letter(application, key, fmt)
    except letters.LetterRefused as exc:  # a missing setting, named: fixed by an administrator
        messages.error(request, f"《{titles[key]}》未能生成：{exc}")
        return redirect(reverse("work:case", args=[application.pk]))
    response = HttpResponse(content, content_type=report_renderers.MEDIA_TYPES[fmt])
    response["Content-Disposition"] = _attachment(f"{application.number}-{titles[key]}.{fmt}")
    return response


@login_required
def case_receipt(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    """The applicant's 回执, reprinted at the counter: it carries the 查询码, for the agency's staff only."""
    application = _case(request, pk)
    if not _acts_on(signed_in(request), application):
        raise PermissionDenied("回执含查询码，只有本机关工作人员可以打印")
    return receipt_response(application, fmt)


# --- tables 三 and 四 -----------------------------------------------------------------------------


def _report(form: TablesForm) -> Report:
    data = form.cleaned_data
    return selectors.annual_tables(data["agency"], data["year"], subtree=bool(data.get("subtree")))


def tables_title(report: Report) -> str:
    """What the tables downloads are: tables 三 and 四, not the annual report (that is composed,
    signed and published under 年度报告)."""
    return f"{report.agency}{report.year}年度政府信息公开申请办理情况统计表（表三、表四）"


def _tables_docx(report: Report) -> bytes:
    """Tables 三 and 四 alone, each under its section's heading, in the official layout."""
    title = tables_title(report)
    blocks: list[Paragraph | TableLayout] = [Paragraph(Role.TITLE, title)]
    for number in (3, 4):
        blocks.append(
            Paragraph(Role.HEADING, section_heading(number, report.definition.section_titles[number - 1]))
        )
        blocks.extend(section_tables(report, number))
        blocks.extend(Paragraph(Role.NOTE, note) for note in table_notes(report, number))
    return docx_renderer.render_blocks(blocks, title=title, author=report.agency)


@login_required
def tables(request: HttpRequest) -> HttpResponse:
    form = tables_form(request)
    context: dict[str, Any] = {"form": form}
    if not form.is_valid():
        return render(request, "applications/work/tables.html", context, status=400)
    report = _report(form)
    query = urlencode(
        {
            "agency": form.cleaned_data["agency"].pk,
            "year": form.cleaned_data["year"],
            **({"subtree": "on"} if form.cleaned_data.get("subtree") else {}),
        }
    )
    context |= {
        "report": report,
        "tables": [template_table(t) for section in (3, 4) for t in section_tables(report, section)],
        "title": tables_title(report),
        "downloads": [
            (fmt.upper(), reverse("work:tables_download", args=[fmt]) + f"?{query}") for fmt in TABLE_FORMATS
        ],
    }
    return render(request, "applications/work/tables.html", context)


@login_required
def tables_download(request: HttpRequest, fmt: str) -> HttpResponse:
    if fmt not in TABLE_FORMATS:
        raise Http404("不支持的格式")
    form = tables_form(request)
    if not form.is_valid():
        return bad_query(form)
    report = _report(form)
    body = _tables_docx(report) if fmt == "docx" else report_renderers.render(report, fmt)
    response = HttpResponse(body, content_type=report_renderers.MEDIA_TYPES[fmt])
    response["Content-Disposition"] = _attachment(f"{tables_title(report)}.{fmt}")
    return response
