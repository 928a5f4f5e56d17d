"""The public side of 依申请公开: apply online, follow a case, the deadline calculator. No account.

An applicant reaches their case only through the session: the tracking code and the contact
given in the application put the case's id in the session, and every page below /track/case/
reads that id and nothing else from the request, so no URL or form field can name another case.
"""

from __future__ import annotations

import functools
import hmac
import logging
import secrets
import time
from collections.abc import Callable
from typing import Any, Concatenate, ParamSpec

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from gongkai.agencies.models import Agency
from gongkai.clock import ClockError, ClockSettings, reply_deadline
from gongkai.clock.deadlines import chinese_day, format_date
from gongkai.core import throttle
from gongkai.core import time as core_time
from gongkai.core.actions import ActionError, http_status
from gongkai.core.calendar import current_calendar

from .. import actions, letters, records
from ..forms.public import (
    ApplicationForm,
    DeadlineForm,
    TrackForm,
    WithdrawForm,
    contact_digits,
)
from ..masking import mask_address, mask_email, mask_id_number, mask_phone
from ..models import Application, Channel, Event, EventKind, Outcome, Status, Submission, SubmissionStatus
from ..receipt import receipt_response

P = ParamSpec("P")
logger = logging.getLogger(__name__)

# Session keys of the public side.
APPLY_TOKENS = "public.apply.tokens"  # one-time tokens of the application forms handed out
APPLY_USED = "public.apply.used"  # token -> application id, to answer a second submit
APPLY_DONE = "public.apply.done"  # the application just submitted, for the confirmation page
APPLY_PENDING = "public.apply.pending"  # the submission just sent, waiting for registration (待登记)
TRACKED = "public.track.case"  # {"id": application id, "at": last seen (epoch seconds)}
TRACKED_SUBMISSION = "public.track.submission"  # the same for a submission waiting for registration
FAILURES = "public.track.failures"  # epoch seconds of recent failed look-ups

MAX_OPEN_FORMS = 10  # tokens kept per session (several tabs)
MAX_FAILURES = 5
FAILURE_WINDOW = 10 * 60
TRACK_IDLE = 30 * 60  # a followed case is forgotten after half an hour without a visit

NO_MATCH = "查询码或联系方式不正确，请核对后重试。"
TOO_MANY = "查询失败次数过多，为保护申请人信息，请10分钟后再试。"


def too_many_lookups(wait: int) -> str:
    return f"查询失败次数过多，为保护申请人信息，{throttle.when(wait)}。"


def case_locked(wait: int) -> str:
    return (
        f"该申请的查询因多次输入错误的联系方式已被暂时锁定，为保护申请人信息，{throttle.when(wait)}；"
        "如需帮助，请与受理申请的机关联系。"
    )


def too_many_applications(wait: int) -> str:
    return f"提交申请过于频繁，{throttle.when(wait)}；如确有多项申请，可与受理机关联系或到现场提交。"


# What an applicant reads about the state of their case.
PLAIN_STATUS = {
    Status.REGISTERED: "已收到您的申请，正在安排办理。",
    Status.AWAITING_CORRECTION: "您的申请内容需要补正：请按补正告知的要求补充后提交，收到补正后重新计算答复期限。",
    Status.IN_PROGRESS: "正在办理。",
    Status.CONSULTING: "正在征求第三方或其他机关的意见，征求意见的时间不计入答复期限。",
    Status.AWAITING_FEE: "已向您发出信息处理费缴费通知，请按通知缴费；缴费期间不计入答复期限。",
    Status.DECIDED: "已作出答复决定，正在制作答复书。",
    Status.REPLIED: "已出具答复书，正在送达。",
    Status.SERVED: "答复书已送达。",
    Status.CLOSED: "本申请已办结。",
}

# The three 其他处理 rows say what happened in the report's words; the applicant reads this instead.
PLAIN_OUTCOME = {
    Outcome.OTHER_MISC: "申请已撤回，终止办理",
    Outcome.OTHER_NO_CORRECTION: "未在补正期限内补正，视为放弃申请",
    Outcome.OTHER_FEE_UNPAID: "未在缴费期限内缴纳信息处理费，视为放弃申请",
}

