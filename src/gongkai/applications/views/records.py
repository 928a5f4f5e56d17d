"""The records of a case on the workbench (答复材料, 区分处理) and the applicant's download on /track/.

Staff: a case they may read (else 404, whatever the id); downloads, page images and every step
only for the agency's own staff (a supervisor reads the list, is refused 403 on the rest). Each
step is an ActionSpec run by core.pages.run_action: an invalid form 400, a stale one 409, a refused
action its status, the page again with the message.

The applicant: the document must belong to the case their /track/ session follows, the reply must
be served; otherwise 404, as for any address that names nothing.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt, csrf_protect
from django.views.decorators.http import require_GET, require_POST

from gongkai.core.pages import ActionSpec, run_action, signed_in
from gongkai.core.uploads import CappedUpload, cap_uploads

from .. import records, redaction
from ..forms import records as record_forms
from ..models import Application, CaseDocument
from .public import followed_case
from .work import _acts_on, _case, _case_page


def _document(request: HttpRequest, pk: int, doc: int) -> tuple[Application, CaseDocument]:
    application = _case(request, pk)
    document = get_object_or_404(CaseDocument, pk=doc, application=application)
    return application, document


def _acting_document(request: HttpRequest, pk: int, doc: int) -> tuple[Application, CaseDocument]:
    application, document = _document(request, pk, doc)
    if not _acts_on(signed_in(request), application):
        raise PermissionDenied("答复材料只有本机关工作人员可以查看和处理")
    return application, document


def records_context(application: Application, acting: bool) -> dict[str, Any]:
    """The case page's 答复材料 section."""
    documents = list(application.documents.order_by("position", "id"))
    delivered = {d.pk for d in records.delivered_documents(application)}
    rows = [
        {
            "document": d,
            "delivered_now": d.pk in delivered,
            "url": reverse("work:record", args=[application.pk, d.pk]),
            "file_url": reverse("work:record_file", args=[application.pk, d.pk]),
            "redacted_url": reverse("work:record_redacted", args=[application.pk, d.pk])
            if d.is_redacted
            else "",
        }
        for d in documents
    ]
    return {
        "record_rows": rows,
        "record_form": record_forms.AttachDocumentForm(application=application, auto_id="id_record_%s")
        if acting and records.may_change(application)
        else None,
        "record_attach_url": reverse("work:record_attach", args=[application.pk]),
    }


# --- attaching ---------------------------------------------------------------------------------


@csrf_exempt  # checked below, once the upload handler is in place (the check reads the upload)
@login_required
@require_POST
def attach(request: HttpRequest, pk: int) -> HttpResponse:
    return _attach_checked(request, pk, cap_uploads(request, settings.GONGKAI_ATTACHMENT_MAX_BYTES))


def _attach_perform(user: Any, app: Application, data: dict[str, Any], version: int | None) -> str:
    upload = data["file"]
    attached = records.attach_document(
        acting_user=user, application=app, filename=upload.name or "", content=upload.read(), version=version
    )
    message = f"已添加答复材料“{attached.document.name}”"
    return f"{message}。{attached.note}" if attached.note else message


ATTACH = ActionSpec[Application](
    name="record-attach",
    title="添加答复材料",
    form=record_forms.AttachDocumentForm,
    perform=_attach_perform,
    button="上传",
    error_field="file",
)


@csrf_protect
def _attach_checked(request: HttpRequest, pk: int, handler: CappedUpload) -> HttpResponse:
    application = _case(request, pk)
    if not _acts_on(signed_in(request), application):
        raise PermissionDenied("上级监督人员只能查看，不能办理")
    form = record_forms.AttachDocumentForm(
        request.POST,
        request.FILES,
        application=application,
        too_large=handler.too_large,
        auto_id="id_record_%s",
    )

    def rerender(bound: forms.Form, error: str, status: int) -> HttpResponse:
        return _case_page(request, application, error=error, status=status, record_form=bound)

    return run_action(
        request,
        ATTACH,
        application,
        form,
        rerender=rerender,
        done=reverse("work:case", args=[application.pk]),
    )


# --- a document's page: view, mark, redact ---------------------------------------------------------


def _mark(user: Any, document: CaseDocument, d: dict[str, Any], version: int | None) -> str:
    box = redaction.Box(*(float(d[k]) / 100 for k in ("left", "top", "right", "bottom")))
    records.add_marks(
        acting_user=user,
        document=document,
        marks=[redaction.Mark(d["page"], box)],
        basis=d["basis"],
        version=version,
    )
    return f"已在第{d['page']}页标出遮盖区域（依据{records.ground_label(d['basis'])}）"


