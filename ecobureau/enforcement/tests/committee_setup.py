"""Shared set-up for tests that reach a 审委会 meeting: the roster (集体审议规则
第五条) and the team's application with the office's notice (第九条1、2), made
through the services."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.lib import dates

from ..models import (
    CommitteeMember,
    Deliberation,
    DeliberationApplication,
    EnforcementCase,
    LegalReview,
    PenaltyDecision,
)
from ..services import committee, decisions

Office = CommitteeMember.Office


def seat(leader: User, *pairs: tuple[User, str]) -> list[CommitteeMember]:
    start = dates.local_date(timezone.now()) - timedelta(days=30)
    return [
        committee.committee_member_add(
            user=user, office=office, started_on=start, by=leader
        )
        for user, office in pairs
    ]


def convene(
    decision: PenaltyDecision,
    *,
    team: User,
    office: User,
    director: User,
    review_reason: str = "",
) -> DeliberationApplication:
    if review_reason:
        application = committee.deliberation_review_request(
            decision=decision, reason=review_reason, by=team
        )
    else:
        application = committee.deliberation_apply(decision=decision, by=team)
    committee.deliberation_notify(
        application=application,
        meeting_at=timezone.now() + timedelta(hours=2),
        place="市局三楼会议室",
        agenda=f"审议{decision.case}拟作出的处罚",
        agreed_by=director,
        by=office,
    )
    return application


def agreed_review(decision: PenaltyDecision, *, officer: User, signer: User) -> None:
    """A signed 同意 legal review of the penalty as it stands (the review path
    itself is tested in test_decisions)."""
    LegalReview.objects.create(
        decision=decision,
        round=decision.reviews.count() + 1,
        kind=LegalReview.Kind.FIRST,
        package={},
        penalty=decision.penalty_key(),
        submitted_by=officer,
        submitted_at=timezone.now(),
        opinion=LegalReview.Opinion.AGREE,
        opinion_text="同意。",
        opinion_at=timezone.now(),
        signed_by=signer,
        signed_at=timezone.now(),
    )


def deliberated(
    case: EnforcementCase,
    *,
    measures: list[str],
    officer: User,
    head: User,
    leader: User,
    member: User,
    vote: str = "agree",
    fine: str = "250000",
) -> Deliberation:
    """A major decision on `case` naming `measures`, reviewed, and a unanimous
    meeting of a three-member committee (director, team leader, a sub-bureau
    head) voting `vote`."""
    from .test_decisions import propose  # its discretion standard fixture data

    decision = propose(case, officer, fine=fine, measures=measures)
    agreed_review(decision, officer=officer, signer=leader)
    seat(
        leader,
        (leader, Office.DIRECTOR),
        (head, Office.DEPUTY_TEAM),
        (member, Office.SUB_BUREAU),
    )
    convene(decision, team=officer, office=head, director=leader)
    return decisions.deliberation_record(
        decision=decision,
        chair=leader,
        held_at=timezone.now(),
        members=[
            decisions.MemberVote(m, "present", vote) for m in (leader, head, member)
        ],
        minutes="承办人员汇报；执法科提出初步意见；讨论。",
        by=head,
    )
