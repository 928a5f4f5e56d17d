from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest

from . import notices
from .masking import mask_email
from .models import (
    Appeal,
    Application,
    CaseDocument,
    Consultation,
    Event,
    FeeNotice,
    Letterhead,
    LetterTemplate,
    Notification,
    Submission,
)


class EventInline(admin.TabularInline[Event, Application]):
    model = Event
    extra = 0
    can_delete = False
    readonly_fields = ["kind", "on", "actor", "actor_label", "reason", "data", "at"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


class CaseDocumentInline(admin.TabularInline[CaseDocument, Application]):
    """The records of the case, to read: attaching, marking and redacting are the workbench's."""

    model = CaseDocument
    extra = 0
    can_delete = False
    readonly_fields = (
        "name",
        "kind",
        "size",
        "page_count",
        "delivered",
        "uploaded_by",
        "uploaded_at",
        "redacted_version",
    )
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(Application)
class ApplicationAdmin(admin.ModelAdmin[Application]):
    """Read-only in the back office: every change goes through the actions (the workbench)."""

    list_display = ["number", "agency", "applicant_kind", "received_on", "due_on", "status", "outcome"]
    list_filter = ["status", "outcome", "applicant_kind", "channel"]
    search_fields = ["number", "tracking_code"]
    inlines = [CaseDocumentInline, EventInline]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(LetterTemplate)
class LetterTemplateAdmin(admin.ModelAdmin[LetterTemplate]):
    list_display = ["key", "title", "updated_at"]
    ordering = ["key"]
    search_fields = ["key", "title", "body"]

    def get_form(self, request, obj=None, change=False, **kwargs):  # type: ignore[no-untyped-def]
        from .letters import PLACEHOLDERS

        form = super().get_form(request, obj, change=change, **kwargs)
        listed = "；".join(f"{{{name}}}：{meaning}" for name, meaning in PLACEHOLDERS.items())
        form.base_fields["body"].help_text = f"可用占位符（未知的占位符会原样显示为【…】）：{listed}"
        return form


@admin.register(Letterhead)
class LetterheadAdmin(admin.ModelAdmin[Letterhead]):
    """Each agency's letter settings; a letter whose setting is missing is refused, naming it."""

    list_display = ["agency", "full_name", "number_pattern", "court", "register_after_review", "last_serial"]
    search_fields = ["agency__name", "full_name"]
    readonly_fields = ["serial_year", "last_serial"]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin[Notification]):
    """The outbox: what was sent, what waits (with its last error) and what failed; the
    administrator sends unsent or failed messages again. The address is masked in the list."""

    list_display = [
        "created_at",
        "kind",
        "masked_recipient",
        "subject",
        "status",
        "attempts",
        "short_error",
        "sent_at",
    ]
    list_filter = ["status", "kind"]
    search_fields = ["subject", "application__number"]
    actions = ["send_again"]
    readonly_fields = [
        "kind",
        "application",
        "recipient",
        "from_name",
        "subject",
        "text",
        "attachment",
        "status",
        "attempts",
        "last_error",
        "next_attempt_at",
        "claimed_at",
        "sent_at",
        "created_at",
    ]
    exclude = ["html"]

    @admin.display(description="收件人")
    def masked_recipient(self, obj: Notification) -> str:
        return mask_email(obj.recipient)

    @admin.display(description="最近一次错误")
    def short_error(self, obj: Notification) -> str:
        return obj.last_error if len(obj.last_error) <= 80 else obj.last_error[:80] + "…"

    @admin.action(description="重新发送（未发送或发送失败的邮件）", permissions=["resend"])
    def send_again(self, request: HttpRequest, queryset: QuerySet[Notification]) -> None:
        count = notices.resend(queryset)
        skipped = queryset.count() - count
        messages.success(request, f"已将{count}封邮件重新排入发送队列。")
        if skipped:
            messages.warning(request, f"{skipped}封邮件已发送或正在发送，未重复发送。")

    def has_resend_permission(self, request: HttpRequest) -> bool:
        return bool(request.user.is_superuser)

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


admin.site.register(Appeal)
admin.site.register(Consultation)
admin.site.register(FeeNotice)
admin.site.site_header = "gongkai 政府信息公开工作系统 · 后台管理"
admin.site.site_title = "gongkai 后台"


@admin.register(Submission)
class SubmissionAdmin(admin.ModelAdmin[Submission]):
    """The online submissions of agencies that register after review, to read: confirming and
    declining are the workbench's (with their checks and mails)."""

    list_display = ["id", "agency", "submitted_at", "status", "decided_on", "application"]
    list_filter = ["status"]
    search_fields = ["agency__name", "tracking_code"]
    readonly_fields = [f.name for f in Submission._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
