"""The records that answer a case (答复材料) and their 区分处理: attach, mark, redact, deliver.

A clerk attaches the documents that answer a case (PDF, DOCX, XLSX, images: typed from their
content, size-limited, pictures saved again without their metadata: gongkai.core.filecheck, the
same checks as the catalogue's attachments). For 部分公开 the clerk marks areas of their pages,
each mark with the article of the Regulations it rests on; the delivered file is then made by
redaction.redact (every page an image, the marks painted black). Each step is an action: one
durable transaction, one event on the case's timeline, refused with a Chinese message that
leaves everything as it was; two clerks marking the same document at once: the second is 409.

What the applicant gets (`delivered_documents`) is listed in the reply letter's 附件 and is
downloadable on /track/ once the reply is served.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import transaction

from gongkai.agencies.permissions import require_staff
from gongkai.core.actions import ActionError, lock_versioned, state_change
from gongkai.core.filecheck import STRIPPED_NOTE, AttachmentError, check_file
from gongkai.core.time import today

from . import redaction
from .articles import REGULATIONS
from .models import Application, CaseDocument, Event, EventKind, Outcome, Status

MAX_DOCUMENTS = 50
DOCUMENT_STALE = "该材料的遮盖已被他人修改，请刷新页面查看最新情况后再操作"
CASE_STALE = "该申请已被他人办理并更新，请刷新页面查看最新情况后再操作"

# The grounds on which part of a document is withheld (《条例》第十四条至第十六条): code -> (the
# citation, what it covers). The 条例's article 15 covers two kinds; the mark says which.
GROUNDS: dict[str, tuple[str, str]] = {
    "14": ("第十四条", "国家秘密、法律行政法规禁止公开、危及“三安全一稳定”"),
    "15-trade": ("第十五条", "商业秘密"),
    "15-privacy": ("第十五条", "个人隐私"),
    "16.1": ("第十六条第一款", "内部事务信息"),
    "16.2": ("第十六条第二款", "过程性信息、行政执法案卷信息"),
}
# Until the reply is issued the material may change; after it, it is what the letter lists.
EDITABLE = (
    Status.REGISTERED,
    Status.AWAITING_CORRECTION,
    Status.IN_PROGRESS,
    Status.CONSULTING,
    Status.AWAITING_FEE,
    Status.DECIDED,
)
DELIVERING_OUTCOMES = (Outcome.GRANTED, Outcome.PARTIAL)
APPROVAL_STARTED = "答复已进入审批，答复材料和遮盖不能再更改；如确需更改，请先更正决定（更正后重新审批）"
DOWNLOADABLE = (Status.SERVED, Status.CLOSED)


def approval_started(case: Application) -> bool:
    """Whether someone has approved the decided reply (actions.approve_reply): what they approved,
    the 附件 included, stays as it is until the reply is issued, or until a corrected decision
    starts the approval afresh."""
    if case.status != Status.DECIDED:
        return False
    latest = (
        case.events.filter(
            kind__in=[EventKind.DECIDED, EventKind.DECISION_CORRECTED, EventKind.REPLY_APPROVED]
        )
        .order_by("-at", "-id")
        .values_list("kind", flat=True)
        .first()
    )
    return latest == EventKind.REPLY_APPROVED


def may_change(case: Application) -> bool:
    return case.status in EDITABLE and not approval_started(case)


def ground_label(code: str) -> str:
    citation, covers = GROUNDS[code]
    return f"{REGULATIONS}{citation}（{covers}）"


def ground_choices() -> list[tuple[str, str]]:
    return [(code, f"{citation}：{covers}") for code, (citation, covers) in GROUNDS.items()]


# --- what the applicant gets ---------------------------------------------------------------------


def delivered_documents(case: Application) -> list[CaseDocument]:
    """The documents the applicant gets with the reply, in order: those marked for delivery, when
    the decision provides information (予以公开, 部分公开). A marked document is delivered as its
    redacted file (`delivered_file`)."""
    if case.outcome not in DELIVERING_OUTCOMES:
        return []
    return list(case.documents.filter(delivered=True).order_by("position", "id"))


def delivered_file(document: CaseDocument) -> tuple[Any, str, str]:
    """(the stored file, the name, the content type) the applicant downloads."""
    if document.marks:
        return document.redacted, document.delivered_name, "application/pdf"
    return document.file, document.name, document.content_type


def downloadable_by_applicant(case: Application) -> list[CaseDocument]:
    """The delivered documents once the reply is served; none before."""
    if case.status not in DOWNLOADABLE:
        return []
    return [d for d in delivered_documents(case) if not d.marks or d.is_redacted]


def check_marks_fit(case: Application, outcome: str) -> None:
    """ActionError when a decision to disclose in full would deliver a document with parts blacked
    out: that decision is 部分公开 (Art. 37)."""
    if outcome != Outcome.GRANTED:
        return
    marked = case.documents.filter(delivered=True).exclude(marks=[]).values_list("name", flat=True).first()
    if marked is not None:
        raise ActionError(
            f"答复材料“{marked}”有遮盖（区分处理），办理结果应为部分公开；如应全部公开，请先取消遮盖"
        )


def check_ready_for_reply(case: Application) -> None:
    """ActionError unless what the reply delivers is ready: a marked document has its redacted
    file for its marks as they stand, and only a 部分公开 withholds parts of a document."""
    for document in delivered_documents(case):
        if not document.marks:
            continue
        if case.outcome == Outcome.GRANTED:
            raise ActionError(
                f"答复材料“{document.name}”有遮盖，而办理结果为予以公开：请将办理结果更正为部分公开，"
                "或取消遮盖",
                "conflict",
            )
        if not document.is_redacted:
            raise ActionError(
                f"答复材料“{document.name}”的遮盖尚未生成（或生成后又有改动），请先在区分处理页面“生成遮盖后的文件”",
                "conflict",
            )


# --- helpers -------------------------------------------------------------------------------------


def _event(case: Application, kind: EventKind, actor: User, reason: str = "", **data: Any) -> Event:
    return Event.objects.create(
        application=case, kind=kind, actor=actor, on=today(), reason=reason, data=data
    )


def _lock_case(case: Application, version: int | None, user: User, doing: str) -> Application:
    app = lock_versioned(Application, case.pk, version, CASE_STALE)
    require_staff(user, app.agency, refusal="您不是本机关的工作人员，不能办理此申请")
    if app.status not in EDITABLE:
        raise ActionError(
            f"申请当前状态为“{app.get_status_display()}”，答复书已出具，不能再{doing}", "conflict"
        )
    if approval_started(app):
        raise ActionError(APPROVAL_STARTED, "conflict")
    return app


def _lock_document(document: CaseDocument, version: int | None, user: User, doing: str) -> CaseDocument:
    """The document locked at the version the form was filled in on, its case locked first (the
    same order everywhere: no deadlock) and open for changes."""
    app = _lock_case(document.application, None, user, doing)
    try:
        row = lock_versioned(CaseDocument, document.pk, version, DOCUMENT_STALE)
    except CaseDocument.DoesNotExist:
        raise ActionError("该材料已被删除", "conflict") from None
    row.application = app
    return row


def _bump(row: Application | CaseDocument) -> None:
    row.version += 1
    row.save()


def pages_content(document: CaseDocument) -> bytes:
    """The bytes the pages come from: the converted PDF of a DOCX, XLSX, DOC or WPS, else (a PDF
    or a picture) the file itself. RedactionError when a document has no pages (LibreOffice absent
    or failed; an OFD, which it does not read)."""
    if document.kind not in ("pdf", "image"):
        if not document.pages_file:
            if document.kind == "ofd":
                raise redaction.RedactionError(redaction.ofd_unmarkable(document.name))
            if not redaction.office_available():
                raise redaction.RedactionError(redaction.office_missing(document.name))
            raise redaction.RedactionError(
                f"“{document.name}”未能转换为页面，不能在系统中遮盖；请另存为 PDF 后作为答复材料上传，再进行遮盖"
            )
        with document.pages_file.open("rb") as stream:
            data: bytes = stream.read()
        return data
    with document.file.open("rb") as stream:
        content: bytes = stream.read()
    return content


# --- attaching ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Attached:
    document: CaseDocument
    note: str  # what the clerk should know: metadata removed, pages not made for marking, ...


def attach_document(
    *, acting_user: User, application: Application, filename: str, content: bytes, version: int | None = None
) -> Attached:
    """Attach a document that answers the case. Checked (type from content, size, pictures
    cleaned) and, for a DOCX or XLSX, converted to pages for marking, before any lock; then the
    row and its event in one durable transaction (the written files are deleted if it fails)."""
    app = Application.objects.select_related("agency").get(pk=application.pk)
    require_staff(acting_user, app.agency, refusal="您不是本机关的工作人员，不能办理此申请")
    if version is not None and app.version != version:
        raise ActionError(CASE_STALE, "conflict")
    try:
        checked = check_file(filename, content, max_bytes=settings.GONGKAI_ATTACHMENT_MAX_BYTES)
    except AttachmentError as error:
        raise ActionError(str(error)) from error
    notes = [STRIPPED_NOTE] if STRIPPED_NOTE in checked.note else []
    pages: bytes | None = None
    count = 0
    try:
        pages = redaction.to_pdf(checked.kind.value, checked.name, checked.content)
        count = redaction.page_count(pages if pages is not None else checked.content)
    except redaction.RedactionError as error:
        notes.append(f"该材料可以提供，但不能在系统中遮盖：{error}")
    document = CaseDocument(
        application=app,
        name=checked.name,
        kind=checked.kind.value,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        page_count=count,
        uploaded_by=acting_user,
    )
    storage = document.file.storage
    written: list[str] = []
    try:
        document.file.save(checked.name, ContentFile(checked.content), save=False)
        written.append(document.file.name or "")
        if pages is not None:
            document.pages_file.save("pages.pdf", ContentFile(pages), save=False)
            written.append(document.pages_file.name or "")
        with transaction.atomic(durable=True):
            locked = _lock_case(app, version, acting_user, "添加答复材料")
            existing = list(locked.documents.all())
            if len(existing) >= MAX_DOCUMENTS:
                raise ActionError(f"每件申请最多{MAX_DOCUMENTS}份答复材料", "conflict")
            same = next((d for d in existing if d.sha256 == checked.sha256), None)
            if same is not None:
                raise ActionError(f"该文件已作为答复材料“{same.name}”添加过", "conflict")
            document.application = locked
            document.position = max((d.position for d in existing), default=0) + 1
            document.save()
            _bump(locked)
            _event(
                locked,
                EventKind.DOCUMENT_ADDED,
                acting_user,
                document=checked.name,
                size=checked.size,
                page_count=count,
            )
    except BaseException:
        for name in written:
            storage.delete(name)
        raise
    return Attached(document, "；".join(notes))


@state_change
def remove_document(*, acting_user: User, document: CaseDocument, version: int | None = None) -> None:
    """Remove a document (and its redacted file) before the reply is issued."""
    row = _lock_document(document, version, acting_user, "删除答复材料")
    app = row.application
    files = [f.name for f in (row.file, row.pages_file, row.redacted) if f]
    storage, name = row.file.storage, row.name
    row.delete()
    _bump(app)
    _event(app, EventKind.DOCUMENT_REMOVED, acting_user, document=name)
    transaction.on_commit(lambda: [storage.delete(f) for f in files])


@state_change
def set_delivered(
    *, acting_user: User, document: CaseDocument, delivered: bool, version: int | None = None
) -> CaseDocument:
    """Whether the applicant gets this document (a document withheld whole is kept, not sent)."""
    row = _lock_document(document, version, acting_user, "调整提供范围")
    if row.delivered == delivered:
        raise ActionError("该材料已是此状态", "conflict")
    row.delivered = delivered
    _bump(row)
    _event(
        row.application,
        EventKind.DOCUMENT_DELIVERY,
        acting_user,
        "提供给申请人" if delivered else "不提供给申请人",
        document=row.name,
        delivered=delivered,
    )
    return row


# --- marking ----------------------------------------------------------------------------------------


def _check_ground(basis: str) -> None:
    if basis not in GROUNDS:
        raise ActionError("请选择遮盖的法律依据（《条例》第十四条、第十五条或第十六条）")


@state_change
def add_marks(
    *,
    acting_user: User,
    document: CaseDocument,
    marks: list[redaction.Mark],
    basis: str,
    how: str = "box",
    version: int | None = None,
) -> CaseDocument:
    """Mark areas of the document's pages to be blacked out, on `basis` (a code of GROUNDS)."""
    _check_ground(basis)
    if not marks:
        raise ActionError("请标出要遮盖的区域")
    row = _lock_document(document, version, acting_user, "遮盖")
    if row.page_count == 0:
        raise ActionError(f"“{row.name}”不能在系统中遮盖（没有可显示的页面）")
    for mark in marks:
        if not 1 <= mark.page <= row.page_count:
            raise ActionError(f"“{row.name}”共{row.page_count}页，没有第{mark.page}页")
        box = mark.box
        if box.x1 - box.x0 < 0.002 or box.y1 - box.y0 < 0.002:
            raise ActionError("遮盖区域太小：请框选要遮盖的文字或图片")
    added = []
    for mark in marks:
        row.last_mark += 1
        added.append(
            {"id": row.last_mark, "page": mark.page, "box": mark.box.as_list(), "basis": basis, "how": how}
        )
    row.marks = [*row.marks, *added]
    _bump(row)
    pages = sorted({m.page for m in marks})
    _event(
        row.application,
        EventKind.REDACTION_MARKED,
        acting_user,
        ground_label(basis),
        document=row.name,
        marks=len(added),
        pages=pages,
        how="按文字遮盖" if how == "text" else "框选",
        basis=basis,
    )
    return row


