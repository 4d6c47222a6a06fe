"""Money paid under a superseded decision is credited to the new one (折抵,
行政处罚法第二十九条), the party gets a numbered 撤销行政处罚决定书 it can open, and
no new 90-day clock runs for the re-decision (docs/decisions/0013)."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from typing import Any

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.casework.models import Document
from ecobureau.core.models import Record

from ..models import (
    CourtApplication,
    Deliberation,
    EnforcementCase,
    PenaltyDecision,
    SupersededDecision,
)
from ..services import decisions, execution, printing, refunds, supersede
from ..services.decisions import Penalty
from .committee_setup import agreed_review, convene, deliberated
from .test_decision_correction import review_meeting
from .test_execution import receipt, served_days_ago, today

pytestmark = pytest.mark.django_db

NEW_FACTS = "执行中查明超标排放持续至2026年11月20日，超标时段较原认定多出三倍。"


@pytest.fixture
def people(officers, enforcement_head, city_leader, district_a_leader) -> dict:
    return {
        "officer": officers[0],
        "head": enforcement_head,
        "leader": city_leader,
        "member": district_a_leader,
    }


@pytest.fixture
def served_100k(investigated: EnforcementCase, people: dict) -> PenaltyDecision:
    """A major decision (100,000 yuan and a police transfer) agreed by the
    committee, decided and served today."""
    meeting = deliberated(
        investigated,
        fine="100000",
        measures=["police_criminal"],
        officer=people["officer"],
        head=people["head"],
        leader=people["leader"],
        member=people["member"],
    )
    decision = meeting.decision
    officer = people["officer"]
    decisions.notice_issue(
        decision=decision, served_at=timezone.now() - timedelta(days=14), by=officer
    )
    decisions.decision_make(decision=decision, by=people["head"])
    decisions.decision_serve(
        decision=decision,
        method="direct",
        served_at=timezone.now(),
        proof={"recipient": "企业法定代表人签收"},
        by=officer,
    )
    decision.refresh_from_db()
    return decision


def pay(decision: PenaltyDecision, amount: str, by: User) -> None:
    execution.payment_record(
        decision=decision, amount=amount, paid_on=today(), receipt=receipt(), by=by
    )


def heavier_review(decision: PenaltyDecision, people: dict, penalty: Penalty) -> Any:
    return review_meeting(decision, vote="amend", amended=penalty, **people)


def decided_again(decision: PenaltyDecision, people: dict) -> None:
    """After a supersession, up to the new decision: legal review, notice,
    waiver, the committee's 同意, the decision made (not served)."""
    officer, head, leader = people["officer"], people["head"], people["leader"]
    decision.refresh_from_db()  # the supersession changed the penalty
    agreed_review(decision, officer=officer, signer=leader)
    decisions.notice_issue(
        decision=decision, served_at=timezone.now() - timedelta(days=1), by=officer
    )
    decisions.hearing_waive(decision=decision, how="书面声明放弃听证", by=officer)
    convene(decision, team=officer, office=head, director=leader)
    decisions.deliberation_record(
        decision=decision,
        chair=leader,
        held_at=timezone.now(),
        members=[
            decisions.MemberVote(m, "present", "agree")
            for m in (leader, head, people["member"])
        ],
        minutes="重新先行告知后审议；同意。",
        by=head,
    )
    decisions.decision_make(decision=decision, by=head)


def redecide(decision: PenaltyDecision, people: dict) -> PenaltyDecision:
    """The new round after a supersession: legal review, notice, waiver, the
    committee's 同意, the decision and its service (each step tested in
    test_decision_supersede)."""
    officer = people["officer"]
    decided_again(decision, people)
    # the 撤销决定书 is served first, or with it (test_supersede_order)
    supersede.revocation_serve(
        superseded=decision.supersessions.latest("made_at"),
        method="direct",
        served_at=timezone.now(),
        proof={"recipient": "企业法定代表人签收"},
        by=officer,
    )
    decisions.decision_serve(
        decision=decision,
        method="direct",
        served_at=timezone.now(),
        proof={"recipient": "企业法定代表人签收"},
        by=officer,
    )
    decision.refresh_from_db()
    return decision


def entry(decision: PenaltyDecision, action: str) -> dict:
    row = Record.objects.filter(
        target_type="enforcement.enforcementcase",
        target_id=str(decision.case_id),
        action=f"enforcement.{action}",
    ).latest("seq")
    return json.loads(row.payload)["data"]


