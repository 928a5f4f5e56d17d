"""The registers' index, each register's list and export, its entry form, and the pages of one
document, matter or clean-up with the actions they offer."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.functional import lazy
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.agencies.models import Agency
from gongkai.agencies.selectors import acting_agencies, readable_agencies
from gongkai.core.pages import run_action, signed_in
from gongkai.core.time import today
from gongkai.web.xlsx import XLSX_TYPE

from .. import exports, selectors
from .. import forms as register_forms
from ..importing import REGISTERS
from ..models import (
    Cleanup,
    DecisionKind,
    DocumentKind,
    DocumentStatus,
    Matter,
    MatterKind,
    NormativeDocument,
)
from .action_specs import DELIST, DOCUMENT_ACTIONS, NEW_RECORD, Entry, iso, wan, yuan
from .common import acts_for, download, index_url, readable_agency, require_acting

PAGE_SIZE = 50


# --- what each register's list shows -------------------------------------------------------------


@dataclass(frozen=True)
class Row:
    cells: list[str]
    url: str = ""  # the record's own page, linked from the first cell


@dataclass(frozen=True)
class RegisterPage:
    key: str
    title: str
    article: str  # the item of Art. 20 behind it
    help: str
    year_label: str
    search_help: str
    kinds: list[tuple[str, str]] | None
    headings: tuple[str, ...]
    numeric: tuple[int, ...]  # columns printed right-aligned
    new_label: str
    rows: Callable[..., QuerySet[Any]]  # selectors.<register>(agency, year=, kind=, text=)
    row: Callable[[Agency, Any], Row]
    total: Callable[[Decimal], str] | None = None  # a total line under the amounts


def _document_row(agency: Agency, d: NormativeDocument) -> Row:
    state = d.get_status_display()
    if d.status == DocumentStatus.REPEALED:
        state += f"（{iso(d.repealed_on)}）"
    url = reverse("registers:document", args=[agency.pk, d.pk])
    return Row(
        [d.title, d.doc_number, d.get_kind_display(), iso(d.made_on), iso(d.published_on) or "未公开", state],
        url,
    )


def _cleanup_row(agency: Agency, c: Any) -> Row:
    url = reverse("registers:cleanup", args=[agency.pk, c.pk])
    counts = [str(c.reviewed), str(c.kept), str(c.amended), str(c.invalid)]
    return Row([c.name, iso(c.decided_on), iso(c.published_on) or "未公布", *counts], url)


def _matter_row(agency: Agency, m: Matter) -> Row:
    url = reverse("registers:matter", args=[agency.pk, m.pk])
    return Row([m.name, m.get_kind_display(), iso(m.listed_from), iso(m.delisted_on) or "—"], url)


PAGES: dict[str, RegisterPage] = {
    p.key: p
    for p in (
        RegisterPage(
            "documents",
            "规章和行政规范性文件",
            "《条例》第二十条第（一）项",
            "本机关制定的规章和行政规范性文件：制发、公开、废止。表二据此统计本年制发、废止和现行有效件数。",
            "制发年度",
            "文件名称或文号中的文字",
            list(DocumentKind.choices),
            ("文件名称", "文号", "类别", "制发日期", "公开日期", "效力状态"),
            (),
            "登记文件",
            selectors.documents,
            _document_row,
        ),
        RegisterPage(
            "cleanups",
            "文件清理",
            "《条例》第二十条第（一）项",
            "规范性文件清理：每次清理审查的文件及其结果（继续有效、修改、宣布失效）。宣布失效的文件自清理决定之日起废止。",
            "清理年度",
            "清理名称中的文字",
            None,
            ("清理名称", "清理决定日期", "公布日期", "审查件数", "继续有效", "修改", "宣布失效"),
            (3, 4, 5, 6),
            "登记清理",
            selectors.cleanups,
            _cleanup_row,
        ),
        RegisterPage(
            "matters",
            "事项清单",
            "《条例》第二十条第（五）（六）（八）项",
            "行政许可、其他对外管理服务事项、行政处罚、行政强制和行政事业性收费的事项清单。表二（2019年版）据此统计上一年项目数量和本年增减。",
            "清单年度（该年内在清单上）",
            "事项名称中的文字",
            list(MatterKind.choices),
            ("事项名称", "事项类型", "列入日期", "移出日期"),
            (),
            "列入事项",
            selectors.matters,
            _matter_row,
        ),
        RegisterPage(
            "decisions",
            "处理决定（办件）",
            "《条例》第二十条第（五）（六）项",
            "行政许可、其他对外管理服务事项、行政处罚和行政强制的处理决定。表二据此统计本年处理决定数量。",
            "决定年度",
            "文书编号中的文字",
            list(DecisionKind.choices),
            ("文书编号", "决定类型", "决定日期"),
            (),
            "登记决定",
            selectors.decisions,
            lambda agency, d: Row([d.reference, d.get_kind_display(), iso(d.decided_on)]),
        ),
        RegisterPage(
            "fees",
            "行政事业性收费",
            "《条例》第二十条第（八）项",
            "各收费项目每年的收费金额（元）。表二（2021年版）据此统计本年收费金额（万元）。",
            "年度",
            "收费项目中的文字",
            None,
            ("收费项目", "年度", "收费金额（元）"),
            (1, 2),
            "登记收费",
            selectors.fee_collections,
            lambda agency, f: Row([f.item, str(f.year), yuan(f.amount)]),
            yuan,
        ),
        RegisterPage(
            "procurements",
            "政府集中采购",
            "《条例》第二十条第（九）项",
            "政府集中采购项目及其金额（万元）。表二（2019年版）据此统计采购项目数量和采购总金额。",
            "年度",
            "采购项目中的文字",
            None,
            ("采购项目", "年度", "采购金额（万元）"),
            (1, 2),
            "登记采购",
            selectors.procurements,
            lambda agency, p: Row([p.project, str(p.year), wan(p.amount)]),
            wan,
        ),
    )
}


def _spec(key: str) -> RegisterPage:
    if key not in PAGES:
        raise Http404("没有这个登记簿")
    return PAGES[key]


def _links(agency: Agency, spec: RegisterPage, acting: bool) -> dict[str, str]:
    links = {
        "list": reverse("registers:list", args=[agency.pk, spec.key]),
        "export": reverse("registers:export", args=[agency.pk, spec.key]),
    }
    if acting:
        links["new"] = reverse("registers:new", args=[agency.pk, spec.key])
        if spec.key in REGISTERS:
            links["import"] = reverse("registers:import", args=[agency.pk, spec.key])
    return links


# --- the index -----------------------------------------------------------------------------------


def choose_agency_form(
    request: HttpRequest, form_class: type[register_forms.ChooseAgencyForm], today: dt.date
) -> register_forms.ChooseAgencyForm:
    """The agency and year asked for; what the address leaves out: the user's own agency, this year."""
    user = signed_in(request)
    agencies = readable_agencies(user)
    first = acting_agencies(user).first() or agencies.first()
    data: Any = {"agency": first.pk if first else "", "year": today.year} | request.GET.dict()
    return form_class(data, agencies=agencies, today=today)


