"""The collecting pages, under /work/oversight/<agency>/<year>/collect/: the upload (files, a ZIP
or URLs), a batch's progress with 「继续处理」, one collected file with its findings, their
evidence and the supervisor's word on it (confirm, unmatch, refuse, read again), the original
file, and the 整改通知 of a unit not on the platform.

Only the agency's 上级监督 reaches them (anyone else: 404), and only its own batches and files.
Every form goes through ``core.pages.run_action``. Reading happens in the request, a few files
at a time: the upload reads files for up to SECONDS_PER_REQUEST, 「继续处理」 the next ones.
"""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from gongkai.agencies.models import Agency
from gongkai.annual_report.editions import EDITIONS, Edition
from gongkai.annual_report.findings import Severity
from gongkai.archives import LIMITS
from gongkai.core.actions import ActionError, http_status
from gongkai.core.pages import ActionSpec, run_action, signed_in
from gongkai.core.time import today
from gongkai.core.uploads import CappedUpload

from . import collect, collect_forms, evidence, selectors
from .collect_notice import DOCX_TYPE, notice_docx
from .models import BatchSource, CollectedReport, CollectedState, CollectionBatch, RosterUnit
from .views import SUPERVISOR, _supervised

PER_REQUEST = 500  # files read at most in one request (the upload, each 「继续处理」)
PER_REQUEST_URLS = 3  # URLs fetched in one request: each may take up to the fetch timeout
SECONDS_PER_REQUEST = 8.0  # no new file is started after this long: the page comes back


def per_request(batch: CollectionBatch) -> int:
    return PER_REQUEST_URLS if batch.source == BatchSource.URLS else PER_REQUEST


def _process(batch: CollectionBatch) -> CollectionBatch:
    return collect.process(batch, limit=per_request(batch), seconds=SECONDS_PER_REQUEST)


UPLOAD_LIMIT = LIMITS.total_bytes  # one uploaded file (a ZIP may be this large)
FILES_SHOWN = 500


def _collect_url(agency: Agency, year: int) -> str:
    return reverse("oversight:collect", args=[agency.pk, year])


def _batch_url(agency: Agency, year: int, batch: CollectionBatch) -> str:
    return reverse("oversight:collect_batch", args=[agency.pk, year, batch.pk])


def _file_url(agency: Agency, year: int, row: CollectedReport) -> str:
    return reverse("oversight:collect_file", args=[agency.pk, year, row.pk])


def _own_batch(agency: Agency, pk: int) -> CollectionBatch:
    return get_object_or_404(CollectionBatch, pk=pk, supervisor=agency)


def _own_file(agency: Agency, pk: int) -> CollectedReport:
    return get_object_or_404(
        CollectedReport.objects.select_related("unit", "unit__roster", "batch", "confirmed_by"),
        pk=pk,
        supervisor=agency,
    )


# --- the upload --------------------------------------------------------------------------------


def _start(user: User, target: tuple[Agency, int], data: dict[str, Any], version: int | None) -> str:
    agency, year = target
    source = BatchSource(data["source"])
    files = [(f.name or "文件", f.read()) for f in data.get("uploads") or []]
    if source == BatchSource.URLS:
        files = []
    batch = collect.start_batch(
        acting_user=user,
        supervisor=agency,
        year=year,
        source=source,
        files=files,
        urls=data.get("url_list") or [],
    )
    batch = _process(batch)
    left = collect.pending(batch)
    more = f"，还有{left}个待处理，请点击“继续处理”" if left else ""
    return f"已收到{batch.total}个文件，已处理{batch.total - left}个{more}"


START = ActionSpec[tuple[Agency, int]](
    "start",
    "收集年度报告",
    collect_forms.UploadForm,
    _start,
    roles=SUPERVISOR,
    button="上传并处理",
    help="上传后逐个读取：按报告中读出的机关名称和年度匹配到该年度名单中的单位，不确定的请确认",
)


