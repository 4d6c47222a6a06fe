"""Reads for 与基层互动 (seed 000) items 6, 1 and 3: the honour nominations and the
published list, the party branches' ratings and the lectures. Bureau staff only;
the office (manage_grassroots) sees every unit's nominations, other staff their
own unit's; the published list, the branches and the lectures are for all staff."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from ecobureau.accounts.models import Unit, User

# The veto register belongs to quality (D7). quality.selectors offers `is_vetoed`
# for a unit but nothing for a named person, and `veto_list_for_user` is scoped to
# quality staff; this check is not a user's read, so the table is read directly,
# read-only, with the same "standing veto" condition as `is_vetoed`.
from ecobureau.quality.models import Veto

from . import rules
from .models import BranchRating, HonourList, HonourNomination, Lecture, PartyBranch
from .selectors import may_manage_grassroots


def _bureau_staff(user: User) -> bool:
    return bool(user.is_authenticated and user.kind == User.Kind.STAFF)


# --- 一票否决 against honours (D7) -------------------------------------------------------


@dataclass(frozen=True)
class VetoHit:
    """One standing veto touching a nominee: `refuse` when it covers the nominee's
    unit or the nominee in that unit; a flag to check when only the name matches."""

    refuse: bool
    message: str


def _unit_names(unit: Unit) -> set[str]:
    return {name.strip() for name in (unit.name, unit.short_name) if name.strip()}


def _hits(vetoes: list[Veto], *, unit: Unit, person_name: str) -> list[VetoHit]:
    names = _unit_names(unit)
    person_name = person_name.strip()
    hits = []
    for veto in vetoes:
        reason = veto.get_reason_display()
        if veto.unit_name in names and person_name and veto.person_name == person_name:
            hits.append(
                VetoHit(
                    True,
                    f"{person_name}（{veto.unit_name}）{veto.year}年度被一票否决"
                    f"（{reason}），取消当年评优评先资格，不能推荐或当选。",
                )
            )
        elif veto.unit_name in names:
            hits.append(
                VetoHit(
                    True,
                    f"{veto.unit_name}{veto.year}年度被一票否决（{reason}），"
                    "取消该单位当年各类表彰奖励资格，不能推荐或当选。",
                )
            )
        elif person_name and veto.person_name == person_name:
            hits.append(
                VetoHit(
                    False,
                    f"与{veto.year}年度一票否决责任人同名（{veto.unit_name}），"
                    "请核实是否为同一人。",
                )
            )
    return hits


def _standing_vetoes(year: int) -> QuerySet[Veto]:
    return Veto.objects.filter(year=year, withdrawn_at__isnull=True)


def honour_veto_hits(*, year: int, unit: Unit, person_name: str) -> list[VetoHit]:
    """The year's standing vetoes that touch this nominee (D7)."""
    vetoes = list(
        _standing_vetoes(year).filter(
            Q(unit_name__in=_unit_names(unit)) | Q(person_name=person_name.strip())
        )
    )
    return _hits(vetoes, unit=unit, person_name=person_name)


def honour_veto_flags(
    nominations: list[HonourNomination],
) -> dict[int, list[VetoHit]]:
    """The veto hits of each nomination shown on a page, in one query per year."""
    by_year: dict[int, list[Veto]] = {}
    for year in {n.year for n in nominations}:
        by_year[year] = list(_standing_vetoes(year))
    flags = {}
    for n in nominations:
        hits = _hits(by_year[n.year], unit=n.unit, person_name=n.person_name)
        if hits:
            flags[n.pk] = hits
    return flags


# --- 典型培树 (6) ----------------------------------------------------------------------


def honour_nominations_for_user(user: User, *, year: int) -> QuerySet[HonourNomination]:
    """The office sees every unit's nominations; other staff their own unit's."""
    if not _bureau_staff(user):
        return HonourNomination.objects.none()
    qs = HonourNomination.objects.filter(year=year).select_related("unit")
    if not may_manage_grassroots(user):
        qs = qs.filter(unit_id=user.unit_id) if user.unit_id else qs.none()
    return qs.order_by("category", "unit__name", "pk")


def honour_nomination_get_for_user(user: User, pk: int) -> HonourNomination:
    """A nomination the office may decide (other staff get 404)."""
    qs = HonourNomination.objects.select_related("unit")
    if not may_manage_grassroots(user):
        qs = qs.none()
    return get_object_or_404(qs, pk=pk)


def honour_list_for_user(user: User, *, year: int) -> HonourList | None:
    """The year's published list, for every bureau staff member."""
    if not _bureau_staff(user):
        return None
    return HonourList.objects.filter(year=year).first()


def honour_selected(honour_list: HonourList) -> QuerySet[HonourNomination]:
    """Those honoured on a published list (the caller fetched it for its user)."""
    return (
        HonourNomination.objects.filter(
            year=honour_list.year, status=HonourNomination.Status.SELECTED
        )
        .select_related("unit")
        .order_by("category", "unit__name", "pk")
    )


@dataclass(frozen=True)
class QuotaRow:
    label: str
    quota: int | None
    nominated: int
    selected: int


def honour_quotas(user: User, *, year: int) -> list[QuotaRow]:
    """Per category: the seed's number, the nominations and those selected."""
    if not may_manage_grassroots(user):
        return []
    rows = list(
        HonourNomination.objects.filter(year=year).values_list("category", "status")
    )
    return [
        QuotaRow(
            label=label,
            quota=rules.HONOUR_QUOTAS.get(value),
            nominated=sum(c == value for c, _ in rows),
            selected=sum(
                c == value and s == HonourNomination.Status.SELECTED for c, s in rows
            ),
        )
        for value, label in HonourNomination.Category.choices
    ]


# --- 支部星级评定 (1) and 讲堂、党课 (3) --------------------------------------------------


def party_branches_for_user(user: User, *, year: int) -> list[PartyBranch]:
    """The branches, each with `year_rating` (that year's rating or None)."""
    if not _bureau_staff(user):
        return []
    branches: list[PartyBranch] = list(
        PartyBranch.objects.filter(is_active=True)
        .select_related("unit")
        .prefetch_related(
            Prefetch(
                "ratings",
                queryset=BranchRating.objects.filter(year=year),
                to_attr="year_ratings",
            )
        )
        .order_by("name")
    )
    for branch in branches:
        ratings = getattr(branch, "year_ratings", [])
        branch.year_rating = ratings[0] if ratings else None  # type: ignore[attr-defined]
    return branches


def party_branch_get_for_user(user: User, pk: int) -> PartyBranch:
    qs = PartyBranch.objects.filter(is_active=True)
    if not may_manage_grassroots(user):
        qs = qs.none()
    return get_object_or_404(qs, pk=pk)


def lectures_for_user(user: User, *, year: int) -> QuerySet[Lecture]:
    if not _bureau_staff(user):
        return Lecture.objects.none()
    return (
        Lecture.objects.filter(held_on__year=year)
        .select_related("unit")
        .order_by("-held_on", "-pk")
    )
