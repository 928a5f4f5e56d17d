"""Delete the throttling counts whose window is over (gongkai.core.throttle, the ThrottleCount table).

Such a row is never read again: its key names its window. Run nightly (deploy/gongkai-maintenance.service,
like clearsessions). Idempotent; with Redis the counts expire there by themselves and this deletes nothing.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from gongkai.core import throttle


class Command(BaseCommand):
    help = "删除已过时间窗口的限流计数"

    def handle(self, *args: Any, **options: Any) -> None:
        self.stdout.write(f"已删除{throttle.prune()}条过期的限流计数")
