from __future__ import annotations

from django.db import models


class SearchDocument(models.Model):
    """One searchable thing (a catalogue item, a register entry, ...), as its owner last indexed it.

    The index is derived data: the owning app calls gongkai.search.actions.index_document whenever
    the thing changes and remove_document when it is withdrawn. Besides these columns each database
    keeps its own token index, created by this app's migration and maintained by backends.py:
    on SQLite the FTS5 table `search_token_index` (rowid = id), on PostgreSQL the tsvector column
    `lexemes` of this table with a GIN index. Neither is a model field, so Django never selects it.
    """

    kind = models.CharField("类型", max_length=50)
    object_id = models.PositiveBigIntegerField("对象编号")
    agency_id = models.BigIntegerField("机关编号", null=True, blank=True, db_index=True)
    published_on = models.DateField("发布日期", null=True, blank=True)
    title = models.TextField("标题")
    body = models.TextField("正文", blank=True)
    # The canonical form of title, body and extra text (gongkai.search.tokens.document_text): what a
    # query is checked against, and what the token index is rebuilt from.
    canonical = models.TextField(editable=False)
    indexed_at = models.DateTimeField("索引时间", auto_now=True)

    class Meta:
        verbose_name = "检索文档"
        verbose_name_plural = "检索文档"
        constraints = [
            models.UniqueConstraint(fields=["kind", "object_id"], name="search_document_once_per_object")
        ]
        indexes = [
            models.Index(fields=["-published_on", "-id"], name="search_newest_first"),
            # One agency's documents newest first, in order without a sort (a portal search filtered
            # by agency walks it on PostgreSQL: bench/search.py, the busiest agency).
            models.Index(fields=["agency_id", "-published_on", "-id"], name="search_agency_newest_first"),
        ]

    def __str__(self) -> str:
        return f"{self.kind}:{self.object_id} {self.title[:30]}"
