"""Execution (执行) of a served penalty decision (issue 10 item 3).

- Payment within 15 days of service (行政处罚法第六十七条, rules.md P10): each
  payment is recorded with its amount, date and the bank receipt.
- Unpaid past the due day: 加处罚款 of 3 % of the fine per day, capped at the fine
  (行政处罚法第七十二条第一款第一项, 行政强制法第四十五条). The figure is never
  computed here: it is the lib `surcharge` rule's (CONTRACTS.md `surcharge`),
  called with the version in force on the day considered, and its explanation is
  kept with the payment and shown on the decision page.
- A 催告书 (行政强制法第三十五条) is issued as a numbered PDF once the due day
  has passed and the decision is not fully paid.
- Fully paid (fine plus surcharge as on the last payment day): 执行完毕.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Attachment, Document
from ecobureau.core import calendar
from ecobureau.lib import dates, rules

from ..models import EnforcementCase, Payment, PenaltyDecision
from ..processes import CASE, PAYMENT_DAYS
from . import printing
from .decision_common import _check_staff, _locked, _money, _record

REMINDER_KIND = "enf_payment_reminder"


@dataclass(frozen=True)
class Surcharge:
    due: date
    on: date
    days: int
    amount: Decimal
    explain: list[str]


def payment_due(decision: PenaltyDecision) -> date | None:
    """The last day to pay: 15 days after the day the decision was served (the
    service day itself not counted)."""
    if decision.served_at is None:
        return None
    return dates.local_date(decision.served_at) + timedelta(days=PAYMENT_DAYS)


def surcharge_on(decision: PenaltyDecision, on: date) -> Surcharge | None:
    """The `surcharge` rule's answer for this decision's fine paid on `on`
    (suspensions for reconsideration or litigation are not recorded yet: none)."""
    due = payment_due(decision)
    if due is None or not decision.fine:
        return None
    rule = rules.get("surcharge", on)
    result = rule.run(
        {
            "fine": float(decision.fine),
            "due": due.isoformat(),
            "paid_on": on.isoformat(),
            "suspended": [],
        },
        rules.RuleContext(as_of=on, calendar=calendar.current()),
    )
    return Surcharge(
        due=due,
        on=on,
        days=int(result["days"]),
        amount=Decimal(str(result["surcharge"])).quantize(Decimal("0.01")),
        explain=[*result["explain"], f"规则：surcharge（{rule.version}）"],
    )


def paid_total(decision: PenaltyDecision) -> Decimal:
    total = decision.payments.aggregate(total=Sum("amount"))["total"]
    return total or Decimal("0")


def owed_on(decision: PenaltyDecision, on: date) -> Decimal:
    """Fine plus surcharge as on `on`, less what has been paid."""
    surcharge = surcharge_on(decision, on)
    extra = surcharge.amount if surcharge else Decimal("0")
    return max(decision.fine + extra - paid_total(decision), Decimal("0"))


def execute_check(case: EnforcementCase) -> None:
    decision = case.decision
    last = decision.payments.order_by("-paid_on", "-pk").first()
    if last is None or owed_on(decision, last.paid_on) > 0:
        raise ValidationError("罚款及加处罚款尚未缴清。")


@transaction.atomic
def payment_record(
    *,
    decision: PenaltyDecision,
    amount: object,
    paid_on: date,
    receipt: File[bytes],
    by: User,
) -> Payment:
    """Record one payment with its receipt; the decision is 执行完毕 once the fine
    and any surcharge due on that day are fully paid."""
    decision = _locked(decision)
    case = decision.case
    _check_staff(by, case)
    if case.status != "served" or decision.executed_at:
        raise ValidationError("处罚决定送达后、执行完毕前方可登记缴款。")
    if not decision.fine:
        raise ValidationError("本决定没有罚款。")
    money = _money(amount, "缴纳金额")
    if not money:
        raise ValidationError("请填写缴纳金额。")
    assert decision.served_at is not None
    if paid_on > dates.local_date(timezone.now()):
        raise ValidationError("缴纳日期不能晚于今天。")
    if paid_on < dates.local_date(decision.served_at):
        raise ValidationError("缴纳日期不能早于处罚决定送达之日。")
    if receipt is None:
        raise ValidationError("请上传缴款凭证。")
    surcharge = surcharge_on(decision, paid_on)
    assert surcharge is not None
    attachment = casework_services.attachment_add(
        file=receipt,
        target=case,
        kind=Attachment.Kind.SCAN,
        by=by,
        note=f"缴款凭证（{paid_on.isoformat()}，{money}元）",
    )
    payment = Payment.objects.create(
        decision=decision,
        amount=money,
        paid_on=paid_on,
        receipt=attachment,
        due=surcharge.due,
        surcharge=surcharge.amount,
        surcharge_days=surcharge.days,
        explain=surcharge.explain,
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    owed = owed_on(decision, paid_on)
    _record(
        "payment_record",
        decision,
        by,
        payment=payment.pk,
        amount=str(money),
        paid_on=paid_on.isoformat(),
        surcharge=str(surcharge.amount),
        days=surcharge.days,
        owed=str(owed),
    )
    if owed == 0:
        decision.executed_at = timezone.now()
        decision.save(update_fields=["executed_at", "updated_at"])
        casework_services.case_transition(
            process=CASE, case=case, transition="execute", by=by
        )
        _record("decision_executed", decision, by, paid=str(paid_total(decision)))
    return payment


@transaction.atomic
def reminder_issue(
    *, decision: PenaltyDecision, by: User, on: datetime | None = None
) -> Document:
    """催告书 (行政强制法第三十五条): the amount owed today, fine and surcharge."""
    decision = _locked(decision)
    case = decision.case
    _check_staff(by, case)
    today = dates.local_date(on or timezone.now())
    due = payment_due(decision)
    if case.status != "served" or due is None:
        raise ValidationError("处罚决定送达后方可催告。")
    if today <= due:
        raise ValidationError(f"缴纳期限至{due}，期满后方可催告。")
    surcharge = surcharge_on(decision, today)
    assert surcharge is not None
    owed = owed_on(decision, today)
    if owed == 0:
        raise ValidationError("罚款已缴清，无需催告。")
    document = printing.issue(
        kind=REMINDER_KIND,
        target=case,
        by=by,
        context={
            "party": case.enterprise.name,
            "penalty": decision.penalty_text(),
            "due": due.isoformat(),
            "paid": str(paid_total(decision)),
            "surcharge": "；".join(surcharge.explain),
            "owed": str(owed),
        },
    )
    _record(
        "reminder_issue",
        decision,
        by,
        document=document.pk,
        owed=str(owed),
        surcharge=str(surcharge.amount),
    )
    return document
