"""E-mail to applicants and staff, through an outbox.

Every message is a Notification row written in the transaction of the step that causes it (the
applicant chose 「通过电子邮件接收通知」): a step that rolls back leaves no message, and a message
whose step committed is never lost. After the commit the background worker (tasks.py, huey) is
asked to deliver it; a periodic sweep asks again for every message that is due, so a worker that
was down, a queue that lost its task or a mail server that refused it only delays the message.

Sending once. The worker claims a message with a conditional UPDATE (pending and due → sending),
committed before it talks to the mail server, so two workers never send the same message: the
second one's UPDATE finds it no longer pending and does nothing. After the server has taken the
message it is marked sent. A failure (the server down, refused, timed out) puts it back to
pending with the error, the attempt counted and the next attempt later each time (1, 2, 4, …
minutes, at most 6 hours); after MAX_ATTEMPTS it is 「发送失败」 and waits for the administrator's
「重新发送」 in the back office.

The crash window: a worker that dies after the server took the message and before it was marked
sent leaves it 「发送中」. The sweep sends such a message again once its claim is older than
STALE_CLAIM (far longer than one SMTP conversation may take, EMAIL_TIMEOUT), so the window can
cause a duplicate, never a loss: for a receipt with a 查询码 or a deadline, a second copy is
the lesser harm. Both copies carry the same Message-ID, which mail programs use to fold them.

The applicant is told of: the registration (the receipt: number, 查询码, day received, deadline
with its explanation, the receipt PDF attached), a correction request, an extension, a fee notice
(amount, the last day to pay, how to pay), the reply
(the decision, told with its letter: before the reply is issued a decision may still wait for
approval or be corrected, so the applicant hears of it once it is theirs to download on /track/,
with any documents delivered with it) and the correction of a reply already issued. Staff get a
daily digest. Mails are written when the step is taken (what was true then); the receipt's PDF
is made when it is sent. SMS is not sent: the platform has no SMS gateway to talk to.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from email.utils import parseaddr

from django.conf import settings
from django.contrib.auth.models import User
from django.core.mail import EmailMultiAlternatives
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone

from gongkai.agencies.models import Agency, Membership, Role
from gongkai.clock.deadlines import chinese_day
from gongkai.core.names import person_name

from . import records
from .models import (
    ApplicantKind,
    Application,
    Event,
    EventKind,
    Letterhead,
    Notification,
    NotificationKind,
    NotificationStatus,
    Outcome,
    Submission,
)

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 10
FIRST_RETRY = dt.timedelta(minutes=1)
LONGEST_WAIT = dt.timedelta(hours=6)
STALE_CLAIM = dt.timedelta(minutes=15)
DIGEST_ROLES = (Role.CLERK, Role.OFFICE_HEAD)
DIGEST_HOUR = 8  # the digest goes out from 08:00 local time
SOON_WORKING_DAYS = 3


@dataclass
class Mail:
    """A message as data; mail.txt and mail.html render the same content as text and HTML."""

    subject: str
    greeting: str
    paragraphs: list[str]
    facts: list[tuple[str, str]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    link: str = ""
    link_text: str = ""
    tables: list[tuple[str, list[list[str]]]] = field(default_factory=list)  # (title, rows)
    table_header: list[str] = field(default_factory=list)
    signature: list[str] = field(default_factory=list)

    def render(self) -> tuple[str, str]:
        context = {"mail": self}
        text = render_to_string("applications/mail/mail.txt", context)
        html = render_to_string("applications/mail/mail.html", context)
        return text.strip() + "\n", html


# --- who sends, and where links point ------------------------------------------------------------


def site_url(path: str) -> str:
    return settings.GONGKAI_SITE_URL.rstrip("/") + path


def agency_name(agency: Agency) -> str:
    head = Letterhead.objects.filter(agency=agency).first()
    return (head.full_name if head else "") or agency.name


def _signature(agency: Agency) -> list[str]:
    head = Letterhead.objects.filter(agency=agency).first()
    lines = [(head.full_name if head else "") or agency.name]
    if head and head.address:
        lines.append(f"地址：{head.address}")
    if head and head.phone:
        lines.append(f"联系电话：{head.phone}")
    return lines


# --- the applicant's mails -----------------------------------------------------------------------


def _track_link(mail: Mail) -> Mail:
    mail.link = site_url("/track/")
    mail.link_text = "查询办理进度、下载告知书和答复书"
    return mail


def _receipt(app: Application, event: Event) -> Mail:
    from .actions import deadline_of  # actions writes the outbox: both imported when used
    from .receipt import grouped

    deadline = deadline_of(app)
    due = chinese_day(deadline.due) + ("（暂定）" if deadline.provisional else "")
    return _track_link(
        Mail(
            subject=f"政府信息公开申请受理回执（{app.number}）",
            greeting=f"{app.applicant_name}：",
            paragraphs=[
                f"{agency_name(app.agency)}已收到您的政府信息公开申请，登记如下。申请回执（PDF）见附件。"
            ],
            facts=[
                ("登记号", app.number),
                ("查询码", grouped(app.tracking_code)),
                ("收到申请之日", chinese_day(app.received_on)),
                ("答复期限", due),
            ],
            notes=[
                "答复期限的计算：",
                *(f"（{n}）{step}" for n, step in enumerate(deadline.steps, 1)),
                "请妥善保管查询码，勿告知他人。凭查询码和申请时填写的联系电话或电子邮箱，"
                "可在下面的网址查询办理进度、下载告知书和答复书。",
            ],
            signature=_signature(app.agency),
        )
    )


def _correction(app: Application, event: Event) -> Mail:
    return _track_link(
        Mail(
            subject=f"请补正您的政府信息公开申请（{app.number}）",
            greeting=f"{app.applicant_name}：",
            paragraphs=[
                f"您于{chinese_day(app.received_on)}提出的政府信息公开申请（登记号{app.number}）内容不够明确，"
                "根据《中华人民共和国政府信息公开条例》第三十条的规定，请您补正以下事项：",
                event.reason,
                "答复期限自本机关收到补正后的申请之日起计算。无正当理由逾期不补正的，视为放弃申请。"
                "《补正申请告知书》可在下面的网址下载。",
            ],
            facts=[("告知补正日期", chinese_day(event.on))],
            signature=_signature(app.agency),
        )
    )


def _extension(app: Application, event: Event) -> Mail:
    due = app.due_on
    return _track_link(
        Mail(
            subject=f"您的政府信息公开申请答复期限已延长（{app.number}）",
            greeting=f"{app.applicant_name}：",
            paragraphs=[
                f"您提出的政府信息公开申请（登记号{app.number}）因{event.reason.rstrip('。')}，"
                "经本机关政府信息公开工作机构负责人同意，根据《中华人民共和国政府信息公开条例》第三十三条的规定，"
                "答复期限延长20个工作日。《延长答复期限告知书》可在下面的网址下载。",
            ],
            facts=[
                (
                    "延长后的答复期限",
                    chinese_day(due) + ("（暂定）" if app.due_provisional else "") if due else "",
                )
            ],
            signature=_signature(app.agency),
        )
    )


def _fee(app: Application, event: Event) -> Mail:
    head = Letterhead.objects.filter(agency=app.agency).first()
    pay_by = dt.date.fromisoformat(str(event.data["pay_by"]))
    paragraphs = [
        f"您提出的政府信息公开申请（登记号{app.number}），根据《中华人民共和国政府信息公开条例》第四十二条和"
        "《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）的规定，需缴纳信息处理费。"
        "请在下列期限内缴纳；逾期未缴纳的，视为放弃申请。"
        + ("缴费期间不计算在答复期限内。" if settings.GONGKAI_FEE_PERIOD_PAUSES_CLOCK else "")
        + "《收费通知书》可在下面的网址下载。",
    ]
    facts = [("应缴金额", f"{int(event.data['amount']):,}元"), ("缴费期限", f"{chinese_day(pay_by)}前")]
    if head and head.fee_payment:
        facts.append(("缴费方式", head.fee_payment))
    return _track_link(
        Mail(
            subject=f"请缴纳政府信息公开信息处理费（{app.number}）",
            greeting=f"{app.applicant_name}：",
            paragraphs=paragraphs,
            facts=facts,
            signature=_signature(app.agency),
        )
    )


def _reply(app: Application, event: Event) -> Mail:
    facts = [("办理结果", Outcome(app.outcome).label if app.outcome else "")]
    if app.letter_number:
        facts.append(("答复书文号", app.letter_number))
    facts.append(("答复日期", chinese_day(event.on)))
    documents = records.delivered_documents(app)
    if documents:  # named here, downloaded on /track/ (a mail is no place for large files)
        facts.append(("所附材料", "；".join(doc.delivered_name for doc in documents)))
    return _track_link(
        Mail(
            subject=f"您的政府信息公开申请已作出答复（{app.number}）",
            greeting=f"{app.applicant_name}：",
            paragraphs=[
                f"对您提出的政府信息公开申请（登记号{app.number}），本机关已作出答复。"
                "答复书及所附材料已可在下面的网址查看和下载，以答复书为准。",
            ],
            facts=facts,
            signature=_signature(app.agency),
        )
    )


def _reply_corrected(app: Application, event: Event) -> Mail | None:
    if not app.events.filter(kind=EventKind.REPLIED).exists():
        return None  # corrected before the reply was issued: the applicant has been told nothing yet
    if app.replied_on is None:  # the corrected reply is approved afresh before it is issued
        after = "更正后的答复书经审批出具后，将另行通知您。"
    else:
        after = "更正后的答复书已可在下面的网址查看和下载。"
    return _track_link(
        Mail(
            subject=f"您的政府信息公开申请的答复已更正（{app.number}）",
            greeting=f"{app.applicant_name}：",
            paragraphs=[
                f"本机关对您提出的政府信息公开申请（登记号{app.number}）所作的答复已更正，以更正后的答复书为准。{after}"
            ],
            facts=[("更正后的办理结果", Outcome(app.outcome).label), ("更正理由", event.reason)],
            signature=_signature(app.agency),
        )
    )


APPLICANT_MAILS: dict[str, tuple[NotificationKind, Callable[[Application, Event], Mail | None], str]] = {
    EventKind.REGISTERED: (NotificationKind.RECEIPT, _receipt, "receipt"),
    EventKind.CORRECTION_REQUESTED: (NotificationKind.CORRECTION, _correction, ""),
    EventKind.EXTENDED: (NotificationKind.EXTENSION, _extension, ""),
    EventKind.FEE_NOTIFIED: (NotificationKind.FEE, _fee, ""),
    EventKind.REPLIED: (NotificationKind.REPLY, _reply, ""),
    EventKind.DECISION_CORRECTED: (NotificationKind.REPLY_CORRECTED, _reply_corrected, ""),
}


def notify_applicant(event: Event) -> Notification | None:
    """The mail a step of the case owes the applicant, put in the outbox in the step's transaction
    (nothing when the applicant did not choose e-mail, or the step tells them nothing)."""
    found = APPLICANT_MAILS.get(event.kind)
    app = event.application
    if found is None or not (app.notify_by_email and app.email):
        return None
    kind, compose, attachment = found
    mail = compose(app, event)
    if mail is None:
        return None
    return queue(
        kind, app.email, mail, sender=agency_name(app.agency), application=app, attachment=attachment
    )


# --- 待登记: an online application waiting for the office to confirm it ---------------------------


def notify_submitted(sub: Submission) -> Notification | None:
    """「已收到，待确认」: short, no receipt (the receipt goes with the registration)."""
    if not sub.notify_by_email:
        return None
    from .receipt import grouped

    mail = _track_link(
        Mail(
            subject="您的政府信息公开申请已收到，待确认登记",
            greeting=f"{sub.applicant_name}：",
            paragraphs=[
                f"{agency_name(sub.agency)}已收到您在线提交的政府信息公开申请，工作人员确认后即予登记，"
                "收到申请之日为确认登记之日，答复期限自该日起计算。登记后，本机关将另行发送申请回执。"
            ],
            facts=[("查询码", grouped(sub.tracking_code)), ("提交日期", chinese_day(sub.submitted_on))],
            notes=["请妥善保管查询码，勿告知他人。凭查询码和申请时填写的联系电话或电子邮箱可查询办理进度。"],
            signature=_signature(sub.agency),
        )
    )
    return queue(NotificationKind.SUBMITTED, sub.email, mail, sender=agency_name(sub.agency))


def notify_not_registered(sub: Submission) -> Notification | None:
    """不予登记, with the reason, when the applicant chose e-mail."""
    if not sub.notify_by_email:
        return None
    mail = _track_link(
        Mail(
            subject="您在线提交的申请未予登记为政府信息公开申请",
            greeting=f"{sub.applicant_name}：",
            paragraphs=[
                f"您于{chinese_day(sub.submitted_on)}在线提交的申请，经{agency_name(sub.agency)}审查，"
                "不属于政府信息公开申请，未予登记。理由如下：",
                sub.reason,
            ],
            signature=_signature(sub.agency),
        )
    )
    return queue(NotificationKind.NOT_REGISTERED, sub.email, mail, sender=agency_name(sub.agency))


# --- the outbox ------------------------------------------------------------------------------------


def queue(
    kind: str,
    recipient: str,
    mail: Mail,
    *,
    sender: str,
    application: Application | None = None,
    attachment: str = "",
    dedupe_key: str | None = None,
) -> Notification:
    """Write the message in the caller's transaction; the worker is asked for it once that commits."""
    text, html = mail.render()
    note = Notification.objects.create(
        kind=kind,
        application=application,
        recipient=recipient,
        from_name=sender,
        subject=mail.subject,
        text=text,
        html=html,
        attachment=attachment,
        dedupe_key=dedupe_key,
        next_attempt_at=timezone.now(),
    )
    transaction.on_commit(lambda: _ask_worker(note.pk), robust=True)
    return note


