"""百名干部进千家企业 completeness (A69): seed 000 与企业互动（六）"每月开展1次百名
干部进千家企业活动" — each participating cadre visits at least once a month.

Which cadres take part is not listed anywhere on the platform, so the list is
simple on purpose: the staff who logged at least one such visit in the year of the
month asked about (within the reader's data scope). A cadre who never logged one
that year is not on the list; one who did is listed for every month of the year,
so a month without a visit shows as missing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db.models import Count

from ecobureau.accounts.models import User

from .models import Visit


@dataclass(frozen=True)
class CadreMonthRow:
    cadre_id: int
    name: str
    unit: str
    visits: int

    @property
    def missing(self) -> bool:
        return self.visits == 0


def cadre_visit_completeness(user: User, *, month: date) -> list[CadreMonthRow]:
    """One row per participating cadre for `month` (any day of it): how many
    百名干部 visits they logged that month; rows without one first."""
    from .selectors import visit_list_for_user  # selectors.py re-exports this

    visits = visit_list_for_user(user, kind=Visit.Kind.HUNDRED_CADRES).order_by()
    year = visits.filter(visited_on__year=month.year)
    cadres = (
        year.values("visitor", "visitor__full_name", "visitor__username")
        .annotate(n=Count("pk"))
        .order_by()
    )
    units = dict(
        User.objects.filter(pk__in=[c["visitor"] for c in cadres])
        .select_related("unit")
        .values_list("pk", "unit__name")
    )
    in_month = dict(
        year.filter(visited_on__month=month.month)
        .values("visitor")
        .annotate(n=Count("pk"))
        .values_list("visitor", "n")
    )
    rows = [
        CadreMonthRow(
            cadre_id=c["visitor"],
            name=c["visitor__full_name"] or c["visitor__username"],
            unit=units.get(c["visitor"]) or "—",
            visits=in_month.get(c["visitor"], 0),
        )
        for c in cadres
    ]
    return sorted(rows, key=lambda row: (not row.missing, row.unit, row.name))
