"""Demo step: environmental emergencies, opinion events and plans (示例数据),
built through the services.

- an incident from an online-monitoring alarm in 铁东区, graded 较大, its initial
  report sent on time and a follow-up pending, with a log entry, a task and a
  measurement;
- a concluded incident in 铁西区 whose handling was published after review;
- an opinion event on Weibo waiting for its reply to be reviewed;
- two emergency plans, one whose three-yearly assessment has lapsed; the city's
  with its emergency organisation (roles, people, phones, duties);
- an enterprise's request for help with an opinion event about it, a helper named,
  a joint analysis and a measure recorded (seed 000 与企业互动（七）);
- regional environmental-safety hazards (区域环境安全隐患, C27): one major hazard
  in 铁东区 being rectified and one in 铁西区 rectified, both published, and one
  in 海城市 not yet published. Built once: a second run finds them and adds none.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from decimal import Decimal

from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.demo.city import DEMO_LABEL, DemoCity
from ecobureau.enterprises.models import Enterprise

from . import enterprise_help, hazards, preparedness, services
from .models import Incident, OpinionEvent, Plan, SafetyHazard

ORDER = 80  # after complaints (50), monitoring (60) and enforcement (70)

NO_FACTS = {
    "deaths": 0,
    "poisoned": 0,
    "evacuated": 0,
    "loss_10k_yuan": Decimal("0"),
    "water": "none",
    "boundary": "none",
    "ecology": "none",
}


def build(city: DemoCity) -> None:
    duty = city.people.get("emergency")
    leader = city.people.get("leader")
    tiedong = city.divisions.get("210302")
    tiexi = city.divisions.get("210303")
    if duty is None or leader is None or tiedong is None or tiexi is None:
        return
    now = timezone.now()

    # 1. An alarm two hours ago, graded 较大, initial report sent, follow-up pending.
    alarm = services.incident_register(
        by=duty,
        title=f"某化工企业储罐泄漏（{DEMO_LABEL}）",
        source=Incident.Source.MONITORING,
        source_ref="在线监测报警：总排口COD小时均值超标",
        place="铁东区某工业园区",
        summary="在线监测报警后企业报告储罐阀门破裂，物料经雨水管网外排。",
        received_at=now - timedelta(hours=2),
        occurred_at=now - timedelta(hours=2, minutes=20),
        district=tiedong,
    )
    services.incident_grade(
        incident=alarm, by=duty, facts={**NO_FACTS, "evacuated": 5200}
    )
    services.incident_verify(
        incident=alarm, by=duty, verification="应急科到场核实：雨水排口有物料外排。"
    )
    initial = alarm.reports.get(kind="initial")
    services.report_submit(
        report=initial, by=duty, content=f"初报（{DEMO_LABEL}）：事件类型、时间、地点……"
    )
    services.log_add(
        incident=alarm, by=duty, actor_name="应急科", action="封堵雨水排口，启用应急池"
    )
    services.task_assign(
        incident=alarm,
        by=duty,
        department="铁东区应急管理局",
        content="组织下游居民临时转移",
        due_at=now + timedelta(hours=3),
    )
    services.measurement_add(
        incident=alarm,
        by=duty,
        measured_at=now - timedelta(minutes=30),
        point="雨水排口下游500米",
        pollutant="COD",
        value=Decimal("86.5"),
        unit="mg/L",
        limit=Decimal("30"),
    )

    # 2. A concluded incident, its handling published after review.
    done = services.incident_register(
        by=duty,
        title=f"河道死鱼（{DEMO_LABEL}）",
        source=Incident.Source.POLICE,
        place="铁西区某河段",
        summary="110转来：河道出现大量死鱼。",
        received_at=now - timedelta(days=6),
        district=tiexi,
    )
    services.incident_grade(incident=done, by=duty, facts=NO_FACTS)
    services.incident_verify(
        incident=done, by=duty, verification="上游养殖场粪污外排致水体缺氧。"
    )
    services.report_submit(
        report=done.reports.get(kind="initial"),
        by=duty,
        content="初报……",
        at=now - timedelta(days=6) + timedelta(hours=1),
    )
    release = services.release_draft(
        incident=done,
        by=duty,
        title=f"关于铁西区某河段死鱼事件的情况通报（{DEMO_LABEL}）",
        body="经调查，死鱼系上游养殖场粪污外排致水体缺氧所致。目前排放已停止，"
        "下游断面溶解氧已恢复正常，对饮用水源无影响。",
    )
    services.release_review(release=release, by=leader, approve=True)
    services.incident_close(incident=done, by=duty, summary="污染源已切断，水质恢复。")
    services.report_submit(
        report=done.reports.get(kind="final"), by=duty, content="处理结果报告……"
    )
    services.incident_conclude(
        incident=done,
        by=duty,
        damage_assessment="直接经济损失约8万元（渔业）。",
        review_summary="养殖场纳入网格重点巡查。",
    )

    # 3. An opinion event whose reply waits for review.
    event = services.opinion_register(
        by=duty,
        title=f"微博：某河段发黑发臭（{DEMO_LABEL}）",
        channel=OpinionEvent.Channel.WEIBO,
        content="网友发帖称河水发黑发臭，附视频。",
        spread="阅读1.2万，转发260",
        grade="larger",
        discovered_at=now - timedelta(hours=3),
        district=tiexi,
    )
    services.opinion_transition(event=event, transition="assign", by=duty)
    services.opinion_transition(
        event=event,
        transition="submit",
        by=duty,
        changes={"reply_draft": "感谢关注。我局已派员现场核查，结果将及时公布。"},
    )

    # 4. Plans: the city's, and an enterprise's whose assessment has lapsed.
    city_plan = preparedness.plan_register(
        by=duty,
        holder_kind=Plan.Holder.GOVERNMENT,
        holder_name="鞍山市人民政府",
        title=f"鞍山市突发环境事件应急预案（{DEMO_LABEL}）",
        filed_on=date(2024, 6, 1),
        contacts="市应急指挥部办公室（设在市生态环境局）",
    )
    enterprises = city.shared.get("enterprises", [])
    if enterprises:
        preparedness.plan_register(
            by=duty,
            holder_kind=Plan.Holder.ENTERPRISE,
            holder_name="",
            title=f"突发环境事件应急预案（{DEMO_LABEL}）",
            filed_on=date(2021, 3, 15),
            filing_number="210302-2021-001-L",
            enterprise=enterprises[0],
        )
    # Roles of the city's plan (names and phones are invented: 示例数据).
    for role, person, unit, phone, duty_text in (
        (
            "总指挥",
            "示例·张",
            "市人民政府 副市长",
            "0412-5550101",
            "统一领导、指挥全市突发环境事件应对",
        ),
        (
            "副总指挥",
            "示例·李",
            "市生态环境局 局长",
            "0412-5550102",
            "协助总指挥，负责应急监测与污染处置的组织",
        ),
        (
            "应急监测组组长",
            "示例·王",
            "市生态环境监测中心 主任",
            "13800000103",
            "制定监测方案，报告监测数据",
        ),
        (
            "信息发布组组长",
            "示例·赵",
            "市生态环境局办公室 主任",
            "0412-5550104",
            "起草并经审核后发布事件信息，回应舆情",
        ),
    ):
        preparedness.plan_role_add(
            plan=city_plan,
            by=duty,
            role=role,
            person=person,
            unit=unit,
            phone=phone,
            duty=duty_text,
        )
    if enterprises:
        _help_demo(duty, leader, enterprises[0], now)
    _hazards(city, duty)


def _hazards(city: DemoCity, duty: User) -> None:
    """Three hazards of the districts (示例数据), two of them published."""
    if SafetyHazard.objects.filter(place__contains=DEMO_LABEL).exists():
        return  # built before
    tiedong = city.divisions["210302"]
    tiexi = city.divisions["210303"]
    haicheng = city.divisions.get("210381")
    today = timezone.localdate()
    enterprise = next(
        (e for e in city.shared.get("enterprises", []) if e.district_id == tiedong.pk),
        None,
    )
    hazards.hazard_add(
        by=duty,
        publish=True,
        district=tiedong,
        place=f"铁东区某工业园区化工企业罐区（{DEMO_LABEL}）",
        enterprise=enterprise,
        found_on=today - timedelta(days=20),
        level=SafetyHazard.Level.MAJOR,
        description="罐区围堰容积不足，雨水排口未设切换阀，泄漏物料可经雨水管网进入河道。",
        measure="扩建围堰，雨水排口加装切换阀并接入应急事故池，完善应急物资。",
        deadline=today + timedelta(days=40),
    )
    rectified = hazards.hazard_add(
        by=duty,
        publish=True,
        district=tiexi,
        place=f"铁西区某河段沿岸废弃厂区（{DEMO_LABEL}）",
        found_on=today - timedelta(days=75),
        level=SafetyHazard.Level.GENERAL,
        description="废弃厂区遗留桶装废液约20桶，部分锈蚀渗漏，距河道约150米。",
        measure="清点封存，委托有资质单位转移处置，开展场地土壤采样监测。",
        deadline=today - timedelta(days=15),
    )
    hazards.hazard_rectify(
        hazard=rectified,
        by=duty,
        rectified_on=today - timedelta(days=25),
        note=f"遗留废液已全部转移处置，转移联单齐全，土壤监测未超筛选值。（{DEMO_LABEL}）",
    )
    if haicheng is not None:
        hazards.hazard_add(
            by=duty,
            district=haicheng,
            place=f"海城市某镇菱镁企业尾矿堆场（{DEMO_LABEL}）",
            found_on=today - timedelta(days=5),
            level=SafetyHazard.Level.GENERAL,
            description="堆场未全部苫盖，挡墙局部坍塌，雨季存在冲刷入河风险。",
            measure="修复挡墙，全部苫盖，设置截排水沟。",
            deadline=today + timedelta(days=60),
        )


def _help_demo(duty: User, leader: User, enterprise: Enterprise, now: datetime) -> None:
    """An enterprise asks for help with a short video about it; the bureau
    analyses it with the enterprise and works out a measure (still helping)."""
    event = services.opinion_register(
        by=duty,
        title=f"短视频：某企业夜间偷排（{DEMO_LABEL}）",
        channel=OpinionEvent.Channel.ENTERPRISE,
        content="网传短视频称企业夜间向河道偷排污水，企业称系旧视频并求助。",
        spread="播放3.5万，评论400",
        grade="major",
        discovered_at=now - timedelta(hours=5),
        district=enterprise.district,
        enterprise=enterprise,
    )
    record = enterprise_help.help_request(
        event=event,
        enterprise=enterprise,
        by=duty,
        requested_at=now - timedelta(hours=4),
        request="视频为旧视频，请求协助核实并发布权威信息。",
        contact="企业环保负责人（示例）",
    )
    enterprise_help.help_assign(help_record=record, by=duty, helper=leader)
    enterprise_help.help_action_add(
        help_record=record,
        by=duty,
        kind="analysis",
        taken_at=now - timedelta(hours=3),
        description="会同企业比对视频画面与厂区现状，初步判断为2023年整改前旧视频。",
        participants="局办公室、属地分局、企业",
    )
    enterprise_help.help_action_add(
        help_record=record,
        by=duty,
        kind="measure",
        taken_at=now - timedelta(hours=2),
        description="现场核查排口并调取在线监测数据，起草情况说明待审核发布。",
        participants="属地分局",
    )