# Timeline lines an applicant sees; the assignment names a clerk and stays inside, and so do the
# work on the records (the applicant gets its result with the reply) and the reply's approval.
INTERNAL_EVENTS = (
    EventKind.ASSIGNED,
    EventKind.REPLY_APPROVED,
    EventKind.DOCUMENT_ADDED,
    EventKind.DOCUMENT_REMOVED,
    EventKind.DOCUMENT_DELIVERY,
    EventKind.REDACTION_MARKED,
    EventKind.REDACTION_UNMARKED,
    EventKind.REDACTION_APPLIED,
)
PUBLIC_EVENTS = [kind for kind in EventKind if kind not in INTERNAL_EVENTS]

LETTER_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _now() -> float:
    return time.time()


# --- letters -----------------------------------------------------------------------------------


# Letters addressed to the applicant; a consultation letter goes to a third party and stays inside.
APPLICANT_LETTERS = ("correction", "extension", "fee", "reply")
# The reply exists from the decision on, but it is the applicant's only once it is issued.
REPLY_ISSUED = (Status.REPLIED, Status.SERVED, Status.CLOSED)


def applicant_letters(application: Application) -> list[tuple[str, str]]:
    """(key, title) of the letters the applicant may download."""
    return [
        (key, title)
        for key, title in letters.available_letters(application)
        if key in APPLICANT_LETTERS and (key != "reply" or application.status in REPLY_ISSUED)
    ]


# --- apply -----------------------------------------------------------------------------------------


def _new_form_token(request: HttpRequest) -> str:
    token = secrets.token_hex(16)
    tokens = [*request.session.get(APPLY_TOKENS, []), token][-MAX_OPEN_FORMS:]
    request.session[APPLY_TOKENS] = tokens
    return token


def _follow(request: HttpRequest, application: Application) -> None:
    request.session.pop(TRACKED_SUBMISSION, None)
    request.session[TRACKED] = {"id": application.pk, "at": _now()}


def _follow_submission(request: HttpRequest, submission: Submission) -> None:
    request.session.pop(TRACKED, None)
    request.session[TRACKED_SUBMISSION] = {"id": submission.pk, "at": _now()}


def _show_sent(request: HttpRequest, token: str) -> HttpResponseRedirect | None:
    """The form with this token was sent already (registered, or waiting for registration): its
    confirmation page, as the token was handed to this session only. None if it was not."""
    registered = Application.objects.filter(form_token=token).values_list("pk", flat=True).first()
    waiting = Submission.objects.filter(form_token=token).values_list("pk", flat=True).first()
    if registered is None and waiting is None:
        return None
    messages.info(request, "您的申请已经提交，请勿重复提交。以下是该申请的登记信息。")
    if registered is not None:
        request.session.pop(APPLY_PENDING, None)
        request.session[APPLY_DONE] = registered
    else:
        request.session.pop(APPLY_DONE, None)
        request.session[APPLY_PENDING] = waiting
    return redirect("public:apply_done")


