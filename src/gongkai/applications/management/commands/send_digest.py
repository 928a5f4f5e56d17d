"""`manage.py send_digest`: the staff's daily digest, for a cron job instead of the worker's schedule
(running both sends each person one digest a day: the outbox keeps one per person and day)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.applications import notices
from gongkai.core.time import today


class Command(BaseCommand):
    help = "向各机关经办人和公开办负责人发送当日到期提醒（3个工作日内到期和已超期的申请）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--date", help="按哪一天计算（YYYY-MM-DD），默认今天")
        parser.add_argument("--now", action="store_true", help="不经后台任务，立即发送（无需运行 run_huey）")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            day = dt.date.fromisoformat(options["date"]) if options["date"] else today()
        except ValueError:
            raise CommandError(f"日期格式应为 YYYY-MM-DD：{options['date']}") from None
        count = notices.queue_digests(day)
        sent = 0
        if options["now"]:
            sent = sum(notices.deliver(pk).sent for pk in notices.due_messages())
        self.stdout.write(
            f"{day.isoformat()}：已生成{count}封到期提醒"
            + (f"，立即发出{sent}封邮件" if options["now"] else "")
        )
