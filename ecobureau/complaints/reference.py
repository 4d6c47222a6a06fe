"""The triage table shipped with the platform (示例配置), loaded by
`manage.py load_reference`: rows missing by code are created; rows already there
are left as the administrator keeps them (requirements C11, D11 — the routing
table is each city's own).

Source: seed 000 《12369环保举报投诉》常见错误示例、常见问题解答 1–5."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from ecobureau.core import records

from .models import TriageRule

BASIS = "种子文件000《12369环保举报投诉》常见问题"

ROWS: list[dict[str, Any]] = [
    {
        "code": "legal-procedure",
        "name": "应通过诉讼、仲裁、行政复议解决的事项",
        "order": 10,
        "keywords": "诉讼\n起诉\n法院\n仲裁\n行政复议\n判决\n裁定",
        "outcome": TriageRule.Outcome.NOT_ACCEPTED,
        "channel_text": "人民法院、仲裁机构或行政复议机关",
        "basis": BASIS + "1；环境保护部令第15号",
    },
    {
        "code": "statutory-duty",
        "name": "申请行政机关履行法定职责的请求",
        "order": 15,
        "keywords": "履行法定职责\n申请履职\n不作为",
        "outcome": TriageRule.Outcome.NOT_ACCEPTED,
        "channel_text": "依法申请行政复议或提起行政诉讼",
        "basis": BASIS + "1",
    },
    {
        "code": "traffic-noise",
        "name": "交通运输噪声",
        "order": 20,
        "keywords": "汽车鸣笛\n鸣笛\n火车噪音\n火车声\n高铁噪声\n飞机噪音\n交通噪声\n车辆噪音\n炸街\n机动车噪声\n货车噪音",
        "noise_sources": "traffic",
        "outcome": TriageRule.Outcome.REDIRECT,
        "target_unit_code": "dept-gongan",
        "channel_text": "公安、交通运输、铁路、民航等主管部门和港务监督机构",
        "basis": BASIS + "4",
    },
    {
        "code": "city-noise",
        "name": "施工噪声、社会生活噪声、加工行业噪声",
        "order": 30,
        "keywords": "施工噪音\n施工噪声\n工地噪音\n夜间施工\n打桩\n装修\n广场舞\n喇叭\n音响\nktv\n歌厅\n酒吧\n加工噪音\n切割声\n电锯",
        "noise_sources": "construction,social,processing",
        "outcome": TriageRule.Outcome.REDIRECT,
        "target_unit_code": "dept-zhifa",
        "channel_text": "鞍山市城市管理综合行政执法局",
        "basis": BASIS + "3（行政处罚权由市城市管理综合行政执法局集中行使）",
    },
    {
        "code": "not-environmental",
        "name": "不属于生态环境部门职责的事项",
        "order": 40,
        "keywords": "物业\n拆迁补偿\n欠薪\n工资\n交通事故\n占道经营\n违章建筑\n违建\n停车\n供暖温度\n暖气不热\n水费\n电费\n房屋质量",
        "outcome": TriageRule.Outcome.REDIRECT,
        "channel_text": "有关职能部门（可拨打12345政务服务便民热线）",
        "basis": BASIS + "1；种子文件000《与群众互动》二（三）2",
    },
    {
        "code": "enterprise-pollution",
        "name": "企事业单位和其他生产经营者的污染",
        "order": 90,
        "keywords": "厂\n公司\n企业\n偷排\n废气\n废水\n粉尘\n工业噪声\n危废\n危险废物\n烟囱\n搅拌站",
        "outcome": TriageRule.Outcome.BUREAU,
        "channel_text": "",
        "basis": BASIS + "5",
    },
]


TARGET = ("complaints.triagerule", "reference")


def _shipped_before() -> set[str]:
    """Codes an earlier load created: an administrator who deleted one of them
    meant it, so it is not created again."""
    shipped: set[str] = set()
    for entry in records.history(TARGET).filter(action="complaints.triage.load"):
        shipped.update(records.payload_of(entry)["data"].get("created", []))
    return shipped


def load(stdout: Any, verbosity: int) -> None:
    with transaction.atomic():
        existing = set(TriageRule.objects.values_list("code", flat=True))
        skip = existing | _shipped_before()
        created = [TriageRule(**row) for row in ROWS if row["code"] not in skip]
        TriageRule.objects.bulk_create(created)
        if created:
            records.append(
                action="complaints.triage.load",
                target=TARGET,
                data={"created": [rule.code for rule in created]},
            )
    if verbosity >= 1:
        stdout.write(
            f"投诉分流规则（示例配置）：新增 {len(created)}，保留 {len(existing)}。"
        )
