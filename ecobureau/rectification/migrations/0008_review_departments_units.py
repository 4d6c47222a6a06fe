"""B30: the industry departments added to a case's city review group are picked
from the registry of units instead of typed.

The typed names (separated by 、，,；; or spaces) are kept in
`review_departments_unlisted`; each name equal to the name of an active
department unit (kind 其他政府部门) becomes that unit, the others stay there and
are shown flagged on the case page ("未在单位名录中，请重新选择")."""

import re

from django.db import migrations, models

SEPARATORS = r"[、，,；;\s]+"


def _names(text):
    names = []
    for name in re.split(SEPARATORS, text or ""):
        if name and name not in names:
            names.append(name)
    return names


def names_to_units(apps, schema_editor):
    PetitionCase = apps.get_model("rectification", "PetitionCase")
    Unit = apps.get_model("accounts", "Unit")
    by_name = {}
    departments = Unit.objects.filter(kind="department", is_active=True).order_by(
        "sort_order", "code"
    )
    for unit in departments:
        by_name.setdefault(unit.name, unit)
    cases = PetitionCase.objects.exclude(review_departments_unlisted="")
    for case in cases.iterator():
        names = _names(case.review_departments_unlisted)
        matched = [by_name[name] for name in names if name in by_name]
        unlisted = [name for name in names if name not in by_name]
        case.review_departments.set(matched)
        case.review_departments_unlisted = "、".join(unlisted)
        case.save(update_fields=["review_departments_unlisted"])


def units_to_names(apps, schema_editor):
    PetitionCase = apps.get_model("rectification", "PetitionCase")
    for case in PetitionCase.objects.prefetch_related("review_departments"):
        names = [u.name for u in case.review_departments.all()]
        names += _names(case.review_departments_unlisted)
        if names:
            case.review_departments_unlisted = "、".join(dict.fromkeys(names))[:300]
            case.save(update_fields=["review_departments_unlisted"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_referenceload"),
        ("rectification", "0007_review_departments"),
    ]

    operations = [
        migrations.RenameField(
            model_name="petitioncase",
            old_name="review_departments",
            new_name="review_departments_unlisted",
        ),
        migrations.AlterField(
            model_name="petitioncase",
            name="review_departments_unlisted",
            field=models.CharField(
                blank=True, max_length=300, verbose_name="未在单位名录中的行业主管部门"
            ),
        ),
        migrations.AddField(
            model_name="petitioncase",
            name="review_departments",
            field=models.ManyToManyField(
                blank=True,
                related_name="+",
                to="accounts.unit",
                verbose_name="复核工作组增加的行业主管部门",
            ),
        ),
        migrations.RunPython(names_to_units, units_to_names),
    ]
