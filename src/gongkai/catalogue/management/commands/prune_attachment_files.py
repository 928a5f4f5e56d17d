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
from gongkai.core.orphans import orphan_files

FOLDER = "catalogue"


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
        orphans = orphan_files(FOLDER, Attachment.objects.values_list("file", flat=True), cutoff)
        for name in orphans:
            if not options["dry_run"]:
                default_storage.delete(name)
            self.stdout.write(name)
        verb = "可删除" if options["dry_run"] else "已删除"
        self.stdout.write(f"{verb}{len(orphans)}个无记录的附件文件")
