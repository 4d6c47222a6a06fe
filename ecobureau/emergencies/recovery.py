"""Writes of the recovery register (事后恢复): a measure added, a measure done.

Seed 002 四（三）2（1） puts 事后恢复 after 应急处置 ("做好突发环境事件的风险控制、应急
准备、应急处置和事后恢复等工作"), and requirement X1 registers each incident
"through … response, investigation and recovery". So the register opens when the
response is over: from the step 处置结束待评估 (`closed`, after the transition
"close") and stays open at 已评估总结 (`reviewed`) — ecological restoration or the
return of drinking-water supply often runs for months after the damage assessment
and the review are done, and the review must not freeze it. It is not offered
while the incident awaits verification or is being responded to (clean-up during
the response is the response log's and the tasks'), nor for an incident found not
to be an environmental emergency (`dismissed`).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.core import records

from .models import Incident, RecoveryMeasure

HANDLE = "emergencies.handle_incident"
RECOVERY_STEPS = ("closed", "reviewed")


def _require(by: User) -> None:
    if not by.has_perm(HANDLE):
        raise PermissionDenied("您没有该操作的权限。")


def recovery_open(incident: Incident) -> bool:
    return incident.status in RECOVERY_STEPS


def _check_open(incident: Incident) -> None:
    if not recovery_open(incident):
        raise ValidationError("应急处置结束后才能登记事后恢复措施。")


@transaction.atomic
def recovery_add(
    *,
    incident: Incident,
    by: User,
    measure: str,
    due_on: date,
    responsible: str = "",
    unit: Unit | None = None,
) -> RecoveryMeasure:
    """Add a recovery measure with the unit answering for it and its due date."""
    _require(by)
    incident = Incident.objects.select_for_update().get(pk=incident.pk)
    _check_open(incident)
    measure = measure.strip()
    if not measure:
        raise ValidationError("请填写恢复措施。")
    responsible = responsible.strip() or (unit.name if unit else "")
    if not responsible:
        raise ValidationError("请选择登记单位或填写责任单位。")
    if incident.closed_at and due_on < timezone.localdate(incident.closed_at):
        raise ValidationError("完成期限不能早于应急处置结束的日期。")
    item = RecoveryMeasure.objects.create(
        incident=incident,
        measure=measure,
        responsible=responsible,
        unit=unit,
        due_on=due_on,
        created_by=by,
    )
    records.append(
        action="emergencies.recovery.add",
        target=incident,
        actor=by,
        after={
            "measure": item.pk,
            "text": measure,
            "due_on": due_on,
            "unit": item.unit_id,
        },
    )
    return item


@transaction.atomic
def recovery_done(
    *, measure: RecoveryMeasure, by: User, done_on: date, note: str
) -> RecoveryMeasure:
    """Mark a measure done, on a date from the day it was added to today, with a
    note of what was done; once."""
    _require(by)
    measure = (
        RecoveryMeasure.objects.select_for_update()
        .select_related("incident")
        .get(pk=measure.pk)
    )
    _check_open(measure.incident)
    if measure.done_on is not None:
        raise ValidationError("该恢复措施已登记完成。")
    note = note.strip()
    if not note:
        raise ValidationError("请填写完成情况。")
    added_on = timezone.localdate(measure.created_at)
    if done_on < added_on:
        raise ValidationError(
            f"完成日期不能早于该措施登记的日期（{added_on:%Y-%m-%d}）。"
        )
    if done_on > timezone.localdate():
        raise ValidationError("完成日期不能晚于今天。")
    measure.done_on, measure.done_note, measure.done_by = done_on, note, by
    measure.save(update_fields=["done_on", "done_note", "done_by"])
    records.append(
        action="emergencies.recovery.done",
        target=measure.incident,
        actor=by,
        before={"measure": measure.pk, "done_on": None},
        after={
            "measure": measure.pk,
            "done_on": done_on,
            "late": done_on > measure.due_on,
        },
    )
    return measure
