"""Data a test builds and throws away: one transaction rolled back at the end.

Marked as the test's own transaction (as Django's TestCase marks its own), so that the actions
run inside it, each a durable transaction (gongkai.core.actions.state_change), are allowed to.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

from gongkai.core.actions import batch


@contextlib.contextmanager
def rolled_back() -> Iterator[None]:
    with batch(rollback=True):
        yield