@never_cache
@require_http_methods(["GET", "POST"])
def apply(request: HttpRequest) -> HttpResponse:
    agencies = Agency.objects.all()
    if request.method != "POST":
        form = ApplicationForm(agencies=agencies)
        return _apply_page(request, form, _new_form_token(request))

    form = ApplicationForm(request.POST, agencies=agencies)
    token = request.POST.get("form_token", "")
    tokens: list[str] = request.session.get(APPLY_TOKENS, [])
    used: dict[str, int] = request.session.get(APPLY_USED, {})
    if token in used:
        messages.info(request, "您的申请已经提交，请勿重复提交。以下是该申请的登记信息。")
        request.session[APPLY_DONE] = used[token]
        return redirect("public:apply_done")
    # A form sent again after its session was renewed (another tab registered it a moment ago,
    # replacing the session): the token, random and handed to one browser, is the applicant's.
    if token and token not in tokens and (sent := _show_sent(request, token)) is not None:
        return sent
    if not token or token not in tokens:
        form.is_valid()
        form.add_error(None, "申请表已过期（可能因长时间未操作），请核对内容后再次提交。")
        return _apply_page(request, form, _new_form_token(request))
    if not form.is_valid():
        return _apply_page(request, form, token)

    data = form.cleaned_data
    # Counted against the address and each contact before the form is registered, and given back
    # if the action refuses it: forms sent at the same moment cannot all pass the check first.
    attempt = throttle.attempt(
        ("apply.address", throttle.client_address(request)),
        *(("apply.contact", contact) for contact in _contacts(data)),
    )
    if attempt.wait:
        form.add_error(None, too_many_applications(attempt.wait))
        return throttle.too_many(_apply_page(request, form, token), attempt.wait)
    day = core_time.today()
    if actions.registers_after_review(data["agency"]):
        return _submit_for_registration(request, form, token, tokens, attempt)
    try:
        # The token is spent by the registering transaction itself: if anything fails, both roll
        # back and the same form can be sent again; a second submit of a registered form is refused.
        application = actions.register_application(
            acting_user=None,
            agency=data["agency"],
            channel=Channel.ONLINE,
            # Online: received the day both sides confirm (Art. 31); the confirmation page is ours.
            submitted_on=day,
            received_on=day,
            form_token=token,
            **{name: data[name] for name in ApplicationForm.APPLICANT_FIELDS},
        )
    except actions.AlreadySubmitted:  # the same form sent twice at the same moment (two clicks)
        attempt.give_back()  # one application: counted by the other request
        # The token was handed to this session: the case is this applicant's.
        return _show_sent(request, token) or redirect("public:apply_done")
    except ActionError as exc:
        attempt.give_back()
        form.add_error(None, str(exc))
        return _apply_page(request, form, token)
    _sent(request, token, tokens)
    request.session[APPLY_USED] = dict([*used.items(), (token, application.pk)][-MAX_OPEN_FORMS:])
    request.session.pop(APPLY_PENDING, None)
    request.session[APPLY_DONE] = application.pk
    _follow(request, application)
    return redirect("public:apply_done")


def _submit_for_registration(
    request: HttpRequest,
    form: ApplicationForm,
    token: str,
    tokens: list[str],
    attempt: throttle.Attempt,
) -> HttpResponse:
    """The agency registers online applications after review: saved as 待登记, the token spent in
    the same transaction; the applicant gets the 查询码 now, the number and receipt at registration."""
    data = form.cleaned_data
    try:
        submission = actions.submit_for_registration(
            agency=data["agency"],
            data={name: data[name] for name in ApplicationForm.APPLICANT_FIELDS},
            submitted_at=core_time.now(),
            form_token=token,
        )
    except actions.AlreadySubmitted:
        attempt.give_back()
        return _show_sent(request, token) or redirect("public:apply_done")
    except ActionError as exc:
        attempt.give_back()
        form.add_error(None, str(exc))
        return _apply_page(request, form, token)
    _sent(request, token, tokens)
    request.session.pop(APPLY_DONE, None)
    request.session[APPLY_PENDING] = submission.pk
    _follow_submission(request, submission)
    return redirect("public:apply_done")


def _sent(request: HttpRequest, token: str, tokens: list[str]) -> None:
    """A form went in (counted already, throttle.attempt): its token no longer open, and a new
    session id once personal data is behind it."""
    request.session.cycle_key()
    request.session[APPLY_TOKENS] = [t for t in tokens if t != token]


def _contacts(data: dict[str, Any]) -> list[str]:
    """The phone number and e-mail address an application gives, as the per-contact limit counts them."""
    phone, email = contact_digits(data.get("phone") or ""), (data.get("email") or "").strip().lower()
    return [*([f"tel:{phone}"] if phone else []), *([f"mail:{email}"] if email else [])]


def _apply_page(request: HttpRequest, form: ApplicationForm, token: str) -> HttpResponse:
    return render(request, "applications/public/apply.html", {"form": form, "form_token": token})


