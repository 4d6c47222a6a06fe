"""A seal or seizure in a serious or high-impact case is a major decision
(集体审议规则 第三条2 = 法制审核制度 第二条（二）; requirements A38, A65b).

1. `measure_review_record`: the legal review — three `legal_reviewer`s study it
   together (第五条), none of the case's investigators (第十条), and one of them
   records the collective opinion, one of the six (第十一条).
2. `measure_review_sign`: the leader in charge of legal work signs it (第六条).
   Any opinion other than 同意 may be followed by another round.
3. `measure_deliberation_record`: the 审委会 meeting on the measure, after a
   signed 同意 review (as for a penalty): the roster's voting members on the day
   (第五条, `committee.check_meeting_roster`), quorum ≥ 2/3 with proxies
   (第七条, `quorum_met`), unanimity or else the chair decides (第九条5).
4. `measure_major_approval_propose`: once both agreed, a case officer proposes
   the head's approval (行政强制法第十八条(一)); only then can the head approve,
   and `measure_carry_out` checks both again.

The penalty path's `LegalReview` and `Deliberation` hang on the penalty decision,
which does not exist while the investigation runs, so the measure keeps its own
(`MeasureReview`, `MeasureDeliberation`); the 申请表 and notice of 第九条1、2 are
not made for a measure (the meeting is recorded as held).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.casework.models import Approval
from ecobureau.core import records

from .. import selectors
from ..models import (
    CompulsoryMeasure,
    DeliberationMember,
    MeasureDeliberation,
    MeasureReview,
)
from . import committee
from .decision_common import (
    COMMITTEE_OFFICE_ROLES,
    REVIEW_ROLE,
    REVIEWERS,
    SIGNER_ROLE,
    _check_role,
    quorum_met,
)
from .deliberation import MemberVote
from .inspections import _text
from .measures import (
    _lock,
    _propose_approval,
    _require_case_officer,
    agreed_review,
    concluded_deliberation,
    latest_review,
    major_cleared,
    major_refusal,
)

# A measure is agreed or not; 修改后同意 has no measure to amend (a changed measure
# is a new proposal).
VOTES = (DeliberationMember.Vote.AGREE, DeliberationMember.Vote.DISAGREE)


def _require_major_open(measure: CompulsoryMeasure) -> None:
    if not measure.major:
        raise ValidationError("该措施不属于重大行政执法决定，无须法制审核和集体审议。")
    waiting = measure.status == CompulsoryMeasure.Status.PROPOSED
    urgent_in_force = (
        measure.urgent and measure.status == CompulsoryMeasure.Status.IN_FORCE
    )
    if not (waiting or urgent_in_force):
        raise ValidationError("该措施已实施、解除或撤回。")
    if selectors.measure_approval(measure) is not None:
        raise ValidationError("已提请负责人批准。")
    refusal = major_refusal(measure)
    if refusal:
        raise ValidationError(f"{refusal}，不能继续办理。")


def _record(action: str, measure: CompulsoryMeasure, by: User, **data: object) -> None:
    records.append(
        action=f"enforcement.{action}",
        target=measure.case,
        actor=by,
        data={"measure": measure.pk, **data},
    )


@transaction.atomic
def measure_review_record(
    *,
    measure: CompulsoryMeasure,
    reviewers: Sequence[User],
    opinion: str,
    text: str,
    by: User,
) -> MeasureReview:
    """第五条, 第十条, 第十一条: three reviewers, no investigator, one opinion."""
    measure = _lock(measure)
    _require_major_open(measure)
    last = latest_review(measure)
    if last is not None and last.signed_at is None:
        raise ValidationError("上一次法制审核意见尚未签批。")
    if agreed_review(measure) is not None:
        raise ValidationError("法制审核已同意，无需再次审核。")
    unique = {user.pk: user for user in reviewers}
    if len(unique) != REVIEWERS:
        raise ValidationError(f"须由{REVIEWERS}名审核人员集体研究形成审核意见。")
    if by.pk not in unique:
        raise PermissionDenied("审核意见由参加审核的审核人员提出。")
    for user in unique.values():
        if not user.roles.filter(code=REVIEW_ROLE).exists():
            raise ValidationError(f"{user.display_name}不是法制审核人员。")
        if selectors.is_officer_of_case(user, measure.case):
            raise ValidationError(
                f"{user.display_name}是本案调查人员，应当回避（法制审核制度第十条）。"
            )
    if opinion not in MeasureReview.Opinion.values:
        raise ValidationError("请选择审核意见。")
    review = MeasureReview.objects.create(
        measure=measure,
        round=(last.round + 1) if last else 1,
        opinion=opinion,
        opinion_text=_text(text, "审核意见说明"),
        opinion_by=by,
        opinion_at=timezone.now(),
    )
    review.reviewers.set(unique.values())
    _record(
        "measure_review_record",
        measure,
        by,
        review=review.pk,
        round=review.round,
        reviewers=sorted(unique),
        opinion=opinion,
    )
    return review


@transaction.atomic
def measure_review_sign(*, measure: CompulsoryMeasure, by: User) -> MeasureReview:
    """第六条: the leader in charge of the legal section signs the opinion."""
    measure = _lock(measure)
    _check_role(by, (SIGNER_ROLE,), "审核意见签批")
    if not selectors.case_list_for_user(by).filter(pk=measure.case_id).exists():
        raise PermissionDenied("该案件不在您的数据范围内。")
    review = latest_review(measure)
    if review is None:
        raise ValidationError("尚未形成审核意见。")
    if review.signed_at is not None:
        raise ValidationError("已签批。")
    review.signed_by = by
    review.signed_at = timezone.now()
    review.save(update_fields=["signed_by", "signed_at"])
    _record(
        "measure_review_sign",
        measure,
        by,
        review=review.pk,
        opinion=review.opinion,
    )
    return review


@transaction.atomic
def measure_deliberation_record(
    *,
    measure: CompulsoryMeasure,
    chair: User,
    held_at: datetime,
    members: Sequence[MemberVote],
    minutes: str,
    by: User,
    chair_entrusted: bool = False,
    chair_outcome: str = "",
    outcome_text: str = "",
) -> MeasureDeliberation:
    """The 审委会 meeting on a major measure, after a signed 同意 review; without
    the quorum the attempt is recorded without outcome (第七条)."""
    measure = _lock(measure)
    _check_role(by, COMMITTEE_OFFICE_ROLES, "审委会会议记录")
    _require_major_open(measure)
    if agreed_review(measure) is None:
        raise ValidationError("提请审委会审议前，须有法制审核同意意见并经局领导签批。")
    if concluded_deliberation(measure) is not None:
        raise ValidationError("审委会已对该措施作出审议决定。")
    if held_at > timezone.now():
        raise ValidationError("会议时间不能晚于现在。")
    if not chair.roles.filter(code="bureau_leader").exists():
        raise ValidationError("会议由审委会主任（局长）或受委托的副局长主持。")
    seen = {m.member.pk for m in members}
    if len(seen) != len(members):
        raise ValidationError("委员重复。")
    committee.check_meeting_roster(
        held_at=held_at, chair=chair, chair_entrusted=chair_entrusted, member_ids=seen
    )
    Attendance = DeliberationMember.Attendance
    for m in members:
        if m.attendance not in Attendance.values:
            raise ValidationError("请选择出席情况。")
        if m.attendance == Attendance.PROXY and (
            m.proxy_to is None or m.proxy_to.pk not in seen
        ):
            raise ValidationError(
                f"{m.member.display_name}请假的，应委托其他参会人员行使表决权。"
            )
    attending = [m for m in members if m.attendance != Attendance.ABSENT]
    met = quorum_met(len(members), len(attending))
    unanimous, outcome = False, ""
    if met:
        votes = {m.vote for m in attending}
        if not votes or not votes <= set(VOTES):
            raise ValidationError(
                "请填写每位参会（含委托）委员的表决意见（同意或不同意）。"
            )
        unanimous = len(votes) == 1
        outcome = votes.pop() if unanimous else chair_outcome
        if outcome not in MeasureDeliberation.Outcome.values:
            raise ValidationError("意见不一致的，由主持人形成决定意见。")
    meeting = MeasureDeliberation.objects.create(
        measure=measure,
        held_at=held_at,
        chair=chair,
        chair_entrusted=chair_entrusted,
        expected=len(members),
        attending=len(attending),
        quorum_met=met,
        members=[
            {
                "member": m.member.pk,
                "name": m.member.display_name,
                "attendance": m.attendance,
                "proxy_to": m.proxy_to.pk if m.proxy_to else None,
                "vote": m.vote if met and m.attendance != Attendance.ABSENT else "",
                "opinion": m.opinion.strip(),
            }
            for m in members
        ],
        minutes=_text(minutes, "会议记录"),
        unanimous=unanimous,
        outcome=outcome,
        outcome_text=outcome_text.strip(),
        recorded_by=by,
    )
    _record(
        "measure_deliberation_record",
        measure,
        by,
        deliberation=meeting.pk,
        quorum_met=met,
        attending=len(attending),
        expected=len(members),
        outcome=outcome,
        chair_decided=met and not unanimous,
    )
    return meeting


@transaction.atomic
def measure_major_approval_propose(*, measure: CompulsoryMeasure, by: User) -> Approval:
    """Both agreed: the case officer proposes the head's approval (行政强制法
    第十八条(一)); for an urgent measure this is its 补办批准手续 (第十九条), after
    the report."""
    measure = _lock(measure)
    _require_case_officer(by, measure.case)
    _require_major_open(measure)
    if measure.urgent and measure.reported_at is None:
        raise ValidationError("请先向负责人报告当场实施的情况。")
    if not major_cleared(measure):
        raise ValidationError(
            "重大行政执法决定须经法制审核同意和审委会集体审议同意后，方可提请批准"
            "（集体审议规则第三条2）。"
        )
    approval = _propose_approval(measure, by)
    _record("measure_major_approval_propose", measure, by, approval=approval.pk)
    return approval
