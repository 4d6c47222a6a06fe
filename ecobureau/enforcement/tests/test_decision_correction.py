"""变更行政处罚决定 after a 复审 (集体审议规则 第十条1; A55): a 复审 that amends the
served decision leads to a numbered 变更决定书 referring to the original, and
execution (payment due, surcharge base) follows the corrected amount; a 复审 that
upholds changes nothing; only a decider with the case in scope may correct."""

from __future__ import annotations

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
from ecobureau.lib import dates

from ..models import DecisionCorrection, Deliberation, EnforcementCase, PenaltyDecision
from ..services import committee, correction, decisions, execution, publication
from ..services.decisions import Penalty
from .committee_setup import deliberated
from .test_execution import receipt, served_days_ago

pytestmark = pytest.mark.django_db

LIGHTER = Penalty(fine="150000", measures=["police_criminal"])
REASON = "执行中查明当事人超标时段系第三方运维单位擅自停运除尘设施所致，责任减轻。"


@pytest.fixture
def served_major(
    investigated: EnforcementCase,
    officers: list[User],
    enforcement_head: User,
    city_leader: User,
    district_a_leader: User,
) -> PenaltyDecision:
    """A major decision (250,000 yuan and a police transfer) agreed by the
    committee, decided and served."""
    meeting = deliberated(
        investigated,
        measures=["police_criminal"],
        officer=officers[0],
        head=enforcement_head,
        leader=city_leader,
        member=district_a_leader,
    )
    decision = meeting.decision
    decisions.notice_issue(
        decision=decision, served_at=timezone.now() - timedelta(days=14), by=officers[0]
    )
    decisions.decision_make(decision=decision, by=enforcement_head)
    decisions.decision_serve(
        decision=decision,
        method="direct",
        served_at=timezone.now(),
        proof={"recipient": "企业法定代表人签收"},
        by=officers[0],
    )
    decision.refresh_from_db()
    assert decision.fine == Decimal("250000.00") and decision.case.status == "served"
    return decision


def review_meeting(
    decision: PenaltyDecision,
    *,
    vote: str,
    officer: User,
    head: User,
    leader: User,
    member: User,
    amended: Penalty | None = None,
) -> Deliberation:
    """The team asks for a 复审, the office notifies, the committee votes `vote`
    unanimously (第十条1, 第九条); an amending 复审 states the amended penalty
    (150,000 yuan and the transfer unless `amended` says otherwise)."""
    application = committee.deliberation_review_request(
        decision=decision, reason=REASON, by=officer
    )
    committee.deliberation_notify(
        application=application,
        meeting_at=timezone.now() + timedelta(hours=2),
        place="市局三楼会议室",
        agenda="复审：变更罚款数额",
        agreed_by=leader,
        by=head,
    )
    return decisions.deliberation_record(
        decision=decision,
        chair=leader,
        held_at=timezone.now(),
        members=[
            decisions.MemberVote(m, "present", vote) for m in (leader, head, member)
        ],
        minutes="执法队说明新情况；讨论。",
        outcome_text="罚款变更为150000元，移送事项不变。" if vote == "amend" else "",
        amended=(amended or LIGHTER) if vote == "amend" else None,
        by=head,
    )


@pytest.fixture
def amended(
    served_major: PenaltyDecision,
    officers: list[User],
    enforcement_head: User,
    city_leader: User,
    district_a_leader: User,
) -> Deliberation:
    return review_meeting(
        served_major,
        vote="amend",
        officer=officers[0],
        head=enforcement_head,
        leader=city_leader,
        member=district_a_leader,
    )


def test_the_amended_amount_drives_execution(
    client: Client,
    amended: Deliberation,
    officers: list[User],
    enforcement_head: User,
) -> None:
    # given a 复审 that decided 修改后作出决定
    decision = amended.decision
    original = Document.objects.get(
        kind="enf_penalty_decision", target_id=decision.case_id
    )
    # when the head corrects the served decision
    made = correction.decision_correct(
        deliberation=amended, penalty=LIGHTER, reason=REASON, by=enforcement_head
    )
    # then a numbered 变更决定书 refers to the original, which stays on file
    assert made.original_document == original
    assert made.document.kind == "enf_decision_correction"
    assert made.document.reference != original.reference
    assert made.before["fine"] == "250000.00" and made.after["fine"] == "150000.00"
    assert Record.objects.filter(action="enforcement.decision_correct").count() == 1
    decision.refresh_from_db()
    assert decision.fine == Decimal("150000.00")
    assert decision.changes[-1]["review"] == amended.pk
    # the payment due and the surcharge base follow the corrected amount
    assert execution.owed_on(decision, dates.local_date(timezone.now())) == Decimal(
        "150000.00"
    )
    decision = served_days_ago(decision, 20)  # 5 days past the 15-day limit
    today = dates.local_date(timezone.now())
    surcharge = execution.surcharge_on(decision, today)
    assert surcharge is not None and surcharge.days == 5
    assert surcharge.amount == Decimal("22500.00")  # 3 % × 5 × 150,000
    assert execution.owed_on(decision, today) == Decimal("172500.00")
    execution.payment_record(
        decision=decision,
        amount="172500",
        paid_on=today,
        receipt=receipt(),
        by=officers[0],
    )
    decision.refresh_from_db()
    assert decision.executed_at is not None and decision.case.status == "executed"
    # the decision page and the case page show both decisions
    client.force_login(enforcement_head)
    body = client.get(reverse("enforcement:decision", args=[decision.case_id]))
    text = body.content.decode()
    assert original.reference in text and made.document.reference in text
    assert "罚款人民币250000.00元" in text and "罚款人民币150000.00元" in text
    text = client.get(
        reverse("enforcement:case-detail", args=[decision.case_id])
    ).content.decode()
    assert original.reference in text and made.document.reference in text


