"""Every state change of an application, each one transaction with one event on the timeline.

Views and API endpoints call these functions; they never set a status themselves. An action
that is not allowed (wrong state, wrong role, a stale form, bad dates) raises ActionError with
a message for the clerk, and the transaction leaves the case exactly as it was.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import User
from django.db import IntegrityError, transaction
from django.db.models import Q

from gongkai.agencies.counters import claim_serial
from gongkai.agencies.models import Agency, Role
from gongkai.agencies.permissions import member_roles, require_staff
from gongkai.clock import (
    ClockError,
    ClockSettings,
    Pause,
    PauseReason,
    ReplyDeadline,
    WorkingCalendar,
    consultation_reply_deadline,
    correction_notice_deadline,
    fee_payment_deadline,
    reply_deadline,
)
from gongkai.core.actions import ActionError, lock_versioned, state_change
from gongkai.core.calendar import current_calendar
from gongkai.core.names import person_name
from gongkai.core.time import today

from . import notices
from .articles import ARTICLES, default_articles, unfit_articles
from .identity import id_kind_for, id_kind_mismatch
from .models import (
    DECIDED_OUTCOMES,
    OPEN_STATUSES,
    Appeal,
    AppealKind,
    AppealOutcome,
    ApplicantKind,
    Application,
    Channel,
    Consultation,
    ConsultedParty,
    Event,
    EventKind,
    FeeNotice,
    Letterhead,
    Outcome,
    RegistrationCounter,
    Status,
    Submission,
    SubmissionStatus,
)
from .records import check_marks_fit, check_ready_for_reply

MAX_EXTENSION_DAYS = 20
THIRD_PARTY_DAYS = 15


STALE_MESSAGE = "该申请已被他人办理并更新，请刷新页面查看最新情况后再操作"
ALREADY_SUBMITTED = "您的申请已经提交，请勿重复提交"


class AlreadySubmitted(ActionError):
    """The online form was registered already (a second click, a second tab)."""


# --- helpers -----------------------------------------------------------------------------------


def _lock(application: Application, version: int | None) -> Application:
    """The case, locked for this transaction; refuses a form filled in on a stale copy."""
    return lock_versioned(Application, application.pk, version, STALE_MESSAGE)


def _expect(application: Application, allowed: Iterable[str], doing: str) -> None:
    if application.status not in set(allowed):
        raise ActionError(f"申请当前状态为“{application.get_status_display()}”，不能{doing}", "conflict")


def _open(
    application: Application,
    version: int | None,
    acting_user: User | None,
    allowed: Iterable[str] | None,
    doing: str = "",
    *,
    applicant_may: bool = False,
    roles: tuple[str, ...] = (),
) -> Application:
    """Every action starts here: lock the case at the caller's version, check who acts, check the state.

    `applicant_may`: the applicant (acting_user None) may take this step, from the public site.
    """
    app = _lock(application, version)
    if acting_user is not None or not applicant_may:
        require_staff(acting_user, app.agency, *roles, refusal="您不是本机关的工作人员，不能办理此申请")
    if allowed is not None:
        _expect(app, allowed, doing)
    return app


def _not_before(day: dt.date, floor: dt.date, what: str, floor_name: str) -> None:
    if day < floor:
        raise ActionError(f"{what}（{day.isoformat()}）不能早于{floor_name}（{floor.isoformat()}）")
    if day > today():
        raise ActionError(f"{what}（{day.isoformat()}）不能晚于今天")


def _event(
    application: Application,
    kind: EventKind,
    actor: User | None,
    on: dt.date,
    reason: str = "",
    actor_label: str = "",
    **data: Any,
) -> Event:
    event = Event.objects.create(
        application=application,
        kind=kind,
        actor=actor if actor is not None and actor.is_authenticated else None,
        actor_label=actor_label,
        on=on,
        reason=reason,
        data={k: (v.isoformat() if isinstance(v, dt.date) else v) for k, v in data.items()},
    )
    # The e-mail this step owes the applicant, in the outbox within the same transaction.
    notices.notify_applicant(event)
    return event


def _save(application: Application) -> None:
    application.version += 1
    application.save()


def deadline_of(application: Application, calendar: WorkingCalendar | None = None) -> ReplyDeadline:
    """The reply deadline with its explanation, from the case's dates and pauses."""
    from django.conf import settings

    pauses = [
        Pause(c.sent_on, c.answered_on or c.due_on, PauseReason.CONSULTATION)
        for c in application.consultations.all()
        if c.sent_on >= application.received_on
    ]
    pauses += [
        Pause(f.notified_on, f.paid_on or f.due_on, PauseReason.FEE_PAYMENT)
        for f in application.fee_notices.all()
        if f.notified_on >= application.received_on
    ]
    return reply_deadline(
        application.received_on,
        corrected=application.corrected_on,
        extension_days=MAX_EXTENSION_DAYS if application.extended else 0,
        pauses=pauses,
        calendar=calendar or current_calendar(),
        settings=ClockSettings(fee_payment_paused=settings.GONGKAI_FEE_PERIOD_PAUSES_CLOCK),
    )