def _collect_page(
    request: HttpRequest, agency: Agency, year: int, *, form: Any = None, error: str = "", status: int = 200
) -> HttpResponse:
    batches = list(
        CollectionBatch.objects.filter(supervisor=agency)
        .annotate(
            left=Count("files", filter=Q(files__state=CollectedState.PENDING)),
            matched=Count("files", filter=Q(files__state=CollectedState.MATCHED)),
            uncertain=Count("files", filter=Q(files__state=CollectedState.UNCERTAIN)),
        )
        .select_related("created_by")[:50]
    )
    state = request.GET.get("state", "")
    files = CollectedReport.objects.filter(supervisor=agency).select_related("unit").order_by("-id")
    if state in CollectedState.values:
        files = files.filter(state=state)
    counts = dict(
        CollectedReport.objects.filter(supervisor=agency)
        .values_list("state")
        .annotate(n=Count("id"))
        .values_list("state", "n")
    )
    context = {
        "agency": agency,
        "year": year,
        "spec": START,
        "form": form or collect_forms.UploadForm(auto_id=START.auto_id),
        "action": reverse("oversight:collect_start", args=[agency.pk, year]),
        "error": error,
        "batches": batches,
        "files": list(files[:FILES_SHOWN]),
        "shown_limit": FILES_SHOWN,
        "state": state,
        "states": [(s, s.label, counts.get(s.value, 0)) for s in CollectedState],
        "upload_limit": UPLOAD_LIMIT // (1024 * 1024),
    }
    return render(request, "oversight/collect.html", context, status=status)


@login_required
@require_GET
def collect_page(request: HttpRequest, agency: int, year: int) -> HttpResponse:
    return _collect_page(request, _supervised(request, agency, year), year)


@csrf_exempt  # checked below, once the upload handler is in place (the check reads the upload)
@login_required
@require_POST
def collect_start(request: HttpRequest, agency: int, year: int) -> HttpResponse:
    handler = CappedUpload(request, UPLOAD_LIMIT)
    handlers = request.upload_handlers
    assert isinstance(handlers, list)  # still a list: nothing has read the upload yet
    handlers.insert(0, handler)
    return _start_checked(request, agency, year, handler)


@csrf_protect
def _start_checked(request: HttpRequest, agency: int, year: int, handler: CappedUpload) -> HttpResponse:
    supervised = _supervised(request, agency, year)
    form = collect_forms.UploadForm(
        request.POST, request.FILES, too_large=handler.too_large, auto_id=START.auto_id
    )

    def rerender(bound: Any, message: str, status: int) -> HttpResponse:
        return _collect_page(request, supervised, year, form=bound, error=message, status=status)

    user = signed_in(request)
    response = run_action(
        request, START, (supervised, year), form, rerender=rerender, done=_collect_url(supervised, year)
    )
    if response.status_code == 302:  # started: on to the batch's page
        batch = CollectionBatch.objects.filter(supervisor=supervised, created_by=user).order_by("-id").first()
        if batch is not None:
            return redirect(_batch_url(supervised, year, batch))
    return response


# --- a batch -----------------------------------------------------------------------------------


@login_required
@require_GET
def batch_page(request: HttpRequest, agency: int, year: int, pk: int) -> HttpResponse:
    supervised = _supervised(request, agency, year)
    batch = _own_batch(supervised, pk)
    rows = list(batch.files.select_related("unit").order_by("id"))
    left = sum(1 for r in rows if r.state == CollectedState.PENDING)
    context = {
        "agency": supervised,
        "year": year,
        "batch": batch,
        "rows": rows,
        "left": left,
        "done": len(rows) - left,
        "percent": round(100 * (len(rows) - left) / len(rows)) if rows else 100,
        "seconds": int(SECONDS_PER_REQUEST),
        "urls": batch.source == BatchSource.URLS,
        "per_request": per_request(batch),
        "states": [(s.label, sum(1 for r in rows if r.state == s)) for s in CollectedState],
    }
    return render(request, "oversight/collect_batch.html", context)


