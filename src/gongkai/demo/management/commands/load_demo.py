"""`python manage.py load_demo`: the demo agencies, people, cases, catalogue and registers; running it
again changes nothing."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from gongkai.demo.loading import ROOT, DemoConflict, load_demo, logins


class Command(BaseCommand):
    help = "载入示例数据（示例市、示例县的机关、人员、申请案件、公开目录和登记簿）；重复运行不会重复载入"

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--seed", type=int, default=2025, help="随机数种子（决定示例申请人和日期）")

    def handle(self, *args: Any, **options: Any) -> None:
        if settings.GONGKAI_PRODUCTION:  # its accounts have published passwords
            raise CommandError("生产模式（GONGKAI_PRODUCTION=1）下不能载入示例数据：示例账号的密码是公开的")
        try:
            result = load_demo(options["seed"])
        except DemoConflict as exc:
            raise CommandError(str(exc)) from None
        if result.created:
            self.stdout.write(
                self.style.SUCCESS(
                    f"已载入示例数据：{result.agencies}个机关、{result.users}个账号、{result.cases}件申请"
                    f"（其中{result.open_cases}件正在办理）、{result.catalogue_items}条公开目录条目"
                    f"（其中{result.published_items}条已发布）、{result.register_rows}条登记簿记录、"
                    f"{result.published_reports}份已发布的年度报告、"
                    f"{result.collected_reports}份示例县收集的不在平台上的单位的年度报告。"
                )
            )
        else:
            self.stdout.write(
                f"示例数据已经存在（{ROOT}及所属机关，共{result.cases}件申请、"
                f"{result.catalogue_items}条公开目录条目、{result.register_rows}条登记簿记录），本次未做任何更改。"
            )
        self.stdout.write("")
        self.stdout.write("示例账号（登录地址 /login/，后台 /admin/；密码如已修改，以修改后的为准）：")
        rows = [("用户名", "密码", "姓名", "角色", "所在机关")]
        rows += [(x.username, x.password, x.name, x.role, x.agency) for x in logins()]
        widths = [max(_width(row[i]) for row in rows) for i in range(len(rows[0]))]
        for row in rows:
            self.stdout.write(
                "  " + "  ".join(_pad(cell, width) for cell, width in zip(row, widths, strict=True))
            )


def _width(text: str) -> int:
    """Display columns: a CJK character takes two."""
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text)


def _pad(text: str, width: int) -> str:
    return text + " " * (width - _width(text))
