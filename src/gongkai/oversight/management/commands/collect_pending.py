"""Read the files still 待处理 in collecting batches (a large ZIP or URL list, or a batch cut off),
outside any web request: `manage.py collect_pending` (every batch) or `--batch N`."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from gongkai.oversight.collect import pending, process
from gongkai.oversight.models import CollectedState, CollectionBatch


class Command(BaseCommand):
    help = "读取收集批次中待处理的文件（大批量或中断的批次）"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--batch", type=int, help="只处理这个批次")

    def handle(self, *args: Any, **options: Any) -> None:
        batches = CollectionBatch.objects.filter(files__state=CollectedState.PENDING).distinct()
        if options["batch"] is not None:
            batches = batches.filter(pk=options["batch"])
        for batch in batches.order_by("id"):
            left = pending(batch)
            batch = process(batch)
            self.stdout.write(f"第{batch.pk}批：处理{left - pending(batch)}个，剩余{pending(batch)}个")
