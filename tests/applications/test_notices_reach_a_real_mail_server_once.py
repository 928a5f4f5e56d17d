"""Mail to a real SMTP server on 127.0.0.1 (aiosmtpd, started here on a free port): the receipt of
an online application arrives with its 查询码 and PDF; a server that is down loses nothing (the
worker retries with backoff, the attempts and error recorded, visible and resendable in the back
office) and, once it is up, receives the message exactly once."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import socket
from collections.abc import Callable, Iterator
from email.message import EmailMessage
from typing import Any

import pytest
from aiosmtpd.controller import Controller
from django.contrib.auth.models import User
from django.test import Client
from huey.contrib.djhuey import HUEY
from huey.storage import MemoryStorage

from gongkai.agencies.models import Agency
from gongkai.applications import notices, tasks
from gongkai.applications.models import Application, Notification, NotificationStatus
from tests.factories import application
from tests.travel import SHANGHAI, travel_to

from .test_public_online_application_registers_a_case import filled_in, form_token

pytestmark = pytest.mark.django_db

Capture = Callable[..., Any]


class Inbox:
    """aiosmtpd's handler: every message the server accepted, parsed."""

    def __init__(self) -> None:
        self.messages: list[EmailMessage] = []
        self.recipients: list[list[str]] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        parsed = email.message_from_bytes(envelope.original_content, policy=email.policy.default)
        assert isinstance(parsed, EmailMessage)
        self.messages.append(parsed)
        self.recipients.append(list(envelope.rcpt_tos))
        return "250 Message accepted for delivery"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


class MailServer:
    def __init__(self, port: int) -> None:
        self.port = port
        self.inbox = Inbox()
        self.controller: Controller | None = None

    def start(self) -> None:
        self.controller = Controller(self.inbox, hostname="127.0.0.1", port=self.port)
        self.controller.start()

    def stop(self) -> None:
        if self.controller is not None:
            self.controller.stop()
            self.controller = None


@pytest.fixture
def mail_server(settings: Any) -> Iterator[MailServer]:
    """A server on a free port, not started: the test starts it (or leaves the port closed)."""
    server = MailServer(free_port())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_TIMEOUT = 5
    settings.DEFAULT_FROM_EMAIL = "gongkai@example.gov.cn"
    yield server
    server.stop()


def grouped(code: str) -> str:
    return f"{code[:4]} {code[4:8]} {code[8:]}"


@pytest.mark.slow
def test_the_receipt_of_an_online_application_arrives_at_the_smtp_server_with_code_and_pdf(
    client: Client, bureau: Agency, mail_server: MailServer, django_capture_on_commit_callbacks: Capture
) -> None:
    mail_server.start()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/apply/", {**filled_in(bureau, notify_by_email="on"), "form_token": form_token(client)}
        )
    assert response.status_code == 302
    case = Application.objects.get()

    [message] = mail_server.inbox.messages
    assert mail_server.inbox.recipients == [["zhangsan@example.com"]]
    # A long non-ASCII subject is folded onto its own line; mail programs drop the folding space.
    assert message["Subject"].strip() == "政府信息公开申请受理回执（SXZRZY-2026-00001）"
    assert message["From"].addresses[0].display_name == "示例县自然资源局"
    assert message["From"].addresses[0].addr_spec == "gongkai@example.gov.cn"
    text = message.get_body(preferencelist=("plain",))
    assert text is not None
    assert f"查询码：{grouped(case.tracking_code)}" in text.get_content()
    html = message.get_body(preferencelist=("html",))
    assert html is not None
    assert grouped(case.tracking_code) in html.get_content()
    [pdf] = list(message.iter_attachments())
    assert pdf.get_content_type() == "application/pdf"
    assert pdf.get_filename() == "SXZRZY-2026-00001-申请回执.pdf"
    assert pdf.get_content().startswith(b"%PDF")
    note = Notification.objects.get()
    assert (note.status, note.attempts) == (NotificationStatus.SENT, 1)


def _case_by_email(bureau: Agency, clerk: User) -> Application:
    return application(
        bureau, clerk, received=dt.date(2026, 6, 30), email="lisi@example.com", notify_by_email=True
    )


