"""Every state change of a catalogue item, each one transaction with one event in its history.

The sign-off chain is enforced here: steps are signed in order, each by a holder of the step's
role in the item's agency, never by the drafter; the confidentiality step fixes the disclosure
attribute and its legal ground and cannot pass while the privacy check flags personal data that
the reviewer has not confirmed, one flag at a time, as not personal data. Publication gives the
索引号 (claimed from a locked counter) and records the portal release; only 主动公开 items go into
the public search, with the text of their attachments.

Attachments are added and removed by the drafter while the item can be edited. The file is
checked (type from its content, size, text) before anything is written; the stored file is
deleted again if the row cannot be written, and a removed attachment's file only once the
removal has committed.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Collection, Iterable
from typing import Any

from django.conf import settings
from django.contrib.auth.models import User
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction

from gongkai.agencies import chains
from gongkai.agencies.counters import claim_serial
from gongkai.agencies.models import Agency, Role
from gongkai.agencies.permissions import require_staff, staff_roles
from gongkai.core.actions import ActionError, bump, lock_versioned, state_change
from gongkai.core.filecheck import AttachmentError, check_file
from gongkai.core.time import today
from gongkai.search.actions import index_document, remove_document

from .index_numbers import DEFAULT_PATTERN, IndexPatternError, format_index_number
from .models import (
    EDITABLE_STATUSES,
    GROUNDS_FOR,
    Attachment,
    Attribute,
    CatalogueItem,
    ChannelKind,
    ChannelRelease,
    Decision,
    Event,
    EventKind,
    Genre,
    IndexNumberCounter,
    IndexNumberPattern,
    LegalGround,
    Review,
    ReviewChain,
    SerialReset,
    SignOffStep,
    Status,
    Topic,
    Validity,
)
from .privacy import Flag, find_personal_data

SEARCH_KIND = "catalogue_item"
STALE_MESSAGE = "该条目已被他人修改，请刷新页面查看最新情况后再操作"
MAX_REASON_CHARS = 2000
MAX_SEARCH_ATTACHMENT_CHARS = 2_000_000

# The default 三级联签 after drafting: (label, role, confidentiality review).
DEFAULT_STEPS: tuple[tuple[str, str, bool], ...] = (
    ("科室负责人审核", Role.CLERK, False),
    ("公开办审核（含保密审查）", Role.OFFICE_HEAD, True),
    ("分管领导审核", Role.DEPUTY_LEADER, False),
    ("主要领导审批", Role.PRINCIPAL_LEADER, False),
)

DRAFT_FIELDS = (
    "title",
    "topic",
    "genre",
    "written_on",
    "doc_number",
    "validity",
    "keywords",
    "summary",
    "body",
)
CORRECTABLE_FIELDS = ("title", "doc_number", "validity", "keywords", "summary", "body")
_MAX_CHARS = {"title": 200, "doc_number": 100, "keywords": 200, "summary": 5000, "body": 200_000}
_LABELS = {"title": "名称", "doc_number": "文号", "keywords": "关键词", "summary": "内容概述", "body": "正文"}


# --- helpers -----------------------------------------------------------------------------------


def _roles(user: User | None, agency: Agency) -> set[str]:
    return staff_roles(user, agency)


def _require(user: User | None, agency: Agency, *roles: str) -> None:
    require_staff(user, agency, *roles, refusal="您不是本机关的工作人员，不能办理此条目")


def _lock(item: CatalogueItem, version: int | None) -> CatalogueItem:
    return lock_versioned(CatalogueItem, item.pk, version, STALE_MESSAGE)


def _expect(item: CatalogueItem, allowed: Iterable[str], doing: str) -> None:
    if item.status not in set(allowed):
        raise ActionError(f"条目当前状态为“{item.get_status_display()}”，不能{doing}", "conflict")


def _reason(reason: str, doing: str) -> str:
    text = (reason or "").strip()
    if not text:
        raise ActionError(f"{doing}须填写理由")
    if len(text) > MAX_REASON_CHARS:
        raise ActionError(f"理由不能超过{MAX_REASON_CHARS}个字")
    return text


def _event(item: CatalogueItem, kind: EventKind, actor: User | None, reason: str = "", **data: Any) -> Event:
    return Event.objects.create(
        item=item,
        kind=kind,
        actor=actor if actor is not None and actor.is_authenticated else None,
        on=today(),
        reason=reason,
        data={k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()},
    )


def _save(item: CatalogueItem) -> None:
    bump(item)
    item.save()


def _clean_fields(values: dict[str, Any]) -> dict[str, Any]:
    """Checked draft fields; raises ActionError with the first problem a clerk can fix."""
    cleaned: dict[str, Any] = {}
    for name, value in values.items():
        if name == "topic":
            if value not in Topic.values:
                raise ActionError("请选择主题分类")
        elif name == "genre":
            if value not in Genre.values:
                raise ActionError("请选择体裁")
        elif name == "validity":
            if value not in Validity.values:
                raise ActionError("请选择有效性")
        elif name == "written_on":
            if not isinstance(value, dt.date):
                raise ActionError("请填写成文日期")
            if value > today():
                raise ActionError(f"成文日期（{value.isoformat()}）不能晚于今天")
        else:
            value = str(value or "").replace("\x00", "").strip()
            if len(value) > _MAX_CHARS[name]:
                raise ActionError(f"{_LABELS[name]}不能超过{_MAX_CHARS[name]}个字")
        cleaned[name] = value
    if "title" in cleaned and not cleaned["title"]:
        raise ActionError("请填写名称")
    return cleaned


STEP_FIELDS = ("label", "role", "confidentiality_review")


def default_steps() -> list[dict[str, Any]]:
    return [dict(zip(STEP_FIELDS, (label, str(role), c), strict=True)) for label, role, c in DEFAULT_STEPS]


def chain_steps(agency: Agency) -> list[dict[str, Any]]:
    """The agency's configured chain, or the default when it has none (or an empty one)."""
    return chains.chain_steps(SignOffStep, agency, STEP_FIELDS) or default_steps()


