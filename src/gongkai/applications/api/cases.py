"""/api/cases: the caller's cases, one case with its clock and timeline, and one endpoint per action.

Reads start from selectors.visible_applications, so a case the caller may not read is a 404
exactly like a case that does not exist. Actions go through gongkai.applications.actions; before
calling one, the endpoint checks that the caller works in the case's agency (403 otherwise: a
supervisor reads, never acts) and, that the case is still at the version the caller read (409
otherwise; the action checks it again under its row lock).
"""

from __future__ import annotations

import functools
import inspect
import typing
from collections.abc import Callable
from typing import Any

from django.contrib.auth.models import User
from django.db.models import Model, Prefetch, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from ninja import Query, Router, Schema
from ninja.errors import HttpError
from ninja.params import P, PathEx
from ninja.responses import Status

from gongkai.agencies.models import Membership, Role
from gongkai.agencies.selectors import acting_agencies, roles_in
from gongkai.core.actions import ActionError

from .. import actions
from ..masking import mask_address, mask_email, mask_id_number, mask_phone
from ..models import Appeal, Application, Consultation, Event, FeeNotice
from ..schemas import (
    MAX_ID,
    AbandonIn,
    AgencyRef,
    AppealConclusionIn,
    AppealIn,
    AppealOut,
    AssignIn,
    CaseDetail,
    CaseFilters,
    CasePage,
    CaseSummary,
    CloseIn,
    ConsultationAnswerIn,
    ConsultationOut,
    ConsultIn,
    DeadlineOut,
    DecideIn,
    ErrorOut,
    ExtendIn,
    FeeNoticeIn,
    FeeNoticeOut,
    FeePaidIn,
    RecordCorrectionIn,
    RegisterIn,
    ReplyIn,
    RequestCorrectionIn,
    ServedIn,
    TimelineEntry,
    UserRef,
    ValidationErrorOut,
    WithdrawIn,
)
from ..selectors import filter_applications, visible_applications
from .auth import display_name, signed_in_user
from .errors import NOT_FOUND, action_refused

router = Router(tags=["依申请公开"])

CaseId = PathEx[int, P(ge=1, le=MAX_ID, title="申请编号")]

STALE = "该申请已被他人办理并更新，请重新读取后再操作"
READ_ONLY = "您对该申请只有查阅权限（上级监督），不能办理"

READ_ERRORS: dict[int, Any] = {401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut}
ACTION_ERRORS: dict[int, Any] = {
    400: ErrorOut,
    401: ErrorOut,
    403: ErrorOut,
    404: ErrorOut,
    409: ErrorOut,
    422: ValidationErrorOut,
}


# --- reading -----------------------------------------------------------------------------------


Out = typing.TypeVar("Out", bound=Schema)


def from_instance(schema: type[Out], instance: Model, **values: Any) -> Out:
    """The schema's fields read from the instance; a *_label field from get_<field>_display()."""
    for name in schema.model_fields:
        if name in values:
            continue
        if name.endswith("_label"):
            values[name] = getattr(instance, f"get_{name.removesuffix('_label')}_display")()
        else:
            values[name] = getattr(instance, name)
    return schema(**values)


def _not_read_straight(app: Application, masked: bool) -> dict[str, Any]:
    """The fields of a case not copied from the model: related rows, and the personal data
    (masking.py) that only staff of the case's agency see in full, and only on the case page."""

    def hide(value: str, mask: Callable[[str], str]) -> str:
        return mask(value) if masked else value

    return {
        "agency": AgencyRef(id=app.agency.pk, name=app.agency.name),
        "assignee": UserRef(id=app.assignee.pk, name=display_name(app.assignee)) if app.assignee else None,
        "id_number": hide(app.id_number, mask_id_number),
        "phone": hide(app.phone, mask_phone),
        "email": hide(app.email, mask_email),
        "address": hide(app.address, mask_address),
    }


def _summary(app: Application) -> CaseSummary:
    return from_instance(CaseSummary, app, **_not_read_straight(app, masked=True))


