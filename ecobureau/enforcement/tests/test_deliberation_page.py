"""The 审委会 office's page for collective deliberation: roster, quorum, votes,
the chair's decision on a split; bad input kept; who may record."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from ..models import Deliberation, LegalReview, PenaltyDecision
from ..services import decisions
from .committee_setup import Office, convene, seat
from .test_decisions import propose

pytestmark = pytest.mark.django_db


@pytest.fixture
def major(investigated, officers, city_leader) -> PenaltyDecision:
    decision = propose(investigated, officers[0], fine="400000", level="一般")
    assert decision.major
    # a signed 同意 review of this very penalty (the review path is tested elsewhere)
    LegalReview.objects.create(
        decision=decision,
        round=1,
        kind=LegalReview.Kind.FIRST,
        package={},
        penalty=decision.penalty_key(),
        submitted_by=officers[0],
        submitted_at=timezone.now(),
        opinion=LegalReview.Opinion.AGREE,
        opinion_text="同意。",
        opinion_at=timezone.now(),
        signed_by=city_leader,
        signed_at=timezone.now(),
    )
    return decision


@pytest.fixture
def convened(major, officers, enforcement_head, city_leader, district_a_leader):
    """The roster of three voting members, the application and the notice."""
    seat(
        city_leader,
        (city_leader, Office.DIRECTOR),
        (enforcement_head, Office.DEPUTY_TEAM),
        (district_a_leader, Office.SUB_BUREAU),
    )
    convene(major, team=officers[0], office=enforcement_head, director=city_leader)
    return major


def form(**rows: tuple[str, str]) -> dict[str, str]:
    data = {"held_at": "2026-11-20T09:00", "minutes": "承办人员汇报；讨论。"}
    for pk, (attendance, vote) in rows.items():
        data[f"att-{pk}"] = attendance
        data[f"vote-{pk}"] = vote
    return data


def test_office_records_a_split_meeting_decided_by_the_chair(
    client, convened, major, city_leader, enforcement_head, district_a_leader
):
    url = reverse("enforcement:deliberation", args=[major.case.pk])
    client.force_login(enforcement_head)
    page = client.get(url)
    assert page.status_code == 200 and city_leader.display_name in page.content.decode()
    data = {
        "chair": str(city_leader.pk),
        **form(
            **{
                str(city_leader.pk): ("present", "agree"),
                str(enforcement_head.pk): ("present", "agree"),
                str(district_a_leader.pk): ("present", "disagree"),
            }
        ),
    }
    # split without the chair's decision: refused, typed minutes kept
    page = client.post(url, data)
    body = page.content.decode()
    assert (
        page.status_code == 400 and "主持人" in body and "承办人员汇报；讨论。" in body
    )
    assert not Deliberation.objects.exists()
    response = client.post(url, {**data, "chair_outcome": "agree"})
    assert response.status_code == 302
    meeting = Deliberation.objects.get()
    assert meeting.quorum_met and not meeting.unanimous and meeting.outcome == "agree"
    assert meeting.members.count() == 3


def test_officer_may_not_record_and_party_cannot_open(
    client, convened, major, officers, city_leader, enterprise_user_a
):
    url = reverse("enforcement:deliberation", args=[major.case.pk])
    client.force_login(officers[0])
    page = client.post(
        url,
        {
            "chair": str(city_leader.pk),
            **form(**{str(city_leader.pk): ("present", "agree")}),
        },
    )
    assert page.status_code == 400 and "岗位人员" in page.content.decode()
    assert not Deliberation.objects.exists()
    client.force_login(enterprise_user_a)
    assert client.get(url).status_code in (302, 403, 404)


def test_entrusted_chair_reports_to_the_director_on_the_page(
    client, major, city_leader, enforcement_head, district_a_leader
):
    # given a meeting chaired by a deputy entrusted by the director (第六条)
    from ecobureau.accounts.tests.factories import UserFactory

    deputy = UserFactory(
        username="deputy",
        full_name="副局长",
        unit=city_leader.unit,
        scope=city_leader.scope,
        role_codes=["bureau_leader"],
    )
    seat(
        city_leader,
        (city_leader, Office.DIRECTOR),
        (deputy, Office.DEPUTY_LEGAL),
        (enforcement_head, Office.DEPUTY_TEAM),
        (district_a_leader, Office.SUB_BUREAU),
    )
    convene(major, team=enforcement_head, office=enforcement_head, director=city_leader)
    meeting = decisions.deliberation_record(
        decision=major,
        chair=deputy,
        chair_entrusted=True,
        held_at=timezone.now(),
        members=[
            decisions.MemberVote(city_leader, "absent"),
            *(
                decisions.MemberVote(m, "present", "agree")
                for m in (deputy, enforcement_head, district_a_leader)
            ),
        ],
        minutes="汇报、讨论。",
        by=enforcement_head,
    )
    url = reverse("enforcement:deliberation", args=[major.case.pk])
    # the office may not report in the chair's place
    with pytest.raises(PermissionDenied):
        decisions.deliberation_chair_report(
            deliberation=meeting,
            report="x",
            reported_to=city_leader,
            by=enforcement_head,
        )
    client.force_login(deputy)
    assert "尚未向主任汇报" in client.get(url).content.decode()
    data = {
        "action": "chair_report",
        "deliberation": str(meeting.pk),
        "reported_to": str(city_leader.pk),
    }
    page = client.post(url, data)
    assert page.status_code == 400
    assert "请填写汇报的主要情况及议定事项" in page.content.decode()
    response = client.post(url, {**data, "report": "会议同意拟作出的处罚。"})
    assert response.status_code == 302
    meeting.refresh_from_db()
    assert meeting.chair_reported_to == city_leader
    assert meeting.chair_report == "会议同意拟作出的处罚。"
    with pytest.raises(ValidationError, match="已记录"):
        decisions.deliberation_chair_report(
            deliberation=meeting, report="x", reported_to=city_leader, by=deputy
        )
