"""A seal or seizure in a serious or high-impact case is a major decision
(集体审议规则 第三条2 = 法制审核制度 第二条（二）; requirements A38, A65b).

1. `measure_review_record`: the legal review — three `legal_reviewer`s study it
   together (第五条), none of the case's investigators (第十条), and one of them
   records the collective opinion, one of the six (第十一条).
2. `measure_review_sign`: the leader in charge of legal work signs it (第六条);
   the signed opinion is issued as a numbered 重大行政执法决定法制审核意见表
   (第六条, A58; the measure's variant of the penalty's form, same 法审 series).
   Any opinion other than 同意 may be followed by another round.
3. `measure_deliberation_apply`: the case team submits the 集体审议申请表, a
   numbered document (第九条1), after a signed 同意 review;
   `measure_deliberation_notify`: the committee office notifies the
   participants of the time, place and agenda the director agreed (第九条2).
   Both through `committee`'s builders, as for a penalty.
4. `measure_deliberation_record`: the 审委会 meeting on the measure, on the open
   application after its notice (as for a penalty): the roster's voting members
   on the day (第五条, `committee.check_meeting_roster`), quorum ≥ 2/3 with
   proxies (第七条, `quorum_met`), unanimity or else the chair decides (第九条5).
5. `measure_major_approval_propose`: once both agreed, a case officer proposes
   the head's approval (行政强制法第十八条(一)); only then can the head approve,
   and `measure_carry_out` checks both again.
6. An urgent measure in force (第十九条) that the signed review or the committee
   refuses (不同意) is released in the same transaction (`measures.
   release_on_refusal`: 解除决定书, clocks stopped, record): "应当立即解除".

`major_queue_for_user` lists the major measures waiting for the reader's step.

The penalty path's `LegalReview`, `Deliberation` and `DeliberationApplication`
hang on the penalty decision, which does not exist while the investigation runs,
so the measure keeps its own (`MeasureReview`, `MeasureDeliberation`,
`MeasureDeliberationApplication` with its notices).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from ecobureau.accounts.models import User
from ecobureau.casework.models import Approval, Document
from ecobureau.core import records
from ecobureau.lib import dates

from .. import measure_documents, selectors
from ..models import (
    CompulsoryMeasure,
    DeliberationMember,
    MeasureDeliberation,
    MeasureDeliberationApplication,
    MeasureDeliberationNotice,
    MeasureReview,
)
from . import committee, printing
from .decision_common import (
    COMMITTEE_OFFICE_ROLES,
    REVIEW_ROLE,
    REVIEWERS,
    SIGNER_ROLE,
    _check_role,
    quorum_met,
    review_unit_name,
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
from .measures_urgent import release_on_refusal
from .reviews import MEASURE_REVIEW_CHECKLIST, checked_items, checklist_lines

measure_documents.register_kinds()

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
        raise ValidationError(
            gettext("%(refusal)s，不能继续办理。") % {"refusal": gettext(refusal)}
        )


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
    checklist: Mapping[str, bool],
    by: User,
) -> MeasureReview:
    """第五条, 第十条, 第十一条: three reviewers, no investigator, one opinion
    after the 第三条 items that bear on a measure, each recorded (同意 only when
    all hold)."""
    measure = _lock(measure)
    _require_major_open(measure)
    last = latest_review(measure)
    if last is not None and last.signed_at is None:
        raise ValidationError("上一次法制审核意见尚未签批。")
    if agreed_review(measure) is not None:
        raise ValidationError("法制审核已同意，无需再次审核。")
    unique = {user.pk: user for user in reviewers}
    if len(unique) != REVIEWERS:
        raise ValidationError(
            gettext("须由%(count)s名审核人员集体研究形成审核意见。")
            % {"count": REVIEWERS}
        )
    if by.pk not in unique:
        raise PermissionDenied("审核意见由参加审核的审核人员提出。")
    for user in unique.values():
        if not user.roles.filter(code=REVIEW_ROLE).exists():
            raise ValidationError(
                gettext("%(name)s不是法制审核人员。") % {"name": user.display_name}
            )
        if selectors.is_officer_of_case(user, measure.case):
            raise ValidationError(
                gettext("%(name)s是本案调查人员，应当回避（法制审核制度第十条）。")
                % {"name": user.display_name}
            )
    if opinion not in MeasureReview.Opinion.values:
        raise ValidationError("请选择审核意见。")
    items = checked_items(MEASURE_REVIEW_CHECKLIST, checklist, opinion)
    review = MeasureReview.objects.create(
        measure=measure,
        round=(last.round + 1) if last else 1,
        checklist=items,
        opinion=opinion,
        opinion_text=_text(text, gettext_noop("审核意见说明")),
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
    """第六条: the leader in charge of the legal section signs the opinion; the
    signed opinion goes out as a numbered 法制审核意见表. A signed 不同意 (第十一条
    (二)) releases an urgent measure in force at once (行政强制法第十九条)."""
    measure = _lock(measure)
    _check_role(by, (SIGNER_ROLE,), gettext_noop("审核意见签批"))
    if not selectors.case_list_for_user(by).filter(pk=measure.case_id).exists():
        raise PermissionDenied("该案件不在您的数据范围内。")
    review = latest_review(measure)
    if review is None:
        raise ValidationError("尚未形成审核意见。")
    if review.signed_at is not None:
        raise ValidationError("已签批。")
    _require_major_open(measure)
    review.signed_by = by
    review.signed_at = timezone.now()
    review.save(update_fields=["signed_by", "signed_at"])
    document = _issue_opinion_form(measure, review, by)
    _record(
        "measure_review_sign",
        measure,
        by,
        review=review.pk,
        opinion=review.opinion,
        document=document.reference,
    )
    if review.opinion == MeasureReview.Opinion.DISAGREE:
        _release_if_in_force(measure, by)
    return review


def _issue_opinion_form(
    measure: CompulsoryMeasure, review: MeasureReview, by: User
) -> Document:
    """第六条 (A58): the signed opinion as a numbered form, filed with the measure
    and shown to the case team (never to the party)."""
    case = measure.case
    assert review.signed_at is not None
    return printing.issue(
        kind=measure_documents.MEASURE_REVIEW_OPINION_KIND,
        target=measure,
        by=by,
        context={
            "unit": review_unit_name(),
            "case": f"案件#{case.pk}",
            "party": case.enterprise.name,
            "round": f"第{review.round}次",
            "measure": _proposal_text(measure),
            "grounds": "；".join(measure.major_grounds) or "—",
            "checklist": checklist_lines(review),
            "opinion": review.get_opinion_display(),
            "text": review.opinion_text,
            "reviewers": "、".join(
                u.display_name for u in review.reviewers.order_by("pk")
            ),
            "signer": by.display_name,
            "signed_on": dates.local_date(review.signed_at).isoformat(),
        },
    )


def _proposal_text(measure: CompulsoryMeasure) -> str:
    urgent = "（情况紧急，已当场实施）" if measure.urgent else ""
    return (
        f"{measure.get_kind_display()}{urgent}：{'；'.join(measure.items)}"
        f"（地点：{measure.place}）"
    )


def _release_if_in_force(measure: CompulsoryMeasure, by: User) -> None:
    """行政强制法第十九条: a refused urgent measure is released at once — by the
    refusal itself, in its transaction."""
    if measure.urgent and measure.status == CompulsoryMeasure.Status.IN_FORCE:
        release_on_refusal(measure=measure, why=major_refusal(measure), by=by)


# --- 集体审议规则 第九条1、2: the 申请表 and the office's notice --------------------------


def open_application(
    measure: CompulsoryMeasure,
) -> MeasureDeliberationApplication | None:
    """The application not yet concluded by a meeting with quorum."""
    return (
        measure.deliberation_applications.filter(concluded_by__isnull=True)
        .select_related("document")
        .order_by("-applied_at", "-pk")
        .first()
    )


@transaction.atomic
def measure_deliberation_apply(
    *, measure: CompulsoryMeasure, by: User
) -> MeasureDeliberationApplication:
    """第九条1: the case team (its officers, or the team's head) submits the
    集体审议申请表 — a numbered document built from the case and the measure —
    once the legal review agreed and was signed."""
    measure = _lock(measure)
    case = measure.case
    committee._require_team(by, case, gettext_noop("集体审议申请表"))
    _require_major_open(measure)
    review = agreed_review(measure)
    if review is None or review.signed_at is None:
        raise ValidationError("提请集体审议前，须有法制审核同意意见并经局领导签批。")
    if concluded_deliberation(measure) is not None:
        raise ValidationError("审委会已对该措施作出审议决定。")
    if open_application(measure) is not None:
        raise ValidationError("已提交集体审议申请，尚待审委会审议。")
    document = printing.issue(
        kind=committee.MEASURE_APPLICATION_KIND,
        target=measure,
        by=by,
        context=committee.application_context_for(
            case,
            matter="重大行政执法决定集体审议（查封、扣押）",
            facts=f"{case.facts} 拟采取措施的理由：{measure.reason}",
            basis=measure.basis,
            proposal=_proposal_text(measure),
            reasons=[*measure.major_grounds, measure.serious_reason],
            review=committee.review_line(
                review.round, review.get_opinion_display(), review.signed_at
            ),
        ),
    )
    application = MeasureDeliberationApplication.objects.create(
        measure=measure,
        document=document,
        applied_by=by,
        applied_at=timezone.now(),
    )
    _record(
        "measure_deliberation_apply",
        measure,
        by,
        application=application.pk,
        document=document.reference,
    )
    return application


@transaction.atomic
def measure_deliberation_notify(
    *,
    application: MeasureDeliberationApplication,
    meeting_at: datetime,
    place: str,
    agenda: str,
    agreed_by: User,
    by: User,
) -> MeasureDeliberationNotice:
    """第九条2: once the director agreed the date, the committee office notifies
    the participants (the roster and the case's officers, 第七条, 第九条3) in
    advance of the meeting's time, place and agenda."""
    _check_role(by, COMMITTEE_OFFICE_ROLES, gettext_noop("审委会会议通知"))
    application = MeasureDeliberationApplication.objects.select_for_update().get(
        pk=application.pk
    )
    measure = _lock(application.measure)
    if not selectors.measure_list_for_user(by).filter(pk=measure.pk).exists():
        raise PermissionDenied("该案件不在您的数据范围内。")
    if application.concluded_by_id is not None:
        raise ValidationError("该申请已经审委会审议。")
    _require_major_open(measure)
    day = committee.notice_check(meeting_at=meeting_at, agreed_by=agreed_by)
    participants = committee.participants_on(day, measure.case.officers.all())
    notice = MeasureDeliberationNotice.objects.create(
        application=application,
        meeting_at=meeting_at,
        place=_text(place, gettext_noop("会议地点")),
        agenda=_text(agenda, gettext_noop("议题")),
        agreed_by=agreed_by,
        issued_by=by,
        issued_at=timezone.now(),
    )
    notice.participants.set(participants)
    _record(
        "measure_deliberation_notify",
        measure,
        by,
        notice=notice.pk,
        meeting_at=meeting_at,
        participants=[u.pk for u in participants],
    )
    committee.notice_send(
        participants=participants,
        meeting_at=meeting_at,
        place=notice.place,
        agenda=notice.agenda,
        url=reverse("enforcement:measure-detail", args=[measure.pk]),
    )
    return notice


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
    """The 审委会 meeting on a major measure, after a signed 同意 review, on the
    open application after its notice (第九条1、2); without the quorum the
    attempt is recorded without outcome and the application stays open (第七条).
    A 不同意 releases an urgent measure in force at once (行政强制法第十九条)."""
    measure = _lock(measure)
    _check_role(by, COMMITTEE_OFFICE_ROLES, gettext_noop("审委会会议记录"))
    _require_major_open(measure)
    if agreed_review(measure) is None:
        raise ValidationError("提请审委会审议前，须有法制审核同意意见并经局领导签批。")
    if concluded_deliberation(measure) is not None:
        raise ValidationError("审委会已对该措施作出审议决定。")
    application = open_application(measure)
    if application is None:
        raise ValidationError(
            "请先由承办人员提交集体审议申请表（集体审议规则第九条1）。"
        )
    if not application.notices.exists():
        raise ValidationError(
            "审委会办公室应提前将会议时间、地点及议题通知参会人员（第九条2）。"
        )
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
                gettext("%(name)s请假的，应委托其他参会人员行使表决权。")
                % {"name": m.member.display_name}
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
        minutes=_text(minutes, gettext_noop("会议记录")),
        unanimous=unanimous,
        outcome=outcome,
        outcome_text=outcome_text.strip(),
        recorded_by=by,
    )
    if met:
        application.concluded_by = meeting
        application.save(update_fields=["concluded_by"])
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
        application=application.pk,
    )
    if outcome == MeasureDeliberation.Outcome.DISAGREE:
        _release_if_in_force(measure, by)
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


