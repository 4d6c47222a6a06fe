"""Reads of the demand green channel (诉求反馈绿色通道, seed 004; E15)."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User
from ecobureau.enterprises.models import Enterprise

from .models import GreenChannel


def in_green_channel(enterprise: Enterprise) -> bool:
    """Whether the enterprise's demands go through the green channel now."""
    return GreenChannel.objects.filter(
        enterprise=enterprise, ended_on__isnull=True
    ).exists()


def green_channel_list_for_user(
    user: User, *, active_only: bool = True
) -> QuerySet[GreenChannel]:
    """The enrolled enterprises in the reader's data scope (staff who read the
    commissioners); nothing for anyone else."""
    if not (user.is_authenticated and user.is_staff_member):
        return GreenChannel.objects.none()
    if not user.has_perm("engagement.view_commissioner"):
        return GreenChannel.objects.none()
    rows = GreenChannel.objects.filter(
        account_selectors.scope_q(user, township=None, unit=None)
    )
    if active_only:
        rows = rows.filter(ended_on__isnull=True)
    return rows.select_related("enterprise", "district")


def green_channel_get_for_user(user: User, pk: int) -> GreenChannel:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(green_channel_list_for_user(user), pk=pk)


def green_channel_counts(rows: QuerySet[GreenChannel]) -> dict[str, int]:
    return dict(
        rows.order_by().values_list("category").annotate(n=Count("pk")).order_by()
    )
