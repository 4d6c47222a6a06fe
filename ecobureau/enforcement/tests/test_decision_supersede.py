"""A heavier penalty after a 复审 (集体审议规则 第十条1; 行政处罚法第四十四、四十五、
六十二条): the served decision is superseded and not executed, the case goes back
before the notice with the amended penalty as the proposal, and the existing path
(legal review, a new 先行告知 with the hearing right, the committee, the decision,
service, publication) makes the new decision. Also the 复审 recorded before its
penalty was kept as data: the head confirms the typed penalty against the text."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.casework.models import Document
from ecobureau.core.models import Division, Record

from ..models import (
    DecisionCorrection,
    Deliberation,
    PenaltyDecision,
    PublishedDecision,
    SupersededDecision,
)
from ..services import correction, decisions, execution, publication, supersede
from ..services.decisions import Penalty
from .committee_setup import agreed_review, convene
from .test_decision_correction import REASON, review_meeting, served_major
from .test_decisions import propose
from .test_execution import receipt

pytestmark = pytest.mark.django_db

HEAVIER = Penalty(fine="280000", measures=["police_criminal"])
NEW_FACTS = "执行中查明超标排放持续至2026年11月20日，超标时段较原认定多出三倍。"

__all__ = ["served_major"]


@pytest.fixture
def people(officers, enforcement_head, city_leader, district_a_leader) -> dict:
    return {
        "officer": officers[0],
        "head": enforcement_head,
        "leader": city_leader,
        "member": district_a_leader,
    }


@pytest.fixture
def heavier(served_major: PenaltyDecision, people: dict) -> Deliberation:
    """A 复审 that decided 修改后作出决定 with 280,000 yuan (served: 250,000)."""
    return review_meeting(served_major, vote="amend", amended=HEAVIER, **people)


def actions(decision: PenaltyDecision) -> list[dict]:
    rows = Record.objects.filter(
        target_type="enforcement.enforcementcase", target_id=str(decision.case_id)
    ).order_by("seq")
    return [{"action": r.action, **json.loads(r.payload)} for r in rows]


def test_heavier_review_supersedes_and_the_new_decision_follows_the_full_path(
    heavier: Deliberation, people: dict, client: Client
) -> None:
    decision = heavier.decision
    officer, head, leader = people["officer"], people["head"], people["leader"]
    published = publication.decision_publish(decision=decision, by=head)
    original = Document.objects.get(kind="enf_penalty_decision")
    # a 变更决定 cannot make it heavier, and says what to do instead
    with pytest.raises(ValidationError, match="撤回原决定，重新先行告知"):
        correction.decision_correct(
            deliberation=heavier, penalty=HEAVIER, reason=NEW_FACTS, by=head
        )

    # when the head supersedes the served decision on the 复审
    made = supersede.decision_supersede(
        deliberation=heavier, penalty=HEAVIER, reason=NEW_FACTS, by=head
    )

    # then the old decision is kept as superseded, not executed
    decision.refresh_from_db()
    assert decision.case.status == "investigated"
    assert made.original_document == original and made.before["fine"] == "250000.00"
    assert made.proposed["fine"] == "280000.00" and made.state["served_at"]
    assert decision.fine == Decimal("280000.00") and decision.executed_at is None
    assert decision.served_at is None and decision.decided_at is None
    assert decision.notice_served_at is None and decision.hearing_right
    published.refresh_from_db()
    assert original.reference in published.withdraw_reason
    entry = [
        a for a in actions(decision) if a["action"] == "enforcement.decision_supersede"
    ]
    assert entry and entry[0]["data"]["original"] == original.reference
    # nothing can be paid on it any more, nor the 复审 used twice
    with pytest.raises(ValidationError):
        execution.payment_record(
            decision=decision,
            amount="250000",
            paid_on=timezone.localdate(),
            receipt=receipt(),
            by=officer,
        )
    assert correction.correctable_reviews(decision) == []
    with pytest.raises(ValidationError):
        supersede.decision_supersede(
            deliberation=heavier, penalty=HEAVIER, reason=NEW_FACTS, by=head
        )

    # the proposal is the 复审's: not proposed again, the page offers no form
    with pytest.raises(ValidationError, match="不能重新拟定"):
        propose(decision.case, officer, fine="260000", measures=["police_criminal"])
    client.force_login(head)
    page = client.get(reverse("enforcement:decision", args=[decision.case_id]))
    assert 'value="propose"' not in page.content.decode()
    # the new notice needs a legal review of the new penalty (major decision)
    with pytest.raises(ValidationError, match="法制审核"):
        decisions.notice_issue(decision=decision, served_at=timezone.now(), by=officer)
    agreed_review(decision, officer=officer, signer=leader)
    decisions.notice_issue(
        decision=decision, served_at=timezone.now() - timedelta(days=1), by=officer
    )
    decision.refresh_from_db()
    assert decision.case.status == "notified"
    notices = Document.objects.filter(kind="enf_prior_notice").order_by("issued_at")
    assert notices.count() == 2
    # not decided inside the statement window, nor without the committee
    with pytest.raises(ValidationError, match="陈述申辩、听证申请期限"):
        decisions.decision_make(decision=decision, by=head)
    decisions.statement_record(
        decision=decision,
        channel="written",
        point="超标时段系设备故障所致。",
        answer="与在线监控记录不符，不予采纳。",
        adopted=False,
        by=officer,
    )
    decisions.hearing_waive(decision=decision, how="书面声明放弃听证", by=officer)
    with pytest.raises(ValidationError, match="审委会集体审议"):
        decisions.decision_make(decision=decision, by=head)
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
    new = Document.objects.filter(kind="enf_penalty_decision").order_by("-issued_at")
    assert new.count() == 2 and new[0].reference != original.reference
    # the 撤销决定书 first (test_supersede_order)
    supersede.revocation_serve(
        superseded=made,
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
    assert decision.case.status == "served" and decision.fine == Decimal("280000.00")
    # the new decision is published afresh, one live entry
    again = publication.decision_publish(decision=decision, by=head)
    assert again.reference == new[0].reference and "280000" in again.penalty
    assert PublishedDecision.objects.filter(withdrawn_at__isnull=True).count() == 1
    # the case page and the decision page show the superseded decision
    client.force_login(head)
    text = client.get(reverse("enforcement:decision", args=[decision.case_id]))
    body = text.content.decode()
    assert 'data-testid="superseded-decision"' in body
    assert f"{original.reference}" in body and "不再执行" in body


def test_supersession_refused_when_not_the_reviews_or_out_of_scope(
    served_major: PenaltyDecision,
    people: dict,
    heavier: Deliberation,
    district_b_officer: User,
    sub_bureau_b: Unit,
    district_b: Division,
) -> None:
    head, officer = people["head"], people["officer"]
    district_b_head = UserFactory(
        username="tiexi-head",
        full_name="铁西分局钱局长",
        unit=sub_bureau_b,
        scope=User.Scope.DIVISION,
        scope_division=district_b,
        role_codes=["sub_bureau_head"],
    )
    for outsider in (district_b_officer, district_b_head, officer):
        with pytest.raises(PermissionDenied):
            supersede.decision_supersede(
                deliberation=heavier, penalty=HEAVIER, reason=NEW_FACTS, by=outsider
            )
    # the penalty must be the one the 复审 decided
    with pytest.raises(ValidationError, match="不一致"):
        supersede.decision_supersede(
            deliberation=heavier,
            penalty=Penalty(fine="300000", measures=["police_criminal"]),
            reason=NEW_FACTS,
            by=head,
        )
    with pytest.raises(ValidationError, match="须重新作出决定的新情况"):
        supersede.decision_supersede(
            deliberation=heavier, penalty=HEAVIER, reason=" ", by=head
        )
    served_major.refresh_from_db()
    assert served_major.case.status == "served"
    assert served_major.fine == Decimal("250000.00")
    assert not SupersededDecision.objects.exists()


def test_lighter_review_is_not_superseded(
    served_major: PenaltyDecision, people: dict
) -> None:
    lighter = review_meeting(served_major, vote="amend", **people)  # 150,000
    with pytest.raises(ValidationError, match="不重于原决定，请作出变更决定"):
        supersede.decision_supersede(
            deliberation=lighter,
            penalty=Penalty(fine="150000", measures=["police_criminal"]),
            reason=REASON,
            by=people["head"],
        )
    assert served_major.case.status == "served"


def test_supersede_through_the_page_keeps_input_and_the_pressed_button(
    client: Client, heavier: Deliberation, people: dict, district_b_officer: User
) -> None:
    url = reverse("enforcement:decision", args=[heavier.decision.case_id])
    form = {
        "action": "correct",
        "mode": "supersede",
        "deliberation": heavier.pk,
        "fine": "280000",
        "measures": ["police_criminal"],
        "reason": NEW_FACTS,
    }
    client.force_login(district_b_officer)
    assert client.post(url, form).status_code in (403, 404)
    client.force_login(people["head"])
    page = client.post(url, {**form, "reason": ""})
    assert page.status_code == 400
    body = page.content.decode()
    assert "请填写须重新作出决定的新情况" in body and 'value="280000"' in body
    assert 'name="mode" value="supersede" aria-pressed="true"' in body
    assert 'name="mode" value="correct" aria-pressed="false"' in body
    assert "上次按下的是“加重处罚：撤回原决定，重新先行告知”" in body
    assert not SupersededDecision.objects.exists()
    assert client.post(url, form).status_code == 302
    heavier.decision.refresh_from_db()
    assert heavier.decision.case.status == "investigated"
    assert SupersededDecision.objects.get().deliberation == heavier


def test_review_without_structured_penalty_needs_the_text_checked(
    client: Client, served_major: PenaltyDecision, people: dict
) -> None:
    # given a 复审 recorded before migration 0020: only the 决定意见 text
    review = review_meeting(served_major, vote="amend", **people)
    Deliberation.objects.filter(pk=review.pk).update(amended_penalty=None)
    url = reverse("enforcement:decision", args=[served_major.case_id])
    client.force_login(people["head"])
    shown = client.get(url).content.decode()
    assert 'data-testid="text-only-review"' in shown
    assert "罚款变更为150000元，移送事项不变。" in shown
    assert 'name="text_checked" value="1">' in shown  # unticked
    form = {
        "action": "correct",
        "deliberation": review.pk,
        "fine": "150000",
        "measures": ["police_criminal"],
        "reason": REASON,
    }
    # when the head corrects without confirming: 400, what was typed kept
    page = client.post(url, form)
    assert page.status_code == 400
    body = page.content.decode()
    assert "请对照决定意见核对所填处罚，并勾选“已核对复审决定意见”" in body
    assert 'value="150000"' in body
    assert not DecisionCorrection.objects.exists()
    # then with the box ticked: corrected, the confirmation recorded
    assert client.post(url, {**form, "text_checked": "1"}).status_code == 302
    made = DecisionCorrection.objects.get()
    assert made.text_checked and made.after["fine"] == "150000.00"
    entry = [
        a
        for a in actions(served_major)
        if a["action"] == "enforcement.decision_correct"
    ]
    assert entry[0]["data"]["text_checked"] is True
    body = client.get(url).content.decode()
    assert "负责人已核对复审决定意见" in body