def _refresh_due(application: Application, calendar: WorkingCalendar | None = None) -> ReplyDeadline:
    deadline = deadline_of(application, calendar)
    application.due_on = deadline.due
    application.due_provisional = deadline.provisional
    return deadline


# --- intake ------------------------------------------------------------------------------------


def _register(
    *,
    acting_user: User | None,
    agency: Agency,
    channel: str,
    applicant_kind: str,
    applicant_name: str,
    description: str,
    submitted_on: dt.date,
    received_on: dt.date | None = None,
    id_number: str = "",
    id_kind: str = "",
    contact_person: str = "",
    phone: str = "",
    email: str = "",
    notify_by_email: bool = False,
    address: str = "",
    form_wanted: str = "paper",
    delivery: str = "post",
    form_token: str = "",
    tracking_code: str = "",
) -> Application:
    """Register an application. Online ones (acting_user None) are received the day they are confirmed.

    `form_token`: the online form's one-time token; a second registration of it is AlreadySubmitted.
    """
    if acting_user is not None:
        require_staff(acting_user, agency, refusal="您不是本机关的工作人员，不能办理此申请")
    elif channel != Channel.ONLINE:
        raise ActionError("只有在线申请可以不经工作人员登记")
    if channel not in Channel.values:
        raise ActionError("请选择申请方式")
    _check_applicant(
        applicant_kind=applicant_kind,
        applicant_name=applicant_name,
        id_kind=id_kind,
        description=description,
        contacts=(phone, email, address),
        email=email,
        notify_by_email=notify_by_email,
    )
    received = received_on or submitted_on
    if received < submitted_on:
        raise ActionError("收到申请之日不能早于提交日期")
    if received > today() or submitted_on > today():
        raise ActionError("日期不能晚于今天")
    if form_token and _token_spent(form_token):
        raise AlreadySubmitted(ALREADY_SUBMITTED, "conflict")
    application = Application(
        agency=agency,
        number=registration_number(agency.number_code, received.year, _claim_serial(agency, received.year)),
        channel=channel,
        applicant_kind=applicant_kind,
        applicant_name=applicant_name.strip(),
        id_kind=id_kind_for(applicant_kind, id_kind),
        id_number=id_number.strip(),
        contact_person=contact_person.strip(),
        phone=phone.strip(),
        email=email.strip(),
        notify_by_email=notify_by_email,
        address=address.strip(),
        description=description.strip(),
        form_wanted=form_wanted,
        delivery=delivery,
        submitted_on=submitted_on,
        received_on=received,
        status=Status.REGISTERED,
        form_token=form_token or None,
    )
    if tracking_code:  # a submission confirmed: the 查询码 the applicant already holds
        application.tracking_code = tracking_code
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # the same form, registered by another request a moment ago
        if form_token and Application.objects.filter(form_token=form_token).exists():
            raise AlreadySubmitted(ALREADY_SUBMITTED, "conflict") from None
        raise
    _refresh_due(application)
    application.save(update_fields=["due_on", "due_provisional"])
    _event(
        application,
        EventKind.REGISTERED,
        acting_user,
        received,
        actor_label="" if acting_user else "申请人（在线提交）",
        channel=channel,
        due_on=application.due_on,
    )
    return application


register_application = state_change(_register)


def _check_applicant(
    *,
    applicant_kind: str,
    applicant_name: str,
    id_kind: str,
    description: str,
    contacts: tuple[str, ...],
    email: str,
    notify_by_email: bool,
) -> None:
    if applicant_kind not in ApplicantKind.values:
        raise ActionError("请选择申请人类型")
    if not applicant_name.strip():
        raise ActionError("请填写申请人姓名或名称")
    if id_kind and id_kind_for(applicant_kind, id_kind) != id_kind:
        raise ActionError(id_kind_mismatch(applicant_kind))
    if not description.strip():
        raise ActionError("请填写所需政府信息的名称、文号或者便于查询的其他特征性描述")
    if not any(c.strip() for c in contacts):
        raise ActionError("请至少填写一种联系方式（电话、电子邮箱或通信地址）")
    if notify_by_email and not email.strip():
        raise ActionError("选择通过电子邮件接收通知的，请填写电子邮箱")


def _token_spent(form_token: str) -> bool:
    """The online form was sent already: registered at once, or waiting for registration."""
    return (
        Application.objects.filter(form_token=form_token).exists()
        or Submission.objects.filter(form_token=form_token).exists()
    )


# --- 待登记: online applications registered after the office confirms them ----------------------


SUBMISSION_STALE = "该网上申请已被他人办理，请刷新页面查看最新情况后再操作"
OFFICE_ROLES = (Role.CLERK, Role.OFFICE_HEAD)


def registers_after_review(agency: Agency) -> bool:
    """The agency registers online applications only once its office confirms them."""
    return Letterhead.objects.filter(agency=agency, register_after_review=True).exists()


