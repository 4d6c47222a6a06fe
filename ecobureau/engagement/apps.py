from django.apps import AppConfig


class EngagementConfig(AppConfig):
    name = "ecobureau.engagement"
    label = "engagement"
    verbose_name = "与企业互动"