def _ask_worker(pk: int) -> None:
    from .tasks import deliver_task  # the worker's module loads huey

    deliver_task(pk)


def backoff(attempts: int) -> dt.timedelta:
    """The wait after the n-th failed attempt: 1, 2, 4, … minutes, at most LONGEST_WAIT."""
    return min(FIRST_RETRY * (1 << max(attempts - 1, 0)), LONGEST_WAIT)


@dataclass(frozen=True)
class Delivery:
    sent: bool
    retry_at: dt.datetime | None = None  # when to try again (None: nothing more to do now)


def deliver(pk: int) -> Delivery:
    """Send one message if it is due and nobody else has it. Safe to call any number of times."""
    now = timezone.now()
    claimed = Notification.objects.filter(
        pk=pk, status=NotificationStatus.PENDING, next_attempt_at__lte=now
    ).update(status=NotificationStatus.SENDING, claimed_at=now, attempts=F("attempts") + 1)
    if not claimed:
        return Delivery(sent=False)
    note = Notification.objects.select_related("application").get(pk=pk)
    try:
        _message(note).send()
    except Exception as exc:  # any failure of the server or the network: keep the message, try again
        log.warning("邮件 %s 发送失败（第%s次）：%s", pk, note.attempts, exc)
        failed = note.attempts >= MAX_ATTEMPTS
        retry_at = None if failed else timezone.now() + backoff(note.attempts)
        Notification.objects.filter(pk=pk, status=NotificationStatus.SENDING).update(
            status=NotificationStatus.FAILED if failed else NotificationStatus.PENDING,
            last_error=f"{type(exc).__name__}: {exc}"[:2000],
            next_attempt_at=retry_at,
            claimed_at=None,
        )
        return Delivery(sent=False, retry_at=retry_at)
    Notification.objects.filter(pk=pk).update(
        status=NotificationStatus.SENT, sent_at=timezone.now(), claimed_at=None, next_attempt_at=None
    )
    return Delivery(sent=True)