def _detail(user: User, case_id: int) -> CaseDetail:
    app = (
        visible_applications(user)
        .select_related("agency", "assignee")
        .prefetch_related(
            Prefetch("events", queryset=Event.objects.select_related("actor").order_by("at", "id")),
            Prefetch("consultations", queryset=Consultation.objects.order_by("id")),
            Prefetch("fee_notices", queryset=FeeNotice.objects.order_by("id")),
            Prefetch("appeals", queryset=Appeal.objects.order_by("id")),
        )
        .filter(pk=case_id)
        .first()
    )
    if app is None:
        raise HttpError(404, NOT_FOUND)
    staff = acting_agencies(user).filter(pk=app.agency_id).exists()
    deadline = actions.deadline_of(app)
    return from_instance(
        CaseDetail,
        app,
        **_not_read_straight(app, masked=not staff),
        masked=not staff,
        can_act=staff,
        tracking_code=app.tracking_code if staff else None,
        deadline=DeadlineOut(due=deadline.due, provisional=deadline.provisional, steps=list(deadline.steps)),
        consultations=[from_instance(ConsultationOut, c) for c in app.consultations.all()],
        fee_notices=[from_instance(FeeNoticeOut, f) for f in app.fee_notices.all()],
        appeals=[from_instance(AppealOut, a) for a in app.appeals.all()],
        timeline=[
            from_instance(
                TimelineEntry,
                e,
                at=timezone.localtime(e.at),
                actor=display_name(e.actor) if e.actor else e.actor_label,
            )
            for e in app.events.all()
        ],
    )


@router.get(
    "/cases",
    response={200: CasePage, **READ_ERRORS},
    summary="申请列表",
    description="本人可查阅的申请（本机关的；上级监督为所辖全部机关的），按收到申请之日倒序。列表中的个人信息一律脱敏。",
    operation_id="list_cases",
)
def list_cases(request: HttpRequest, filters: Query[CaseFilters]) -> CasePage:
    cases: QuerySet[Application] = visible_applications(signed_in_user(request)).select_related(
        "agency", "assignee"
    )
    cases = filter_applications(
        cases, text=filters.q, status=filters.status, year=filters.year, agency=filters.agency
    )
    start = (filters.page - 1) * filters.page_size
    return CasePage(
        items=[_summary(app) for app in cases[start : start + filters.page_size]],
        count=cases.count(),
        page=filters.page,
        page_size=filters.page_size,
    )


@router.get(
    "/cases/{case_id}",
    response={200: CaseDetail, **READ_ERRORS},
    summary="申请详情",
    description=(
        "含答复期限、是否暂定、期限计算过程和办理记录。本机关工作人员看到完整的个人信息，"
        "上级监督人员看到脱敏后的。无权查阅的申请与不存在的申请一样返回404。"
    ),
    operation_id="get_case",
)
def get_case(request: HttpRequest, case_id: CaseId) -> CaseDetail:
    return _detail(signed_in_user(request), case_id)


@router.post(
    "/cases",
    response={201: CaseDetail, **ACTION_ERRORS},
    summary="登记申请",
    description="由受理机关的工作人员登记（上级监督人员不能登记）。字段同 actions.register_application。",
    operation_id="register_case",
)
def register_case(request: HttpRequest, payload: RegisterIn) -> Status[CaseDetail]:
    user = signed_in_user(request)
    agency = acting_agencies(user).filter(pk=payload.agency).first()
    if agency is None:
        raise HttpError(403, "您不是该机关的工作人员，不能为其登记申请")
    try:
        app = actions.register_application(
            acting_user=user,
            agency=agency,
            channel=payload.channel,
            applicant_kind=payload.applicant_kind,
            applicant_name=payload.applicant_name,
            description=payload.description,
            submitted_on=payload.submitted_on,
            received_on=payload.received_on,
            id_kind=payload.id_kind or "",
            id_number=payload.id_number,
            contact_person=payload.contact_person,
            phone=payload.phone,
            email=payload.email,
            address=payload.address,
            form_wanted=payload.form_wanted,
            delivery=payload.delivery,
        )
    except ActionError as exc:
        raise action_refused(exc) from None
    return Status(201, _detail(user, app.pk))


# --- acting ------------------------------------------------------------------------------------


