"""The demo loaded once for a whole test module (building it takes seconds), as every platform test
sees the world: today pinned to 2026-06-30, fast password hashing, uploads in a temporary folder.
Everything runs inside one transaction that is rolled back when the module is done."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from io import StringIO
from pathlib import Path
from zoneinfo import ZoneInfo

import time_machine
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings
from pytest_django import DjangoDbBlocker

TODAY = dt.date(2026, 6, 30)  # the day tests/web/conftest.py pins


@contextlib.contextmanager
def demo_loaded(blocker: DjangoDbBlocker, media_root: Path) -> Iterator[None]:
    noon = dt.datetime.combine(TODAY, dt.time(10), tzinfo=ZoneInfo("Asia/Shanghai"))
    with (
        blocker.unblock(),
        time_machine.travel(noon, tick=False),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            MEDIA_ROOT=str(media_root),  # the demo's attachments
        ),
        transaction.atomic(),
    ):
        call_command("load_demo", stdout=StringIO())
        yield
        transaction.set_rollback(True)
