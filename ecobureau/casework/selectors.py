"""Reads of the casework core: the workbench, clocks, histories, follow-ups."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.db import models
from django.db.models import Count, F, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext_noop

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User
from ecobureau.accounts.roles import HEAD_ROLES
from ecobureau.core import records
from ecobureau.core.models import Record

from . import registry
from .models import Accountability, Approval, Clock, WorkItem, WorkItemTally

WORKBENCH_PAGE_SIZE = 50


URGENT_FIRST = (F("urgency").desc(), "undated", "due_at", "pk")


def workitem_list_for_user(user: User, *, view: str = "mine") -> QuerySet[WorkItem]:
    """Open items, most urgent first.

    `mine`: assigned to me, or to my unit with no assignee yet.
    `scope`: every open item in my data scope (leaders watching their area).
    """
    return _workitem_querysets(user, view=view)[0]


def _workitem_querysets(user: User, *, view: str) -> list[QuerySet[WorkItem]]:
    """The whole list first, then disjoint parts each served by one index."""
    items = WorkItem.objects.filter(state=WorkItem.State.OPEN)
    if view == "scope":
        scoped = items.filter(account_selectors.scope_q(user)).order_by(*URGENT_FIRST)
        return [scoped, scoped]
    mine = items.filter(assignee=user)
    parts = [mine]
    whole = Q(assignee=user)
    if user.unit_id is not None:
        parts.append(items.filter(assignee__isnull=True, unit_id=user.unit_id))
        whole |= Q(assignee__isnull=True, unit_id=user.unit_id)
    return [
        items.filter(whole).order_by(*URGENT_FIRST),
        *(p.order_by(*URGENT_FIRST) for p in parts),
    ]


@dataclass(frozen=True)
class WorkbenchPage:
    items: list[WorkItem]
    total: int
    counts: dict[int, int]  # urgency → number of items

    @property
    def overdue(self) -> int:
        return self.counts.get(WorkItem.Urgency.OVERDUE, 0)

    @property
    def due_soon(self) -> int:
        return self.counts.get(WorkItem.Urgency.DUE_SOON, 0)


def workbench_page(user: User, *, view: str, offset: int = 0) -> WorkbenchPage:
    """The most urgent items and the totals, in a fixed number of queries.

    "Mine" is two disjoint lists (my items; my unit's pool), each read along its own
    partial index and merged here: one OR query would sort every match instead.
    """
    _whole, *parts = _workitem_querysets(user, view=view)
    end = offset + WORKBENCH_PAGE_SIZE
    rows: list[WorkItem] = []
    for part in parts:
        rows += part.select_related("assignee", "unit")[:end]
    rows.sort(key=_urgency_key)
    page = rows[offset:end]
    labels = {
        label: target.verbose_name
        for label, target in registry.registered_targets().items()
    }
    for item in page:
        item.kind_label = labels.get(item.target_type, item.kind)  # type: ignore[attr-defined]
    counts = _tallied_counts(user) if view == "scope" else None
    if counts is None:
        counts = {}
        for part in parts:
            for urgency, n in _urgency_counts(part).items():
                counts[urgency] = counts.get(urgency, 0) + n
    return WorkbenchPage(items=page, total=sum(counts.values()), counts=counts)


def _urgency_key(item: WorkItem) -> tuple[int, bool, datetime, int]:
    due = item.due_at or datetime.max.replace(tzinfo=UTC)
    return (-item.urgency, item.due_at is None, due, item.pk)


def _urgency_counts(items: QuerySet[WorkItem]) -> dict[int, int]:
    # COUNT(*) (not COUNT(id)) lets PostgreSQL answer from the partial indexes alone.
    rows = items.order_by().values_list("urgency").annotate(n=Count("*"))
    return dict(rows)


def _tallied_counts(user: User) -> dict[int, int] | None:
    """Open items by urgency for a city-wide or district scope, from the tally the
    triggers keep (a few dozen rows instead of up to a million). None for scopes
    the tally does not cover (a township, a unit, one person)."""
    if user.is_superuser or user.scope == User.Scope.CITY:
        tallies = WorkItemTally.objects.all()
    elif (
        user.scope == User.Scope.DIVISION
        and user.scope_division is not None
        and user.scope_division.level <= 2
    ):
        tallies = WorkItemTally.objects.all()
        if user.scope_division.level == 2:
            tallies = tallies.filter(district_key=user.scope_division.pk)
    else:
        return None
    rows = tallies.values_list("urgency").annotate(n=Sum("n"))
    return {urgency: n for urgency, n in rows if n}


def clock_get_for_user(user: User, pk: int) -> Clock:
    """A clock, if the user may see the object it runs on (else 404)."""
    clock = get_object_or_404(
        Clock.objects.select_related(
            "responsible", "responsible_unit"
        ).prefetch_related("pauses", "extensions__approved_by"),
        pk=pk,
    )
    registry.target_get_for_user(user, clock.target_type, clock.target_id)
    return clock


def may_approve_extension(user: User, clock: Clock) -> bool:
    """Extensions are approved by a head of the responsible unit, or a bureau leader."""
    held = set(user.roles.values_list("code", flat=True))
    if "bureau_leader" in held or user.is_superuser:
        return True
    return bool(held & HEAD_ROLES) and user.unit_id == clock.responsible_unit_id


def provisional_clocks() -> QuerySet[Clock]:
    """Open clocks computed on a year whose official calendar is not yet known."""
    return (
        Clock.objects.filter(provisional=True, state__in=Clock.OPEN_STATES)
        .select_related("responsible", "responsible_unit")
        .order_by("due_at")
    )


# --- History from the record ------------------------------------------------------


@dataclass(frozen=True)
class HistoryEntry:
    seq: int
    at: datetime
    actor: str
    action: str
    data: dict[str, Any]


# Marked for the history page, which shows them in the reader's language.
ACTION_LABELS = {
    "clock.start": gettext_noop("开始计时"),
    "clock.pause": gettext_noop("暂停计时"),
    "clock.resume": gettext_noop("恢复计时"),
    "clock.extend": gettext_noop("延长时限"),
    "clock.stop": gettext_noop("时限结束"),
    "clock.cancel": gettext_noop("撤销时限"),
    "clock.due_soon": gettext_noop("临期提醒"),
    "clock.overdue": gettext_noop("超期"),
    "clock.recompute": gettext_noop("重新计算期限"),
    "attachment.add": gettext_noop("上传附件"),
    "document.issue": gettext_noop("制作文书"),
    "confidential.view": gettext_noop("查看涉密信息"),
    "approval.propose": gettext_noop("提请审批"),
    "approval.review": gettext_noop("审核"),
    "approval.approve": gettext_noop("批准"),
    "approval.reject": gettext_noop("不予批准"),
    "approval.return": gettext_noop("退回承办人"),
    "casework.recordingcorrection.create": gettext_noop("责令限期整改"),
    "casework.recordingcorrection.respond": gettext_noop("报送整改情况"),
    "casework.recordingcorrection.accept": gettext_noop("验收通过"),
    "casework.recordingcorrection.return": gettext_noop("退回重新整改"),
    "casework.recordingcorrection.withdraw": gettext_noop("撤销整改"),
}


def history_for(
    target: Any, labels: Mapping[str, str] | None = None
) -> list[HistoryEntry]:
    """The case history from the whole-process record, with staff names.

    Public users (enterprises, citizens) acting on their own cases appear by their
    role, never by name, as the record itself holds only ids. A module names its own
    record actions in words with `labels`; casework's own actions are named here.
    """
    entries = list(records.history(target))
    names = _actor_names({entry.actor_id for entry in entries if entry.actor_id})
    return [_history_entry(entry, names, labels or {}) for entry in entries]


def _actor_names(ids: set[int]) -> dict[int, str]:
    names = {}
    for pk, kind, full_name, username in User.objects.filter(pk__in=ids).values_list(
        "pk", "kind", "full_name", "username"
    ):
        if kind in (User.Kind.ENTERPRISE, User.Kind.CITIZEN):
            names[pk] = (
                gettext_noop("申请人/企业")
                if kind == User.Kind.ENTERPRISE
                else gettext_noop("公众")
            )
        else:
            names[pk] = full_name or username
    return names


def _history_entry(
    entry: Record, names: dict[int, str], labels: Mapping[str, str]
) -> HistoryEntry:
    payload = records.payload_of(entry)
    system = gettext_noop("系统")
    actor = names.get(entry.actor_id, system) if entry.actor_id else system
    label = labels.get(entry.action) or ACTION_LABELS.get(entry.action, entry.action)
    return HistoryEntry(entry.seq, entry.at, actor, label, payload.get("data", {}))


# --- Accountability ---------------------------------------------------------------


def accountability_list_for_user(user: User) -> QuerySet[Accountability]:
    followups = Accountability.objects.select_related(
        "person_responsible", "unit", "district"
    )
    if user.has_perm("casework.manage_accountability"):
        return followups.filter(account_selectors.scope_q(user))
    # Everyone sees the follow-ups that name them.
    return followups.filter(person_responsible=user)


def accountability_get_for_user(user: User, pk: int) -> Accountability:
    return get_object_or_404(accountability_list_for_user(user), pk=pk)


# --- Internal approvals (全过程记录实施办法 第三十八条, requirements A49) ------------


def approval_get_for_user(user: User, pk: int) -> Approval:
    """An approval, if the user may see the object it is about (else 404)."""
    approval = get_object_or_404(
        Approval.objects.select_related(
            "unit", "handler", "reviewer", "approver", "previous"
        ),
        pk=pk,
    )
    registry.target_get_for_user(user, approval.target_type, approval.target_id)
    return approval


def approval_list_for_target(target: models.Model) -> QuerySet[Approval]:
    """Approvals about an object the caller has already fetched for the user."""
    return Approval.objects.filter(
        target_type=target._meta.label_lower, target_id=target.pk
    ).select_related("unit", "handler", "reviewer", "approver")


@dataclass(frozen=True)
class ApprovalPanel:
    """One approval as `casework/_approval.html` shows it to one person: what they
    may do with it, and (after a refused form) the errors and what they typed."""

    approval: Approval
    may_review: bool
    may_decide: bool
    may_resubmit: bool
    errors: tuple[str, ...] = ()
    values: Mapping[str, str] = field(default_factory=dict)


def approval_panels_for_target(user: User, target: models.Model) -> list[ApprovalPanel]:
    """The approvals of an object (already fetched for the user), newest first,
    for the approval partial of the object's page."""
    approvals = list(approval_list_for_target(target))
    held = _role_codes(user)
    resubmitted = {a.previous_id for a in approvals if a.previous_id}
    return [
        _approval_panel(user, approval, held, resubmitted) for approval in approvals
    ]


def approval_panel(user: User, approval: Approval) -> ApprovalPanel:
    resubmitted = (
        {approval.pk} if Approval.objects.filter(previous=approval).exists() else set()
    )
    return _approval_panel(user, approval, _role_codes(user), resubmitted)


def _approval_panel(
    user: User, approval: Approval, held: set[str], resubmitted: set[int]
) -> ApprovalPanel:
    status = Approval.Status
    others = user.pk not in (approval.handler_id, approval.reviewer_id)
    return ApprovalPanel(
        approval=approval,
        may_review=approval.status == status.PROPOSED
        and user.pk != approval.handler_id
        and _holds(user, held, approval.review_roles()),
        may_decide=approval.status == status.REVIEWED
        and others
        and _holds(user, held, approval.decide_roles()),
        may_resubmit=approval.status == status.RETURNED
        and user.pk == approval.handler_id
        and approval.pk not in resubmitted,
    )


def _role_codes(user: User) -> set[str]:
    return set(user.roles.values_list("code", flat=True))


def _holds(user: User, held: set[str], roles: frozenset[str]) -> bool:
    return user.is_staff_member and (user.is_superuser or bool(held & roles))


# Recordings (requirements A48): the legal section's report and correction orders.
from .selectors_recordings import (  # noqa: E402
    recording_findings_by_unit as recording_findings_by_unit,
)