@state_change
def submit_for_registration(
    *, agency: Agency, data: dict[str, Any], submitted_at: dt.datetime, form_token: str
) -> Submission:
    """Save an online application to wait for registration (待登记): no number, no 收到申请之日
    and no deadline yet. The form's token is spent here, in the same transaction."""
    text = {k: str(data.get(k) or "") for k in ("applicant_kind", "id_kind", "phone", "email", "address")}
    _check_applicant(
        applicant_kind=text["applicant_kind"],
        applicant_name=str(data.get("applicant_name") or ""),
        id_kind=text["id_kind"],
        description=str(data.get("description") or ""),
        contacts=(text["phone"], text["email"], text["address"]),
        email=text["email"],
        notify_by_email=bool(data.get("notify_by_email")),
    )
    if form_token and _token_spent(form_token):
        raise AlreadySubmitted(ALREADY_SUBMITTED, "conflict")
    fields = {
        k: (v.strip() if isinstance(v, str) else v) for k, v in data.items() if isinstance(v, str | bool)
    }
    submission = Submission(
        agency=agency,
        data=fields,
        submitted_at=submitted_at,
        submitted_on=today(),
        form_token=form_token or None,
    )
    try:
        with transaction.atomic():
            submission.save()
    except IntegrityError:  # the same form, saved by another request a moment ago
        if form_token and _token_spent(form_token):
            raise AlreadySubmitted(ALREADY_SUBMITTED, "conflict") from None
        raise
    notices.notify_submitted(submission)
    return submission


def _pending(submission: Submission, version: int | None, acting_user: User, doing: str) -> Submission:
    sub = lock_versioned(Submission, submission.pk, version, SUBMISSION_STALE)
    require_staff(acting_user, sub.agency, *OFFICE_ROLES, refusal="您不是本机关的工作人员，不能办理此申请")
    if sub.status != SubmissionStatus.PENDING:
        raise ActionError(f"该网上申请当前状态为“{sub.get_status_display()}”，不能{doing}", "conflict")
    return sub


@state_change
def confirm_registration(
    *, acting_user: User, submission: Submission, version: int | None = None
) -> Application:
    """确认登记: the case is received today, the day the office confirms (Art. 31), numbered from
    the agency's counter, its clock started; the receipt mail goes with the registration."""
    sub = _pending(submission, version, acting_user, "确认登记")
    day = today()
    data = sub.data
    application = _register(
        acting_user=acting_user,
        agency=sub.agency,
        channel=Channel.ONLINE,
        submitted_on=sub.submitted_on,
        received_on=day,
        tracking_code=sub.tracking_code,
        **{
            k: data[k]
            for k in (
                "applicant_kind",
                "applicant_name",
                "description",
                "id_number",
                "id_kind",
                "contact_person",
                "phone",
                "email",
                "notify_by_email",
                "address",
                "form_wanted",
                "delivery",
            )
            if k in data
        },
    )
    sub.status = SubmissionStatus.REGISTERED
    sub.application = application
    sub.decided_by = acting_user
    sub.decided_on = day
    sub.version += 1
    sub.save()
    return application


@state_change
def decline_registration(
    *, acting_user: User, submission: Submission, reason: str, version: int | None = None
) -> Submission:
    """不予登记: not a request for government information (a complaint, a petition, ...). The
    applicant reads the reason on /track/ (and by e-mail if they chose it); never in table 三."""
    sub = _pending(submission, version, acting_user, "不予登记")
    if not reason.strip():
        raise ActionError("请写明不予登记的理由（如：属于信访、投诉、举报事项，不是政府信息公开申请）")
    sub.status = SubmissionStatus.NOT_REGISTERED
    sub.reason = reason.strip()
    sub.decided_by = acting_user
    sub.decided_on = today()
    sub.version += 1
    sub.save()
    notices.notify_not_registered(sub)
    return sub


@state_change
def withdraw_submission(
    *, submission: Submission, reason: str = "", version: int | None = None
) -> Submission:
    """The applicant withdraws an online application still waiting in 待登记 (on /track/, signed in
    by its 查询码 and contact, so no staff user). Only while it waits: once confirmed it is a case,
    withdrawn as a case (withdraw); once declined there is nothing to withdraw."""
    sub = lock_versioned(Submission, submission.pk, version, SUBMISSION_STALE)
    if sub.status != SubmissionStatus.PENDING:
        raise ActionError(f"该网上申请当前状态为“{sub.get_status_display()}”，不能撤回", "conflict")
    sub.status = SubmissionStatus.WITHDRAWN
    sub.reason = reason.strip()
    sub.decided_by = None
    sub.decided_on = today()
    sub.version += 1
    sub.save()
    return sub


def registration_number(code: str, year: int, serial: int) -> str:
    """SXSJ-2026-00017: the agency's code, the year and at least five digits. The code makes the
    number unique across the platform; older numbers ("2026-00017") keep their form and are still
    found by search, which matches any part of a number."""
    return f"{code}-{year}-{serial:05d}"


def _claim_serial(agency: Agency, year: int) -> int:
    """The agency's next registration serial of the year (cases numbered before the counter count)."""
    return claim_serial(RegistrationCounter, agency, year, start=lambda: _highest_serial(agency, year))


