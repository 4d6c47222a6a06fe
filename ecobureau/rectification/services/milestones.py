"""Milestones (时间表、路线图, seed 001 三(二)1, B6) in the task ledger: the
sheet 时间节点 (任务编号, 节点内容, 节点时限, 完成日期) matched to a task's stored
milestones, checked, and applied by `tasks.task_update_ledger`.

Like the measures, a task's milestones are the ledger's to change only while
the task waits for its approving meeting (待审议); once approved a row that
would change a node's date or remove a node is refused (`milestone_refusals`),
and a node may be added only while the task may still gain one (待审议 or
整改中, as `milestone_add`). A done date is given once (as `milestone_done`):
only while the task is 整改中, never in the future, never changed or cleared."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any

from ..models import Milestone, RectificationTask
from ..processes import TASK
from ._common import _today

if TYPE_CHECKING:
    from collections.abc import Iterable

# The task steps in which the ledger may change a node, and may add one
# (the same as for the measures, `tasks.LEDGER_EDITABLE`, `MEASURES_ADDABLE`).
EDITABLE = ("draft",)
ADDABLE = ("draft", "rectifying")


@dataclass
class MilestoneData:
    """A row of the sheet 时间节点."""

    title: str
    due_on: date
    done_on: date | None = None
    line: int | None = None  # the row of the sheet, for the error message


@dataclass
class MilestonePlan:
    """What a ledger's node rows do to a task's stored milestones."""

    kept: list[tuple[Milestone, MilestoneData]] = field(default_factory=list)
    added: list[MilestoneData] = field(default_factory=list)
    removed: list[Milestone] = field(default_factory=list)

    def changed(self) -> list[tuple[Milestone, MilestoneData]]:
        return [(m, row) for m, row in self.kept if m.due_on != row.due_on]

    def done(self) -> list[tuple[Milestone | None, MilestoneData]]:
        """The rows that give a done date the stored node does not have."""
        rows: list[tuple[Milestone | None, MilestoneData]] = [
            (m, row) for m, row in self.kept if m.done_on != row.done_on
        ]
        return rows + [(None, row) for row in self.added if row.done_on]

    def empty(self) -> bool:
        return not (self.added or self.removed or self.changed() or self.done())


def milestones_plan(
    task: RectificationTask, rows: Iterable[MilestoneData]
) -> MilestonePlan:
    """Match the rows to the stored nodes by their content (节点内容): the same
    content and date first, then the same content; any other row is a new node
    and any stored node left over is removed."""
    stored = list(task.milestones.all()) if task.pk else []
    plan = MilestonePlan()
    loose: list[MilestoneData] = []
    for row in rows:
        same = next(
            (m for m in stored if m.title == row.title and m.due_on == row.due_on),
            None,
        )
        if same is None:
            loose.append(row)
        else:
            stored.remove(same)
            plan.kept.append((same, row))
    for row in loose:
        same = next((m for m in stored if m.title == row.title), None)
        if same is None:
            plan.added.append(row)
        else:
            stored.remove(same)
            plan.kept.append((same, row))
    plan.removed = stored
    return plan


def _node(row: MilestoneData | Milestone) -> str:
    line = getattr(row, "line", None)
    where = f"“时间节点”第{line}行" if line else ""
    return f"{where}节点“{row.title}”"


def done_refusal(status: str, stored: date | None, done_on: date | None) -> str:
    """Why a node's done date may not become `done_on` ("" when it may): the
    rule of `milestone_done` — given once, while 整改中, never in the future."""
    if stored == done_on:
        return ""
    if stored is not None:
        return f"已于{stored.isoformat()}登记完成，不能修改或清除完成日期"
    assert done_on is not None
    if status != "rectifying":
        return "只有整改中的任务可以登记时间节点完成"
    if done_on > _today():
        return "完成日期不能晚于今天"
    return ""


def milestone_refusals(
    task: RectificationTask, rows: list[MilestoneData] | None
) -> list[str]:
    """Why the ledger's node rows may not update `task` (empty when they may).
    `rows` None: the file has no sheet 时间节点, the stored nodes stay."""
    if rows is None:
        return []
    status = task.status if task.pk else "draft"
    plan = milestones_plan(task, rows)
    problems = []
    if status not in EDITABLE:
        changes = [f"{_node(row)}的节点时限" for _m, row in plan.changed()]
        changes += [f"删除节点“{m.title}”" for m in plan.removed]
        if plan.added and status not in ADDABLE:
            changes += [f"新增{_node(row)}" for row in plan.added]
        if changes:
            problems.append(
                f"任务{task.number}已审议通过（当前状态：{TASK.step(status).label}），"
                "不能通过导入修改" + "、".join(changes)
            )
    for stored, row in plan.done():
        refusal = done_refusal(status, stored.done_on if stored else None, row.done_on)
        if refusal:
            problems.append(f"{_node(row)}{refusal}")
    return problems


def milestones_apply(task: RectificationTask, plan: MilestonePlan) -> dict[str, Any]:
    """Apply a checked plan; a kept node keeps its identity (and its done date)."""
    changed, done = [], []
    for milestone, row in plan.kept:
        fields = []
        if milestone.due_on != row.due_on:
            milestone.due_on = row.due_on
            fields.append("due_on")
            changed.append(milestone.pk)
        if milestone.done_on is None and row.done_on is not None:
            milestone.done_on = row.done_on
            fields.append("done_on")
            done.append(milestone.pk)
        if fields:
            milestone.save(update_fields=[*fields, "updated_at"])
    removed = [m.pk for m in plan.removed]
    for milestone in plan.removed:
        milestone.delete()
    for row in plan.added:
        node = Milestone.objects.create(
            task=task, title=row.title.strip(), due_on=row.due_on, done_on=row.done_on
        )
        if row.done_on is not None:
            done.append(node.pk)
    return {
        "changed": changed,
        "removed": removed,
        "added": len(plan.added),
        "done": done,
    }
