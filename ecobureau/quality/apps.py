from django.apps import AppConfig


class QualityConfig(AppConfig):
    name = "ecobureau.quality"
    label = "quality"
    verbose_name = "环境质量与目标考核"

    def ready(self) -> None:
        from . import rules

        rules.register_all()
