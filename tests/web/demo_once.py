"""The demo loaded once for a whole test module (building it takes seconds), as every platform test
sees the world: today pinned to 2026-06-30, fast password hashing, uploads in a temporary folder.
Everything runs inside one transaction that is rolled back when the module is done."""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test.utils import override_settings
from pytest_django import DjangoDbBlocker

from gongkai.applications import actions

TODAY = dt.date(2026, 6, 30)  # the day tests/web/conftest.py pins


def _test_transaction() -> transaction.Atomic:
    """The module's transaction, marked as a test's own (as Django's TestCase marks its own): the
    demo's actions are durable transactions, which may not nest in anything else."""
    atomic = transaction.atomic()
    atomic._from_testcase = True  # type: ignore[attr-defined]
    return atomic


@contextlib.contextmanager
def demo_loaded(blocker: DjangoDbBlocker, media_root: Path) -> Iterator[None]:
    with blocker.unblock(), pytest.MonkeyPatch.context() as patch:
        patch.setattr(actions, "today", lambda: TODAY)
        with (
            override_settings(
                PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
                MEDIA_ROOT=str(media_root),  # the demo's attachments
            ),
            _test_transaction(),
        ):
            call_command("load_demo", stdout=StringIO())
            yield
            transaction.set_rollback(True)
