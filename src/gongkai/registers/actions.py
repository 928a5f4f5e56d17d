"""Every change to the table 二 registers, each one durable transaction with one RegisterEvent.

A change that is not allowed (no right to act, bad dates, a duplicate, a 规章 from an agency
that cannot make 规章) raises ActionError with a message for the clerk and changes nothing.
Each public action runs in `state_change` (a durable transaction): calling one inside another
transaction fails loudly. A duplicate is caught in a savepoint and answered as a conflict.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import AnonymousUser, User
from django.db import IntegrityError, transaction

from gongkai.agencies import permissions
from gongkai.agencies.models import Agency
from gongkai.core.actions import ActionError, lock_versioned, state_change
from gongkai.core.time import today

from .models import (
    Cleanup,
    CleanupDecision,
    CleanupOutcome,
    Decision,
    DecisionKind,
    DocumentKind,
    DocumentStatus,
    FeeCollection,
    Matter,
    MatterKind,
    NormativeDocument,
    Procurement,
    RegisterEvent,
    RegisterEventKind,
)

RULES_FORBIDDEN = "{agency}无权制定规章（只有国务院部门、省级人民政府和设区的市级人民政府可以制定规章），请登记为行政规范性文件"


def require_staff(user: User | AnonymousUser | None, agency: Agency) -> None:
    """Only the agency's own staff change its registers; 上级监督 reads and never acts."""
    if user is None or not user.is_authenticated:
        raise ActionError("请先登录", "forbidden")
    permissions.require_staff(user, agency, refusal=f"您不是{agency.name}的工作人员，不能修改其登记簿")


def rules_allowed(agency: Agency, kind: str) -> None:
    if kind == DocumentKind.RULES and not agency.may_make_rules:
        raise ActionError(RULES_FORBIDDEN.format(agency=agency.name), "forbidden")


def _not_future(day: dt.date, what: str) -> None:
    if day > today():
        raise ActionError(f"{what}（{day.isoformat()}）不能晚于今天")


def record_event(
    agency: Agency,
    kind: RegisterEventKind,
    actor: User,
    summary: str,
    *,
    on: dt.date | None = None,
    reason: str = "",
    **data: Any,
) -> None:
    """One line of the registers' history; `on` is the business date the clerk gave (the day a
    document was published, a matter delisted), `reason` the clerk's why (a repeal's reason)."""
    RegisterEvent.objects.create(
        agency=agency,
        kind=kind,
        actor=actor,
        summary=summary[:300],
        on=on,
        reason=reason,
        data={k: (v.isoformat() if isinstance(v, dt.date) else str(v)) for k, v in data.items()},
    )


def _text(value: str, what: str) -> str:
    value = value.strip()
    if not value:
        raise ActionError(f"请填写{what}")
    return value


# --- normative documents (Art. 20 (一)) ------------------------------------------------------


@state_change
def register_document(
    *,
    acting_user: User,
    agency: Agency,
    kind: str,
    title: str,
    doc_number: str,
    made_on: dt.date,
    published_on: dt.date | None = None,
) -> NormativeDocument:
    require_staff(acting_user, agency)
    if kind not in DocumentKind.values:
        raise ActionError(f"文件类别“{kind}”无效，应为规章或行政规范性文件")
    rules_allowed(agency, kind)
    title, doc_number = _text(title, "文件名称"), _text(doc_number, "文号")
    _not_future(made_on, "制发日期")
    if published_on is not None:
        _not_future(published_on, "公开日期")
        if published_on < made_on:
            raise ActionError(
                f"公开日期（{published_on.isoformat()}）不能早于制发日期（{made_on.isoformat()}）"
            )
    try:
        with transaction.atomic():  # a savepoint: a duplicate 文号 leaves the transaction usable
            document = NormativeDocument.objects.create(
                agency=agency,
                kind=kind,
                title=title,
                doc_number=doc_number,
                made_on=made_on,
                published_on=published_on,
            )
    except IntegrityError:
        raise ActionError(f"文号“{doc_number}”已登记过，请勿重复登记", "conflict") from None
    record_event(
        agency, RegisterEventKind.DOCUMENT_REGISTERED, acting_user, title, on=made_on, doc_number=doc_number
    )
    return document


