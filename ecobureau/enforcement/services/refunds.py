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

After a supersession (services/supersede.py) the money received under the
superseded decision is credited to the new one (`SupersededDecision.credited`,
already net of refunds); what it credits beyond the new decision's fine is to be
refunded once the new decision is made. Only the corrections and refunds of the
current round count: earlier ones are settled in the credit.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Attachment
from ecobureau.lib import dates

from ..models import (
    CaseFile,
    DecisionCorrection,
    PenaltyDecision,
    Refund,
    SupersededDecision,
)
from .decision_common import _check_staff, _locked, _money, _record
from .execution import last_supersession


@dataclass(frozen=True)
class RefundState:
    due: Decimal  # 应予退还
    refunded: Decimal  # 已退还
    remaining: Decimal  # 尚余
    since: date | None  # the earliest day a refund may bear
    correction: DecisionCorrection | None  # the latest 变更决定 with an overpayment
    refunds: list[Refund]
    # the supersession whose credit exceeds the new decision's fine
    supersession: SupersededDecision | None = None


def refund_state(decision: PenaltyDecision) -> RefundState:
    """What is to be refunded on the decision, what has been, and what remains."""
    corrections = decision.corrections.filter(overpaid__gt=0)
    refund_rows = decision.refunds.select_related("receipt")
    last = last_supersession(decision)
    if last is not None:  # earlier rounds are settled in the credit
        corrections = corrections.filter(made_at__gt=last.made_at)
        refund_rows = refund_rows.filter(recorded_at__gt=last.made_at)
    ordered = list(corrections.order_by("made_at", "pk"))
    refunds = list(refund_rows)
    refunded = sum((r.amount for r in refunds), Decimal("0.00"))
    owed = [(c.overpaid, dates.local_date(c.made_at)) for c in ordered]
    excess = Decimal("0.00")
    if last is not None and decision.decided_at and decision.decided_at > last.made_at:
        excess = max(last.credited - decision.fine, Decimal("0.00"))
        if excess:
            owed.append((excess, dates.local_date(decision.decided_at)))
    if not owed:
        zero = Decimal("0.00")
        return RefundState(zero, refunded, zero, None, None, refunds)
    due = max(amount for amount, _ in owed)
    return RefundState(
        due=due,
        refunded=refunded,
        remaining=max(due - refunded, Decimal("0.00")),
        since=min(day for _, day in owed),
        correction=ordered[-1] if ordered else None,
        refunds=refunds,
        supersession=last if excess else None,
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
    if state.since is None or (state.correction is None and state.supersession is None):
        raise ValidationError("本决定没有应予退还的罚款。")
    if not state.remaining:
        raise ValidationError("应予退还的罚款已全部退还。")
    money = _money(amount, gettext_noop("退还金额"))
    if not money:
        raise ValidationError("请填写退还金额。")
    if money > state.remaining:
        raise ValidationError(
            gettext(
                "退还金额不能超过尚需退还的%(remaining)s元"
                "（应予退还%(due)s元，已退还%(refunded)s元）。"
            )
            % {
                "remaining": state.remaining,
                "due": state.due,
                "refunded": state.refunded,
            }
        )
    if refunded_on > dates.local_date(timezone.now()):
        raise ValidationError("退还日期不能晚于今天。")
    if refunded_on < state.since:
        # two sentences, not one with the verb filled in: English orders them apart
        message = (
            gettext("退还日期不能早于变更行政处罚决定作出之日（%(since)s）。")
            if state.correction is not None
            else gettext("退还日期不能早于重新作出行政处罚决定作出之日（%(since)s）。")
        )
        raise ValidationError(message % {"since": state.since})
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
        supersession=state.supersession,
        amount=money,
        refunded_on=refunded_on,
        voucher=voucher,
        receipt=attachment,
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    refunded = state.refunded + money  # this round's refunds, this one included
    _record(
        "refund_record",
        decision,
        by,
        refund=refund.pk,
        correction=state.correction.pk if state.correction else None,
        supersession=state.supersession.pk if state.supersession else None,
        amount=str(money),
        refunded_on=refunded_on.isoformat(),
        voucher=voucher,
        remaining=str(state.due - refunded),
    )
    return refund