def test_a_mail_server_that_is_down_then_up_gets_the_message_exactly_once(
    bureau: Agency, clerk: User, mail_server: MailServer, django_capture_on_commit_callbacks: Capture
) -> None:
    # The port is closed: the registration commits, its receipt waits in the outbox.
    with django_capture_on_commit_callbacks(execute=True):
        case = _case_by_email(bureau, clerk)
    note = Notification.objects.get(application=case)
    assert note.status == NotificationStatus.PENDING
    assert note.attempts == 1
    assert "ConnectionRefusedError" in note.last_error
    # First retry a minute after the failure (the clock stands still at noon, 30 June).
    assert note.next_attempt_at == dt.datetime(2026, 6, 30, 4, 1, tzinfo=dt.UTC)

    mail_server.start()
    assert tasks.sweep_outbox.call_local() == 0  # not due yet: nothing is sent before its time
    assert mail_server.inbox.messages == []

    with travel_to(dt.date(2026, 6, 30)) as traveller:
        traveller.shift(dt.timedelta(minutes=1))
        assert tasks.sweep_outbox.call_local() == 1
        assert tasks.sweep_outbox.call_local() == 0  # swept again: nothing more
        tasks.deliver_task.call_local(note.pk)  # a stray task for the same message: nothing more

    [message] = mail_server.inbox.messages
    # A long non-ASCII subject is folded onto its own line; mail programs drop the folding space.
    assert message["Subject"].strip() == "政府信息公开申请受理回执（SXZRZY-2026-00001）"
    note.refresh_from_db()
    assert (note.status, note.attempts) == (NotificationStatus.SENT, 2)
    assert note.sent_at == dt.datetime(2026, 6, 30, 4, 1, tzinfo=dt.UTC)


def test_the_worker_retries_with_growing_waits_then_stops_and_the_administrator_resends(
    bureau: Agency,
    clerk: User,
    admin_client: Client,
    mail_server: MailServer,
    django_capture_on_commit_callbacks: Capture,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """huey itself, not in immediate mode: each failure re-schedules the task for when the row says."""
    # A worker closes its database connection around each task; here it is the test's own.
    monkeypatch.setattr("huey.contrib.djhuey.close_old_connections", lambda: None)
    HUEY.immediate = False
    HUEY.storage = MemoryStorage("test-retry")  # never the project's own queue file
    try:
        with django_capture_on_commit_callbacks(execute=True):
            case = _case_by_email(bureau, clerk)
        note = Notification.objects.get(application=case)
        waits = []
        start = dt.datetime(2026, 6, 30, 12, 0)  # local time (huey runs on local time here)
        with travel_to(dt.date(2026, 6, 30)) as traveller:
            now = start
            task = HUEY.dequeue()
            for _ in range(notices.MAX_ATTEMPTS):
                assert task is not None
                HUEY.execute(task, timestamp=now)
                [scheduled] = HUEY.scheduled() or [None]
                if scheduled is None:
                    break
                waits.append(round((scheduled.eta - now).total_seconds() / 60))
                traveller.move_to(scheduled.eta.replace(tzinfo=SHANGHAI))
                now = scheduled.eta
                [task] = HUEY.read_schedule(now)
        # 1, 2, 4, … minutes, at most six hours; the tenth failure stops the retries.
        assert waits == [1, 2, 4, 8, 16, 32, 64, 128, 256]
        note.refresh_from_db()
        assert (note.status, note.attempts) == (NotificationStatus.FAILED, 10)
        assert "ConnectionRefusedError" in note.last_error
    finally:
        HUEY.immediate = True
        HUEY.storage = MemoryStorage("gongkai")

    # The administrator sees it, the address masked, and sends it again once the server is up.
    page = admin_client.get("/admin/applications/notification/?status__exact=failed").content.decode()
    assert "l***@example.com" in page
    assert "lisi@example.com" not in page
    assert "发送失败" in page
    mail_server.start()
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            "/admin/applications/notification/",
            {"action": "send_again", "_selected_action": [str(note.pk)]},
        )
    assert response.status_code == 302
    assert len(mail_server.inbox.messages) == 1
    note.refresh_from_db()
    assert (note.status, note.attempts) == (NotificationStatus.SENT, 11)
    # Sending again what was sent is refused: the message reached the server once.
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(
            "/admin/applications/notification/",
            {"action": "send_again", "_selected_action": [str(note.pk)]},
        )
    assert len(mail_server.inbox.messages) == 1
