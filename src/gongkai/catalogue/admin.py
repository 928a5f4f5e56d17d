from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from gongkai.agencies.admin import register_sign_off_chain

from .models import (
    Attachment,
    CatalogueItem,
    ChannelRelease,
    Event,
    IndexNumberCounter,
    IndexNumberPattern,
    Review,
    ReviewChain,
    SignOffStep,
)


class ReadOnlyInline(admin.TabularInline[Any, Any]):
    extra = 0
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class ReviewInline(ReadOnlyInline):
    model = Review
    fields = ("review_round", "step_index", "step_label", "actor", "decision", "reason", "at")
    readonly_fields = fields


class EventInline(ReadOnlyInline):
    model = Event
    fields = ("kind", "actor", "on", "reason", "at")
    readonly_fields = fields


class AttachmentInline(ReadOnlyInline):
    """Shown, never changed here: an attachment is added or removed by its drafter on the item page
    (the file itself is served only through the pages that check who asks, so no link here)."""

    model = Attachment
    fields = ("position", "name", "kind", "size", "sha256", "text_note", "uploaded_by", "uploaded_at")
    readonly_fields = fields


class ReleaseInline(ReadOnlyInline):
    model = ChannelRelease
    fields = ("channel", "released_on")
    readonly_fields = fields


@admin.register(CatalogueItem)
class CatalogueItemAdmin(admin.ModelAdmin[CatalogueItem]):
    """Read-only: items change only through the actions, so that the history stays whole."""

    list_display = ("index_number", "title", "agency", "status", "attribute", "written_on", "published_on")
    list_filter = ("status", "attribute", "topic", "genre", "validity")
    search_fields = ("index_number", "title", "doc_number")
    inlines = (AttachmentInline, ReviewInline, ReleaseInline, EventInline)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


register_sign_off_chain(ReviewChain, SignOffStep)


@admin.register(IndexNumberPattern)
class IndexNumberPatternAdmin(admin.ModelAdmin[IndexNumberPattern]):
    list_display = ("agency", "pattern", "reset")


@admin.register(IndexNumberCounter)
class IndexNumberCounterAdmin(admin.ModelAdmin[IndexNumberCounter]):
    """Read-only: lowering a counter would give a 索引号 a second time."""

    list_display = ("agency", "year", "last_serial")

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
