from typing import Any

from django.contrib import admin

from .models import Agency, DisclosureGuide, Membership, SignOffChain, SignOffChainStep


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


def register_sign_off_chain(chain_model: type[SignOffChain], step_model: type[SignOffChainStep]) -> None:
    """An app's sign-off chains in the admin: agency and name listed, the steps edited below."""

    class StepInline(admin.TabularInline[Any, Any]):
        model = step_model
        extra = 0

    class ChainAdmin(admin.ModelAdmin[Any]):
        list_display = ("agency", "name")
        inlines = (StepInline,)

    admin.site.register(chain_model, ChainAdmin)
