"""Reads of patrols, problems and transfers, scoped to the reader."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from ecobureau.accounts.models import Unit, User

from ..models import (
    GridCell,
    Patrol,
    Problem,
    Transfer,
)
from ._common import _NOTHING, _scope, _staff_with, either

# --- Patrols, problems, transfers ---------------------------------------------------


def patrol_list_for_user(user: User) -> QuerySet[Patrol]:
    if not _staff_with(user, "grid.view_patrol"):
        return Patrol.objects.none()
    return (
        Patrol.objects.filter(either(_scope(user, owner="officer"), Q(officer=user)))
        .select_related("cell", "officer", "enterprise")
        .order_by("-started_at", "-pk")
    )


def patrol_get_for_user(user: User, pk: int) -> Patrol:
    return get_object_or_404(patrol_list_for_user(user), pk=pk)


def problem_scope_q(user: User) -> Q:
    """Staff see problems in their scope and those they reported; a department's
    handlers see the problems transferred to their department."""
    if not (user.is_authenticated and user.is_active and user.is_staff_member):
        return _NOTHING
    q = _NOTHING
    if user.has_perm("grid.view_problem"):
        q = either(_scope(user, unit="unit", owner="reporter"), Q(reporter=user))
    if user.unit_id and user.has_perm("grid.answer_transfer"):
        transferred = Transfer.objects.filter(unit_id=user.unit_id)
        q = either(q, Q(pk__in=transferred.values("problem_id")))
    return q


def problem_list_for_user(user: User, *, status: str = "") -> QuerySet[Problem]:
    problems = Problem.objects.filter(problem_scope_q(user))
    if status == "open":
        problems = problems.filter(status__in=Problem.OPEN_STATUSES)
    elif status:
        problems = problems.filter(status=status)
    return problems.select_related("cell", "reporter", "enterprise", "unit").order_by(
        "-reported_at", "-pk"
    )


def problem_get_for_user(user: User, pk: int) -> Problem:
    return get_object_or_404(problem_list_for_user(user), pk=pk)


def transfer_scope_q(user: User) -> Q:
    """Staff see transfers in their scope; a department's handlers see those
    addressed to their department, whatever their scope."""
    if not (user.is_authenticated and user.is_active and user.is_staff_member):
        return _NOTHING
    q = _scope(user, unit="unit") if user.has_perm("grid.view_transfer") else _NOTHING
    if user.unit_id and user.has_perm("grid.answer_transfer"):
        q = either(q, Q(unit_id=user.unit_id))
    return q


def transfer_list_for_user(user: User, *, status: str = "") -> QuerySet[Transfer]:
    transfers = Transfer.objects.filter(transfer_scope_q(user))
    if status:
        transfers = transfers.filter(status=status)
    return transfers.select_related("problem", "unit", "from_unit").order_by(
        "due_at", "pk"
    )


def transfer_get_for_user(user: User, pk: int) -> Transfer:
    return get_object_or_404(transfer_list_for_user(user), pk=pk)


def transfers_for_problem(problem: Problem) -> QuerySet[Transfer]:
    return problem.transfers.select_related("unit", "from_unit").order_by("sent_at")


def departments() -> QuerySet[Unit]:
    """Departments a problem may be transferred to (seed 002 四(三)3)."""
    return Unit.objects.filter(kind=Unit.Kind.DEPARTMENT, is_active=True).order_by(
        "sort_order", "code"
    )


def handling_unit_for(cell: GridCell) -> Unit | None:
    """Who takes a cell's reports: the environmental authority of the level above —
    the district's sub-bureau for a township cell, else the bureau; the level's
    government where there is no such unit."""
    if cell.level == GridCell.Level.TOWNSHIP and cell.district_id:
        unit = Unit.objects.filter(
            kind=Unit.Kind.SUB_BUREAU, division_id=cell.district_id, is_active=True
        ).first()
        if unit is not None:
            return unit
        return Unit.objects.filter(code=f"gov-{cell.district.code}").first()  # type: ignore[union-attr]
    return Unit.objects.filter(kind=Unit.Kind.BUREAU, is_active=True).first()
