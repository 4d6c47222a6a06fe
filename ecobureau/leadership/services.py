"""Every write of the leadership module: confirming and publishing a unit
assessment, each with its record entry in the same transaction."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.core import records

from . import scoring, selectors
from .models import Assessment


def _may_confirm(user: User, perm: str) -> bool:
    return selectors.may_view(user) and selectors.is_city(user) and user.has_perm(perm)


@transaction.atomic
def assessment_confirm(
    *,
    kind: str,
    period: selectors.Period,
    by: User,
    supervision: dict[int, Decimal] | None = None,
    note: str = "",
) -> Assessment:
    """Store the period's ranking (月度) or assessment (季度) as computed now, with
    the example scheme and the 与基层互动 deductions (A80) the leader entered."""
    if not _may_confirm(by, "leadership.confirm_assessment"):
        raise PermissionDenied("只有市局领导可以确认单位考核结果。")
    if kind not in Assessment.Kind.values or period.kind != kind:
        raise ValidationError("考核类型与期间不符。")
    today = timezone.localdate()
    if period.end > today:
        raise ValidationError("期间尚未结束，不能确认考核结果。")
    if selectors.assessment_stored(kind, period) is not None:
        raise ValidationError("该期间的考核结果已经确认，不能重复确认。")
    supervision = supervision or {}
    if any(v < 0 for v in supervision.values()):
        raise ValidationError("督查扣分不能为负数。")
    if kind == Assessment.Kind.MONTH and any(supervision.values()):
        # A84: the monthly ranking is by the complaint figures; the 与基层互动
        # supervision results count in the performance assessment (A80).
        raise ValidationError("与基层互动督查扣分计入季度考核，月度排名不扣此分。")
    scores = selectors.unit_scores(period, supervision=supervision)
    if not scores:
        raise ValidationError("该期间没有可考核的单位数据。")
    now = timezone.now()
    assessment = Assessment.objects.create(
        kind=kind,
        period_start=period.start,
        period_end=period.last_day,
        status=Assessment.Status.CONFIRMED,
        scheme=scoring.EXAMPLE_SCHEME,
        rows=[scoring.to_row(s) for s in scores],
        note=note,
        confirmed_by=by,
        confirmed_at=now,
    )
    records.append(
        action="leadership.assessment_confirm",
        target=assessment,
        actor=by,
        after=assessment.status,
        data={
            "kind": kind,
            "period": period.value,
            "units": len(scores),
            "scores": {str(s.facts.unit_id): str(s.score) for s in scores},
            "scheme": scoring.SCHEME_LABEL,
        },
    )
    return assessment


@transaction.atomic
def assessment_publish(*, assessment: Assessment, by: User) -> Assessment:
    """Publish a confirmed result on the portal (units, scores and ranks only)."""
    if not _may_confirm(by, "leadership.publish_assessment"):
        raise PermissionDenied("只有市局领导可以公布单位考核结果。")
    locked = Assessment.objects.select_for_update().get(pk=assessment.pk)
    if locked.status != Assessment.Status.CONFIRMED:
        raise ValidationError("只有已确认、尚未公布的考核结果可以公布。")
    old = locked.status
    locked.status = Assessment.Status.PUBLISHED
    locked.published_by = by
    locked.published_at = timezone.now()
    locked.save(update_fields=["status", "published_by", "published_at", "updated_at"])
    records.append(
        action="leadership.assessment_publish",
        target=locked,
        actor=by,
        before=old,
        after=locked.status,
    )
    return locked
