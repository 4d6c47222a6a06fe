"""A seal or seizure in a serious or high-impact case is a major decision
(集体审议规则 第三条2, 法制审核制度 第二条（二）; A38, A65b): legal review by three
reviewers signed by the leader, then the 审委会, then the head's approval; urgent
ones are carried out at once and released by the review's or the committee's
不同意 itself (行政强制法第十九条)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ecobureau.core import calendar
from ecobureau.core.models import Record
from ecobureau.lib import rules

from .. import selectors, services
from ..models import CommitteeMember
from ..services import measures, measures_major
from ..services.deliberation import MemberVote
from ..services.reviews import MEASURE_REVIEW_CHECKLIST
from .committee_setup import seat
from .test_measures import approve, propose
from .test_measures_urgent import urgent

Office = CommitteeMember.Office
SERIOUS = "涉及饮用水水源保护区，社会关注度高。"


def roster(city_leader, enforcement_head, district_a_leader):
    seat(
        city_leader,
        (city_leader, Office.DIRECTOR),
        (enforcement_head, Office.DEPUTY_TEAM),
        (district_a_leader, Office.SUB_BUREAU),
    )


def convene(measure, *, team, office, director):
    """第九条1、2: the team's 申请表, then the office's notice."""
    application = measures_major.measure_deliberation_apply(measure=measure, by=team)
    measures_major.measure_deliberation_notify(
        application=application,
        meeting_at=timezone.now() + timedelta(hours=2),
        place="市局三楼会议室",
        agenda=f"审议{measure}",
        agreed_by=director,
        by=office,
    )
    return application


def meeting(measure, chair, members, by, **extra):
    return measures_major.measure_deliberation_record(
        measure=measure,
        chair=chair,
        held_at=timezone.now() - timedelta(hours=1),
        members=members,
        minutes="承办人员汇报；执法科负责人提出初步意见；讨论。",
        by=by,
        **extra,
    )


# 法制审核制度 第三条, every item a measure is reviewed on, as holding
ALL_HOLD = {code: True for code, _ in MEASURE_REVIEW_CHECKLIST}


def review(measure, reviewers, opinion="agree", by=None, checklist=None):
    return measures_major.measure_review_record(
        measure=measure,
        reviewers=reviewers[:3],
        opinion=opinion,
        text="事实清楚，依据正确。" if opinion == "agree" else "超越职权。",
        checklist=ALL_HOLD if checklist is None else checklist,
        by=by or reviewers[0],
    )


def test_not_serious_is_not_major_and_goes_straight_to_the_head(filed_case, officers):
    measure = propose(filed_case, officers[0])
    assert measure.major_grounds == [] and not measure.major
    assert selectors.measure_approval(measure) is not None


def test_serious_needs_a_reason(filed_case, officers):
    with pytest.raises(ValidationError, match="案情重大或社会影响较大的理由"):
        propose(filed_case, officers[0], serious=True)


def test_major_seal_reviewed_deliberated_then_approved_and_carried_out(
    filed_case,
    officers,
    reviewers,
    enforcement_head,
    district_a_leader,
    city_leader,
):
    # given a serious seal: the grounds are the lib rule's, no approval proposed
    measure = propose(filed_case, officers[0], serious=True, serious_reason=SERIOUS)
    day = timezone.localdate()
    expected = rules.get("major-decision", day).run(
        {"party": "organisation", "measures": ["seal"], "serious": True},
        rules.RuleContext(as_of=day, calendar=calendar.current()),
    )["reasons"]
    assert measure.major_grounds == expected and "第三条2" in expected[0]
    assert selectors.measure_approval(measure) is None
    with pytest.raises(ValidationError, match="重大行政执法决定"):
        services.measure_carry_out(
            measure=measure,
            officers=officers,
            served_to="钱经理",
            signed=True,
            by=officers[0],
        )
    with pytest.raises(ValidationError, match="法制审核同意"):
        measures_major.measure_major_approval_propose(measure=measure, by=officers[0])

    # the review: three reviewers, no investigator, by one of them, signed
    with pytest.raises(ValidationError, match="3名"):
        measures_major.measure_review_record(
            measure=measure,
            reviewers=reviewers[:2],
            opinion="agree",
            text="同意。",
            checklist=ALL_HOLD,
            by=reviewers[0],
        )
    with pytest.raises(ValidationError, match="不是法制审核人员"):
        measures_major.measure_review_record(
            measure=measure,
            reviewers=[officers[0], *reviewers[:2]],
            opinion="agree",
            text="同意。",
            checklist=ALL_HOLD,
            by=reviewers[0],
        )
    with pytest.raises(PermissionDenied):
        review(measure, reviewers, by=reviewers[3])
    first = review(measure, reviewers)
    with pytest.raises(ValidationError, match="法制审核同意意见"):
        meeting(measure, city_leader, [], enforcement_head)
    with pytest.raises(PermissionDenied):
        measures_major.measure_review_sign(measure=measure, by=enforcement_head)
    measures_major.measure_review_sign(measure=measure, by=city_leader)
    first.refresh_from_db()
    assert first.signed_by == city_leader

    # the 审委会: the application and the notice (第九条1、2), then the roster's
    # members, quorum, unanimity
    with pytest.raises(ValidationError, match="集体审议申请表"):
        meeting(
            measure,
            city_leader,
            [MemberVote(city_leader, "present", "agree")],
            enforcement_head,
        )
    roster(city_leader, enforcement_head, district_a_leader)
    convene(measure, team=officers[0], office=enforcement_head, director=city_leader)
    with pytest.raises(ValidationError, match="未列入"):
        meeting(
            measure,
            city_leader,
            [MemberVote(city_leader, "present", "agree")],
            enforcement_head,
        )
    members = [
        MemberVote(city_leader, "present", "agree"),
        MemberVote(enforcement_head, "present", "agree"),
        MemberVote(district_a_leader, "absent"),
    ]
    held = meeting(measure, city_leader, members, enforcement_head)
    assert held.quorum_met and held.unanimous and held.outcome == "agree"
    assert measures.major_cleared(measure)

    # then the officer proposes the approval; the head approves; carried out
    approval = measures_major.measure_major_approval_propose(
        measure=measure, by=officers[0]
    )
    assert "属重大行政执法决定" in approval.reasons and "审委会" in approval.reasons
    approve(measure, district_a_leader, city_leader)
    services.measure_carry_out(
        measure=measure,
        officers=officers,
        served_to="钱经理",
        signed=True,
        by=officers[0],
    )
    measure.refresh_from_db()
    assert measure.status == "in_force"
    actions = set(
        Record.objects.filter(
            target_type="enforcement.enforcementcase", target_id=filed_case.pk
        ).values_list("action", flat=True)
    )
    assert {
        "enforcement.measure_review_record",
        "enforcement.measure_review_sign",
        "enforcement.measure_deliberation_record",
        "enforcement.measure_major_approval_propose",
    } <= actions


def test_split_meeting_needs_the_chair_and_a_disagree_allows_withdrawal(
    filed_case, officers, reviewers, enforcement_head, district_a_leader, city_leader
):
    measure = propose(filed_case, officers[0], serious=True, serious_reason=SERIOUS)
    review(measure, reviewers)
    measures_major.measure_review_sign(measure=measure, by=city_leader)
    roster(city_leader, enforcement_head, district_a_leader)
    convene(measure, team=officers[0], office=enforcement_head, director=city_leader)
    members = [
        MemberVote(city_leader, "present", "disagree"),
        MemberVote(enforcement_head, "present", "agree"),
        MemberVote(district_a_leader, "present", "disagree"),
    ]
    with pytest.raises(ValidationError, match="主持人"):
        meeting(measure, city_leader, members, enforcement_head)
    held = meeting(
        measure, city_leader, members, enforcement_head, chair_outcome="disagree"
    )
    assert held.outcome == "disagree" and not held.unanimous
    assert measures.refused(measure)
    with pytest.raises(ValidationError, match="不同意实施"):
        measures_major.measure_major_approval_propose(measure=measure, by=officers[0])
    services.measure_withdraw(measure=measure, reason="审委会不同意。", by=officers[0])
    measure.refresh_from_db()
    assert measure.status == "withdrawn"


def test_urgent_major_reported_then_released_when_the_review_disagrees(
    filed_case, officers, reviewers, city_leader
):
    # given a serious seizure carried out at once (第十九条)
    measure = urgent(filed_case, officers, serious=True, serious_reason=SERIOUS)
    assert measure.status == "in_force" and measure.major
    # the report within 24 hours proposes no approval yet
    assert services.measure_urgent_report(measure=measure, by=officers[0]) is None
    assert selectors.measure_approval(measure) is None
    with pytest.raises(ValidationError):
        services.measure_release_refused(measure=measure, by=officers[0])
    # the legal review says 不同意 and is signed: the signature releases it at
    # once (no officer's click is needed)
    review(measure, reviewers, opinion="disagree")
    measures_major.measure_review_sign(measure=measure, by=city_leader)
    assert measures.refused(measure)
    measure.refresh_from_db()
    assert measure.status == "released"
    assert "法制审核意见为不同意" in measure.outcome_note
    with pytest.raises(ValidationError, match="已实施、解除或撤回"):
        review(measure, reviewers)
    with pytest.raises(ValidationError, match="实施中"):
        services.measure_release_refused(measure=measure, by=officers[0])


def test_pages_mark_serious_keep_input_and_show_reviewers_the_measure(
    client, filed_case, officers, reviewers, district_b_officer
):
    client.force_login(officers[0])
    url = reverse("enforcement:measure-new", args=[filed_case.pk])
    post = {
        "kind": "seal",
        "items": "危险废物贮存间1间",
        "place": "东侧",
        "reason": "可能转移。",
        "basis": "固废法第二十七条",
        "serious": "1",
        "serious_reason": "",
    }
    page = client.post(url, post)
    assert page.status_code == 400
    assert "案情重大或社会影响较大的理由" in page.content.decode()
    assert 'name="serious" value="1" checked' in page.content.decode()
    page = client.post(url, {**post, "serious_reason": SERIOUS})
    assert page.status_code == 302
    measure = filed_case.measures.get()
    assert measure.major

    # a legal reviewer opens the measure and records the opinion; a refused
    # post (two reviewers) answers 400 with the text kept
    client.force_login(reviewers[0])
    detail = reverse("enforcement:measure-detail", args=[measure.pk])
    page = client.get(detail)
    assert page.status_code == 200 and "法制审核与集体审议" in page.content.decode()
    bad = {
        "action": "review",
        "reviewers": [reviewers[0].pk, reviewers[1].pk],
        "ok": ["authority", "facts"],
        "opinion": "agree",
        "text": "事实清楚。",
    }
    page = client.post(detail, bad)
    text = page.content.decode()
    assert page.status_code == 400 and "事实清楚。" in text
    assert 'name="ok" value="facts" checked' in text
    assert 'name="ok" value="measure">' in text
    three = [r.pk for r in reviewers[:3]]
    page = client.post(detail, {**bad, "reviewers": three})
    assert page.status_code == 400 and "以下审核内容不符合" in page.content.decode()
    page = client.post(detail, {**bad, "reviewers": three, "ok": list(ALL_HOLD)})
    assert page.status_code == 302
    assert measure.reviews.get().checklist[4]["code"] == "measure"

    # an officer of another district sees nothing of it
    client.force_login(district_b_officer)
    assert client.get(detail).status_code == 404