_UNSAFE_IN_NAME = re.compile(r'["<>,;]')


def _message(note: Notification) -> EmailMultiAlternatives:
    address = parseaddr(settings.DEFAULT_FROM_EMAIL)[1] or settings.DEFAULT_FROM_EMAIL
    mail = EmailMultiAlternatives(
        subject=note.subject,
        body=note.text,
        # Django encodes the name in the header; quotes, commas and brackets would split it.
        from_email=f"{_UNSAFE_IN_NAME.sub('', note.from_name)} <{address}>",
        to=[note.recipient],
        headers={"Message-ID": f"<gongkai-notice-{note.pk}@{address.rpartition('@')[2] or 'localhost'}>"},
    )
    if note.html:
        mail.attach_alternative(note.html, "text/html")
    if note.attachment == "receipt" and note.application is not None:
        from .receipt import receipt_pdf

        mail.attach(
            f"{note.application.number}-申请回执.pdf", receipt_pdf(note.application), "application/pdf"
        )
    return mail


def due_messages(now: dt.datetime | None = None) -> list[int]:
    """Messages to (re)send now: pending and due, and those whose sender died mid-way (STALE_CLAIM).
    A stale claim is handed back to pending here, so that deliver() may claim it again."""
    now = now or timezone.now()
    Notification.objects.filter(status=NotificationStatus.SENDING, claimed_at__lt=now - STALE_CLAIM).update(
        status=NotificationStatus.PENDING, claimed_at=None, next_attempt_at=now
    )
    return list(
        Notification.objects.filter(status=NotificationStatus.PENDING, next_attempt_at__lte=now)
        .order_by("next_attempt_at", "id")
        .values_list("pk", flat=True)[:500]
    )


