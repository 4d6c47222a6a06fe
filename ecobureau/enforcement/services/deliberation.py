"""Collective deliberation (集体审议) of a major penalty decision: the 审委会 meeting,
quorum (第七条) and outcome (第九条5) (see `decisions` for the whole path)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction

from ecobureau.accounts.models import User

from ..models import (
    Deliberation,
    DeliberationMember,
    PenaltyDecision,
)
from .decision_common import (
    COMMITTEE_OFFICE_ROLES,
    _check_role,
    _locked,
    _record,
    _review_covers,
    quorum_met,
)
from .inspections import _text

# --- collective deliberation (集体审议) ----------------------------------------------


@dataclass(frozen=True)
class MemberVote:
    member: User
    attendance: str
    vote: str = ""
    proxy_to: User | None = None
    opinion: str = ""


@transaction.atomic
def deliberation_record(
    *,
    decision: PenaltyDecision,
    chair: User,
    held_at: datetime,
    members: Sequence[MemberVote],
    minutes: str,
    by: User,
    chair_entrusted: bool = False,
    chair_outcome: str = "",
    outcome_text: str = "",
    review: bool = False,
) -> Deliberation:
    """The 审委会 meeting on a major decision. Quorum (第七条): present plus those
    who gave a proxy ≥ 2/3 of the members due; without it no decision is taken
    (the attempt is still recorded). 第九条5: unanimity, else the chair decides."""
    decision = _locked(decision)
    _check_role(by, COMMITTEE_OFFICE_ROLES, "审委会会议记录")
    if not decision.major:
        raise ValidationError("本案不属于须集体审议的重大行政执法决定。")
    if not review and _review_covers(decision) is None:
        raise ValidationError(
            "提请审委会审议前，须有对当前处罚内容的法制审核同意意见。"
        )
    if not chair.roles.filter(code="bureau_leader").exists():
        raise ValidationError("会议由审委会主任（局长）或受委托的副局长主持。")
    seen = {m.member.pk for m in members}
    if len(seen) != len(members):
        raise ValidationError("委员重复。")
    attending_members = [
        m for m in members if m.attendance != DeliberationMember.Attendance.ABSENT
    ]
    for m in members:
        if m.attendance not in DeliberationMember.Attendance.values:
            raise ValidationError("请选择出席情况。")
        if m.attendance == DeliberationMember.Attendance.PROXY and (
            m.proxy_to is None or m.proxy_to.pk not in seen
        ):
            raise ValidationError(f"{m.member}请假的，应委托其他参会人员行使表决权。")
    expected, attending = len(members), len(attending_members)
    met = quorum_met(expected, attending)
    unanimous = False
    outcome = ""
    if met:
        votes = {m.vote for m in attending_members}
        if "" in votes or not votes <= set(DeliberationMember.Vote.values):
            raise ValidationError("请填写每位参会（含委托）委员的表决意见。")
        unanimous = len(votes) == 1
        if unanimous:
            outcome = votes.pop()
        else:
            if chair_outcome not in Deliberation.Outcome.values:
                raise ValidationError("意见不一致的，由主持人形成决定意见。")
            outcome = chair_outcome
    last = decision.deliberations.order_by("-round").first()
    deliberation = Deliberation.objects.create(
        decision=decision,
        round=(last.round + 1) if last else 1,
        review=review,
        held_at=held_at,
        chair=chair,
        chair_entrusted=chair_entrusted,
        expected=expected,
        attending=attending,
        quorum_met=met,
        penalty=decision.penalty_key(),
        minutes=_text(minutes, "会议记录"),
        unanimous=unanimous,
        outcome=outcome,
        outcome_text=outcome_text.strip(),
        recorded_by=by,
    )
    DeliberationMember.objects.bulk_create(
        DeliberationMember(
            deliberation=deliberation,
            member=m.member,
            attendance=m.attendance,
            proxy_to=m.proxy_to,
            vote=m.vote if met else "",
            opinion=m.opinion,
        )
        for m in members
    )
    _record(
        "deliberation_record",
        decision,
        by,
        deliberation=deliberation.pk,
        quorum_met=met,
        attending=attending,
        expected=expected,
        outcome=outcome,
        chair_decided=met and not unanimous,
    )
    return deliberation