@state_change
def publish_document(
    *, acting_user: User, document: NormativeDocument, published_on: dt.date
) -> NormativeDocument:
    require_staff(acting_user, document.agency)
    locked = lock_versioned(NormativeDocument, document.pk, None)
    if locked.published_on is not None:
        raise ActionError(f"该文件已于{locked.published_on.isoformat()}公开", "conflict")
    _not_future(published_on, "公开日期")
    if published_on < locked.made_on:
        raise ActionError(
            f"公开日期（{published_on.isoformat()}）不能早于制发日期（{locked.made_on.isoformat()}）"
        )
    locked.published_on = published_on
    locked.save(update_fields=["published_on"])
    record_event(
        locked.agency, RegisterEventKind.DOCUMENT_PUBLISHED, acting_user, locked.title, on=published_on
    )
    return locked


def _repeal(document: NormativeDocument, on: dt.date, reason: str) -> None:
    if document.status == DocumentStatus.REPEALED:
        raise ActionError(f"《{document.title}》已于{document.repealed_on}废止", "conflict")
    if on < document.made_on:
        raise ActionError(f"废止日期（{on.isoformat()}）不能早于制发日期（{document.made_on.isoformat()}）")
    document.status = DocumentStatus.REPEALED
    document.repealed_on = on
    document.repeal_reason = reason
    document.save(update_fields=["status", "repealed_on", "repeal_reason"])


@state_change
def repeal_document(
    *, acting_user: User, document: NormativeDocument, on: dt.date, reason: str
) -> NormativeDocument:
    require_staff(acting_user, document.agency)
    reason = _text(reason, "废止原因")
    _not_future(on, "废止日期")
    locked = lock_versioned(NormativeDocument, document.pk, None)
    _repeal(locked, on, reason)
    record_event(
        locked.agency, RegisterEventKind.DOCUMENT_REPEALED, acting_user, locked.title, on=on, reason=reason
    )
    return locked


@state_change
def record_cleanup(
    *,
    acting_user: User,
    agency: Agency,
    name: str,
    decided_on: dt.date,
    decisions: Mapping[NormativeDocument, str],
    published_on: dt.date | None = None,
) -> Cleanup:
    """A clean-up campaign and its decision on each reviewed document.

    A document declared invalid (宣布失效) is repealed on the day of the clean-up decision.
    """
    require_staff(acting_user, agency)
    name = _text(name, "清理名称")
    _not_future(decided_on, "清理决定日期")
    if published_on is not None and published_on < decided_on:
        raise ActionError("公布日期不能早于清理决定日期")
    if not decisions:
        raise ActionError("请至少列出一件清理的文件")
    ids = [d.pk for d in decisions]
    locked = {d.pk: d for d in NormativeDocument.objects.select_for_update().filter(pk__in=ids)}
    cleanup = Cleanup.objects.create(
        agency=agency, name=name, decided_on=decided_on, published_on=published_on
    )
    rows = []
    for given, outcome in decisions.items():
        if outcome not in CleanupOutcome.values:
            raise ActionError(f"清理结果“{outcome}”无效，应为继续有效、修改或宣布失效")
        document = locked[given.pk]
        if document.agency_id != agency.pk:
            raise ActionError(
                f"《{document.title}》不是{agency.name}制发的文件，不能由本机关清理", "forbidden"
            )
        if document.made_on > decided_on:
            raise ActionError(f"《{document.title}》制发于清理决定之后，不能列入本次清理")
        if document.status == DocumentStatus.REPEALED:
            raise ActionError(
                f"《{document.title}》已于{document.repealed_on}废止，不能再列入清理", "conflict"
            )
        if outcome == CleanupOutcome.INVALID:
            _repeal(document, decided_on, f"经{name}宣布失效")
        rows.append(CleanupDecision(cleanup=cleanup, document=document, decision=outcome))
    CleanupDecision.objects.bulk_create(rows)
    record_event(
        agency, RegisterEventKind.CLEANUP_DECIDED, acting_user, name, on=decided_on, reviewed=len(rows)
    )
    return cleanup


