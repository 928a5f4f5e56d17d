from django.contrib import admin, messages

from .actions import ActionError
from .calendar import store_calendar_year
from .models import CalendarYear


@admin.register(CalendarYear)
class CalendarYearAdmin(admin.ModelAdmin[CalendarYear]):
    """Adding or correcting a year recomputes every open deadline (recorded on each case)."""

    list_display = ["year", "source", "updated_at"]

    def save_model(self, request, obj, form, change):  # type: ignore[no-untyped-def]
        # The admin already runs the save in its own transaction: the inner step, not the durable one.
        try:
            changed = store_calendar_year(
                acting_user=request.user,
                year=obj.year,
                holidays=obj.holidays,
                workdays=obj.workdays,
                source=obj.source,
            )
        except ActionError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return
        self.message_user(request, f"{obj.year}年节假日安排已保存，{changed}件未办结申请的答复期限已重新计算")