def _highest_serial(agency: Agency, year: int) -> int:
    """The highest serial among the year's numbers already given (cases from before the counter,
    or loaded in bulk), compared as numbers: 100000 is higher than 99999."""
    numbers = Application.objects.filter(
        Q(number__startswith=f"{year}-") | Q(number__contains=f"-{year}-"), agency=agency
    ).values_list("number", flat=True)
    serials = []
    for number in numbers:
        *head, year_part, serial = number.split("-")
        if year_part == str(year) and len(head) <= 1 and serial.isdigit():
            serials.append(int(serial))
    return max(serials, default=0)


# --- correction (补正, Art. 30) -------------------------------------------------------------------


@state_change
def request_correction(
    *, acting_user: User, application: Application, on: dt.date, what: str, version: int | None = None
) -> Application:
    app = _open(application, version, acting_user, [Status.REGISTERED, Status.IN_PROGRESS], "告知补正")
    if app.events.filter(kind=EventKind.CORRECTION_REQUESTED).exists():
        raise ActionError("补正只能告知一次（《条例》第三十条）", "conflict")
    if not what.strip():
        raise ActionError("请写明需要补正的事项")
    _not_before(on, app.received_on, "告知补正日期", "收到申请之日")
    limit = correction_notice_deadline(app.received_on, calendar=current_calendar())
    app.status = Status.AWAITING_CORRECTION
    _save(app)
    late = on > limit.due
    _event(
        app,
        EventKind.CORRECTION_REQUESTED,
        acting_user,
        on,
        what.strip(),
        notice_due=limit.due,
        late=late,
        **_numbered(app, on),
    )
    return app


@state_change
def record_correction(
    *,
    acting_user: User | None,
    application: Application,
    on: dt.date,
    text: str = "",
    version: int | None = None,
) -> Application:
    """The corrected application arrived: the reply clock restarts from that day."""
    app = _open(
        application, version, acting_user, [Status.AWAITING_CORRECTION], "登记补正", applicant_may=True
    )
    _not_before(on, app.received_on, "收到补正之日", "收到申请之日")
    app.corrected_on = on
    if text.strip():
        app.description = f"{app.description}\n【补正】{text.strip()}"
    app.status = Status.IN_PROGRESS if app.assignee_id else Status.REGISTERED
    _refresh_due(app)
    _save(app)
    _event(
        app,
        EventKind.CORRECTED,
        acting_user,
        on,
        text.strip(),
        actor_label="" if acting_user else "申请人",
        due_on=app.due_on,
    )
    return app


# --- assignment, consultation, extension ---------------------------------------------------------


@state_change
def assign(
    *,
    acting_user: User,
    application: Application,
    assignee: User,
    on: dt.date | None = None,
    version: int | None = None,
) -> Application:
    app = _open(application, version, acting_user, [Status.REGISTERED, Status.IN_PROGRESS], "分派承办")
    if not member_roles(assignee, app.agency) - {Role.SUPERVISOR}:
        raise ActionError("承办人必须是本机关工作人员")
    day = on or today()
    _not_before(day, app.received_on, "分派日期", "收到申请之日")
    app.assignee = assignee
    app.status = Status.IN_PROGRESS
    _save(app)
    _event(app, EventKind.ASSIGNED, acting_user, day, assignee=person_name(assignee))
    return app


@state_change
def start_consultation(
    *,
    acting_user: User,
    application: Application,
    party_kind: str,
    party_name: str,
    sent_on: dt.date,
    version: int | None = None,
) -> Consultation:
    app = _open(
        application,
        version,
        acting_user,
        [Status.REGISTERED, Status.IN_PROGRESS, Status.CONSULTING],
        "征求意见",
    )
    if party_kind not in ConsultedParty.values or not party_name.strip():
        raise ActionError("请写明被征求意见的第三方或机关")
    _not_before(sent_on, app.corrected_on or app.received_on, "征求意见日期", "收到申请之日")
    due = consultation_reply_deadline(sent_on, calendar=current_calendar()).due
    consultation = Consultation.objects.create(
        application=app,
        party_kind=party_kind,
        party_name=party_name.strip(),
        sent_on=sent_on,
        due_on=due,
        letter_number=_next_letter_number(app.agency_id, sent_on),
    )
    app.status = Status.CONSULTING
    _refresh_due(app)
    _save(app)
    _event(app, EventKind.CONSULTATION_STARTED, acting_user, sent_on, party=party_name.strip(), reply_due=due)
    return consultation


