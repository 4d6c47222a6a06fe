"""Reads of projects, meetings, campaigns, reviews, schemes, evaluations and 督办."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from ecobureau.accounts.models import User
from ecobureau.enterprises.models import Enterprise

from ..models import (
    Campaign,
    CellEvaluation,
    GridCell,
    GridMember,
    ImplementationScheme,
    InspectionTask,
    JointMeeting,
    JointReview,
    Patrol,
    Problem,
    Project,
    ResponsibilityLetter,
    SupervisionItem,
    Training,
    Transfer,
)
from ._common import _scope, _staff_with, today
from .cells import cell_list_for_user, current_members
from .planning import task_list_for_user

# --- Projects and coordination -------------------------------------------------------


def project_list_for_user(user: User) -> QuerySet[Project]:
    if not _staff_with(user, "grid.view_project"):
        return Project.objects.none()
    return (
        Project.objects.filter(_scope(user, owner="officer"))
        .select_related("enterprise", "officer", "district")
        .order_by("phase", "next_check_due", "pk")
    )


def project_get_for_user(user: User, pk: int) -> Project:
    return get_object_or_404(project_list_for_user(user), pk=pk)


@dataclass(frozen=True)
class ProjectRates:
    tracked: int
    on_schedule: int
    due_acceptance: int
    accepted: int

    @property
    def execution_rate(self) -> Decimal | None:
        """三同时执行率: tracked projects with no report or check overdue."""
        if not self.tracked:
            return None
        return (Decimal(self.on_schedule) * 100 / self.tracked).quantize(Decimal("0.1"))

    @property
    def acceptance_rate(self) -> Decimal | None:
        """三同时验收率: accepted among projects that reached trial production."""
        if not self.due_acceptance:
            return None
        return (Decimal(self.accepted) * 100 / self.due_acceptance).quantize(
            Decimal("0.1")
        )


def project_rates(user: User) -> ProjectRates:
    projects = list(
        project_list_for_user(user).values_list(
            "phase", "next_report_due", "next_check_due", "next_supervision_due"
        )
    )
    now = today()
    tracked = on_schedule = due_acceptance = accepted = 0
    for phase, *dues in projects:
        if phase == Project.Phase.ACCEPTED:
            accepted += 1
            due_acceptance += 1
            continue
        tracked += 1
        if phase == Project.Phase.TRIAL:
            due_acceptance += 1
        if all(due is None or due >= now for due in dues):
            on_schedule += 1
    return ProjectRates(tracked, on_schedule, due_acceptance, accepted)


def meeting_list_for_user(user: User) -> QuerySet[JointMeeting]:
    if not _staff_with(user, "grid.view_jointmeeting"):
        return JointMeeting.objects.none()
    return (
        JointMeeting.objects.filter(_scope(user))
        .select_related("cell")
        .prefetch_related("tasks__unit")
        .order_by("-scheduled_on", "-pk")
    )


def meeting_get_for_user(user: User, pk: int) -> JointMeeting:
    return get_object_or_404(meeting_list_for_user(user), pk=pk)


def next_meeting_due(cell: GridCell) -> date | None:
    """Six months after the last meeting held (seed 002 六(二)2 "原则上每半年召开一次")."""
    last = (
        JointMeeting.objects.filter(cell=cell, held_on__isnull=False)
        .order_by("-held_on")
        .values_list("held_on", flat=True)
        .first()
    )
    if last is None:
        return None
    month = last.month + 6
    year = last.year + (month - 1) // 12
    month = (month - 1) % 12 + 1
    day = min(last.day, 28)
    return date(year, month, day)


def campaign_list_for_user(user: User) -> QuerySet[Campaign]:
    if not _staff_with(user, "grid.view_campaign"):
        return Campaign.objects.none()
    return (
        Campaign.objects.filter(_scope(user))
        .select_related("cell")
        .prefetch_related("departments")
        .order_by("-starts_on", "-pk")
    )


def campaign_get_for_user(user: User, pk: int) -> Campaign:
    return get_object_or_404(campaign_list_for_user(user), pk=pk)


def campaign_tasks(user: User, campaign: Campaign) -> QuerySet[InspectionTask]:
    """The checks planned under a campaign (C24), as far as the user may see them."""
    return (
        task_list_for_user(user)
        .filter(source_type="grid.campaign", source_id=str(campaign.pk))
        .prefetch_related("inspectors")
        .order_by("due_by", "pk")
    )


def campaign_task_figures(campaign: Campaign) -> dict[str, int]:
    """Counts of a campaign's checks, whoever looks (for its results)."""
    tasks = InspectionTask.objects.filter(
        source_type="grid.campaign", source_id=str(campaign.pk)
    )
    counts = dict(
        tasks.values_list("status").annotate(n=Count("pk")).values_list("status", "n")
    )
    return {
        "planned": sum(counts.values())
        - counts.get(InspectionTask.Status.CANCELLED, 0),
        "done": counts.get(InspectionTask.Status.DONE, 0),
        "open": counts.get(InspectionTask.Status.PLANNED, 0),
        "overdue": tasks.filter(
            status=InspectionTask.Status.PLANNED, due_by__lt=today()
        ).count(),
    }


