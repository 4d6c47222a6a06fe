"""The two close-out regulations seed 001 五4 names, as dated references (B15).
Their effective dates are not in the seed, so they are left empty; a newer
regulation added with its date replaces them from that date."""

from django.db import migrations

SEEDED = [
    (
        "task",
        "辽环督改办〔2018〕150号",
        "辽宁省生态环保督察整改任务验收销号管理办法（试行）",
    ),
    (
        "case",
        "辽环督改办发〔2019〕50号",
        "辽宁省办理中央生态环境保护督察组转办群众问题暂行办法",
    ),
]


def seed(apps, schema_editor):
    Regulation = apps.get_model("rectification", "Regulation")
    for applies_to, code, title in SEEDED:
        Regulation.objects.get_or_create(
            code=code,
            defaults={
                "applies_to": applies_to,
                "title": title,
                "note": "种子001 五4 所列销号依据；施行日期未见于种子",
            },
        )


def unseed(apps, schema_editor):
    Regulation = apps.get_model("rectification", "Regulation")
    Regulation.objects.filter(code__in=[code for _, code, _ in SEEDED]).delete()


class Migration(migrations.Migration):
    dependencies = [("rectification", "0003_oversight_assessment_links")]

    operations = [migrations.RunPython(seed, unseed)]
