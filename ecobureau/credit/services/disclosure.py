"""The register of annual environmental-information disclosure reports
(企业环境信息依法披露年度报告), and offering a missed report to the evaluation."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Enterprise

from .. import config, selectors, selectors_registers
from ..models import Adjustment, DisclosureReport, Evaluation
from .common import _require, _today
from .evaluations import _may_act_for
from .provincial import FIRST_YEAR


@transaction.atomic
def disclosure_report_register(
    *, enterprise: Enterprise, year: int, disclosed_on: date, where: str, by: User
) -> DisclosureReport:
    """Register that `enterprise` disclosed its report for `year` on `disclosed_on`."""
    _require(
        selectors.may_manage(by) or selectors.may_prescore(by),
        "您不能登记环境信息依法披露报告。",
    )
    in_scope = enterprise_selectors.enterprise_list_for_user(by).filter(
        pk=enterprise.pk
    )
    _require(in_scope.exists(), "该企业不在您的数据范围内。")
    today = _today()
    if not FIRST_YEAR <= year < today.year:
        raise ValidationError(
            f"报告年度应为{FIRST_YEAR}年至{today.year - 1}年之间的年份。"
        )
    if disclosed_on > today:
        raise ValidationError("披露日期不能晚于今天。")
    if disclosed_on.year <= year:
        raise ValidationError(f"{year}年度报告的披露日期应在{year + 1}年或以后。")
    where = where.strip()
    if not where:
        raise ValidationError("请填写披露平台或网址。")
    if DisclosureReport.objects.filter(enterprise=enterprise, year=year).exists():
        raise ValidationError(f"该企业{year}年度报告已登记。")
    report = DisclosureReport.objects.create(
        enterprise=enterprise,
        year=year,
        disclosed_on=disclosed_on,
        where=where[:200],
        registered_by=by,
    )
    due = selectors_registers.disclosure_due(year)
    records.append(
        action="credit.disclosure.register",
        target=report,
        actor=by,
        data={
            "enterprise": enterprise.pk,
            "year": year,
            "disclosed_on": disclosed_on.isoformat(),
            "due": due.isoformat(),
            "late": disclosed_on > due,
        },
    )
    return report


@transaction.atomic
def disclosure_offer_accept(*, evaluation: Evaluation, by: User) -> Adjustment:
    """Count a missed or late report as the evaluation's disclosure indicator
    (N16 / L12), as the list entry 违反信息公开规定的行为 — a pre-scorer's choice."""
    _require(
        _may_act_for(by, evaluation) and not by.is_public,
        "您不能填报该企业的评价数据。",
    )
    if evaluation.status != "scoped":
        raise ValidationError("只有待初审的评价可以填报数据。")
    offer = selectors_registers.disclosure_offer(evaluation)
    if offer is None:
        raise ValidationError("该企业没有可计入的未按期披露情形。")
    if evaluation.adjustments.filter(reason=offer.reason).exists():
        raise ValidationError("该情形已计入本次评价。")
    adjustment = Adjustment.objects.create(
        evaluation=evaluation,
        indicator_code=offer.indicator_code,
        points=offer.points,
        reason=offer.reason,
        created_by=by,
    )
    records.append(
        action="credit.evaluation.adjust",
        target=evaluation,
        actor=by,
        data={
            "indicator": offer.indicator_code,
            "points": str(offer.points),
            "reason": offer.reason,
            "source": "disclosure_report",
            "basis": config.DISCLOSURE_REPORT_BASIS,
        },
    )
    return adjustment
