"""The platform's models: the abstract audit event every app's timeline uses."""

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
