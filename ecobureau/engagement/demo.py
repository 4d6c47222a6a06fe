"""Demo step: working with enterprises and EIA intermediaries (示例数据), built
through the services.

- two demands of the first demo enterprise: one answered and rated, one waiting to
  be routed; a commissioner for it and a commissioner's visit;
- three EIA technical units with staff; a "returned more than 3 times" record
  decided and published, a praise published, a complaint still to verify;
- the supervisors in the seeds' numbers: 81 enforcement supervisors (10 NPC, 10
  CPPCC, 61 enterprise representatives; seed 000) and 38 business-environment
  social supervisors (seed 004), with a few participations;
- leaders linked to enterprises and the letter to entrepreneurs (E15);
- a nomination request with one nominee appointed (as a social environmental
  supervisor, so the seeds' 81 and 38 stay as they are) and one still to vet;
- two EIA reports (one submitted with its project number and 情况表, one draft);
  a serious-misconduct record decided with the penalty, waiting for the 转执法立案
  button (A105) — its unit is one of the demo enterprises, so the case can open;
- 与基层互动: suggestions (one adopted and rewarded, one to review) and a research
  report;
- the seeds' figures (seed 004, E16/E17): 40 service commissioners (正科/副科) over
  85 key enterprises — in a scaled-down build with fewer key enterprises, all of
  them at the same ratio (25 → 12), never a non-key one; 66 business-supervisor participations
  in inspections and case audits this year; and the monthly 百名干部 visits of 10
  cadres over the last six months, one cadre missing last month (A69).
"""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.demo.city import DEMO_LABEL, DemoCity
from ecobureau.lib import credit_code
from ecobureau.lib.dates import SHANGHAI

from . import rules, services
from .models import (
    Commissioner,
    Demand,
    EiaUnit,
    GreenChannel,
    NominationRequest,
    Participation,
    Supervisor,
    Visit,
)

ORDER = 85  # after enterprises and emergencies

# Seed 004 "为全市85家重点企业选派40名正科、副科级“服务专员”" (E16) and
# "营商环境社会监督员参与现场执法检查、行政案件审核共计66人次" (E17).
COMMISSIONERS = 40
COMMISSIONED_ENTERPRISES = 85
BUSINESS_PARTICIPATIONS = 66
# 百名干部进千家企业 (A69): the seeds give no number of cadres; the demo shows a few.
CADRES = 10
CADRE_MONTHS = 6


def build(city: DemoCity) -> None:
    _demands(city)
    _commissioners(city)
    _reception(city)
    _eia(city)
    _supervisors(city)
    _business_participations(city)
    _leaders(city)
    _nominations(city)
    _misconduct_for_enforcement(city)
    _grassroots(city)


def _commissioner_people(city: DemoCity, staff: User, count: int) -> list[User]:
    """The demo's first commissioner is the coordination persona; the others are
    staff accounts without a password (示例数据), spread over the sections."""
    from ecobureau.accounts import services as account_services

    found = sorted(
        (u for u in city.units.values() if u.kind == Unit.Kind.SECTION),
        key=lambda u: u.code,
    )
    sections: list[Unit | None] = [*found] if found else [staff.unit]
    people = [staff]
    for n in range(2, count + 1):
        username = f"demo-commissioner-{n:02d}"
        existing = User.objects.filter(username=username).first()
        people.append(
            existing
            or account_services.user_create(
                username=username,
                password=None,
                kind=User.Kind.STAFF,
                full_name=f"服务专员{n:02d}（{DEMO_LABEL}）",
                by=city.people.get("admin"),
                unit=sections[n % len(sections)],
                role_codes=["section_staff"],
                scope=User.Scope.CITY,
                title=f"{'正科级' if n % 2 == 0 else '副科级'}干部（{DEMO_LABEL}）",
            )
        )
    return people