def review_list_for_user(user: User) -> QuerySet[JointReview]:
    """Joint reviews of major projects (C25) in the user's scope."""
    if not _staff_with(user, "grid.view_jointreview"):
        return JointReview.objects.none()
    return (
        JointReview.objects.filter(_scope(user))
        .select_related("cell", "enterprise")
        .order_by("-reviewed_on", "-pk")
    )


def review_get_for_user(user: User, pk: int) -> JointReview:
    return get_object_or_404(review_list_for_user(user), pk=pk)


def scheme_list_for_user(user: User) -> QuerySet[ImplementationScheme]:
    """Implementation schemes (C29) the user may see: those filed by a cell of
    their scope, and those filed with a cell of their scope (the level above)."""
    if not _staff_with(user, "grid.view_gridcell"):
        return ImplementationScheme.objects.none()
    own = cell_list_for_user(user)
    return (
        ImplementationScheme.objects.filter(Q(cell__in=own) | Q(filed_with__in=own))
        .select_related("cell", "filed_with", "attachment")
        .order_by("-filed_on", "-pk")
    )


def scheme_get_for_user(user: User, pk: int) -> ImplementationScheme:
    return get_object_or_404(scheme_list_for_user(user), pk=pk)


def scheme_list_public(q: str = "") -> QuerySet[ImplementationScheme]:
    """Published schemes (filed, accepted, not confidential), newest first; `q`
    finds one by part of its title or of the filing or receiving cell's name."""
    schemes = ImplementationScheme.objects.filter(
        published_at__isnull=False,
        status=ImplementationScheme.Status.ACCEPTED,
        attachment__confidential=False,
    )
    if q := q.strip():
        schemes = schemes.filter(
            Q(title__icontains=q)
            | Q(cell__name__icontains=q)
            | Q(filed_with__name__icontains=q)
        )
    return schemes.select_related("cell", "filed_with", "attachment").order_by(
        "-published_at", "-pk"
    )


def scheme_get_public(pk: int) -> ImplementationScheme:
    return get_object_or_404(scheme_list_public(), pk=pk)


def reviews_of_enterprise(user: User, enterprise: Enterprise) -> QuerySet[JointReview]:
    return review_list_for_user(user).filter(enterprise=enterprise)


def trainings_for_cell(cell: GridCell) -> QuerySet[Training]:
    return Training.objects.filter(cell=cell).prefetch_related("attendees")


def evaluation_list_for_user(user: User) -> QuerySet[CellEvaluation]:
    if not _staff_with(user, "grid.view_cellevaluation"):
        return CellEvaluation.objects.none()
    return (
        CellEvaluation.objects.filter(cell__in=cell_list_for_user(user).values("pk"))
        .select_related("cell", "self_by", "upper_by")
        .order_by("-year", "cell__code")
    )


def evaluation_get_for_user(user: User, pk: int) -> CellEvaluation:
    return get_object_or_404(evaluation_list_for_user(user), pk=pk)


def cell_year_figures(cell: GridCell, year: int) -> dict[str, Any]:
    """What the cell did in a year, for its evaluation (seed 002 四(四)4)."""
    start, end = date(year, 1, 1), date(year + 1, 1, 1)
    patrols = Patrol.objects.filter(
        cell=cell, started_at__date__gte=start, started_at__date__lt=end
    )
    problems = Problem.objects.filter(
        cell=cell, reported_at__date__gte=start, reported_at__date__lt=end
    )
    transfers = Transfer.objects.filter(problem__in=problems)
    closed = problems.filter(
        status__in=[Problem.Status.CLOSED, Problem.Status.DISMISSED]
    ).count()
    staff = current_members(cell).filter(role__in=GridMember.STAFF_ROLES).count()
    return {
        "year": year,
        "patrols": patrols.count(),
        "patrol_days": patrols.dates("started_at", "day").count(),
        "problems": problems.count(),
        "problems_closed": closed,
        "transfers": transfers.count(),
        "transfers_overdue": transfers.filter(escalation_level__gt=0).count(),
        "trainings": Training.objects.filter(
            cell=cell, held_on__gte=start, held_on__lt=end
        ).count(),
        "letters_signed": ResponsibilityLetter.objects.filter(
            lower_cell=cell, year=year, status=ResponsibilityLetter.Status.SIGNED
        ).count(),
        "staff": staff,
    }


# --- Supervision of the levels below (督办) --------------------------------------------


def supervision_item_list_for_user(user: User) -> QuerySet[SupervisionItem]:
    """Items about the cells in the user's scope: the supervised level sees what it
    is supervised on, the level above what it supervises."""
    if not _staff_with(user, "grid.view_cellevaluation"):
        return SupervisionItem.objects.none()
    return (
        SupervisionItem.objects.filter(_scope(user))
        .select_related("cell", "upper_cell", "opened_by")
        .order_by("status", "next_follow_up_on", "pk")
    )


def supervision_item_get_for_user(user: User, pk: int) -> SupervisionItem:
    return get_object_or_404(supervision_item_list_for_user(user), pk=pk)
