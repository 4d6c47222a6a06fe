"""B13 (seed 001 五3): a case's supervising department (督导责任单位) is picked
from the registry of units instead of typed, like the review departments (0008).

The typed name is kept in `supervising_department_unlisted`; when it names an
active department unit (kind 其他政府部门) — compared with the city's own name
read as 市, as `standards.city_relative` does (鞍山市住建局 = 市住建局) — it
becomes that unit, otherwise it stays there and is shown flagged on the case
page ("未在单位名录中，请重新选择")."""

from django.db import migrations, models
from django.db.models import deletion


def _relative(name, city):
    name = (name or "").strip()
    if city and name.startswith(city) and city.endswith("市"):
        return "市" + name[len(city) :]
    return name


def names_to_units(apps, schema_editor):
    PetitionCase = apps.get_model("rectification", "PetitionCase")
    Unit = apps.get_model("accounts", "Unit")
    Division = apps.get_model("core", "Division")
    city = (
        Division.objects.filter(level=1)
        .order_by("sort_order", "code")
        .values_list("name", flat=True)
        .first()
        or ""
    )
    by_name = {}
    departments = Unit.objects.filter(kind="department", is_active=True).order_by(
        "sort_order", "code"
    )
    for unit in departments:
        by_name.setdefault(_relative(unit.name, city), unit)
    cases = PetitionCase.objects.exclude(supervising_department_unlisted="")
    for case in cases.iterator():
        unit = by_name.get(_relative(case.supervising_department_unlisted, city))
        if unit is None:
            case.supervising_department_unlisted = (
                case.supervising_department_unlisted.strip()
            )
        else:
            case.supervising_department = unit
            case.supervising_department_unlisted = ""
        case.save(
            update_fields=["supervising_department", "supervising_department_unlisted"]
        )


def units_to_names(apps, schema_editor):
    PetitionCase = apps.get_model("rectification", "PetitionCase")
    cases = PetitionCase.objects.filter(supervising_department__isnull=False)
    for case in cases.select_related("supervising_department"):
        case.supervising_department_unlisted = case.supervising_department.name[:120]
        case.save(update_fields=["supervising_department_unlisted"])


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_referenceload"),
        ("core", "0003_installation"),
        ("rectification", "0008_review_departments_units"),
    ]

    operations = [
        migrations.RenameField(
            model_name="petitioncase",
            old_name="supervising_department",
            new_name="supervising_department_unlisted",
        ),
        migrations.AlterField(
            model_name="petitioncase",
            name="supervising_department_unlisted",
            field=models.CharField(
                blank=True, max_length=120, verbose_name="未在单位名录中的督导责任单位"
            ),
        ),
        migrations.AddField(
            model_name="petitioncase",
            name="supervising_department",
            field=models.ForeignKey(
                blank=True,
                null=True,
                on_delete=deletion.PROTECT,
                related_name="+",
                to="accounts.unit",
                verbose_name="督导责任单位（市级行业主管部门）",
            ),
        ),
        migrations.RunPython(names_to_units, units_to_names),
    ]