def _mark_text(user: Any, document: CaseDocument, d: dict[str, Any], version: int | None) -> str:
    before = len(document.marks)
    row = records.mark_text(
        acting_user=user, document=document, text=d["text"], basis=d["basis"], version=version
    )
    return f"已按文字遮盖，共标出{len(row.marks) - before}处（依据{records.ground_label(d['basis'])}）"


def _unmark(user: Any, document: CaseDocument, d: dict[str, Any], version: int | None) -> str:
    records.remove_mark(acting_user=user, document=document, mark_id=d["mark"], version=version)
    return "已取消该处遮盖"


def _apply(user: Any, document: CaseDocument, d: dict[str, Any], version: int | None) -> str:
    if version is None:
        raise PermissionDenied
    records.apply_redaction(acting_user=user, document=document, version=version)
    return f"已生成遮盖后的文件。{redaction.REDACTED_NOTE}"


def _deliver(user: Any, document: CaseDocument, d: dict[str, Any], version: int | None) -> str:
    records.set_delivered(acting_user=user, document=document, delivered=d["delivered"], version=version)
    return "已设为提供给申请人" if d["delivered"] else "已设为不提供给申请人"


def _remove(user: Any, document: CaseDocument, d: dict[str, Any], version: int | None) -> str:
    records.remove_document(acting_user=user, document=document, version=version)
    return f"已删除答复材料“{document.name}”"


def _doc_spec(
    name: str, title: str, form: type[record_forms.DocumentForm], perform: Any, button: str
) -> ActionSpec[CaseDocument]:
    return ActionSpec(
        name=name,
        title=title,
        form=form,
        perform=perform,
        button=button,
        stale=records.DOCUMENT_STALE,
    )


DOCUMENT_ACTIONS: dict[str, ActionSpec[CaseDocument]] = {
    spec.name: spec
    for spec in (
        _doc_spec("mark", "框选遮盖", record_forms.MarkForm, _mark, "遮盖此区域"),
        _doc_spec("mark-text", "按文字遮盖", record_forms.MarkTextForm, _mark_text, "遮盖每一处"),
        _doc_spec("unmark", "取消遮盖", record_forms.UnmarkForm, _unmark, "取消"),
        _doc_spec("apply", "生成遮盖后的文件", record_forms.ApplyForm, _apply, "生成遮盖后的文件"),
        _doc_spec("deliver", "提供范围", record_forms.DeliverForm, _deliver, "保存"),
        _doc_spec("remove", "删除材料", record_forms.RemoveForm, _remove, "删除该材料"),
    )
}


def _page_number(request: HttpRequest, document: CaseDocument) -> int:
    try:
        number = int(request.GET.get("page", "1"))
    except ValueError:
        number = 1
    return min(max(1, number), max(1, document.page_count))


def _document_page(
    request: HttpRequest,
    application: Application,
    document: CaseDocument,
    *,
    bound: tuple[str, forms.Form] | None = None,
    error: str = "",
    status: int = 200,
    page: int | None = None,
) -> HttpResponse:
    number = page or _page_number(request, document)
    editable = records.may_change(application)

    def form(name: str, **extra: Any) -> forms.Form:
        if bound is not None and bound[0] == name and not extra:
            return bound[1]
        spec = DOCUMENT_ACTIONS[name]
        return spec.form(document=document, auto_id=f"id_{name.replace('-', '_')}_%s", **extra)  # type: ignore[call-arg]

    mark_form = form("mark")
    if not (bound is not None and bound[0] == "mark"):
        mark_form.fields["page"].initial = number
    pages_refusal = ""
    if document.page_count == 0:
        try:
            records.pages_content(document)
            pages_refusal = f"“{document.name}”没有可显示的页面，不能在系统中遮盖"
        except redaction.RedactionError as exc:
            pages_refusal = str(exc)
    marks = [
        {
            **m,
            "ground": records.ground_label(m["basis"]) if m.get("basis") in records.GROUNDS else "",
            "how": "按文字" if m.get("how") == "text" else "框选",
            "form": form("unmark", initial={"mark": m["id"]}),
        }
        for m in document.marks
    ]
    context = {
        "case": application,
        "document": document,
        "editable": editable,
        "approval_started": records.APPROVAL_STARTED,
        "error": error,
        "failed": bound[0] if bound is not None and error else "",
        "page": number,
        "pages": range(1, document.page_count + 1),
        "pages_refusal": pages_refusal,
        "image_url": reverse("work:record_page", args=[application.pk, document.pk, number]),
        "marks": marks,
        "page_marks": [m for m in marks if m["page"] == number],
        "mark_form": mark_form,
        "text_form": form("mark-text"),
        "apply_form": form("apply"),
        "deliver_form": form("deliver", initial={"delivered": "1" if document.delivered else "0"})
        if not (bound is not None and bound[0] == "deliver")
        else bound[1],
        "remove_form": form("remove"),
        "action_urls": {
            name.replace("-", "_"): reverse("work:record_action", args=[application.pk, document.pk, name])
            for name in DOCUMENT_ACTIONS
        },
        "case_url": reverse("work:case", args=[application.pk]),
        "file_url": reverse("work:record_file", args=[application.pk, document.pk]),
        "redacted_url": reverse("work:record_redacted", args=[application.pk, document.pk])
        if document.is_redacted
        else "",
        "redacted_page_url": reverse("work:record_redacted_page", args=[application.pk, document.pk, number])
        if document.is_redacted
        else "",
        "stale_redaction": bool(document.marks) and not document.is_redacted,
        "redacted_note": redaction.REDACTED_NOTE,
        "self_url": reverse("work:record", args=[application.pk, document.pk]),
    }
    return render(request, "applications/work/records_document.html", context, status=status)


