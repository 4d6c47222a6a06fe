"""Disclosure duties (信息公开义务) as a credit source: a breach established by
enforcement's check against the minor-violation list entry 违反信息公开规定的行为.

New installations get N16 (national, now read automatically) and L12 (Liaoning)
from 0002 (it reads config); this migration gives them their basis. On an
existing installation the default schemes that no launched year uses are brought
up to the same configuration (示例配置). Schemes a year already uses are left as
they are; manual items entered for N16 still count (scoring matches them by code).
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
    ("disclosure", "未依法公开环境信息（执法·轻微违法核对）"),
    ("manual", "初审人员填报"),
]


def disclosure_indicators(apps, schema_editor):  # type: ignore[no-untyped-def]
    from ecobureau.credit import config

    Scheme = apps.get_model("credit", "Scheme")
    Indicator = apps.get_model("credit", "Indicator")
    EvaluationYear = apps.get_model("credit", "EvaluationYear")
    used = set(EvaluationYear.objects.values_list("scheme_id", flat=True))
    basis = {
        "national": config.indicator_basis(config.NATIONAL_BASIS, "disclosure"),
        "liaoning": config.indicator_basis(config.LIAONING_BASIS, "disclosure"),
    }
    for scheme in Scheme.objects.exclude(pk__in=used):
        if scheme.kind == "national":
            Indicator.objects.filter(
                scheme=scheme, code="N16", source__in=["manual", "disclosure"]
            ).update(source="disclosure", basis=basis["national"])
        elif scheme.kind == "liaoning":
            existing = scheme.indicators.filter(code="L12").first()
            if existing is not None:
                if existing.source == "disclosure":
                    existing.basis = basis["liaoning"]
                    existing.save(update_fields=["basis"])
                continue
            aspect, code, name, source, points, cap = next(
                row for row in config.LIAONING_INDICATORS if row[1] == "L12"
            )
            Indicator.objects.create(
                scheme=scheme,
                aspect=aspect,
                code=code,
                name=name,
                source=source,
                points=Decimal(points),
                cap=Decimal(cap),
                basis=basis["liaoning"],
                is_example=True,
                order=scheme.indicators.count(),
            )


class Migration(migrations.Migration):
    dependencies = [
        ("credit", "0004_rectification_source"),
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
        migrations.RunPython(disclosure_indicators, migrations.RunPython.noop),
    ]
