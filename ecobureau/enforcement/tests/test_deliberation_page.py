"""The 审委会 office's page for collective deliberation: roster, quorum, votes,
the chair's decision on a split; bad input kept; who may record."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from ..models import Deliberation, LegalReview, PenaltyDecision
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


def form(**rows: tuple[str, str]) -> dict[str, str]:
    data = {"held_at": "2026-11-20T09:00", "minutes": "承办人员汇报；讨论。"}
    for pk, (attendance, vote) in rows.items():
        data[f"att-{pk}"] = attendance
        data[f"vote-{pk}"] = vote
    return data


def test_office_records_a_split_meeting_decided_by_the_chair(
    client, major, city_leader, enforcement_head, district_a_leader
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
        page.status_code == 200 and "主持人" in body and "承办人员汇报；讨论。" in body
    )
    assert not Deliberation.objects.exists()
    response = client.post(url, {**data, "chair_outcome": "agree"})
    assert response.status_code == 302
    meeting = Deliberation.objects.get()
    assert meeting.quorum_met and not meeting.unanimous and meeting.outcome == "agree"
    assert meeting.members.count() == 3


def test_officer_may_not_record_and_party_cannot_open(
    client, major, officers, city_leader, enterprise_user_a
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
    assert page.status_code == 200 and "岗位人员" in page.content.decode()
    assert not Deliberation.objects.exists()
    client.force_login(enterprise_user_a)
    assert client.get(url).status_code in (302, 403, 404)
