"""Demo step: working with enterprises and EIA intermediaries (示例数据), built
through the services.

- two demands of the first demo enterprise: one answered and rated, one waiting to
  be routed; a commissioner for it and a commissioner's visit;
- three EIA technical units with staff; a "returned more than 3 times" record
  decided and published, a praise published, a complaint still to verify;
- the supervisors in the seeds' numbers: 81 enforcement supervisors (10 NPC, 10
  CPPCC, 61 enterprise representatives; seed 000) and 38 business-environment
  social supervisors (seed 004), with a few participations.
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ecobureau.demo.city import DEMO_LABEL, DemoCity
from ecobureau.lib import credit_code
from ecobureau.lib.dates import SHANGHAI

from . import services
from .models import Commissioner, Demand, Participation, Supervisor, Visit

ORDER = 85  # after enterprises and emergencies


def build(city: DemoCity) -> None:
    _demands(city)
    _eia(city)
    _supervisors(city)


def _demands(city: DemoCity) -> None:
    staff = city.people.get("coordination")
    leader = city.people.get("leader")
    account = city.people.get("enterprise-a")
    enterprises = city.shared.get("enterprises", [])
    if staff is None or leader is None or account is None or not enterprises:
        return
    if staff.unit is None:
        return
    enterprise = enterprises[0]
    today = timezone.now().astimezone(SHANGHAI).date()
    services.commissioner_assign(
        by=leader,
        enterprise=enterprise,
        commissioner=staff,
        rank=Commissioner.Rank.DEPUTY_CHIEF,
        started_on=today - timedelta(days=90),
    )
    services.visit_record(
        by=staff,
        enterprise=enterprise,
        kind=Visit.Kind.COMMISSIONER,
        visited_on=today - timedelta(days=7),
        difficulties=f"VOCs治理设施升级资金紧张（{DEMO_LABEL}）",
        help_given="介绍大气污染防治专项资金申报渠道",
    )
    answered = services.demand_file(
        by=account,
        enterprise=enterprise,
        title=f"排污许可证变更咨询（{DEMO_LABEL}）",
        content="新增一条生产线，排污许可证需要办理变更还是重新申请？",
        category=Demand.Category.APPROVAL,
    )
    services.demand_assign(demand=answered, by=staff, unit=staff.unit, assignee=staff)
    services.demand_answer(
        demand=answered,
        by=staff,
        answer="新增产排污环节属于重新申请情形，已告知所需材料并约定上门指导。",
    )
    services.demand_rate(demand=answered, by=account, rating=5, comment="答复及时")
    services.demand_file(
        by=account,
        enterprise=enterprise,
        title=f"在线监测设备运维单位选择（{DEMO_LABEL}）",
        content="自动监控设备运维合同到期，希望了解运维单位的要求。",
        category=Demand.Category.MONITORING,
    )


def _code(n: int) -> str:
    body = f"91210300{700000 + n:09d}"
    return body + credit_code.check_character(body)


def _eia(city: DemoCity) -> None:
    officer = city.people.get("coordination")
    head = city.people.get("air-head")
    if officer is None or head is None:
        return
    units = []
    for n, name in enumerate(
        ("鞍山某环境技术有限公司", "辽宁某环保科技有限公司", "某环境工程咨询有限公司"),
        start=1,
    ):
        unit = services.eia_unit_register(
            by=officer,
            name=f"{name}（{DEMO_LABEL}）",
            credit_code=_code(n),
            does_plan_reports=n == 1,
            does_post_evaluation=n != 3,
            qualifications="环境影响评价工程师若干名",
        )
        services.eia_staff_add(
            by=officer,
            unit=unit,
            name=f"示例编制主持人{n}",
            full_time=True,
            engineer_certificate=f"HP00{n:05d}",
            lead_author=True,
        )
        units.append(unit)
    today = timezone.now().astimezone(SHANGHAI).date()
    returned = services.conduct_register(
        by=officer,
        unit=units[1],
        kind="returned_over_3",
        occurred_on=today - timedelta(days=20),
        project="某钢铁企业烧结机烟气治理项目",
        facts="环境影响报告书退改4次。",
    )
    services.conduct_decide(
        record=returned, by=head, reason="经核实报告书退改4次，属实。", points=5
    )
    services.conduct_publish(
        record=returned,
        by=head,
        public_summary="该单位编制的环境影响报告书退改超过3次，予以通报批评并在环评信用平台记分。",
    )
    praise = services.conduct_register(
        by=officer,
        unit=units[0],
        kind="praise",
        occurred_on=today - timedelta(days=10),
        facts="环评质量考核优良，主动将技术服务时限由60日缩减至45日（25%）。",
    )
    services.conduct_decide(record=praise, by=head, reason="符合管理规定三（三）。")
    services.conduct_publish(
        record=praise,
        by=head,
        public_summary="该单位环评质量考核优良并主动缩减技术服务时限25%，予以通报表扬。",
    )
    services.conduct_register(
        by=officer,
        unit=units[2],
        kind="builder_complaint",
        occurred_on=today - timedelta(days=3),
        facts="建设单位投诉未一次性告知所需材料，致项目前期工作滞后。",
    )


def _supervisors(city: DemoCity) -> None:
    head = city.people.get("team-head")
    if head is None:
        return
    today = timezone.now().astimezone(SHANGHAI).date()
    start = today.replace(month=1, day=1)
    split = (
        [Supervisor.Source.NPC] * 10
        + [Supervisor.Source.CPPCC] * 10
        + [Supervisor.Source.ENTERPRISE] * 61
    )
    first = None
    for n, source in enumerate(split, start=1):
        supervisor = services.supervisor_appoint(
            by=head,
            group=Supervisor.Group.ENFORCEMENT,
            name=f"执法监督员{n:02d}（{DEMO_LABEL}）",
            source=source,
            appointed_on=start,
            certificate_no=f"AS-JD-{n:03d}",
        )
        first = first or supervisor
    business = None
    for n in range(1, 39):
        supervisor = services.supervisor_appoint(
            by=head,
            group=Supervisor.Group.BUSINESS,
            name=f"营商环境社会监督员{n:02d}（{DEMO_LABEL}）",
            source=Supervisor.Source.ENTERPRISE,
            appointed_on=start,
        )
        business = business or supervisor
    if first is not None and today > start:
        services.participation_record(
            by=head,
            supervisor=first,
            kind=Participation.Kind.FILE_REVIEW,
            held_on=today,
            note="参加年度执法案卷评查",
        )
    if business is not None and today > start:
        services.participation_record(
            by=head,
            supervisor=business,
            kind=Participation.Kind.INSPECTION,
            held_on=today,
            note="参与现场执法检查",
        )
