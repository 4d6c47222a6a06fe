"""The decision made again after a supersession is not served before the
撤销行政处罚决定书; served together (the same minute) is allowed
(`supersede.revocation_order_check`, reasons from seed 000 in the module
docstring of services/supersede.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts.models import User

from ..models import EnforcementCase, PenaltyDecision, SupersededDecision
from ..services import decisions, supersede
from ..services.decisions import Penalty
from .committee_setup import agreed_review, convene
from .test_supersede_credit import NEW_FACTS, decided_again, heavier_review, served_100k

pytestmark = pytest.mark.django_db

__all__ = ["served_100k"]

DIRECT = {"recipient": "企业法定代表人签收"}


@pytest.fixture
def people(officers, enforcement_head, city_leader, district_a_leader) -> dict:
    return {
        "officer": officers[0],
        "head": enforcement_head,
        "leader": city_leader,
        "member": district_a_leader,
    }


@pytest.fixture
def remade(served_100k: PenaltyDecision, people: dict) -> SupersededDecision:
    """Superseded by a 150,000-yuan 复审, then decided again (legal review,
    notice, waiver, the committee's 同意): the new 决定书 waits for service, the
    撤销决定书 is not served yet."""
    penalty = Penalty(fine="150000", measures=["police_criminal"])
    review = heavier_review(served_100k, people, penalty)
    made = supersede.decision_supersede(
        deliberation=review, penalty=penalty, reason=NEW_FACTS, by=people["head"]
    )
    decided_again(made.decision, people)
    made.refresh_from_db()
    return made


def serve_decision(
    made: SupersededDecision, by: User, at: datetime | None = None
) -> PenaltyDecision:
    return decisions.decision_serve(
        decision=PenaltyDecision.objects.get(pk=made.decision_id),
        method="direct",
        served_at=at or timezone.now(),
        proof=DIRECT,
        by=by,
    )


def serve_revocation(
    made: SupersededDecision, by: User, at: datetime | None = None
) -> SupersededDecision:
    return supersede.revocation_serve(
        superseded=made,
        method="direct",
        served_at=at or timezone.now(),
        proof=DIRECT,
        by=by,
    )


def test_new_decision_refused_before_the_revocation_is_served(
    remade: SupersededDecision, people: dict
) -> None:
    assert remade.document is not None
    with pytest.raises(ValidationError, match="尚未送达") as refused:
        serve_decision(remade, people["officer"])
    assert remade.document.reference in str(refused.value)
    decision = PenaltyDecision.objects.get(pk=remade.decision_id)
    assert decision.served_at is None and decision.case.status == "decided"

    # when the 撤销决定书 is served, the new decision may follow
    serve_revocation(remade, people["officer"])
    served = serve_decision(remade, people["officer"])
    served.refresh_from_db()
    assert served.case.status == "served"


def test_served_together_in_the_same_minute_is_allowed(
    remade: SupersededDecision, people: dict
) -> None:
    moment = timezone.now().replace(second=0, microsecond=0)
    serve_revocation(remade, people["officer"], at=moment)
    # a later second of the same minute, as a form gives it
    served = serve_decision(remade, people["officer"], at=moment)
    assert served.served_at == moment
    assert PenaltyDecision.objects.get(pk=served.pk).case.status == "served"


def test_new_decision_not_dated_before_the_revocations_service(
    remade: SupersededDecision, people: dict
) -> None:
    # given the new decision made an hour ago and the 撤销决定书 served now
    now = timezone.now()
    PenaltyDecision.objects.filter(pk=remade.decision_id).update(
        decided_at=now - timedelta(hours=1)
    )
    serve_revocation(remade, people["officer"], at=now)
    # then service dated half an hour ago is refused, and says when
    with pytest.raises(ValidationError, match="不得早于该时间"):
        serve_decision(remade, people["officer"], at=now - timedelta(minutes=30))
    assert serve_decision(remade, people["officer"], at=now).served_at == now


def test_first_decision_needs_no_revocation(
    investigated: EnforcementCase, people: dict
) -> None:
    """A decision never superseded is served as before (no 撤销决定书)."""
    from .test_decisions import propose

    decision = propose(investigated, people["officer"], fine="150000")
    decisions.notice_issue(
        decision=decision,
        served_at=timezone.now() - timedelta(days=14),
        by=people["officer"],
    )
    decisions.decision_make(decision=decision, by=people["head"])
    assert supersede.pending_revocation(decision) is None
    served = decisions.decision_serve(
        decision=decision,
        method="direct",
        served_at=timezone.now(),
        proof=DIRECT,
        by=people["officer"],
    )
    assert served.served_at is not None


def test_page_says_revocation_first_and_keeps_the_refused_service(
    client: Client, remade: SupersededDecision, people: dict
) -> None:
    url = reverse("enforcement:decision", args=[remade.decision.case_id])
    client.force_login(people["officer"])
    body = client.get(url).content.decode()
    assert 'data-testid="revocation-first"' in body
    served_at = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    page = client.post(
        url,
        {
            "action": "serve",
            "method": "direct",
            "direct-recipient": "企业环保负责人签收",
            "served_at": served_at,
        },
    )
    assert page.status_code == 400
    body = page.content.decode()
    assert "不得先于撤销决定书送达" in body
    assert 'value="企业环保负责人签收"' in body and f'value="{served_at}"' in body
    assert '<option value="direct" selected>' in body
    # the revocation served through its form, then the decision
    assert remade.document is not None
    client.post(
        url,
        {
            "action": "revocation_serve",
            "superseded": remade.pk,
            "method": "direct",
            "rv-direct-recipient": "企业环保负责人签收",
            "served_at": served_at,
        },
    )
    after = client.get(url).content.decode()
    assert 'data-testid="revocation-first"' not in after
    response = client.post(
        url,
        {
            "action": "serve",
            "method": "direct",
            "direct-recipient": "企业环保负责人签收",
            "served_at": served_at,
        },
    )
    assert response.status_code == 302
    decision = PenaltyDecision.objects.get(pk=remade.decision_id)
    assert decision.case.status == "served"


def test_meeting_in_the_minute_of_the_signing_counts_as_after_it(
    served_100k: PenaltyDecision, people: dict
) -> None:
    """The meeting's time is typed in minutes: a meeting recorded in the minute
    the new penalty's review was signed still follows it (found by the browser
    test, where the two fell in one minute)."""
    officer, head, leader = people["officer"], people["head"], people["leader"]
    penalty = Penalty(fine="150000", measures=["police_criminal"])
    review = heavier_review(served_100k, people, penalty)
    made = supersede.decision_supersede(
        deliberation=review, penalty=penalty, reason=NEW_FACTS, by=head
    )
    decision = made.decision
    decision.refresh_from_db()
    agreed_review(decision, officer=officer, signer=leader)
    signed = decision.reviews.order_by("-round").first()
    assert signed is not None and signed.signed_at is not None
    decisions.notice_issue(
        decision=decision, served_at=timezone.now() - timedelta(days=1), by=officer
    )
    decisions.hearing_waive(decision=decision, how="书面声明放弃听证", by=officer)
    convene(decision, team=officer, office=head, director=leader)
    decisions.deliberation_record(
        decision=decision,
        chair=leader,
        held_at=signed.signed_at.replace(second=0, microsecond=0),
        members=[
            decisions.MemberVote(m, "present", "agree")
            for m in (leader, head, people["member"])
        ],
        minutes="重新先行告知后审议；同意。",
        by=head,
    )
    decisions.decision_make(decision=decision, by=head)
    assert PenaltyDecision.objects.get(pk=decision.pk).decided_at is not None