# --- the queue: what waits for the reader's step -----------------------------------

STEPS = {
    "review": "待法制审核",
    "sign": "待局领导签批审核意见",
    "apply": "待提交集体审议申请表",
    "notify": "待发审委会会议通知",
    "meeting": "待记录审委会会议",
}


@dataclass(frozen=True)
class QueueItem:
    measure: CompulsoryMeasure
    step: str
    since: datetime | None  # when the step fell due (a meeting: its notified time)

    @property
    def label(self) -> str:
        return STEPS[self.step]


def major_step(measure: CompulsoryMeasure) -> tuple[str, datetime | None]:
    """The next step of an open major measure before the head's approval, and
    since when it waits ("" once both agreed: the officer proposes it)."""
    review = latest_review(measure)
    if review is None:
        return "review", measure.created_at
    if review.signed_at is None:
        return "sign", review.opinion_at
    if review.opinion != MeasureReview.Opinion.AGREE:
        return "review", review.signed_at
    if concluded_deliberation(measure) is not None:
        return "", None
    application = open_application(measure)
    if application is None:
        return "apply", review.signed_at
    notice = application.notices.order_by("-issued_at", "-pk").first()
    if notice is None:
        return "notify", application.applied_at
    return "meeting", notice.meeting_at


def queue_roles(user: User) -> set[str]:
    """Which steps `user` takes: legal reviewers review, the leader in charge of
    legal work signs (第六条), the team's head submits the 申请表 (第九条1), the
    committee office notifies and records (第九条2)."""
    if not (user.is_active and user.is_staff_member):
        return set()
    codes = set(user.roles.values_list("code", flat=True))
    steps = set()
    if REVIEW_ROLE in codes:
        steps.add("review")
    if SIGNER_ROLE in codes or user.is_superuser:
        steps.add("sign")
    if "enforcement_head" in codes:
        steps.add("apply")
    if codes & set(COMMITTEE_OFFICE_ROLES) or user.is_superuser:
        steps |= {"notify", "meeting"}
    return steps


def major_queue_for_user(user: User) -> list[QueueItem]:
    """The open major measures (proposed, or urgent and in force; no approval
    proposed, nothing refused) waiting for a step `user` takes, among the
    measures `user` sees. A reviewer never gets a case they investigate
    (法制审核制度 第十条); the signer and the team's head only cases in their
    scope (as `measure_review_sign` and the 申请表 require)."""
    steps = queue_roles(user)
    if not steps:
        return []
    in_scope = set(selectors.case_list_for_user(user).values_list("pk", flat=True))
    candidates = (
        selectors.measure_list_for_user(user)
        .exclude(major_grounds=[])
        .filter(
            Q(status=CompulsoryMeasure.Status.PROPOSED)
            | Q(urgent=True, status=CompulsoryMeasure.Status.IN_FORCE)
        )
        .order_by("created_at", "pk")
    )
    items = []
    for measure in candidates:
        if selectors.measure_approval(measure) is not None or major_refusal(measure):
            continue
        step, since = major_step(measure)
        if step not in steps:
            continue
        if step == "review" and selectors.is_officer_of_case(user, measure.case):
            continue
        if step in ("sign", "apply") and measure.case_id not in in_scope:
            continue
        items.append(QueueItem(measure=measure, step=step, since=since))
    return items
