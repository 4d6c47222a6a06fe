"""守信加分 (issue 12 item 2) and the start of the repair periods (C10).

- Indicator/VetoRule source gains "bonus"; the bonus items of
  config.BONUS_INDICATORS (示例配置，需按省厅文件核定) are added to every scheme no
  launched year uses, as 0006 did for N22 (schemes a year already uses keep their
  rows; services.schemes_install adds them on new installations).
- Repair keeps which platform record its document date came from
  (`decision_ref`, empty = typed by the enterprise) and that document's label.
"""

from decimal import Decimal

from django.db import migrations, models


def bonus_items(apps, schema_editor):  # type: ignore[no-untyped-def]
    from ecobureau.credit import config

    Scheme = apps.get_model("credit", "Scheme")
    Indicator = apps.get_model("credit", "Indicator")
    EvaluationYear = apps.get_model("credit", "EvaluationYear")
    used = set(EvaluationYear.objects.values_list("scheme_id", flat=True))
    for scheme in Scheme.objects.exclude(pk__in=used):
        for aspect, code, name, source, points, cap in config.BONUS_INDICATORS:
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
                basis=config.indicator_basis(scheme.basis, source, code),
                is_example=True,
                order=scheme.indicators.count(),
            )


class Migration(migrations.Migration):
    dependencies = [
        ("credit", "0008_disclosure_report"),
    ]

    operations = [
        migrations.AddField(
            model_name="repair",
            name="decision_label",
            field=models.CharField(
                blank=True, max_length=200, verbose_name="所依据的文书"
            ),
        ),
        migrations.AddField(
            model_name="repair",
            name="decision_ref",
            field=models.CharField(
                blank=True, max_length=60, verbose_name="文书日期取自的平台记录"
            ),
        ),
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
                    ("rectification", "督察整改逾期或反弹（督察整改，涉及企业）"),
                    ("disclosure", "未依法公开环境信息（执法·轻微违法核对）"),
                    ("manual", "初审人员填报"),
                    ("bonus", "守信加分（初审人员填报来源和依据）"),
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
                    ("rectification", "督察整改逾期或反弹（督察整改，涉及企业）"),
                    ("disclosure", "未依法公开环境信息（执法·轻微违法核对）"),
                    ("manual", "初审人员填报"),
                    ("bonus", "守信加分（初审人员填报来源和依据）"),
                ],
                max_length=20,
                verbose_name="数据来源",
            ),
        ),
        migrations.RunPython(bonus_items, migrations.RunPython.noop),
    ]