def mark_text(
    *, acting_user: User, document: CaseDocument, text: str, basis: str, version: int | None = None
) -> CaseDocument:
    """Mark every occurrence of `text` on every page (pdfium's text search), on `basis`."""
    _check_ground(basis)
    needle = text.strip()
    if len(needle) < 2:
        raise ActionError("请输入要遮盖的文字（至少2个字符），如姓名、身份证号码")
    try:
        found = redaction.find_text(pages_content(document), needle)
    except redaction.RedactionError as error:
        raise ActionError(str(error)) from error
    if not found:
        raise ActionError(
            f"未在“{document.name}”的文字中找到“{needle}”。扫描件和图片没有文字层，请在页面上框选要遮盖的区域"
        )
    return add_marks(
        acting_user=acting_user, document=document, marks=found, basis=basis, how="text", version=version
    )


@state_change
def remove_mark(
    *, acting_user: User, document: CaseDocument, mark_id: int, version: int | None = None
) -> CaseDocument:
    row = _lock_document(document, version, acting_user, "取消遮盖")
    mark = next((m for m in row.marks if m.get("id") == mark_id), None)
    if mark is None:
        raise ActionError("该遮盖已被取消", "conflict")
    row.marks = [m for m in row.marks if m.get("id") != mark_id]
    _bump(row)
    _event(
        row.application,
        EventKind.REDACTION_UNMARKED,
        acting_user,
        ground_label(mark["basis"]) if mark.get("basis") in GROUNDS else "",
        document=row.name,
        pages=[mark["page"]],
    )
    return row


