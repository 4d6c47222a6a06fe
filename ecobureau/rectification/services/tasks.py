"""The task ledger (整改任务台账): entry, measures and their evidence against the
completion standards (seed 001 四(一)), milestones, the target and the task's steps."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.casework import services as casework_services
from ecobureau.core import records
from ecobureau.core.models import Division
from ecobureau.enterprises.models import Enterprise

from .. import standards
from ..models import (
    CommitteeMeeting,
    Measure,
    Milestone,
    RectificationTask,
)
from ..processes import TASK
from ._common import _STAMPS, _enterprise_check, _require, _today, reopen_note
from .enforcement_links import measure_links_check
from .milestones import (
    MilestoneData,
    done_refusal,
    milestone_refusals,
    milestones_apply,
    milestones_plan,
)
from .regulations import closeout_basis


@dataclass
class MeasureData:
    kind: str
    content: str
    due_on: date | None = None
    needs_clearing: bool = False
    # The stored measure this row edits (序号 of the ledger's 整改措施 sheet);
    # None for a new measure, or one matched by type and content (an older
    # file without the column). Measures are matched by identity, never by
    # position, so an unchanged measure keeps its evidence (issue 11 audit).
    seq: int | None = None


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
    # Issue 11 item 3: the enterprise concerned, if any; `keep_enterprise` (a
    # ledger file without the 统一社会信用代码 column) keeps the stored link.
    enterprise: Enterprise | None = None
    keep_enterprise: bool = False
    # B6: the nodes of the sheet 时间节点; None (a file without the sheet) keeps
    # the stored milestones.
    milestones: list[MilestoneData] | None = None


@transaction.atomic
def task_create(*, by: User, data: TaskData) -> RectificationTask:
    """Enter a task into the list; it waits for the approving meeting (B5)."""
    _require(by, "manage_ledger")
    if not data.number.strip():
        raise ValidationError("请填写任务编号。")
    if RectificationTask.objects.filter(number=data.number).exists():
        raise ValidationError(f"任务编号{data.number}已存在。")
    if data.measures:
        _measures_check(data.measures)
    _enterprise_check(by, data.enterprise)
    refusals = milestone_refusals(
        RectificationTask(number=data.number), data.milestones
    )
    if refusals:
        raise ValidationError("；".join(refusals) + "。")
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
        enterprise=data.enterprise,
    )
    _measures_create(task=task, measures=data.measures)
    if data.milestones:
        milestones_apply(task, milestones_plan(task, data.milestones))
    casework_services.case_start(process=TASK, case=task, step="draft", by=by)
    return task


def _measures_check(measures: list[MeasureData]) -> None:
    for item in measures:
        if item.kind not in Measure.Kind.values:
            raise ValidationError("请选择措施类型。")
        if not item.content.strip():
            raise ValidationError("请填写措施内容。")
        if item.needs_clearing and item.kind != Measure.Kind.CLOSURE:
            raise ValidationError("只有关停搬迁类措施需要拆除或清理。")


@transaction.atomic
def measure_add(*, by: User, task: RectificationTask, data: MeasureData) -> Measure:
    """Add a measure to a task still open (待审议 or 整改中), numbered after the
    last one; its completion standard follows its type (seed 001 四(一))."""
    _require(by, "manage_ledger")
    if task.status not in ("draft", "rectifying"):
        raise ValidationError("只有待审议或整改中的任务可以增加整改措施。")
    _measures_check([data])
    if data.due_on is not None and data.due_on > task.deadline:
        raise ValidationError("措施节点时限不能晚于任务完成时限。")
    last = task.measures.order_by("-seq").values_list("seq", flat=True).first() or 0
    measure = Measure.objects.create(
        task=task,
        seq=last + 1,
        kind=data.kind,
        content=data.content.strip(),
        due_on=data.due_on,
        needs_clearing=data.needs_clearing,
    )
    records.append(
        action="rectification.measure_add",
        target=task,
        actor=by,
        after={"measure": measure.pk, "seq": measure.seq, "kind": measure.kind},
    )
    return measure


# Issue 11 audit: the list takes effect once the meeting approves it (B5), so an
# approved task's deadline, target and measures are no longer the ledger's to
# change — a later deadline could move the task out of an assessment year
# (B24). After approval a ledger may still add measures where `measure_add`
# may (待审议 or 整改中); it never changes or removes one.
LEDGER_EDITABLE = ("draft",)
MEASURES_ADDABLE = ("draft", "rectifying")


@dataclass
class MeasurePlan:
    """What a ledger's measure rows do to a task's stored measures."""

    kept: list[tuple[Measure, MeasureData]] = field(default_factory=list)
    added: list[MeasureData] = field(default_factory=list)
    removed: list[Measure] = field(default_factory=list)
    unknown: list[int] = field(default_factory=list)

    def changed(self) -> list[Measure]:
        return [m for m, item in self.kept if _measure_differs(m, item)]


def _measure_differs(measure: Measure, item: MeasureData) -> bool:
    return (
        measure.kind != item.kind
        or measure.content.strip() != item.content.strip()
        or measure.due_on != item.due_on
        or measure.needs_clearing != item.needs_clearing
    )


def measures_plan(task: RectificationTask, measures: list[MeasureData]) -> MeasurePlan:
    """Match the rows to the stored measures: by 序号 first, then a row without
    one by the same type and content; any other row is a new measure."""
    stored = {m.seq: m for m in task.measures.all()}
    plan = MeasurePlan()
    loose: list[MeasureData] = []
    for item in measures:
        if item.seq is None:
            loose.append(item)
        elif item.seq in stored:
            plan.kept.append((stored.pop(item.seq), item))
        else:
            plan.unknown.append(item.seq)
    for item in loose:
        same = next(
            (
                m
                for m in stored.values()
                if m.kind == item.kind and m.content.strip() == item.content.strip()
            ),
            None,
        )
        if same is None:
            plan.added.append(item)
        else:
            plan.kept.append((stored.pop(same.seq), item))
    plan.removed = sorted(stored.values(), key=lambda m: m.seq)
    return plan


def task_ledger_refusals(task: RectificationTask, data: TaskData) -> list[str]:
    """Why a ledger row may not update `task` (empty when it may): a 序号 that is
    not one of its measures, and — once the task is approved — any change of its
    deadline, target or measures (an unchanged row is accepted)."""
    plan = measures_plan(task, data.measures)
    problems = [
        f"措施序号{seq}不是该任务已有的措施（新增措施请将序号留空）"
        for seq in plan.unknown
    ]
    if task.status in LEDGER_EDITABLE:
        return problems + milestone_refusals(task, data.milestones)
    changes = []
    if data.deadline != task.deadline:
        changes.append(f"完成时限（{task.deadline.isoformat()}）")
    if data.target.strip() != task.target.strip():
        changes.append("整改目标")
    changes += [f"第{m.seq}项措施" for m in plan.changed()]
    if plan.removed:
        changes.append(
            "删除" + "、".join(f"第{m.seq}项" for m in plan.removed) + "措施"
        )
    if plan.added and task.status not in MEASURES_ADDABLE:
        changes.append("新增措施")
    if changes:
        problems.append(
            f"任务{task.number}已审议通过（当前状态：{TASK.step(task.status).label}），"
            "不能通过导入修改" + "、".join(changes)
        )
    late = [i for i in plan.added if i.due_on is not None and i.due_on > data.deadline]
    if late and task.status in MEASURES_ADDABLE:
        problems.append("新增措施的节点时限不能晚于任务完成时限")
    # B6: the timetable's nodes are locked with the rest (issue 11 audit).
    return problems + milestone_refusals(task, data.milestones)


def _measures_create(*, task: RectificationTask, measures: list[MeasureData]) -> None:
    last = task.measures.order_by("-seq").values_list("seq", flat=True).first() or 0
    for seq, item in enumerate(measures, start=last + 1):
        Measure.objects.create(
            task=task,
            seq=seq,
            kind=item.kind,
            content=item.content.strip(),
            due_on=item.due_on,
            needs_clearing=item.needs_clearing,
        )


def _measures_apply(plan: MeasurePlan, task: RectificationTask) -> dict[str, Any]:
    """Apply a checked plan: a kept measure is edited in place (its evidence,
    look-back findings and enforcement links stay; a change of type clears the
    evidence, which answered another standard); new measures are numbered after
    the last, a removed number is never reused."""
    changed = []
    for measure, item in plan.kept:
        if not _measure_differs(measure, item):
            continue
        if measure.kind != item.kind:
            measure.evidence, measure.done_on = {}, None
        measure.kind, measure.content = item.kind, item.content.strip()
        measure.due_on, measure.needs_clearing = item.due_on, item.needs_clearing
        measure.save()
        changed.append(measure.seq)
    removed = [m.seq for m in plan.removed]
    for measure in plan.removed:
        measure.delete()
    _measures_create(task=task, measures=plan.added)
    return {"changed": changed, "removed": removed, "added": len(plan.added)}


_TASK_LEDGER_FIELDS = (
    "round",
    "source",
    "problem",
    "target",
    "responsible_units",
    "responsible_persons",
    "deadline",
    "district",
    "unit",
)


@transaction.atomic
def task_update_ledger(
    *, by: User, task: RectificationTask, data: TaskData
) -> RectificationTask:
    """Change a task's ledger fields (the import of an edited ledger). Status and
    evidence stay; measures are matched by identity (`measures_plan`). Once the
    task is approved its deadline, target and measures may not change
    (`task_ledger_refusals`); an unchanged row writes nothing."""
    _require(by, "manage_ledger")
    refusals = task_ledger_refusals(task, data)
    if refusals:
        raise ValidationError("；".join(refusals) + "。")
    plan = measures_plan(task, data.measures)
    nodes = milestones_plan(task, data.milestones or [])
    nodes_change = data.milestones is not None and not nodes.empty()
    before = {
        "deadline": task.deadline,
        "measures": task.measures.count(),
        "milestones": task.milestones.count(),
        "enterprise": task.enterprise_id,
    }
    fields = [n for n in _TASK_LEDGER_FIELDS if getattr(task, n) != getattr(data, n)]
    if not data.keep_enterprise:
        if data.enterprise is not None and data.enterprise.pk != task.enterprise_id:
            _enterprise_check(by, data.enterprise)
            fields.append("enterprise")
        elif data.enterprise is None and task.enterprise_id is not None:
            fields.append("enterprise")
        task.enterprise = data.enterprise
    if (
        not fields
        and not plan.added
        and not plan.removed
        and not plan.changed()
        and not nodes_change
    ):
        return task
    for name in _TASK_LEDGER_FIELDS:
        setattr(task, name, getattr(data, name))
    task.save()
    measures = _measures_apply(plan, task)
    milestones = milestones_apply(task, nodes) if nodes_change else {}
    records.append(
        action="rectification.task_update",
        target=task,
        actor=by,
        before=before,
        after={
            "deadline": task.deadline,
            "measures": task.measures.count(),
            "milestones": task.milestones.count(),
            "enterprise": task.enterprise_id,
            "fields": sorted(fields),
            **{f"measures_{k}": v for k, v in measures.items()},
            **{f"milestones_{k}": v for k, v in milestones.items()},
        },
    )
    return task


@transaction.atomic
def milestone_add(
    *, by: User, task: RectificationTask, title: str, due_on: date
) -> Milestone:
    _require(by, "manage_ledger")
    if not title.strip():
        raise ValidationError("请填写节点内容。")
    if task.status not in ("draft", "rectifying"):
        raise ValidationError("只有待审议或整改中的任务可以增加时间节点。")
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
    """A node of the timetable reached (B6); a missed node is an accountability
    candidate (附件1 附件 二2), so its date, once given, stays."""
    _require(by, "handle_rectification")
    if milestone.done_on is not None:
        raise ValidationError(
            f"该节点已于{milestone.done_on.isoformat()}登记完成，不能重复登记。"
        )
    refusal = done_refusal(milestone.task.status, None, done_on)
    if refusal:
        raise ValidationError(refusal + "。")
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
        if measure.kind == Measure.Kind.CASE:
            measure_links_check(measure)
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


def _approval_meeting(changes: dict[str, Any], note: str) -> str:
    """B5: the approving meeting may be chosen from the held committee meetings
    (B12): it must have been held, the approval is dated that day, and the text
    名称 defaults to the meeting's; without one the text alone is the record (as
    for ledgers from before the meetings were recorded)."""
    chosen = changes.get("approval_meeting_record")
    if chosen in (None, ""):
        changes.pop("approval_meeting_record", None)
        return note
    meeting = (
        chosen
        if isinstance(chosen, CommitteeMeeting)
        else CommitteeMeeting.objects.filter(pk=int(str(chosen))).first()
        if str(chosen).isdigit()
        else None
    )
    if meeting is None or meeting.held_on is None:
        raise ValidationError("所选会议不存在或尚未召开，请选择已召开的党工委会议。")
    approved_on = changes.get("approved_on")
    if approved_on and approved_on != meeting.held_on:
        raise ValidationError(
            f"审议通过日期应为所选会议的召开日期（{meeting.held_on.isoformat()}）。"
        )
    changes["approval_meeting_record"] = meeting
    changes["approved_on"] = meeting.held_on
    if not str(changes.get("approval_meeting") or "").strip():
        changes["approval_meeting"] = f"党工委会议（{meeting.held_on:%Y-%m-%d}召开）"
    linked = f"审议会议：已登记会议#{meeting.pk}（{meeting.held_on.isoformat()}召开）"
    return f"{linked}；{note}" if note else linked


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
    if transition == "close":
        # B15: the close-out records the regulation it followed.
        changes["closeout_basis"] = closeout_basis(task, _today())
    if transition == "complete":
        changes["completed_on"] = _today()
    if transition == "approve":
        note = _approval_meeting(changes, note)
    if transition == "reopen":
        note = reopen_note(changes, note)
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
