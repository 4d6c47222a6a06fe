"""The minor-violation list (轻微违法行为目录清单; A97–A99): the case's facts checked
against one entry and the party's history; a match proposes 不予行政处罚 with
education; a head decides; the case closes without penalty with a numbered
不予行政处罚决定书. Item 11 needs the 法制工作委员会's recorded collective decision.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.core import records
from ecobureau.lib.rules import minor_exceedance
from ecobureau.monitoring import selectors as monitoring_selectors
from ecobureau.monitoring.models import Exceedance, FacilityFailure

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


# Item 4's conditions the enterprise's own failure report answers (A98).
FAILURE_CODES = ("report_hours", "measures_taken", "repair")


def is_failure_item(item: MinorViolationItem) -> bool:
    """Item 4: its conditions include the hours until the report."""
    return any(check["code"] == "report_hours" for check in item.checks)


def failure_reports(case: EnforcementCase) -> list[FacilityFailure]:
    """The case enterprise's own failure reports (monitoring, A98)."""
    return list(monitoring_selectors.failures_for_enterprise(case.enterprise_id))


def facts_from_failure(failure: FacilityFailure) -> dict[str, Any]:
    """Item 4 read from the enterprise's report: the hours from the failure's
    beginning to the report's receipt (server time), whether it took 停产、限产 or
    other measures, and whether it organised the repair."""
    hours = Decimal(
        int((failure.reported_at - failure.began_at).total_seconds())
    ) / Decimal(3600)
    return {
        "report_hours": hours.quantize(Decimal("0.01")),
        "measures_taken": bool(failure.measures),
        "repair": bool(failure.repair.strip()),
    }


def _item4_facts(
    *,
    case: EnforcementCase,
    facts: Mapping[str, Any],
    failure: FacilityFailure | None,
    paper_report: bool,
) -> dict[str, Any]:
    """The report picked overrides what was typed; without one, the typed facts
    stand only for a report made on paper, marked so."""
    if failure is not None:
        if failure.enterprise_id != case.enterprise_id:
            raise ValidationError("该故障报告不是本案当事人报送的。")
        return {**facts, **facts_from_failure(failure)}
    if not paper_report:
        raise ValidationError(
            "请选择企业报送的设施故障报告；企业以纸质方式报告的，"
            "请注明“纸质报告”后录入。"
        )
    return dict(facts)


def is_exceedance_item(item: MinorViolationItem) -> bool:
    """Item 3 (超标排放): its conditions include the exceedance multiple."""
    return any(check["code"] == "multiple" for check in item.checks)


def exceedance_episodes(case: EnforcementCase, user: User) -> list[Exceedance]:
    """The case enterprise's finished exceedance episodes the user may see
    (monitoring's scoped selector), newest first."""
    return list(
        monitoring_selectors.exceedance_list_for_user(user).filter(
            enterprise_id=case.enterprise_id, ongoing=False
        )[:50]
    )


def facts_from_exceedance(episode: Exceedance) -> dict[str, Any]:
    """Item 3 read from the monitoring module's episode, with the same readings
    as its own pre-check (`lib.rules.minor_exceedance`): the pollutant's class,
    the hours over the limit, and the extent — pH value, noise margin in dB, or
    the multiple (C − limit) / limit of the highest hourly mean."""
    facts: dict[str, Any] = {
        "not_excluded": not minor_exceedance.excluded(episode.code),
        "hours": Decimal(episode.hours),
    }
    if episode.code in minor_exceedance.PH_CODES:
        facts["ph"] = episode.max_value
    elif episode.code in minor_exceedance.NOISE_CODES:
        facts["noise_db"] = episode.max_value - episode.limit_value
    else:
        multiple = (episode.max_value - episode.limit_value) / episode.limit_value
        facts["multiple"] = multiple.quantize(Decimal("0.0001"))
    return facts


# The facts an episode answers; what it does not (e.g. 及时改正) stays typed.
EXCEEDANCE_CODES = ("not_excluded", "hours", "multiple", "ph", "noise_db")


def _item3_facts(
    *,
    case: EnforcementCase,
    facts: Mapping[str, Any],
    exceedance: Exceedance | None,
    manual_measurement: bool,
) -> dict[str, Any]:
    """The episode picked replaces the typed exceedance facts; without one, the
    typed facts stand only for a finding by on-site sampling, marked so."""
    if exceedance is not None:
        if exceedance.enterprise_id != case.enterprise_id:
            raise ValidationError("该超标时段不是本案当事人的。")
        if exceedance.ongoing:
            raise ValidationError("该超标时段尚未结束，持续时间未定，不能据此核对。")
        kept = {k: v for k, v in facts.items() if k not in EXCEEDANCE_CODES}
        return {**kept, **facts_from_exceedance(exceedance)}
    if not manual_measurement:
        raise ValidationError(
            "请选择在线监测的超标时段；超标系现场采样监测发现的，"
            "请注明“现场采样监测”后录入。"
        )
    return dict(facts)


@transaction.atomic
def minor_check(
    *,
    case: EnforcementCase,
    item: MinorViolationItem,
    facts: Mapping[str, Any],
    by: User,
    failure: FacilityFailure | None = None,
    paper_report: bool = False,
    exceedance: Exceedance | None = None,
    manual_measurement: bool = False,
) -> MinorViolationCheck:
    """Check the facts against one list entry. For item 4 the facts of the
    report come from the enterprise's own timestamped report (A98), or from a
    paper report typed by the officer and marked so."""
    if not selectors.is_officer_of_case(by, case):
        raise PermissionDenied("您不是本案的承办人员。")
    if case.status not in ("investigating", "investigated"):
        raise ValidationError("立案后、作出处理决定前方可核对轻微违法行为清单。")
    if not item.active:
        raise ValidationError("该清单条目已停用。")
    if is_failure_item(item):
        facts = _item4_facts(
            case=case, facts=facts, failure=failure, paper_report=paper_report
        )
    else:
        failure, paper_report = None, False
    if is_exceedance_item(item):
        facts = _item3_facts(
            case=case,
            facts=facts,
            exceedance=exceedance,
            manual_measurement=manual_measurement,
        )
    else:
        exceedance, manual_measurement = None, False
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
        raise ValidationError(
            gettext("%(error)s，请填写数字。") % {"error": error}
        ) from None
    check = MinorViolationCheck.objects.create(
        case=case,
        item=item,
        facts={k: str(v) if not isinstance(v, bool) else v for k, v in kept.items()},
        results=[result.as_dict() for result in results],
        prior_cases=prior,
        eligible=eligible,
        checked_by=by,
        checked_at=timezone.now(),
        failure=failure,
        paper_report=paper_report,
        exceedance=exceedance,
        manual_measurement=manual_measurement,
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
            "failure": failure.number if failure else None,
            "paper_report": paper_report,
            "exceedance": exceedance.pk if exceedance else None,
            "manual_measurement": manual_measurement,
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
    check.opinion = _text(opinion, gettext_noop("负责人意见"))
    check.decided_by = by
    check.decided_at = timezone.now()
    check.decision = decision
    if decision == MinorViolationCheck.Decision.NOT_PUNISHED:
        if not check.eligible:
            raise ValidationError("核对结果不符合清单适用条件，不能据此不予行政处罚。")
        check.education = _text(
            education, gettext_noop("教育内容（批评教育、普法宣传）")
        )
        if check.item.committee:
            check.committee_ref = _text(
                committee_ref,
                gettext_noop(
                    "法制工作委员会集体审议记录（清单第11项须经集体审议决定）"
                ),
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