@never_cache
@require_GET
def apply_done(request: HttpRequest) -> HttpResponse:
    waiting = request.session.get(APPLY_PENDING)
    if isinstance(waiting, int):
        submission = Submission.objects.select_related("agency").filter(pk=waiting).first()
        if submission is not None and submission.application_id is None:
            return render(
                request,
                "applications/public/apply_pending.html",
                {
                    "submission": submission,
                    "submitted": chinese_day(submission.submitted_on),
                    "code": grouped_code(submission.tracking_code),
                },
            )
        if submission is not None:  # registered since: the case's own confirmation
            request.session[APPLY_DONE] = submission.application_id
        request.session.pop(APPLY_PENDING, None)
    pk = request.session.get(APPLY_DONE)
    application = (
        Application.objects.select_related("agency").filter(pk=pk).first() if isinstance(pk, int) else None
    )
    if application is None:
        return redirect("public:apply")
    return render(
        request,
        "applications/public/apply_done.html",
        {
            "application": application,
            "received": chinese_day(application.received_on),
            "due": format_date(application.due_on) if application.due_on else "",
            "contact": _masked_contact(application),
            "code": grouped_code(application.tracking_code),
        },
    )


@never_cache
@require_GET
def apply_done_receipt(request: HttpRequest, fmt: str) -> HttpResponse:
    """The receipt, right after applying: this session's own application only."""
    pk = request.session.get(APPLY_DONE)
    application = (
        Application.objects.select_related("agency").filter(pk=pk).first() if isinstance(pk, int) else None
    )
    if application is None:
        return redirect("public:apply")
    return receipt_response(application, fmt)


# --- track -----------------------------------------------------------------------------------------


def _recent_failures(request: HttpRequest) -> list[float]:
    since = _now() - FAILURE_WINDOW
    return [t for t in request.session.get(FAILURES, []) if t > since]


def _contact_matches(phone: str, email: str, contact: str) -> bool:
    if "@" in contact:
        stored, given = email.strip().lower(), contact.strip().lower()
    else:
        stored, given = contact_digits(phone), contact_digits(contact)
    return bool(stored and given and hmac.compare_digest(stored.encode(), given.encode()))


def _by_code(code: str) -> tuple[Application | None, Submission | None]:
    """The case and the submission with this tracking code (a confirmed submission's case keeps its
    code, so there may be both)."""
    return (
        Application.objects.filter(tracking_code=code).first(),
        Submission.objects.filter(tracking_code=code).first(),
    )


def _reached(found: Application | Submission, contact: str) -> bool:
    """Whether `contact` is the phone or e-mail of the case or submission found by its code."""
    return _contact_matches(found.phone, found.email, contact)


@never_cache
@require_http_methods(["GET", "POST"])
def track(request: HttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "applications/public/track.html", {"form": TrackForm()})
    form = TrackForm(request.POST)
    failures = _recent_failures(request)
    address = throttle.client_address(request)

    def refused(message: str, wait: int) -> HttpResponse:
        form.add_error(None, message)
        page = render(request, "applications/public/track.html", {"form": form})
        return throttle.too_many(page, wait)

    # Counted per client address in the shared cache (a fresh cookie jar changes nothing), and
    # per session as before; a wrong contact for a real case counts against that case too.
    if wait := throttle.wait_for("track.address", address):
        form.is_valid()
        return refused(too_many_lookups(wait), wait)
    if len(failures) >= MAX_FAILURES:
        form.is_valid()
        return refused(TOO_MANY, FAILURE_WINDOW - int(_now() - min(failures)))
    if form.is_valid():
        code = form.cleaned_data["code"]
        if wait := throttle.locked_for("track.case", code):
            return refused(case_locked(wait), wait)
        # Counted before the look-up (per address, and for a real case per case: its wrong
        # contacts) and given back if it was right, so that guesses sent at the same moment cannot
        # all pass the checks above before any of them counts.
        application, submission = _by_code(code)
        real = application is not None or submission is not None
        attempt = throttle.attempt(("track.address", address), *([("track.case", code)] if real else []))
        if attempt.wait:
            if real and throttle.wait_for("track.case", code):  # its wrong contacts used up at once
                wait = _lock_tracking(code)
                return refused(case_locked(wait), wait)
            return refused(too_many_lookups(attempt.wait), attempt.wait)
        if application is not None and _reached(application, form.cleaned_data["contact"]):
            attempt.give_back()
            request.session.cycle_key()  # a new session id once personal data is behind it
            _follow(request, application)
            return redirect("public:track_case")
        if submission is not None and _reached(submission, form.cleaned_data["contact"]):
            attempt.give_back()
            request.session.cycle_key()
            _follow_submission(request, submission)
            return redirect("public:track_submission")
        request.session[FAILURES] = [*failures, _now()]
        # A real case, a wrong phone or e-mail: after too many the case's tracking locks for a
        # while (the applicant is told on this page, staff on the case's).
        if real and attempt.counts["track.case"] >= throttle.limit("track.case").attempts:
            _lock_tracking(code)
        form.add_error(None, NO_MATCH)
    return render(request, "applications/public/track.html", {"form": form})


