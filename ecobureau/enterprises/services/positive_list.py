"""The enforcement positive list (监督执法正面清单): additions and removals, each
with its date and reason, each recorded (requirements A73, E13; seed 000 与企业互动
(十) "适时调整监督执法正面清单"; seed 004 "正面清单企业由88家增至98家，并进行动态调整")."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.enterprises import selectors
from ecobureau.enterprises.models import Enterprise, PositiveListEntry
from ecobureau.lib.dates import local_date


def _check(by: User, enterprise: Enterprise, reason: str) -> str:
    if not by.has_perm("enterprises.manage_positive_list"):
        raise PermissionDenied("只有执法机构负责人可以调整正面清单。")
    if not selectors.enterprise_list_for_user(by).filter(pk=enterprise.pk).exists():
        raise PermissionDenied("该企业不在您的数据范围内。")
    reason = reason.strip()
    if not reason:
        raise ValidationError("调整正面清单必须说明理由。")
    return reason


@transaction.atomic
def positive_list_add(
    *, enterprise: Enterprise, reason: str, by: User, on: date | None = None
) -> PositiveListEntry:
    """Put an enterprise on the positive list from `on` (default today)."""
    reason = _check(by, enterprise, reason)
    on = on or local_date(timezone.now())
    try:
        with transaction.atomic():
            entry = PositiveListEntry.objects.create(
                enterprise=enterprise, added_on=on, added_reason=reason, added_by=by
            )
    except IntegrityError:
        raise ValidationError("该企业已在正面清单中。") from None
    records.append(
        action="enterprise.positive_list_add",
        target=enterprise,
        actor=by,
        after={"on": on, "entry": entry.pk},
        data={"reason": reason},
    )
    return entry


@transaction.atomic
def positive_list_remove(
    *, enterprise: Enterprise, reason: str, by: User, on: date | None = None
) -> PositiveListEntry:
    """Take an enterprise off the positive list from `on` (default today)."""
    reason = _check(by, enterprise, reason)
    on = on or local_date(timezone.now())
    entry = PositiveListEntry.objects.filter(
        enterprise=enterprise, removed_on__isnull=True
    ).first()
    if entry is None:
        raise ValidationError("该企业不在正面清单中。")
    if on < entry.added_on:
        raise ValidationError("移出日期不能早于列入日期。")
    claimed = PositiveListEntry.objects.filter(
        pk=entry.pk, removed_on__isnull=True
    ).update(removed_on=on, removed_reason=reason, removed_by=by)
    if not claimed:
        raise ValidationError("该记录刚被他人修改，请刷新后重试。")
    entry.refresh_from_db()
    records.append(
        action="enterprise.positive_list_remove",
        target=enterprise,
        actor=by,
        after={"on": on, "entry": entry.pk},
        data={"reason": reason},
    )
    return entry