# --- Art. 20 (五)(六)(八)(九) ---------------------------------------------------------------


@state_change
def list_matter(*, acting_user: User, agency: Agency, kind: str, name: str, listed_from: dt.date) -> Matter:
    require_staff(acting_user, agency)
    if kind not in MatterKind.values:
        raise ActionError(f"事项类型“{kind}”无效")
    name = _text(name, "事项名称")
    try:
        with transaction.atomic():
            matter = Matter.objects.create(agency=agency, kind=kind, name=name, listed_from=listed_from)
    except IntegrityError:
        raise ActionError(
            f"“{name}”已于{listed_from.isoformat()}列入清单，请勿重复登记", "conflict"
        ) from None
    record_event(agency, RegisterEventKind.MATTER_LISTED, acting_user, name, on=listed_from)
    return matter


@state_change
def delist_matter(*, acting_user: User, matter: Matter, on: dt.date) -> Matter:
    require_staff(acting_user, matter.agency)
    locked = lock_versioned(Matter, matter.pk, None)
    if locked.delisted_on is not None:
        raise ActionError(f"“{locked.name}”已于{locked.delisted_on.isoformat()}移出清单", "conflict")
    if on <= locked.listed_from:
        raise ActionError(f"移出日期（{on.isoformat()}）应晚于列入日期（{locked.listed_from.isoformat()}）")
    locked.delisted_on = on
    locked.save(update_fields=["delisted_on"])
    record_event(locked.agency, RegisterEventKind.MATTER_DELISTED, acting_user, locked.name, on=on)
    return locked


@state_change
def record_decision(
    *, acting_user: User, agency: Agency, kind: str, decided_on: dt.date, reference: str
) -> Decision:
    require_staff(acting_user, agency)
    if kind not in DecisionKind.values:
        raise ActionError(f"决定类型“{kind}”无效")
    reference = _text(reference, "文书编号")
    _not_future(decided_on, "决定日期")
    try:
        with transaction.atomic():
            decision = Decision.objects.create(
                agency=agency, kind=kind, decided_on=decided_on, reference=reference
            )
    except IntegrityError:
        raise ActionError(f"文书编号“{reference}”已登记过，请勿重复登记", "conflict") from None
    record_event(agency, RegisterEventKind.DECISION_RECORDED, acting_user, reference, on=decided_on)
    return decision


@state_change
def record_fee_collection(
    *, acting_user: User, agency: Agency, item: str, year: int, amount_yuan: Decimal
) -> FeeCollection:
    require_staff(acting_user, agency)
    item = _text(item, "收费项目")
    if amount_yuan < 0:
        raise ActionError("收费金额不能为负数")
    if year > today().year:
        raise ActionError(f"{year}年尚未到来，不能登记收费")
    try:
        with transaction.atomic():
            fee = FeeCollection.objects.create(agency=agency, item=item, year=year, amount=amount_yuan)
    except IntegrityError:
        raise ActionError(f"{year}年“{item}”的收费已登记过", "conflict") from None
    record_event(agency, RegisterEventKind.FEE_RECORDED, acting_user, item, year=year, amount=amount_yuan)
    return fee


@state_change
def record_procurement(
    *, acting_user: User, agency: Agency, project: str, year: int, amount_wan: Decimal
) -> Procurement:
    require_staff(acting_user, agency)
    project = _text(project, "采购项目")
    if amount_wan < 0:
        raise ActionError("采购金额不能为负数")
    if year > today().year:
        raise ActionError(f"{year}年尚未到来，不能登记采购")
    try:
        with transaction.atomic():
            row = Procurement.objects.create(agency=agency, project=project, year=year, amount=amount_wan)
    except IntegrityError:
        raise ActionError(f"{year}年“{project}”已登记过", "conflict") from None
    record_event(
        agency, RegisterEventKind.PROCUREMENT_RECORDED, acting_user, project, year=year, amount=amount_wan
    )
    return row
