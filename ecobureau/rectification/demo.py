"""Demo step: inspection rectification at the scale of seed 001 (示例数据), built
through the services (requirements B9, E1).

- Round 1 central inspection: 25 tasks, rectified, accepted, reviewed,
  published, closed out and filed; its 5 petition cases and the 18 of the
  look-back (回头看), all closed and filed.
- Round 2 central inspection: 18 tasks, 15 completed on time and closed, 3 still
  being rectified and due by the end of the year (seed 004: "18项整改任务已按时
  保质完成15项,剩余3项将于年底前完成"); 5 petition cases at different steps, one a
  key case with its guarantor leaders.
- 2020 provincial inspection: 1 case rectified, reviewed, awaiting publication.
- The previous year (issue 11 audit item 5): for each unit that has a handler
  among the demo's people, one provincial task and one provincial case due
  last year, rectified, closed out, filed and scored; each unit's assessment
  self-assessed by that handler, reviewed by the departments and the city, and
  the year ranked and circulated — so the ranking page shows both lists.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.demo.city import DEMO_LABEL, DemoCity
from ecobureau.lib import dates

from . import services, standards
from .models import Measure, PetitionCase, RectificationTask, Source

ORDER = 80  # after the personas (10) and enforcement (70)

ROUND_1 = f"第一轮中央环境保护督察（{DEMO_LABEL}）"
LOOK_BACK = f"第一轮中央环境保护督察“回头看”（{DEMO_LABEL}）"
ROUND_2 = f"第二轮中央生态环境保护督察（{DEMO_LABEL}）"
PROVINCIAL = f"2020年省级生态环境保护督察（{DEMO_LABEL}）"

PROBLEMS = [
    ("千山风景区内违规建设别墅、农家乐", ("closure", "accountability")),
    ("景区污水处理设施建设滞后，生活污水直排", ("engineering", "policy")),
    ("部分企业未批先建、环保设施不正常运行", ("case", "policy")),
    ("河道沿岸垃圾乱堆乱放", ("engineering",)),
    ("散乱污企业整治不到位", ("closure", "case")),
    ("餐饮油烟扰民问题突出", ("case",)),
    ("矿山生态恢复治理推进缓慢", ("engineering", "accountability")),
    ("燃煤小锅炉淘汰不彻底", ("closure",)),
    ("环境保护责任制度落实不到位", ("policy",)),
]
CASE_TEXTS = [
    ("景区内某饭店油烟扰民", PetitionCase.Category.NEARBY),
    ("河道上游养殖场粪污直排", PetitionCase.Category.PUBLIC_INTEREST),
    ("规划中的垃圾转运站距离居民区过近", PetitionCase.Category.NIMBY),
    ("采石场爆破震动影响房屋", PetitionCase.Category.DISPUTE),
    ("工业园区企业夜间异味", PetitionCase.Category.PUBLIC_INTEREST),
    ("旅游道路施工扬尘", PetitionCase.Category.NEARBY),
]


def _handling_unit(city: DemoCity, district: object) -> Unit | None:
    """The district's 承办单位: its sub-bureau, else its government."""
    for kind in (Unit.Kind.SUB_BUREAU, Unit.Kind.GOVERNMENT):
        for unit in sorted(city.units.values(), key=lambda u: u.code):
            if unit.kind == kind and unit.division_id == getattr(district, "pk", None):
                return unit
    return None


def _department(city: DemoCity) -> Unit | None:
    """A city department handling a few tasks (ranked with the departments):
    the supervising department when the registry has it, else the first."""
    unit, _ = _supervising()
    if unit is not None:
        return unit
    departments = [u for u in city.units.values() if u.kind == Unit.Kind.DEPARTMENT]
    return min(departments, key=lambda u: u.code) if departments else None


def _score_inputs(n: int) -> dict[str, object]:
    """附件1 rubric inputs for a demo case score (示例数据): most cases in full,
    every fourth with a part of its issues unresolved and the people not all
    satisfied, every fifth with a revisit bonus."""
    return {
        "territorial": {"lead": "main", "unit_head": "main", "person": True},
        "subjects": [{"lead": "main", "person": True}],
        "plan": {"unit": True, "measures": True, "milestones": True, "funding": True},
        "plan_reviewed": True,
        "completed_on_time": True,
        "archive": {
            "index": True,
            "dispatch_note": True,
            "units": 2,
            "units_with_materials": 2,
            "units_with_survey_records": 1 if n % 3 == 0 else 2,
        },
        "issues": 2,
        "issues_resolved": 1 if n % 4 == 3 else 2,
        "satisfied": n % 4 != 3,
        "praise": None,
        "revisit": n % 5 == 0,
        "source_control": False,
        "generalized": False,
        "media": [],
        "penalty_missing": False,
        "late": False,
        "repeat_complaint": False,
        "fake": False,
    }


