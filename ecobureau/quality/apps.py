from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "ecobureau.quality"
    label = "quality"
    verbose_name = "环境质量与目标考核"
