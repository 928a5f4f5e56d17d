from django.apps import AppConfig


class AgenciesConfig(AppConfig):
    name = "gongkai.agencies"
    verbose_name = "机关与人员"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from . import login_throttle

        login_throttle.connect()
