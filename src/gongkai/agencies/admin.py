from django.contrib import admin

from .models import Agency, DisclosureGuide, Membership


class MembershipInline(admin.TabularInline[Membership, Agency]):
    model = Membership
    extra = 0
    autocomplete_fields = ["user"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin[Agency]):
    list_display = ["name", "level", "is_government", "parent", "org_code", "case_code"]
    list_filter = ["level", "is_government"]
    search_fields = ["name", "org_code", "case_code"]
    autocomplete_fields = ["parent"]
    inlines = [MembershipInline]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin[Membership]):
    list_display = ["user", "agency", "role"]
    list_filter = ["role"]
    search_fields = ["user__username", "agency__name"]
    autocomplete_fields = ["user", "agency"]


@admin.register(DisclosureGuide)
class DisclosureGuideAdmin(admin.ModelAdmin[DisclosureGuide]):
    list_display = ["agency", "published", "updated_at"]
    list_filter = ["published"]
    search_fields = ["agency__name"]
    autocomplete_fields = ["agency"]
