from django.apps import AppConfig


class RegistersConfig(AppConfig):
    name = "gongkai.registers"
    verbose_name = "规范性文件与第二十条登记"
    default_auto_field = "django.db.models.BigAutoField"
