from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "ecobureau.demo"
    label = "demo"
    verbose_name = "示例数据"
