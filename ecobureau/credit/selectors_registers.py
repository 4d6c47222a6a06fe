"""Reads of the credit registers beside the evaluation: the province's published
results (省厅公布结果, kept beside the bureau's rating — decision 0010) and the
enterprises' annual environmental-information disclosure reports (企业环境信息依法
披露). Scoped like the evaluations (`selectors.may_view`, `may_manage`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.lib import dates

from . import config
from .models import DisclosureReport, Evaluation, ProvincialGrade, ProvincialImport
from .selectors import may_manage, may_view

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
