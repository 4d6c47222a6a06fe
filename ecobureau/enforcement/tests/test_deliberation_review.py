"""复审 (集体审议规则 第十条; A55): a committee decision that must be changed or
corrected during execution goes back to the committee on the team's request,
the meeting is marked as a review, and the office records how the committee's
decisions are carried out."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ecobureau.core.models import Record

from ..models import DeliberationApplication, ExecutionFollowUp, PenaltyDecision
from ..services import committee
from .committee_setup import deliberated

pytestmark = pytest.mark.django_db


@pytest.fixture
def meeting(investigated, officers, enforcement_head, city_leader, district_a_leader):
    return deliberated(
        investigated,
        measures=["police_criminal"],
        officer=officers[0],
        head=enforcement_head,
        leader=city_leader,
        member=district_a_leader,
    )


def _served(decision: PenaltyDecision) -> PenaltyDecision:
    # the decision and its service are tested in test_decisions; here the state only
    PenaltyDecision.objects.filter(pk=decision.pk).update(
        decided_at=timezone.now(), served_at=timezone.now()
    )
    decision.refresh_from_db()
    return decision


def test_review_is_requested_in_execution_and_the_meeting_is_marked_review(
    client,
    meeting,
    officers,
    other_officer,
    enforcement_head,
    city_leader,
    district_a_leader,
):
    decision = meeting.decision
    reason = "执行中发现当事人已被公安机关另案处理，须更正移送事项。"
    # before service there is no execution to change
    with pytest.raises(ValidationError, match="送达、进入执行后"):
        committee.deliberation_review_request(
            decision=decision, reason=reason, by=officers[0]
        )
    decision = _served(decision)
    # an officer not on the case may not ask
    with pytest.raises(PermissionDenied):
        committee.deliberation_review_request(
            decision=decision, reason=reason, by=other_officer
        )
    url = reverse("enforcement:deliberation", args=[decision.case_id])
    client.force_login(officers[0])
    page = client.post(url, {"action": "review_request", "reason": " "})
    assert page.status_code == 400 and "请填写须改变或更正先前决定的新情况" in (
        page.content.decode()
    )
    assert (
        client.post(url, {"action": "review_request", "reason": reason}).status_code
        == 302
    )
    application = DeliberationApplication.objects.get(review=True)
    assert application.reason == reason
    assert application.document.kind == "enf_deliberation_application"
    assert Record.objects.filter(
        action="enforcement.deliberation_review_request"
    ).exists()
    # the office notifies, the committee meets again: a 复审
    committee.deliberation_notify(
        application=application,
        meeting_at=timezone.now() + timedelta(hours=3),
        place="市局会议室",
        agenda="复审：更正移送事项",
        agreed_by=city_leader,
        by=enforcement_head,
    )
    # through the page: 修改后作出决定 without the amended penalty → 400, input kept
    client.force_login(enforcement_head)
    form = {
        "action": "record",
        "chair": city_leader.pk,
        "held_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
        "minutes": "执法队说明新情况；讨论。",
        "outcome_text": "更正移送事项。",
        **{
            f"{field}-{m.pk}": value
            for m in (city_leader, enforcement_head, district_a_leader)
            for field, value in (("att", "present"), ("vote", "amend"))
        },
    }
    page = client.post(url, form)
    body = page.content.decode()
    assert page.status_code == 400
    assert "请填写修改后的处罚内容" in body and "更正移送事项。" in body
    assert not decision.deliberations.filter(review=True).exists()
    # a bad amount is refused too, what was typed kept
    page = client.post(
        url,
        {**form, "amended_fine": "二十五万", "amended_measures": "police_detention"},
    )
    body = page.content.decode()
    assert page.status_code == 400 and "修改后的罚款请填写数字" in body
    assert 'value="二十五万"' in body
    assert 'value="police_detention" checked' in body
    assert not decision.deliberations.filter(review=True).exists()
    # with the amended penalty (the fine kept, the transfer corrected) it is recorded
    page = client.post(
        url,
        {**form, "amended_fine": "250000", "amended_measures": "police_detention"},
    )
    assert page.status_code == 302
    review = decision.deliberations.get(review=True)
    assert review.review and review.round == 2 and review.outcome == "amend"
    assert review.amended_penalty == {
        "warning": False,
        "fine": "250000.00",
        "daily_fine": False,
        "measures": ["police_detention"],
    }
    assert "移送公安机关（行政拘留）" in client.get(url).content.decode()
    application.refresh_from_db()
    assert application.concluded_by == review
    entry = Record.objects.filter(action="enforcement.deliberation_record").latest(
        "seq"
    )
    assert '"review":true' in entry.payload.replace(" ", "")
    client.force_login(enforcement_head)
    assert "复审" in client.get(url).content.decode()


def test_no_review_once_executed_or_without_a_committee_decision(
    meeting, officers, investigated
):
    decision = _served(meeting.decision)
    PenaltyDecision.objects.filter(pk=decision.pk).update(executed_at=timezone.now())
    decision.refresh_from_db()
    with pytest.raises(ValidationError, match="执行完毕"):
        committee.deliberation_review_request(
            decision=decision, reason="新情况", by=officers[0]
        )
    PenaltyDecision.objects.filter(pk=decision.pk).update(executed_at=None)
    decision.refresh_from_db()
    decision.deliberations.update(quorum_met=False)
    with pytest.raises(ValidationError, match="未经审委会集体审议"):
        committee.deliberation_review_request(
            decision=decision, reason="新情况", by=officers[0]
        )


def test_office_follows_up_execution_and_an_officer_may_not(
    client, meeting, officers, enforcement_head, enterprise_user_a
):
    url = reverse("enforcement:deliberation", args=[meeting.decision.case_id])
    data = {
        "action": "follow_up",
        "deliberation": str(meeting.pk),
        "state": "under_way",
        "note": "已移送公安机关，等待立案回复。",
    }
    client.force_login(enforcement_head)
    page = client.post(url, data)
    assert page.status_code == 400 and "处罚决定作出后" in page.content.decode()
    _served(meeting.decision)
    client.force_login(officers[0])
    page = client.post(url, data)
    assert page.status_code == 400 and "岗位人员" in page.content.decode()
    client.force_login(enterprise_user_a)
    assert client.post(url, data).status_code in (302, 403, 404)
    assert not ExecutionFollowUp.objects.exists()
    client.force_login(enforcement_head)
    assert client.post(url, {**data, "state": "x"}).status_code == 400
    assert client.post(url, data).status_code == 302
    follow_up = ExecutionFollowUp.objects.get()
    assert (
        follow_up.deliberation == meeting and follow_up.recorded_by == enforcement_head
    )
    assert Record.objects.filter(action="enforcement.deliberation_follow_up").exists()
    assert "已移送公安机关，等待立案回复。" in client.get(url).content.decode()
