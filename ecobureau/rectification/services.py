"""Every write of rectification: the ledger, evidence against the completion
standards, the steps of both processes, progress reports, supervision (督办) and
the scheduled check for items late or at risk.

Each status change goes through `casework.services.case_transition` (the record
entry, clocks and work items in the same transaction); other writes append their
own record entry. The complainant's identity never enters the record.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.casework import services as casework_services
from ecobureau.core import records
from ecobureau.core.models import Division
from ecobureau.lib import dates

from . import standards
from .models import (
    AcceptanceMember,
    Measure,
    Milestone,
    PetitionCase,
    ProgressReport,
    RectificationTask,
    ReviewSignoff,
    Revisit,
    Supervision,
)
from .processes import CASE, DONE_STEPS, TASK

# Example configuration (示例配置): the seed says "预警" for slow problems but gives
# no threshold; an open item this many days before its deadline with work
# outstanding is "at risk". Setting RECTIFICATION_WARNING_DAYS overrides it.
WARNING_DAYS_EXAMPLE = 30


def _require(by: User, perm: str) -> None:
    if not (by.is_superuser or by.has_perm(f"rectification.{perm}")):
        raise PermissionDenied("您没有该操作的权限。")


def _today() -> date:
    return dates.local_date(timezone.now())


# --- Ledger ----------------------------------------------------------------------


@dataclass
class MeasureData:
    kind: str
    content: str
    due_on: date | None = None
    needs_clearing: bool = False


@dataclass
class TaskData:
    number: str
    round: str
    source: str
    problem: str
    target: str
    responsible_units: str
    deadline: date
    district: Division | None = None
    unit: Unit | None = None
    responsible_persons: str = ""
    measures: list[MeasureData] = field(default_factory=list)


@transaction.atomic
def task_create(*, by: User, data: TaskData) -> RectificationTask:
    """Enter a task into the list; it waits for the approving meeting (B5)."""
    _require(by, "manage_ledger")
    task = RectificationTask.objects.create(
        number=data.number,
        round=data.round,
        source=data.source,
        problem=data.problem,
        target=data.target,
        responsible_units=data.responsible_units,
        responsible_persons=data.responsible_persons,
        deadline=data.deadline,
        district=data.district,
        unit=data.unit,
    )
    _measures_replace(task=task, measures=data.measures)
    casework_services.case_start(process=TASK, case=task, step="draft", by=by)
    return task


def _measures_replace(*, task: RectificationTask, measures: list[MeasureData]) -> None:
    """Keep the evidence of measures whose type and content did not change."""
    existing = {m.seq: m for m in task.measures.all()}
    for seq, item in enumerate(measures, start=1):
        old = existing.pop(seq, None)
        if old and old.kind == item.kind and old.content == item.content:
            old.due_on, old.needs_clearing = item.due_on, item.needs_clearing
            old.save(update_fields=["due_on", "needs_clearing", "updated_at"])
            continue
        if old:
            old.delete()
        Measure.objects.create(
            task=task,
            seq=seq,
            kind=item.kind,
            content=item.content,
            due_on=item.due_on,
            needs_clearing=item.needs_clearing,
        )
    for leftover in existing.values():
        leftover.delete()


@transaction.atomic
def task_update_ledger(
    *, by: User, task: RectificationTask, data: TaskData
) -> RectificationTask:
    """Change a task's ledger fields (the import of an edited ledger). Status and
    evidence stay; a measure whose type or content changed loses its evidence."""
    _require(by, "manage_ledger")
    before = {"deadline": task.deadline, "measures": task.measures.count()}
    for name in (
        "round",
        "source",
        "problem",
        "target",
        "responsible_units",
        "responsible_persons",
        "deadline",
        "district",
        "unit",
    ):
        setattr(task, name, getattr(data, name))
    task.save()
    _measures_replace(task=task, measures=data.measures)
    records.append(
        action="rectification.task_update",
        target=task,
        actor=by,
        before=before,
        after={"deadline": task.deadline, "measures": len(data.measures)},
    )
    return task


@transaction.atomic
def milestone_add(
    *, by: User, task: RectificationTask, title: str, due_on: date
) -> Milestone:
    _require(by, "manage_ledger")
    milestone = Milestone.objects.create(task=task, title=title, due_on=due_on)
    records.append(
        action="rectification.milestone_add",
        target=task,
        actor=by,
        after={"milestone": milestone.pk, "due_on": due_on},
    )
    return milestone


@transaction.atomic
def milestone_done(*, by: User, milestone: Milestone, done_on: date) -> Milestone:
    _require(by, "handle_rectification")
    if done_on > _today():
        raise ValidationError("完成日期不能晚于今天。")
    milestone.done_on = done_on
    milestone.save(update_fields=["done_on", "updated_at"])
    records.append(
        action="rectification.milestone_done",
        target=milestone.task,
        actor=by,
        after={"milestone": milestone.pk, "done_on": done_on},
    )
    return milestone


@transaction.atomic
def measure_evidence(
    *, by: User, measure: Measure, evidence: dict[str, str], done_on: date | None
) -> Measure:
    """Record evidence against the completion standard of the measure's type
    (seed 001 四(一)); the measure is done only when every condition is
    evidenced and a completion date is given."""
    _require(by, "handle_rectification")
    if measure.task.status != "rectifying":
        raise ValidationError("只有整改中的任务可以报送措施完成佐证。")
    known = {c.code for c in standards.MEASURE_CONDITIONS[measure.kind]}
    cleaned = {k: v.strip() for k, v in evidence.items() if k in known and v.strip()}
    measure.evidence = cleaned
    missing = standards.measure_missing(
        measure.kind, cleaned, needs_clearing=measure.needs_clearing
    )
    if done_on is not None:
        if missing:
            raise ValidationError(
                f"{measure.get_kind_display()}尚未达到完成标准，缺少佐证："
                + "、".join(c.label for c in missing)
                + "。"
            )
        if done_on > _today():
            raise ValidationError("完成日期不能晚于今天。")
    measure.done_on = done_on
    measure.save(update_fields=["evidence", "done_on", "updated_at"])
    records.append(
        action="rectification.measure_evidence",
        target=measure.task,
        actor=by,
        after={"measure": measure.pk, "conditions": sorted(cleaned), "done": done_on},
    )
    return measure


@transaction.atomic
def task_target(
    *, by: User, task: RectificationTask, met: bool, evidence: str
) -> RectificationTask:
    _require(by, "handle_rectification")
    if met and not evidence.strip():
        raise ValidationError("请填写达到整改目标的佐证。")
    task.target_met, task.target_evidence = met, evidence.strip()
    task.save(update_fields=["target_met", "target_evidence", "updated_at"])
    records.append(
        action="rectification.task_target", target=task, actor=by, after={"met": met}
    )
    return task


def task_complete_check(task: RectificationTask) -> None:
    """四(一): all measures done and the target met."""
    measures = list(task.measures.all())
    if not measures:
        raise ValidationError("该任务没有整改措施，不能报送完成。")
    undone = [m for m in measures if m.done_on is None]
    if undone:
        raise ValidationError(
            "以下整改措施尚未完成：" + "、".join(f"第{m.seq}项" for m in undone) + "。"
        )
    if not task.target_met:
        raise ValidationError("尚未达到整改目标，不能视为整改完成。")


def close_check(item: RectificationTask | PetitionCase) -> None:
    """整改一个、验收一个、公示一个、销号一个 (seed 001 五4): published first."""
    if item.published_at is None:
        raise ValidationError("公示后方可销号。")


_STAMPS = {"publish": "published_at", "close": "closed_at"}


@transaction.atomic
def task_transition(
    *,
    by: User,
    task: RectificationTask,
    transition: str,
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> RectificationTask:
    changes = dict(changes or {})
    if transition in _STAMPS:
        changes[_STAMPS[transition]] = timezone.now()
    if transition == "complete":
        changes["completed_on"] = _today()
    if transition == "reopen":
        changes.update(
            published_at=None, closed_at=None, target_met=False, completed_on=None
        )
    casework_services.case_transition(
        process=TASK,
        case=task,
        transition=transition,
        by=by,
        changes=changes,
        note=note,
    )
    if transition == "reopen":
        task.measures.update(done_on=None)
    return task


# --- Petition cases --------------------------------------------------------------


@dataclass
class CaseData:
    number: str
    round: str
    source: str
    received_on: date
    content: str
    category: str
    responsible_units: str
    deadline: date
    district: Division | None = None
    unit: Unit | None = None
    responsible_persons: str = ""
    complainant_name: str = ""
    complainant_phone: str = ""
    key_case: bool = False
    guarantors: str = ""


_CASE_LEDGER_FIELDS = (
    "round",
    "source",
    "received_on",
    "content",
    "category",
    "responsible_units",
    "responsible_persons",
    "deadline",
    "district",
    "unit",
    "key_case",
    "guarantors",
)


def _key_case_check(data: CaseData) -> None:
    if data.key_case and not data.guarantors.strip():
        # B8: a key case has the responsible unit's top leaders as guarantors.
        raise ValidationError("重点案件须填写包保领导（责任单位党政主要领导）。")


@transaction.atomic
def petition_create(*, by: User, data: CaseData) -> PetitionCase:
    _require(by, "manage_ledger")
    _key_case_check(data)
    case = PetitionCase.objects.create(
        number=data.number,
        complainant_name=data.complainant_name,
        complainant_phone=data.complainant_phone,
        **{name: getattr(data, name) for name in _CASE_LEDGER_FIELDS},
    )
    casework_services.case_start(process=CASE, case=case, step="handling", by=by)
    return case


@transaction.atomic
def petition_update_ledger(
    *, by: User, case: PetitionCase, data: CaseData, with_identity: bool
) -> PetitionCase:
    """Ledger fields from an edited ledger; the complainant only when the file
    carried the protected columns (`with_identity`)."""
    _require(by, "manage_ledger")
    _key_case_check(data)
    before = {"deadline": case.deadline, "category": case.category}
    for name in _CASE_LEDGER_FIELDS:
        setattr(case, name, getattr(data, name))
    if with_identity:
        case.complainant_name = data.complainant_name
        case.complainant_phone = data.complainant_phone
    case.save()
    records.append(
        action="rectification.case_update",
        target=case,
        actor=by,
        before=before,
        after={"deadline": case.deadline, "category": case.category},
    )
    return case


@transaction.atomic
def petition_evidence(
    *,
    by: User,
    case: PetitionCase,
    conditions: dict[str, str],
    truth: str,
    temporary_measure: bool = False,
) -> PetitionCase:
    """Evidence for the five conditions of 四(二) and the verification result."""
    _require(by, "handle_rectification")
    if case.status != "handling":
        raise ValidationError("只有办理中的案件可以报送办结佐证。")
    known = {c.code for c in standards.PETITION_CONDITIONS}
    case.conditions = {
        k: v.strip() for k, v in conditions.items() if k in known and v.strip()
    }
    case.truth = truth
    case.temporary_measure = temporary_measure
    case.save(update_fields=["conditions", "truth", "temporary_measure", "updated_at"])
    records.append(
        action="rectification.case_evidence",
        target=case,
        actor=by,
        after={"conditions": sorted(case.conditions), "truth": truth},
    )
    return case


def complainant_known(case: PetitionCase) -> bool:
    return bool(case.complainant_name.strip() or case.complainant_phone.strip())


def petition_complete_check(case: PetitionCase) -> None:
    """四(二): all five conditions evidenced; 附件2 一(三)1: never on a temporary fix."""
    if not case.truth:
        raise ValidationError("请先填写核实结论（属实、部分属实或不属实）。")
    missing = standards.petition_missing(case.conditions)
    if missing:
        raise ValidationError(
            "案件尚未同时满足办结条件，缺少佐证："
            + "、".join(c.label for c in missing)
            + "。"
        )
    if case.temporary_measure:
        raise ValidationError("采取临时性应对措施暂时解决问题的，不得视为办结。")


@transaction.atomic
def acceptance_member_add(
    *,
    by: User,
    case: PetitionCase,
    name: str,
    unit_name: str,
    post: str = "",
    phone: str = "",
    signed: bool = False,
) -> AcceptanceMember:
    _require(by, "accept_rectification")
    if case.status != "acceptance":
        raise ValidationError("只有待验收的案件可以登记验收组成员。")
    if not name.strip() or not unit_name.strip():
        raise ValidationError("请填写验收组成员的姓名和单位。")
    member = AcceptanceMember.objects.create(
        case=case,
        name=name.strip(),
        unit_name=unit_name.strip(),
        post=post.strip(),
        phone=phone.strip(),
        signed=signed,
    )
    records.append(
        action="rectification.acceptance_member_add",
        target=case,
        actor=by,
        after={"member": member.pk, "signed": signed},
    )
    return member


def acceptance_check(case: PetitionCase) -> None:
    """B33: the opinion has its member table, every member signed; B13: the
    supervising city department takes part (named among the members' units is
    not checkable here, so the members must have signed)."""
    members = list(case.acceptance_members.all())
    if not members:
        raise ValidationError(
            "请先登记验收组成员（姓名、单位、职务、联系电话、签字）。"
        )
    unsigned = [m.name for m in members if not m.signed]
    if unsigned:
        raise ValidationError("以下验收组成员尚未签字：" + "、".join(unsigned) + "。")


def required_parts(case: PetitionCase) -> list[str]:
    """附件2 二(三) 1–5 and 附件2 附件2: the parts to sign; the 不属实 part only for
    untrue and partly true cases."""
    parts = [
        ReviewSignoff.Part.NATURE,
        ReviewSignoff.Part.RECTIFICATION,
        ReviewSignoff.Part.PENALTY,
        ReviewSignoff.Part.SATISFACTION,
        ReviewSignoff.Part.ACCOUNTABILITY,
    ]
    if case.truth in (PetitionCase.Truth.PARTLY, PetitionCase.Truth.FALSE):
        parts.append(ReviewSignoff.Part.UNTRUE)
    return [str(p) for p in parts]


@transaction.atomic
def review_sign(
    *,
    by: User,
    case: PetitionCase,
    part: str,
    bodies: str,
    signer: str,
    agreed: bool,
    opinion: str,
) -> ReviewSignoff:
    """One member body signs its part of the city review (签字背书, B31)."""
    _require(by, "review_rectification")
    if case.status != "reviewing":
        raise ValidationError("只有市级复核中的案件可以签字背书。")
    if part not in required_parts(case):
        raise ValidationError("该案件无需复核此项内容。")
    if not (bodies.strip() and signer.strip() and opinion.strip()):
        raise ValidationError("请填写签字单位、签字人和复核意见。")
    signoff = ReviewSignoff.objects.create(
        case=case,
        part=part,
        bodies=bodies.strip(),
        signer=signer.strip(),
        agreed=agreed,
        opinion=opinion.strip(),
        signed_at=timezone.now(),
        round_no=case.review_round,
    )
    records.append(
        action="rectification.review_sign",
        target=case,
        actor=by,
        after={"part": part, "agreed": agreed, "round": case.review_round},
    )
    return signoff


def review_pass_check(case: PetitionCase) -> None:
    """附件2 二(一) 五个不放过: every part signed and agreed in this round."""
    signed = {s.part: s for s in case.signoffs.filter(round_no=case.review_round)}
    refused = [s for s in signed.values() if not s.agreed]
    if refused:
        raise ValidationError(
            "复核未通过："
            + "、".join(s.get_part_display() for s in refused)
            + "复核意见为不同意，应退回整改。"
        )
    missing = [p for p in required_parts(case) if p not in signed]
    if missing:
        labels = dict(ReviewSignoff.Part.choices)
        raise ValidationError(
            "以下复核内容尚未签字背书：" + "、".join(labels[p] for p in missing) + "。"
        )


@transaction.atomic
def petition_transition(
    *,
    by: User,
    case: PetitionCase,
    transition: str,
    changes: dict[str, Any] | None = None,
    note: str = "",
) -> PetitionCase:
    changes = dict(changes or {})
    if transition in _STAMPS:
        changes[_STAMPS[transition]] = timezone.now()
    if transition == "fail_review":
        changes["review_round"] = case.review_round + 1
    if transition == "reopen":
        changes.update(
            published_at=None,
            closed_at=None,
            conditions={},
            review_round=case.review_round + 1,
        )
    if transition in ("fail_review", "reopen"):
        case.acceptance_members.all().delete()
        changes.update(accepted_on=None)
    casework_services.case_transition(
        process=CASE,
        case=case,
        transition=transition,
        by=by,
        changes=changes,
        note=note,
    )
    return case


# --- Progress and supervision ----------------------------------------------------


@transaction.atomic
def progress_report(
    *,
    by: User,
    text: str,
    task: RectificationTask | None = None,
    case: PetitionCase | None = None,
) -> ProgressReport:
    """按日调度、按周上报 (seed 001 三(二)1): one report on one task or case."""
    _require(by, "handle_rectification")
    if not text.strip():
        raise ValidationError("请填写进展情况。")
    report = ProgressReport.objects.create(
        task=task, case=case, reported_on=_today(), text=text.strip(), by=by
    )
    target = task if task is not None else case
    assert target is not None
    records.append(
        action="rectification.progress_report",
        target=target,
        actor=by,
        after={"report": report.pk},
    )
    return report


@transaction.atomic
def supervision_issue(
    *,
    by: User,
    kind: str,
    reason: str,
    task: RectificationTask | None = None,
    case: PetitionCase | None = None,
    public: bool = False,
    reply_due_on: date | None = None,
) -> Supervision:
    """督办函, 约谈 or 移送问题线索 (seed 001 五5; B16, B18)."""
    _require(by, "manage_ledger")
    if kind not in (
        Supervision.Kind.LETTER,
        Supervision.Kind.TALK,
        Supervision.Kind.CLUE,
    ):
        raise ValidationError("督办方式应为督办函、约谈或移送问题线索。")
    if not reason.strip():
        raise ValidationError("请填写督办事由。")
    if public and kind != Supervision.Kind.TALK:
        raise ValidationError("只有约谈可以公开。")
    supervision = Supervision.objects.create(
        kind=kind,
        task=task,
        case=case,
        reason=reason.strip(),
        public=public,
        reply_due_on=reply_due_on,
        issued_at=timezone.now(),
        issued_by=by,
    )
    target = task if task is not None else case
    assert target is not None
    records.append(
        action=f"rectification.supervision_{kind}",
        target=target,
        actor=by,
        after={"supervision": supervision.pk, "public": public},
    )
    return supervision


def warning_days() -> int:
    return int(getattr(settings, "RECTIFICATION_WARNING_DAYS", WARNING_DAYS_EXAMPLE))


@dataclass
class CheckResult:
    late: int = 0
    at_risk: int = 0


def _flag(
    *, model: Any, pk: int, field: str, now: datetime, reason: str, kind: str
) -> bool:
    """Claim the flag with a conditional UPDATE, so a rerun flags nothing twice."""
    claimed = model.objects.filter(pk=pk, **{f"{field}__isnull": True}).update(
        **{field: now}
    )
    if not claimed:
        return False
    item = model.objects.get(pk=pk)
    target_field = "task" if model is RectificationTask else "case"
    Supervision.objects.create(
        kind=Supervision.Kind.WARNING,
        reason=reason,
        issued_at=now,
        automatic=True,
        **{target_field: item},
    )
    records.append(
        action=f"rectification.{kind}", target=item, actor=None, after={field: now}
    )
    return True


@transaction.atomic
def check_late_and_at_risk(*, now: datetime | None = None) -> CheckResult:
    """The scheduled check (seed 001 六(四): 预警、督办 for slow problems).

    1. An open item past its deadline is flagged late once, with a warning asking
       the office to issue a 督办函.
    2. An open item within the warning window of its deadline with work
       outstanding, or with a measure or milestone past its own date, is
       flagged at risk once (B18: 公开约谈 may follow).
    """
    now = now or timezone.now()
    today = dates.local_date(now)
    horizon = today + timedelta(days=warning_days())
    result = CheckResult()
    open_tasks = RectificationTask.objects.exclude(
        status__in=(*DONE_STEPS, "completed", "accepted", "reviewed")
    )
    for task in open_tasks.filter(deadline__lt=today, late_flagged_at__isnull=True):
        result.late += _flag(
            model=RectificationTask,
            pk=task.pk,
            field="late_flagged_at",
            now=now,
            reason=f"已超过完成时限（{task.deadline}）仍未完成整改，请下发督办函。",
            kind="late",
        )
    slipping = set(
        Measure.objects.filter(
            task__in=open_tasks, done_on__isnull=True, due_on__lt=today
        ).values_list("task_id", flat=True)
    ) | set(
        Milestone.objects.filter(
            task__in=open_tasks, done_on__isnull=True, due_on__lt=today
        ).values_list("task_id", flat=True)
    )
    near = set(
        open_tasks.filter(deadline__gte=today, deadline__lte=horizon).values_list(
            "pk", flat=True
        )
    )
    candidates = RectificationTask.objects.filter(
        pk__in=slipping | near, at_risk_flagged_at__isnull=True, late_flagged_at=None
    )
    for task in candidates:
        result.at_risk += _flag(
            model=RectificationTask,
            pk=task.pk,
            field="at_risk_flagged_at",
            now=now,
            reason="整改进展缓慢或临近完成时限，存在不能按期完成的风险。",
            kind="at_risk",
        )
    open_cases = PetitionCase.objects.filter(status="handling")
    for case in open_cases.filter(deadline__lt=today, late_flagged_at__isnull=True):
        result.late += _flag(
            model=PetitionCase,
            pk=case.pk,
            field="late_flagged_at",
            now=now,
            reason=f"已超过办结时限（{case.deadline}）仍未办结，请下发督办函。",
            kind="late",
        )
    for case in open_cases.filter(
        deadline__gte=today, deadline__lte=horizon, at_risk_flagged_at__isnull=True
    ):
        result.at_risk += _flag(
            model=PetitionCase,
            pk=case.pk,
            field="at_risk_flagged_at",
            now=now,
            reason="临近办结时限仍在办理，存在不能按期办结的风险。",
            kind="at_risk",
        )
    return result


# --- Documents (附件2 附件1–3) ----------------------------------------------------

_REVIEWED = ("reviewed", "published", "closed", "filed")


def _acceptance_context(case: PetitionCase) -> dict[str, Any]:
    if case.accepted_on is None:
        raise ValidationError("案件尚未验收，不能制作验收意见。")
    return {
        "accepted_on": case.accepted_on,
        "acceptance_body": case.acceptance_body,
        "case_number": case.number,
        "leader": case.acceptance_leader,
        "opinion_rectification": case.opinion_rectification,
        "opinion_penalty": case.opinion_penalty,
        "opinion_satisfaction": case.opinion_satisfaction,
        "opinion_accountability": case.opinion_accountability,
        "members": [
            "｜".join((m.name, m.unit_name, m.post, m.phone))
            for m in case.acceptance_members.all()
        ],
    }


def _pledge_context(case: PetitionCase) -> dict[str, Any]:
    if case.status not in _REVIEWED or case.reviewed_on is None:
        raise ValidationError("案件尚未通过市级复核，不能制作复核责任书。")
    signed = {
        s.part: f"{s.opinion}（{s.bodies}，{s.signer}）"
        for s in case.signoffs.filter(round_no=case.review_round, agreed=True)
    }
    return {
        "case_number": case.number,
        "acceptance_body": case.acceptance_body,
        "reviewed_on": case.reviewed_on,
        "leader": case.review_leader,
        **{part: signed.get(part, "") for part in required_parts(case)},
    }


def _sheet_context(case: PetitionCase) -> dict[str, Any]:
    if case.status not in _REVIEWED:
        raise ValidationError("案件尚未通过市级复核，不能制作复核情况事项单。")
    return {
        "case_number": case.number,
        "round": case.round,
        "content": case.content,
        "category": case.get_category_display(),
        "truth": case.get_truth_display(),
        "acceptance": f"{case.acceptance_body}于{case.accepted_on}验收通过",
        "review": f"市级复核工作组于{case.reviewed_on}复核通过（第{case.review_round}轮）",
    }


DOCUMENT_CONTEXTS = {
    "rect_acceptance_opinion": _acceptance_context,
    "rect_review_pledge": _pledge_context,
    "rect_review_sheet": _sheet_context,
}


@transaction.atomic
def case_document_issue(*, by: User, case: PetitionCase, kind: str) -> Any:
    """Issue 验收意见, 验收复核责任书 or 复核情况事项单 from the case's data, in the
    name of the issuing user's unit (its 文号 series)."""
    _require(by, "accept_rectification")
    if kind not in DOCUMENT_CONTEXTS:
        raise ValidationError("未知的文书。")
    if by.unit is None:
        raise ValidationError("您没有所属单位，不能制作文书。")
    context = DOCUMENT_CONTEXTS[kind](case)
    return casework_services.document_issue(
        kind=kind, unit=by.unit, target=case, by=by, context=context
    )