def _lock_tracking(code: str) -> int:
    """Lock the tracking of the case with this code for the limit's window; the seconds it holds."""
    if wait := throttle.locked_for("track.case", code):
        return wait
    rule = throttle.limit("track.case")
    throttle.lock("track.case", code, rule.seconds)
    logger.warning("查询码 %s… 连续%d次联系方式错误，查询已锁定%d秒", code[:4], rule.attempts, rule.seconds)
    return rule.seconds


def followed_submission(request: HttpRequest) -> Submission | None:
    """The submission this session follows, or None (never followed, or idle too long)."""
    tracked = request.session.get(TRACKED_SUBMISSION)
    if not isinstance(tracked, dict) or not isinstance(tracked.get("id"), int):
        return None
    if _now() - float(tracked.get("at", 0)) > TRACK_IDLE:
        del request.session[TRACKED_SUBMISSION]
        return None
    submission = Submission.objects.select_related("agency").filter(pk=tracked["id"]).first()
    if submission is None:
        del request.session[TRACKED_SUBMISSION]
        return None
    if submission.application_id is not None:  # registered since: follow the case itself
        request.session[TRACKED] = {"id": submission.application_id, "at": _now()}
        del request.session[TRACKED_SUBMISSION]
        return None
    request.session[TRACKED_SUBMISSION] = {"id": submission.pk, "at": _now()}
    return submission


def followed_case(request: HttpRequest) -> Application | None:
    """The one case this session may see, or None (never followed, or idle too long)."""
    if TRACKED_SUBMISSION in request.session:
        followed_submission(request)  # a submission registered since becomes its case
    tracked = request.session.get(TRACKED)
    if not isinstance(tracked, dict) or not isinstance(tracked.get("id"), int):
        return None
    if _now() - float(tracked.get("at", 0)) > TRACK_IDLE:
        del request.session[TRACKED]
        return None
    application = (
        Application.objects.select_related("agency")
        .prefetch_related("consultations", "fee_notices")
        .filter(pk=tracked["id"])
        .first()
    )
    if application is None:
        del request.session[TRACKED]
        return None
    request.session[TRACKED] = {"id": application.pk, "at": _now()}
    return application


