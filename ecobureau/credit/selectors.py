"""Reads. Staff see evaluations inside their data scope (district / unit / city);
an enterprise account sees only its own enterprise's evaluations; the public sees
published results only (and not the ones repaired or past their publication period).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.http import Http404
from django.utils import timezone

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.lib import dates

from . import config
from .models import (
    DisclosureReport,
    Evaluation,
    EvaluationYear,
    Objection,
    ProvincialGrade,
    ProvincialImport,
    Repair,
    Scheme,
)
from .scoring import GradeSpec, IndicatorSpec, SchemeSpec, VetoSpec, add_months

if TYPE_CHECKING:
    from ecobureau.grid.selectors import CreditGrade

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


def scheme_values(scheme: Scheme) -> dict[str, object]:
    """The configurable values of a scheme, for the record of a revision."""
    return {
        "effective_from": scheme.effective_from.isoformat(),
        "indicators": {
            i.code: [str(i.points), str(i.cap), i.is_example]
            for i in scheme.indicators.all()
        },
        "grades": {
            g.code: [str(g.min_score), g.is_example] for g in scheme.grades.all()
        },
        "vetoes": {v.code: v.is_confirmed for v in scheme.vetoes.all()},
    }


def scheme_get(pk: int) -> Scheme:
    try:
        return scheme_list().get(pk=pk)
    except Scheme.DoesNotExist as error:
        raise Http404("没有该评价方案。") from error


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


# ---------------------------------------------------------------- consequences


@dataclass(frozen=True)
class GradeInForce:
    """The credit grade that applies to an enterprise on a day, and what follows
    from it (守信激励，失信惩戒; config.GRADE_CONSEQUENCES, 示例配置)."""

    evaluation_id: int
    year: int
    grade_code: str
    grade_name: str
    colour: str
    positive_list_eligible: bool
    suggested_class: str  # a grid supervision class (A/B/C) or "" = the rule's
    text: str
    basis: str = config.CONSEQUENCE_BASIS


def _in_force(evaluation: Evaluation, day: date) -> bool:
    if (
        evaluation.published_at is None
        or dates.local_date(evaluation.published_at) > day
    ):
        return False
    if (
        evaluation.repaired_at is not None
        and dates.local_date(evaluation.repaired_at) <= day
    ):
        return False
    ends = publication_ends(evaluation)
    return ends is None or day < ends


def consequence_of(evaluation: Evaluation) -> GradeInForce:
    eligible, klass, text = config.GRADE_CONSEQUENCES.get(
        evaluation.colour, (True, "", "")
    )
    return GradeInForce(
        evaluation.pk,
        evaluation.evaluation_year.year,
        evaluation.grade_code,
        evaluation.grade_name,
        evaluation.colour,
        eligible,
        klass,
        text,
    )


def grade_for(enterprise: Any, on_date: date) -> GradeInForce | None:
    """The latest published result of the enterprise in force on `on_date` (not
    repaired, within its publication period), or None. For other modules: grid's
    positive-list review and class rules may call this (read only, no scope: the
    published result is public)."""
    rows = (
        Evaluation.objects.filter(
            enterprise_id=getattr(enterprise, "pk", enterprise),
            status="published",
            published_at__isnull=False,
        )
        .select_related("evaluation_year")
        .order_by("-evaluation_year__year", "-published_at")
    )
    for evaluation in rows:
        if _in_force(evaluation, on_date):
            return consequence_of(evaluation)
    return None


def _in_force_by_enterprise(
    enterprise_ids: Sequence[int], on_date: date
) -> dict[int, Evaluation]:
    """Each enterprise's result in force on `on_date` (as `grade_for`), for many
    enterprises in one query."""
    rows = (
        Evaluation.objects.filter(
            enterprise_id__in=list(enterprise_ids),
            status="published",
            published_at__isnull=False,
        )
        .select_related("evaluation_year")
        .order_by("enterprise_id", "-evaluation_year__year", "-published_at")
    )
    found: dict[int, Evaluation] = {}
    for evaluation in rows:
        if evaluation.enterprise_id in found or not _in_force(evaluation, on_date):
            continue
        found[evaluation.enterprise_id] = evaluation
    return found


def colours_for(enterprise_ids: Sequence[int], on_date: date) -> dict[int, str]:
    """Each enterprise's grade colour in force on `on_date` (as `grade_for`), for
    many enterprises in one query: the lookup credit registers in grid's
    selectors (`register_credit_colour_lookup`), so grid's class follows the
    grade without importing credit."""
    return {
        pk: evaluation.colour
        for pk, evaluation in _in_force_by_enterprise(enterprise_ids, on_date).items()
        if evaluation.colour
    }


def grades_for(enterprise_ids: Sequence[int], on_date: date) -> dict[int, CreditGrade]:
    """Each enterprise's grade in force on `on_date` with its positive-list
    consequence (config.GRADE_CONSEQUENCES, 示例配置), as grid's `CreditGrade`,
    in one query: the lookup credit registers in grid's selectors
    (`register_credit_grade_lookup`) for the positive-list review."""
    from ecobureau.grid import selectors as grid_selectors

    grades: dict[int, CreditGrade] = {}
    for pk, evaluation in _in_force_by_enterprise(enterprise_ids, on_date).items():
        if not evaluation.colour:
            continue
        consequence = consequence_of(evaluation)
        grades[pk] = grid_selectors.CreditGrade(
            year=consequence.year,
            grade_name=consequence.grade_name,
            colour=consequence.colour,
            positive_list_eligible=consequence.positive_list_eligible,
            text=consequence.text,
            basis=consequence.basis,
        )
    return grades


def consequences_context(evaluation: Evaluation) -> dict[str, Any]:
    """What the grade means for this enterprise now: positive-list membership
    (enterprises) and the frequency of the suggested class (grid's policies)."""
    from ecobureau.grid import selectors as grid_selectors

    if evaluation.status != "published" or not evaluation.colour:
        return {}
    consequence = consequence_of(evaluation)
    policy = grid_selectors.policies().get(consequence.suggested_class)
    on_list = enterprise_selectors.on_positive_list(evaluation.enterprise)
    return {
        "consequence": consequence,
        "policy": policy,
        "on_positive_list": on_list,
        "should_leave_list": on_list and not consequence.positive_list_eligible,
    }


# --- The province's published results (省厅公布结果) ------------------------------


def provincial_grade_list_for_user(
    user: User, *, year: int | None = None, batch: ProvincialImport | None = None
) -> QuerySet[ProvincialGrade]:
    """Provincial grades of enterprises in the user's data scope."""
    if not may_view(user):
        return ProvincialGrade.objects.none()
    scoped = enterprise_selectors.enterprise_list_for_user(user).order_by()
    qs = ProvincialGrade.objects.filter(
        enterprise_id__in=scoped.values("pk")
    ).select_related("enterprise", "source")
    if year is not None:
        qs = qs.filter(year=year)
    if batch is not None:
        qs = qs.filter(source=batch)
    return qs.order_by("-year", "enterprise__name", "pk")


def provincial_import_get_for_user(user: User, pk: int) -> ProvincialImport:
    """An import batch, for credit staff who may import (its rows are then read
    through provincial_grade_list_for_user, so scope still applies)."""
    if not may_manage(user):
        raise PermissionDenied("只有信用评价人员可以查看导入记录。")
    try:
        return ProvincialImport.objects.get(pk=pk)
    except ProvincialImport.DoesNotExist as error:
        raise Http404("没有该导入记录。") from error


def provincial_for_evaluation(evaluation: Evaluation) -> dict[str, Any]:
    """The province's grade for the same enterprise and year, shown beside the
    city's; `provincial_differs` when both have a colour and they differ."""
    grade = (
        ProvincialGrade.objects.filter(
            enterprise_id=evaluation.enterprise_id,
            year=evaluation.evaluation_year.year,
        )
        .select_related("source")
        .first()
    )
    differs = bool(
        grade
        and grade.colour
        and evaluation.colour
        and grade.colour != evaluation.colour
    )
    return {"provincial": grade, "provincial_differs": differs}


# --- Annual environmental-information disclosure reports (企业环境信息依法披露) ------


def disclosure_due(year: int) -> date:
    """The day the report for `year` is due (config.DISCLOSURE_REPORT_DUE, 示例配置)."""
    month, day = config.DISCLOSURE_REPORT_DUE
    return date(year + 1, month, day)


def disclosure_missing_for_user(user: User, *, year: int, today: date) -> list[Any]:
    """Enterprises in the user's scope that must disclose (key sources, 示例配置)
    and have no report registered for `year`, once it is due; empty before."""
    if not may_view(user) or today <= disclosure_due(year):
        return []
    registered = DisclosureReport.objects.filter(year=year).values("enterprise_id")
    return list(
        enterprise_selectors.enterprise_list_for_user(user)
        .exclude(status="closed")
        .exclude(key_source="")
        .exclude(pk__in=registered)
    )


def disclosure_report_list_for_user(
    user: User, *, year: int
) -> QuerySet[DisclosureReport]:
    if not may_view(user):
        return DisclosureReport.objects.none()
    scoped = enterprise_selectors.enterprise_list_for_user(user).order_by()
    return (
        DisclosureReport.objects.filter(
            year=year, enterprise_id__in=scoped.values("pk")
        )
        .select_related("enterprise")
        .order_by("enterprise__name")
    )


@dataclass(frozen=True)
class DisclosureOffer:
    indicator_code: str
    points: Decimal
    reason: str


def disclosure_offer(evaluation: Evaluation) -> DisclosureOffer | None:
    """A missed or late report due in the evaluated year (the report for the
    year before), for a key source, offered as the scheme's disclosure indicator."""
    enterprise = evaluation.enterprise
    report_year = evaluation.evaluation_year.year - 1
    if not enterprise.key_source or report_year < 2014:
        return None
    due = disclosure_due(report_year)
    if dates.local_date(timezone.now()) <= due:
        return None
    indicator = (
        evaluation.evaluation_year.scheme.indicators.filter(source="disclosure")
        .order_by("order")
        .first()
    )
    if indicator is None:
        return None
    report = DisclosureReport.objects.filter(
        enterprise=enterprise, year=report_year
    ).first()
    if report is not None and report.disclosed_on <= due:
        return None
    what = (
        f"{report.disclosed_on.isoformat()}才披露"
        if report is not None
        else "未登记披露"
    )
    reason = (
        f"{report_year}年度企业环境信息依法披露报告应于{due.isoformat()}前披露，{what}"
        f"——{config.DISCLOSURE_REPORT_ENTRY}（种子000 轻微违法清单第8项；截止日期"
        f"{config.EXAMPLE_LABEL}）"
    )
    return DisclosureOffer(indicator.code, indicator.points, reason[:300])