def test_payments_beyond_the_corrected_amount_are_refunded_and_executed(
    amended: Deliberation, officers: list[User], enforcement_head: User
) -> None:
    decision = amended.decision
    execution.payment_record(
        decision=decision,
        amount="200000",
        paid_on=dates.local_date(timezone.now()),
        receipt=receipt(),
        by=officers[0],
    )
    made = correction.decision_correct(
        deliberation=amended, penalty=LIGHTER, reason=REASON, by=enforcement_head
    )
    assert made.overpaid == Decimal("50000.00")
    decision.refresh_from_db()
    assert decision.executed_at is not None
    actions = list(
        Record.objects.filter(target_id=decision.case_id)
        .order_by("seq")
        .values_list("action", flat=True)
    )
    # the correction on the record first, then 执行完毕 (its transition between)
    assert actions.index("enforcement.decision_correct") < actions.index(
        "enforcement.decision_executed"
    )


def test_a_review_that_upholds_leaves_the_decision_unchanged(
    client: Client,
    served_major: PenaltyDecision,
    officers: list[User],
    enforcement_head: User,
    city_leader: User,
    district_a_leader: User,
) -> None:
    upheld = review_meeting(
        served_major,
        vote="agree",
        officer=officers[0],
        head=enforcement_head,
        leader=city_leader,
        member=district_a_leader,
    )
    assert upheld.review and upheld.outcome == Deliberation.Outcome.AGREE
    with pytest.raises(ValidationError, match="维持原处罚决定"):
        correction.decision_correct(
            deliberation=upheld, penalty=LIGHTER, reason=REASON, by=enforcement_head
        )
    served_major.refresh_from_db()
    assert served_major.fine == Decimal("250000.00")
    assert not DecisionCorrection.objects.exists()
    assert not Document.objects.filter(kind="enf_decision_correction").exists()
    assert not Record.objects.filter(action="enforcement.decision_correct").exists()
    client.force_login(enforcement_head)
    url = reverse("enforcement:decision", args=[served_major.case_id])
    assert 'data-testid="correct-form"' not in client.get(url).content.decode()
    # nor through the page
    page = client.post(
        url,
        {
            "action": "correct",
            "deliberation": upheld.pk,
            "fine": "150000",
            "measures": ["police_criminal"],
            "reason": REASON,
        },
    )
    assert page.status_code == 400 and "维持原处罚决定" in page.content.decode()
    served_major.refresh_from_db()
    assert served_major.fine == Decimal("250000.00")


def test_heavier_or_unchanged_penalty_refused(
    served_major: PenaltyDecision,
    officers: list[User],
    enforcement_head: User,
    city_leader: User,
    district_a_leader: User,
) -> None:
    people = {
        "officer": officers[0],
        "head": enforcement_head,
        "leader": city_leader,
        "member": district_a_leader,
    }
    # a 复审 cannot "amend" to the served penalty itself
    with pytest.raises(ValidationError, match="与原处罚决定相同"):
        review_meeting(
            served_major,
            vote="amend",
            amended=Penalty(fine="250000", measures=["police_criminal"]),
            **people,
        )
    assert not served_major.deliberations.filter(review=True).exists()
    # even as the 复审 decided, a heavier penalty needs a new prior notice
    heavier = Penalty(fine="280000", measures=["police_criminal"])
    review = decisions.deliberation_record(  # on the same, still open, application
        decision=served_major,
        chair=city_leader,
        held_at=timezone.now(),
        members=[
            decisions.MemberVote(m, "present", "amend")
            for m in (city_leader, enforcement_head, district_a_leader)
        ],
        minutes="执法队说明新情况；讨论。",
        amended=heavier,
        by=enforcement_head,
    )
    with pytest.raises(ValidationError, match="重于原决定"):
        correction.decision_correct(
            deliberation=review, penalty=heavier, reason=REASON, by=enforcement_head
        )
    # a 复审 recorded before the amended penalty was kept as data: not compared;
    # the head must confirm he checked the text, and an unchanged penalty is
    # still refused
    Deliberation.objects.filter(pk=review.pk).update(amended_penalty=None)
    review.refresh_from_db()
    with pytest.raises(ValidationError, match="已核对复审决定意见"):
        correction.decision_correct(
            deliberation=review,
            penalty=Penalty(fine="250000", measures=["police_criminal"]),
            reason=REASON,
            by=enforcement_head,
        )
    with pytest.raises(ValidationError, match="没有变化"):
        correction.decision_correct(
            deliberation=review,
            penalty=Penalty(fine="250000", measures=["police_criminal"]),
            reason=REASON,
            by=enforcement_head,
            text_checked=True,
        )
    assert not DecisionCorrection.objects.exists()


