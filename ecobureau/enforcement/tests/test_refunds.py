"""退还多缴罚款: after a 变更决定 that lowers a fine already paid, the staff who
record payments record the refund of the excess (应予退还), in parts, never more
than remains, dated between the 变更决定 and today; the record entry is written;
the party sees the refund on its own case page, another enterprise gets 404,
another district's staff are refused."""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from ecobureau.accounts.models import User
from ecobureau.casework.models import Attachment
from ecobureau.core.models import Record

from ..models import CaseFile, Deliberation, PenaltyDecision, Refund
from ..services import archive, correction, execution, refunds
from . import test_decision_correction, test_execution
from .test_decision_correction import LIGHTER, REASON
from .test_execution import receipt, today

pytestmark = pytest.mark.django_db

served_major = test_decision_correction.served_major
amended = test_decision_correction.amended
served = test_execution.served


@pytest.fixture
def overpaid(
    amended: Deliberation, officers: list[User], enforcement_head: User
) -> PenaltyDecision:
    """250,000 yuan served, 200,000 paid, corrected to 150,000: 50,000 应予退还."""
    decision = amended.decision
    execution.payment_record(
        decision=decision,
        amount="200000",
        paid_on=today(),
        receipt=receipt(),
        by=officers[0],
    )
    made = correction.decision_correct(
        deliberation=amended, penalty=LIGHTER, reason=REASON, by=enforcement_head
    )
    assert made.overpaid == Decimal("50000.00")
    decision.refresh_from_db()
    return decision


def test_full_refund_in_two_parts(
    client: Client, overpaid: PenaltyDecision, officers: list[User]
) -> None:
    url = reverse("enforcement:decision", args=[overpaid.case_id])
    client.force_login(officers[0])
    body = client.get(url).content.decode()
    assert "应予退还50000.00元，已退还0.00元，尚余50000.00元" in body
    assert 'data-testid="refund-form"' in body
    # first part through the service, without a scan
    first = refunds.refund_record(
        decision=overpaid,
        amount="20000",
        refunded_on=today(),
        voucher="退库2026-0001",
        by=officers[0],
    )
    assert first.receipt is None and first.correction is not None
    assert first.correction.overpaid == Decimal("50000")
    # the rest through the page, with the scanned voucher
    response = client.post(
        url,
        {
            "action": "refund",
            "refund_amount": "30000",
            "refunded_on": today().isoformat(),
            "voucher": "退库2026-0002",
            "refund_receipt": receipt(),
        },
    )
    assert response.status_code == 302
    second = Refund.objects.get(voucher="退库2026-0002")
    assert second.amount == Decimal("30000.00") and second.recorded_by == officers[0]
    assert second.receipt is not None
    assert second.receipt.kind == Attachment.Kind.SCAN
    state = refunds.refund_state(overpaid)
    assert (state.due, state.refunded, state.remaining) == (
        Decimal("50000.00"),
        Decimal("50000.00"),
        Decimal("0.00"),
    )
    body = client.get(url).content.decode()
    assert "应予退还50000.00元，已退还50000.00元，尚余0.00元" in body
    assert 'data-testid="refund-form"' not in body
    # the record entries, one per part, with what remained
    entries = [
        json.loads(e.payload)["data"]
        for e in Record.objects.filter(action="enforcement.refund_record")
    ]
    assert [e["amount"] for e in entries] == ["20000.00", "30000.00"]
    assert [e["remaining"] for e in entries] == ["30000.00", "0.00"]
    assert entries[0]["refund"] == first.pk
    # nothing more to refund
    with pytest.raises(ValidationError, match="已全部退还"):
        refunds.refund_record(
            decision=overpaid,
            amount="1",
            refunded_on=today(),
            voucher="退库2026-0003",
            by=officers[0],
        )


def test_over_refund_and_bad_amounts_refused(
    overpaid: PenaltyDecision, officers: list[User]
) -> None:
    refunds.refund_record(
        decision=overpaid,
        amount="20000",
        refunded_on=today(),
        voucher="退库2026-0001",
        by=officers[0],
    )
    for amount, message in (
        ("30000.01", "不能超过尚需退还的30000.00元"),
        ("0", "请填写退还金额"),
        ("-5", "不能为负数"),
        ("abc", "请填写数字"),
    ):
        with pytest.raises(ValidationError, match=message):
            refunds.refund_record(
                decision=overpaid,
                amount=amount,
                refunded_on=today(),
                voucher="退库2026-0002",
                by=officers[0],
            )
    with pytest.raises(ValidationError, match="退款凭证号"):
        refunds.refund_record(
            decision=overpaid,
            amount="100",
            refunded_on=today(),
            voucher=" ",
            by=officers[0],
        )
    assert Refund.objects.count() == 1
    assert Record.objects.filter(action="enforcement.refund_record").count() == 1


def test_date_neither_in_the_future_nor_before_the_correction(
    overpaid: PenaltyDecision, officers: list[User]
) -> None:
    for day, message in (
        (today() + timedelta(days=1), "不能晚于今天"),
        (today() - timedelta(days=1), "不能早于变更行政处罚决定作出之日"),
    ):
        with pytest.raises(ValidationError, match=message):
            refunds.refund_record(
                decision=overpaid,
                amount="100",
                refunded_on=day,
                voucher="退库2026-0001",
                by=officers[0],
            )
    assert not Refund.objects.exists()


