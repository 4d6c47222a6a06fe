"""Constants, pure rules and shared helpers of the penalty path (issue 10), used by
`decisions` (the decision path), `reviews` (legal review) and `deliberation`
(collective deliberation). Sources are cited where each constant is defined."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone
from django.utils.translation import gettext

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Clock
from ecobureau.core import calendar, records
from ecobureau.lib import dates, rules

from .. import selectors
from ..models import (
    DiscretionStandard,
    EnforcementCase,
    LegalReview,
    PenaltyDecision,
)
from ..processes import (
    CASE_DECIDERS,
    HEARING_REQUEST_DAYS,
)

M = PenaltyDecision.Measure

# 集体审议规则 第三条 1 / 法制审核制度 第二条（一）: 30万元以上（含30万元，不含按日计罚）.
MAJOR_FINE = Decimal("300000")
# 行政处罚法第五十一条 (P14).
SUMMARY_FINE: dict[str, Decimal] = {
    PenaltyDecision.PartyKind.CITIZEN: Decimal("200"),
    PenaltyDecision.PartyKind.ORGANISATION: Decimal("3000"),
}
ON_THE_SPOT_CASH = Decimal("100")  # 行政处罚法第六十八条
# 生态环境行政处罚办法第八十九条 (P5): 较大数额. Liaoning's own amounts are NOT
# CONFIRMED, so these are 示例配置.
HEARING_FINE_DEFAULTS: dict[str, Decimal] = {
    PenaltyDecision.PartyKind.CITIZEN: Decimal("5000"),
    PenaltyDecision.PartyKind.ORGANISATION: Decimal("200000"),
}
HEARING_MEASURES = {M.SUSPEND, M.REVOKE_PERMIT, M.CONFISCATE, M.RESTRICT}  # P6
REVIEW_DAYS = 7  # 法制审核制度 第七条
RESUBMISSION_DAYS = 3  # 第七条
REVIEW_EXTENSION_DAYS = 3  # 第八条
REVIEWERS = 3  # 第五条
REVIEW_BASIS = "鞍山市生态环境局重大行政执法决定法制审核制度第七条、第八条"
REVIEW_PACKAGE = (  # 第四条
    ("opinion_form", "重大行政执法决定法制审核意见表"),
    ("filing_form", "立案审批表"),
    ("report", "环境违法行为调查报告"),
    ("panel_record", "案件合议记录"),
    ("draft_notice", "行政处罚先行告知书（草拟）"),
)
REVIEW_STEP = "legal_review"
DEADLINE_STEP = "decision_deadline"
DEADLINE_LABEL = "处罚决定期限"
REVIEW_ROLE = "legal_reviewer"
SIGNER_ROLE = "bureau_leader"  # 第六条: 分管法制机构的局领导
COMMITTEE_OFFICE_ROLES = ("enforcement_head", REVIEW_ROLE, "bureau_leader")
STAFF_ROLES = ("enforcement_officer", "enforcement_head", *CASE_DECIDERS)


def review_unit_name() -> str:
    """A56: 法制审核制度 第一条 names 执法科 the reviewing body, 全过程记录 第十七条 calls
    it 法制科; the bureau's own name is a setting (default 执法科, the 审核制度's)."""
    return str(getattr(settings, "ENFORCEMENT_LEGAL_REVIEW_UNIT", "执法科"))


# --- pure rules ---------------------------------------------------------------------


# PenaltyDecision.Measure → the `major-decision` rule's measure names
# (CONTRACTS.md). 责令停产停业、关闭 is not 停产整治 (第三条3), so it is not passed as
# "suspend-production"; 没收 has no major ground.
RULE_MEASURES = {
    M.SEAL_SEIZURE: "seal",
    M.RESTRICT: "restrict-production",
    M.REVOKE_PERMIT: "revoke-permit",
    M.POLICE_DETENTION: "detention-transfer",
    M.POLICE_CRIMINAL: "criminal-transfer",
}


def major_rule_input(decision: PenaltyDecision) -> dict[str, Any]:
    return {
        "party": decision.party_kind,
        "fine": float(decision.fine),
        "daily_penalty": decision.daily_fine,
        "measures": sorted(
            {RULE_MEASURES[m] for m in decision.measures if m in RULE_MEASURES}
        ),
        "serious": decision.serious,
    }


def major_reasons(decision: PenaltyDecision, on: date | None = None) -> list[str]:
    """集体审议规则 第三条 (= 法制审核制度 第二条): why the decision is major.

    One source: grounds 1–5 are the lib `major-decision` rule's (CONTRACTS.md), so
    this page and `rules run major-decision` can never disagree. The seed's fine
    ground reads "对企事业单位和其他生产经营者处以30万元以上罚款", the contract "on any
    party": a party fined 300,000 yuan or more under environmental law is acting as
    a 生产经营者 (其他生产经营者 includes individual operators), which is why the two
    agree and a citizen party is not exempted here. Ground 6 (其他需审委会审议的重大
    案件, A50) is a reason given by hand, outside the rule."""
    day = on or dates.local_date(timezone.now())
    result = rules.get("major-decision", day).run(
        major_rule_input(decision),
        rules.RuleContext(as_of=day, calendar=calendar.current()),
    )
    reasons = list(result["reasons"])
    if decision.other_major_reason:
        reasons.append(
            f"其他需审委会审议的重大案件：{decision.other_major_reason}（第三条6）"
        )
    return reasons


def hearing_fine(party_kind: str) -> Decimal:
    """较大数额 (P5): 示例配置 until Liaoning's amounts are confirmed."""
    return HEARING_FINE_DEFAULTS[party_kind]


