"""Two workers that pick the same message at the same moment: one sends it, the other finds it
taken (the claim is a conditional UPDATE committed before the mail server is asked). Threads with
their own database connections, on SQLite and on PostgreSQL."""

from __future__ import annotations

import datetime as dt
import threading
import time
from collections.abc import Sequence
from typing import Any

import pytest
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage
from django.db import connection
from django.utils import timezone

from gongkai.applications import notices
from gongkai.applications.models import Notification, NotificationStatus


class SlowServer(BaseEmailBackend):
    """A mail server that takes its time, so that both workers are inside deliver() together."""

    received: list[str] = []
    lock = threading.Lock()

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        time.sleep(0.2)
        with self.lock:
            SlowServer.received.extend(message.subject for message in email_messages)
        return len(email_messages)


def worker(pk: int, start: threading.Barrier, sent: list[bool], errors: list[BaseException]) -> None:
    """One worker's attempt, on its own database connection."""
    try:
        start.wait()
        sent.append(notices.deliver(pk).sent)
    except BaseException as exc:  # reported by the test: a thread's failure must fail it
        errors.append(exc)
    finally:
        connection.close()


@pytest.mark.django_db(transaction=True)
def test_two_workers_picking_the_same_message_send_it_once(settings: Any) -> None:
    settings.EMAIL_BACKEND = f"{__name__}.SlowServer"
    SlowServer.received = []
    rounds = 5
    outcomes: list[list[bool]] = []
    for round_ in range(rounds):
        note = Notification.objects.create(
            kind="receipt",
            recipient="zhangsan@example.com",
            from_name="示例县自然资源局",
            subject=f"回执 {round_}",
            text="正文",
            next_attempt_at=timezone.now(),
        )
        start = threading.Barrier(2)
        sent: list[bool] = []
        errors: list[BaseException] = []

        threads = [threading.Thread(target=worker, args=(note.pk, start, sent, errors)) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        assert errors == []
        outcomes.append(sorted(sent))
        note.refresh_from_db()
        assert (note.status, note.attempts) == (NotificationStatus.SENT, 1)

    assert outcomes == [[False, True]] * rounds
    assert sorted(SlowServer.received) == [f"回执 {n}" for n in range(rounds)]


@pytest.mark.django_db
def test_a_message_left_sending_by_a_worker_that_died_is_sent_again_after_fifteen_minutes() -> None:
    """The crash window: the worker died after claiming the message (maybe after the server took
    it). A claim younger than 15 minutes may still be a living worker's; an older one is not."""
    from django.core import mail

    from gongkai.applications import tasks

    now = timezone.now()

    def claimed(minutes_ago: int) -> Notification:
        return Notification.objects.create(
            kind="receipt",
            recipient="zhangsan@example.com",
            from_name="示例县自然资源局",
            subject=f"{minutes_ago}分钟前开始发送",
            text="正文",
            status=NotificationStatus.SENDING,
            attempts=1,
            claimed_at=now - dt.timedelta(minutes=minutes_ago),
        )

    dead, alive = claimed(16), claimed(14)
    assert tasks.sweep_outbox.call_local() == 1
    assert [message.subject for message in mail.outbox] == ["16分钟前开始发送"]
    dead.refresh_from_db()
    alive.refresh_from_db()
    assert (dead.status, dead.attempts) == (NotificationStatus.SENT, 2)
    assert (alive.status, alive.attempts) == (NotificationStatus.SENDING, 1)
