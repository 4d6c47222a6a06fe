"""Seed the 11-item minor-violation list (seed 000) from `minor.ITEMS`. The rows are
then edited in admin; a later change to ITEMS does not overwrite them."""

from typing import Any

from django.db import migrations


def seed(apps: Any, schema_editor: Any) -> None:
    from ecobureau.enforcement.minor import ITEMS

    Item = apps.get_model("enforcement", "MinorViolationItem")
    for data in ITEMS:
        Item.objects.update_or_create(
            number=data["number"],
            part=data["part"],
            defaults={
                "title": data["title"],
                "basis": data["basis"],
                "conditions_text": data["conditions_text"],
                "checks": data["checks"],
                "first_time": data.get("first_time", ""),
                "committee": data.get("committee", False),
            },
        )


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0005_measures_minor_access")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
