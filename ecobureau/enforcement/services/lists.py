"""The "four lists" (四个清单; seed 004 "严格执行《不予行政处罚清单》等“四个清单”";
requirements E11).

The seeds name only the 不予行政处罚清单 (the minor-violation list, services/minor.py).
The other three lists are configurable (`EnforcementList`): their names and
entries come from the bureau's own documents (shipped as 示例配置，需按局文件核定,
with no entries). Authorised staff (the heads) edit entries with effective
dates; every change is recorded. On a case, an officer proposes that an entry
in force applies; a head decides; both are recorded (a match only proposes).
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.lib import dates

from .. import selectors
from ..models import EnforcementCase, EnforcementList, ListCheck, ListEntry
from .inspections import _text


def may_edit(user: User) -> bool:
    """The heads (enforcement, sub-bureau, bureau) keep the lists."""
    return user.is_superuser or selectors.is_head(user)


def _require_editor(by: User) -> None:
    if not may_edit(by):
        raise PermissionDenied("只有负责人可以维护执法清单。")


def _check_dates(effective_from: date | None, effective_to: date | None) -> date:
    if effective_from is None:
        raise ValidationError("请填写生效日期。")
    if effective_to is not None and effective_to < effective_from:
        raise ValidationError("失效日期不能早于生效日期。")
    return effective_from


def _snapshot(entry: ListEntry) -> dict[str, object]:
    return {
        "title": entry.title,
        "conditions": entry.conditions,
        "basis": entry.basis,
        "effective_from": entry.effective_from,
        "effective_to": entry.effective_to,
    }


@transaction.atomic
def list_rename(
    *, item: EnforcementList, name: str, description: str, by: User
) -> EnforcementList:
    """The bureau names its list after its own document."""
    _require_editor(by)
    before = {"name": item.name, "description": item.description}
    item.name = _text(name, gettext_noop("清单名称"))
    item.description = description.strip()
    item.save()
    records.append(
        action="enforcement.list_rename",
        target=item,
        actor=by,
        before=before,
        after={"name": item.name, "description": item.description},
    )
    return item


@transaction.atomic
def entry_save(
    *,
    item: EnforcementList,
    title: str,
    conditions: str,
    basis: str,
    effective_from: date | None,
    by: User,
    effective_to: date | None = None,
    entry: ListEntry | None = None,
) -> ListEntry:
    """Add an entry, or change one; the record keeps what it was before."""
    _require_editor(by)
    start = _check_dates(effective_from, effective_to)
    values = {
        "title": _text(title, gettext_noop("事项")),
        "conditions": _text(conditions, gettext_noop("适用条件")),
        "basis": _text(basis, gettext_noop("依据（局文件及条款）")),
        "effective_from": start,
        "effective_to": effective_to,
    }
    if entry is None:
        entry = ListEntry.objects.create(
            list=item, created_by=by, updated_by=by, **values
        )
        before = None
    else:
        if entry.list_id != item.pk:
            raise ValidationError("条目不属于该清单。")
        before = _snapshot(entry)
        for name, value in values.items():
            setattr(entry, name, value)
        entry.updated_by = by
        entry.save()
    records.append(
        action="enforcement.list_entry_save",
        target=item,
        actor=by,
        before=before,
        after={"entry": entry.pk, **_snapshot(entry)},
    )
    return entry


def entries_in_force(day: date | None = None) -> list[ListEntry]:
    """Entries of active configurable lists in force on `day` (default today)."""
    day = day or dates.local_date(timezone.now())
    return list(
        ListEntry.objects.filter(list__active=True, effective_from__lte=day)
        .exclude(effective_to__lt=day)
        .select_related("list")
        .order_by("list__order", "effective_from", "pk")
    )


@transaction.atomic
def list_check_propose(
    *, case: EnforcementCase, entry: ListEntry, facts: str, by: User
) -> ListCheck:
    """A case officer proposes that an entry applies, with the facts."""
    if not selectors.is_officer_of_case(by, case):
        raise PermissionDenied("您不是本案的承办人员。")
    if case.status not in ("investigating", "investigated"):
        raise ValidationError("立案后、作出处理决定前方可核对清单。")
    if entry.pk not in {e.pk for e in entries_in_force()}:
        raise ValidationError("该清单条目当前不在有效期内。")
    check = ListCheck.objects.create(
        case=case,
        entry=entry,
        facts=_text(facts, gettext_noop("符合条件的事实")),
        proposed_by=by,
        proposed_at=timezone.now(),
    )
    records.append(
        action="enforcement.list_check_propose",
        target=case,
        actor=by,
        data={"check": check.pk, "list": entry.list.name, "entry": entry.pk},
    )
    return check


@transaction.atomic
def list_check_decide(
    *, check: ListCheck, decision: str, opinion: str, by: User
) -> ListCheck:
    """A head decides whether the entry applies (a match only proposes)."""
    check = ListCheck.objects.select_for_update().get(pk=check.pk)
    case = check.case
    if not selectors.is_head(by):
        raise PermissionDenied("须由负责人决定。")
    if not selectors.case_list_for_user(by).filter(pk=case.pk).exists():
        raise PermissionDenied("该案件不在您的数据范围内。")
    if check.decision:
        raise ValidationError("已作出决定。")
    if decision not in ListCheck.Decision.values:
        raise ValidationError("请选择决定。")
    check.decision = decision
    check.opinion = _text(opinion, gettext_noop("负责人意见"))
    check.decided_by = by
    check.decided_at = timezone.now()
    check.save()
    records.append(
        action="enforcement.list_check_decide",
        target=case,
        actor=by,
        data={"check": check.pk, "decision": decision},
    )
    return check