@login_required
@require_POST
def batch_continue(request: HttpRequest, agency: int, year: int, pk: int) -> HttpResponse:
    """Read the next few pending files of the batch (where it stopped)."""
    supervised = _supervised(request, agency, year)
    batch = _own_batch(supervised, pk)
    _process(batch)
    return redirect(_batch_url(supervised, year, batch))


# --- one file ----------------------------------------------------------------------------------


def _confirm(user: User, row: CollectedReport, data: dict[str, Any], version: int | None) -> str:
    done = collect.confirm_match(acting_user=user, collected=row, version=version, unit_id=data["unit"])
    return f"已确认“{done.filename}”是{done.unit.name if done.unit else ''}的报告"


def _unmatch(user: User, row: CollectedReport, data: dict[str, Any], version: int | None) -> str:
    done = collect.unmatch(acting_user=user, collected=row, version=version)
    return f"已取消“{done.filename}”的匹配"


def _refuse(user: User, row: CollectedReport, data: dict[str, Any], version: int | None) -> str:
    done = collect.refuse(acting_user=user, collected=row, version=version, reason=data["reason"])
    return f"已拒收“{done.filename}”"


def _reprocess(user: User, row: CollectedReport, data: dict[str, Any], version: int | None) -> str:
    collect.reprocess(acting_user=user, collected=row, version=version)
    collect.process_one(row.pk)
    done = CollectedReport.objects.get(pk=row.pk)
    return f"已重新处理“{done.filename}”：{done.get_state_display()}"


STALE = "该文件已被他人处理，请刷新页面查看后再操作"
FILE_ACTIONS: dict[str, ActionSpec[CollectedReport]] = {
    spec.name: spec
    for spec in (
        ActionSpec(
            "confirm",
            "确认所属单位",
            collect_forms.ConfirmForm,
            _confirm,
            roles=SUPERVISOR,
            button="确认",
            error_field="unit",
            stale=STALE,
            shown=lambda row: (
                row.state in (CollectedState.UNCERTAIN, CollectedState.UNMATCHED, CollectedState.MATCHED)
                and row.year is not None
            ),
        ),
        ActionSpec(
            "unmatch",
            "取消匹配",
            collect_forms.PlainForm,
            _unmatch,
            roles=SUPERVISOR,
            button="取消匹配",
            stale=STALE,
            shown=lambda row: row.state == CollectedState.MATCHED,
        ),
        ActionSpec(
            "refuse",
            "拒收",
            collect_forms.RefuseForm,
            _refuse,
            roles=SUPERVISOR,
            button="拒收",
            error_field="reason",
            stale=STALE,
            shown=lambda row: row.state != CollectedState.REFUSED,
        ),
        ActionSpec(
            "reprocess",
            "重新处理",
            collect_forms.PlainForm,
            _reprocess,
            roles=SUPERVISOR,
            button="重新读取并匹配",
            stale=STALE,
            help="建立或修改名单后，重新读取这份文件并匹配单位",
            shown=lambda row: row.state != CollectedState.PENDING and bool(row.original or row.source_url),
        ),
    )
}


def _file_form(spec: ActionSpec[CollectedReport], data: Any, row: CollectedReport) -> Any:
    auto_id = f"id_f{row.pk}_{spec.name}_%s"
    if spec.name == "confirm":
        scores = {int(c[0]): float(c[1]) for c in row.candidates}
        return collect_forms.ConfirmForm(
            data, collected=row, units=collect.roster_units(row), scores=scores, auto_id=auto_id
        )
    return spec.form(data, collected=row, auto_id=auto_id)  # type: ignore[call-arg]


