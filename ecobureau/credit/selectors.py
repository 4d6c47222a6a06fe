"""Reads. Staff see evaluations inside their data scope (district / unit / city);
an enterprise account sees only its own enterprise's evaluations; the public sees
published results only (and not the ones repaired or past their publication period).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.lib import dates

from . import config
from .models import Evaluation, EvaluationYear, Objection, Repair, Scheme
from .scoring import GradeSpec, IndicatorSpec, SchemeSpec, VetoSpec, add_months

VIEW_PERM = "credit.view_evaluation"


def may_view(user: User) -> bool:
    return bool(
        user.is_authenticated and user.is_staff_member and user.has_perm(VIEW_PERM)
    )


def may_manage(user: User) -> bool:
    return bool(user.is_authenticated and user.has_perm("credit.manage_evaluation"))


def may_prescore(user: User) -> bool:
    return bool(user.is_authenticated and user.has_perm("credit.prescore_evaluation"))


def scheme_spec(scheme: Scheme) -> SchemeSpec:
    return SchemeSpec(
        name=scheme.name,
        base_score=Decimal(scheme.base_score),
        is_example=scheme.is_example,
        indicators=[
            IndicatorSpec(
                i.code,
                i.aspect,
                i.name,
                i.source,
                i.points,
                i.cap,
                i.basis,
                i.is_example,
            )
            for i in scheme.indicators.all()
        ],
        grades=[
            GradeSpec(g.code, g.name, g.colour, g.min_score, g.is_worst, g.is_example)
            for g in scheme.grades.all()
        ],
        vetoes=[
            VetoSpec(v.code, v.text, v.source, v.basis, v.is_confirmed)
            for v in scheme.vetoes.all()
        ],
    )


def scheme_in_force(kind: str, day: date) -> Scheme | None:
    for scheme in Scheme.objects.filter(kind=kind, effective_from__lte=day):
        if scheme.in_force_on(day):
            return scheme
    return None


def scheme_list() -> QuerySet[Scheme]:
    return Scheme.objects.prefetch_related("indicators", "grades", "vetoes")


def year_list_for_user(user: User) -> QuerySet[EvaluationYear]:
    if not may_view(user):
        raise PermissionDenied("您没有查看信用评价的权限。")
    return EvaluationYear.objects.select_related("scheme")


def year_get_for_user(user: User, year: int) -> EvaluationYear:
    try:
        return year_list_for_user(user).get(year=year)
    except EvaluationYear.DoesNotExist as error:
        raise Http404("没有该年度的评价。") from error


def evaluation_list_for_user(
    user: User, *, year: int | None = None
) -> QuerySet[Evaluation]:
    if not may_view(user):
        return Evaluation.objects.none()
    qs = Evaluation.objects.filter(account_selectors.scope_q(user)).select_related(
        "enterprise", "evaluation_year", "district"
    )
    if year is not None:
        qs = qs.filter(evaluation_year__year=year)
    return qs


def evaluation_get_for_user(user: User, pk: int) -> Evaluation:
    """Staff in scope, or the enterprise's own account."""
    qs = Evaluation.objects.select_related("enterprise", "evaluation_year__scheme")
    if user.is_authenticated and user.is_public:
        enterprise = enterprise_selectors.enterprise_for_account(user)
        if enterprise is None:
            raise Http404("没有该评价。")
        qs = qs.filter(enterprise=enterprise)
    elif may_view(user):
        qs = qs.filter(account_selectors.scope_q(user))
    else:
        raise Http404("没有该评价。")
    try:
        return qs.get(pk=pk)
    except Evaluation.DoesNotExist as error:
        raise Http404("没有该评价。") from error


def evaluation_list_for_enterprise_account(user: User) -> QuerySet[Evaluation]:
    enterprise = enterprise_selectors.enterprise_for_account(user)
    if enterprise is None:
        return Evaluation.objects.none()
    return (
        Evaluation.objects.filter(enterprise=enterprise)
        .select_related("evaluation_year")
        .order_by("-evaluation_year__year")
    )


def shows_score(user: User, evaluation: Evaluation) -> bool:
    """An enterprise sees its own score and why once the city has pre-scored it;
    staff in scope always."""
    if user.is_public:
        return evaluation.status != "scoped"
    return True


def publication_ends(evaluation: Evaluation) -> date | None:
    """The day publication stops by itself (C10 maximum), for bad-credit grades."""
    severity = config.SEVERITY_OF_GRADE.get(evaluation.grade_code)
    if severity is None or evaluation.published_at is None:
        return None
    months = config.REPAIR_PERIODS[severity][1]
    return add_months(dates.local_date(evaluation.published_at), months)


def evaluation_list_public(*, year: int | None = None) -> list[Evaluation]:
    qs = Evaluation.objects.filter(
        status="published", published_at__isnull=False, repaired_at__isnull=True
    ).select_related("enterprise", "evaluation_year", "district")
    if year is not None:
        qs = qs.filter(evaluation_year__year=year)
    today = dates.local_date(timezone.now())
    return [
        e
        for e in qs.order_by("-evaluation_year__year", "enterprise__name")
        if (ends := publication_ends(e)) is None or today < ends
    ]


def objection_list(evaluation: Evaluation) -> QuerySet[Objection]:
    return evaluation.objections.order_by("-created_at")


def repair_list(evaluation: Evaluation) -> QuerySet[Repair]:
    return evaluation.repairs.order_by("-created_at")


def objection_get_for_manager(user: User, pk: int) -> Objection:
    qs = Objection.objects.filter(
        Q(evaluation__in=evaluation_list_for_user(user))
    ).select_related("evaluation")
    try:
        return qs.get(pk=pk)
    except Objection.DoesNotExist as error:
        raise Http404("没有该异议。") from error


def repair_get_for_manager(user: User, pk: int) -> Repair:
    qs = Repair.objects.filter(
        evaluation__in=evaluation_list_for_user(user)
    ).select_related("evaluation")
    try:
        return qs.get(pk=pk)
    except Repair.DoesNotExist as error:
        raise Http404("没有该修复申请。") from error


def enterprise_section_context(user: User, enterprise: Any) -> dict[str, Any]:
    """The credit section of the enterprise file (一企一档): its evaluations."""
    evaluations = evaluation_list_for_user(user).filter(enterprise=enterprise)
    return {"evaluations": list(evaluations.order_by("-evaluation_year__year")[:10])}