def marks_of(document: CaseDocument, page: int | None = None) -> list[redaction.Mark]:
    return [
        redaction.Mark(int(m["page"]), redaction.Box(*(float(v) for v in m["box"])))
        for m in document.marks
        if page is None or m["page"] == page
    ]


def apply_redaction(*, acting_user: User, document: CaseDocument, version: int) -> CaseDocument:
    """Make the delivered file for the marks as they stand at `version`: rendered outside any lock
    (it takes a moment a page), stored in one durable transaction that refuses (409) if the marks
    changed meanwhile."""
    fresh = CaseDocument.objects.select_related("application__agency").get(pk=document.pk)
    require_staff(acting_user, fresh.application.agency, refusal="您不是本机关的工作人员，不能办理此申请")
    if fresh.version != version:
        raise ActionError(DOCUMENT_STALE, "conflict")
    if not fresh.marks:
        raise ActionError("该材料没有遮盖区域，无需生成遮盖后的文件", "conflict")
    try:
        pdf = redaction.redact(pages_content(fresh), marks_of(fresh))
    except redaction.RedactionError as error:
        raise ActionError(str(error)) from error
    storage = fresh.redacted.storage
    fresh.redacted.save("redacted.pdf", ContentFile(pdf), save=False)
    written = fresh.redacted.name or ""
    try:
        with transaction.atomic(durable=True):
            row = _lock_document(fresh, version, acting_user, "生成遮盖后的文件")
            old = row.redacted.name if row.redacted else ""
            row.redacted = written
            row.redacted_sha256 = hashlib.sha256(pdf).hexdigest()
            row.redacted_version = row.version
            row.save()
            _event(
                row.application,
                EventKind.REDACTION_APPLIED,
                acting_user,
                redaction.REDACTED_NOTE,
                document=row.name,
                marks=len(row.marks),
                page_count=row.page_count,
            )
            if old:
                transaction.on_commit(lambda: storage.delete(old))
    except BaseException:
        storage.delete(written)
        raise
    return row