def install_default_chain(agency: Agency) -> ReviewChain:
    """Write the default chain as rows an administrator can then change (idempotent)."""
    chain = chains.install_default_chain(ReviewChain, SignOffStep, agency, default_steps())
    assert isinstance(chain, ReviewChain)
    return chain


def privacy_flags(item: CatalogueItem) -> list[tuple[str, Flag]]:
    """Personal data the privacy check finds in what would be published: (where, flag), the
    fields first, then each attachment's name and extracted text."""
    found: list[tuple[str, Flag]] = []
    for name in ("title", "summary", "keywords", "body"):
        found.extend((_LABELS[name], flag) for flag in find_personal_data(getattr(item, name)))
    for attachment in item.attachments.all():
        where = f"附件“{attachment.name}”"
        found.extend((f"{where}的文件名", flag) for flag in find_personal_data(attachment.name))
        found.extend((where, flag) for flag in find_personal_data(attachment.text))
    return found


def manual_checks(item: CatalogueItem) -> list[tuple[str, str]]:
    """What the privacy check could not read (images, scanned pages, pictures in a document):
    (key, description). The confidentiality reviewer confirms each key after looking at it."""
    return [
        (f"attachment:{a.sha256}", f"附件“{a.name}”：{a.text_note}")
        for a in item.attachments.all()
        if a.text_note
    ]


# --- drafting ----------------------------------------------------------------------------------


@state_change
def create_draft(
    *,
    acting_user: User,
    agency: Agency,
    title: str,
    topic: str,
    genre: str,
    written_on: dt.date,
    doc_number: str = "",
    validity: str = Validity.VALID,
    keywords: str = "",
    summary: str = "",
    body: str = "",
) -> CatalogueItem:
    _require(acting_user, agency, Role.CLERK)
    fields = _clean_fields(
        {
            "title": title,
            "topic": topic,
            "genre": genre,
            "written_on": written_on,
            "doc_number": doc_number,
            "validity": validity,
            "keywords": keywords,
            "summary": summary,
            "body": body,
        }
    )
    item = CatalogueItem.objects.create(agency=agency, drafted_by=acting_user, status=Status.DRAFT, **fields)
    _event(item, EventKind.CREATED, acting_user)
    return item


