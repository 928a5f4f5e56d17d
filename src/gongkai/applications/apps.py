from django.apps import AppConfig


class ApplicationsConfig(AppConfig):
    name = "gongkai.applications"
    verbose_name = "依申请公开"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from gongkai.core.calendar import calendar_changed

        from .actions import recompute_open_cases

        # A year of holidays added or corrected: every open case's reply deadline follows.
        calendar_changed.connect(recompute_open_cases, dispatch_uid="applications.recompute_open_cases")