def _evidence(kind: str) -> dict[str, str]:
    return {
        c.code: f"{c.label}（{DEMO_LABEL}）" for c in standards.MEASURE_CONDITIONS[kind]
    }


def _task(
    city: DemoCity, *, office: User, n: int, number: str, round_: str, deadline: date
) -> RectificationTask:
    districts = city.districts()
    problem, kinds = PROBLEMS[n % len(PROBLEMS)]
    district = districts[n % len(districts)] if districts else None
    # every sixth task handled by a city department, the others by the district
    unit = _department(city) if n % 6 == 5 else None
    unit = unit or (_handling_unit(city, district) if district else None)
    return services.task_create(
        by=office,
        data=services.TaskData(
            number=number,
            round=round_,
            source=Source.CENTRAL,
            problem=f"{problem}（{DEMO_LABEL}）",
            target="问题整改到位，长效机制建立，不反弹",
            responsible_units="千山风景区管委会、相关部门",
            responsible_persons="分管副主任",
            deadline=deadline,
            district=district,
            unit=unit,
            measures=[
                services.MeasureData(
                    kind=kind,
                    content=f"{Measure.Kind(kind).label}：{problem}",
                    due_on=deadline - timedelta(days=30),
                    needs_clearing=kind == "closure",
                )
                for kind in kinds
            ],
        ),
    )


def _rectify(task: RectificationTask, *, office: User, today: date) -> None:
    services.task_transition(
        by=office,
        task=task,
        transition="approve",
        changes={
            "approval_meeting": f"党工委、管委会联席会议（{DEMO_LABEL}）",
            "approved_on": today,
        },
    )
    for measure in task.measures.all():
        services.measure_evidence(
            by=office, measure=measure, evidence=_evidence(measure.kind), done_on=today
        )
    services.task_target(
        by=office, task=task, met=True, evidence="达到整改目标（监测报告）"
    )
    services.task_transition(by=office, task=task, transition="complete")


def _close(task: RectificationTask, *, leader: User, office: User) -> None:
    services.task_transition(
        by=leader,
        task=task,
        transition="accept",
        changes={"acceptance_opinion": "区验收通过"},
    )
    services.task_transition(
        by=leader,
        task=task,
        transition="review",
        changes={"review_opinion": "市复核通过"},
    )
    services.task_transition(
        by=office,
        task=task,
        transition="publish",
        changes={"publication_note": "门户网站公示"},
    )
    services.task_transition(by=office, task=task, transition="close")
    services.task_transition(
        by=office,
        task=task,
        transition="file",
        changes={"filing_note": "报市督改办备案"},
    )


def _supervising() -> tuple[Unit | None, str]:
    """B13: the demo cases' supervising department, the registry's housing and
    construction department (the reference list names it 市住建部门); its name
    typed, and so flagged on the case page, in a registry without it."""
    unit = services.department_named("市住建局") or services.department_named(
        "市住建部门"
    )
    return unit, "" if unit else "市住建局"


def _case(
    city: DemoCity,
    *,
    office: User,
    n: int,
    number: str,
    round_: str,
    source: str,
    received: date,
    deadline: date,
    key: bool = False,
    district: object = None,
    unit: Unit | None = None,
) -> PetitionCase:
    districts = city.districts()
    text, category = CASE_TEXTS[n % len(CASE_TEXTS)]
    if unit is None:
        district = districts[n % len(districts)] if districts else None
        unit = _handling_unit(city, district) if district else None
    supervising, unlisted = _supervising()
    case = services.petition_create(
        by=office,
        data=services.CaseData(
            number=number,
            round=round_,
            source=source,
            received_on=received,
            content=f"{text}（{DEMO_LABEL}）",
            category=category,
            responsible_units="属地区政府",
            deadline=deadline,
            district=district,  # type: ignore[arg-type]
            unit=unit,
            key_case=key,
            guarantors="区委书记、区长" if key else "",
            supervising_department=supervising,
            supervising_department_unlisted=unlisted,
        ),
    )
    if key:
        # B8: the key case's plan (seed 001 三(二)2).
        services.petition_key_plan(
            by=office,
            case=case,
            key_case=True,
            guarantors=case.guarantors,
            work_plan=f"每周一调度，按节点推进整改（{DEMO_LABEL}）",
            push_mechanism=f"包保领导每周现场督办，问题清单销号管理（{DEMO_LABEL}）",
            key_standard=f"污染消除、形成长效机制、群众满意（{DEMO_LABEL}）",
        )
    return case


