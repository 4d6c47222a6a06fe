"""退还多缴罚款 after a 变更决定 (集体审议规则 第十条1; services/correction.py).

A 变更决定 that lowers a fine already paid records what was paid beyond the
corrected amount as 应予退还 (`DecisionCorrection.overpaid`). The refund itself is
recorded here, in one or more parts, by the staff who record payments
(`_check_staff`, as `execution.payment_record`):

1. the case is not archived (an archived file is closed: its 卷内目录 lists the
   refunds, and `archive.case_archive` refuses while a refund is still owed),
   something is still to be refunded, and the amount is more than zero and not
   more than what remains;
2. the day is neither in the future nor before the 变更决定 that made the money
   refundable;
3. the refund voucher's number is given; its scan is optional (a casework
   attachment on the case, as a payment's receipt);
4. the record entry, in the same transaction.

`overpaid` is cumulative (paid in total less what the corrected decision leaves
due), so what is to be refunded is the largest one, not their sum.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Attachment
from ecobureau.lib import dates

from ..models import CaseFile, DecisionCorrection, PenaltyDecision, Refund
from .decision_common import _check_staff, _locked, _money, _record


@dataclass(frozen=True)
class RefundState:
    due: Decimal  # 应予退还
    refunded: Decimal  # 已退还
    remaining: Decimal  # 尚余
    since: date | None  # the earliest day a refund may bear
    correction: DecisionCorrection | None  # the latest 变更决定 with an overpayment
    refunds: list[Refund]


def refund_state(decision: PenaltyDecision) -> RefundState:
    """What is to be refunded on the decision, what has been, and what remains."""
    corrections = list(
        decision.corrections.filter(overpaid__gt=0).order_by("made_at", "pk")
    )
    refunds = list(decision.refunds.select_related("receipt"))
    refunded = sum((r.amount for r in refunds), Decimal("0.00"))
    if not corrections:
        zero = Decimal("0.00")
        return RefundState(zero, refunded, zero, None, None, refunds)
    due = max(c.overpaid for c in corrections)
    return RefundState(
        due=due,
        refunded=refunded,
        remaining=max(due - refunded, Decimal("0.00")),
        since=dates.local_date(corrections[0].made_at),
        correction=corrections[-1],
        refunds=refunds,
    )


@transaction.atomic
def refund_record(
    *,
    decision: PenaltyDecision,
    amount: object,
    refunded_on: date,
    voucher: str,
    by: User,
    receipt: File[bytes] | None = None,
) -> Refund:
    """Record one refund of money paid beyond a corrected decision (see the
    module docstring for the checks)."""
    decision = _locked(decision)
    _check_staff(by, decision.case)
    if CaseFile.objects.filter(case_id=decision.case_id).exists():
        # 全过程记录实施办法 第三十二条: the file is formed once the action has
        # ended; a refund after it would be missing from its 卷内目录.
        raise ValidationError("该案件已归档，不能再登记退还罚款。")
    state = refund_state(decision)
    if state.correction is None or state.since is None:
        raise ValidationError("本决定没有应予退还的罚款。")
    if not state.remaining:
        raise ValidationError("应予退还的罚款已全部退还。")
    money = _money(amount, "退还金额")
    if not money:
        raise ValidationError("请填写退还金额。")
    if money > state.remaining:
        raise ValidationError(
            f"退还金额不能超过尚需退还的{state.remaining}元"
            f"（应予退还{state.due}元，已退还{state.refunded}元）。"
        )
    if refunded_on > dates.local_date(timezone.now()):
        raise ValidationError("退还日期不能晚于今天。")
    if refunded_on < state.since:
        raise ValidationError(
            f"退还日期不能早于变更行政处罚决定作出之日（{state.since}）。"
        )
    voucher = voucher.strip()
    if not voucher:
        raise ValidationError("请填写退款凭证号。")
    attachment = None
    if receipt is not None:
        attachment = casework_services.attachment_add(
            file=receipt,
            target=decision.case,
            kind=Attachment.Kind.SCAN,
            by=by,
            note=f"退款凭证（{voucher}，{refunded_on.isoformat()}，{money}元）",
        )
    refund = Refund.objects.create(
        decision=decision,
        correction=state.correction,
        amount=money,
        refunded_on=refunded_on,
        voucher=voucher,
        receipt=attachment,
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    refunded = decision.refunds.aggregate(total=Sum("amount"))["total"]
    _record(
        "refund_record",
        decision,
        by,
        refund=refund.pk,
        correction=state.correction.pk,
        amount=str(money),
        refunded_on=refunded_on.isoformat(),
        voucher=voucher,
        remaining=str(state.due - refunded),
    )
    return refund
