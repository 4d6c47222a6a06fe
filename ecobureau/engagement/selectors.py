"""Reads of the engagement module: staff reads limited to the user's data scope, an
enterprise's reads limited to its own demands, public reads limited to the EIA
register and its published conduct records (no personal data)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Avg, Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User
from ecobureau.casework import services as casework
from ecobureau.casework.models import Clock
from ecobureau.enterprises import selectors as enterprise_selectors

from . import rules
from .models import (
    Commissioner,
    ConductRecord,
    Demand,
    EiaUnit,
    Participation,
    Supervisor,
    Visit,
)

_NOTHING = Q(pk__in=[])


def _staff_q(user: User, perm: str, **fields: str | None) -> Q:
    if not user.is_authenticated or not user.is_active or not user.is_staff_member:
        return _NOTHING
    if not user.has_perm(perm):
        return _NOTHING
    return account_selectors.scope_q(user, **fields)


# --- Demands ------------------------------------------------------------------------


def demand_list_for_user(user: User, *, status: str = "") -> QuerySet[Demand]:
    """Staff: demands in their data scope. An enterprise account: its own only.
    Green-channel (key enterprise) demands first, then the oldest."""
    if user.is_authenticated and user.kind == User.Kind.ENTERPRISE:
        own = enterprise_selectors.enterprise_for_account(user)
        qs = (
            Demand.objects.filter(enterprise=own)
            if own is not None
            else Demand.objects.none()
        )
    else:
        qs = Demand.objects.filter(_staff_q(user, "engagement.view_demand"))
    if status:
        qs = qs.filter(status=status)
    return qs.select_related("enterprise", "unit", "assignee").order_by(
        "-green_channel", "-filed_at", "-pk"
    )


def demand_get_for_user(user: User, pk: int) -> Demand:
    return get_object_or_404(demand_list_for_user(user), pk=pk)


def clocks_of(target: object) -> QuerySet[Clock]:
    return casework.clocks_for(target).order_by("started_at")  # type: ignore[arg-type]


@dataclass(frozen=True)
class SatisfactionRow:
    label: str
    answered: int
    rated: int
    satisfied: int
    average: float | None

    @property
    def rate(self) -> str:
        if not self.rated:
            return "—"
        return f"{100 * self.satisfied / self.rated:.1f}%"


def satisfaction_for_user(user: User) -> list[SatisfactionRow]:
    """Per handling unit: answered demands, how many were rated, how many rated
    satisfied (基本满意 or better), the average rating; and a total row."""
    qs = demand_list_for_user(user).filter(answered_at__isnull=False).order_by()
    satisfied_q = Q(rating__gte=rules.SATISFIED_FROM)
    rows = (
        qs.values("unit__name")
        .annotate(
            answered=Count("pk"),
            rated=Count("pk", filter=Q(rating__isnull=False)),
            n_satisfied=Count("pk", filter=satisfied_q),
            average=Avg("rating"),
        )
        .order_by("unit__name")
    )
    result = [
        SatisfactionRow(
            row["unit__name"] or "未分派",
            row["answered"],
            row["rated"],
            row["n_satisfied"],
            row["average"],
        )
        for row in rows
    ]
    total = qs.aggregate(
        answered=Count("pk"),
        rated=Count("pk", filter=Q(rating__isnull=False)),
        n_satisfied=Count("pk", filter=satisfied_q),
        average=Avg("rating"),
    )
    result.append(
        SatisfactionRow(
            "合计",
            total["answered"],
            total["rated"],
            total["n_satisfied"],
            total["average"],
        )
    )
    return result


# --- Commissioners and visits -------------------------------------------------------


def commissioner_list_for_user(
    user: User, *, active_only: bool = True
) -> QuerySet[Commissioner]:
    qs = Commissioner.objects.filter(
        _staff_q(user, "engagement.view_commissioner", township=None, unit=None)
    )
    if active_only:
        qs = qs.filter(ended_on__isnull=True)
    return qs.select_related("enterprise", "commissioner").order_by(
        "enterprise__name", "-started_on"
    )


def commissioner_history(user: User, enterprise_id: int) -> QuerySet[Commissioner]:
    return commissioner_list_for_user(user, active_only=False).filter(
        enterprise_id=enterprise_id
    )


def commissioner_get_for_user(user: User, pk: int) -> Commissioner:
    return get_object_or_404(commissioner_list_for_user(user), pk=pk)


def visit_list_for_user(user: User, *, kind: str = "") -> QuerySet[Visit]:
    qs = Visit.objects.filter(_staff_q(user, "engagement.view_visit", township=None))
    if kind:
        qs = qs.filter(kind=kind)
    return qs.select_related("enterprise", "visitor").order_by("-visited_on", "-pk")


def visits_by_month_for_user(user: User) -> list[tuple[str, int]]:
    """Visits per month (百名干部进千家企业 is logged monthly, A69)."""
    counts: dict[str, int] = {}
    for visited_on in visit_list_for_user(user).values_list("visited_on", flat=True):
        key = visited_on.strftime("%Y-%m")
        counts[key] = counts.get(key, 0) + 1
    return sorted(counts.items(), reverse=True)


# --- EIA intermediaries -------------------------------------------------------------


def eia_unit_list_for_user(user: User) -> QuerySet[EiaUnit]:
    if not (
        user.is_authenticated
        and user.is_staff_member
        and user.has_perm("engagement.view_eiaunit")
    ):
        return EiaUnit.objects.none()
    return EiaUnit.objects.annotate(
        open_records=Count(
            "conduct_records",
            filter=Q(conduct_records__status=ConductRecord.Status.REGISTERED),
        )
    ).order_by("name")


def eia_unit_get_for_user(user: User, pk: int) -> EiaUnit:
    return get_object_or_404(eia_unit_list_for_user(user), pk=pk)


def conduct_records_of(unit: EiaUnit) -> QuerySet[ConductRecord]:
    return unit.conduct_records.prefetch_related("consequences").order_by(
        "-occurred_on", "-pk"
    )


def conduct_get_for_user(user: User, pk: int) -> ConductRecord:
    return get_object_or_404(
        ConductRecord.objects.filter(unit__in=eia_unit_list_for_user(user)), pk=pk
    )


def eia_unit_list_public() -> QuerySet[EiaUnit]:
    """The public register: name, credit code and services only (the page shows
    no staff and no contact details)."""
    return EiaUnit.objects.only(
        "name",
        "credit_code",
        "does_project_reports",
        "does_plan_reports",
        "does_post_evaluation",
    ).order_by("name")


def conduct_list_public() -> QuerySet[ConductRecord]:
    return (
        ConductRecord.objects.filter(status=ConductRecord.Status.PUBLISHED)
        .select_related("unit")
        .prefetch_related("consequences")
        .order_by("-published_at", "-pk")
    )


# --- Supervisors --------------------------------------------------------------------


def supervisor_list_for_user(user: User, *, group: str = "") -> QuerySet[Supervisor]:
    if not (
        user.is_authenticated
        and user.is_staff_member
        and user.has_perm("engagement.view_supervisor")
    ):
        return Supervisor.objects.none()
    qs = Supervisor.objects.annotate(taken_part=Count("participations"))
    if group:
        qs = qs.filter(group=group)
    return qs.order_by("group", "left_on", "name")


def supervisor_get_for_user(user: User, pk: int) -> Supervisor:
    return get_object_or_404(supervisor_list_for_user(user), pk=pk)


def participations_of(supervisor: Supervisor) -> QuerySet[Participation]:
    return supervisor.participations.order_by("-held_on", "-pk")


def participation_counts_for_user(user: User, *, year: int) -> dict[str, int]:
    """Person-times per group in a year (seed 004: "共计66人次")."""
    rows = (
        Participation.objects.filter(
            supervisor__in=supervisor_list_for_user(user), held_on__year=year
        )
        .values("supervisor__group")
        .annotate(n=Count("pk"))
        .order_by()
    )
    labels = dict(Supervisor.Group.choices)
    return {labels[row["supervisor__group"]]: row["n"] for row in rows}
