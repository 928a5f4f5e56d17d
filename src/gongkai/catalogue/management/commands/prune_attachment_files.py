"""Delete stored attachment files that no attachment row names any more.

A file is written before its row is committed (see catalogue.actions.add_attachment); when a
server stops between the two, the file stays behind with no row. Run this now and then (e.g. nightly from cron): it only deletes files under
the catalogue's folder, older than --min-age minutes, that no row refers to. Idempotent.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from gongkai.catalogue.models import Attachment

FOLDER = "catalogue"


def _walk(folder: str) -> list[str]:
    if not default_storage.exists(folder):
        return []
    folders, files = default_storage.listdir(folder)
    names = [f"{folder}/{name}" for name in files]
    for sub in folders:
        names.extend(_walk(f"{folder}/{sub}"))
    return names


class Command(BaseCommand):
    help = "删除已无附件记录对应的附件文件（只处理超过指定时间的文件）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--min-age", type=int, default=60, help="只删除早于多少分钟前写入的文件（默认60）"
        )
        parser.add_argument("--dry-run", action="store_true", help="只列出，不删除")

    def handle(self, *args: Any, **options: Any) -> None:
        # Files' ages are the storage's real times: the wall clock, not the business day.
        cutoff = timezone.now() - dt.timedelta(minutes=max(0, options["min_age"]))
        known = set(Attachment.objects.values_list("file", flat=True))
        orphans = [
            name
            for name in _walk(FOLDER)
            if name not in known and default_storage.get_modified_time(name) < cutoff
        ]
        for name in orphans:
            if not options["dry_run"]:
                default_storage.delete(name)
            self.stdout.write(name)
        verb = "可删除" if options["dry_run"] else "已删除"
        self.stdout.write(f"{verb}{len(orphans)}个无记录的附件文件")