def has_hearing_right(decision: PenaltyDecision) -> bool:
    """行政处罚法第六十三条 (P5, P6)."""
    if decision.fine >= hearing_fine(decision.party_kind):
        return True
    return bool(HEARING_MEASURES & set(decision.measures))


def summary_problems(decision: PenaltyDecision) -> list[str]:
    """行政处罚法第五十一条: only a warning or a small fine, nothing else."""
    problems = []
    limit = SUMMARY_FINE[decision.party_kind]
    if decision.fine > limit:
        problems.append(
            gettext("简易程序罚款不得超过%(limit)s元（%(party)s）。")
            % {"limit": limit, "party": gettext(decision.get_party_kind_display())}
        )
    if decision.measures or decision.daily_fine:
        problems.append(gettext("简易程序只能给予警告或者小额罚款。"))
    if not decision.warning and not decision.fine:
        problems.append(gettext("请填写警告或者罚款。"))
    return problems


def add_workdays(day: date, count: int) -> date:
    """The `count`-th working day after `day` (the start day is not counted)."""
    cal = calendar.current()
    while count > 0:
        day += timedelta(days=1)
        if cal.is_workday(day):
            count -= 1
    return day


def hearing_request_due(decision: PenaltyDecision) -> date | None:
    if decision.notice_served_at is None:
        return None
    return add_workdays(
        dates.local_date(decision.notice_served_at), HEARING_REQUEST_DAYS
    )


def quorum_met(expected: int, attending: int) -> bool:
    """第七条: 2/3以上 of the members due, those who gave a proxy counted (以上
    includes the figure itself)."""
    return expected > 0 and attending * 3 >= expected * 2


# --- helpers ------------------------------------------------------------------------


def _roles(user: User) -> set[str]:
    return set(user.roles.values_list("code", flat=True))


def _check_staff(by: User, case: EnforcementCase) -> None:
    if not selectors.case_list_for_user(by).filter(pk=case.pk).exists():
        raise PermissionDenied("该案件不在您的数据范围内。")
    if selectors.is_officer_of_case(by, case):
        return
    if by.is_superuser or _roles(by) & set(CASE_DECIDERS):
        return
    raise PermissionDenied("您不是本案的承办人员或负责人。")


def _check_role(by: User, roles: Iterable[str], what: str) -> None:
    if not (by.is_superuser or _roles(by) & set(roles)):
        raise PermissionDenied(
            gettext("%(what)s须由相应岗位人员办理。") % {"what": gettext(what)}
        )


def _money(value: object, label: str) -> Decimal:
    try:
        amount = Decimal(str(value or "0")).quantize(Decimal("0.01"))
    except InvalidOperation:
        raise ValidationError(
            gettext("%(label)s请填写数字。") % {"label": gettext(label)}
        ) from None
    if amount < 0:
        raise ValidationError(
            gettext("%(label)s不能为负数。") % {"label": gettext(label)}
        )
    return amount


def _locked(decision: PenaltyDecision) -> PenaltyDecision:
    return PenaltyDecision.objects.select_for_update().get(pk=decision.pk)


def _record(
    action: str, decision: PenaltyDecision, by: User | None, **data: Any
) -> None:
    records.append(
        action=f"enforcement.{action}",
        target=decision.case,
        actor=by,
        data={"decision": decision.pk, **data},
    )


def standard_in_force(code: str, on: date) -> DiscretionStandard | None:
    return (
        DiscretionStandard.objects.filter(code=code, effective_from__lte=on)
        .exclude(effective_to__lt=on)
        .order_by("-effective_from")
        .first()
    )


def deadline_clock(case: EnforcementCase) -> Clock | None:
    return (
        casework_services.clocks_for(case)
        .filter(step=DEADLINE_STEP)
        .order_by("-pk")
        .first()
    )


def _review_covers(decision: PenaltyDecision) -> LegalReview | None:
    """The latest review, if signed, 同意, on the penalty as it stands."""
    review = decision.reviews.order_by("-round").first()
    if (
        review is not None
        and review.signed_at is not None
        and review.opinion == LegalReview.Opinion.AGREE
        and review.penalty == decision.penalty_key()
    ):
        return review
    return None
