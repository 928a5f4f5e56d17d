"""Delete stored files of case records that no record names any more.

A record's files (the upload, its pages, its redacted PDF) are written before their row commits
(records.attach_document, records.apply_redaction); a server that stops between the two, or a
case deleted in the back office, leaves them behind. Run now and then (e.g. nightly from cron):
only files under the cases' folder, older than --min-age minutes, that no record names. Idempotent.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from gongkai.applications.models import CaseDocument
from gongkai.core.orphans import orphan_files

FOLDER = "cases"


class Command(BaseCommand):
    help = "删除已无答复材料记录对应的文件（只处理超过指定时间的文件）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--min-age", type=int, default=60, help="只删除早于多少分钟前写入的文件（默认60）"
        )
        parser.add_argument("--dry-run", action="store_true", help="只列出，不删除")

    def handle(self, *args: Any, **options: Any) -> None:
        cutoff = timezone.now() - dt.timedelta(minutes=max(0, options["min_age"]))
        known = [
            name
            for row in CaseDocument.objects.values_list("file", "pages_file", "redacted")
            for name in row
            if name
        ]
        orphans = orphan_files(FOLDER, known, cutoff)
        for name in orphans:
            if not options["dry_run"]:
                default_storage.delete(name)
            self.stdout.write(name)
        verb = "可删除" if options["dry_run"] else "已删除"
        self.stdout.write(f"{verb}{len(orphans)}个无记录的答复材料文件")
