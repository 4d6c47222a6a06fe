"""From 调查终结 to the served penalty decision (issue 10).

- Discretion (裁量): the proposed penalty names the effective-dated standard entry
  and level it follows and the reasons (全过程记录实施办法 第十六条; rules.md P24:
  the Liaoning standard's content was not retrieved, so shipped entries are 示例配置).
- Summary procedure (简易程序, 行政处罚法第五十一条, rules.md P14): a warning, or a
  fine of at most 200 yuan (citizen) / 3,000 yuan (organisation), with the record
  of 全过程记录实施办法 第二十二条 (一)–(六); cash on the spot only up to 100 yuan.
- Ordinary procedure: 先行告知书 with the rights to state and defend and, where the
  thresholds apply (P5, P6), to a hearing; each point of the statement answered;
  a hearing request within 5 working days (P7), its notice 7 working days before
  the hearing (P8).
- Major decisions (集体审议规则 第三条 = 法制审核制度 第二条): legal review by three
  reviewers (第五条), 7 working days, 3 for a resubmission (第七条), at most 3 more
  (第八条), the six opinions (第十一条), the leader's signature (第六条), again when
  the penalty changes after statement or hearing (第九条); then the 审委会 with a
  quorum of 2/3 counting proxies (第七条), unanimity or the chair (第九条5).
- Decision: a numbered 行政处罚决定书; served within 7 working days (P9) by one of
  the five methods with its proof (第二十三–二十七条); the 90-day clock (P4).

This file holds proposing the penalty, the notice, statement and hearing. The
decision and its service live in `decision_issue`, the 90-day deadline in
`deadlines`, legal review in `reviews`, collective deliberation in `deliberation`,
the shared constants and helpers in `decision_common`; their public names are
re-exported here so `decisions.review_submit(...)` keeps working.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.lib import dates

from ..models import (
    DiscretionStandard,
    EnforcementCase,
    PenaltyDecision,
    StatementPoint,
)
from ..processes import (
    CASE,
    DECISION_BASIS,
    DECISION_DAYS,
    HEARING_NOTICE_DAYS,
)
from . import printing
from .deadlines import PAUSE_REASONS, deadline_extend, deadline_pause, deadline_resume
from .decision_common import (
    COMMITTEE_OFFICE_ROLES,
    DEADLINE_LABEL,
    DEADLINE_STEP,
    HEARING_FINE_DEFAULTS,
    HEARING_MEASURES,
    MAJOR_FINE,
    ON_THE_SPOT_CASH,
    RESUBMISSION_DAYS,
    REVIEW_BASIS,
    REVIEW_DAYS,
    REVIEW_EXTENSION_DAYS,
    REVIEW_PACKAGE,
    REVIEW_ROLE,
    REVIEW_STEP,
    REVIEWERS,
    SIGNER_ROLE,
    STAFF_ROLES,
    SUMMARY_FINE,
    M,
    _check_staff,
    _locked,
    _money,
    _record,
    _review_covers,
    add_workdays,
    deadline_clock,
    has_hearing_right,
    hearing_fine,
    hearing_request_due,
    major_reasons,
    quorum_met,
    review_unit_name,
    standard_in_force,
    summary_problems,
)
from .decision_issue import (
    SERVICE_PROOF,
    SUMMARY_RECORD,
    decide_check,
    decision_document_open,
    decision_make,
    decision_serve,
    serve_check,
    summary_check,
    summary_decide,
)
from .deliberation import (
    MemberVote,
    deliberation_chair_report,
    deliberation_record,
)
from .inspections import _text
from .reviews import (
    review_assign,
    review_extend,
    review_opinion,
    review_recuse,
    review_sign,
    review_submit,
)

# The public API of the penalty path, including what `reviews`, `deliberation` and
# `decision_common` define (callers use `decisions.<name>`).
__all__ = [
    "COMMITTEE_OFFICE_ROLES",
    "DEADLINE_LABEL",
    "DEADLINE_STEP",
    "HEARING_FINE_DEFAULTS",
    "HEARING_MEASURES",
    "MAJOR_FINE",
    "ON_THE_SPOT_CASH",
    "PAUSE_REASONS",
    "RESUBMISSION_DAYS",
    "REVIEWERS",
    "REVIEW_BASIS",
    "REVIEW_DAYS",
    "REVIEW_EXTENSION_DAYS",
    "REVIEW_PACKAGE",
    "REVIEW_ROLE",
    "REVIEW_STEP",
    "SERVICE_PROOF",
    "SIGNER_ROLE",
    "STAFF_ROLES",
    "SUMMARY_FINE",
    "SUMMARY_RECORD",
    "M",
    "MemberVote",
    "Penalty",
    "add_workdays",
    "deadline_clock",
    "deadline_extend",
    "deadline_pause",
    "deadline_resume",
    "decide_check",
    "decision_document_open",
    "decision_make",
    "decision_propose",
    "decision_serve",
    "deliberation_chair_report",
    "deliberation_record",
    "has_hearing_right",
    "hearing_check",
    "hearing_fine",
    "hearing_hold",
    "hearing_request",
    "hearing_request_due",
    "hearing_schedule",
    "hearing_waive",
    "major_reasons",
    "notice_issue",
    "notify_check",
    "penalty_change",
    "quorum_met",
    "review_assign",
    "review_extend",
    "review_opinion",
    "review_recuse",
    "review_sign",
    "review_submit",
    "review_unit_name",
    "serve_check",
    "standard_in_force",
    "statement_record",
    "summary_check",
    "summary_decide",
    "summary_problems",
]

# --- proposing the penalty ----------------------------------------------------------


@dataclass(frozen=True)
class Penalty:
    warning: bool = False
    fine: object = "0"
    daily_fine: bool = False
    measures: Sequence[str] = ()
    serious: bool = False
    other_major_reason: str = ""


def _apply_penalty(decision: PenaltyDecision, penalty: Penalty) -> None:
    unknown = set(penalty.measures) - set(M.values)
    if unknown:
        raise ValidationError(
            gettext("未知的处罚或措施：%(codes)s")
            % {"codes": gettext("、").join(sorted(unknown))}
        )
    decision.warning = penalty.warning
    decision.fine = _money(penalty.fine, gettext_noop("罚款"))
    decision.daily_fine = penalty.daily_fine
    decision.measures = sorted(set(penalty.measures))
    decision.serious = penalty.serious
    decision.other_major_reason = penalty.other_major_reason.strip()
    if not (decision.warning or decision.fine or decision.measures):
        raise ValidationError("请填写拟作出的处罚。")
    decision.major_reasons = major_reasons(decision)
    decision.major = bool(decision.major_reasons)
    decision.hearing_right = has_hearing_right(decision)


def _check_discretion(decision: PenaltyDecision, on: date) -> None:
    """The fine lies within the chosen level of a standard in force that day."""
    standard = decision.standard
    if standard is None:
        raise ValidationError("请选择适用的裁量基准。")
    if not (
        standard.effective_from <= on
        and (standard.effective_to is None or standard.effective_to >= on)
    ):
        raise ValidationError("所选裁量基准在决定之日未施行。")
    level = standard.level(decision.discretion_level)
    if level is None:
        raise ValidationError("请选择裁量基准中的裁量档次。")
    low = _money(level.get("min"), gettext_noop("档次下限"))
    high = _money(level.get("max") or "999999999", gettext_noop("档次上限"))
    if decision.fine and not (low <= decision.fine <= high):
        raise ValidationError(
            gettext(
                "罚款%(fine)s元不在“%(level)s”档次（%(low)s–%(high)s元）之内，"
                "请调整档次或金额。"
            )
            % {
                "fine": decision.fine,
                "level": decision.discretion_level,
                "low": low,
                "high": high,
            }
        )
    if not decision.discretion_reasons.strip():
        raise ValidationError("请说明裁量理由（考虑的情节和因素）。")


@transaction.atomic
def decision_propose(
    *,
    case: EnforcementCase,
    procedure: str,
    penalty: Penalty,
    facts: str,
    legal_basis: str,
    standard: DiscretionStandard | None,
    discretion_level: str,
    discretion_reasons: str,
    by: User,
    party_kind: str = PenaltyDecision.PartyKind.ORGANISATION,
) -> PenaltyDecision:
    """Propose (or revise before notice) the case's penalty with the discretion
    used. Starts the 90-day decision clock from filing (P4) the first time."""
    case = EnforcementCase.objects.select_for_update().get(pk=case.pk)
    _check_staff(by, case)
    if case.status != "investigated":
        raise ValidationError("调查终结后、先行告知前方可拟定处罚。")
    if procedure not in PenaltyDecision.Procedure.values:
        raise ValidationError("请选择程序。")
    if party_kind not in PenaltyDecision.PartyKind.values:
        raise ValidationError("请选择当事人类别。")
    decision = PenaltyDecision.objects.filter(case=case).first() or PenaltyDecision(
        case=case, created_by=by
    )
    if decision.pk and decision.supersessions.exists():
        # services/supersede.py: the proposal is the penalty the 复审 decided
        raise ValidationError(
            "本案依审委会复审撤回原决定、重新作出决定：拟作出的处罚为复审决定的处罚，"
            "不能重新拟定；陈述申辩后确需改变的，在先行告知后变更并重新法制审核。"
        )
    decision.procedure = procedure
    decision.party_kind = party_kind
    _apply_penalty(decision, penalty)
    decision.facts = _text(facts, gettext_noop("违法事实"))
    decision.legal_basis = _text(legal_basis, gettext_noop("处罚依据"))
    decision.standard = standard
    decision.discretion_level = discretion_level.strip()
    decision.discretion_reasons = discretion_reasons.strip()
    if procedure == PenaltyDecision.Procedure.SUMMARY:
        problems = summary_problems(decision)
        if problems:
            raise ValidationError(problems)
    _check_discretion(decision, dates.local_date(timezone.now()))
    decision.save()
    if deadline_clock(case) is None and case.filed_at is not None:
        casework_services.clock_start(
            target=case,
            step=DEADLINE_STEP,
            label=DEADLINE_LABEL,
            amount=DECISION_DAYS,
            unit="days",
            by=by,
            basis=DECISION_BASIS,
            started_at=case.filed_at,
            district=case.district,
        )
    _record(
        "decision_propose",
        decision,
        by,
        procedure=procedure,
        penalty=decision.penalty_key(),
        standard=standard.pk if standard else None,
        level=decision.discretion_level,
        major=decision.major_reasons,
    )
    return decision


# --- 先行告知, statement and defence, hearing ---------------------------------------


def notify_check(case: EnforcementCase) -> None:
    decision = PenaltyDecision.objects.filter(case=case).first()
    if decision is None or decision.procedure != PenaltyDecision.Procedure.ORDINARY:
        raise ValidationError("请先按普通程序拟定处罚。")
    if decision.notice_served_at is None:
        raise ValidationError("请填写先行告知书的送达时间。")
    if decision.major and _review_covers(decision) is None:
        raise ValidationError(
            "重大行政执法决定须先经法制审核（审核意见为同意并经局领导签批）方可先行告知。"
        )


@transaction.atomic
def notice_issue(
    *, decision: PenaltyDecision, served_at: datetime, by: User
) -> PenaltyDecision:
    """Issue the numbered 先行告知书 and record when it reached the party."""
    decision = _locked(decision)
    _check_staff(by, decision.case)
    if served_at > timezone.now():
        raise ValidationError("送达时间不能晚于现在。")
    decision.notice_served_at = served_at
    decision.save(update_fields=["notice_served_at", "updated_at"])
    casework_services.case_transition(
        process=CASE, case=decision.case, transition="notify", by=by
    )
    standard = decision.standard
    printing.issue(
        kind="enf_prior_notice",
        target=decision.case,
        by=by,
        context={
            "party": decision.case.enterprise.name,
            "facts": decision.facts,
            "basis": decision.legal_basis,
            "discretion": f"{standard.basis if standard else ''}（{decision.discretion_level}）",
            "penalty": decision.penalty_text(),
            "hearing": "是" if decision.hearing_right else "否",
        },
    )
    _record("notice_issue", decision, by, served_at=served_at.isoformat())
    return decision


@transaction.atomic
def statement_record(
    *,
    decision: PenaltyDecision,
    channel: str,
    point: str,
    answer: str,
    adopted: bool,
    by: User,
) -> StatementPoint:
    """One point of the party's statement or defence and the answer to it."""
    decision = _locked(decision)
    _check_staff(by, decision.case)
    if decision.case.status not in ("notified", "hearing"):
        raise ValidationError("先行告知后、作出决定前方可记录陈述申辩。")
    if channel not in StatementPoint.Channel.values:
        raise ValidationError("请选择陈述申辩的方式。")
    item = StatementPoint.objects.create(
        decision=decision,
        channel=channel,
        point=_text(point, gettext_noop("当事人的陈述、申辩意见")),
        answer=_text(answer, gettext_noop("复核意见（是否采纳及理由）")),
        adopted=adopted,
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    _record("statement_record", decision, by, point=item.pk, adopted=adopted)
    return item


@transaction.atomic
def penalty_change(
    *, decision: PenaltyDecision, penalty: Penalty, reason: str, by: User
) -> PenaltyDecision:
    """After statement, defence or hearing the penalty changes: recorded, and a
    major decision goes back to legal review (法制审核制度 第九条)."""
    decision = _locked(decision)
    _check_staff(by, decision.case)
    if decision.case.status not in ("notified", "hearing"):
        raise ValidationError("先行告知后、作出决定前方可变更拟作出的处罚。")
    before = decision.penalty_key()
    _apply_penalty(decision, penalty)
    _check_discretion(decision, dates.local_date(timezone.now()))
    if decision.penalty_key() == before:
        raise ValidationError("处罚内容没有变化。")
    decision.changes = [
        *decision.changes,
        {
            "at": timezone.now().isoformat(),
            "by": by.pk,
            "before": before,
            "after": decision.penalty_key(),
            "reason": _text(reason, gettext_noop("变更理由")),
        },
    ]
    decision.save()
    _record("penalty_change", decision, by, before=before, after=decision.penalty_key())
    return decision


def hearing_check(case: EnforcementCase) -> None:
    decision = case.decision
    if not decision.hearing_right:
        raise ValidationError("本案拟作出的处罚不适用听证。")
    if decision.hearing_requested_at is None:
        raise ValidationError("请填写当事人申请听证的时间。")
    due = hearing_request_due(decision)
    if due is not None and dates.local_date(decision.hearing_requested_at) > due:
        raise ValidationError(
            gettext("听证申请应在%(due)s前提出，已逾期。") % {"due": due}
        )


@transaction.atomic
def hearing_request(
    *, decision: PenaltyDecision, requested_at: datetime, by: User
) -> PenaltyDecision:
    """The party asked for a hearing (P7: within 5 working days of the notice)."""
    decision = _locked(decision)
    _check_staff(by, decision.case)
    decision.hearing_requested_at = requested_at
    decision.save(update_fields=["hearing_requested_at", "updated_at"])
    casework_services.case_transition(
        process=CASE, case=decision.case, transition="request_hearing", by=by
    )
    _record("hearing_request", decision, by, at=requested_at.isoformat())
    return decision


@transaction.atomic
def hearing_waive(*, decision: PenaltyDecision, how: str, by: User) -> PenaltyDecision:
    """The party declared in writing that it waives statement and hearing."""
    decision = _locked(decision)
    _check_staff(by, decision.case)
    if decision.case.status != "notified":
        raise ValidationError("只有在先行告知后方可记录放弃。")
    decision.hearing_waived = True
    decision.save(update_fields=["hearing_waived", "updated_at"])
    _record(
        "hearing_waive",
        decision,
        by,
        how=_text(how, gettext_noop("放弃的方式（如书面声明）")),
    )
    return decision


@transaction.atomic
def hearing_schedule(
    *,
    decision: PenaltyDecision,
    hearing_date: date,
    notified_on: date,
    place: str,
    by: User,
) -> PenaltyDecision:
    """P8: the party is told at least 7 working days before the hearing."""
    decision = _locked(decision)
    _check_staff(by, decision.case)
    if decision.case.status != "hearing":
        raise ValidationError("当事人申请听证后方可安排听证。")
    earliest = add_workdays(notified_on, HEARING_NOTICE_DAYS)
    if hearing_date < earliest:
        raise ValidationError(
            gettext(
                "应当在举行听证的七个工作日前通知当事人：通知日%(notified)s，"
                "听证最早为%(earliest)s。"
            )
            % {"notified": notified_on, "earliest": earliest}
        )
    decision.hearing_date = hearing_date
    decision.hearing_notified_on = notified_on
    decision.save(update_fields=["hearing_date", "hearing_notified_on", "updated_at"])
    printing.issue(
        kind="enf_hearing_notice",
        target=decision.case,
        by=by,
        context={
            "party": decision.case.enterprise.name,
            "date": f"{hearing_date.year}年{hearing_date.month}月{hearing_date.day}日",
            "place": _text(place, gettext_noop("听证地点")),
            "matter": f"拟作出的行政处罚（{decision.penalty_text()}）",
        },
    )
    _record("hearing_schedule", decision, by, date=hearing_date.isoformat())
    return decision


@transaction.atomic
def hearing_hold(
    *, decision: PenaltyDecision, record: str, by: User
) -> PenaltyDecision:
    decision = _locked(decision)
    _check_staff(by, decision.case)
    if decision.hearing_date is None:
        raise ValidationError("请先安排听证并通知当事人。")
    if dates.local_date(timezone.now()) < decision.hearing_date:
        raise ValidationError("听证日期未到。")
    decision.hearing_record = _text(record, gettext_noop("听证笔录摘要"))
    decision.hearing_held_at = timezone.now()
    decision.save(update_fields=["hearing_record", "hearing_held_at", "updated_at"])
    _record("hearing_hold", decision, by)
    return decision
