"""Demo step: reward cases (示例数据) through the services — the first valid
reporter of a violation paid out after approval and publication, a later reporter
of the same violation refused as not first, and a new report awaiting the site
survey. The reporters are invented; their identities are encrypted like real ones.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ecobureau.casework import services as casework
from ecobureau.demo.city import DEMO_LABEL, DemoCity

from . import services

ORDER = 55


def _data(
    party: str,
    address: str,
    facts: str,
    who: list[services.Identity],
    channel: str = "visit",
) -> services.ReportData:
    return services.ReportData(
        channel=channel,
        reported_party=party,
        reported_address=address,
        facts=f"{facts}（{DEMO_LABEL}）",
        occurred="近一个月夜间",
        evidence_note="照片4张、视频1段",
        reporters=who,
    )


def build(city: DemoCity) -> None:
    handler = city.people["reward"]
    team = city.units["team"]
    enterprises = city.shared.get("enterprises", [])
    huaxin = enterprises[0] if enterprises else None
    party = huaxin.name if huaxin else "鞍山市华信精细化工有限公司"
    address = huaxin.address if huaxin else "铁东区胜利路88号"
    first = services.report_register(
        data=_data(
            party,
            address,
            "夜间通过暗管向南沙河排放未经处理的生产废水",
            [
                services.Identity(
                    "示例甲", "210302198001010018", "13900001001", "6222000000001001"
                ),
                services.Identity("示例乙", "210302198502020025", "13900001002"),
            ],
        ),
        by=handler,
    )
    later = services.report_register(
        data=_data(
            "华信化工",
            address,
            "厂区后墙有暗管排污",
            [services.Identity("示例丙", "210302199003030031", "13900001003")],
            channel="letter",
        ),
        by=handler,
    )
    services.report_dispatch(report=first, unit=team, by=handler)
    services.report_dispatch(report=later, unit=team, by=handler)
    officer = city.people["officer-1"]
    services.report_survey(
        report=first, note=f"现场发现暗管并取样（{DEMO_LABEL}）", by=officer
    )
    services.report_survey(
        report=later, note=f"与登记在先的举报为同一暗管（{DEMO_LABEL}）", by=officer
    )
    services.report_exclude(
        report=later, exclusions=[], not_first=True, note="", by=handler
    )
    services.report_serve_exclusion(
        report=later, service="publication", served_on=timezone.localdate(), by=handler
    )
    services.report_penalty(
        report=first,
        decided_on=timezone.localdate() - timedelta(days=1),
        categories=[11, 8],
        decision_reference="鞍环罚〔2026〕示例1号",
        by=handler,
    )
    approval = services.report_propose(report=first, by=handler, reasons="")
    casework.approval_review(
        approval=approval, opinion="经审核，情形认定准确", by=city.people["team-head"]
    )
    casework.approval_decide(
        approval=approval, decision="approve", opinion="同意", by=city.people["leader"]
    )
    services.report_after_approval(report=first, by=handler)
    services.report_notify(
        report=first, service="publication", served_on=timezone.localdate(), by=handler
    )
    if len(enterprises) > 1:
        waiting = services.report_register(
            data=_data(
                enterprises[1].name,
                enterprises[1].address,
                "在厂区外倾倒含油污泥",
                [services.Identity("示例丁", "210303197704040047", "13900001004")],
            ),
            by=handler,
        )
        services.report_dispatch(report=waiting, unit=team, by=handler)
    city.shared["reward_reports"] = [first, later]