# --- Revisits (复查回访, B3) -------------------------------------------------------

REVISIT_SHARE = Fraction(1, 10)  # seed 001 三(一)2: "按每月10%比例进行复查回访"


@transaction.atomic
def revisits_draw(*, month: date) -> list[Revisit]:
    """Draw 10 % (rounded up) of the petition cases closed out before `month`
    ends for a revisit that month. Reproducible: the draw is seeded by the month;
    a month is drawn once (the unique (case, month) key)."""
    first = month.replace(day=1)
    if Revisit.objects.filter(month=first).exists():
        return []
    next_month = (first + timedelta(days=32)).replace(day=1)
    end = datetime.combine(next_month, datetime.min.time(), tzinfo=dates.SHANGHAI)
    closed = list(
        PetitionCase.objects.filter(
            status__in=("closed", "filed"), closed_at__lt=end
        ).order_by("number")
    )
    if not closed:
        return []
    count = math.ceil(len(closed) * REVISIT_SHARE)
    drawn = random.Random(f"rectification-revisit-{first:%Y-%m}").sample(  # noqa: S311
        closed, count
    )
    revisits = [
        Revisit.objects.create(case=case, month=first)
        for case in sorted(drawn, key=lambda c: c.number)
    ]
    for revisit in revisits:
        records.append(
            action="rectification.revisit_draw",
            target=revisit.case,
            after={"month": first, "revisit": revisit.pk},
        )
    return revisits


