"""The monthly unit ranking and the quarterly assessment: live scores and stored results."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db.models import (
    Q,
    QuerySet,
)
from django.shortcuts import get_object_or_404

from ecobureau.accounts.models import Unit, User
from ecobureau.complaints import selectors as complaint_selectors
from ecobureau.lib import complaint_stats

from .. import scoring
from ..models import Assessment
from .levels import _own_district_id, _require, is_city
from .periods import Period

# --- Monthly ranking and quarterly assessment ----------------------------------------------


def _ranking_rule() -> tuple[int, Decimal]:
    """How many bottom units lose how many points: the same settings, with the same
    defaults, as `complaints.selectors.ranking` (requirements A84, 示例配置);
    tests/test_assessment.py checks the two give the same ranking."""
    bottom = int(getattr(settings, "COMPLAINT_RANKING_BOTTOM_COUNT", 1))
    points = Decimal(str(getattr(settings, "COMPLAINT_RANKING_DEDUCTION_POINTS", "2")))
    return bottom, points


def rankings_of(months: list[date]) -> dict[date, list[complaint_stats.Ranked]]:
    """Each month's ranking, as `complaints.selectors.ranking(month)` gives it, from
    one grouped read of the complaints module's facts for all the months (a
    quarter was three full reads)."""
    bottom, points = _ranking_rule()
    grouped = complaint_selectors.ranking_facts_by_month(months)
    return {
        month: complaint_stats.rank(facts, bottom=bottom, points=points)
        for month, facts in grouped.items()
    }


def _unit_facts(r: complaint_stats.Ranked) -> scoring.UnitFacts:
    return scoring.UnitFacts(
        unit_id=r.facts.unit_id,
        unit_name=r.facts.unit_name,
        due=r.facts.due,
        due_closed=r.facts.due_closed,
        closed=r.facts.closed,
        closed_on_time=r.facts.closed_on_time,
        answered=r.facts.answered,
        satisfied=r.facts.satisfied,
        repeats=r.facts.repeats,
        ranking_deduction=r.deduction,
    )


def unit_facts(period: Period) -> list[scoring.UnitFacts]:
    """Each unit's complaint facts over the period: the complaints module's monthly
    ranking facts (and its bottom-rank deductions), summed over the months."""
    totals: dict[int, scoring.UnitFacts] = {}
    for ranked in rankings_of(period.months()).values():
        for facts in map(_unit_facts, ranked):
            if facts.unit_id in totals:
                totals[facts.unit_id] = scoring.add(totals[facts.unit_id], facts)
            else:
                totals[facts.unit_id] = facts
    return [totals[k] for k in sorted(totals)]


def unit_scores(
    period: Period,
    *,
    supervision: dict[int, Decimal] | None = None,
    scheme: dict[str, Any] | None = None,
) -> list[scoring.UnitScore]:
    """The live (not yet confirmed) scores of the period. In a monthly ranking the
    month's bottom deduction is its outcome, not an input, so it is left out."""
    scheme = scheme or scoring.EXAMPLE_SCHEME
    supervision = supervision or {}
    out = []
    for facts in unit_facts(period):
        if period.kind == "month":
            facts = scoring.UnitFacts(
                **{**facts.__dict__, "ranking_deduction": Decimal(0)}
            )
        out.append(
            scoring.score_unit(
                facts, scheme, supervision.get(facts.unit_id, Decimal(0))
            )
        )
    return scoring.rank(out)


def units_visible(user: User) -> set[int] | None:
    """The units whose rows a viewer sees in the ranking (None: all of them)."""
    _require(user)
    if is_city(user):
        return None
    own = _own_district_id(user)
    if own is not None:
        return set(
            Unit.objects.filter(
                Q(division_id=own) | Q(division__parent_id=own)
            ).values_list("pk", flat=True)
        )
    return {user.unit_id} if user.unit_id else set()


def assessment_stored(kind: str, period: Period) -> Assessment | None:
    return Assessment.objects.filter(kind=kind, period_start=period.start).first()


def assessment_list_for_user(user: User) -> QuerySet[Assessment]:
    _require(user)
    return Assessment.objects.select_related("confirmed_by", "published_by")


def assessment_get_for_user(user: User, pk: int) -> Assessment:
    return get_object_or_404(assessment_list_for_user(user), pk=pk)


def assessment_list_public() -> QuerySet[Assessment]:
    return Assessment.objects.filter(status=Assessment.Status.PUBLISHED).order_by(
        "-period_start", "kind"
    )


def assessment_get_public(pk: int) -> Assessment:
    return get_object_or_404(assessment_list_public(), pk=pk)


def rows_for_user(user: User, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    visible = units_visible(user)
    if visible is None:
        return rows
    return [r for r in rows if r["unit_id"] in visible]