def _case_to(
    case: PetitionCase, *, step: str, office: User, leader: User, today: date
) -> None:
    """Move a case along the 区验收、市复核 chain up to `step`."""
    order = [
        "acceptance",
        "accepted",
        "review_requested",
        "reviewing",
        "reviewed",
        "published",
        "filed",
    ]
    target = order.index(step)
    services.petition_evidence(
        by=office,
        case=case,
        conditions={
            c.code: f"{c.label}（{DEMO_LABEL}）"
            for c in (
                *standards.PETITION_CONDITIONS,
                *standards.CATEGORY_CONDITIONS[case.category],
            )
        },
        truth=PetitionCase.Truth.TRUE,
    )
    services.petition_transition(by=office, case=case, transition="apply")
    if target < 1:
        return
    services.acceptance_member_add(
        by=leader,
        case=case,
        name="验收组成员（示例）",
        unit_name=case.supervising_department_name,
        post="科长",
        signed=True,
        supervisor=True,
    )
    services.petition_transition(
        by=leader,
        case=case,
        transition="accept",
        changes={
            "acceptance_body": "属地区委、区政府",
            "accepted_on": today,
            "acceptance_leader": "区政府分管副区长",
            "opinion_rectification": "整改措施落实到位",
            "opinion_penalty": "违法行为已依法查处",
            "opinion_satisfaction": "投诉人签字认可",
            "opinion_accountability": "无需追责",
        },
    )
    if target < 2:
        return
    services.petition_transition(by=leader, case=case, transition="request_review")
    if target < 3:
        return
    services.petition_transition(
        by=leader,
        case=case,
        transition="organise",
        changes={"review_leader": "市督改办主任"},
    )
    if target < 4:
        return
    for part in services.required_parts(case):
        services.review_sign(
            by=leader,
            case=case,
            part=part,
            # 附件2 二(三)3: the local party committee and government sign the
            # satisfaction part beside the city bodies.
            bodies="市纪委监委机关、市委市政府督查室、市司法局、市生态环境局、"
            + case.supervising_department_name
            + (f"、{case.district.name}人民政府" if case.district else ""),
            signer="复核组成员",
            agreed=True,
            opinion="同意",
        )
    services.petition_transition(
        by=leader, case=case, transition="pass_review", changes={"reviewed_on": today}
    )
    if target < 5:
        return
    services.petition_transition(
        by=office,
        case=case,
        transition="publish",
        changes={"publication_note": "门户网站公示"},
    )
    if target < 6:
        return
    services.petition_transition(by=office, case=case, transition="close")
    services.petition_transition(
        by=office,
        case=case,
        transition="file",
        changes={"filing_note": "报市督改办备案"},
    )


def build(city: DemoCity) -> None:
    office = city.people.get("coordination")
    leader = city.people.get("leader")
    if office is None or leader is None:
        return
    today = dates.local_date(timezone.now())
    year_end = date(today.year, 12, 31)
    # Round 1: 25 tasks, all closed and filed.
    for n in range(25):
        task = _task(
            city,
            office=office,
            n=n,
            number=f"Z1-{n + 1:02d}",
            round_=ROUND_1,
            deadline=year_end,
        )
        _rectify(task, office=office, today=today)
        _close(task, leader=leader, office=office)
    # Round 2: 18 tasks, 15 done on time, 3 due by the end of the year.
    for n in range(18):
        task = _task(
            city,
            office=office,
            n=n,
            number=f"Z2-{n + 1:02d}",
            round_=ROUND_2,
            deadline=year_end,
        )
        if n < 15:
            _rectify(task, office=office, today=today)
            _close(task, leader=leader, office=office)
        else:
            services.task_transition(
                by=office,
                task=task,
                transition="approve",
                changes={
                    "approval_meeting": f"党工委会议（{DEMO_LABEL}）",
                    "approved_on": today,
                },
            )
            services.milestone_add(
                by=office,
                task=task,
                title="完成整改方案审核",
                due_on=today + timedelta(days=30),
            )
            services.progress_report(
                by=office, task=task, text=f"正在按时间节点推进（{DEMO_LABEL}）"
            )
    received = today - timedelta(days=60)
    # Round 1's 5 cases and the look-back's 18: closed and filed, revisited.
    for n in range(5):
        case = _case(
            city,
            office=office,
            n=n,
            number=f"Z1-X{n + 1:02d}",
            round_=ROUND_1,
            source=Source.CENTRAL,
            received=received,
            deadline=year_end,
        )
        _case_to(case, step="filed", office=office, leader=leader, today=today)
    for n in range(18):
        case = _case(
            city,
            office=office,
            n=n,
            number=f"HT-X{n + 1:02d}",
            round_=LOOK_BACK,
            source=Source.CENTRAL,
            received=received,
            deadline=year_end,
        )
        _case_to(case, step="filed", office=office, leader=leader, today=today)
        if case.unit is not None and n < 6:
            # a few cases scored by the 附件1 rubric (示例数据)
            services.case_score_record(by=office, case=case, inputs=_score_inputs(n))
    # Round 2: 5 cases to close, at different steps; the first is the key case.
    steps = ["handling", "acceptance", "review_requested", "reviewing", "published"]
    for n, step in enumerate(steps):
        case = _case(
            city,
            office=office,
            n=n,
            number=f"Z2-X{n + 1:02d}",
            round_=ROUND_2,
            source=Source.CENTRAL,
            received=received,
            deadline=year_end,
            key=n == 0,
        )
        if step != "handling":
            _case_to(case, step=step, office=office, leader=leader, today=today)
    # 2020 provincial inspection: 1 case rectified, reviewed, awaiting publication.
    case = _case(
        city,
        office=office,
        n=1,
        number="S2020-X01",
        round_=PROVINCIAL,
        source=Source.PROVINCIAL,
        received=received,
        deadline=year_end,
    )
    _case_to(case, step="reviewed", office=office, leader=leader, today=today)
    _previous_year(city, office=office, leader=leader, today=today)


