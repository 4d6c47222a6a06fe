"""The monthly revisit (回访) of closed complaints: at least 10 % of each unit's
cases closed in the month, at least one, drawn at random by the scheduler
(`draw_revisits`, docs/operations.md) and reproducible from the recorded seed
(seed 000 与群众互动 §4 "确保每月复查或回访不低于10%，做好回访记录"; the rate is a
setting for ordinary complaints, requirements A83)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time
from fractions import Fraction

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.casework import services as casework
from ecobureau.core import records
from ecobureau.lib import complaint_stats
from ecobureau.lib.dates import SHANGHAI

from ..models import Complaint, Revisit, RevisitDraw

KIND = "complaints.revisit"


def revisit_rate() -> Fraction:
    return Fraction(str(getattr(settings, "COMPLAINT_REVISIT_RATE", "0.10")))


def month_bounds(month: date) -> tuple[datetime, datetime]:
    """The month's first instant and the next month's, in Asia/Shanghai."""
    first = month.replace(day=1)
    following = date(first.year + first.month // 12, first.month % 12 + 1, 1)
    return (
        datetime.combine(first, time(0, 0), tzinfo=SHANGHAI),
        datetime.combine(following, time(0, 0), tzinfo=SHANGHAI),
    )


def draw_seed(month: date, unit: Unit) -> str:
    """The recorded seed: the month, the unit, and an installation salt (so the
    sample cannot be foreseen from the code), COMPLAINT_REVISIT_SEED."""
    salt = getattr(settings, "COMPLAINT_REVISIT_SEED", "")
    return f"{salt}:{month:%Y-%m}:{unit.code}"


@dataclass(frozen=True)
class DrawResult:
    units: int
    revisits: int


def revisits_draw(*, month: date, by: User | None = None) -> DrawResult:
    """Draw the month's revisits for every unit that closed complaints in it. A
    unit already drawn for the month is skipped, so the job may run twice."""
    start, end = month_bounds(month)
    unit_ids = (
        Complaint.objects.filter(
            status=Complaint.Status.CLOSED, closed_at__gte=start, closed_at__lt=end
        )
        .exclude(unit=None)
        .values_list("unit_id", flat=True)
        .distinct()
    )
    units = drawn = 0
    for unit in Unit.objects.filter(pk__in=list(unit_ids)).order_by("pk"):
        made = _draw_unit(unit=unit, month=start.date(), start=start, end=end, by=by)
        if made is not None:
            units += 1
            drawn += made
    return DrawResult(units=units, revisits=drawn)


@transaction.atomic
def _draw_unit(
    *, unit: Unit, month: date, start: datetime, end: datetime, by: User | None
) -> int | None:
    closed = list(
        Complaint.objects.filter(
            unit=unit,
            status=Complaint.Status.CLOSED,
            closed_at__gte=start,
            closed_at__lt=end,
        ).values_list("pk", flat=True)
    )
    rate = revisit_rate()
    seed = draw_seed(month, unit)
    sample = complaint_stats.draw(closed, rate=rate, seed=seed)
    try:
        with transaction.atomic():
            draw = RevisitDraw.objects.create(
                unit=unit,
                month=month,
                seed=seed,
                rate=str(rate),
                closed=len(closed),
                drawn=len(sample),
            )
    except IntegrityError:
        return None  # drawn already (another run of the job)
    complaints = Complaint.objects.in_bulk(sample)
    for pk in sample:
        complaint = complaints[pk]
        revisit = Revisit.objects.create(
            draw=draw,
            complaint=complaint,
            unit=unit,
            district=complaint.district,
            township=complaint.township,
        )
        casework.workitem_open(
            kind=KIND,
            target=revisit,
            title=f"投诉回访：{complaint}",
            step="revisit",
            step_label="回访",
            unit=unit,
            district=complaint.district,
            township=complaint.township,
        )
    records.append(
        action="complaints.revisit.draw",
        target=("complaints.revisitdraw", draw.pk),
        actor=by,
        unit_id=unit.pk,
        data={
            "month": f"{month:%Y-%m}",
            "seed": seed,
            "rate": str(rate),
            "closed": len(closed),
            "sample": sample,
        },
    )
    return len(sample)


@transaction.atomic
def revisit_record(
    *, revisit: Revisit, outcome: str, satisfaction: str, notes: str, by: User
) -> Revisit:
    """Record what the revisit found (回访记录)."""
    if not by.has_perm("complaints.handle_complaint") or (
        by.unit_id != revisit.unit_id
        and not by.is_superuser
        and "bureau_leader" not in set(by.roles.values_list("code", flat=True))
    ):
        raise PermissionDenied("只有承办单位的人员可以记录回访。")
    if outcome not in Revisit.Outcome.values:
        raise ValidationError("请选择回访结果。")
    if satisfaction and satisfaction not in Complaint.Satisfaction.values:
        raise ValidationError("满意度不正确。")
    if not notes.strip():
        raise ValidationError("请填写回访记录。")
    now = timezone.now()
    moved = Revisit.objects.filter(pk=revisit.pk, status=Revisit.Status.PENDING).update(
        status=Revisit.Status.DONE,
        outcome=outcome,
        satisfaction=satisfaction,
        notes=notes.strip(),
        done_at=now,
        done_by=by,
        updated_at=now,
    )
    if not moved:
        raise ValidationError("该回访已记录，请刷新页面。")
    casework.workitem_close(target=revisit)
    records.append(
        action="complaints.revisit.record",
        target=revisit.complaint,
        actor=by,
        after=outcome,
        data={"revisit": revisit.pk, "satisfaction": satisfaction},
    )
    revisit.refresh_from_db()
    return revisit
