"""Accountability follow-ups (责任追究, requirements A27)."""

from __future__ import annotations

from django.conf import settings
from django.db import IntegrityError, models, transaction
from django.utils import timezone

from ecobureau.accounts.models import Unit, User

from .. import registry
from ..models import Accountability, Clock
from ..processes import ACCOUNTABILITY
from .transitions import case_start


def _handling_unit() -> Unit | None:
    return Unit.objects.filter(code=settings.ACCOUNTABILITY_UNIT_CODE).first()


@transaction.atomic
def accountability_open(
    *,
    source: models.Model | tuple[str, int],
    source_label: str,
    lapse: str,
    person_responsible: User | None,
    by: User | None,
    district_id: int | None = None,
) -> Accountability | None:
    """Open a follow-up for a lapse; None if one is already open for this source."""
    if isinstance(source, tuple):
        source_type, source_id = source
    else:
        source_type, source_id = source._meta.label_lower, source.pk
    try:
        with transaction.atomic():
            followup = Accountability.objects.create(
                source_type=source_type,
                source_id=source_id,
                source_label=source_label[:200],
                lapse=lapse,
                person_responsible=person_responsible,
                unit=_handling_unit(),
                district_id=district_id,
                status="open",
            )
    except IntegrityError:
        return None
    case_start(process=ACCOUNTABILITY, case=followup, step="open", by=by)
    return followup


def accountability_open_for_missed_clock(*, clock: Clock) -> Accountability | None:
    local_due = timezone.localtime(clock.due_at)
    # The object's kind and number, never its name: a complaint's or a reporter's
    # name must not reach a list many people see.
    kind = registry.registered_targets().get(clock.target_type)
    about = f"{kind.verbose_name if kind else clock.target_type} #{clock.target_id}"
    return accountability_open(
        source=("casework.clock", clock.pk),
        source_label=f"{clock.label}超期（{about}）",
        lapse=f"“{clock.label}”应于{local_due:%Y-%m-%d %H:%M}前完成，实际超期完成。",
        person_responsible=clock.responsible,
        by=None,
        district_id=clock.district_id,
    )
