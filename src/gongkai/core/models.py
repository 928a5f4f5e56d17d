"""The platform's models: the abstract audit event every app's timeline uses, and the working-day
calendar an administrator keeps."""

from __future__ import annotations

from django.conf import settings
from django.db import models


class AuditEvent(models.Model):
    """One line of a history: who did what, on which business day, when, and why.

    Each app's event adds the row it belongs to (a case, an item, an agency's registers) and its
    own ``kind`` choices. ``on`` is the business date the clerk states (the day a letter was
    served); ``at`` is when it was recorded. ``actor`` is the staff account, or None with
    ``actor_label`` saying who ("申请人", "系统").
    """

    kind = models.CharField("事项", max_length=40)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    actor_label = models.CharField(max_length=50, blank=True)
    at = models.DateTimeField("记录时间", auto_now_add=True)
    on = models.DateField("业务日期", null=True, blank=True)
    reason = models.TextField("说明", blank=True)
    data = models.JSONField(default=dict, blank=True)

    class Meta:
        abstract = True
        ordering = ["at", "id"]

    def __str__(self) -> str:
        label = getattr(self, "get_kind_display", lambda: self.kind)()
        return f"{label} {self.on or ''}".strip()

    @property
    def who(self) -> str:
        """The name the timeline shows: the person's name, or the label of a non-staff actor."""
        from gongkai.core.names import person_name

        return person_name(self.actor) if self.actor else (self.actor_label or "系统")


class CalendarYear(models.Model):
    """One year of the State Council's holiday arrangement, as an administrator enters it."""

    year = models.PositiveIntegerField("年度", unique=True)
    holidays = models.JSONField("法定节假日", default=dict, blank=True, help_text='{"2027-01-01": "元旦", …}')
    workdays = models.JSONField(
        "调休上班日", default=dict, blank=True, help_text='{"2027-02-07": "春节调休", …}'
    )
    source = models.CharField(
        "依据", max_length=200, blank=True, help_text="如：国务院办公厅关于2027年部分节假日安排的通知"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "节假日安排"
        verbose_name_plural = "节假日安排"
        ordering = ["year"]
        # The table keeps the name it had when the calendar lived in the applications app.
        db_table = "applications_calendaryear"

    def __str__(self) -> str:
        return f"{self.year}年节假日安排"


class ThrottleCount(models.Model):
    """How many attempts one client has made at one limit in one window (gongkai.core.throttle),
    when the shared cache cannot count atomically (the database cache, the default).

    The key names the limit, the client (hashed) and the window, so a row is never read again
    once its window is over: `prune_throttle_counts` deletes those rows every night.
    """

    key = models.CharField(max_length=100, primary_key=True)
    count = models.IntegerField(default=0)
    expires_at = models.DateTimeField(db_index=True)

    class Meta:
        verbose_name = "限流计数"
        verbose_name_plural = "限流计数"

    def __str__(self) -> str:
        return f"{self.key} = {self.count}"
