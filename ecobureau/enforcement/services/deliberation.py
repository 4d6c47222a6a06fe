"""Collective deliberation (集体审议) of a major penalty decision: the 审委会 meeting,
quorum (第七条) and outcome (第九条5) (see `decisions` for the whole path)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from ecobureau.accounts.models import User

from ..models import (
    Deliberation,
    DeliberationMember,
    PenaltyDecision,
)
from . import committee
from .decision_common import (
    COMMITTEE_OFFICE_ROLES,
    _check_role,
    _locked,
    _money,
    _record,
    _review_covers,
    quorum_met,
)
from .inspections import _text

if TYPE_CHECKING:  # decisions re-exports this module: import it for types only
    from .decisions import Penalty

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
    amended: Penalty | None = None,
) -> Deliberation:
    """The 审委会 meeting on a major decision, on the team's open application
    (第九条1) after the office's notice (第九条2); a 复审 when the application is
    one (第十条). The members are the committee's voting members on the day
    (第五条, `committee.check_meeting_roster`). Quorum (第七条): present plus those
    who gave a proxy ≥ 2/3 of the members due; without it no decision is taken
    (the attempt is still recorded and the application stays open). 第九条5:
    unanimity, else the chair decides. A 复审 that decides 修改后作出决定 states
    the amended penalty (`amended`, 第十条1), which the 变更决定 must then carry."""
    decision = _locked(decision)
    _check_role(by, COMMITTEE_OFFICE_ROLES, gettext_noop("审委会会议记录"))
    if not decision.major:
        raise ValidationError("本案不属于须集体审议的重大行政执法决定。")
    application = committee.open_application(decision)
    review = bool(application and application.review)
    if not review and _review_covers(decision) is None:
        raise ValidationError(
            "提请审委会审议前，须有对当前处罚内容的法制审核同意意见。"
        )
    if application is None:
        raise ValidationError("请先由执法队提交集体审议申请表（集体审议规则第九条1）。")
    if not application.notices.exists():
        raise ValidationError(
            "审委会办公室应提前将会议时间、地点及议题通知参会人员（第九条2）。"
        )
    if not chair.roles.filter(code="bureau_leader").exists():
        raise ValidationError("会议由审委会主任（局长）或受委托的副局长主持。")
    seen = {m.member.pk for m in members}
    if len(seen) != len(members):
        raise ValidationError("委员重复。")
    committee.check_meeting_roster(
        held_at=held_at, chair=chair, chair_entrusted=chair_entrusted, member_ids=seen
    )
    attending_members = [
        m for m in members if m.attendance != DeliberationMember.Attendance.ABSENT
    ]
    for m in members:
        if m.attendance not in DeliberationMember.Attendance.values:
            raise ValidationError("请选择出席情况。")
        if m.attendance == DeliberationMember.Attendance.PROXY and (
            m.proxy_to is None or m.proxy_to.pk not in seen
        ):
            raise ValidationError(
                gettext("%(name)s请假的，应委托其他参会人员行使表决权。")
                % {"name": m.member}
            )
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
    amended_key = None
    if review and outcome == Deliberation.Outcome.AMEND:
        amended_key = _amended_key(decision, amended)
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
        minutes=_text(minutes, gettext_noop("会议记录")),
        unanimous=unanimous,
        outcome=outcome,
        outcome_text=outcome_text.strip(),
        amended_penalty=amended_key,
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
    if met:
        application.concluded_by = deliberation
        application.save(update_fields=["concluded_by"])
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
        application=application.pk,
        review=review,
        amended_penalty=amended_key,
    )
    return deliberation


def _amended_key(
    decision: PenaltyDecision, amended: Penalty | None
) -> dict[str, object]:
    """The amended penalty of a 复审 that decided 修改后作出决定, as a
    `penalty_key()`: required, and different from the served penalty put to the
    meeting (otherwise the 复审 upheld it)."""
    if amended is None:
        raise ValidationError(
            "复审决定“修改后作出决定”的，请填写修改后的处罚内容（罚款数额等）"
            "（集体审议规则第十条）。"
        )
    unknown = set(amended.measures) - set(PenaltyDecision.Measure.values)
    if unknown:
        raise ValidationError(
            gettext("未知的处罚或措施：%(codes)s")
            % {"codes": gettext("、").join(sorted(unknown))}
        )
    fine = _money(amended.fine, gettext_noop("修改后的罚款"))
    if not (amended.warning or fine or amended.measures):
        raise ValidationError("请填写复审决定修改后的处罚内容。")
    key: dict[str, object] = {
        "warning": amended.warning,
        "fine": str(fine),
        "daily_fine": amended.daily_fine,
        "measures": sorted(set(amended.measures)),
    }
    if key == decision.penalty_key():
        raise ValidationError(
            "修改后的处罚与原处罚决定相同；复审维持原决定的，请表决“同意”。"
        )
    return key


@transaction.atomic
def deliberation_chair_report(
    *, deliberation: Deliberation, report: str, reported_to: User, by: User
) -> Deliberation:
    """集体审议规则 第六条 (A53): a chair entrusted by the director reports the
    meeting's main points and decisions to the director afterwards; recorded once."""
    deliberation = Deliberation.objects.select_for_update().get(pk=deliberation.pk)
    if not deliberation.chair_entrusted:
        raise ValidationError("本次会议由审委会主任主持，无需汇报。")
    if by.pk != deliberation.chair_id:
        raise PermissionDenied("由受委托的主持人向主任汇报。")
    if deliberation.chair_reported_at is not None:
        raise ValidationError("已记录向主任的汇报。")
    if (
        reported_to.pk == by.pk
        or not reported_to.roles.filter(code="bureau_leader").exists()
    ):
        raise ValidationError("请选择审委会主任（局长）作为汇报对象。")
    deliberation.chair_report = _text(report, gettext_noop("汇报的主要情况及议定事项"))
    deliberation.chair_reported_to = reported_to
    deliberation.chair_reported_at = timezone.now()
    deliberation.save(
        update_fields=["chair_report", "chair_reported_to", "chair_reported_at"]
    )
    _record(
        "deliberation_chair_report",
        deliberation.decision,
        by,
        deliberation=deliberation.pk,
        reported_to=reported_to.pk,
    )
    return deliberation
