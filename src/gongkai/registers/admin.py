"""The registers in the back office, read-only: every change goes through `actions` (rules
authority, dates, duplicates, the RegisterEvent trail) or a checked import."""

from typing import Any

from django.contrib import admin
from django.db import models
from django.http import HttpRequest

from .models import (
    Cleanup,
    CleanupDecision,
    Decision,
    FeeCollection,
    Matter,
    NormativeDocument,
    Procurement,
    RegisterEvent,
)


class ReadOnly(admin.ModelAdmin[Any]):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: models.Model | None = None) -> bool:
        return False


class CleanupDecisionInline(admin.TabularInline[CleanupDecision, Cleanup]):
    model = CleanupDecision
    extra = 0
    can_delete = False
    readonly_fields = ["document", "decision"]

    def has_add_permission(self, request: HttpRequest, obj: Cleanup | None = None) -> bool:
        return False


@admin.register(NormativeDocument)
class NormativeDocumentAdmin(ReadOnly):
    list_display = [
        "doc_number",
        "title",
        "agency",
        "kind",
        "made_on",
        "published_on",
        "status",
        "repealed_on",
    ]
    list_filter = ["kind", "status"]
    search_fields = ["title", "doc_number"]
    date_hierarchy = "made_on"


@admin.register(Cleanup)
class CleanupAdmin(ReadOnly):
    list_display = ["name", "agency", "decided_on", "published_on"]
    search_fields = ["name"]
    inlines = [CleanupDecisionInline]


@admin.register(Matter)
class MatterAdmin(ReadOnly):
    list_display = ["name", "agency", "kind", "listed_from", "delisted_on"]
    list_filter = ["kind"]
    search_fields = ["name"]


@admin.register(Decision)
class DecisionAdmin(ReadOnly):
    list_display = ["reference", "agency", "kind", "decided_on"]
    list_filter = ["kind"]
    search_fields = ["reference"]
    date_hierarchy = "decided_on"


@admin.register(FeeCollection)
class FeeCollectionAdmin(ReadOnly):
    list_display = ["item", "agency", "year", "amount"]
    list_filter = ["year"]
    search_fields = ["item"]


@admin.register(Procurement)
class ProcurementAdmin(ReadOnly):
    list_display = ["project", "agency", "year", "amount"]
    list_filter = ["year"]
    search_fields = ["project"]


@admin.register(RegisterEvent)
class RegisterEventAdmin(ReadOnly):
    list_display = ["at", "agency", "kind", "summary", "on", "actor"]
    list_filter = ["kind"]
    search_fields = ["summary"]
