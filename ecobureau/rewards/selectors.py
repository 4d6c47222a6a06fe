"""Reads of the rewards module, scoped to the person asking.

Reward handlers (`rewards.manage_reward`) see the reports in their data scope;
the staff of the handling unit see the reports handed to them (to survey and
investigate); a bureau leader sees them to approve. Everyone but the holders of
`rewards.view_identity` sees the reporters masked. The public sees only the
publications, which never identify a reporter.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User

from .models import Publication, ReportReporter, RewardReport

_NOTHING = Q(pk__in=[])


def report_scope_q(user: User) -> Q:
    if not user.is_authenticated or not user.is_active or not user.is_staff_member:
        return _NOTHING
    if not user.has_perm("rewards.view_rewardreport"):
        return _NOTHING
    return account_selectors.scope_q(user)


def report_list_for_user(user: User, *, status: str = "") -> QuerySet[RewardReport]:
    reports = RewardReport.objects.filter(report_scope_q(user))
    if status:
        reports = reports.filter(status=status)
    return reports.select_related("unit", "matter").order_by("-registered_at", "-pk")


def report_get_for_user(user: User, pk: int) -> RewardReport:
    return get_object_or_404(
        RewardReport.objects.filter(report_scope_q(user)).select_related(
            "unit", "matter", "duplicate_of", "district"
        ),
        pk=pk,
    )


def reporters_masked(report: RewardReport) -> QuerySet[ReportReporter]:
    """The reporters as everyone may see them: masks and shares, no ciphertext."""
    return (
        report.report_reporters.select_related("reporter")
        .only(
            "order",
            "share",
            "agreed_share",
            "report_id",
            "reporter__id",
            "reporter__name_mask",
            "reporter__id_mask",
            "reporter__phone_mask",
        )
        .order_by("order")
    )


def matter_reports(report: RewardReport) -> QuerySet[RewardReport]:
    return RewardReport.objects.filter(matter=report.matter).order_by("position")


def publications_public() -> QuerySet[Publication]:
    return Publication.objects.select_related("report").order_by("-published_on", "-pk")
