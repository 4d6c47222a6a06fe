"""Public reads (the portal: 公开公示): published cells, draws, campaigns."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext

from ecobureau.accounts.models import User
from ecobureau.core.models import Division
from ecobureau.enterprises.models import Enterprise

from ..models import (
    Campaign,
    Draw,
    GridCell,
    GridMember,
    ResponsibilityLetter,
)
from ._common import today

# --- Public (the portal: 公开公示) ---------------------------------------------------


def cell_list_public(
    *, district_id: int | None = None, q: str = ""
) -> QuerySet[GridCell]:
    """Published cells with their published members (seed 002 四(五)1, C16);
    `q` finds a cell by part of its name or code, its responsible unit, or the
    name of a published responsible person."""
    members = GridMember.objects.filter(until__isnull=True, publish=True).order_by(
        "role", "name"
    )
    cells = GridCell.objects.filter(published_at__isnull=False, is_active=True)
    if district_id:
        cells = cells.filter(Q(district_id=district_id) | Q(division_id=district_id))
    if q := q.strip():
        named = GridMember.objects.filter(
            until__isnull=True, publish=True, name__icontains=q
        ).values("cell_id")
        cells = cells.filter(
            Q(name__icontains=q)
            | Q(code__icontains=q)
            | Q(responsible_unit__name__icontains=q)
            | Q(pk__in=named)
        )
    return (
        cells.select_related("division", "responsible_unit", "parent")
        .prefetch_related(
            Prefetch("members", queryset=members, to_attr="public_members")
        )
        .order_by("level", "code")
    )


def cell_get_public(pk: int) -> GridCell:
    return get_object_or_404(cell_list_public(), pk=pk)


def letters_public(cell: GridCell) -> QuerySet[ResponsibilityLetter]:
    return ResponsibilityLetter.objects.filter(
        lower_cell=cell, status=ResponsibilityLetter.Status.SIGNED
    ).select_related("upper_cell")


def draw_list_public(*, q: str = "") -> QuerySet[Draw]:
    draws = Draw.objects.exclude(status=Draw.Status.CANCELLED).select_related(
        "division"
    )
    if q := q.strip():
        draws = draws.filter(Q(title__icontains=q) | Q(division__name__icontains=q))
    return draws


def draw_get_public(pk: int) -> Draw:
    return get_object_or_404(draw_list_public(), pk=pk)


def draw_result_visible(draw: Draw) -> bool:
    """Whether the seed, pools and result may be shown to the public now: after the
    draw, unless the organiser kept the list confidential until the checks are due
    (rules.md §6: "The draw is confidential until the inspection")."""
    if draw.status != Draw.Status.DRAWN:
        return False
    return draw.embargo_until is None or today() >= draw.embargo_until


def public_districts() -> QuerySet[Division]:
    return (
        Division.objects.filter(level=2, grid_cells__published_at__isnull=False)
        .distinct()
        .order_by("sort_order", "code")
    )


@dataclass(frozen=True)
class DrawRow:
    enterprise: str
    klass: str
    inspectors: str
    enterprise_id: int = 0


def draw_result_rows(draw: Draw) -> list[DrawRow]:
    """The published result with names: enterprises and their inspectors (with
    credential numbers, which officers show at every inspection)."""
    import json

    data = json.loads(draw.result)
    classes = dict(data["enterprises"])
    enterprise_ids = [pk for pk, _ in data["result"]]
    inspector_ids = {pk for _, team in data["result"] for pk in team}
    names = dict(
        Enterprise.objects.filter(pk__in=enterprise_ids).values_list("pk", "name")
    )
    people = {
        user.pk: gettext("%(name)s（执法证%(number)s）")
        % {"name": user.display_name, "number": user.credential_no}
        for user in User.objects.filter(pk__in=inspector_ids).only(
            "pk", "full_name", "username", "credential_no"
        )
    }
    return [
        DrawRow(
            names.get(pk, f"#{pk}"),
            classes.get(pk, ""),
            "、".join(people.get(i, f"#{i}") for i in team),
            pk,
        )
        for pk, team in data["result"]
    ]


def campaign_list_public() -> QuerySet[Campaign]:
    return Campaign.objects.filter(published_at__isnull=False).select_related("cell")