def test_paid_half_is_credited_to_the_heavier_decision(
    served_100k: PenaltyDecision,
    people: dict,
    client: Client,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # given 50,000 paid under the served 100,000 decision
    decision, officer, head = served_100k, people["officer"], people["head"]
    pay(decision, "50000", officer)
    original = Document.objects.get(kind="enf_penalty_decision")
    review = heavier_review(
        decision, people, Penalty(fine="150000", measures=["police_criminal"])
    )

    # when the 复审's 150,000 supersedes it
    made = supersede.decision_supersede(
        deliberation=review,
        penalty=Penalty(fine="150000", measures=["police_criminal"]),
        reason=NEW_FACTS,
        by=head,
    )

    # then the payment is credited, recorded, and told to the party
    assert made.credited == Decimal("50000.00")
    revocation = Document.objects.get(kind="enf_decision_revocation")
    assert made.document == revocation and "罚撤" in revocation.reference
    data = entry(decision, "decision_supersede")
    assert data["credited"] == "50000.00"
    assert data["document"] == revocation.reference
    # the new decision's PDF names the superseded 决定书 and the credit
    contexts: list[dict] = []
    real_issue = printing.issue

    def spy(**kwargs: Any) -> Document:
        contexts.append({"kind": kwargs["kind"], **kwargs["context"]})
        return real_issue(**kwargs)

    monkeypatch.setattr(printing, "issue", spy)
    decision = redecide(decision, people)
    issued = next(c for c in contexts if c["kind"] == "enf_penalty_decision")
    assert original.reference in issued["superseded"]
    assert revocation.reference in issued["superseded"]
    assert "原决定已缴纳罚款50000.00元，予以折抵" in issued["credit"]
    assert "尚应缴纳罚款100000.00元" in issued["credit"]
    # execution asks for 150,000 less 50,000
    assert execution.credit(decision) == Decimal("50000.00")
    assert execution.amount_due(decision) == Decimal("100000.00")
    assert execution.paid_total(decision) == 0
    assert execution.owed_on(decision, today()) == Decimal("100000.00")
    client.force_login(head)
    url = reverse("enforcement:decision", args=[decision.case_id])
    body = client.get(url).content.decode()
    assert "原决定已缴纳罚款50000.00元，予以折抵；本决定应缴罚款100000.00元" in body
    assert 'data-testid="owed">100000.00元' in body
    assert 'data-testid="credited">原决定已缴纳罚款50000.00元' in body
    # 90,000 leaves 10,000; 10,000 more is 执行完毕
    pay(decision, "90000", officer)
    decision.refresh_from_db()
    assert decision.executed_at is None
    pay(decision, "10000", officer)
    decision.refresh_from_db()
    assert decision.executed_at is not None
    assert decision.case.status == "executed"
    assert entry(decision, "decision_executed")["credited"] == "50000.00"


def test_surcharge_runs_on_the_remaining_amount_and_is_capped_by_it(
    served_100k: PenaltyDecision, people: dict
) -> None:
    decision, head = served_100k, people["head"]
    pay(decision, "50000", people["officer"])
    penalty = Penalty(fine="150000", measures=["police_criminal"])
    review = heavier_review(decision, people, penalty)
    supersede.decision_supersede(
        deliberation=review, penalty=penalty, reason=NEW_FACTS, by=head
    )
    decision = redecide(decision, people)

    # when the new decision is 5 days past its due day
    late = served_days_ago(decision, 20)
    surcharge = execution.surcharge_on(late, today())

    # then 3 % a day on 100,000, not on 150,000
    assert surcharge is not None and surcharge.days == 5
    assert surcharge.amount == Decimal("15000.00")
    assert (
        surcharge.explain[0]
        == "原决定已缴纳罚款50000.00元予以折抵，按应缴罚款100000.00元计"
    )
    assert execution.owed_on(late, today()) == Decimal("115000.00")
    # and never more than the 100,000 due (行政强制法第四十五条第二款)
    very_late = served_days_ago(decision, 75)
    capped = execution.surcharge_on(very_late, today())
    assert capped is not None and capped.amount == Decimal("100000.00")


def test_fully_credited_fine_leaves_nothing_due_and_a_surplus_is_refunded(
    served_100k: PenaltyDecision, people: dict
) -> None:
    # given 100,000 paid 5 days late (15,000 surcharge owed), then 10,000 more
    officer, head = people["officer"], people["head"]
    decision = served_days_ago(served_100k, 20)
    pay(decision, "100000", officer)
    pay(decision, "10000", officer)
    decision.refresh_from_db()
    assert decision.executed_at is None  # 5,000 of the surcharge still owed
    penalty = Penalty(warning=True, fine="100000", measures=["police_criminal"])
    review = heavier_review(decision, people, penalty)

    # when a warning plus the same fine supersedes it
    made = supersede.decision_supersede(
        deliberation=review, penalty=penalty, reason=NEW_FACTS, by=head
    )
    assert made.credited == Decimal("110000.00")
    # nothing refundable before the new decision is made
    assert refunds.refund_state(decision).due == 0
    decision = redecide(decision, people)

    # then nothing is due: 执行完毕 at service, payment refused
    assert execution.amount_due(decision) == 0
    assert execution.surcharge_on(decision, today()) is None
    assert decision.executed_at is not None and decision.case.status == "executed"
    with pytest.raises(ValidationError):
        pay(decision, "1", officer)
    # the 10,000 credited beyond the fine is refunded through refund_record
    state = refunds.refund_state(decision)
    assert state.due == Decimal("10000.00") and state.supersession == made
    refund = refunds.refund_record(
        decision=decision,
        amount="10000",
        refunded_on=today(),
        voucher="退库2026-0101",
        by=officer,
    )
    assert refund.supersession == made and refund.correction is None
    assert refunds.refund_state(decision).remaining == 0


def test_court_application_still_refuses_and_says_why(
    served_100k: PenaltyDecision, people: dict
) -> None:
    decision = served_days_ago(served_100k, 20)
    document = execution.reminder_issue(decision=decision, by=people["officer"])
    CourtApplication.objects.create(
        decision=decision,
        reminder=decision.reminders.get(document=document),
        applied_on=today(),
        court="铁东区人民法院",
        reference="鞍环强〔2026〕3号",
        amount=Decimal("100000"),
        recorded_by=people["officer"],
    )
    penalty = Penalty(fine="150000", measures=["police_criminal"])
    review = heavier_review(decision, people, penalty)
    with pytest.raises(ValidationError, match="强制执行由法院进行") as refused:
        supersede.decision_supersede(
            deliberation=review, penalty=penalty, reason=NEW_FACTS, by=people["head"]
        )
    assert "鞍环强〔2026〕3号" in str(refused.value)
    assert not SupersededDecision.objects.exists()


@pytest.fixture
def superseded(served_100k: PenaltyDecision, people: dict) -> SupersededDecision:
    penalty = Penalty(fine="150000", measures=["police_criminal"])
    review = heavier_review(served_100k, people, penalty)
    return supersede.decision_supersede(
        deliberation=review, penalty=penalty, reason=NEW_FACTS, by=people["head"]
    )


def test_outsiders_cannot_supersede(
    served_100k: PenaltyDecision,
    people: dict,
    district_b_officer: User,
    enterprise_user_a: User,
) -> None:
    penalty = Penalty(fine="150000", measures=["police_criminal"])
    review: Deliberation = heavier_review(served_100k, people, penalty)
    for outsider in (district_b_officer, enterprise_user_a):
        with pytest.raises(PermissionDenied):
            supersede.decision_supersede(
                deliberation=review, penalty=penalty, reason=NEW_FACTS, by=outsider
            )
    assert not SupersededDecision.objects.exists()


def test_revocation_served_through_the_page_and_seen_by_the_party_only(
    client: Client,
    superseded: SupersededDecision,
    people: dict,
    district_b_officer: User,
    enterprise_user_a: User,
    enterprise_user_b: User,
) -> None:
    case_id = superseded.decision.case_id
    url = reverse("enforcement:decision", args=[case_id])
    client.force_login(people["head"])
    body = client.get(url).content.decode()
    assert 'data-testid="revocation-serve-form"' in body and "尚未送达" in body
    assert 'data-testid="redecision-clock"' in body and "第六十条" in body
    case_page = client.get(reverse("enforcement:case-detail", args=[case_id]))
    assert 'data-testid="redecision-clock"' in case_page.content.decode()
    assert 'data-testid="case-supersession"' in case_page.content.decode()
    served_at = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    form = {
        "action": "revocation_serve",
        "superseded": superseded.pk,
        "method": "mail",
        "rv-mail-tracking_no": "EMS1190000001",
        "served_at": served_at,
    }
    # another district's officer cannot even open the case
    client.force_login(district_b_officer)
    assert client.post(url, {**form, "rv-mail-receipt": "回执"}).status_code == 404
    # when the proof is incomplete: 400, what was typed kept
    client.force_login(people["officer"])
    page = client.post(url, form)
    assert page.status_code == 400
    body = page.content.decode()
    assert "送达记录缺少：回执" in body and 'value="EMS1190000001"' in body
    assert '<option value="mail" selected>' in body
    # then served with the receipt
    assert (
        client.post(url, {**form, "rv-mail-receipt": "回执已签收"}).status_code == 302
    )
    superseded.refresh_from_db()
    assert superseded.served_at is not None and superseded.service_method == "mail"
    assert entry(superseded.decision, "revocation_serve")["method"] == "mail"
    with pytest.raises(ValidationError, match="已送达"):
        supersede.revocation_serve(
            superseded=superseded,
            method="direct",
            served_at=timezone.now(),
            proof={"recipient": "签收"},
            by=people["officer"],
        )
    # the party sees and opens it; another enterprise gets 404
    assert superseded.document is not None
    client.force_login(enterprise_user_a)
    party_page = client.get(reverse("enforcement:party-case", args=[case_id]))
    assert superseded.document.reference in party_page.content.decode()
    doc_url = reverse(
        "enforcement:party-document", args=[case_id, superseded.document.pk]
    )
    response = client.get(doc_url)
    assert response.status_code == 200
    content = b"".join(response.streaming_content)  # type: ignore[attr-defined]
    assert content.startswith(b"%PDF")
    client.force_login(enterprise_user_b)
    assert client.get(doc_url).status_code == 404