def _act(
    request: HttpRequest,
    case_id: int,
    version: int,
    perform: Callable[[User, Application], object],
    *,
    roles: tuple[str, ...] = (),
) -> CaseDetail:
    """Check who may act, lock the case at the version the caller read, perform the action."""
    user = signed_in_user(request)
    app = visible_applications(user).select_related("agency").filter(pk=case_id).first()
    if app is None:
        raise HttpError(404, NOT_FOUND)
    held = roles_in(user, app.agency) - {Role.SUPERVISOR}
    if not held:
        raise HttpError(403, READ_ONLY)
    if roles and not held & set(roles):
        raise HttpError(403, "此操作须由{}办理".format("、".join(Role(r).label for r in roles)))
    # The version is checked before the action too, so every endpoint answers a stale body alike;
    # the action checks it again under its row lock, in its own durable transaction.
    if app.version != version:
        raise HttpError(409, STALE)
    try:
        perform(user, app)
    except ActionError as exc:
        raise action_refused(exc) from None
    return _detail(user, case_id)


Perform = Callable[[User, Application, Any], object]


def action(
    path: str, summary: str, description: str = "", *, roles: tuple[str, ...] = ()
) -> Callable[[Perform], Perform]:
    """POST /api/cases/{case_id}/actions/<path>: the body is the type of perform's `payload`.

    perform(user, locked case, payload) calls the action; everything around it (who may act,
    the version, the error statuses, the case returned) is the same for every action.
    """

    def register(perform: Perform) -> Perform:
        body = typing.get_type_hints(perform)["payload"]

        def endpoint(request: HttpRequest, case_id: int, payload: Any) -> CaseDetail:
            return _act(
                request, case_id, payload.version, lambda user, app: perform(user, app, payload), roles=roles
            )

        # django-ninja reads the parameters' types from the signature: give it the real ones.
        parameter = functools.partial(inspect.Parameter, kind=inspect.Parameter.POSITIONAL_OR_KEYWORD)
        endpoint.__signature__ = inspect.Signature(  # type: ignore[attr-defined]
            [
                parameter("request", annotation=HttpRequest),
                parameter("case_id", annotation=CaseId),
                parameter("payload", annotation=body),
            ],
            return_annotation=CaseDetail,
        )
        endpoint.__name__ = endpoint.__qualname__ = perform.__name__
        router.post(
            f"/cases/{{case_id}}/actions/{path}",
            response={200: CaseDetail, **ACTION_ERRORS},
            summary=summary,
            description=f"{description}成功时返回办理后的申请详情（含新的 version）。",
            operation_id=path.replace("-", "_"),
        )(endpoint)
        return perform

    return register


@action("request-correction", "告知补正", "收到申请之日起7个工作日内、只能一次（《条例》第三十条）。")
def request_correction(user: User, app: Application, payload: RequestCorrectionIn) -> object:
    return actions.request_correction(
        acting_user=user, application=app, on=payload.on, what=payload.what, version=payload.version
    )


@action("record-correction", "登记收到补正", "答复期限自收到补正之日起重新计算。")
def record_correction(user: User, app: Application, payload: RecordCorrectionIn) -> object:
    return actions.record_correction(
        acting_user=user, application=app, on=payload.on, text=payload.text, version=payload.version
    )


@action("assign", "分派承办人")
def assign(user: User, app: Application, payload: AssignIn) -> object:
    staff = Membership.objects.filter(agency=app.agency).exclude(role=Role.SUPERVISOR)
    assignee = User.objects.filter(pk=payload.assignee, pk__in=staff.values("user_id")).first()
    if assignee is None:
        raise HttpError(400, "承办人必须是本机关工作人员")
    return actions.assign(acting_user=user, application=app, assignee=assignee, version=payload.version)


@action(
    "consult", "征求第三方或其他机关意见", "征求意见期间不计入答复期限（《条例》第三十二条、第三十四条）。"
)
def consult(user: User, app: Application, payload: ConsultIn) -> object:
    return actions.start_consultation(
        acting_user=user,
        application=app,
        party_kind=payload.party_kind,
        party_name=payload.party_name,
        sent_on=payload.sent_on,
        version=payload.version,
    )