def _commissioners(city: DemoCity) -> None:
    """E16: 40 commissioners over 85 key enterprises, through the service (the
    first key enterprise's commissioner is assigned in `_demands`). With fewer
    key enterprises in the demo city (a scaled-down build), all of them are
    served by commissioners in the seed's ratio (40:85)."""
    staff = city.people.get("coordination")
    leader = city.people.get("leader")
    enterprises = city.shared.get("enterprises", [])
    if staff is None or leader is None or staff.unit is None:
        return
    key = [e for e in enterprises if e.is_key_source][:COMMISSIONED_ENTERPRISES]
    if not key:
        return
    # 40 for 85; a scaled-down city keeps the ratio (e.g. 12 for 25).
    count = max(
        1,
        min(COMMISSIONERS, round(len(key) * COMMISSIONERS / COMMISSIONED_ENTERPRISES)),
    )
    people = _commissioner_people(city, staff, count)
    today = timezone.now().astimezone(SHANGHAI).date()
    served = set(
        Commissioner.objects.filter(
            enterprise__in=key, ended_on__isnull=True
        ).values_list("enterprise_id", flat=True)
    )
    for n, enterprise in enumerate(key):
        if enterprise.pk in served:
            continue
        person = people[n % len(people)]
        services.commissioner_assign(
            by=leader,
            enterprise=enterprise,
            commissioner=person,
            rank=(
                Commissioner.Rank.DEPUTY_CHIEF
                if people.index(person) % 2 == 0
                else Commissioner.Rank.SECTION_CHIEF
            ),
            started_on=today - timedelta(days=90),
        )
    _cadre_visits(city, people[:CADRES], key)


def _cadre_visits(city: DemoCity, cadres: list[User], enterprises: list) -> None:
    """A69: one 百名干部 visit a month by each cadre over the last six months (the
    current month only up to today); the last cadre missed last month, so the
    completeness page has something to flag."""
    today = timezone.now().astimezone(SHANGHAI).date()
    months = []
    first = today.replace(day=1)
    for _ in range(CADRE_MONTHS):
        months.append(first)
        first = (first - timedelta(days=1)).replace(day=1)
    for c, cadre in enumerate(cadres):
        for m, month in enumerate(months):
            if m == 1 and c == len(cadres) - 1 and len(cadres) > 1:
                continue  # missed last month (示例数据)
            day = month.replace(day=3 + c)
            if day > today:
                continue
            services.visit_record(
                by=cadre,
                enterprise=enterprises[(c + m) % len(enterprises)],
                kind=Visit.Kind.HUNDRED_CADRES,
                visited_on=day,
                difficulties=f"了解企业环保设施运行和政策需求（{DEMO_LABEL}）",
                help_given="宣讲排污许可和环保政策，现场解答问题",
            )