def _findings(row: CollectedReport) -> list[dict[str, Any]]:
    order = {Severity.ERROR.value: 0, Severity.WARNING.value: 1}
    shown = []
    for n, finding in enumerate(row.findings):
        shown.append(
            {
                "n": n,
                "f": finding,
                "place": evidence.place(finding, row.edition),
                "error": finding.get("severity") == Severity.ERROR.value,
                "evidence": finding.get("evidence") or {},
            }
        )
    return sorted(shown, key=lambda e: (order.get(e["f"].get("severity"), 2), e["n"]))


def _file_page(
    request: HttpRequest,
    agency: Agency,
    year: int,
    row: CollectedReport,
    *,
    bound: tuple[str, Any] | None = None,
    error: str = "",
    status: int = 200,
) -> HttpResponse:
    file_forms = []
    for spec in FILE_ACTIONS.values():
        if not spec.shown(row):
            continue
        mine = bound is not None and bound[0] == spec.name
        file_forms.append(
            {
                "spec": spec,
                "form": bound[1] if bound is not None and mine else _file_form(spec, None, row),
                "url": reverse("oversight:collect_file_action", args=[agency.pk, year, row.pk, spec.name]),
                "open": mine or (spec.name == "confirm" and row.state != CollectedState.MATCHED),
            }
        )
    names = {u.pk: u.name for u in collect.roster_units(row)} if row.candidates else {}
    context = {
        "agency": agency,
        "year": year,
        "row": row,
        "findings": _findings(row),
        "candidates": [(names.get(int(c[0]), "?"), c[1]) for c in row.candidates],
        "forms": file_forms,
        "error": error,
        "notice": row.unit is not None and row.unit.agency_id is None,
        "edition": _edition_name(row.edition),
        "notice_days": (7, 10, 15, 20, 30, 60),
        "events": [
            {"event": e, "who": e.who, "details": _event_details(e.data)}
            for e in row.events.select_related("actor")
        ],
    }
    return render(request, "oversight/collect_file.html", context, status=status)


@login_required
@require_GET
def file_page(request: HttpRequest, agency: int, year: int, pk: int) -> HttpResponse:
    supervised = _supervised(request, agency, year)
    return _file_page(request, supervised, year, _own_file(supervised, pk))


@login_required
@require_POST
def file_action(request: HttpRequest, agency: int, year: int, pk: int, action: str) -> HttpResponse:
    spec = FILE_ACTIONS.get(action)
    if spec is None:
        raise Http404("没有这项操作")
    supervised = _supervised(request, agency, year)
    row = _own_file(supervised, pk)
    form = _file_form(spec, request.POST, row)

    def rerender(bound: Any, message: str, status: int) -> HttpResponse:
        fresh = _own_file(supervised, pk)
        return _file_page(
            request, supervised, year, fresh, bound=(spec.name, bound), error=message, status=status
        )

    return run_action(request, spec, row, form, rerender=rerender, done=_file_url(supervised, year, row))


@login_required
@require_GET
def original(request: HttpRequest, agency: int, year: int, pk: int) -> FileResponse:
    """The collected file byte for byte, for the supervisor who collected it."""
    supervised = _supervised(request, agency, year)
    row = _own_file(supervised, pk)
    if not row.original:
        raise Http404("这份文件的原件没有保存")
    try:
        handle = row.original.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404("原文件缺失，请联系管理员") from error
    response = FileResponse(handle, content_type="application/octet-stream")
    response["Content-Disposition"] = content_disposition_header(True, row.filename) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Digest"] = "sha-256=" + base64.b64encode(bytes.fromhex(row.sha256)).decode()  # RFC 3230
    return response