@state_change
def edit_draft(
    *, acting_user: User, item: CatalogueItem, version: int | None = None, **changes: Any
) -> CatalogueItem:
    unknown = set(changes) - set(DRAFT_FIELDS)
    if unknown:
        raise ActionError(f"不能修改这些字段：{'、'.join(sorted(unknown))}")
    item = _lock(item, version)
    _require(acting_user, item.agency, Role.CLERK)
    if item.drafted_by_id != acting_user.pk:
        raise ActionError("只有起草人可以修改草稿", "forbidden")
    _expect(item, EDITABLE_STATUSES, "修改")
    cleaned = _clean_fields(changes)
    changed = sorted(name for name, value in cleaned.items() if getattr(item, name) != value)
    for name, value in cleaned.items():
        setattr(item, name, value)
    _save(item)
    _event(item, EventKind.EDITED, acting_user, fields=changed)
    return item


@state_change
def submit_for_review(*, acting_user: User, item: CatalogueItem, version: int | None = None) -> CatalogueItem:
    item = _lock(item, version)
    _require(acting_user, item.agency, Role.CLERK)
    if item.drafted_by_id != acting_user.pk:
        raise ActionError("只有起草人可以送审", "forbidden")
    _expect(item, EDITABLE_STATUSES, "送审")
    if not item.summary.strip() and not item.body.strip():
        raise ActionError("送审前请填写内容概述或正文")
    item.steps = chain_steps(item.agency)
    item.review_round += 1
    item.steps_done = 0
    item.status = Status.IN_REVIEW
    _save(item)
    _event(item, EventKind.SUBMITTED, acting_user, review_round=item.review_round)
    return item


# --- attachments -------------------------------------------------------------------------------


def _check_attaching(item: CatalogueItem, user: User, doing: str) -> None:
    _require(user, item.agency, Role.CLERK)
    if item.drafted_by_id != user.pk:
        raise ActionError(f"只有起草人可以{doing}", "forbidden")
    _expect(item, EDITABLE_STATUSES, doing)


def add_attachment(
    *, acting_user: User, item: CatalogueItem, filename: str, content: bytes, version: int | None = None
) -> Attachment:
    """Attach a file (PDF, DOCX, XLSX or an image) to a draft: its type is read from its content,
    its text extracted for the privacy check and search. One event; the item's version moves on.

    Not one transaction around everything: the file is checked first, outside any lock, then
    written, then the row in one durable transaction (like every action, never nested in another);
    if that transaction fails the written file is deleted. (Should the server stop between writing
    the file and committing the row, the file stays until `manage.py prune_attachment_files`.)"""
    fresh = CatalogueItem.objects.select_related("agency").get(pk=item.pk)
    if version is not None and fresh.version != version:
        raise ActionError(STALE_MESSAGE, "conflict")
    _check_attaching(fresh, acting_user, "添加附件")  # refuse before reading the file
    limit: int = settings.GONGKAI_ATTACHMENTS_PER_ITEM
    if fresh.attachments.count() >= limit:
        raise ActionError(f"每个条目最多{limit}个附件", "conflict")
    try:
        checked = check_file(filename, content, max_bytes=settings.GONGKAI_ATTACHMENT_MAX_BYTES)
    except AttachmentError as error:
        raise ActionError(str(error)) from error
    attachment = Attachment(
        item=fresh,
        name=checked.name,
        kind=checked.kind.value,
        content_type=checked.content_type,
        size=checked.size,
        sha256=checked.sha256,
        text=checked.text,
        text_note=checked.note[:300],
        uploaded_by=acting_user,
    )
    attachment.file.save(checked.name, ContentFile(checked.content), save=False)
    stored = attachment.file.name
    try:
        with transaction.atomic(durable=True):
            locked = _lock(item, version)
            _check_attaching(locked, acting_user, "添加附件")
            existing = list(locked.attachments.all())
            if len(existing) >= limit:
                raise ActionError(f"每个条目最多{limit}个附件", "conflict")
            same = next((a for a in existing if a.sha256 == checked.sha256), None)
            if same is not None:
                raise ActionError(f"该文件已作为附件“{same.name}”上传过", "conflict")
            attachment.item = locked
            attachment.position = max((a.position for a in existing), default=0) + 1
            attachment.save()
            _save(locked)
            _event(
                locked,
                EventKind.ATTACHED,
                acting_user,
                name=checked.name,
                size=checked.size,
                attachment_kind=checked.kind.value,
            )
    except BaseException:
        attachment.file.storage.delete(stored)
        raise
    return attachment


