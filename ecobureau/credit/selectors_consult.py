"""Reads for 征求部门（科室）意见 (seed 000 企业环境信用评价 办理基本流程: 市级
生态环境部门复核审定 → 征求部门（科室）意见后报省厅).

The credit section sees the opinions of evaluations in its scope; a member of a
consulted unit sees only the requests addressed to their own unit, with the
evaluation they are asked about (never another unit's request, never the
evaluation page itself unless credit's own scope already lets them in).
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from ecobureau.accounts.models import Unit, User

from . import selectors
from .models import DepartmentOpinion, Evaluation

# The bureau's own departments and sections (部门（科室）): sections, the
# enforcement team, sub-bureaus and centres; not the leadership, townships, other
# governments or the province.
CONSULTED_KINDS = (
    Unit.Kind.SECTION,
    Unit.Kind.TEAM,
    Unit.Kind.SUB_BUREAU,
    Unit.Kind.CENTRE,
)


def consult_units(user: User) -> QuerySet[Unit]:
    """The units the credit section may ask, its own unit left out."""
    units = Unit.objects.filter(is_active=True, kind__in=CONSULTED_KINDS)
    if user.unit_id is not None:
        units = units.exclude(pk=user.unit_id)
    return units.order_by("sort_order", "code")


OPEN = Q(answered_at__isnull=True, withdrawn_at__isnull=True)


def opinion_list(evaluation: Evaluation) -> QuerySet[DepartmentOpinion]:
    return evaluation.opinions.select_related(
        "unit", "requested_by", "answered_by", "handled_by", "withdrawn_by"
    )


def consult_blockers(evaluation: Evaluation) -> list[str]:
    """Why `consult` (征求意见后报省) may not happen yet; empty when it may.
    A withdrawn request neither blocks nor counts as consulting: with every
    request withdrawn no unit was consulted."""
    opinions = [o for o in opinion_list(evaluation) if o.withdrawn_at is None]
    if not opinions:
        return ["未征求任何部门（科室）意见，不能报省。"]
    out = []
    pending = [o.unit.name for o in opinions if o.answered_at is None]
    if pending:
        out.append(f"以下部门（科室）尚未答复意见：{'、'.join(pending)}。")
    unhandled = [
        o.unit.name
        for o in opinions
        if o.verdict == DepartmentOpinion.Verdict.HAS and not o.handling
    ]
    if unhandled:
        out.append(
            f"以下部门（科室）的意见尚未处理（采纳或不采纳）：{'、'.join(unhandled)}。"
        )
    return out


def may_answer(user: User, opinion: DepartmentOpinion) -> bool:
    """Only a member (staff or external collaborator) of the consulted unit."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.is_staff_member
        and user.unit_id is not None
        and user.unit_id == opinion.unit_id
    )


def opinion_list_for_member(user: User) -> QuerySet[DepartmentOpinion]:
    """Requests addressed to the user's own unit (nothing for anyone else)."""
    if not (user.is_authenticated and user.is_staff_member and user.unit_id):
        return DepartmentOpinion.objects.none()
    return DepartmentOpinion.objects.filter(unit_id=user.unit_id).select_related(
        "unit",
        "requested_by",
        "answered_by",
        "withdrawn_by",
        "evaluation__enterprise",
        "evaluation__evaluation_year",
    )


def opinion_pending_for_member(user: User) -> QuerySet[DepartmentOpinion]:
    """待答复: open requests to the user's unit, by year and enterprise (a batch
    for a year puts many on the list at once)."""
    return (
        opinion_list_for_member(user)
        .filter(OPEN)
        .order_by(
            "-evaluation__evaluation_year__year",
            "evaluation__enterprise__name",
            "requested_at",
            "pk",
        )
    )


def opinion_done_for_member(user: User) -> QuerySet[DepartmentOpinion]:
    """Answered or withdrawn requests to the user's unit, latest first."""
    return opinion_list_for_member(user).exclude(OPEN).order_by("-requested_at", "-pk")


def opinion_get_for_member(user: User, pk: int) -> DepartmentOpinion:
    try:
        return opinion_list_for_member(user).get(pk=pk)
    except DepartmentOpinion.DoesNotExist as error:
        raise Http404("没有该征求意见。") from error


def opinion_get_for_manager(user: User, pk: int) -> DepartmentOpinion:
    """The credit section, for an evaluation in its scope."""
    if not selectors.may_manage(user):
        raise Http404("没有该征求意见。")
    visible = selectors.evaluation_list_for_user(user)
    try:
        return DepartmentOpinion.objects.select_related(
            "unit", "evaluation__enterprise", "evaluation__evaluation_year"
        ).get(pk=pk, evaluation__in=visible)
    except DepartmentOpinion.DoesNotExist as error:
        raise Http404("没有该征求意见。") from error
