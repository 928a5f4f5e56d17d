"""The 公开目录 as an Excel workbook: one row per item with the national catalogue metadata, its
disclosure attribute, status and where it was released, as the staff list shows them."""

from __future__ import annotations

from collections.abc import Iterable

from gongkai.web.xlsx import header_row, new_book, put, save_book

from .models import CatalogueItem

COLUMNS = (
    ("索引号", 26),
    ("名称", 48),
    ("发布机构", 24),
    ("主题分类", 14),
    ("体裁", 10),
    ("文号", 24),
    ("成文日期", 12),
    ("发布日期", 12),
    ("有效性", 8),
    ("关键词", 20),
    ("公开属性", 12),
    ("状态", 14),
    ("发布渠道", 48),
)


def items_xlsx(items: Iterable[CatalogueItem]) -> bytes:
    """The items in the order given; `releases` should be prefetched."""
    book, sheet = new_book("公开目录")
    header_row(sheet, [name for name, _ in COLUMNS], [width for _, width in COLUMNS])
    for row, item in enumerate(items, start=2):
        releases = sorted(item.releases.all(), key=lambda r: (r.released_on, r.channel))
        values = (
            item.index_number or "",
            item.title,
            item.agency.name,
            item.get_topic_display(),
            item.get_genre_display(),
            item.doc_number,
            item.written_on,
            item.published_on,
            item.get_validity_display(),
            item.keywords,
            item.get_attribute_display() if item.attribute else "",
            item.get_status_display(),
            "；".join(f"{r.get_channel_display()} {r.released_on.isoformat()}" for r in releases),
        )
        for column, value in enumerate(values, start=1):
            put(sheet, row, column, value)
    return save_book(book)
