"""How every action of every app refuses, commits and locks.

An action is one function in an app's ``actions`` module: it takes the acting user, the row it
acts on and the version of that row the user saw, and either does the whole step (one
transaction, one audit event) or raises ``ActionError`` and leaves everything as it was.

- ``ActionError(message, code)``: the message is for the clerk (Chinese); ``code`` says why, and
  ``http_status`` turns it into the same status on every page and API endpoint: ``forbidden`` 403
  (no right to act), ``conflict`` 409 (another state, changed meanwhile, or already done),
  ``invalid`` 400 (bad input).
- ``state_change``: the transaction of an action, ``transaction.atomic(durable=True)``, so an
  action called inside another action's transaction fails loudly instead of half-committing.
- ``batch``: several actions as one all-or-nothing transaction (the demo, tests).
- ``lock_versioned``: the row, locked for the transaction, refused with 409 when the form was
  filled in on a copy someone has changed since.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any, Protocol, TypeVar

from django.db import models, transaction

STALE_MESSAGE = "该记录已被他人更新，请刷新页面查看最新情况后再操作"

# The HTTP status of a refusal, the same on the pages and the API.
HTTP_STATUS = {"forbidden": 403, "conflict": 409, "invalid": 400}


class ActionError(Exception):
    """An action that cannot be done; the message is for the clerk (Chinese).

    `code` says why, for the status: "forbidden" (no right to act), "conflict" (the thing is in
    another state, was changed meanwhile, or the step was already taken), "invalid" (bad input).
    """

    def __init__(self, message: str, code: str = "invalid") -> None:
        super().__init__(message)
        self.code = code


def http_status(error: ActionError) -> int:
    return HTTP_STATUS.get(error.code, 400)


F = TypeVar("F", bound=Callable[..., Any])


def state_change(func: F) -> F:
    """Run the action in its own durable transaction: nesting one action in another's
    transaction raises RuntimeError at once rather than committing half a step."""
    return transaction.atomic(durable=True)(func)


@contextmanager
def batch(*, rollback: bool = False) -> Iterator[None]:
    """Several actions as one all-or-nothing transaction: the demo's load, a test's throw-away data.

    Each action is durable and refuses to run inside another transaction (rightly, in a request,
    where nesting is a mistake). A batch nests them on purpose: its block carries the mark Django's
    TestCase gives its own transaction, so the actions run inside it and commit together at its end
    (or not at all; `rollback=True` throws the whole batch away, as a test wants).
    """
    block = transaction.atomic()
    setattr(block, "_from_testcase", True)  # noqa: B010 (not in django-stubs)
    with block:
        yield
        if rollback:
            transaction.set_rollback(True)


class Versioned(Protocol):
    pk: Any
    version: int


M = TypeVar("M", bound=models.Model)


def lock_versioned(model: type[M], pk: Any, version: int | None, stale: str = STALE_MESSAGE) -> M:
    """The row, locked (SELECT … FOR UPDATE) until the transaction ends.

    `version` is the one the user's form was filled in on; when the row has moved on since, the
    action is refused as a conflict (409) with `stale` as the message. None skips the check (a
    step the system takes itself, or the public site where no version is shown).
    """
    row = model._default_manager.select_for_update().get(pk=pk)
    if version is not None and row.version != version:  # type: ignore[attr-defined]
        raise ActionError(stale, "conflict")
    return row


def bump(row: Versioned) -> None:
    """Count one more change of the row (saved by the caller)."""
    row.version += 1