@login_required
@require_GET
def evidence_page(request: HttpRequest, agency: int, year: int, pk: int, n: int) -> HttpResponse:
    """One finding of a collected file with its evidence: where it is in the format, the text
    the reader took from the file, and the lines around it in the original."""
    supervised = _supervised(request, agency, year)
    row = _own_file(supervised, pk)
    if not 0 <= n < len(row.findings):
        raise Http404("没有这条检查结果")
    finding = row.findings[n]
    here = evidence.place(finding, row.edition)
    lines: list[tuple[int, str, bool]] = []
    position = ""
    if here.line is not None and row.original:
        try:
            with row.original.open("rb") as handle:
                data = handle.read()
        except (FileNotFoundError, ValueError):
            data = b""
        read_lines = evidence.source_lines(data)
        lines = evidence.around(read_lines, here.line)
        evidence_text = (finding.get("evidence") or {}).get("text") or read_lines.get(here.line, "")
        position = evidence.where_in_file(data, here.line, str(evidence_text)) if data else ""
    section = _section(row, finding) if not lines else None
    context = {
        "agency": supervised,
        "year": year,
        "row": row,
        "section_text": section["text"] if section else "",
        "position": position,
        "section_title": section["title"] if section else "",
        "n": n,
        "f": finding,
        "place": here,
        "evidence": finding.get("evidence") or {},
        "lines": lines,
        "error": finding.get("severity") == Severity.ERROR.value,
    }
    return render(request, "oversight/evidence.html", context)


EVENT_LABELS = {
    "state": "结果",
    "unit": "单位",
    "findings": "检查结果（条）",
    "source": "来源",
    "url": "网址",
    "year": "年度",
}


def _event_details(data: dict[str, Any]) -> list[str]:
    return [
        f"{EVENT_LABELS.get(k, k)}：{v}" for k, v in data.items() if k in EVENT_LABELS and v not in ("", None)
    ]


def _edition_name(edition: str) -> str:
    try:
        return EDITIONS[Edition(edition)].name
    except ValueError:
        return edition


def _section(row: CollectedReport, finding: dict[str, Any]) -> dict[str, Any] | None:
    """The section of the report a finding without a line is about, as read (its text)."""
    number = finding.get("section")
    if not isinstance(number, int) or not row.content:
        return None
    for section in row.content.get("sections") or []:
        if section.get("number") == number and str(section.get("text") or "").strip():
            return {"title": str(section.get("title") or ""), "text": str(section["text"])[:20000]}
    return None


# --- the 整改通知 ------------------------------------------------------------------------------


@login_required
@require_GET
def unit_notice(request: HttpRequest, agency: int, year: int, unit: int) -> HttpResponse:
    """The 整改通知 of a unit not on the platform, as DOCX: the findings of its collected report
    with their evidence (or, without one, that its report was not found), and the deadline."""
    supervised = _supervised(request, agency, year)
    target = get_object_or_404(
        RosterUnit.objects.select_related("roster"), pk=unit, roster__agency=supervised, agency__isnull=True
    )
    kept = CollectedReport.objects.filter(unit=target, state=CollectedState.MATCHED).order_by("-id").first()
    days = request.GET.get("days", "")
    within = int(days) if days.isdigit() and 1 <= int(days) <= 90 else 15
    try:
        data = notice_docx(
            supervisor=supervised,
            unit=target,
            collected=kept,
            on=today(),
            by=today() + dt.timedelta(days=within),
        )
    except ActionError as refusal:
        return HttpResponse(
            str(refusal), status=http_status(refusal), content_type="text/plain; charset=utf-8"
        )
    response = HttpResponse(data, content_type=DOCX_TYPE)
    name = f"{target.name}{target.roster.year}年度报告整改通知.docx"
    response["Content-Disposition"] = content_disposition_header(True, name) or "attachment"
    response["Cache-Control"] = "private, no-store"
    return response


def board_links(agency: Agency, year: int, row: selectors.BoardRow) -> dict[str, str]:
    """The board row's links for a unit not on the platform: its collected file, its 整改通知."""
    links: dict[str, str] = {}
    if row.collected is not None:
        links["file"] = reverse("oversight:collect_file", args=[agency.pk, year, row.collected.pk])
    if row.unit.agency_id is None and (
        row.collected is not None or row.status == selectors.BoardStatus.NOT_FOUND
    ):
        links["notice"] = reverse("oversight:collect_notice", args=[agency.pk, year, row.unit.pk])
    return links
