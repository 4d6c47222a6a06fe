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
    Measure,
    Milestone,
    RectificationTask,
)
from ..processes import TASK
from ._common import _STAMPS, _enterprise_check, _require, _today
from .enforcement_links import measure_links_check
from .regulations import closeout_basis


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
    # Issue 11 item 3: the enterprise concerned, if any; `keep_enterprise` (a
    # ledger file without the 统一社会信用代码 column) keeps the stored link.
    enterprise: Enterprise | None = None
    keep_enterprise: bool = False


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
    _measures_replace(task=task, measures=data.measures)
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
    before = {
        "deadline": task.deadline,
        "measures": task.measures.count(),
        "enterprise": task.enterprise_id,
    }
    if not data.keep_enterprise:
        if data.enterprise is not None and data.enterprise.pk != task.enterprise_id:
            _enterprise_check(by, data.enterprise)
        task.enterprise = data.enterprise
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
        after={
            "deadline": task.deadline,
            "measures": len(data.measures),
            "enterprise": task.enterprise_id,
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
