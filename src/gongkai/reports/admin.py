from django.contrib import admin

from .models import ReportChain, ReportChainStep


class StepInline(admin.TabularInline[ReportChainStep, ReportChain]):
    model = ReportChainStep
    extra = 0


@admin.register(ReportChain)
class ReportChainAdmin(admin.ModelAdmin[ReportChain]):
    list_display = ("agency", "name")
    inlines = [StepInline]