@state_change
def remove_attachment(*, acting_user: User, attachment: Attachment, version: int | None = None) -> None:
    """Remove an attachment from a draft; its file is deleted once the removal has committed."""
    item = _lock(attachment.item, version)
    _check_attaching(item, acting_user, "删除附件")
    row = Attachment.objects.filter(pk=attachment.pk, item=item).first()
    if row is None:
        raise ActionError("该附件已被删除", "conflict")
    storage, stored, name = row.file.storage, row.file.name, row.name
    row.delete()
    _save(item)
    _event(item, EventKind.DETACHED, acting_user, name=name)
    if stored:
        transaction.on_commit(lambda: storage.delete(stored))


# --- the chain ---------------------------------------------------------------------------------


def _check_signer(item: CatalogueItem, user: User, step_number: int) -> dict[str, Any]:
    """The step the user may sign now, or ActionError saying why not."""
    held = _roles(user, item.agency)
    if not held:
        raise ActionError("您不是本机关的工作人员，不能审核此条目", "forbidden")
    _expect(item, [Status.IN_REVIEW], "审核")
    if item.drafted_by_id == user.pk:
        raise ActionError("起草人不能审核自己起草的条目", "forbidden")
    step = chains.step_to_sign(
        item.steps, item.steps_done, step_number, held, verb="审核", done="已审核", signs="审核"
    )
    if Review.objects.filter(item=item, review_round=item.review_round, actor=user).exists():
        raise ActionError("同一人不能在一轮审核中签署两个环节", "forbidden")
    return step


def signable_step(user: User, item: CatalogueItem) -> int | None:
    """The step number the user may sign (or send back) now, or None: what the item page offers."""
    if item.status != Status.IN_REVIEW:
        return None
    try:
        _check_signer(item, user, item.steps_done + 1)
    except ActionError:
        return None
    return item.steps_done + 1


@state_change
def approve_step(
    *,
    acting_user: User,
    item: CatalogueItem,
    step: int,
    attribute: str = "",
    legal_ground: str = "",
    legal_ground_text: str = "",
    confirmed_not_personal: Collection[str] = (),
    reason: str = "",
    version: int | None = None,
) -> CatalogueItem:
    """Sign step number `step` (1-based). On the confidentiality step give the attribute, its
    ground and the key of every privacy flag confirmed as not personal data."""
    item = _lock(item, version)
    current = _check_signer(item, acting_user, step)
    data: dict[str, Any] = {}
    if current["confidentiality_review"]:
        if attribute not in Attribute.values:
            raise ActionError("保密审查须确定公开属性（主动公开、依申请公开或不予公开）")
        if legal_ground not in LegalGround.values:
            raise ActionError("保密审查须选择公开属性的依据")
        if LegalGround(legal_ground) not in GROUNDS_FOR[Attribute(attribute)]:
            raise ActionError(
                f"“{LegalGround(legal_ground).label}”不能作为“{Attribute(attribute).label}”的依据"
            )
        ground_text = (legal_ground_text or "").strip()
        if attribute != Attribute.PROACTIVE and not ground_text:
            raise ActionError(f"确定为{Attribute(attribute).label}的，须写明依据说明")
        confirmed = set(confirmed_not_personal)
        unconfirmed = [(label, f) for label, f in privacy_flags(item) if f.key not in confirmed]
        unread = [text for key, text in manual_checks(item) if key not in confirmed]
        problems: list[str] = []
        if unconfirmed:
            listed = "；".join(f"{label}中的{f.label}“{f.text}”" for label, f in unconfirmed[:5])
            more = f"等{len(unconfirmed)}处" if len(unconfirmed) > 5 else ""
            problems.append(f"个人信息核查发现{listed}{more}：请删除或处理后再审核，或逐项确认不属于个人信息")
        if unread:
            problems.append(f"{'；'.join(unread)}。请人工查看后确认不含个人信息")
        if problems:
            raise ActionError("。".join(problems), "invalid")
        item.attribute = attribute
        item.legal_ground = legal_ground
        item.legal_ground_text = ground_text
        data = {
            "attribute": attribute,
            "legal_ground": legal_ground,
            "legal_ground_text": ground_text,
            "confirmed_not_personal": sorted(set(confirmed_not_personal)),
        }
    Review.objects.create(
        item=item,
        review_round=item.review_round,
        step_index=step,
        step_label=current["label"],
        actor=acting_user,
        decision=Decision.APPROVE,
        reason=(reason or "").strip()[:MAX_REASON_CHARS],
        data=data,
    )
    item.steps_done = step
    if item.steps_done == len(item.steps):
        item.status = Status.APPROVED
    _save(item)
    _event(
        item,
        EventKind.APPROVED,
        acting_user,
        reason=(reason or "").strip(),
        step=step,
        label=current["label"],
        **data,
    )
    return item