def _counts(summary: selectors.Summary, key: str) -> tuple[list[str], list[tuple[str, list[str]]]]:
    """A register's figures for the year as a small table: (column headings, rows of (label, values))."""
    if key == "documents":
        c = summary.documents
        return ["类别", "本年制发", "本年废止", "年底现行有效"], [
            (str(label), [str(c[kind]["made"]), str(c[kind]["repealed"]), str(c[kind]["in_force"])])
            for kind, label in DocumentKind.choices
        ]
    if key == "cleanups":
        return ["项目", "本年"], [("清理次数", [str(summary.cleanups)])]
    if key == "matters":
        m = summary.matters
        return ["事项类型", "上年末", "本年末"], [
            (str(label), [str(m[kind][0]), str(m[kind][1])]) for kind, label in MatterKind.choices
        ]
    if key == "decisions":
        return ["决定类型", "本年决定"], [
            (str(label), [str(summary.decisions[kind])]) for kind, label in DecisionKind.choices
        ]
    if key == "fees":
        return ["项目", "本年"], [
            ("收费项目", [str(summary.fee_items)]),
            ("收费金额（元）", [yuan(summary.fee_total)]),
        ]
    return ["项目", "本年"], [
        ("采购项目", [str(summary.procurement_projects)]),
        ("采购金额（万元）", [wan(summary.procurement_total)]),
    ]


