from django.apps import AppConfig


class RectificationConfig(AppConfig):
    name = "ecobureau.rectification"
    label = "rectification"
    verbose_name = "督察整改"