def _reception(city: DemoCity) -> None:
    """The next reception day (by the configured week rule) with its agenda, and a
    forum with one demand raised (示例数据)."""
    staff = city.people.get("coordination")
    enterprises = city.shared.get("enterprises", [])
    if staff is None or not enterprises:
        return
    from . import selectors

    services.reception_day_plan(
        by=staff,
        held_on=selectors.next_reception_date(),
        agenda=f"排污许可证执行报告填报、VOCs治理答疑（{DEMO_LABEL}）",
        hosts="执法队党群办、环评与排放管理科",
    )
    today = timezone.now().astimezone(SHANGHAI).date()
    forum = services.forum_record(
        by=staff,
        held_on=today - timedelta(days=20),
        title=f"企业代表座谈会（{DEMO_LABEL}）",
        attendees="人大代表2名、政协委员2名、企业代表6名",
        reported="通报“与企业互动”工作情况",
        topics="环评审批提速；减少重复检查",
        npc_deputies=2,
        cppcc_members=2,
        enterprise_reps=6,
    )
    services.forum_demand(
        by=staff,
        forum=forum,
        enterprise=enterprises[0],
        title=f"希望缩短环评审批时间（{DEMO_LABEL}）",
        content="座谈会上企业代表提出",
        category=Demand.Category.APPROVAL,
    )


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
    # E16: commissioners go to key enterprises only (the first demo enterprise is
    # one; if not, the first key one is served).
    key = next((e for e in enterprises if e.is_key_source), None)
    if key is not None:
        services.commissioner_assign(
            by=leader,
            enterprise=key,
            commissioner=staff,
            rank=Commissioner.Rank.DEPUTY_CHIEF,
            started_on=today - timedelta(days=90),
        )
        services.visit_record(
            by=staff,
            enterprise=key,
            kind=Visit.Kind.COMMISSIONER,
            visited_on=today - timedelta(days=7),
            difficulties=f"VOCs治理设施升级资金紧张（{DEMO_LABEL}）",
            help_given="介绍大气污染防治专项资金申报渠道",
        )
    # E15: the demo's first two enterprises on the demand green channel.
    services.green_channel_enrol(
        by=leader,
        credit_codes=[e.credit_code for e in enterprises[:2]],
        category=GreenChannel.Category.KEY,
        enrolled_on=today - timedelta(days=120),
        basis=f"实施领导干部联系企业制度，建立诉求反馈绿色通道（{DEMO_LABEL}）",
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
    authors = []
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
        author = services.eia_staff_add(
            by=officer,
            unit=unit,
            name=f"示例编制主持人{n}",
            full_time=True,
            engineer_certificate=f"HP00{n:05d}",
            lead_author=True,
        )
        units.append(unit)
        authors.append(author)
    today = timezone.now().astimezone(SHANGHAI).date()
    # A102: reports with their lead author; one submitted with the project number
    # and the 情况表 from the national platform, one still being compiled.
    submitted = services.eia_report_register(
        by=officer,
        unit=units[0],
        project=f"某焦化企业干熄焦改造项目（{DEMO_LABEL}）",
        lead_author=authors[0],
    )
    services.eia_report_submit(
        by=officer,
        report=submitted,
        project_number="示例-2103-0001",
        situation_table="编制单位和编制人员情况表（示例，环评信用平台生成）",
        submitted_on=today - timedelta(days=5),
    )
    services.eia_report_register(
        by=officer,
        unit=units[1],
        project=f"某钢铁企业烧结机脱硝项目（{DEMO_LABEL}）",
        lead_author=authors[1],
    )
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
        quality_rating="excellent",
        service_days_agreed=60,
        service_days_actual=45,
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
            birth_date=start.replace(year=start.year - 40 - n % 15),
            certificate_no=f"AS-JD-{n:03d}",
            conditions=rules.SUPERVISOR_CONDITION_CODES,
        )
        first = first or supervisor
    for n in range(1, 39):
        services.supervisor_appoint(
            by=head,
            group=Supervisor.Group.BUSINESS,
            name=f"营商环境社会监督员{n:02d}（{DEMO_LABEL}）",
            source=Supervisor.Source.ENTERPRISE,
            appointed_on=start,
        )
    if first is not None and today > start:
        services.participation_record(
            by=head,
            supervisor=first,
            kind=Participation.Kind.FILE_REVIEW,
            held_on=today,
            note="参加年度执法案卷评查",
            certificate_shown=first.certificate_no,
        )
        # A114: the year's first work meeting (第十二条（二）).
        services.supervisor_meeting_record(
            by=head,
            kind="meeting",
            held_on=today,
            title=f"执法监督员年度工作会议（{DEMO_LABEL}）",
            agenda="通报上年度执法监督情况；征询意见和建议；部署本年度执法监督工作",
            materials="执法监督员工作规则；年度执法检查计划",
            attendees=[first],
        )


