"""Helpers shared by the grid selectors: scope, today, the class policy."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.conf import settings
from django.db.models import Q
from django.utils import timezone

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User
from ecobureau.lib.dates import local_date

from ..models import (
    ClassPolicy,
)

_NOTHING = Q(pk__in=[])
ENFORCEMENT_ROLES = ("enforcement_officer", "enforcement_head")
GRID_OFFICER_ROLE = "grid_officer"


def _scope(user: User, *, unit: str | None = None, owner: str | None = None) -> Q:
    return account_selectors.scope_q(
        user, district="district", township="township", unit=unit, owner=owner
    )


def either(*filters: Q) -> Q:
    """OR of filters, where an empty Q means "everything" (a city-wide scope):
    Django drops an empty Q from `a | b`, which would narrow a city-wide scope
    to the other condition."""
    if any(not f.children and not f.negated for f in filters):
        return Q()
    combined = filters[0]
    for f in filters[1:]:
        combined |= f
    return combined


def _staff_with(user: User, perm: str) -> bool:
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff_member
        and user.has_perm(perm)
    )


def today() -> date:
    return local_date(timezone.now())


# --- Class policy (frequencies, draw shares, cap) ------------------------------------


@dataclass(frozen=True)
class Policy:
    klass: str
    supervision_months: int
    draw_percent: Decimal
    basis: str
    is_example: bool


# rules.md §7: "A yearly / B quarterly / C monthly" is plausible local practice, NOT
# CONFIRMED; the draw shares follow the typical local ratios of rules.md §6 (key
# units ≥ 25 % a quarter, general ≈ 10 %, small ≈ 5 %). Example configuration.
DEFAULT_POLICIES = {
    "C": Policy(
        "C", 1, Decimal("25"), "地方实践：C类每月一次（示例配置，未经确认）", True
    ),
    "B": Policy(
        "B", 3, Decimal("10"), "地方实践：B类每季度一次（示例配置，未经确认）", True
    ),
    "A": Policy(
        "A", 12, Decimal("5"), "地方实践：A类每年一次（示例配置，未经确认）", True
    ),
}


def policies() -> dict[str, Policy]:
    """Each class's policy: the bureau's own where set, else the example default."""
    found = dict(DEFAULT_POLICIES)
    for row in ClassPolicy.objects.all():
        found[row.klass] = Policy(
            row.klass,
            row.supervision_months,
            row.draw_percent,
            row.basis,
            row.is_example,
        )
    return found


def routine_cap() -> int:
    """Routine on-site checks allowed per enterprise per year (rules.md I4: the
    provincial cap; Liaoning's is NOT CONFIRMED, so this is example configuration —
    辽政办发〔2015〕29号 said once a year in principle, Ankang allows two)."""
    return int(getattr(settings, "GRID_ROUTINE_CHECK_CAP", 2))


def team_size() -> int:
    return max(2, int(getattr(settings, "GRID_DRAW_TEAM_SIZE", 2)))
