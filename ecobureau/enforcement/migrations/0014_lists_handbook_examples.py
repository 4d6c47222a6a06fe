"""Example configuration (示例配置，需按局文件核定; requirements E11, E10):

- three configurable lists beside the 不予行政处罚清单, named after common
  practice only — their names and entries come from the bureau's own documents
  and are not law; no entries are shipped;
- the officers' handbook's 11 parts: seed 004 names two (行政检查流程, 服务规范);
  the other nine are placeholders to be renamed after the printed handbook.
"""

from django.db import migrations

LISTS = [
    ("mitigate", "减轻行政处罚清单", 2),
    ("lenient", "从轻行政处罚清单", 3),
    ("no_coercion", "免予行政强制措施清单", 4),
]
NOTE = "示例配置，需按局文件核定。清单名称和条目以局印发的文件为准，不作为法律依据。"

PARTS = {1: "行政检查流程", 2: "服务规范"}


def forwards(apps, schema_editor):
    EnforcementList = apps.get_model("enforcement", "EnforcementList")
    HandbookPart = apps.get_model("enforcement", "HandbookPart")
    for code, name, order in LISTS:
        EnforcementList.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "order": order,
                "example": True,
                "description": NOTE,
            },
        )
    for number in range(1, 12):
        HandbookPart.objects.get_or_create(
            number=number,
            defaults={
                "title": PARTS.get(number, f"第{number}部分（篇目待按手册印发稿核定）"),
                "example": True,
                "description": "示例结构：seed 004 仅列明“行政检查流程、服务规范等11项内容”。",
            },
        )


def backwards(apps, schema_editor):
    apps.get_model("enforcement", "EnforcementList").objects.filter(
        code__in=[code for code, _, _ in LISTS], entries__isnull=True
    ).delete()
    apps.get_model("enforcement", "HandbookPart").objects.filter(
        versions__isnull=True
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0013_measures_lists_library")]

    operations = [migrations.RunPython(forwards, backwards)]
