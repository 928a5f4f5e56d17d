"""The mail backend when no mail server is configured (`make run`, a trial): each message is kept
whole as an .eml file in the data folder's var/mail/ (open it in a mail program to see the HTML
and the attached PDF) and summed up on the console, where the worker runs: who, what, the plain
text and the attachments by name, never a screenful of base64."""

from __future__ import annotations

import sys
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.mail.backends.base import BaseEmailBackend
from django.core.mail.message import EmailMessage
from django.utils import timezone

_lock = threading.Lock()


class KeepAndShowBackend(BaseEmailBackend):
    def __init__(self, *args: Any, folder: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.folder = Path(
            folder or getattr(settings, "EMAIL_FILE_PATH", "") or settings.DATA_DIR / "var" / "mail"
        )

    def send_messages(self, email_messages: Sequence[EmailMessage]) -> int:
        self.folder.mkdir(parents=True, exist_ok=True)
        for message in email_messages:
            with _lock:
                stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
                number = len(list(self.folder.glob(f"{stamp}-*.eml"))) + 1
                path = self.folder / f"{stamp}-{number}.eml"
                path.write_bytes(message.message().as_bytes(linesep="\n"))
                sys.stdout.write(_summary(message, path))
                sys.stdout.flush()
        return len(email_messages)


def _summary(message: EmailMessage, path: Path) -> str:
    rule = "─" * 60
    attachments = [
        f"{item[0]}（{len(item[1]) // 1024} KB）"
        for item in message.attachments
        if isinstance(item, tuple) and len(item) >= 2
    ]
    lines = [
        rule,
        f"邮件（未真正发出：没有设置 EMAIL_HOST）已保存：{path}",
        f"发件人：{message.from_email}",
        f"收件人：{', '.join(message.to)}",
        f"主题：{message.subject}",
        *([f"附件：{'、'.join(attachments)}"] if attachments else []),
        "",
        str(message.body).rstrip(),
        rule,
        "",
    ]
    return "\n".join(lines)
