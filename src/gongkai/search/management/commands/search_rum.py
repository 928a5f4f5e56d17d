"""Create the RUM index of the search (gongkai/search/rum.py) on a PostgreSQL where migrate could not:
the server's rum extension installed afterwards (Debian: postgresql-15-rum), run by a superuser or
after a superuser has run CREATE EXTENSION rum in the database. Built CONCURRENTLY: the portal goes
on searching, with GIN, while it is built.

Exit codes: 0 the index is there (made now or before); 1 it could not be made (the server's reason
in one line); 2 not PostgreSQL.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from gongkai.search import rum


class Command(BaseCommand):
    help = (
        "在 PostgreSQL 上建立全文检索的 RUM 索引（服务器须已安装 rum 扩展，如 Debian 的 postgresql-15-rum）"
    )

    def handle(self, *args: Any, **options: Any) -> None:
        if connection.vendor != "postgresql":
            raise CommandError(
                "只有 PostgreSQL 使用 RUM 索引；SQLite 的全文索引本身按从新到旧读取，无需建立", returncode=2
            )
        with connection.cursor() as cursor:
            if rum.index_exists(cursor):
                self.stdout.write(f"RUM 索引 {rum.INDEX} 已存在，无需再建")
                return
            reason = rum.create_index(cursor, concurrently=True)
        if reason is not None:
            raise CommandError(
                f"未能建立 RUM 索引：{reason}（请先以 root 安装 rum 扩展，并由超级用户执行 CREATE EXTENSION rum）"
            )
        self.stdout.write(f"已建立 RUM 索引 {rum.INDEX}：旧年份常用词语的检索不再逐条按日期排序")