@transaction.atomic
def revisit_record(
    *,
    by: User,
    revisit: Revisit,
    findings: str,
    satisfied: bool,
    rebound: bool,
) -> Revisit:
    """Record a revisit; a rebound or a problem not fully fixed reopens the case
    (三(一)2: 分类处置、台帐式管理，重新整改，重新销号)."""
    _require(by, "handle_rectification")
    if revisit.done_on is not None:
        raise ValidationError("该回访已记录。")
    if not findings.strip():
        raise ValidationError("请填写复查回访情况。")
    revisit.done_on, revisit.findings = _today(), findings.strip()
    revisit.satisfied, revisit.rebound, revisit.by = satisfied, rebound, by
    revisit.save()
    records.append(
        action="rectification.revisit_record",
        target=revisit.case,
        actor=by,
        after={"revisit": revisit.pk, "satisfied": satisfied, "rebound": rebound},
    )
    if rebound and revisit.case.status in ("closed", "filed"):
        reason = f"复查回访发现反弹或整改不到位：{revisit.findings}"
        if _is_office(by):
            petition_transition(
                by=by,
                case=revisit.case,
                transition="reopen",
                changes={"reopen_reason": reason},
            )
        else:
            # Only the office reopens; the finding goes to it as a warning.
            Supervision.objects.create(
                kind=Supervision.Kind.WARNING,
                case=revisit.case,
                reason=reason + "（待市督改办重新交办整改）",
                issued_at=timezone.now(),
                automatic=True,
            )
    return revisit


def _is_office(by: User) -> bool:
    from .processes import OFFICE_ROLES

    return by.is_superuser or by.roles.filter(code__in=OFFICE_ROLES).exists()