def resend(notes: Iterable[Notification]) -> int:
    """The administrator's 「重新发送」: unsent or failed messages go back to the queue now (a sent
    one is left alone: it reached the mail server)."""
    pks = [n.pk for n in notes if n.status in (NotificationStatus.PENDING, NotificationStatus.FAILED)]
    count = Notification.objects.filter(
        pk__in=pks, status__in=[NotificationStatus.PENDING, NotificationStatus.FAILED]
    ).update(status=NotificationStatus.PENDING, next_attempt_at=timezone.now())
    for pk in pks:
        transaction.on_commit(lambda pk=pk: _ask_worker(pk), robust=True)  # type: ignore[misc]
    return count


# --- the staff's daily digest ----------------------------------------------------------------------


def mask_name(name: str) -> str:
    """张三 -> 张*, 王小明 -> 王**: a person's name keeps its first character."""
    name = name.strip()
    return name[:1] + "*" * (len(name) - 1)


def _digest_row(case: Application) -> list[str]:
    return [
        case.number,
        # A person's name is masked; an organisation's name is not personal data.
        mask_name(case.applicant_name)
        if case.applicant_kind == ApplicantKind.NATURAL_PERSON
        else case.applicant_name,
        case.agency.name,
        chinese_day(case.received_on),
        (chinese_day(case.due_on) if case.due_on else "") + ("（暂定）" if case.due_provisional else ""),
        case.get_status_display(),
        person_name(case.assignee) if case.assignee else "未分派",
        site_url(f"/work/cases/{case.pk}/"),
    ]


