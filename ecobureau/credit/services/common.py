"""Helpers shared by the credit services: permission check, today, notifying the enterprise."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.lib import dates

from ..models import (
    Evaluation,
)


def _require(ok: bool, message: str) -> None:
    if not ok:
        raise PermissionDenied(message)


def _today() -> date:
    return dates.local_date(timezone.now())


def _notify_enterprise(evaluation: Evaluation, title: str, key: str) -> None:
    """Tell the enterprise's verified accounts (in-app and e-mail through the
    notifications module's outbox, in this transaction)."""
    from django.urls import reverse

    from ecobureau.notifications import services as notification_services

    users = [
        account.user
        for account in enterprise_selectors.account_list_for_enterprise(
            evaluation.enterprise
        )
        if account.verified and account.user.is_active
    ]
    if users:
        notification_services.send(
            recipients=users,
            title=title,
            url=reverse("credit:mine-detail", args=[evaluation.pk]),
            channels=(notification_services.INBOX, notification_services.EMAIL),
            dedupe_key=f"credit:{key}",
        )


def _grid_class_follows(evaluation: Evaluation, by: User) -> None:
    """A grade published or repaired reaches grid's supervision class at once
    (grid reads the grade through the lookup credit registered; credit may call
    grid's service, grid being below it). Same transaction, recorded by grid
    when the class changes (grid.class_decide)."""
    from ecobureau.grid import services as grid_services

    grid_services.supervision_refresh(enterprise=evaluation.enterprise, by=by)
