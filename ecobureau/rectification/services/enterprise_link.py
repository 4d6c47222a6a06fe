"""The enterprise a task or a petition case concerns, set or changed after entry
(issue 11 item 3): by the city office (市督改办, `manage_ledger`) or by the item's
responsible unit (承办单位: a handler whose unit is the item's unit), within the
author's enterprise scope, recorded with the enterprise ids before and after."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.enterprises.models import Enterprise

from ..models import PetitionCase, RectificationTask
from ._common import _enterprise_check


def enterprise_link_allowed(by: User, item: RectificationTask | PetitionCase) -> bool:
    """The city office, or a handler of the item's 承办单位."""
    if by.is_superuser or by.has_perm("rectification.manage_ledger"):
        return True
    return (
        by.has_perm("rectification.handle_rectification")
        and item.unit_id is not None
        and by.unit_id == item.unit_id
    )


def _enterprise_set(
    *,
    by: User,
    item: RectificationTask | PetitionCase,
    enterprise: Enterprise | None,
    action: str,
) -> None:
    if not enterprise_link_allowed(by, item):
        raise PermissionDenied("只有承办单位或市督改办可以修改涉及企业。")
    before = item.enterprise_id
    after = enterprise.pk if enterprise is not None else None
    if before == after:
        raise ValidationError("涉及企业没有变化。")
    _enterprise_check(by, enterprise)
    item.enterprise = enterprise
    item.save(update_fields=["enterprise", "updated_at"])
    records.append(
        action=action,
        target=item,
        actor=by,
        before={"enterprise": before},
        after={"enterprise": after},
    )


@transaction.atomic
def task_enterprise_set(
    *, by: User, task: RectificationTask, enterprise: Enterprise | None
) -> RectificationTask:
    """Set, change or clear (None) the enterprise a task concerns."""
    task = RectificationTask.objects.select_for_update().get(pk=task.pk)
    _enterprise_set(
        by=by, item=task, enterprise=enterprise, action="rectification.task_enterprise"
    )
    return task


@transaction.atomic
def petition_enterprise_set(
    *, by: User, case: PetitionCase, enterprise: Enterprise | None
) -> PetitionCase:
    """Set, change or clear (None) the enterprise a petition case concerns."""
    case = PetitionCase.objects.select_for_update().get(pk=case.pk)
    _enterprise_set(
        by=by, item=case, enterprise=enterprise, action="rectification.case_enterprise"
    )
    return case
