"""Reads of the emergencies module: staff reads scoped to the user's data scope,
public reads limited to published releases."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User
from ecobureau.casework import services as casework
from ecobureau.casework.models import Clock

from .models import Incident, OpinionEvent, Plan, Release, Report, Task

_NOTHING = Q(pk__in=[])


def _scope_q(user: User, perm: str) -> Q:
    if not user.is_authenticated or not user.is_active or not user.is_staff_member:
        return _NOTHING
    if not user.has_perm(perm):
        return _NOTHING
    return account_selectors.scope_q(user)


def incident_list_for_user(user: User, *, status: str = "") -> QuerySet[Incident]:
    qs = Incident.objects.filter(_scope_q(user, "emergencies.view_incident"))
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("district", "enterprise").order_by("-received_at", "-pk")


def incident_get_for_user(user: User, pk: int) -> Incident:
    return get_object_or_404(
        incident_list_for_user(user).select_related("unit", "assignee"), pk=pk
    )


def reports_of(incident: Incident) -> QuerySet[Report]:
    return incident.reports.select_related("clock", "submitted_by").order_by(
        "due_at", "pk"
    )


def report_get_for_user(user: User, pk: int) -> Report:
    incidents = incident_list_for_user(user).values("pk")
    return get_object_or_404(
        Report.objects.filter(incident_id__in=incidents).select_related(
            "incident", "clock"
        ),
        pk=pk,
    )


def task_get_for_user(user: User, pk: int) -> Task:
    incidents = incident_list_for_user(user).values("pk")
    return get_object_or_404(
        Task.objects.filter(incident_id__in=incidents).select_related("incident"),
        pk=pk,
    )


def release_get_for_user(user: User, pk: int) -> Release:
    incidents = incident_list_for_user(user).values("pk")
    return get_object_or_404(
        Release.objects.filter(incident_id__in=incidents).select_related("incident"),
        pk=pk,
    )


def overdue_reports_for_user(user: User) -> QuerySet[Report]:
    incidents = incident_list_for_user(user).values("pk")
    return (
        Report.objects.filter(
            incident_id__in=incidents,
            submitted_at__isnull=True,
            clock__state=Clock.State.OVERDUE,
        )
        .select_related("incident")
        .order_by("due_at")
    )


def clocks_of(target: Incident | OpinionEvent) -> QuerySet[Clock]:
    return casework.clocks_for(target).order_by("started_at", "pk")


def opinion_list_for_user(user: User, *, status: str = "") -> QuerySet[OpinionEvent]:
    qs = OpinionEvent.objects.filter(_scope_q(user, "emergencies.view_opinionevent"))
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("district", "enterprise").order_by("-discovered_at", "-pk")


def opinion_get_for_user(user: User, pk: int) -> OpinionEvent:
    return get_object_or_404(
        opinion_list_for_user(user).select_related("drafted_by", "reviewed_by"), pk=pk
    )


def plan_list_for_user(user: User) -> QuerySet[Plan]:
    """Plans of the user's district, and the city-wide ones (no district)."""
    if _scope_q(user, "emergencies.view_plan") == _NOTHING:
        return Plan.objects.none()
    q = account_selectors.scope_q(user, township=None, unit=None)
    if q != Q():  # (an empty Q would vanish from "q | …" and hide the city's plans)
        q = q | Q(district__isnull=True)
    return (
        Plan.objects.filter(q)
        .select_related("district", "enterprise")
        .order_by("holder_kind", "holder_name", "pk")
    )


def plan_get_for_user(user: User, pk: int) -> Plan:
    return get_object_or_404(plan_list_for_user(user), pk=pk)


# --- Public ---------------------------------------------------------------------


def release_list_public() -> QuerySet[Release]:
    """Only releases reviewed and published; nothing else of an incident."""
    return (
        Release.objects.filter(status=Release.Status.PUBLISHED)
        .select_related("incident")
        .order_by("-published_at", "-pk")
    )


def release_get_public(pk: int) -> Release:
    return get_object_or_404(release_list_public(), pk=pk)


def plans_for_incident(user: User, incident: Incident) -> QuerySet[Plan]:
    """The plans to hand during an incident: the enterprise's own, and the
    governments' and departments' plans of its district and of the city."""
    return plan_list_for_user(user).filter(
        Q(enterprise_id=incident.enterprise_id, enterprise__isnull=False)
        | (
            Q(holder_kind__in=[Plan.Holder.GOVERNMENT, Plan.Holder.DEPARTMENT])
            & (Q(district__isnull=True) | Q(district_id=incident.district_id))
        )
    )