def _handlers(city: DemoCity) -> list[User]:
    """One handler for each unit that has one among the demo's people (a unit
    assesses itself, 附件1): its own sub-bureau's or department's staff."""
    found: dict[int, User] = {}
    for user in sorted(city.people.values(), key=lambda u: u.username):
        unit = user.unit
        if (
            unit is not None
            and unit.pk not in found
            and unit.kind in (Unit.Kind.SUB_BUREAU, Unit.Kind.DEPARTMENT)
            and user.has_perm("rectification.handle_rectification")
        ):
            found[unit.pk] = user
    return sorted(found.values(), key=lambda u: u.unit.code if u.unit else "")


def _previous_year(city: DemoCity, *, office: User, leader: User, today: date) -> None:
    """Items of the 2020 provincial inspection due last year, closed out and
    scored, and the year's assessment taken through its four stages (示例数据)."""
    year = today.year - 1
    deadline = date(year, 11, 30)
    handlers = _handlers(city)
    for n, handler in enumerate(handlers):
        unit = handler.unit
        assert unit is not None
        # a department's items still concern a place (its local government
        # signs the satisfaction part of the review, 附件2 二(三)3)
        places = city.districts()
        district = (
            unit.division
            if unit.kind == Unit.Kind.SUB_BUREAU
            else (places[n % len(places)] if places else None)
        )
        problem, kinds = PROBLEMS[n % len(PROBLEMS)]
        task = services.task_create(
            by=office,
            data=services.TaskData(
                number=f"S2020-{n + 1:02d}",
                round=PROVINCIAL,
                source=Source.PROVINCIAL,
                problem=f"{problem}（{DEMO_LABEL}）",
                target="问题整改到位，长效机制建立，不反弹",
                responsible_units=unit.name,
                deadline=deadline,
                district=district,
                unit=unit,
                measures=[
                    services.MeasureData(
                        kind=kind,
                        content=f"{Measure.Kind(kind).label}：{problem}",
                        due_on=deadline - timedelta(days=30),
                        needs_clearing=kind == "closure",
                    )
                    for kind in kinds
                ],
            ),
        )
        _rectify(task, office=office, today=deadline - timedelta(days=30 + n))
        _close(task, leader=leader, office=office)
        # The history of last year (示例数据): completed by its deadline.
        RectificationTask.objects.filter(pk=task.pk).update(
            completed_on=deadline - timedelta(days=30 + n)
        )
        case = _case(
            city,
            office=office,
            n=n,
            number=f"S2020-X{n + 2:02d}",
            round_=PROVINCIAL,
            source=Source.PROVINCIAL,
            received=date(year, 3, 1),
            deadline=deadline,
            district=district,
            unit=unit,
        )
        _case_to(case, step="filed", office=office, leader=leader, today=today)
        services.case_score_record(by=office, case=case, inputs=_score_inputs(n + 1))
    if not handlers:
        return
    reviewed_on = min(date(today.year, 1, 20), today)
    for handler in handlers:
        assert handler.unit is not None
        assessment = services.assessment_self(
            by=handler,
            unit=handler.unit,
            year=year,
            note=f"已按考核办法逐项自评（{DEMO_LABEL}）",
        )
        services.assessment_dept_review(
            by=leader,
            assessment=assessment,
            reviewers=f"市住建局、市水利局复核人员（{DEMO_LABEL}）",
            note="自评结果属实",
            reviewed_on=reviewed_on,
        )
        services.assessment_review(
            by=leader, assessment=assessment, note=f"复核通过（{DEMO_LABEL}）"
        )
    services.assessment_circulate(by=leader, year=year)
