"""The one service that moves a case from step to step (casework.workflow)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.apps import apps
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import Unit, User
from ecobureau.core import records

from ..models import CaseModel, Clock, Document
from ..workflow import Process, Step, Transition
from .clocks import clock_start, clock_stop
from .step_recordings import step_recording_check, unrecorded_step_add
from .workitems import workitem_close, workitem_open

STALE_MESSAGE = "该事项刚刚已被他人处理（状态已变化），请刷新页面后重试。"


def check_may_act(
    *, process: Process, transition: Transition, case: CaseModel, by: User
) -> None:
    """Raise PermissionDenied unless `by` may perform `transition` on `case`."""
    model = apps.get_model(process.model)
    in_scope = (
        model._default_manager.filter(pk=case.pk)
        .filter(account_selectors.scope_q(by, **process.scope_fields))
        .exists()
    )
    is_assignee = case.assignee_id is not None and case.assignee_id == by.pk
    if not (in_scope or is_assignee):
        raise PermissionDenied("该事项不在您的数据范围内。")
    if by.is_superuser:
        return
    held = set(by.roles.values_list("code", flat=True))
    if held & set(transition.roles):
        return
    if transition.assignee_may_act and is_assignee:
        return
    raise PermissionDenied(f"您没有“{transition.label}”的权限。")


def _check_requirements(*, transition: Transition, case: CaseModel) -> None:
    missing = []
    for name in transition.requires:
        value = getattr(case, name)
        if value in (None, "", [], ()):
            field = type(case)._meta.get_field(name)
            missing.append(str(getattr(field, "verbose_name", name)))
    if missing:
        raise ValidationError(f"请先填写：{'、'.join(missing)}。")
    if transition.documents:
        issued = set(
            Document.objects.filter(
                target_type=case._meta.label_lower,
                target_id=case.pk,
                kind__in=transition.documents,
            ).values_list("kind", flat=True)
        )
        lacking = [kind for kind in transition.documents if kind not in issued]
        if lacking:
            from ..documents import kind_get

            raise ValidationError(
                f"请先制作文书：{'、'.join(kind_get(k).title for k in lacking)}。"
            )


@transaction.atomic
def case_transition(
    *,
    process: Process,
    case: CaseModel,
    transition: str,
    by: User,
    changes: Mapping[str, Any] | None = None,
    assignee: User | None = None,
    unit: Unit | None = None,
    note: str = "",
    no_recording_reason: str = "",
) -> CaseModel:
    """Perform one transition of `process` on `case`, all or nothing.

    1. The case must be in a source step, and `by` must be allowed (role and scope).
    2. `changes` (fields the transition sets) are applied, then required fields,
       documents and the transition's own check are verified.
    3. The status moves with a conditional UPDATE on (status, version): if someone
       else moved the case first, nothing is written and the user is told.
    4. The old step's clock stops (met or missed) and its work item closes; the new
       step's clock starts and its work item opens.
    5. The record entry states who, what, before and after.

    A transition that needs simultaneous audio/video (`Transition.recordings`,
    requirements A36) is refused unless a recording was uploaded in this step, or
    the officer states in `no_recording_reason` why recording was unsuitable; the
    reason goes into the record entry and the legal section's report.
    """
    spec = process.transition(transition)
    if case.status not in spec.source:
        current = process.step(case.status).label if case.status else "—"
        raise ValidationError(f"当前状态为“{current}”，不能执行“{spec.label}”。")
    check_may_act(process=process, transition=spec, case=case, by=by)
    changes = dict(changes or {})
    for name, value in changes.items():
        setattr(case, name, value)
    if assignee is not None:
        case.assignee = assignee
    if unit is not None:
        case.unit = unit
    _check_requirements(transition=spec, case=case)
    if spec.check is not None:
        spec.check(case, changes)
    recording = step_recording_check(
        process=process,
        transition=spec,
        case=case,
        no_recording_reason=no_recording_reason,
    )

    old_status, old_version = case.status, case.version
    now = timezone.now()
    moved = (
        type(case)
        ._default_manager.filter(pk=case.pk, status=old_status, version=old_version)
        .update(
            status=spec.target,
            version=F("version") + 1,
            updated_at=now,
            assignee=case.assignee,
            unit=case.unit,
            **changes,
        )
    )
    if not moved:
        raise ValidationError(STALE_MESSAGE, code="stale")
    case.status, case.version, case.updated_at = spec.target, old_version + 1, now

    _leave_step(case=case, step=old_status, by=by)
    _enter_step(case=case, step=process.step(spec.target), by=by, kind=process.model)
    data: dict[str, Any] = {"note": note} if note else {}
    if recording is not None:
        data.update(recording.record_data())
    entry = records.append(
        action=f"{process.model}.{spec.code}",
        target=case,
        actor=by,
        before=old_status,
        after=spec.target,
        data=data or None,
    )
    if recording is not None and recording.reason:
        unrecorded_step_add(
            process=process,
            transition=spec,
            case=case,
            step=old_status,
            reason=recording.reason,
            by=by,
            record=entry,
        )
    return case


def case_start(
    *, process: Process, case: CaseModel, step: str, by: User | None
) -> CaseModel:
    """Put a newly created case into its first step: clock, work item, record."""
    case.status = step
    type(case)._default_manager.filter(pk=case.pk).update(status=step)
    _enter_step(case=case, step=process.step(step), by=by, kind=process.model)
    records.append(action=f"{process.model}.create", target=case, actor=by, after=step)
    return case


def _leave_step(*, case: CaseModel, step: str, by: User | None) -> None:
    for clock in Clock.objects.filter(
        target_type=case._meta.label_lower,
        target_id=case.pk,
        step=step,
        state__in=Clock.OPEN_STATES,
    ):
        clock_stop(clock=clock, by=by)
    workitem_close(target=case, step=step)


def _enter_step(*, case: CaseModel, step: Step, by: User | None, kind: str) -> None:
    clock = None
    if step.clock is not None and not step.terminal:
        spec = step.clock
        clock = clock_start(
            target=case,
            step=step.code,
            label=spec.label,
            amount=spec.amount,
            unit=spec.unit,
            basis=spec.basis,
            end_time=spec.end_time,
            target_amount=spec.target_amount,
            by=by,
            responsible=case.assignee,
            responsible_unit=case.unit,
            district=case.district,
            township=case.township,
        )
    if step.work_title and not step.terminal:
        workitem_open(
            kind=kind,
            target=case,
            title=step.work_title.format(case=case),
            step=step.code,
            step_label=step.label,
            assignee=case.assignee,
            unit=case.unit,
            district=case.district,
            township=case.township,
            clock=clock,
        )