@state_change
def record_consultation_answer(
    *,
    acting_user: User,
    consultation: Consultation,
    answered_on: dt.date | None,
    answer: str = "",
    version: int | None = None,
) -> Consultation:
    """The party answered (answered_on), or its 15 working days ran out (answered_on None: lapsed)."""
    app = _open(consultation.application, version, acting_user, None)
    consultation = Consultation.objects.select_for_update().get(pk=consultation.pk)
    if consultation.answered_on or consultation.lapsed:
        raise ActionError("该征求意见已经有结果", "conflict")
    if answered_on is None:
        if today() <= consultation.due_on:
            raise ActionError(f"答复期限{consultation.due_on.isoformat()}尚未届满，不能登记为期满未答复")
        consultation.lapsed = True
        kind = EventKind.CONSULTATION_LAPSED
        on = consultation.due_on
        # Silence from an agency is consent; from a third party, the decision is the agency's (Art. 32, 34).
        reason = "视为同意" if consultation.party_kind == ConsultedParty.AGENCY else "由本机关依法决定"
    else:
        _not_before(answered_on, consultation.sent_on, "收到意见日期", "征求意见日期")
        consultation.answered_on = answered_on
        consultation.answer = answer.strip()
        kind, on, reason = EventKind.CONSULTATION_ANSWERED, answered_on, answer.strip()
    consultation.save()
    if not app.consultations.filter(answered_on__isnull=True, lapsed=False).exists():
        app.status = Status.IN_PROGRESS
    _refresh_due(app)
    _save(app)
    _event(app, kind, acting_user, on, reason, party=consultation.party_name, due_on=app.due_on)
    return consultation


@state_change
def extend_deadline(
    *,
    acting_user: User,
    application: Application,
    reason: str,
    on: dt.date | None = None,
    version: int | None = None,
) -> Application:
    """One extension of at most 20 working days, approved by the head of the disclosure office (Art. 33)."""
    app = _open(application, version, acting_user, OPEN_STATUSES, "延长答复期限", roles=(Role.OFFICE_HEAD,))
    if app.extended:
        raise ActionError("答复期限只能延长一次", "conflict")
    if not reason.strip():
        raise ActionError("延长答复期限须写明理由")
    day = on or today()
    if app.due_on and day > app.due_on:
        raise ActionError(f"答复期限已于{app.due_on.isoformat()}届满，不能再延长")
    app.extended = True
    _refresh_due(app)
    _save(app)
    _event(
        app, EventKind.EXTENDED, acting_user, day, reason.strip(), due_on=app.due_on, **_numbered(app, day)
    )
    return app


# --- fees -------------------------------------------------------------------------------------


@state_change
def issue_fee_notice(
    *,
    acting_user: User,
    application: Application,
    basis: str,
    quantity: int,
    notified_on: dt.date,
    version: int | None = None,
) -> FeeNotice:
    from gongkai.clock import FeeBasis, quote_fee

    app = _open(application, version, acting_user, [Status.REGISTERED, Status.IN_PROGRESS], "发出收费通知")
    try:
        quote = quote_fee(FeeBasis(basis), quantity)
    except (ValueError, ClockError) as exc:
        raise ActionError(f"收费计算有误：{exc}") from None
    if quote.amount <= 0:
        raise ActionError("按此件数或页数不收费，无需发出收费通知")
    _not_before(notified_on, app.received_on, "收费通知日期", "收到申请之日")
    due = fee_payment_deadline(notified_on, calendar=current_calendar()).due
    notice = FeeNotice.objects.create(
        application=app,
        basis=basis,
        quantity=quantity,
        amount=quote.amount,
        notified_on=notified_on,
        due_on=due,
        letter_number=_next_letter_number(app.agency_id, notified_on),
    )
    app.status = Status.AWAITING_FEE
    _refresh_due(app)
    _save(app)
    _event(app, EventKind.FEE_NOTIFIED, acting_user, notified_on, amount=quote.amount, pay_by=due)
    return notice


@state_change
def record_fee_payment(
    *, acting_user: User, application: Application, paid_on: dt.date, version: int | None = None
) -> Application:
    app = _open(application, version, acting_user, [Status.AWAITING_FEE], "登记缴费")
    notice = app.fee_notices.select_for_update().filter(paid_on__isnull=True).order_by("-notified_on").first()
    if notice is None:
        raise ActionError("没有待缴的收费通知")
    _not_before(paid_on, notice.notified_on, "缴费日期", "收费通知日期")
    notice.paid_on = paid_on
    notice.save()
    app.status = Status.IN_PROGRESS
    _refresh_due(app)
    _save(app)
    _event(app, EventKind.FEE_PAID, acting_user, paid_on, amount=notice.amount)
    return app


# --- ending a case without a decision: the three 其他处理 rows -------------------------------------


@state_change
def abandon(
    *, acting_user: User, application: Application, on: dt.date, version: int | None = None
) -> Application:
    """No correction, or no payment, in time: the application is deemed abandoned (其他处理)."""
    app = _open(application, version, acting_user, None)
    if app.status == Status.AWAITING_CORRECTION:
        outcome, why = Outcome.OTHER_NO_CORRECTION, "申请人无正当理由逾期不补正"
    elif app.status == Status.AWAITING_FEE:
        notice = app.fee_notices.filter(paid_on__isnull=True).order_by("-notified_on").first()
        if notice and on <= notice.due_on:
            raise ActionError(f"缴费期限{notice.due_on.isoformat()}尚未届满")
        outcome, why = Outcome.OTHER_FEE_UNPAID, "申请人逾期未按收费通知要求缴纳费用"
    else:
        raise ActionError(f"申请当前状态为“{app.get_status_display()}”，不能视为放弃", "conflict")
    _not_before(on, app.received_on, "日期", "收到申请之日")
    _conclude(app, outcome, on)
    _event(app, EventKind.ABANDONED, acting_user, on, why, outcome=outcome)
    return app


