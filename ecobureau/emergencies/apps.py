from django.apps import AppConfig


class EmergenciesConfig(AppConfig):
    name = "ecobureau.emergencies"
    label = "emergencies"
    verbose_name = "突发环境事件与舆情"
