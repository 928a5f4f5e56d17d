"""The back office: rosters with their units, and their history (read only)."""

from django.contrib import admin

from .models import Roster, RosterEvent, RosterUnit


class RosterUnitInline(admin.TabularInline[RosterUnit, Roster]):
    model = RosterUnit
    extra = 0
    fields = ["name", "agency", "kind", "level", "parent_name", "deadline", "excluded", "exclusion_reason"]
    raw_id_fields = ["agency"]


class RosterEventInline(admin.TabularInline[RosterEvent, Roster]):
    model = RosterEvent
    extra = 0
    can_delete = False
    fields = ["kind", "actor", "on", "at", "reason", "data"]
    readonly_fields = ["kind", "actor", "on", "at", "reason", "data"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Roster)
class RosterAdmin(admin.ModelAdmin[Roster]):
    list_display = ["agency", "year", "created_at"]
    list_filter = ["year"]
    search_fields = ["agency__name", "units__name"]
    readonly_fields = ["version", "copied_from", "created_at"]
    inlines = [RosterUnitInline, RosterEventInline]