def digest_for(user: User, day: dt.date) -> Mail | None:
    """The user's digest of `day`: the open cases of the agencies where they are a clerk or the
    head of the disclosure office, due within 3 working days and overdue. None when there are none."""
    from gongkai.core.calendar import current_calendar

    from .selectors import workbench

    agencies = list(
        Membership.objects.filter(user=user, role__in=DIGEST_ROLES).values_list("agency_id", flat=True)
    )
    if not agencies:
        return None
    soon = current_calendar().add_working_days(day, SOON_WORKING_DAYS)
    lists = workbench(user, day, soon)
    due_soon = list(lists["due_soon"].filter(agency__in=agencies).order_by("due_on", "id"))
    overdue = list(lists["overdue"].filter(agency__in=agencies).order_by("due_on", "id"))
    if not (due_soon or overdue):
        return None
    name = person_name(user)
    return Mail(
        subject=f"政府信息公开申请到期提醒（{chinese_day(day)}）：{len(overdue)}件已超期，{len(due_soon)}件3个工作日内到期",
        greeting=f"{name}：",
        paragraphs=[
            f"截至{chinese_day(day)}，您所在机关尚未作出决定的政府信息公开申请中，"
            f"{len(overdue)}件已超过答复期限，{len(due_soon)}件将在3个工作日内（{chinese_day(soon)}前，含当日）到期。"
        ],
        table_header=[
            "登记号",
            "申请人",
            "受理机关",
            "收到申请之日",
            "答复期限",
            "状态",
            "承办人",
            "办理页面",
        ],
        tables=[
            ("已超期", [_digest_row(c) for c in overdue]),
            ("3个工作日内到期", [_digest_row(c) for c in due_soon]),
        ],
        notes=["申请人的证件号码、联系电话等个人信息不在邮件中列出，请登录工作台查看。"],
        signature=[settings.GONGKAI_SITE_NAME],
    )


def queue_digests(day: dt.date) -> int:
    """One digest for each clerk and head of a disclosure office with an e-mail address and
    something due; run twice on a day (the worker's schedule and cron), it queues each once."""
    users = (
        User.objects.filter(is_active=True, memberships__role__in=DIGEST_ROLES)
        .exclude(Q(email="") | Q(email__isnull=True))
        .distinct()
        .order_by("pk")
    )
    count = 0
    for user in users:
        mail = digest_for(user, day)
        if mail is None:
            continue
        try:
            with transaction.atomic():
                queue(
                    NotificationKind.DIGEST,
                    user.email,
                    mail,
                    sender=settings.GONGKAI_SITE_NAME,
                    dedupe_key=f"digest:{user.pk}:{day.isoformat()}",
                )
        except IntegrityError:  # this day's digest for this person is in the outbox already
            continue
        count += 1
    return count


def queue_todays_digests_once() -> int:
    """Today's digests, from 08:00 on, once: the worker's 08:00 task, and every sweep after it
    (a worker that was down at 08:00 sends them when it is back). The shared cache remembers the
    day is done; two at once still queue each person's digest once (the outbox's dedupe key)."""
    from django.core.cache import cache

    from gongkai.core.time import now, today

    day = today()
    key = f"gongkai:digest-queued:{day.isoformat()}"
    if now().hour < DIGEST_HOUR or cache.get(key):
        return 0
    count = queue_digests(day)
    cache.set(key, True, timeout=2 * 24 * 3600)
    return count
