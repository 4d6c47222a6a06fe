"""Clues (在线数据线索): opened from exceedances and anomalies, decided by an
officer — dismissed with a reason, or marked for an inspection or a case
(seed 004: 共推送在线数据线索3406条; requirements E8)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User
from ecobureau.casework import services as casework
from ecobureau.casework.models import WorkItem
from ecobureau.casework.services.transitions import STALE_MESSAGE
from ecobureau.core import records
from ecobureau.lib.dates import SHANGHAI

from ..models import (
    Anomaly,
    Clue,
    DischargeFlag,
    DroneFinding,
    Exceedance,
    Instrument,
)
from ..processes import CLUE

_LABEL = CLUE.model


def _number(at: datetime) -> str:
    """线索编号: XS + year + a six-digit serial within the year."""
    year = at.astimezone(SHANGHAI).year
    prefix = f"XS{year}"
    last = (
        Clue.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    serial = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{serial:06d}"


def _clue_for(
    *,
    instrument: Instrument,
    source: str,
    title: str,
    detected_at: datetime,
    exceedance: Exceedance | None = None,
    anomaly: Anomaly | None = None,
    number: str,
) -> Clue:
    enterprise = instrument.enterprise
    return Clue(
        number=number,
        source=source,
        enterprise=enterprise,
        instrument=instrument,
        exceedance=exceedance,
        anomaly=anomaly,
        title=title[:200],
        detected_at=detected_at,
        district_id=enterprise.district_id,
        township_id=enterprise.township_id,
        unit_id=enterprise.supervising_unit_id,
        status="",
    )


def _start(clue: Clue) -> Clue:
    clue.save()
    casework.case_start(process=CLUE, case=clue, step="new", by=None)
    return clue


@transaction.atomic
def clue_open(
    *,
    instrument: Instrument,
    title: str,
    detected_at: datetime,
    exceedance: Exceedance | None = None,
    anomaly: Anomaly | None = None,
) -> Clue:
    """Push one clue to the enterprise's supervising unit's workbench."""
    if (exceedance is None) == (anomaly is None):
        raise ValueError("a clue comes from one exceedance or one anomaly")
    source = Clue.Source.EXCEEDANCE if exceedance is not None else Clue.Source.ANOMALY
    clue = _clue_for(
        instrument=instrument,
        source=source,
        title=title,
        detected_at=detected_at,
        exceedance=exceedance,
        anomaly=anomaly,
        number=_number(detected_at),
    )
    return _start(clue)


@transaction.atomic
def clue_open_for_finding(*, finding: DroneFinding) -> Clue:
    """Push a drone patrol finding (A74) to the same clue list and workflow as
    the online-data clues: to the enterprise's supervising unit when the finding
    names an enterprise, else to the flight's district and unit."""
    flight = finding.flight
    enterprise = finding.enterprise
    where = enterprise.name if enterprise is not None else flight.area_name
    clue = Clue(
        number=_number(finding.seen_at),
        source=Clue.Source.DRONE,
        enterprise=enterprise,
        drone_finding=finding,
        title=clue_title(
            enterprise_name=where,
            outlet_code=f"航次{flight.number}",
            what=finding.get_kind_display(),
            at=finding.seen_at,
        )[:200],
        detected_at=finding.seen_at,
        district_id=enterprise.district_id if enterprise else flight.district_id,
        township_id=enterprise.township_id if enterprise else flight.township_id,
        unit_id=enterprise.supervising_unit_id if enterprise else flight.unit_id,
        status="",
    )
    return _start(clue)


@transaction.atomic
def clue_open_for_flag(*, flag: DischargeFlag) -> Clue:
    """Push a discharge without a valid permit or above the permitted total
    (D14) to the enterprise's supervising unit, as a clue like the others."""
    enterprise = flag.enterprise
    what = flag.get_kind_display()
    if flag.pollutant_name:
        what = f"{what}（{flag.pollutant_name}）"
    clue = Clue(
        number=_number(flag.detected_at),
        source=Clue.Source.PERMIT,
        enterprise=enterprise,
        discharge_flag=flag,
        title=clue_title(
            enterprise_name=enterprise.name,
            outlet_code=f"{flag.year}年",
            what=what,
            at=flag.detected_at,
        )[:200],
        detected_at=flag.detected_at,
        district_id=enterprise.district_id,
        township_id=enterprise.township_id,
        unit_id=enterprise.supervising_unit_id,
        status="",
    )
    return _start(clue)


@transaction.atomic
def clues_open_many(
    items: Sequence[
        tuple[Instrument, str, datetime, Exceedance | None, Anomaly | None]
    ],
) -> list[Clue]:
    """Open many clues in one transaction (an evaluation run after an outage, or
    a back-filled history): the same rows, work items and record entries as
    `clue_open`, written in bulk."""
    if not items:
        return []
    ordered = sorted(items, key=lambda item: item[2])
    serials: dict[int, int] = {}
    clues = []
    for instrument, title, detected_at, exceedance, anomaly in ordered:
        year = detected_at.astimezone(SHANGHAI).year
        if year not in serials:
            serials[year] = int(_number(detected_at)[6:]) - 1
        serials[year] += 1
        source = (
            Clue.Source.EXCEEDANCE if exceedance is not None else Clue.Source.ANOMALY
        )
        clue = _clue_for(
            instrument=instrument,
            source=source,
            title=title,
            detected_at=detected_at,
            exceedance=exceedance,
            anomaly=anomaly,
            number=f"XS{year}{serials[year]:06d}",
        )
        clue.status = "new"
        clues.append(clue)
    Clue.objects.bulk_create(clues, batch_size=500)
    step = CLUE.step("new")
    WorkItem.objects.bulk_create(
        [
            WorkItem(
                kind=_LABEL,
                target_type=_LABEL,
                target_id=clue.pk,
                title=(step.work_title or "{case}").format(case=clue)[:200],
                step=step.code,
                step_label=step.label,
                unit_id=clue.unit_id,
                district_id=clue.district_id,
                township_id=clue.township_id,
            )
            for clue in clues
        ],
        batch_size=500,
    )
    records.append_many(
        [
            records.Entry(
                action=f"{_LABEL}.create",
                target_type=_LABEL,
                target_id=str(clue.pk),
                data={"after": "new"},
            )
            for clue in clues
        ]
    )
    return clues