@login_required
@require_GET
def index(request: HttpRequest) -> HttpResponse:
    user = signed_in(request)
    form = choose_agency_form(request, register_forms.ChooseAgencyForm, today())
    context: dict[str, Any] = {"form": form}
    if not form.is_valid():
        return render(request, "registers/index.html", context, status=400 if request.GET else 200)
    agency, year = form.cleaned_data["agency"], form.cleaned_data["year"]
    acting = acts_for(user, agency)
    summary = selectors.summary(agency, year)
    context |= {
        "agency": agency,
        "year": year,
        "acting": acting,
        "cards": [
            {
                "spec": spec,
                "counts": _counts(summary, spec.key),
                "links": _links(agency, spec, acting),
                "year_query": f"?year={year}",
            }
            for spec in PAGES.values()
        ],
        "events": summary.events,
        "table_two_url": reverse("registers:table_two")
        + "?"
        + urlencode({"agency": agency.pk, "year": year}),
    }
    return render(request, "registers/index.html", context)


# --- a register's list and its export ------------------------------------------------------------


def _filter(request: HttpRequest, agency: Agency, spec: RegisterPage) -> tuple[forms.Form, QuerySet[Any]]:
    form = register_forms.ListFilterForm(
        request.GET or None,
        today=today(),
        year_label=spec.year_label,
        search_help=spec.search_help,
        kinds=spec.kinds,
    )
    rows = spec.rows(agency)
    if form.is_bound:
        if not form.is_valid():
            return form, rows.none()
        data = form.cleaned_data
        options: dict[str, Any] = {"year": data["year"], "text": data["q"].strip()}
        if spec.kinds:
            options["kind"] = data["kind"]
        rows = spec.rows(agency, **options)
    return form, rows


@login_required
@require_GET
def register_list(request: HttpRequest, agency_id: int, key: str) -> HttpResponse:
    spec = _spec(key)
    agency = readable_agency(request, agency_id)
    form, rows = _filter(request, agency, spec)
    listed = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    context = {
        "agency": agency,
        "spec": spec,
        "form": form,
        "page": listed,
        "rows": [spec.row(agency, record) for record in listed.object_list],
        "total": spec.total(selectors.amount_total(rows)) if spec.total and listed.paginator.count else "",
        "query": urlencode(query),
        "links": _links(agency, spec, acts_for(signed_in(request), agency)),
        "export_url": reverse("registers:export", args=[agency.pk, key])
        + (f"?{urlencode(query)}" if query else ""),
        "back": index_url(agency),
    }
    return render(request, "registers/list.html", context, status=400 if form.errors else 200)


@login_required
@require_GET
def register_export(request: HttpRequest, agency_id: int, key: str) -> HttpResponse:
    spec = _spec(key)
    agency = readable_agency(request, agency_id)
    form, rows = _filter(request, agency, spec)
    if form.errors:
        errors = "；".join(str(e) for errs in form.errors.values() for e in errs)
        return HttpResponse(f"筛选条件有误：{errors}", status=400, content_type="text/plain; charset=utf-8")
    if key == "cleanups":
        chosen = list(rows)
        decisions = selectors.cleanup_decisions_of(chosen)
        content = exports.cleanup_rows(chosen, decisions)
    else:
        content = exports.register_rows(key, rows.iterator(chunk_size=1000))
    filename = f"{agency.name}-{spec.title}-{today().isoformat()}.xlsx"
    return download(content, XLSX_TYPE, filename)


