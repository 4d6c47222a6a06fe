"""Reads about supervisors: participation counts per group (E17), the team's
meetings and training (A114), reports and who may read them (A95, 第十条),
matters and their logged access (A111), nominations (A109)."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404

from ecobureau.accounts.models import User

from . import rules
from .models import (
    NominationRequest,
    Nominee,
    Participation,
    SupervisionMatter,
    Supervisor,
    SupervisorAccess,
    SupervisorMeeting,
    SupervisorReport,
)


def supervisor_list_for_user(user: User) -> QuerySet[Supervisor]:
    # Imported here: selectors.py re-exports this module at its end.
    from .selectors import supervisor_list_for_user as supervisors

    return supervisors(user)


def participation_counts_for_user(user: User, *, year: int) -> dict[str, int]:
    """Person-times per group in a year. The business-environment group counts
    only inspections and case reviews (seed 004 "参与现场执法检查、行政案件审核共计
    66人次"), not meetings or training; the other groups count every row."""
    rows = (
        Participation.objects.filter(
            supervisor__in=supervisor_list_for_user(user), held_on__year=year
        )
        .exclude(
            Q(supervisor__group=Supervisor.Group.BUSINESS)
            & ~Q(kind__in=rules.BUSINESS_COUNTED_KINDS)
        )
        .values("supervisor__group")
        .annotate(n=Count("pk"))
        .order_by()
    )
    labels = dict(Supervisor.Group.choices)
    return {labels[row["supervisor__group"]]: row["n"] for row in rows}


def meetings_for_user(user: User) -> QuerySet[SupervisorMeeting]:
    """The team's work meetings and training (A114), for supervisor viewers."""
    if not (
        user.is_authenticated
        and user.is_staff_member
        and user.has_perm("engagement.view_supervisor")
    ):
        return SupervisorMeeting.objects.none()
    return SupervisorMeeting.objects.annotate(attended=Count("attendees")).order_by(
        "-held_on", "-pk"
    )


# --- Supervisors at work ------------------------------------------------------------


def supervisor_report_list_for_user(user: User) -> QuerySet[SupervisorReport]:
    """Bureau leaders see all; the team head the reports made to the team (not
    those made directly to the bureau, 第十条); a supervisor sees their own."""
    from .services.supervision import may_handle_report

    if not user.is_authenticated:
        return SupervisorReport.objects.none()
    to_team = may_handle_report(user, SupervisorReport.Addressee.TEAM)
    to_bureau = may_handle_report(user, SupervisorReport.Addressee.BUREAU)
    if to_team or to_bureau:
        qs = SupervisorReport.objects.all()
        if not to_bureau:
            qs = qs.exclude(addressee=SupervisorReport.Addressee.BUREAU)
        if not to_team:
            qs = qs.filter(addressee=SupervisorReport.Addressee.BUREAU)
    else:
        qs = (
            SupervisorReport.objects.filter(supervisor__user=user)
            if user.is_staff_member
            else SupervisorReport.objects.none()
        )
    return qs.select_related("supervisor").order_by("-received_at", "-pk")


def supervisor_report_get_for_user(user: User, pk: int) -> SupervisorReport:
    return get_object_or_404(supervisor_report_list_for_user(user), pk=pk)


def matters_of(supervisor: Supervisor) -> QuerySet[SupervisionMatter]:
    return supervisor.matters.annotate(
        views=Count("accesses", filter=Q(accesses__action="view")),
        copies=Count("accesses", filter=Q(accesses__action="copy")),
    ).order_by("-granted_on", "-pk")


def matter_get_for_supervisor(user: User, pk: int) -> SupervisionMatter:
    """A supervisor's own open, non-recused matter; anything else is 404."""
    from .services import supervisor_for_account

    supervisor = supervisor_for_account(user)
    if supervisor is None:
        raise Http404
    return get_object_or_404(
        SupervisionMatter.objects.filter(
            supervisor=supervisor, closed_on__isnull=True, recused=False
        ),
        pk=pk,
    )


def matter_get_for_manager(user: User, pk: int) -> SupervisionMatter:
    return get_object_or_404(
        SupervisionMatter.objects.filter(supervisor__in=supervisor_list_for_user(user)),
        pk=pk,
    )


def accesses_of(matter: SupervisionMatter) -> QuerySet[SupervisorAccess]:
    return matter.accesses.select_related("user").order_by("-at", "-pk")


def nomination_requests_for_user(user: User) -> QuerySet[NominationRequest]:
    if not (
        user.is_authenticated
        and user.is_staff_member
        and user.has_perm("engagement.view_supervisor")
    ):
        return NominationRequest.objects.none()
    return NominationRequest.objects.prefetch_related("nominees").order_by(
        "-requested_on", "-pk"
    )


def nominee_get_for_user(user: User, pk: int) -> Nominee:
    return get_object_or_404(
        Nominee.objects.filter(request__in=nomination_requests_for_user(user)), pk=pk
    )
