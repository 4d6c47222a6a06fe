"""The enterprise's report of a sudden pollution-control facility failure
(污染防治设施突发故障报告; requirements A98).

Seed 000 轻微违法清单第4项: "因突发故障等非主观故意因素导致污染防治设施不正常运行，
24小时内报告并采取停、限产或其他有效措施减少污染物排放,并有效组织维修的". The
enterprise account files the report itself; the time of receipt is the server's
(`reported_at`), so the 24 hours are measured from what the enterprise says was the
beginning to when the bureau actually received the report. The enforcement module's
minor-violation check (item 4) reads the report instead of an officer typing it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.enterprises.models import Enterprise, Outlet
from ecobureau.lib.dates import SHANGHAI

from ..models import FacilityFailure


@dataclass(frozen=True)
class FailureData:
    facility: str
    cause: str
    began_at: datetime
    measures: Sequence[str]
    measures_note: str = ""
    repair: str = ""
    ended_at: datetime | None = None
    outlet: Outlet | None = None


def _acts_for(by: User, enterprise: Enterprise) -> bool:
    """Only the enterprise's own verified account files its report."""
    return (
        by.is_authenticated
        and by.kind == User.Kind.ENTERPRISE
        and enterprise.accounts.filter(user=by, verified=True).exists()
    )


def _number(now: datetime) -> str:
    prefix = f"GZ{now.astimezone(SHANGHAI):%Y}"
    last = (
        FacilityFailure.objects.filter(number__startswith=prefix)
        .order_by("-number")
        .values_list("number", flat=True)
        .first()
    )
    serial = int(last[len(prefix) :]) + 1 if last else 1
    return f"{prefix}{serial:05d}"


def _check_measures(measures: Sequence[str], note: str) -> list[str]:
    chosen = [m for m in FacilityFailure.Measure.values if m in set(measures)]
    if set(measures) - set(chosen):
        raise ValidationError("采取的措施无效。")
    if FacilityFailure.Measure.OTHER in chosen and not note.strip():
        raise ValidationError("选择“其他有效措施”的，请说明采取了什么措施。")
    return chosen


def _check_end(began_at: datetime, ended_at: datetime | None, now: datetime) -> None:
    if ended_at is None:
        return
    if ended_at < began_at:
        raise ValidationError("故障排除时间不能早于故障发生时间。")
    if ended_at > now:
        raise ValidationError("故障排除时间不能晚于当前时间。")


@transaction.atomic
def failure_report(
    *,
    enterprise: Enterprise,
    data: FailureData,
    by: User,
    now: datetime | None = None,
) -> FacilityFailure:
    """File the report; its receipt is timestamped by the server."""
    now = now or timezone.now()
    if not _acts_for(by, enterprise):
        raise PermissionDenied("只有本企业的认证账户可以报告设施故障。")
    if data.outlet is not None and data.outlet.enterprise_id != enterprise.pk:
        raise ValidationError("排放口不属于本企业。")
    facility = data.facility.strip()
    if not facility:
        raise ValidationError("请填写发生故障的污染防治设施。")
    cause = data.cause.strip()
    if not cause:
        raise ValidationError("请填写故障情况及原因。")
    if data.began_at > now:
        raise ValidationError("故障发生时间不能晚于当前时间。")
    _check_end(data.began_at, data.ended_at, now)
    measures = _check_measures(data.measures, data.measures_note)
    failure = FacilityFailure.objects.create(
        number=_number(now),
        enterprise=enterprise,
        outlet=data.outlet,
        facility=facility,
        cause=cause,
        began_at=data.began_at,
        measures=measures,
        measures_note=data.measures_note.strip(),
        repair=data.repair.strip(),
        ended_at=data.ended_at,
        reported_at=now,
        reported_by=by,
    )
    records.append(
        action="monitoring.failure_report",
        target=failure,
        actor=by,
        after={
            "number": failure.number,
            "began_at": failure.began_at,
            "reported_at": now,
            "measures": measures,
            "repair": bool(failure.repair),
        },
    )
    return failure


@transaction.atomic
def failure_update(
    *,
    failure: FacilityFailure,
    by: User,
    measures: Sequence[str] | None = None,
    measures_note: str | None = None,
    repair: str | None = None,
    ended_at: datetime | None = None,
    now: datetime | None = None,
) -> FacilityFailure:
    """The enterprise adds what happened since: measures, the repair, the end.

    The original receipt time and the beginning never change; each addition is
    recorded with its own time, so a later addition cannot pass for one made
    within the 24 hours."""
    now = now or timezone.now()
    failure = FacilityFailure.objects.select_for_update().get(pk=failure.pk)
    if not _acts_for(by, failure.enterprise):
        raise PermissionDenied("只有本企业的认证账户可以补充故障报告。")
    before = {
        "measures": failure.measures,
        "repair": failure.repair,
        "ended_at": failure.ended_at,
    }
    if measures is not None:
        note = failure.measures_note if measures_note is None else measures_note
        failure.measures = _check_measures(measures, note)
        failure.measures_note = note.strip()
    if repair is not None:
        failure.repair = repair.strip()
    if ended_at is not None:
        if failure.ended_at is not None:
            raise ValidationError("已填写故障排除时间。")
        _check_end(failure.began_at, ended_at, now)
        failure.ended_at = ended_at
    failure.save()
    records.append(
        action="monitoring.failure_update",
        target=failure,
        actor=by,
        before=before,
        after={
            "measures": failure.measures,
            "repair": failure.repair,
            "ended_at": failure.ended_at,
            "at": now,
        },
    )
    return failure
