from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo data and its `load_demo` command; no models, and no app imports it."""

    name = "gongkai.demo"
    label = "demo"
    verbose_name = "示例数据"
