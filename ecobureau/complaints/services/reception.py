"""The 8890 rota, the leaders' reception and visits, and the sub-bureaus' visits
to their petition offices: scheduled, then recorded (seed 000 与群众互动 §1;
requirements A81)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.core import records

from ..models import ReceptionEvent


def _check(by: User) -> None:
    if not by.has_perm("complaints.manage_reception"):
        raise PermissionDenied("您没有安排接访下访的权限。")


@transaction.atomic
def reception_schedule(
    *, kind: str, scheduled_on: date, person: User, place: str, by: User
) -> ReceptionEvent:
    _check(by)
    if kind not in ReceptionEvent.Kind.values:
        raise ValidationError("请选择类型。")
    if not place.strip():
        raise ValidationError("请填写地点。")
    if person.unit is None or not person.is_staff_member:
        raise ValidationError("参加人须为本局工作人员。")
    event = ReceptionEvent.objects.create(
        kind=kind,
        scheduled_on=scheduled_on,
        person=person,
        unit=person.unit,
        place=place.strip(),
        district=person.unit.division
        if person.unit.division and person.unit.division.level == 2
        else None,
    )
    records.append(
        action="complaints.reception.schedule",
        target=event,
        actor=by,
        after=ReceptionEvent.Status.PLANNED,
        data={"kind": kind, "on": scheduled_on, "person": person.pk},
    )
    return event


@transaction.atomic
def reception_record(
    *, event: ReceptionEvent, summary: str, by: User, cancelled: bool = False
) -> ReceptionEvent:
    """Record what happened (or that it was cancelled, with why)."""
    _check(by)
    if not summary.strip():
        raise ValidationError("请填写情况记录。")
    status = (
        ReceptionEvent.Status.CANCELLED if cancelled else ReceptionEvent.Status.DONE
    )
    now = timezone.now()
    moved = ReceptionEvent.objects.filter(
        pk=event.pk, status=ReceptionEvent.Status.PLANNED
    ).update(status=status, summary=summary.strip(), recorded_at=now, updated_at=now)
    if not moved:
        raise ValidationError("该活动已记录，请刷新页面。")
    records.append(
        action="complaints.reception.record",
        target=event,
        actor=by,
        before=ReceptionEvent.Status.PLANNED,
        after=status,
    )
    event.refresh_from_db()
    return event
