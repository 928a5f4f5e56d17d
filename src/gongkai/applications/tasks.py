"""The background worker's tasks (huey, `manage.py run_huey`): deliver the outbox, sweep it, and
queue the staff's daily digest. The outbox rows (notices.py) are the truth; a task only asks for
a row to be sent, so a lost or repeated task delays or repeats nothing."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task
from huey.exceptions import RetryTask

from . import notices


@db_task(name="gongkai.deliver_notice")
def deliver_task(pk: int) -> bool:
    """Send one message; when the server failed, huey runs this again when the row says (backoff)."""
    result = notices.deliver(pk)
    if result.retry_at is not None:
        from django.utils import timezone

        wait = max((result.retry_at - timezone.now()).total_seconds(), 1)
        raise RetryTask(f"邮件 {pk} 将于 {result.retry_at.isoformat()} 重试", delay=wait)
    return result.sent


@db_periodic_task(crontab(minute="*/5"), name="gongkai.sweep_outbox")
def sweep_outbox() -> int:
    """Every five minutes: every message that is due (a task lost with a stopped worker, a retry
    after a restart, a claim left by a worker that died mid-way) is sent now; today's digests too,
    if the worker was down at 08:00."""
    notices.queue_todays_digests_once()
    due = notices.due_messages()
    for pk in due:
        notices.deliver(pk)
    return len(due)


@db_periodic_task(crontab(hour=str(notices.DIGEST_HOUR), minute="0"), name="gongkai.daily_digest")
def daily_digest() -> int:
    """At 08:00 (the server's TIME_ZONE): each clerk's and office head's digest of the day."""
    return notices.queue_todays_digests_once()