@state_change
def withdraw(
    *,
    acting_user: User | None,
    application: Application,
    on: dt.date,
    reason: str = "",
    version: int | None = None,
) -> Application:
    """The applicant withdraws before the decision (其他处理：其他)."""
    app = _open(
        application,
        version,
        acting_user,
        OPEN_STATUSES,
        "撤回（已作出决定的申请不能撤回）",
        applicant_may=True,
    )
    _not_before(on, app.received_on, "撤回日期", "收到申请之日")
    _conclude(app, Outcome.OTHER_MISC, on)
    _event(
        app,
        EventKind.WITHDRAWN,
        acting_user,
        on,
        reason.strip(),
        actor_label="" if acting_user else "申请人",
    )
    return app


def _conclude(app: Application, outcome: str, on: dt.date) -> None:
    app.outcome = outcome
    app.concluded_on = on
    _give_letter_number(app, on)  # the 终止办理告知书 is a letter of the agency too
    app.status = Status.CLOSED
    _save(app)


# --- decision, reply, service -----------------------------------------------------------------


def _check_decision(outcome: str, articles: list[str], reasons: str) -> None:
    if outcome not in {o.value for o in DECIDED_OUTCOMES}:
        raise ActionError("请选择办理结果（撤回、逾期不补正、逾期不缴费由相应操作登记）")
    if not articles:
        raise ActionError("请选择作出决定所依据的《条例》条款")
    unfit = unfit_articles(outcome, articles)
    if unfit:
        names = "、".join(ARTICLES[code][0] if code in ARTICLES else code for code in unfit)
        raise ActionError(f"所选条款与办理结果“{Outcome(outcome).label}”不相符：{names}")
    if outcome != Outcome.GRANTED and not reasons.strip():
        raise ActionError("不予公开、部分公开、无法提供或不予处理的，必须写明理由")


def _next_letter_number(agency_id: int, on: dt.date) -> str:
    """The next 文号 of the agency's letters dated ``on``, from its pattern and its yearly counter
    ("" without a pattern: the letter then names the missing setting). The reply and the notices
    (补正, 延期, 征求意见, 收费) share one counter, as one register of the office's outgoing letters."""
    head = Letterhead.objects.select_for_update().filter(agency_id=agency_id).first()
    if head is None or "{serial}" not in head.number_pattern:
        return ""
    if on.year < head.serial_year:  # a letter dated back in a year the counter has left
        serial = _highest_letter_serial(agency_id, head.number_pattern, on.year) + 1
    else:
        if head.serial_year != on.year:
            head.serial_year, head.last_serial = on.year, 0
        head.last_serial += 1
        head.save(update_fields=["serial_year", "last_serial"])
        serial = head.last_serial
    return head.number_pattern.replace("{year}", str(on.year)).replace("{serial}", str(serial))


def _highest_letter_serial(agency_id: int, pattern: str, year: int) -> int:
    """The highest serial of the agency's letters of a past year, read from the numbers given
    (replies, notices), so that a letter dated back into that year never repeats one."""
    shape = re.compile(
        re.escape(pattern).replace(re.escape("{year}"), str(year)).replace(re.escape("{serial}"), r"(\d+)")
    )
    numbers = [
        *Application.objects.filter(agency_id=agency_id, letter_number__contains=str(year)).values_list(
            "letter_number", flat=True
        ),
        *Consultation.objects.filter(
            application__agency_id=agency_id, letter_number__contains=str(year)
        ).values_list("letter_number", flat=True),
        *FeeNotice.objects.filter(
            application__agency_id=agency_id, letter_number__contains=str(year)
        ).values_list("letter_number", flat=True),
        *(
            str(data.get("letter_number", ""))
            for data in Event.objects.filter(
                application__agency_id=agency_id, data__has_key="letter_number"
            ).values_list("data", flat=True)
            if isinstance(data, dict)
        ),
    ]
    return max((int(m.group(1)) for n in numbers if (m := shape.fullmatch(n))), default=0)


def _give_letter_number(app: Application, on: dt.date) -> None:
    """The reply's 文号 (kept once given: a corrected decision is the same letter)."""
    if not app.letter_number:
        app.letter_number = _next_letter_number(app.agency_id, on)


def _numbered(app: Application, on: dt.date) -> dict[str, str]:
    """A notice's 文号, for its event's data (nothing when the agency has no pattern yet)."""
    number = _next_letter_number(app.agency_id, on)
    return {"letter_number": number} if number else {}


