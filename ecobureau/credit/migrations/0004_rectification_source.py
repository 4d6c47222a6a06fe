"""Rectification as a credit source (issue 12; issue 11 item 3 gave tasks and
petition cases an enterprise link).

New installations get L11 from 0002 (it reads config); this migration then
gives it its basis (seed 001). On an existing installation the Liaoning default
scheme that no launched year uses gains L11 (示例配置). Schemes a year already
uses are left as they are.
"""

from decimal import Decimal

from django.db import migrations, models

SOURCES = [
    ("case_filed", "立案查处的环境违法案件（执法）"),
    ("penalty", "行政处罚决定（执法）"),
    ("exceedance", "自动监控超标线索（监测）"),
    ("anomaly", "自动监控数据异常线索（监测）"),
    ("no_permit", "无证排污（监测·排放量）"),
    ("over_total", "超许可排放量（监测·排放量）"),
    ("complaint_true", "投诉举报经核查属实（投诉）"),
    ("permit_expired", "排污许可证过期或缺失（企业档案）"),
    ("incident", "负有责任的突发环境事件（应急，已分级）"),
    ("rectification", "督察整改逾期或反弹（督察整改，涉及企业）"),
    ("manual", "初审人员填报"),
]


def rectification_indicator(apps, schema_editor):  # type: ignore[no-untyped-def]
    from ecobureau.credit import config

    Scheme = apps.get_model("credit", "Scheme")
    Indicator = apps.get_model("credit", "Indicator")
    EvaluationYear = apps.get_model("credit", "EvaluationYear")
    used = set(EvaluationYear.objects.values_list("scheme_id", flat=True))
    aspect, code, name, source, points, cap = next(
        row for row in config.LIAONING_INDICATORS if row[1] == "L11"
    )
    basis = config.indicator_basis(config.LIAONING_BASIS, source)
    for scheme in Scheme.objects.filter(kind="liaoning").exclude(pk__in=used):
        existing = scheme.indicators.filter(code=code).first()
        if existing is not None:
            if existing.source == source:
                existing.basis = basis
                existing.save(update_fields=["basis"])
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
        ("credit", "0003_incident_source"),
    ]

    operations = [
        migrations.AlterField(
            model_name="indicator",
            name="source",
            field=models.CharField(
                choices=SOURCES, max_length=20, verbose_name="数据来源"
            ),
        ),
        migrations.AlterField(
            model_name="vetorule",
            name="source",
            field=models.CharField(
                blank=True, choices=SOURCES, max_length=20, verbose_name="数据来源"
            ),
        ),
        migrations.RunPython(rectification_indicator, migrations.RunPython.noop),
    ]
