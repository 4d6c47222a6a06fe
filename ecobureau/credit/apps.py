from django.apps import AppConfig


class CreditConfig(AppConfig):
    name = "ecobureau.credit"
    label = "credit"
    verbose_name = "企业环境信用评价"
