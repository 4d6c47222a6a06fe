"""挂牌督办 (A93): a superior authority lists a case for supervision (督办机关,
文号, 期限); a head in scope records the listing and, once the superior lifts it,
the lifting. Each write appends a record entry. The reads — the overdue list and
the public list without personal data — are in `selectors`."""

from __future__ import annotations

from datetime import date, time

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.core import records
from ecobureau.lib import dates

from .. import selectors
from ..models import EnforcementCase, ListedSupervision
from ..processes import CASE_DECIDERS
from .decision_common import _check_role
from .inspections import _text

DEADLINE_STEP = "supervision_deadline"
DEADLINE_LABEL = "挂牌督办期限"


def supervision_clock(item: ListedSupervision):  # type: ignore[no-untyped-def]
    return (
        casework_services.clocks_for(item)
        .filter(step=DEADLINE_STEP)
        .order_by("-pk")
        .first()
    )


def _check_head_in_scope(by: User, case: EnforcementCase) -> None:
    _check_role(by, CASE_DECIDERS, gettext_noop("登记挂牌督办"))
    if not selectors.case_list_for_user(by).filter(pk=case.pk).exists():
        raise PermissionDenied("该案件不在您的数据范围内。")


@transaction.atomic
def supervision_list(
    *,
    case: EnforcementCase,
    authority: str,
    reference: str,
    listed_on: date,
    deadline: date,
    matter: str,
    by: User,
) -> ListedSupervision:
    """Record that `authority` listed the case for supervision under `reference`."""
    _check_head_in_scope(by, case)
    today = dates.local_date(timezone.now())
    if listed_on > today:
        raise ValidationError("挂牌日期不能晚于今天。")
    if deadline < listed_on:
        raise ValidationError("督办期限不能早于挂牌日期。")
    reference = _text(reference, gettext_noop("督办文号"))
    if ListedSupervision.objects.filter(case=case, reference=reference).exists():
        raise ValidationError("该督办文号已登记。")
    item = ListedSupervision.objects.create(
        case=case,
        authority=_text(authority, gettext_noop("督办机关")),
        reference=reference,
        listed_on=listed_on,
        deadline=deadline,
        matter=_text(matter, gettext_noop("督办事项")),
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    # The superior's deadline as a clock: 督办期限 counted in calendar days from
    # the listing day (the start day itself is not counted, as clock_start does).
    casework_services.clock_start(
        target=item,
        step=DEADLINE_STEP,
        label=DEADLINE_LABEL,
        amount=(deadline - listed_on).days,
        unit="days",
        by=by,
        basis=f"{item.authority}{reference}",
        started_at=dates.local_datetime(listed_on, time(0, 0)),
        district=case.district,
    )
    records.append(
        action="enforcement.supervision_list",
        target=case,
        actor=by,
        after=item.status,
        data={
            "supervision": item.pk,
            "reference": reference,
            "deadline": deadline,
        },
    )
    return item


@transaction.atomic
def supervision_lift(
    *, supervision: ListedSupervision, lifted_on: date, note: str, by: User
) -> ListedSupervision:
    """The superior lifted the listing (解除督办) on `lifted_on`."""
    item = ListedSupervision.objects.select_for_update().get(pk=supervision.pk)
    _check_head_in_scope(by, item.case)
    if item.status != ListedSupervision.Status.LISTED:
        raise ValidationError("该督办已解除。")
    if lifted_on < item.listed_on or lifted_on > dates.local_date(timezone.now()):
        raise ValidationError("解除日期应在挂牌日期之后、今天之前。")
    item.status = ListedSupervision.Status.LIFTED
    item.lifted_on = lifted_on
    item.lift_note = _text(note, gettext_noop("办结情况"))
    item.lifted_by = by
    item.save(update_fields=["status", "lifted_on", "lift_note", "lifted_by"])
    clock = supervision_clock(item)
    if clock is not None and clock.is_open:
        casework_services.clock_stop(clock=clock, by=by)
    records.append(
        action="enforcement.supervision_lift",
        target=item.case,
        actor=by,
        before=ListedSupervision.Status.LISTED,
        after=item.status,
        data={"supervision": item.pk, "lifted_on": lifted_on},
    )
    return item