def clue_dismiss(*, clue: Clue, reason: str, by: User) -> Clue:
    """Dismiss a clue (e.g. a confirmed instrument fault, a plant shutdown)."""
    reason = reason.strip()
    if not reason:
        raise ValidationError("排除线索须说明理由。")
    return _decide(clue=clue, transition="dismiss", reason=reason, referral="", by=by)


def clue_refer(*, clue: Clue, referral: str, reason: str, by: User) -> Clue:
    """Mark a clue for an on-site inspection or a case; the enforcement module
    records the inspection or case it opens with `clue_link`."""
    if referral not in (Clue.Referral.INSPECTION, Clue.Referral.CASE):
        raise ValidationError("请选择转现场检查或立案调查。")
    reason = reason.strip()
    if not reason:
        raise ValidationError("请填写研判意见。")
    return _decide(
        clue=clue, transition="refer", reason=reason, referral=referral, by=by
    )


@transaction.atomic
def _decide(
    *, clue: Clue, transition: str, reason: str, referral: str, by: User
) -> Clue:
    now = timezone.now()
    casework.case_transition(
        process=CLUE,
        case=clue,
        transition=transition,
        by=by,
        changes={
            "decision_reason": reason,
            "referral": referral,
            "decided_at": now,
            "decided_by": by,
        },
        note=reason[:200],
    )
    return clue


@transaction.atomic
def clues_decide_many(
    *,
    clues: Sequence[Clue],
    transition: str,
    reason: str,
    by: User,
    referral: str = "",
    decided_at: datetime | None = None,
) -> int:
    """Decide several clues alike in one transaction (one instrument fault can
    raise dozens of clues; a back-filled history has thousands): the same
    checks as one decision — role, data scope, a reason, clues still new — one
    conditional update, and one record entry per clue."""
    spec = CLUE.transition(transition)
    reason = reason.strip()
    if not reason:
        raise ValidationError("研判须写明意见。")
    if transition == "refer" and referral not in (
        Clue.Referral.INSPECTION,
        Clue.Referral.CASE,
    ):
        raise ValidationError("请选择转现场检查或立案调查。")
    if not by.is_superuser and not (
        set(by.roles.values_list("code", flat=True)) & set(spec.roles)
    ):
        raise PermissionDenied(f"您没有“{spec.label}”的权限。")
    ids = [clue.pk for clue in clues]
    in_scope = Clue.objects.filter(pk__in=ids).filter(account_selectors.scope_q(by))
    if in_scope.count() != len(set(ids)):
        raise PermissionDenied("部分线索不在您的数据范围内。")
    now = timezone.now()
    moved = Clue.objects.filter(pk__in=ids, status=Clue.Status.NEW).update(
        status=spec.target,
        version=F("version") + 1,
        decision_reason=reason,
        referral=referral,
        decided_at=decided_at or now,
        decided_by=by,
        updated_at=now,
    )
    if moved != len(set(ids)):
        raise ValidationError(STALE_MESSAGE, code="stale")
    WorkItem.objects.filter(
        target_type=_LABEL, target_id__in=ids, state=WorkItem.State.OPEN
    ).update(state=WorkItem.State.DONE, closed_at=now)
    records.append_many(
        [
            records.Entry(
                action=f"{_LABEL}.{transition}",
                target_type=_LABEL,
                target_id=str(pk),
                actor_id=by.pk,
                unit_id=by.unit_id,
                data={
                    "before": Clue.Status.NEW,
                    "after": spec.target,
                    "note": reason[:200],
                },
            )
            for pk in ids
        ]
    )
    return moved


@transaction.atomic
def clue_link(*, clue: Clue, target_type: str, target_id: int, by: User | None) -> Clue:
    """Record the inspection or case opened from a referred clue (called by the
    enforcement module; the link stays empty until then)."""
    if clue.status != Clue.Status.REFERRED:
        raise ValidationError("只有已转现场执法的线索可以关联执法事项。")
    updated = Clue.objects.filter(pk=clue.pk, version=clue.version).update(
        linked_type=target_type,
        linked_id=target_id,
        version=F("version") + 1,
        updated_at=timezone.now(),
    )
    if not updated:
        raise ValidationError("该线索刚刚已被他人修改，请刷新后重试。")
    clue.refresh_from_db()
    records.append(
        action=f"{_LABEL}.link",
        target=clue,
        actor=by,
        after={"type": target_type, "id": target_id},
    )
    return clue


def clue_title(
    *, enterprise_name: str, outlet_code: str, what: str, at: datetime
) -> str:
    return f"{enterprise_name} {outlet_code} {what}（{at.astimezone(SHANGHAI):%m-%d %H:%M}）"