@state_change
def return_to_drafter(
    *, acting_user: User, item: CatalogueItem, reason: str, version: int | None = None
) -> CatalogueItem:
    """The signer of the current step sends the item back; the next submission starts the chain again."""
    item = _lock(item, version)
    _expect(item, [Status.IN_REVIEW], "退回")
    step = item.steps_done + 1
    current = _check_signer(item, acting_user, step)
    text = _reason(reason, "退回")
    Review.objects.create(
        item=item,
        review_round=item.review_round,
        step_index=step,
        step_label=current["label"],
        actor=acting_user,
        decision=Decision.RETURN,
        reason=text,
    )
    item.status = Status.RETURNED
    _save(item)
    _event(item, EventKind.RETURNED, acting_user, reason=text, step=step, label=current["label"])
    return item


# --- publication -------------------------------------------------------------------------------


def next_index_number(agency: Agency, on: dt.date) -> str:
    """Claim and format the agency's next 索引号 (call inside the publishing transaction)."""
    config = IndexNumberPattern.objects.filter(agency=agency).first()
    pattern = config.pattern if config else DEFAULT_PATTERN
    yearly = config is None or config.reset == SerialReset.YEARLY
    try:
        format_index_number(pattern, org_code=agency.org_code, year=on.year, serial=1, resets_yearly=yearly)
        serial = claim_serial(IndexNumberCounter, agency, on.year if yearly else 0)
        return format_index_number(
            pattern, org_code=agency.org_code, year=on.year, serial=serial, resets_yearly=yearly
        )
    except IndexPatternError as error:
        raise ActionError(f"无法生成索引号：{error}") from error


def _search_extra_text(item: CatalogueItem) -> str:
    """What is searched but not shown: 索引号, 文号, 关键词, and the attachments' names and text
    (at most MAX_SEARCH_ATTACHMENT_CHARS characters of it)."""
    parts = [item.index_number or "", item.doc_number, item.keywords]
    budget = MAX_SEARCH_ATTACHMENT_CHARS
    for attachment in item.attachments.all():
        text = f"{attachment.name}\n{attachment.text}"[: max(budget, 0)]
        budget -= len(text)
        parts.append(text)
    return "\n".join(part for part in parts if part)


def _index_for_search(item: CatalogueItem) -> None:
    if item.status == Status.PUBLISHED and item.attribute == Attribute.PROACTIVE:
        index_document(
            SEARCH_KIND,
            item.pk,
            title=item.title,
            body="\n".join(part for part in (item.summary, item.body) if part),
            extra_text=_search_extra_text(item),
            agency_id=item.agency_id,
            published_on=item.published_on,
        )
    else:
        remove_document(SEARCH_KIND, item.pk)


