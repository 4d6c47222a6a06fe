"""Example discretion-standard entries (示例配置). Liaoning's standard
(辽环发〔2023〕9号, rules.md P24) was not retrieved: these rows show the shape only
and are marked `example`; the legal section replaces them in admin."""

from datetime import date

from django.db import migrations

BASIS = "示例配置：辽宁省生态环境厅环境行政处罚自由裁量权裁量办法（试行）（辽环发〔2023〕9号）内容未取得"

EXAMPLES = [
    {
        "code": "大气-超标排放",
        "title": "超过大气污染物排放标准排放大气污染物",
        "provision": "《中华人民共和国大气污染防治法》第九十九条第二项：处十万元以上一百万元以下的罚款",
        "levels": [
            {
                "level": "较轻",
                "min": "100000",
                "max": "300000",
                "when": "超标倍数小，及时改正",
            },
            {
                "level": "一般",
                "min": "300000",
                "max": "600000",
                "when": "超标持续，未造成明显影响",
            },
            {
                "level": "较重",
                "min": "600000",
                "max": "1000000",
                "when": "多次超标或造成影响",
            },
        ],
    },
    {
        "code": "固废-危废贮存",
        "title": "未按规定贮存危险废物（标识、场所）",
        "provision": "《中华人民共和国固体废物污染环境防治法》第一百一十二条：处十万元以上一百万元以下的罚款",
        "levels": [
            {
                "level": "较轻",
                "min": "100000",
                "max": "200000",
                "when": "数量小，及时改正",
            },
            {"level": "一般", "min": "200000", "max": "500000", "when": "一般情节"},
            {
                "level": "较重",
                "min": "500000",
                "max": "1000000",
                "when": "数量大或造成污染",
            },
        ],
    },
    {
        "code": "简易-警告",
        "title": "适用简易程序的轻微违法（警告或小额罚款）",
        "provision": "《中华人民共和国行政处罚法》第五十一条",
        "levels": [
            {"level": "警告", "min": "0", "max": "0", "when": "情节轻微"},
            {
                "level": "小额罚款",
                "min": "1",
                "max": "3000",
                "when": "公民≤200元，组织≤3000元",
            },
        ],
    },
]


def seed(apps, schema_editor):
    Standard = apps.get_model("enforcement", "DiscretionStandard")
    for row in EXAMPLES:
        Standard.objects.get_or_create(
            code=row["code"],
            effective_from=date(2023, 1, 1),
            defaults={**row, "basis": BASIS, "example": True},
        )


def unseed(apps, schema_editor):
    Standard = apps.get_model("enforcement", "DiscretionStandard")
    Standard.objects.filter(
        example=True, code__in=[r["code"] for r in EXAMPLES]
    ).delete()


class Migration(migrations.Migration):
    dependencies = [("enforcement", "0009_decisions")]
    operations = [migrations.RunPython(seed, unseed)]
