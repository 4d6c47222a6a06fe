"""Reads of cells, their people, letters and standards (C22), scoped to the reader."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import Max, Q, QuerySet
from django.shortcuts import get_object_or_404

from ecobureau.accounts.models import User
from ecobureau.core.models import Division
from ecobureau.lib.dates import local_date

from ..models import (
    CellStandard,
    GridCell,
    GridMember,
    Patrol,
    ResponsibilityLetter,
)
from ._common import _NOTHING, _scope, _staff_with, today

# --- Cells --------------------------------------------------------------------------


def cell_scope_q(user: User) -> Q:
    if not _staff_with(user, "grid.view_gridcell"):
        return _NOTHING
    return _scope(user, unit="responsible_unit")


def cell_list_for_user(user: User) -> QuerySet[GridCell]:
    return (
        GridCell.objects.filter(cell_scope_q(user))
        .select_related("division", "parent", "responsible_unit")
        .order_by("level", "code")
    )


def cell_get_for_user(user: User, pk: int) -> GridCell:
    return get_object_or_404(cell_list_for_user(user), pk=pk)


def cells_for_member(user: User) -> QuerySet[GridCell]:
    """The cells a person is a current member of, within their scope."""
    return (
        cell_list_for_user(user)
        .filter(members__user=user, members__until__isnull=True)
        .distinct()
    )


def patrol_cells_for_user(user: User) -> QuerySet[GridCell]:
    """Cells a person may record a patrol in: theirs if they are a member of any,
    else every active cell of their scope."""
    mine = cells_for_member(user).filter(is_active=True)
    if mine.exists():
        return mine
    return cell_list_for_user(user).filter(is_active=True)


def current_members(cell: GridCell) -> QuerySet[GridMember]:
    return cell.members.filter(until__isnull=True).select_related("user", "enterprise")


@dataclass(frozen=True)
class CellRow:
    cell: GridCell
    first_responsible: str
    staff: int
    network: int

    @property
    def understaffed(self) -> bool:
        """Seed 002 六(一)3: a township without an environmental office designates
        at least 2 staff for environmental enforcement (requirements C19)."""
        return self.cell.level == GridCell.Level.TOWNSHIP and self.staff < 2


def cell_rows(cells: QuerySet[GridCell]) -> list[CellRow]:
    """Cells with their first responsible person and head counts, in two queries."""
    cell_list = list(cells)
    ids = [cell.pk for cell in cell_list]
    first: dict[int, str] = {}
    staff: dict[int, int] = defaultdict(int)
    network: dict[int, int] = defaultdict(int)
    rows = GridMember.objects.filter(cell_id__in=ids, until__isnull=True).values_list(
        "cell_id", "role", "name"
    )
    for cell_id, role, name in rows:
        if role == GridMember.Role.FIRST_RESPONSIBLE:
            first[cell_id] = name
        elif role in GridMember.STAFF_ROLES:
            staff[cell_id] += 1
        elif role in GridMember.NETWORK_ROLES:
            network[cell_id] += 1
    return [
        CellRow(cell, first.get(cell.pk, ""), staff[cell.pk], network[cell.pk])
        for cell in cell_list
    ]


def understaffed_cells(user: User) -> list[CellRow]:
    townships = cell_list_for_user(user).filter(
        level=GridCell.Level.TOWNSHIP, kind=GridCell.Kind.ADMINISTRATIVE, is_active=True
    )
    return [row for row in cell_rows(townships) if row.understaffed]


def letter_list_for_cell(cell: GridCell) -> QuerySet[ResponsibilityLetter]:
    return ResponsibilityLetter.objects.filter(
        Q(lower_cell=cell) | Q(upper_cell=cell)
    ).select_related("upper_cell", "lower_cell")


def letter_get_for_user(user: User, pk: int) -> ResponsibilityLetter:
    letters = ResponsibilityLetter.objects.filter(
        lower_cell__in=cell_list_for_user(user)
    ).select_related("upper_cell", "lower_cell")
    return get_object_or_404(letters, pk=pk)


def cell_for_division(division: Division) -> GridCell | None:
    return GridCell.objects.filter(
        division=division, kind=GridCell.Kind.ADMINISTRATIVE
    ).first()


@dataclass(frozen=True)
class EffectiveStandard:
    """The limits that apply in a cell (C22): its own level's, the nearest level
    above's, or the settings (`source` says which)."""

    patrol_days: int
    report_hours: int
    accept_workdays: int
    handle_workdays: int
    transfer_workdays: int
    work_report_day: int
    source: CellStandard | None


def effective_standard(cell: GridCell) -> EffectiveStandard:
    from .. import processes

    own = processes._standard(cell)
    return EffectiveStandard(
        patrol_days=own.patrol_days
        if own
        else int(getattr(settings, "GRID_PATROL_DAYS", 7)),
        report_hours=own.report_hours
        if own
        else int(getattr(settings, "GRID_REPORT_HOURS", 24)),
        accept_workdays=processes.accept_limit(cell),
        handle_workdays=processes.handle_limit(cell),
        transfer_workdays=processes.transfer_limit_default(cell),
        work_report_day=own.work_report_day
        if own
        else int(getattr(settings, "GRID_WORK_REPORT_DAY", 5)),
        source=own,
    )


def last_patrol_on(cell: GridCell) -> date | None:
    last = (
        Patrol.objects.filter(cell=cell)
        .order_by("-started_at")
        .values_list("started_at", flat=True)
        .first()
    )
    return local_date(last) if last else None


def patrol_lapses(user: User) -> list[tuple[GridCell, date | None, int]]:
    """Township cells of the user's scope not patrolled within the period their
    level set (C22): (cell, last patrol date, period in days). A fixed number of
    queries, whatever the number of cells."""
    now = today()
    cells = list(
        cell_list_for_user(user).filter(
            level=GridCell.Level.TOWNSHIP,
            kind=GridCell.Kind.ADMINISTRATIVE,
            is_active=True,
        )
    )
    if not cells:
        return []
    parents = dict(
        GridCell.objects.filter(kind=GridCell.Kind.ADMINISTRATIVE).values_list(
            "pk", "parent_id"
        )
    )
    periods = dict(CellStandard.objects.values_list("cell_id", "patrol_days"))
    last_at = dict(
        Patrol.objects.filter(cell__in=[cell.pk for cell in cells])
        .values("cell")
        .annotate(last=Max("started_at"))
        .values_list("cell", "last")
    )
    fallback = int(getattr(settings, "GRID_PATROL_DAYS", 7))
    found = []
    for cell in cells:
        days = fallback
        at: int | None = cell.pk
        for _ in range(5):
            if at is None:
                break
            if at in periods:
                days = periods[at]
                break
            at = parents.get(at)
        last = local_date(last_at[cell.pk]) if cell.pk in last_at else None
        if last is None or (now - last).days > days:
            found.append((cell, last, days))
    return found