@state_change
def publish(*, acting_user: User, item: CatalogueItem, version: int | None = None) -> CatalogueItem:
    item = _lock(item, version)
    _require(acting_user, item.agency, Role.CLERK, Role.OFFICE_HEAD)
    if item.status == Status.IN_REVIEW:
        left = len(item.steps) - item.steps_done
        raise ActionError(f"审核尚未完成（还有{left}个环节），不能发布", "conflict")
    _expect(item, [Status.APPROVED], "发布")
    if item.attribute == Attribute.WITHHELD:
        raise ActionError("该条目经保密审查确定为不予公开，不能发布", "conflict")
    on = today()
    item.index_number = next_index_number(item.agency, on)
    item.published_on = on
    item.status = Status.PUBLISHED
    try:
        with transaction.atomic():
            _save(item)
    except IntegrityError as error:
        raise ActionError(
            f"索引号“{item.index_number}”已被使用，请检查本机关的索引号格式", "conflict"
        ) from error
    ChannelRelease.objects.create(item=item, channel=ChannelKind.PORTAL, released_on=on)
    _index_for_search(item)
    _event(item, EventKind.PUBLISHED, acting_user, index_number=item.index_number, published_on=on)
    return item


@state_change
def record_release(
    *, acting_user: User, item: CatalogueItem, channel: str, released_on: dt.date, version: int | None = None
) -> ChannelRelease:
    """The item was also released on another channel (website, WeChat, Weibo, ...)."""
    item = _lock(item, version)
    _require(acting_user, item.agency, Role.CLERK, Role.OFFICE_HEAD)
    _expect(item, [Status.PUBLISHED], "登记发布渠道")
    if channel not in ChannelKind.values:
        raise ActionError("请选择发布渠道")
    assert item.published_on is not None
    if released_on < item.published_on or released_on > today():
        raise ActionError(
            f"渠道发布日期（{released_on.isoformat()}）须在发布日期（{item.published_on.isoformat()}）与今天之间"
        )
    if ChannelRelease.objects.filter(item=item, channel=channel).exists():
        raise ActionError(f"已登记过在“{ChannelKind(channel).label}”发布", "conflict")
    release = ChannelRelease.objects.create(item=item, channel=channel, released_on=released_on)
    _save(item)
    _event(item, EventKind.RELEASED, acting_user, channel=channel, released_on=released_on)
    return release


@state_change
def correct_published(
    *, acting_user: User, item: CatalogueItem, reason: str, version: int | None = None, **changes: Any
) -> CatalogueItem:
    """Correct a published item; the public page shows the reason as its correction note.
    The 索引号 and the publication date stay as they were."""
    unknown = set(changes) - set(CORRECTABLE_FIELDS)
    if unknown:
        raise ActionError(f"发布后不能更正这些字段：{'、'.join(sorted(unknown))}")
    item = _lock(item, version)
    _require(acting_user, item.agency, Role.CLERK, Role.OFFICE_HEAD)
    _expect(item, [Status.PUBLISHED], "更正")
    _refuse_if_signed_elsewhere(item, "更正")
    text = _reason(reason, "更正")
    cleaned = _clean_fields(changes)
    before = {name: getattr(item, name) for name, value in cleaned.items() if getattr(item, name) != value}
    for name, value in cleaned.items():
        setattr(item, name, value)
    item.correction_note = text
    item.corrected_on = today()
    _save(item)
    _index_for_search(item)
    _event(item, EventKind.CORRECTED, acting_user, reason=text, fields=sorted(before), before=before)
    return item


@state_change
def withdraw(
    *, acting_user: User, item: CatalogueItem, reason: str, version: int | None = None
) -> CatalogueItem:
    """Take a published item down (its 索引号 is kept and never given again)."""
    item = _lock(item, version)
    _require(acting_user, item.agency, Role.OFFICE_HEAD)
    _expect(item, [Status.PUBLISHED], "撤回")
    _refuse_if_signed_elsewhere(item, "撤回")
    text = _reason(reason, "撤回")
    item.status = Status.WITHDRAWN
    item.withdrawal_reason = text
    _save(item)
    _index_for_search(item)
    _event(item, EventKind.WITHDRAWN, acting_user, reason=text)
    return item


# --- items signed elsewhere ---------------------------------------------------------------------


def _refuse_if_signed_elsewhere(item: CatalogueItem, doing: str) -> None:
    """An item published for another record (an annual report) changes only there: its content is
    that record's, which is immutable once published (a correction is a new item)."""
    signed = (
        item.events.filter(kind=EventKind.PUBLISHED, data__has_key="signed_elsewhere")
        .values_list("data", flat=True)
        .first()
    )
    if signed is not None:
        raise ActionError(
            f"该条目随{str(signed['signed_elsewhere']).split('（')[0]}发布，不能在公开目录中{doing}；"
            "如有错误，请在原处起草更正版本",
            "conflict",
        )