@state_change
def give_notice_number(notice: Event | Consultation | FeeNotice) -> str:
    """A notice issued before its agency had a 文号 pattern gets its number when it is first
    printed, dated as the notice; kept on the event (补正, 延期) or the record (征求意见, 收费), so
    that a reprint shows the same number."""
    if isinstance(notice, Event):
        event = Event.objects.select_for_update().select_related("application").get(pk=notice.pk)
        number = str(event.data.get("letter_number", "")) if isinstance(event.data, dict) else ""
        if not number:
            number = _next_letter_number(event.application.agency_id, event.on or today())
            if number:
                data = {**(event.data if isinstance(event.data, dict) else {}), "letter_number": number}
                Event.objects.filter(pk=event.pk).update(data=data)
        return number
    record = type(notice).objects.select_for_update().select_related("application").get(pk=notice.pk)
    if not record.letter_number:
        on = record.sent_on if isinstance(record, Consultation) else record.notified_on
        record.letter_number = _next_letter_number(record.application.agency_id, on)
        if record.letter_number:
            type(record).objects.filter(pk=record.pk).update(letter_number=record.letter_number)
    return record.letter_number


@state_change
def give_letter_number(application: Application) -> Application:
    """A case decided before its agency had a 文号 pattern gets its number when the letter is made."""
    app = Application.objects.select_for_update().get(pk=application.pk)
    if not app.letter_number and app.concluded_on:
        _give_letter_number(app, app.concluded_on)
        if app.letter_number:
            Application.objects.filter(pk=app.pk).update(letter_number=app.letter_number)
    return app


@state_change
def decide(
    *,
    acting_user: User,
    application: Application,
    outcome: str,
    legal_basis: str,
    decision_text: str = "",
    articles: list[str] | None = None,
    on: dt.date,
    version: int | None = None,
) -> Application:
    """The decision names the outcome, which is the case's row of table 三, the articles of the
    Regulations it relies on (the outcome's usual ones when none are given) and the reasons
    (``legal_basis``, in the clerk's words)."""
    chosen = list(articles) if articles else list(default_articles(outcome))
    app = _open(application, version, acting_user, [Status.REGISTERED, Status.IN_PROGRESS], "作出决定")
    _check_decision(outcome, chosen, legal_basis)
    check_marks_fit(app, outcome)
    _not_before(on, app.corrected_on or app.received_on, "决定日期", "起算日")
    app.outcome = outcome
    app.articles = chosen
    app.legal_basis = legal_basis.strip()
    app.decision_text = decision_text.strip()
    app.concluded_on = on
    app.status = Status.DECIDED
    _give_letter_number(app, on)
    _save(app)
    late = bool(app.due_on and on > app.due_on)
    _event(
        app,
        EventKind.DECIDED,
        acting_user,
        on,
        legal_basis.strip(),
        outcome=outcome,
        late=late,
        articles=chosen,
    )
    return app


@state_change
def correct_decision(
    *,
    acting_user: User,
    application: Application,
    outcome: str,
    articles: list[str],
    legal_basis: str,
    decision_text: str = "",
    reason: str,
    version: int | None = None,
) -> Application:
    """A decision is corrected, with its reason, until the reply is served; after that it stands
    (what is served can only be changed by the remedies or a new decision under the law)."""
    app = _open(
        application,
        version,
        acting_user,
        [Status.DECIDED, Status.REPLIED],
        "更正决定（答复书送达后不能更正）",
    )
    if not reason.strip():
        raise ActionError("请写明更正决定的理由")
    _check_decision(outcome, list(articles), legal_basis)
    check_marks_fit(app, outcome)
    before = app.outcome
    if app.status == Status.REPLIED and pending_approval_required(app):
        # An approved and issued reply that changes goes through approval again.
        app.status, app.replied_on = Status.DECIDED, None
    app.outcome = outcome
    app.articles = list(articles)
    app.legal_basis = legal_basis.strip()
    app.decision_text = decision_text.strip()
    _save(app)
    _event(
        app,
        EventKind.DECISION_CORRECTED,
        acting_user,
        today(),
        reason.strip(),
        outcome=outcome,
        before=before,
        articles=list(articles),
    )
    return app


APPROVAL_CHAIN = (Role.OFFICE_HEAD, Role.DEPUTY_LEADER)


def pending_approval(application: Application) -> str | None:
    """The role whose approval the reply waits for (公开办负责人, then 分管领导), when the agency
    asks for approval; None when it may be issued. A corrected decision is approved afresh."""
    if application.status != Status.DECIDED:
        return None
    if not pending_approval_required(application):
        return None
    events = application.events.filter(
        kind__in=[EventKind.DECIDED, EventKind.DECISION_CORRECTED, EventKind.REPLY_APPROVED]
    ).order_by("-at", "-id")
    approved: set[str] = set()
    for event in events:
        if event.kind != EventKind.REPLY_APPROVED:
            break
        approved.add(str(event.data.get("role", "")))
    return next((role for role in APPROVAL_CHAIN if role not in approved), None)


def pending_approval_required(application: Application) -> bool:
    return Letterhead.objects.filter(agency_id=application.agency_id, reply_approval=True).exists()


