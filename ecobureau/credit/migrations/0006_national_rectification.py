"""Rectification in the national scheme (issue 12): N22, a supplement outside the
21 national indicators reading the `rectification` source, 示例配置，需按省厅文件
核定 (config.NATIONAL_SUPPLEMENT_INDICATORS).

0002 installs the 21 only, so this migration adds N22 on new and existing
installations alike, to every national scheme that no launched year uses.
Schemes a year already uses are left as they are.
"""

from decimal import Decimal

from django.db import migrations


def national_rectification(apps, schema_editor):  # type: ignore[no-untyped-def]
    from ecobureau.credit import config

    Scheme = apps.get_model("credit", "Scheme")
    Indicator = apps.get_model("credit", "Indicator")
    EvaluationYear = apps.get_model("credit", "EvaluationYear")
    used = set(EvaluationYear.objects.values_list("scheme_id", flat=True))
    for (
        aspect,
        code,
        name,
        source,
        points,
        cap,
    ) in config.NATIONAL_SUPPLEMENT_INDICATORS:
        basis = config.indicator_basis(config.NATIONAL_BASIS, source, code)
        for scheme in Scheme.objects.filter(kind="national").exclude(pk__in=used):
            if scheme.indicators.filter(code=code).exists():
                continue
            Indicator.objects.create(
                scheme=scheme,
                aspect=aspect,
                code=code,
                name=name,
                source=source,
                points=Decimal(points),
                cap=Decimal(cap),
                basis=basis,
                is_example=True,
                order=scheme.indicators.count(),
            )


class Migration(migrations.Migration):
    dependencies = [
        ("credit", "0005_disclosure_source"),
    ]

    operations = [
        migrations.RunPython(national_rectification, migrations.RunPython.noop),
    ]
