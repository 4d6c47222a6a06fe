"""The workbench's table of open items: opened and closed by the modules' steps."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.core.models import Division

from ..models import Clock, WorkItem
from .clocks import URGENCY_BY_STATE


def workitem_open(
    *,
    kind: str,
    target: models.Model,
    title: str,
    step: str = "",
    step_label: str = "",
    assignee: User | None = None,
    unit: Unit | None = None,
    district: Division | None = None,
    township: Division | None = None,
    clock: Clock | None = None,
) -> WorkItem:
    """Put an item on someone's workbench (the assignee's, else the unit's).

    `title` is shown to everyone who sees the item: never put personal data in it.
    """
    return WorkItem.objects.create(
        kind=kind,
        target_type=target._meta.label_lower,
        target_id=target.pk,
        title=title[:200],
        step=step,
        step_label=step_label,
        assignee=assignee,
        unit=unit,
        district=district,
        township=township,
        clock=clock,
        due_at=clock.due_at if clock else None,
        urgency=URGENCY_BY_STATE.get(clock.state, WorkItem.Urgency.NORMAL)
        if clock
        else WorkItem.Urgency.NORMAL,
    )


def workitem_close(
    *, target: models.Model, step: str | None = None, cancelled: bool = False
) -> int:
    """Close the open items of a target (of one step, or all)."""
    items = WorkItem.objects.filter(
        target_type=target._meta.label_lower,
        target_id=target.pk,
        state=WorkItem.State.OPEN,
    )
    if step is not None:
        items = items.filter(step=step)
    return items.update(
        state=WorkItem.State.CANCELLED if cancelled else WorkItem.State.DONE,
        closed_at=timezone.now(),
    )


def workitem_reassign(
    *, target: models.Model, assignee: User | None, unit: Unit | None
) -> int:
    return WorkItem.objects.filter(
        target_type=target._meta.label_lower,
        target_id=target.pk,
        state=WorkItem.State.OPEN,
    ).update(assignee=assignee, unit=unit)