@state_change
def approve_reply(
    *, acting_user: User, application: Application, note: str = "", version: int | None = None
) -> Application:
    """The next step of the reply's approval: the office head, then the deputy leader."""
    app = _open(application, version, acting_user, [Status.DECIDED], "审批答复")
    role = pending_approval(app)
    if role is None:
        raise ActionError("该答复无需审批或已审批完毕", "conflict")
    require_staff(acting_user, app.agency, role)
    _save(app)
    _event(app, EventKind.REPLY_APPROVED, acting_user, today(), note.strip(), role=role)
    return app


@state_change
def reply(
    *, acting_user: User, application: Application, on: dt.date, version: int | None = None
) -> Application:
    """The reply letter is issued (its text is generated from the decision), once approved where
    the agency asks for approval."""
    app = _open(application, version, acting_user, [Status.DECIDED], "出具答复")
    waiting = pending_approval(app)
    if waiting is not None:
        raise ActionError(f"答复书尚待{Role(waiting).label}审批，审批后才能出具", "conflict")
    check_ready_for_reply(app)  # what the reply delivers: a marked document redacted as marked
    _not_before(on, app.concluded_on or app.received_on, "答复日期", "决定日期")
    app.replied_on = on
    app.status = Status.REPLIED
    _save(app)
    _event(app, EventKind.REPLIED, acting_user, on)
    return app


@state_change
def mark_served(
    *, acting_user: User, application: Application, on: dt.date, how: str, version: int | None = None
) -> Application:
    """Served: handed over (signed for) or, by post, posted (国办公开办函〔2016〕235号)."""
    app = _open(application, version, acting_user, [Status.REPLIED], "登记送达")
    _not_before(on, app.replied_on or app.received_on, "送达日期", "答复日期")
    app.served_on = on
    app.status = Status.SERVED
    _save(app)
    late = bool(app.due_on and on > app.due_on)
    _event(app, EventKind.SERVED, acting_user, on, how.strip(), late=late)
    return app


@state_change
def close(
    *, acting_user: User, application: Application, on: dt.date | None = None, version: int | None = None
) -> Application:
    app = _open(application, version, acting_user, [Status.SERVED], "办结")
    day = on or today()
    _not_before(day, app.served_on or app.received_on, "办结日期", "送达日期")
    app.status = Status.CLOSED
    _save(app)
    _event(app, EventKind.CLOSED, acting_user, day)
    return app


# --- reconsideration and litigation ------------------------------------------------------------


@state_change
def file_appeal(
    *,
    acting_user: User,
    application: Application,
    kind: str,
    body: str,
    filed_on: dt.date,
    version: int | None = None,
) -> Appeal:
    app = _open(application, version, acting_user, None)
    if kind not in AppealKind.values or not body.strip():
        raise ActionError("请选择类型并填写复议机关或人民法院")
    if app.concluded_on is None:
        raise ActionError("申请尚未作出处理，不能登记复议或诉讼")
    _not_before(filed_on, app.concluded_on, "申请复议或起诉日期", "处理日期")
    appeal = Appeal.objects.create(
        application=app, agency=app.agency, kind=kind, body=body.strip(), filed_on=filed_on
    )
    _save(app)  # a new version: the same form posted twice files one appeal
    _event(app, EventKind.APPEAL_FILED, acting_user, filed_on, appeal_kind=kind, body=body.strip())
    return appeal


@state_change
def conclude_appeal(
    *,
    acting_user: User,
    appeal: Appeal,
    outcome: str,
    concluded_on: dt.date,
    note: str = "",
    version: int | None = None,
) -> Appeal:
    app = _lock(appeal.application, version)
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    require_staff(acting_user, app.agency, refusal="您不是本机关的工作人员，不能办理此申请")
    if appeal.concluded_on:
        raise ActionError("该复议或诉讼已登记结果", "conflict")
    if outcome not in AppealOutcome.values:
        raise ActionError("请选择结果：维持、纠正或其他")
    _not_before(concluded_on, appeal.filed_on, "审结日期", "申请复议或起诉日期")
    appeal.outcome, appeal.concluded_on, appeal.note = outcome, concluded_on, note.strip()
    appeal.save()
    _save(app)
    _event(
        app,
        EventKind.APPEAL_CONCLUDED,
        acting_user,
        concluded_on,
        note.strip(),
        appeal_kind=appeal.kind,
        outcome=outcome,
    )
    return appeal


# --- the calendar changed (core.calendar.calendar_changed) ----------------------------------------------------------------------


def recompute_open_cases(*, reason: str, **_signal: Any) -> int:
    """Every open case's reply deadline on the changed calendar, in the transaction that changed
    it (the receiver of core.calendar.calendar_changed). Returns how many cases changed."""
    calendar = current_calendar()
    changed = 0
    open_cases = (
        Application.objects.select_for_update()
        .filter(status__in=OPEN_STATUSES)
        .prefetch_related("consultations", "fee_notices")
    )
    for app in open_cases:
        before, was_provisional = app.due_on, app.due_provisional
        _refresh_due(app, calendar)
        if (app.due_on, app.due_provisional) != (before, was_provisional):
            _save(app)
            _event(
                app,
                EventKind.RECOMPUTED,
                None,
                today(),
                reason,
                actor_label="系统",
                before=before,
                after=app.due_on,
            )
            changed += 1
    return changed