# --- entering a record ---------------------------------------------------------------------------


def _new_form(key: str, data: Any, entry: Entry, day: dt.date) -> register_forms.ActionForm:
    if key == "documents":
        return register_forms.DocumentForm(data, agency=entry.agency)
    if key == "cleanups":
        return register_forms.CleanupForm(data, documents=entry.documents)
    if key == "matters":
        return register_forms.MatterForm(data)
    if key == "decisions":
        return register_forms.DecisionForm(data)
    if key == "fees":
        return register_forms.FeeForm(data, today=day)
    return register_forms.ProcurementForm(data, today=day)


def _new_page(request: HttpRequest, entry: Entry, form: forms.Form, *, status: int = 200) -> HttpResponse:
    context = {
        "agency": entry.agency,
        "spec": PAGES[entry.key],
        "form": form,
        "list_url": reverse("registers:list", args=[entry.agency.pk, entry.key]),
        "back": index_url(entry.agency),
        "may_make_rules": entry.agency.may_make_rules,
    }
    return render(request, "registers/new.html", context, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def register_new(request: HttpRequest, agency_id: int, key: str) -> HttpResponse:
    _spec(key)
    agency = readable_agency(request, agency_id)
    require_acting(request, agency)
    day = today()
    entry = Entry(agency, key)
    if key == "cleanups":
        entry.documents = list(selectors.cleanup_candidates(agency))
    if request.method == "GET":
        form = _new_form(key, None, entry, day)
        for field in form.fields.values():  # the date a clerk most often means
            if isinstance(field, forms.DateField) and field.required:
                field.initial = day
        return _new_page(request, entry, form)
    return run_action(
        request,
        NEW_RECORD[key],
        entry,
        _new_form(key, request.POST, entry, day),
        rerender=lambda form, _message, status: _new_page(request, entry, form, status=status),
        done=lazy(entry.done_url, str)(),  # the new record's page: known once it is saved
    )


# --- one document, matter or clean-up ------------------------------------------------------------


def _errors(form: forms.Form) -> list[str]:
    """Every message of a refused form, for the summary at the top of the page."""
    return [str(e) for errors in form.errors.values() for e in errors]


def _document_page(
    request: HttpRequest,
    agency: Agency,
    document: NormativeDocument,
    *,
    bound: tuple[str, forms.Form] | None = None,
    status: int = 200,
) -> HttpResponse:
    acting = acts_for(signed_in(request), agency)
    day = today()
    shown: list[dict[str, Any]] = []
    for spec in DOCUMENT_ACTIONS.values():
        if not (acting and spec.shown(document)):
            continue
        is_bound = bound is not None and bound[0] == spec.name
        form = (
            bound[1]
            if bound is not None and is_bound
            else spec.form(auto_id=spec.auto_id, initial={"published_on": day, "on": day})
        )
        shown.append(
            {
                "title": spec.title,
                "form": form,
                "open": is_bound,
                "url": reverse("registers:document_action", args=[agency.pk, document.pk, spec.name]),
            }
        )
    facts = [
        ("文件名称", document.title),
        ("文号", document.doc_number),
        ("类别", document.get_kind_display()),
        ("制发机关", agency.name),
        ("制发日期", iso(document.made_on)),
        ("公开日期", iso(document.published_on) or "未公开"),
        ("效力状态", document.get_status_display()),
        ("废止日期", iso(document.repealed_on)),
        ("废止原因", document.repeal_reason),
    ]
    context = {
        "agency": agency,
        "spec": PAGES["documents"],
        "document": document,
        "facts": [(label, value) for label, value in facts if value],
        "cleanups": document.cleanup_decisions.select_related("cleanup").order_by("cleanup__decided_on"),
        "action_forms": shown,
        "acting": acting,
        "refusal": _errors(bound[1]) if bound is not None else [],
        "list_url": reverse("registers:list", args=[agency.pk, "documents"]),
        "back": index_url(agency),
    }
    return render(request, "registers/document.html", context, status=status)


@login_required
@require_GET
def document_detail(request: HttpRequest, agency_id: int, pk: int) -> HttpResponse:
    agency = readable_agency(request, agency_id)
    document = get_object_or_404(NormativeDocument, agency=agency, pk=pk)
    return _document_page(request, agency, document)


@login_required
@require_POST
def document_action(request: HttpRequest, agency_id: int, pk: int, action: str) -> HttpResponse:
    if action not in DOCUMENT_ACTIONS:
        raise Http404("没有这项操作")
    spec = DOCUMENT_ACTIONS[action]
    agency = readable_agency(request, agency_id)
    document = get_object_or_404(NormativeDocument, agency=agency, pk=pk)
    require_acting(request, agency)

    def rerender(form: forms.Form, _message: str, status: int) -> HttpResponse:
        document.refresh_from_db()
        return _document_page(request, agency, document, bound=(action, form), status=status)

    return run_action(
        request,
        spec,
        document,
        spec.form(request.POST, auto_id=spec.auto_id),
        rerender=rerender,
        done=reverse("registers:document", args=[agency.pk, document.pk]),
    )


def _matter_page(
    request: HttpRequest,
    agency: Agency,
    matter: Matter,
    bound: forms.Form | None = None,
    status: int = 200,
) -> HttpResponse:
    form = None
    if acts_for(signed_in(request), agency) and DELIST.shown(matter):
        form = bound or DELIST.form(initial={"on": today()})
    facts = [
        ("事项名称", matter.name),
        ("事项类型", matter.get_kind_display()),
        ("列入日期", iso(matter.listed_from)),
        ("移出日期", iso(matter.delisted_on) or "仍在清单上"),
    ]
    context = {
        "agency": agency,
        "spec": PAGES["matters"],
        "matter": matter,
        "facts": facts,
        "form": form,
        "refusal": _errors(bound) if bound is not None else [],
        "list_url": reverse("registers:list", args=[agency.pk, "matters"]),
        "back": index_url(agency),
    }
    return render(request, "registers/matter.html", context, status=status)


@login_required
@require_GET
def matter_detail(request: HttpRequest, agency_id: int, pk: int) -> HttpResponse:
    agency = readable_agency(request, agency_id)
    return _matter_page(request, agency, get_object_or_404(Matter, agency=agency, pk=pk))


@login_required
@require_POST
def matter_delist(request: HttpRequest, agency_id: int, pk: int) -> HttpResponse:
    agency = readable_agency(request, agency_id)
    matter = get_object_or_404(Matter, agency=agency, pk=pk)
    require_acting(request, agency)

    def rerender(form: forms.Form, _message: str, status: int) -> HttpResponse:
        matter.refresh_from_db()
        return _matter_page(request, agency, matter, form, status)

    return run_action(
        request,
        DELIST,
        matter,
        DELIST.form(request.POST),
        rerender=rerender,
        done=reverse("registers:matter", args=[agency.pk, matter.pk]),
    )


@login_required
@require_GET
def cleanup_detail(request: HttpRequest, agency_id: int, pk: int) -> HttpResponse:
    agency = readable_agency(request, agency_id)
    cleanup = get_object_or_404(Cleanup, agency=agency, pk=pk)
    context = {
        "agency": agency,
        "spec": PAGES["cleanups"],
        "cleanup": cleanup,
        "decisions": selectors.cleanup_decisions(cleanup),
        "list_url": reverse("registers:list", args=[agency.pk, "cleanups"]),
        "back": index_url(agency),
    }
    return render(request, "registers/cleanup.html", context)