SIGNED_ELSEWHERE_STEP = "signed_elsewhere"


def publish_signed_elsewhere(
    *,
    acting_user: User,
    agency: Agency,
    title: str,
    topic: str,
    genre: str,
    written_on: dt.date,
    summary: str,
    body: str,
    keywords: str,
    files: Collection[tuple[str, bytes]],
    signed_by: str,
    legal_ground_text: str = "",
    correction_note: str = "",
) -> CatalogueItem:
    """Publish at once, as 主动公开, an item whose sign-off happened in another record (the
    annual report's own chain, `signed_by` says which): no review here, the 索引号 from the
    agency's normal counter, the portal release recorded, the files attached, the item in the
    search, one event (发布).

    Its own durable transaction when called alone; called inside another action's transaction
    (the report's publication) it is a part of that one, so the report and its catalogue item
    are published together or not at all. The files are checked as uploads are and written
    before the rows; a failure inside this function deletes them again (should the caller's
    transaction roll back later, `manage.py prune_attachment_files` removes them).
    """
    joined = transaction.get_connection().in_atomic_block
    with contextlib.nullcontext() if joined else transaction.atomic(durable=True):
        return _signed_elsewhere(
            acting_user=acting_user,
            agency=agency,
            fields={
                "title": title,
                "topic": topic,
                "genre": genre,
                "written_on": written_on,
                "summary": summary,
                "body": body,
                "keywords": keywords,
            },
            files=files,
            signed_by=signed_by,
            legal_ground_text=legal_ground_text,
            correction_note=correction_note,
        )


def _signed_elsewhere(
    *,
    acting_user: User,
    agency: Agency,
    fields: dict[str, Any],
    files: Collection[tuple[str, bytes]],
    signed_by: str,
    legal_ground_text: str,
    correction_note: str,
) -> CatalogueItem:
    _require(acting_user, agency, Role.CLERK, Role.OFFICE_HEAD)
    cleaned = _clean_fields(fields)
    if not signed_by.strip():
        raise ActionError("须说明该条目在何处审签")
    checked = []
    for name, content in files:
        try:
            checked.append(check_file(name, content, max_bytes=settings.GONGKAI_ATTACHMENT_MAX_BYTES))
        except AttachmentError as error:
            raise ActionError(str(error)) from error
    on = today()
    item = CatalogueItem(
        agency=agency,
        drafted_by=acting_user,
        attribute=Attribute.PROACTIVE,
        legal_ground=LegalGround.ART20,
        legal_ground_text=legal_ground_text,
        status=Status.PUBLISHED,
        published_on=on,
        correction_note=correction_note.strip(),
        corrected_on=on if correction_note.strip() else None,
        **cleaned,
    )
    item.index_number = next_index_number(agency, on)
    stored: list[Attachment] = []
    try:
        try:
            with transaction.atomic():
                item.save()
        except IntegrityError as error:
            raise ActionError(
                f"索引号“{item.index_number}”已被使用，请检查本机关的索引号格式", "conflict"
            ) from error
        for position, found in enumerate(checked, start=1):
            attachment = Attachment(
                item=item,
                name=found.name,
                kind=found.kind.value,
                content_type=found.content_type,
                size=found.size,
                sha256=found.sha256,
                text=found.text,
                text_note=found.note[:300],
                uploaded_by=acting_user,
                position=position,
            )
            attachment.file.save(found.name, ContentFile(found.content), save=False)
            stored.append(attachment)
            attachment.save()
        ChannelRelease.objects.create(item=item, channel=ChannelKind.PORTAL, released_on=on)
        _index_for_search(item)
        _event(
            item,
            EventKind.PUBLISHED,
            acting_user,
            index_number=item.index_number,
            published_on=on,
            signed_elsewhere=signed_by.strip(),
            attachments=[a.name for a in stored],
        )
    except BaseException:
        for attachment in stored:
            attachment.file.storage.delete(attachment.file.name)
        raise
    return item
