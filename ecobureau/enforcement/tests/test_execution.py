"""Execution (issue 10 item 3): payment against a served decision, the late-payment
surcharge from the lib `surcharge` rule, the 催告书 and 执行完毕."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ecobureau.casework.models import Document
from ecobureau.core import calendar
from ecobureau.lib import dates, rules

from ..models import Payment, PenaltyDecision
from ..services import decisions, execution
from .test_decisions import case_actions, propose


def receipt() -> SimpleUploadedFile:
    return SimpleUploadedFile("缴款凭证.pdf", b"%PDF-1.4 receipt", "application/pdf")


@pytest.fixture
def served(investigated, officers, enforcement_head) -> PenaltyDecision:
    decision = propose(investigated, officers[0], fine="150000")
    decisions.notice_issue(
        decision=decision,
        served_at=timezone.now() - timedelta(days=14),
        by=officers[0],
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
    return decision


def served_days_ago(decision: PenaltyDecision, days: int) -> PenaltyDecision:
    """Move the service back in time (as if served `days` ago)."""
    PenaltyDecision.objects.filter(pk=decision.pk).update(
        served_at=timezone.now() - timedelta(days=days),
        decided_at=timezone.now() - timedelta(days=days),
    )
    decision.refresh_from_db()
    return decision


def today():
    return dates.local_date(timezone.now())


def test_paid_on_time_no_surcharge_and_executed(served, officers):
    payment = execution.payment_record(
        decision=served,
        amount="150000",
        paid_on=today(),
        receipt=receipt(),
        by=officers[0],
    )
    assert payment.surcharge == 0 and payment.surcharge_days == 0
    assert any("不加处罚款" in line for line in payment.explain)
    served.refresh_from_db()
    assert served.executed_at is not None
    assert served.case.status == "executed"
    assert {
        "enforcement.payment_record",
        "enforcement.decision_executed",
    } <= case_actions(served.case)
    # nothing more to pay, nothing to remind
    with pytest.raises(ValidationError):
        execution.payment_record(
            decision=served,
            amount="1",
            paid_on=today(),
            receipt=receipt(),
            by=officers[0],
        )


def test_paid_late_surcharge_is_the_rules(served, officers, enforcement_head):
    decision = served_days_ago(served, 20)  # due 15 days after service: 5 days late
    due = execution.payment_due(decision)
    assert due == today() - timedelta(days=5)
    # before paying in full: a reminder, numbered, with the amount owed
    document = execution.reminder_issue(decision=decision, by=officers[0])
    assert document.kind == "enf_payment_reminder" and "催" in document.reference
    expected = rules.get("surcharge", today()).run(
        {
            "fine": 150000.0,
            "due": due.isoformat(),
            "paid_on": today().isoformat(),
            "suspended": [],
        },
        rules.RuleContext(as_of=today(), calendar=calendar.current()),
    )
    assert expected["days"] == 5
    surcharge = Decimal(str(expected["surcharge"]))
    assert surcharge == Decimal("22500")  # 150,000 × 3 % × 5
    # paying only the fine leaves the surcharge owed: not yet executed
    first = execution.payment_record(
        decision=decision,
        amount="150000",
        paid_on=today(),
        receipt=receipt(),
        by=officers[0],
    )
    assert first.surcharge == surcharge and first.surcharge_days == 5
    decision.refresh_from_db()
    assert decision.executed_at is None
    assert execution.owed_on(decision, today()) == surcharge
    execution.payment_record(
        decision=decision,
        amount=str(surcharge),
        paid_on=today(),
        receipt=receipt(),
        by=enforcement_head,
    )
    decision.refresh_from_db()
    assert decision.executed_at is not None
    assert decision.case.status == "executed"
    assert "enforcement.reminder_issue" in case_actions(decision.case)


def test_reminder_only_after_the_due_day(served, officers):
    with pytest.raises(ValidationError, match="期满后方可催告"):
        execution.reminder_issue(decision=served, by=officers[0])
    assert not Document.objects.filter(kind="enf_payment_reminder").exists()


def test_bad_input_and_who_may_record(
    served, officers, other_officer, enterprise_user_a
):
    for amount, message in (("abc", "请填写数字"), ("0", "请填写缴纳金额")):
        with pytest.raises(ValidationError, match=message):
            execution.payment_record(
                decision=served,
                amount=amount,
                paid_on=today(),
                receipt=receipt(),
                by=officers[0],
            )
    with pytest.raises(ValidationError, match="不能晚于今天"):
        execution.payment_record(
            decision=served,
            amount="100",
            paid_on=today() + timedelta(days=1),
            receipt=receipt(),
            by=officers[0],
        )
    for outsider in (other_officer, enterprise_user_a):
        with pytest.raises(PermissionDenied):
            execution.payment_record(
                decision=served,
                amount="100",
                paid_on=today(),
                receipt=receipt(),
                by=outsider,
            )
        with pytest.raises(PermissionDenied):
            execution.reminder_issue(decision=served, by=outsider)
    assert not Payment.objects.exists()


def test_decision_page_shows_surcharge_and_records_payment(
    client, served, officers, enterprise_user_a
):
    decision = served_days_ago(served, 20)
    url = reverse("enforcement:decision", args=[decision.case.pk])
    client.force_login(officers[0])
    body = client.get(url).content.decode()
    assert "加处罚款" in body and "22500.00元" in body and "逾期5日" in body
    # bad input keeps what was typed and writes nothing
    page = client.post(
        url, {"action": "payment", "amount": "abc", "paid_on": today().isoformat()}
    )
    body = page.content.decode()
    assert page.status_code == 400 and "请填写数字" in body and 'value="abc"' in body
    assert not Payment.objects.exists()
    response = client.post(
        url,
        {
            "action": "payment",
            "amount": "172500",
            "paid_on": today().isoformat(),
            "receipt": receipt(),
        },
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.case.status == "executed"
    # the party may not open the staff page
    client.force_login(enterprise_user_a)
    assert client.get(url).status_code in (302, 403, 404)