def _case_view(
    view: Callable[Concatenate[HttpRequest, Application, P], HttpResponse],
) -> Callable[Concatenate[HttpRequest, P], HttpResponse]:
    """The view gets the session's case; without one, the applicant is sent to the look-up form."""

    def wrapped(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> HttpResponse:
        application = followed_case(request)
        if application is None and followed_submission(request) is not None:
            return redirect("public:track_submission")
        if application is None:
            messages.info(request, "请先输入查询码和联系方式。")
            return redirect("public:track")
        return view(request, application, *args, **kwargs)

    functools.update_wrapper(wrapped, view)
    return never_cache(wrapped)


def grouped_code(code: str) -> str:
    """ABCDEFGHJKLM -> ABCD EFGH JKLM, easier to copy by hand; the look-up ignores the spaces."""
    return " ".join(code[i : i + 4] for i in range(0, len(code), 4))


def _masked_contact(application: Application) -> dict[str, str]:
    return {
        "id_number": mask_id_number(application.id_number) if application.id_number else "",
        "phone": mask_phone(application.phone) if application.phone else "",
        "email": mask_email(application.email) if application.email else "",
        "address": mask_address(application.address) if application.address else "",
    }


def _timeline(application: Application) -> list[dict[str, str]]:
    events = Event.objects.filter(application=application, kind__in=PUBLIC_EVENTS).order_by("on", "at", "id")
    lines = []
    for event in events:
        # The correction notice is addressed to the applicant: what to correct is theirs to read.
        detail = event.reason if event.kind == EventKind.CORRECTION_REQUESTED else ""
        lines.append(
            {
                "on": chinese_day(event.on),
                "iso": event.on.isoformat(),
                "what": event.get_kind_display(),
                "detail": detail,
            }
        )
    return lines


@never_cache
@require_GET
def track_submission(request: HttpRequest) -> HttpResponse:
    """待登记确认, or 不予登记 with the reason: the applicant's own submission only (the session's)."""
    submission = followed_submission(request)
    if submission is None:
        if followed_case(request) is not None:  # registered since
            return redirect("public:track_case")
        messages.info(request, "请先输入查询码和联系方式。")
        return redirect("public:track")
    waiting = submission.status == SubmissionStatus.PENDING
    return render(
        request,
        "applications/public/track_submission.html",
        {
            "submission": submission,
            "plain_status": SUBMISSION_STATUS[SubmissionStatus(submission.status)],
            "waiting": waiting,
            "withdrawn": submission.status == SubmissionStatus.WITHDRAWN,
            "submitted": chinese_day(submission.submitted_on),
            "decided": chinese_day(submission.decided_on) if submission.decided_on else "",
            "code": grouped_code(submission.tracking_code),
            "contact": {
                "phone": mask_phone(submission.phone) if submission.phone else "",
                "email": mask_email(submission.email) if submission.email else "",
            },
        },
    )


# What the applicant reads of a submission's status (a registered one shows its case instead).
SUBMISSION_STATUS = {
    SubmissionStatus.PENDING: "待登记确认",
    SubmissionStatus.REGISTERED: "已登记",
    SubmissionStatus.NOT_REGISTERED: "不予登记",
    SubmissionStatus.WITHDRAWN: "已撤回",
}


@never_cache
@require_http_methods(["GET", "POST"])
def withdraw_submission(request: HttpRequest) -> HttpResponse:
    """The applicant withdraws the online application still waiting in 待登记: a confirmation page,
    then the POST (the session's own submission only)."""
    submission = followed_submission(request)
    if submission is None:
        if followed_case(request) is not None:  # registered since: withdrawn as a case
            return redirect("public:track_case")
        messages.info(request, "请先输入查询码和联系方式。")
        return redirect("public:track")
    if submission.status != SubmissionStatus.PENDING:
        messages.error(
            request,
            f"该网上申请当前状态为“{SUBMISSION_STATUS[SubmissionStatus(submission.status)]}”，不能撤回。",
        )
        return redirect("public:track_submission")
    return _withdrawal(
        request,
        "applications/public/withdraw_submission.html",
        {"submission": submission},
        version=submission.version,
        withdraw=lambda reason, version: actions.withdraw_submission(
            submission=submission, reason=reason, version=version
        ),
        done="public:track_submission",
        message="您的网上申请已撤回，不再登记和答复。",
    )


def _withdrawal(
    request: HttpRequest,
    template: str,
    context: dict[str, Any],
    *,
    version: int,
    withdraw: Callable[[str, int], object],
    done: str,
    message: str,
) -> HttpResponse:
    """The applicant's withdrawal, of a case or of a submission waiting in 待登记: a page that asks
    (GET changes nothing), then the POST with the version the page was shown at; refused with
    the action's message and status, or 409 when the page has lost its version."""
    if request.method != "POST":
        return render(request, template, {**context, "form": WithdrawForm(initial={"version": version})})
    form = WithdrawForm(request.POST)
    status = 400
    if form.is_valid():
        try:
            withdraw(form.cleaned_data["reason"], form.cleaned_data["version"])
        except ActionError as exc:
            form.add_error(None, str(exc))
            status = http_status(exc)
        else:
            messages.success(request, message)
            return redirect(done)
    elif "version" in form.errors:
        form.add_error(None, "页面已过期，请返回办理进度页面后重新操作。")
        status = 409
    return render(request, template, {**context, "form": form}, status=status)


@_case_view
@require_GET
def track_case(request: HttpRequest, application: Application) -> HttpResponse:
    deadline = actions.deadline_of(application)
    return render(
        request,
        "applications/public/track_case.html",
        {
            "application": application,
            "plain_status": PLAIN_STATUS.get(Status(application.status), application.get_status_display()),
            # The outcome is the reply's to tell: until it is issued, the decision may wait for
            # approval or be corrected.
            "plain_outcome": PLAIN_OUTCOME.get(
                Outcome(application.outcome), application.get_outcome_display()
            )
            if application.outcome and application.status != Status.DECIDED
            else "",
            "received": chinese_day(application.received_on),
            "corrected": chinese_day(application.corrected_on) if application.corrected_on else "",
            "due": format_date(application.due_on) if application.due_on else "",
            "steps": deadline.steps,
            "timeline": _timeline(application),
            "contact": _masked_contact(application),
            "letters": applicant_letters(application),
            "documents": [
                {"name": records.delivered_file(d)[1], "url": reverse("public:record", args=[d.pk])}
                for d in records.downloadable_by_applicant(application)
            ],
            "concluded": chinese_day(application.concluded_on) if application.concluded_on else "",
        },
    )


@_case_view
@require_GET
def letter(request: HttpRequest, application: Application, key: str, fmt: str) -> HttpResponse:
    titles = dict(applicant_letters(application))
    if fmt not in LETTER_TYPES or key not in titles:
        raise Http404("没有该文书")
    try:
        content = letters.render_letter(application, key, fmt)
    except letters.LetterRefused:  # the agency has a setting to fill in; the applicant is not told which
        message = "该文书暂时无法生成，受理机关正在完善文书设置，请稍后再试或与受理机关联系。"
        return HttpResponse(message, status=409, content_type="text/plain; charset=utf-8")
    response = HttpResponse(content, content_type=LETTER_TYPES[fmt])
    filename = f"{application.number}-{titles[key]}.{fmt}"
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=filename) or ""
    response["Cache-Control"] = "no-store, private"
    return response


