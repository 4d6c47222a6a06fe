"""Supervision findings of a quarter, the quarter's 与基层互动 results and its
progress notice (A96, A80), each read in the viewer's scope: the city sees every
unit's, a district leader their district's units', a unit head their unit's."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from ecobureau.accounts.models import Unit, User

from ..models import Assessment, GrassrootsResult, ProgressNotice, SupervisionFinding
from .assessment import units_visible
from .levels import _require, is_city, may_view
from .periods import Period

# The bureau's member units of 与群众互动 (seed 000 与群众互动 三: 执法队、各分局及机关
# 各科室; the direct centres too): the units a finding may be recorded against.
MEMBER_UNIT_KINDS = (
    Unit.Kind.SECTION,
    Unit.Kind.TEAM,
    Unit.Kind.SUB_BUREAU,
    Unit.Kind.CENTRE,
)

# 与基层互动 supervision deduction (points, of the scheme's cap) from which a unit's
# implementation counts as poor and confirming the quarter opens an accountability
# follow-up (seed 000 与基层互动 10 "落实不力的，启动问责程序"). The seed gives no line:
# 示例配置，需按考核办法核定; setting LEADERSHIP_POOR_SUPERVISION_DEDUCTION, 0 = off.
POOR_SUPERVISION_DEDUCTION = "10"


def poor_supervision_from() -> Decimal:
    value = getattr(
        settings, "LEADERSHIP_POOR_SUPERVISION_DEDUCTION", POOR_SUPERVISION_DEDUCTION
    )
    return Decimal(str(value or "0"))


def may_record_finding(user: User) -> bool:
    return (
        may_view(user) and is_city(user) and user.has_perm("leadership.record_finding")
    )


def member_units() -> QuerySet[Unit]:
    return Unit.objects.filter(kind__in=MEMBER_UNIT_KINDS, is_active=True).order_by(
        "code"
    )


def _visible(user: User, qs: QuerySet, field: str = "unit_id") -> QuerySet:
    _require(user)
    visible = units_visible(user)
    return qs if visible is None else qs.filter(**{f"{field}__in": visible})


def finding_list_for_user(user: User, quarter: Period) -> QuerySet[SupervisionFinding]:
    """The quarter's findings of the units the viewer may see."""
    return _visible(
        user,
        SupervisionFinding.objects.filter(quarter_start=quarter.start).select_related(
            "unit", "recorded_by"
        ),
    )


def grassroots_results_for_user(
    user: User, assessment: Assessment
) -> QuerySet[GrassrootsResult]:
    return _visible(
        user,
        GrassrootsResult.objects.filter(assessment=assessment).select_related(
            "unit", "accountability"
        ),
    )


def notice_of(assessment: Assessment | None) -> ProgressNotice | None:
    if assessment is None:
        return None
    return ProgressNotice.objects.filter(assessment=assessment).first()


def notice_get_for_user(user: User, pk: int) -> ProgressNotice:
    _require(user)
    return get_object_or_404(
        ProgressNotice.objects.select_related("assessment", "issued_by"), pk=pk
    )


def notice_units_for_user(user: User) -> set[int] | None:
    """The units whose lines a viewer's copy of a notice shows: all for the city;
    a district leader's or unit head's copy is an extract of their own units."""
    return units_visible(user)