def _business_participations(city: DemoCity) -> None:
    """E17: the business-environment supervisors' 66 person-times this year in
    on-site inspections and case audits (seed 004), spread over the year so far
    and over the 38 supervisors."""
    head = city.people.get("team-head")
    if head is None:
        return
    today = timezone.now().astimezone(SHANGHAI).date()
    start = today.replace(month=1, day=1)
    group = list(
        Supervisor.objects.filter(group=Supervisor.Group.BUSINESS)
        .filter(appointed_on__lte=start)
        .order_by("pk")
    )
    if not group:
        return
    span = (today - start).days
    for n in range(BUSINESS_PARTICIPATIONS):
        inspection = n % 3 != 2
        services.participation_record(
            by=head,
            supervisor=group[n % len(group)],
            kind=(
                Participation.Kind.INSPECTION
                if inspection
                else Participation.Kind.CASE_AUDIT
            ),
            held_on=start + timedelta(days=span * n // BUSINESS_PARTICIPATIONS),
            note=(
                f"参与现场执法检查（{DEMO_LABEL}）"
                if inspection
                else f"参与行政案件审核（{DEMO_LABEL}）"
            ),
        )


def _leaders(city: DemoCity) -> None:
    """E15: bureau leaders linked to enterprises, and the letter they sent."""
    leader = city.people.get("leader")
    head = city.people.get("air-head")
    enterprises = city.shared.get("enterprises", [])
    if leader is None or len(enterprises) < 2:
        return
    today = timezone.now().astimezone(SHANGHAI).date()
    services.leader_link(
        by=leader,
        leader=leader,
        enterprise=enterprises[0],
        started_on=today - timedelta(days=60),
    )
    if head is not None:
        link = services.leader_link(
            by=leader,
            leader=head,
            enterprise=enterprises[1],
            started_on=today - timedelta(days=200),
        )
        services.leader_unlink(
            by=leader, link=link, ended_on=today - timedelta(days=30)
        )
        services.leader_link(
            by=leader,
            leader=head,
            enterprise=enterprises[0],
            started_on=today - timedelta(days=29),
        )
    services.letter_send(
        by=leader,
        title=f"致全市企业家朋友们的一封信（{DEMO_LABEL}）",
        body="市生态环境局推行“企业环保治理需求发布平台”、每月企业环保接待日和服务专员"
        "制度，欢迎企业家朋友们提出诉求和建议。",
        sent_on=today - timedelta(days=45),
        enterprises=enterprises[:5],
    )


def _nominations(city: DemoCity) -> None:
    """A109: the team asks a body for nominees; one appointed, one to vet."""
    head = city.people.get("team-head")
    if head is None:
        return
    today = timezone.now().astimezone(SHANGHAI).date()
    request = services.nomination_request(
        by=head,
        body=NominationRequest.Body.DISTRICT,
        body_name=f"铁东区人民政府（{DEMO_LABEL}）",
        group=Supervisor.Group.SOCIAL,
        quota=2,
        requested_on=today - timedelta(days=20),
        note="推荐社会环境保护监督员人选",
    )
    first = services.nominee_add(
        by=head,
        request=request,
        name=f"推荐人选甲（{DEMO_LABEL}）",
        organisation="铁东区某社区居委会",
        birth_date=today.replace(year=today.year - 45, day=1),
    )
    services.nominee_add(
        by=head,
        request=request,
        name=f"推荐人选乙（{DEMO_LABEL}）",
        organisation="铁东区某街道",
        birth_date=today.replace(year=today.year - 52, day=1),
    )
    services.nominee_vet(
        by=head,
        nominee=first,
        approve=True,
        note="符合工作规则第三条条件",
        appointed_on=today - timedelta(days=2),
        certificate_no="AS-SH-001",
    )


def _misconduct_for_enforcement(city: DemoCity) -> None:
    """A105: a serious misconduct (管理规定 三（二）1) decided with the penalty,
    not yet sent to enforcement. The unit is a demo enterprise (same credit code),
    so the team head's 转执法立案 button can open the case."""
    officer = city.people.get("coordination")
    head = city.people.get("air-head")
    enterprises = city.shared.get("enterprises", [])
    if officer is None or head is None or len(enterprises) < 2:
        return
    enterprise = enterprises[-1]
    if EiaUnit.objects.filter(credit_code=enterprise.credit_code).exists():
        return
    unit = services.eia_unit_register(
        by=officer,
        name=enterprise.name,
        credit_code=enterprise.credit_code,
        does_post_evaluation=True,
        qualifications=f"环境影响评价工程师2名（{DEMO_LABEL}）",
    )
    today = timezone.now().astimezone(SHANGHAI).date()
    record = services.conduct_register(
        by=officer,
        unit=unit,
        kind="spot_check_quality",
        occurred_on=today - timedelta(days=12),
        project=f"某化工企业技改项目（{DEMO_LABEL}）",
        facts="环境影响报告表抽检发现主要环境保护目标遗漏、监测数据引用错误。",
    )
    services.conduct_decide(
        record=record, by=head, reason="抽检复核属实（示例数据）。", points=10
    )


def _grassroots(city: DemoCity) -> None:
    """与基层互动 5 and 8: suggestions and a research report."""
    staff = city.people.get("coordination")
    leader = city.people.get("leader")
    if staff is None or leader is None:
        return
    today = timezone.now().astimezone(SHANGHAI).date()
    adopted = services.suggestion_submit(
        by=staff,
        title=f"企业接待日增设线上预约提醒（{DEMO_LABEL}）",
        content="接待日前三天向已预约企业发送短信提醒，减少爽约。",
    )
    services.suggestion_decide(
        by=leader, suggestion=adopted, adopt=True, note="可行，纳入接待日流程。"
    )
    services.suggestion_reward(
        by=leader, suggestion=adopted, reward="通报表扬（示例）", rewarded_on=today
    )
    services.suggestion_submit(
        by=staff,
        title=f"网格巡查使用无人机（{DEMO_LABEL}）",
        content="对工业园区屋顶和河道开展无人机巡查，节省人力。",
    )
    if staff.unit is not None:
        services.research_report_register(
            by=staff,
            title=f"关于重点企业环保诉求办理情况的调研报告（{DEMO_LABEL}）",
            authors=staff.full_name or staff.username,
            summary="梳理诉求类别与办理时长，建议对审批类诉求实行清单化答复。",
            completed_on=today - timedelta(days=10),
        )
