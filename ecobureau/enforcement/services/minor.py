"""The minor-violation list (轻微违法行为目录清单; A97–A99): the case's facts checked
against one entry and the party's history; a match proposes 不予行政处罚 with
education; a head decides; the case closes without penalty with a numbered
不予行政处罚决定书. Item 11 needs the 法制工作委员会's recorded collective decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.core import records

from .. import minor, selectors
from ..models import EnforcementCase, MinorViolationCheck, MinorViolationItem
from ..processes import CASE, CASE_DECIDERS
from . import printing
from .inspections import _text


def lookback_months() -> int:
    """How far back 首次被发现 looks (MINOR_VIOLATION_LOOKBACK_MONTHS, default 12,
    示例配置; the same setting as the monitoring module's pre-check)."""
    return int(getattr(settings, "MINOR_VIOLATION_LOOKBACK_MONTHS", 12))


def prior_violations(case: EnforcementCase) -> int:
    """Other cases of the same party opened in the look-back period before this
    one, except those declined at filing (no violation was established)."""
    since = case.created_at - timedelta(days=30 * lookback_months())
    return (
        EnforcementCase.objects.filter(
            enterprise_id=case.enterprise_id,
            created_at__gte=since,
            created_at__lt=case.created_at,
        )
        .exclude(pk=case.pk)
        .exclude(status="not_filed")
        .count()
    )


@transaction.atomic
def minor_check(
    *,
    case: EnforcementCase,
    item: MinorViolationItem,
    facts: Mapping[str, Any],
    by: User,
) -> MinorViolationCheck:
    """Check the facts an officer entered against one list entry."""
    if not selectors.is_officer_of_case(by, case):
        raise PermissionDenied("您不是本案的承办人员。")
    if case.status not in ("investigating", "investigated"):
        raise ValidationError("立案后、作出处理决定前方可核对轻微违法行为清单。")
    if not item.active:
        raise ValidationError("该清单条目已停用。")
    codes = {check["code"] for check in item.checks} | {"self_reported"}
    kept = {k: v for k, v in facts.items() if k in codes and v not in (None, "")}
    prior = prior_violations(case)
    try:
        eligible, results = minor.evaluate(
            checks=item.checks,
            first_time=item.first_time,
            facts=kept,
            prior_cases=prior,
            lookback_months=lookback_months(),
        )
    except ValueError as error:
        raise ValidationError(f"{error}，请填写数字。") from None
    check = MinorViolationCheck.objects.create(
        case=case,
        item=item,
        facts={k: str(v) if not isinstance(v, bool) else v for k, v in kept.items()},
        results=[result.as_dict() for result in results],
        prior_cases=prior,
        eligible=eligible,
        checked_by=by,
        checked_at=timezone.now(),
    )
    records.append(
        action="enforcement.minor_check",
        target=case,
        actor=by,
        data={
            "check": check.pk,
            "item": f"{item.number}-{item.part}",
            "eligible": eligible,
            "prior_cases": prior,
        },
    )
    return check


@transaction.atomic
def minor_decide(
    *,
    check: MinorViolationCheck,
    decision: str,
    opinion: str,
    by: User,
    education: str = "",
    committee_ref: str = "",
) -> MinorViolationCheck:
    """The head decides on the proposal. 同意: the case closes without penalty,
    with the education recorded and a 不予行政处罚决定书 issued."""
    check = MinorViolationCheck.objects.select_for_update().get(pk=check.pk)
    case = check.case
    if not (by.is_superuser or by.roles.filter(code__in=CASE_DECIDERS).exists()):
        raise PermissionDenied("不予行政处罚须由负责人决定。")
    if not selectors.case_list_for_user(by).filter(pk=case.pk).exists():
        raise PermissionDenied("该案件不在您的数据范围内。")
    if check.decision:
        raise ValidationError("已作出决定。")
    if decision not in MinorViolationCheck.Decision.values:
        raise ValidationError("请选择决定。")
    check.opinion = _text(opinion, "负责人意见")
    check.decided_by = by
    check.decided_at = timezone.now()
    check.decision = decision
    if decision == MinorViolationCheck.Decision.NOT_PUNISHED:
        if not check.eligible:
            raise ValidationError("核对结果不符合清单适用条件，不能据此不予行政处罚。")
        check.education = _text(education, "教育内容（批评教育、普法宣传）")
        if check.item.committee:
            check.committee_ref = _text(
                committee_ref,
                "法制工作委员会集体审议记录（清单第11项须经集体审议决定）",
            )
    check.save()
    records.append(
        action="enforcement.minor_decide",
        target=case,
        actor=by,
        data={"check": check.pk, "decision": decision},
    )
    if decision == MinorViolationCheck.Decision.NOT_PUNISHED:
        casework_services.case_transition(
            process=CASE, case=case, transition="close_minor", by=by
        )
        item = check.item
        printing.issue(
            kind="enf_minor_decision",
            target=case,
            by=by,
            context={
                "party": case.enterprise.name,
                "facts": case.facts,
                "item": f"{minor.LIST_TITLE}第{item.number}项",
                "conditions": item.conditions_text.rstrip("。"),
                "education": check.education,
            },
        )
    return check


def close_check(case: EnforcementCase) -> None:
    """The case closes without penalty only on an eligible check a head approved."""
    approved = case.minor_checks.filter(
        eligible=True, decision=MinorViolationCheck.Decision.NOT_PUNISHED
    )
    if not approved.exists():
        raise ValidationError("没有经负责人同意的轻微违法不予处罚意见。")
    if case.measures.filter(status="in_force").exists():
        raise ValidationError("尚有实施中的查封、扣押，请先解除。")