def test_nothing_to_refund_without_an_overpayment(
    client: Client, served: PenaltyDecision, officers: list[User]
) -> None:
    with pytest.raises(ValidationError, match="没有应予退还"):
        refunds.refund_record(
            decision=served,
            amount="100",
            refunded_on=today(),
            voucher="退库2026-0001",
            by=officers[0],
        )
    client.force_login(officers[0])
    body = client.get(reverse("enforcement:decision", args=[served.case_id]))
    assert 'data-testid="refunds"' not in body.content.decode()


def test_refused_form_answers_400_and_keeps_what_was_typed(
    client: Client, overpaid: PenaltyDecision, officers: list[User]
) -> None:
    client.force_login(officers[0])
    page = client.post(
        reverse("enforcement:decision", args=[overpaid.case_id]),
        {
            "action": "refund",
            "refund_amount": "60000",
            "refunded_on": today().isoformat(),
            "voucher": "退库2026-0009",
        },
    )
    body = page.content.decode()
    assert page.status_code == 400
    assert "不能超过尚需退还的50000.00元" in body
    assert 'value="60000"' in body and 'value="退库2026-0009"' in body
    assert not Refund.objects.exists()


def test_another_districts_staff_refused(
    client: Client, overpaid: PenaltyDecision, district_b_officer: User
) -> None:
    with pytest.raises(PermissionDenied):
        refunds.refund_record(
            decision=overpaid,
            amount="100",
            refunded_on=today(),
            voucher="退库2026-0001",
            by=district_b_officer,
        )
    client.force_login(district_b_officer)
    response = client.post(
        reverse("enforcement:decision", args=[overpaid.case_id]),
        {
            "action": "refund",
            "refund_amount": "100",
            "refunded_on": today().isoformat(),
            "voucher": "退库2026-0001",
        },
    )
    assert response.status_code in (403, 404)
    assert not Refund.objects.exists()


def test_the_party_sees_its_refund_and_another_enterprise_does_not(
    client: Client,
    overpaid: PenaltyDecision,
    officers: list[User],
    enterprise_user_a: User,
    enterprise_user_b: User,
) -> None:
    refunds.refund_record(
        decision=overpaid,
        amount="20000",
        refunded_on=today(),
        voucher="退库2026-0001",
        by=officers[0],
    )
    url = reverse("enforcement:party-case", args=[overpaid.case_id])
    client.force_login(enterprise_user_a)
    body = client.get(url).content.decode()
    assert "应予退还50000.00元，已退还20000.00元，尚余30000.00元待退还" in body
    assert "退还20000.00元（退款凭证号：退库2026-0001）" in body
    client.force_login(enterprise_user_b)
    assert client.get(url).status_code == 404


def test_archive_refused_while_a_refund_is_owed_then_lists_the_refunds(
    overpaid: PenaltyDecision, officers: list[User]
) -> None:
    """The 50,000 owed after the 变更决定 keeps the file open; once refunded, the
    卷内目录 lists each refund with its day and voucher like a payment."""
    case = overpaid.case
    case.refresh_from_db()
    assert case.status == "executed"
    refunds.refund_record(
        decision=overpaid,
        amount="20000",
        refunded_on=today(),
        voucher="退库2026-0001",
        by=officers[0],
    )
    with pytest.raises(ValidationError, match=r"尚有应予退还的罚款30000\.00元未退还"):
        archive.case_archive(case=case, by=officers[0])
    assert not CaseFile.objects.exists()
    refunds.refund_record(
        decision=overpaid,
        amount="30000",
        refunded_on=today(),
        voucher="退库2026-0002",
        by=officers[0],
        receipt=receipt(),
    )
    case_file = archive.case_archive(case=case, by=officers[0])
    rows = [row for row in case_file.catalogue if row["kind"] == "refund"]
    assert [(r["title"], r["reference"], r["date"]) for r in rows] == [
        ("退还多缴罚款20000.00元", "退款凭证号：退库2026-0001", today().isoformat()),
        ("退还多缴罚款30000.00元", "退款凭证号：退库2026-0002", today().isoformat()),
    ]
    assert rows[0]["sha256"] == "" and len(rows[1]["sha256"]) == 64
    numbers = [int(row["no"]) for row in case_file.catalogue]
    assert numbers == list(range(1, len(numbers) + 1))
    payment_no = next(r["no"] for r in case_file.catalogue if r["kind"] == "payment")
    assert int(payment_no) < int(rows[0]["no"])  # in the order they were recorded


def test_refund_on_an_archived_case_refused(
    overpaid: PenaltyDecision, officers: list[User]
) -> None:
    """Once archived the file is closed: no refund is recorded into it, and the
    archive is refused before anything else is checked."""
    refunds.refund_record(
        decision=overpaid,
        amount="50000",
        refunded_on=today(),
        voucher="退库2026-0001",
        by=officers[0],
    )
    archive.case_archive(case=overpaid.case, by=officers[0])
    with pytest.raises(ValidationError, match="该案件已归档，不能再登记退还罚款"):
        refunds.refund_record(
            decision=overpaid,
            amount="100",
            refunded_on=today(),
            voucher="退库2026-0002",
            by=officers[0],
        )
    assert Refund.objects.count() == 1
    assert Record.objects.filter(action="enforcement.refund_record").count() == 1
