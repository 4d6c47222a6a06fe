"""Environmental emergencies as a credit source (issue 14 item 4).

New installations get it from 0002 (it reads config). On an existing installation
the default schemes that no launched year uses are brought up to the same
configuration (示例配置): national N15 reads incidents instead of manual items,
Liaoning gains L10. Schemes a year already uses are left as they are.
"""

from decimal import Decimal

from django.db import migrations, models


def incident_indicators(apps, schema_editor):  # type: ignore[no-untyped-def]
    from ecobureau.credit import config

    Scheme = apps.get_model("credit", "Scheme")
    Indicator = apps.get_model("credit", "Indicator")
    EvaluationYear = apps.get_model("credit", "EvaluationYear")
    used = set(EvaluationYear.objects.values_list("scheme_id", flat=True))
    for scheme in Scheme.objects.exclude(pk__in=used):
        if scheme.kind == "national":
            Indicator.objects.filter(scheme=scheme, code="N15", source="manual").update(
                source="incident"
            )
        elif (
            scheme.kind == "liaoning"
            and not scheme.indicators.filter(code="L10").exists()
        ):
            # by code: later migrations append indicators after L10 (0004: L11)
            aspect, code, name, source, points, cap = next(
                row for row in config.LIAONING_INDICATORS if row[1] == "L10"
            )
            Indicator.objects.create(
                scheme=scheme,
                aspect=aspect,
                code=code,
                name=name,
                source=source,
                points=Decimal(points),
                cap=Decimal(cap),
                basis=f"{config.LIAONING_BASIS}；{config.EXAMPLE_LABEL}",
                is_example=True,
                order=scheme.indicators.count(),
            )


class Migration(migrations.Migration):
    dependencies = [
        ("credit", "0002_default_schemes"),
    ]

    operations = [
        migrations.AlterField(
            model_name="indicator",
            name="source",
            field=models.CharField(
                choices=[
                    ("case_filed", "立案查处的环境违法案件（执法）"),
                    ("penalty", "行政处罚决定（执法）"),
                    ("exceedance", "自动监控超标线索（监测）"),
                    ("anomaly", "自动监控数据异常线索（监测）"),
                    ("no_permit", "无证排污（监测·排放量）"),
                    ("over_total", "超许可排放量（监测·排放量）"),
                    ("complaint_true", "投诉举报经核查属实（投诉）"),
                    ("permit_expired", "排污许可证过期或缺失（企业档案）"),
                    ("incident", "负有责任的突发环境事件（应急，已分级）"),
                    ("manual", "初审人员填报"),
                ],
                max_length=20,
                verbose_name="数据来源",
            ),
        ),
        migrations.AlterField(
            model_name="vetorule",
            name="source",
            field=models.CharField(
                blank=True,
                choices=[
                    ("case_filed", "立案查处的环境违法案件（执法）"),
                    ("penalty", "行政处罚决定（执法）"),
                    ("exceedance", "自动监控超标线索（监测）"),
                    ("anomaly", "自动监控数据异常线索（监测）"),
                    ("no_permit", "无证排污（监测·排放量）"),
                    ("over_total", "超许可排放量（监测·排放量）"),
                    ("complaint_true", "投诉举报经核查属实（投诉）"),
                    ("permit_expired", "排污许可证过期或缺失（企业档案）"),
                    ("incident", "负有责任的突发环境事件（应急，已分级）"),
                    ("manual", "初审人员填报"),
                ],
                max_length=20,
                verbose_name="数据来源",
            ),
        ),
        migrations.RunPython(incident_indicators, migrations.RunPython.noop),
    ]