@action(
    "consultation-answer",
    "登记征求意见结果",
    "answered_on 为 null 表示15个工作日期满未答复：其他机关视为同意，第三方由本机关依法决定。",
)
def consultation_answer(user: User, app: Application, payload: ConsultationAnswerIn) -> object:
    consultation = app.consultations.filter(pk=payload.consultation).first()
    if consultation is None:
        raise HttpError(400, "该申请没有这项征求意见")
    return actions.record_consultation_answer(
        acting_user=user,
        consultation=consultation,
        answered_on=payload.answered_on,
        answer=payload.answer,
        version=payload.version,
    )


@action(
    "extend",
    "延长答复期限",
    "须由公开办负责人办理；延长不超过20个工作日，只能一次（《条例》第三十三条）。",
)
def extend(user: User, app: Application, payload: ExtendIn) -> object:
    return actions.extend_deadline(
        acting_user=user, application=app, reason=payload.reason, on=payload.on, version=payload.version
    )


@action("fee-notice", "发出收费通知", "按件或按量计收信息处理费（国办函〔2020〕109号），金额由系统计算。")
def fee_notice(user: User, app: Application, payload: FeeNoticeIn) -> object:
    return actions.issue_fee_notice(
        acting_user=user,
        application=app,
        basis=payload.basis,
        quantity=payload.quantity,
        notified_on=payload.notified_on,
        version=payload.version,
    )


@action("fee-paid", "登记缴费")
def fee_paid(user: User, app: Application, payload: FeePaidIn) -> object:
    return actions.record_fee_payment(
        acting_user=user, application=app, paid_on=payload.paid_on, version=payload.version
    )


@action("abandon", "视为放弃申请", "逾期不补正或逾期不缴费（计入表三“其他处理”）。")
def abandon(user: User, app: Application, payload: AbandonIn) -> object:
    return actions.abandon(acting_user=user, application=app, on=payload.on, version=payload.version)


@action("decide", "作出决定", "办理结果即表三的行；予以公开以外的结果须写明法律依据和理由。")
def decide(user: User, app: Application, payload: DecideIn) -> object:
    return actions.decide(
        acting_user=user,
        application=app,
        outcome=payload.outcome,
        articles=payload.articles,
        legal_basis=payload.legal_basis,
        decision_text=payload.decision_text,
        on=payload.on,
        version=payload.version,
    )


@action("reply", "出具答复")
def reply(user: User, app: Application, payload: ReplyIn) -> object:
    return actions.reply(acting_user=user, application=app, on=payload.on, version=payload.version)


@action("served", "登记送达", "当面送达以签收之日、邮寄以交邮之日为准（国办公开办函〔2016〕235号）。")
def served(user: User, app: Application, payload: ServedIn) -> object:
    return actions.mark_served(
        acting_user=user, application=app, on=payload.on, how=payload.how, version=payload.version
    )


@action("close", "办结")
def close(user: User, app: Application, payload: CloseIn) -> object:
    return actions.close(acting_user=user, application=app, version=payload.version)


@action("withdraw", "申请人撤回", "作出决定前撤回（计入表三“其他处理”）。")
def withdraw(user: User, app: Application, payload: WithdrawIn) -> object:
    return actions.withdraw(
        acting_user=user, application=app, on=payload.on, reason=payload.reason, version=payload.version
    )


@action("appeal", "登记行政复议或行政诉讼", "计入表四。")
def appeal(user: User, app: Application, payload: AppealIn) -> object:
    return actions.file_appeal(
        acting_user=user,
        application=app,
        kind=payload.kind,
        body=payload.body,
        filed_on=payload.filed_on,
        version=payload.version,
    )


@action(
    "appeal-conclusion",
    "登记复议或诉讼结果",
    "结果维持、结果纠正或其他结果；未登记结果的在年末计为“尚未审结”。",
)
def appeal_conclusion(user: User, app: Application, payload: AppealConclusionIn) -> object:
    appeal = app.appeals.filter(pk=payload.appeal).first()
    if appeal is None:
        raise HttpError(400, "该申请没有这项复议或诉讼")
    return actions.conclude_appeal(
        acting_user=user,
        appeal=appeal,
        outcome=payload.outcome,
        concluded_on=payload.concluded_on,
        note=payload.note,
        version=payload.version,
    )