@login_required
@require_GET
def document(request: HttpRequest, pk: int, doc: int) -> HttpResponse:
    application, document = _acting_document(request, pk, doc)
    return _document_page(request, application, document)


@login_required
@require_POST
def document_action(request: HttpRequest, pk: int, doc: int, action: str) -> HttpResponse:
    spec = DOCUMENT_ACTIONS.get(action)
    if spec is None:
        raise Http404("没有这项操作")
    application, document = _acting_document(request, pk, doc)
    form = spec.form(request.POST, document=document, auto_id=f"id_{action.replace('-', '_')}_%s")  # type: ignore[call-arg]
    page = None
    if action == "mark" and form.is_valid():
        page = form.cleaned_data["page"]
    done = reverse("work:record", args=[application.pk, document.pk]) + (f"?page={page}" if page else "")
    if action == "remove":
        done = reverse("work:case", args=[application.pk])

    def rerender(bound: forms.Form, error: str, status: int) -> HttpResponse:
        fresh = CaseDocument.objects.filter(pk=document.pk).first() or document
        return _document_page(
            request, application, fresh, bound=(action, bound), error=error, status=status, page=page
        )

    return run_action(request, spec, document, form, rerender=rerender, done=done)


def _png(data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type="image/png")
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_GET
def page_image(request: HttpRequest, pk: int, doc: int, number: int) -> HttpResponse:
    """A page as the clerk marks on it, with the marks drawn (black, outlined in red)."""
    _, document = _acting_document(request, pk, doc)
    if not 1 <= number <= document.page_count:
        raise Http404("没有这一页")
    try:
        content = records.pages_content(document)
        boxes = [m.box for m in records.marks_of(document, number)]
        return _png(redaction.page_image(content, number, boxes))
    except redaction.RedactionError as exc:
        raise Http404(str(exc)) from exc


@login_required
@require_GET
def redacted_page_image(request: HttpRequest, pk: int, doc: int, number: int) -> HttpResponse:
    """A page of the delivered (redacted) file, as the applicant will see it."""
    _, document = _acting_document(request, pk, doc)
    if not document.is_redacted or not 1 <= number <= document.page_count:
        raise Http404("没有遮盖后的文件")
    with document.redacted.open("rb") as stream:
        content = stream.read()
    return _png(redaction.page_image(content, number))


def _file_response(stored: Any, name: str, content_type: str) -> FileResponse:
    try:
        handle = stored.open("rb")
    except (FileNotFoundError, ValueError) as error:
        raise Http404("文件缺失，请联系管理员") from error
    response = FileResponse(handle, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(True, name) or "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_GET
def original_file(request: HttpRequest, pk: int, doc: int) -> FileResponse:
    _, document = _acting_document(request, pk, doc)
    return _file_response(document.file, document.name, document.content_type)


@login_required
@require_GET
def redacted_file(request: HttpRequest, pk: int, doc: int) -> FileResponse:
    _, document = _acting_document(request, pk, doc)
    if not document.is_redacted:
        raise Http404("遮盖后的文件尚未生成")
    return _file_response(document.redacted, document.delivered_name, "application/pdf")


# --- the applicant -------------------------------------------------------------------------------


@never_cache
@require_GET
def track_document(request: HttpRequest, doc: int) -> FileResponse:
    """A delivered document of the case this session follows, once the reply is served: 404
    otherwise (no session, another case's document, not served yet, not delivered)."""
    application = followed_case(request)
    if application is None:
        raise Http404("没有该文件")
    document = next((d for d in records.downloadable_by_applicant(application) if d.pk == doc), None)
    if document is None:
        raise Http404("没有该文件")
    stored, name, content_type = records.delivered_file(document)
    return _file_response(stored, name, content_type)
