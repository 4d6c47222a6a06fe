"""Install the default schemes (示例配置，需按省厅文件核定) so a new installation can
launch a year at once. Same rows as services.schemes_install; existing rows kept."""

from decimal import Decimal

from django.db import migrations


def install(apps, schema_editor):  # type: ignore[no-untyped-def]
    from ecobureau.credit import config

    Scheme = apps.get_model("credit", "Scheme")
    Indicator = apps.get_model("credit", "Indicator")
    GradeBand = apps.get_model("credit", "GradeBand")
    VetoRule = apps.get_model("credit", "VetoRule")
    for kind, code, name, basis, start, indicators, grades in (
        (
            "national",
            "national-2013",
            "全国企业环境信用评价（4类21项）",
            config.NATIONAL_BASIS,
            config.NATIONAL_EFFECTIVE_FROM,
            config.NATIONAL_INDICATORS,
            config.NATIONAL_GRADES,
        ),
        (
            "liaoning",
            "liaoning-2022",
            "辽宁省企业环境信用评价记分",
            config.LIAONING_BASIS,
            config.DEFAULT_EFFECTIVE_FROM,
            config.LIAONING_INDICATORS,
            config.LIAONING_GRADES,
        ),
    ):
        if Scheme.objects.filter(code=code).exists():
            continue
        scheme = Scheme.objects.create(
            code=code,
            kind=kind,
            name=name,
            basis=basis,
            effective_from=start,
            is_example=True,
        )
        for order, (aspect, icode, iname, source, points, cap) in enumerate(indicators):
            Indicator.objects.create(
                scheme=scheme,
                aspect=aspect,
                code=icode,
                name=iname,
                source=source,
                points=Decimal(points),
                cap=Decimal(cap),
                basis=f"{basis}；{config.EXAMPLE_LABEL}",
                is_example=True,
                order=order,
            )
        for gcode, gname, colour, minimum, worst in grades:
            GradeBand.objects.create(
                scheme=scheme,
                code=gcode,
                name=gname,
                colour=colour,
                min_score=Decimal(minimum),
                is_worst=worst,
                basis=config.GRADE_BASIS[kind],
                is_example=True,
            )
        for n, (vcode, text, source) in enumerate(config.VETOES, start=1):
            VetoRule.objects.create(
                scheme=scheme,
                code=vcode,
                text=text,
                source=source,
                basis=config.VETO_BASIS.format(n=n),
                is_confirmed=False,
            )


class Migration(migrations.Migration):
    dependencies = [("credit", "0001_initial")]

    operations = [migrations.RunPython(install, migrations.RunPython.noop)]