@_case_view
@require_GET
def track_receipt(request: HttpRequest, application: Application, fmt: str) -> HttpResponse:
    return receipt_response(application, fmt)


@_case_view
@require_http_methods(["GET", "POST"])
def withdraw(request: HttpRequest, application: Application) -> HttpResponse:
    if not application.is_open:
        messages.error(request, f"申请当前状态为“{application.get_status_display()}”，不能撤回。")
        return redirect("public:track_case")
    return _withdrawal(
        request,
        "applications/public/withdraw.html",
        {"application": application},
        version=application.version,
        withdraw=lambda reason, version: actions.withdraw(
            acting_user=None, application=application, on=core_time.today(), reason=reason, version=version
        ),
        done="public:track_case",
        message="您的申请已撤回，本案办结。",
    )


@require_POST
def track_leave(request: HttpRequest) -> HttpResponseRedirect:
    request.session.pop(TRACKED, None)
    request.session.pop(TRACKED_SUBMISSION, None)
    request.session.pop(APPLY_DONE, None)
    request.session.pop(APPLY_PENDING, None)
    messages.info(request, "已退出查询。")
    return redirect(reverse("public:track"))


# --- the deadline calculator ------------------------------------------------------------------


@require_GET
def deadline(request: HttpRequest) -> HttpResponse:
    form = DeadlineForm(request.GET if "received" in request.GET else None)
    context: dict[str, Any] = {"form": form}
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        try:
            result = reply_deadline(
                data["received"],
                corrected=data.get("corrected"),
                extension_days=actions.MAX_EXTENSION_DAYS if data.get("extended") else 0,
                pauses=form.pauses(),
                calendar=current_calendar(),
                settings=ClockSettings(fee_payment_paused=settings.GONGKAI_FEE_PERIOD_PAUSES_CLOCK),
            )
        except ClockError as exc:
            form.add_error(None, str(exc))
        else:
            context["result"] = result
            context["due"] = format_date(result.due)
            context["notice_due"] = format_date(result.correction_notice_due.due)
    return render(request, "applications/public/deadline.html", context)