def test_a_correction_other_than_the_review_decided_is_refused(
    amended: Deliberation, enforcement_head: User
) -> None:
    # given a 复审 that amended the fine to 150,000 yuan (the transfer kept)
    assert amended.amended_penalty == {
        "warning": False,
        "fine": "150000.00",
        "daily_fine": False,
        "measures": ["police_criminal"],
    }
    # when the head corrects to 120,000: refused, naming both penalties
    with pytest.raises(ValidationError) as refused:
        correction.decision_correct(
            deliberation=amended,
            penalty=Penalty(fine="120000", measures=["police_criminal"]),
            reason=REASON,
            by=enforcement_head,
        )
    message = refused.value.messages[0]
    assert "罚款人民币120000.00元" in message
    assert "罚款人民币150000.00元" in message and "不一致" in message
    # nor with the transfer dropped
    with pytest.raises(ValidationError, match="不一致"):
        correction.decision_correct(
            deliberation=amended,
            penalty=Penalty(fine="150000"),
            reason=REASON,
            by=enforcement_head,
        )
    amended.decision.refresh_from_db()
    assert amended.decision.fine == Decimal("250000.00")
    assert not DecisionCorrection.objects.exists()
    assert not Record.objects.filter(action="enforcement.decision_correct").exists()
    # the matching one passes (the first test follows it through execution)
    made = correction.decision_correct(
        deliberation=amended, penalty=LIGHTER, reason=REASON, by=enforcement_head
    )
    assert made.after == amended.amended_penalty


def test_another_districts_staff_and_a_case_officer_may_not_correct(
    client: Client,
    amended: Deliberation,
    officers: list[User],
    district_b_officer: User,
    sub_bureau_b: Unit,
    district_b: Division,
    enforcement_head: User,
) -> None:
    district_b_head = UserFactory(
        username="tiexi-head",
        full_name="铁西分局钱局长",
        unit=sub_bureau_b,
        scope=User.Scope.DIVISION,
        scope_division=district_b,
        role_codes=["sub_bureau_head"],
    )
    for outsider in (district_b_officer, district_b_head, officers[0]):
        with pytest.raises(PermissionDenied):
            correction.decision_correct(
                deliberation=amended, penalty=LIGHTER, reason=REASON, by=outsider
            )
    url = reverse("enforcement:decision", args=[amended.decision.case_id])
    form = {
        "action": "correct",
        "deliberation": amended.pk,
        "fine": "150000",
        "measures": ["police_criminal"],
        "reason": REASON,
    }
    client.force_login(district_b_officer)
    assert client.post(url, form).status_code in (403, 404)
    assert not DecisionCorrection.objects.exists()
    amended.decision.refresh_from_db()
    assert amended.decision.fine == Decimal("250000.00")
    # the head in scope: bad input kept, then corrected through the page
    client.force_login(enforcement_head)
    page = client.post(url, {**form, "reason": " ", "fine": "150000"})
    body = page.content.decode()
    assert "请填写须变更的新情况" in body and 'value="150000"' in body
    assert client.post(url, form).status_code == 302
    assert DecisionCorrection.objects.get().made_by == enforcement_head


def test_a_published_decision_is_withdrawn_when_corrected(
    amended: Deliberation, enforcement_head: User
) -> None:
    # 行政处罚法第四十八条第二款 (P18): a changed decision's information is withdrawn
    published = publication.decision_publish(
        decision=amended.decision, by=enforcement_head
    )
    made = correction.decision_correct(
        deliberation=amended, penalty=LIGHTER, reason=REASON, by=enforcement_head
    )
    published.refresh_from_db()
    assert published.withdrawn_at is not None
    assert made.document.reference in published.withdraw_reason


def test_fine_removed_everything_paid_goes_back(
    served_major: PenaltyDecision,
    officers: list[User],
    enforcement_head: User,
    city_leader: User,
    district_a_leader: User,
) -> None:
    removed = Penalty(fine="0", measures=["police_criminal"])
    amended = review_meeting(
        served_major,
        vote="amend",
        amended=removed,
        officer=officers[0],
        head=enforcement_head,
        leader=city_leader,
        member=district_a_leader,
    )
    decision = amended.decision
    execution.payment_record(
        decision=decision,
        amount="100000",
        paid_on=dates.local_date(timezone.now()),
        receipt=receipt(),
        by=officers[0],
    )
    made = correction.decision_correct(
        deliberation=amended, penalty=removed, reason=REASON, by=enforcement_head
    )
    assert made.overpaid == Decimal("100000.00")
    decision.refresh_from_db()
    # the transfer remains to be carried out: not 执行完毕 by the correction
    assert decision.fine == 0 and decision.executed_at is None
