"""示例数据: a small agency tree, its people and two years of their work, made only through the
apps' actions, so every page, timeline and report table shows what real use would leave behind.

`load_demo(seed)` creates the agencies and accounts (`agencies`), then lets their people work
through the applications (`cases`), the catalogue (`catalogue`) and the registers (`registers`)
up to today (`gongkai.core.time.today()`; pin an earlier day with `gongkai.core.time.pinned` and
the later steps simply have not happened yet). Running it again changes nothing (`loading`).

Nothing in the apps imports this package: only its command (`manage.py load_demo`) and the tests.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .loading import DemoResult


def load_demo(seed: int = 2025) -> DemoResult:
    """Create the demo agencies, people and their work; if they are already there, change nothing."""
    # Django imports this package while it loads the apps, before models may be imported.
    from .loading import load_demo as load

    return load(seed)
