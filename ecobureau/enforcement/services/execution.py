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
- After a supersession (services/supersede.py) the money received under the
  superseded decision is credited (折抵) to the new one: what is due is the new
  fine less the credit (`amount_due`), the surcharge runs on that and is capped
  at it, and only the payments of the current round are counted as paid
  (`round_payments`); a credit beyond the new fine is refunded
  (services/refunds.py).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.db.models import QuerySet, Sum
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Attachment, Document
from ecobureau.core import calendar
from ecobureau.lib import dates, rules

from ..models import (
    CorrectionCheck,
    CourtApplication,
    DailyPenalty,
    EnforcementCase,
    Payment,
    PenaltyDecision,
    ReminderService,
    SupersededDecision,
    SurchargeSuspension,
)
from ..processes import CASE, PAYMENT_DAYS
from . import printing
from .decision_common import _check_staff, _locked, _money, _record, add_workdays

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


def last_supersession(decision: PenaltyDecision) -> SupersededDecision | None:
    return decision.supersessions.order_by("-made_at", "-pk").first()


def credit(decision: PenaltyDecision) -> Decimal:
    """Money received under a superseded decision and credited to this one
    (折抵; 行政处罚法第二十九条: the same act is not fined twice)."""
    last = last_supersession(decision)
    return last.credited if last is not None else Decimal("0")


def round_payments(decision: PenaltyDecision) -> QuerySet[Payment]:
    """The payments against the decision in force: those recorded after the
    latest supersession (earlier ones are in its `credited`)."""
    payments = decision.payments.all()
    last = last_supersession(decision)
    if last is not None:
        payments = payments.filter(recorded_at__gt=last.made_at)
    return payments


def amount_due(decision: PenaltyDecision) -> Decimal:
    """The fine less any credit from a superseded decision, never below zero."""
    return max(decision.fine - credit(decision), Decimal("0"))


def suspended_periods(decision: PenaltyDecision, until: date) -> list[list[str]]:
    """The recorded suspensions as the rule's `suspended` pairs; an open one runs
    to `until` (行政处罚法第七十三条第三款; 第六十六条第二款 for an approved deferral or
    instalment plan)."""
    return [
        [s.starts_on.isoformat(), min(s.ends_on or until, until).isoformat()]
        for s in decision.suspensions.all()
        if s.starts_on <= until
    ]


def _run_surcharge(
    fine: Decimal, due: date, on: date, suspended: list[list[str]]
) -> tuple[str, dict[str, object]]:
    rule = rules.get("surcharge", on)
    result = rule.run(
        {
            "fine": float(fine),
            "due": due.isoformat(),
            "paid_on": on.isoformat(),
            "suspended": suspended,
        },
        rules.RuleContext(as_of=on, calendar=calendar.current()),
    )
    return rule.version, result


def surcharge_on(decision: PenaltyDecision, on: date) -> Surcharge | None:
    """The `surcharge` rule's answer for this decision's fine as on `on`.

    Part-payments reduce the base: a payment goes to the fine first, and from the
    day after it the surcharge runs on the unpaid rest only (行政强制法第四十五条:
    加处罚款 on the unpaid 金钱给付义务). Each stretch between payments is one call of
    the rule, with the recorded suspensions; the total never exceeds the fine
    (第四十五条第二款).

    After a supersession the base is the amount due after the credit
    (`amount_due`), and so is the cap: the money obligation left to the party
    is the fine less what it already paid under the superseded decision."""
    due = payment_due(decision)
    base = amount_due(decision)
    if due is None or not base:
        return None
    suspended = suspended_periods(decision, on)
    balance, start = base, due
    amount, days, explain, version = Decimal("0"), 0, [], ""
    credited = credit(decision)
    credit_lines = (
        [f"原决定已缴纳罚款{credited}元予以折抵，按应缴罚款{base}元计"]
        if credited
        else []
    )
    payments = round_payments(decision).filter(paid_on__lt=on)
    for payment in payments.order_by("paid_on", "pk"):
        if balance <= 0:
            break
        if payment.paid_on > start:
            version, part = _run_surcharge(balance, start, payment.paid_on, suspended)
            amount += Decimal(str(part["surcharge"]))
            days += int(str(part["days"]))
            explain += [str(line) for line in part["explain"]]  # type: ignore[attr-defined]
            start = payment.paid_on
        paid = min(payment.amount, balance)
        balance -= paid
        if paid and balance > 0:
            explain.append(
                f"{payment.paid_on}缴纳{paid}元，此后按未缴罚款{balance}元计"
            )
    if balance > 0 and on > start:
        version, part = _run_surcharge(balance, start, on, suspended)
        amount += Decimal(str(part["surcharge"]))
        days += int(str(part["days"]))
        explain += [str(line) for line in part["explain"]]  # type: ignore[attr-defined]
    elif not explain:  # nothing late: the rule's own "paid in time" line
        version, part = _run_surcharge(base, due, min(on, due), suspended)
        explain += [str(line) for line in part["explain"]]  # type: ignore[attr-defined]
    if amount > base:
        amount = base
        explain.append(
            f"加处罚款合计不得超出罚款数额（行政强制法第四十五条第二款），按{base}元计"
        )
    return Surcharge(
        due=due,
        on=on,
        days=days,
        amount=amount.quantize(Decimal("0.01")),
        explain=[*credit_lines, *explain, f"规则：surcharge（{version}）"],
    )


def paid_total(decision: PenaltyDecision) -> Decimal:
    """Paid against the decision in force (not counting a credit)."""
    total = round_payments(decision).aggregate(total=Sum("amount"))["total"]
    return total or Decimal("0")


def owed_on(decision: PenaltyDecision, on: date) -> Decimal:
    """Fine (less any credit) plus surcharge as on `on`, less what has been
    paid."""
    surcharge = surcharge_on(decision, on)
    extra = surcharge.amount if surcharge else Decimal("0")
    return max(amount_due(decision) + extra - paid_total(decision), Decimal("0"))


def execute_check(case: EnforcementCase) -> None:
    decision = case.decision
    if not decision.fine:
        if decision.measures or decision.daily_fine:
            raise ValidationError(
                "本决定含其他处罚，请记录其执行情况后再标记执行完毕。"
            )
        return  # a warning: done once served (行政处罚法第九条第一项)
    if not amount_due(decision):
        return  # the fine is covered by the credit from a superseded decision
    last = round_payments(decision).order_by("-paid_on", "-pk").first()
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
    if not amount_due(decision):
        raise ValidationError(
            gettext("原决定已缴纳的%(credit)s元已全额折抵本决定的罚款，无需缴纳。")
            % {"credit": credit(decision)}
        )
    money = _money(amount, gettext_noop("缴纳金额"))
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
        _mark_executed(decision, by)
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
        raise ValidationError(
            gettext("缴纳期限至%(due)s，期满后方可催告。") % {"due": due}
        )
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
    reminder = ReminderService.objects.create(
        decision=decision, document=document, recorded_by=by
    )
    _record(
        "reminder_issue",
        decision,
        by,
        document=document.pk,
        reminder=reminder.pk,
        owed=str(owed),
        surcharge=str(surcharge.amount),
    )
    return document


# --- suspensions, on-the-spot collection, a warning -----------------------------------


def _today() -> date:
    return dates.local_date(timezone.now())


def _check_executing(decision: PenaltyDecision) -> None:
    if decision.case.status != "served" or decision.executed_at:
        raise ValidationError("处罚决定送达后、执行完毕前方可办理。")


@transaction.atomic
def suspension_record(
    *,
    decision: PenaltyDecision,
    kind: str,
    starts_on: date,
    basis: str,
    by: User,
    ends_on: date | None = None,
) -> SurchargeSuspension:
    """A reconsideration, a lawsuit or an approved deferral / instalment plan: the
    surcharge does not run in it (the lib rule's `suspended`)."""
    decision = _locked(decision)
    _check_staff(by, decision.case)
    _check_executing(decision)
    if kind not in SurchargeSuspension.Kind.values:
        raise ValidationError("请选择中止加处罚款的情形。")
    if not basis.strip():
        raise ValidationError("请填写依据（受理通知书、起诉材料或批准文书）。")
    assert decision.served_at is not None
    if starts_on < dates.local_date(decision.served_at) or starts_on > _today():
        raise ValidationError("起始日应在送达之后、今天之前。")
    if ends_on is not None and ends_on < starts_on:
        raise ValidationError("结束日不能早于起始日。")
    suspension = SurchargeSuspension.objects.create(
        decision=decision,
        kind=kind,
        starts_on=starts_on,
        ends_on=ends_on,
        basis=basis.strip(),
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    _record(
        "surcharge_suspension",
        decision,
        by,
        kind=kind,
        starts_on=starts_on.isoformat(),
        ends_on=ends_on.isoformat() if ends_on else None,
    )
    return suspension


@transaction.atomic
def suspension_end(
    *, suspension: SurchargeSuspension, ends_on: date, by: User
) -> SurchargeSuspension:
    decision = _locked(suspension.decision)
    _check_staff(by, decision.case)
    if suspension.ends_on is not None:
        raise ValidationError("该期间已结束。")
    if ends_on < suspension.starts_on or ends_on > _today():
        raise ValidationError("结束日应在起始日之后、今天之前。")
    suspension.ends_on = ends_on
    suspension.save(update_fields=["ends_on"])
    _record("surcharge_suspension_end", decision, by, ends_on=ends_on.isoformat())
    return suspension


def on_the_spot_payment(decision: PenaltyDecision, by: User) -> Payment | None:
    """简易程序当场收缴 (行政处罚法第六十八、七十条): once the summary decision is
    served, the cash collected becomes a Payment (the 专用票据 in place of a bank
    receipt), and the decision is 执行完毕. Called by `decisions.decision_serve`."""
    record = decision.summary_record or {}
    cash = Decimal(str(record.get("cash_collected") or "0"))
    if not cash or decision.payments.exists():
        return None
    assert decision.decided_at is not None and decision.served_at is not None
    surcharge = surcharge_on(decision, dates.local_date(decision.served_at))
    assert surcharge is not None
    payment = Payment.objects.create(
        decision=decision,
        amount=cash,
        paid_on=dates.local_date(decision.decided_at),
        receipt=None,
        receipt_note=f"当场收缴：{record.get('collection', '')}"[:200],
        due=surcharge.due,
        explain=["简易程序当场收缴罚款（行政处罚法第六十八条）"],
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    _record(
        "payment_record",
        decision,
        by,
        payment=payment.pk,
        amount=str(cash),
        on_the_spot=True,
    )
    _mark_executed(decision, by)
    return payment


def credit_settle(decision: PenaltyDecision, by: User) -> bool:
    """On service of a decision made after a supersession: when the credit
    covers the whole fine nothing is left to pay, so the decision is 执行完毕 at
    once (as a payment in full would make it); a credit beyond the fine is then
    refunded (refunds.refund_state). Called by `decisions.decision_serve`."""
    if not decision.fine or not credit(decision) or amount_due(decision):
        return False
    _mark_executed(decision, by)
    return True


def _mark_executed(decision: PenaltyDecision, by: User) -> None:
    decision.executed_at = timezone.now()
    decision.save(update_fields=["executed_at", "updated_at"])
    casework_services.case_transition(
        process=CASE, case=decision.case, transition="execute", by=by
    )
    credited = credit(decision)
    extra = {"credited": str(credited)} if credited else {}
    _record("decision_executed", decision, by, paid=str(paid_total(decision)), **extra)


@transaction.atomic
def warning_executed(*, decision: PenaltyDecision, by: User) -> PenaltyDecision:
    """A warning alone is carried out by serving it: 执行完毕 by hand."""
    decision = _locked(decision)
    _check_staff(by, decision.case)
    _check_executing(decision)
    if decision.fine or not decision.warning:
        raise ValidationError("只有仅给予警告的决定可以直接标记执行完毕。")
    _mark_executed(decision, by)
    return decision


# --- 催告书送达, 申请人民法院强制执行 -------------------------------------------------

COURT_WAIT_WORKDAYS = 10  # 行政强制法第五十四条、第六十九条 (rules.md P12, P23)
LITIGATION_MONTHS = 6  # 行政诉讼法第四十六条 (P13): the longer of the two periods
COURT_WINDOW_MONTHS = 3  # 行政强制法第五十三条 (P12)
COURT_BASIS = gettext_noop(
    "行政强制法第五十三条、第五十四条；行政处罚法第七十二条第一款第四项"
)


def _months_after(start: date, months: int) -> date:
    """The lib `deadline` rule's calendar-month period (rules.md P23)."""
    result = rules.get("deadline", start).run(
        {"start": start.isoformat(), "amount": months, "unit": "months"},
        rules.RuleContext(as_of=start, calendar=calendar.current()),
    )
    return date.fromisoformat(str(result["due"]))


def court_window(decision: PenaltyDecision) -> tuple[date, date] | None:
    """Apply within 3 months after the reconsideration and litigation periods
    expire (the lawsuit's 6 months from service being the longer)."""
    if decision.served_at is None:
        return None
    appeal_end = _months_after(dates.local_date(decision.served_at), LITIGATION_MONTHS)
    return appeal_end + timedelta(days=1), _months_after(
        appeal_end, COURT_WINDOW_MONTHS
    )


@transaction.atomic
def reminder_serve(
    *,
    reminder: ReminderService,
    served_at: datetime,
    method: str,
    proof: str,
    by: User,
    statement: str = "",
) -> ReminderService:
    """The 催告书 served, with the proof and the party's statement and defence
    (行政强制法第三十六条)."""
    decision = _locked(reminder.decision)
    _check_staff(by, decision.case)
    if reminder.served_at is not None:
        raise ValidationError("该催告书已送达。")
    if method not in PenaltyDecision.ServiceMethod.values:
        raise ValidationError("请选择送达方式。")
    if not proof.strip():
        raise ValidationError("请填写送达凭证（签收人、邮寄单号等）。")
    if served_at > timezone.now() or served_at < reminder.document.issued_at.replace(
        second=0, microsecond=0
    ):
        raise ValidationError("送达时间应在催告书制作之后、现在之前。")
    reminder.served_at = served_at
    reminder.method = method
    reminder.proof = proof.strip()
    reminder.statement = statement.strip()
    reminder.save(update_fields=["served_at", "method", "proof", "statement"])
    _record("reminder_serve", decision, by, reminder=reminder.pk, method=method)
    return reminder


def court_earliest(reminder: ReminderService) -> date | None:
    """The first day after the 10 working days following the reminder's service."""
    if reminder.served_at is None:
        return None
    return add_workdays(
        dates.local_date(reminder.served_at), COURT_WAIT_WORKDAYS
    ) + timedelta(days=1)


@transaction.atomic
def court_apply(
    *,
    decision: PenaltyDecision,
    reminder: ReminderService,
    applied_on: date,
    court: str,
    reference: str,
    by: User,
) -> CourtApplication:
    """申请人民法院强制执行: after a served 催告书 and 10 working days, unpaid, no
    reconsideration or lawsuit pending, within the statutory window."""
    decision = _locked(decision)
    _check_staff(by, decision.case)
    _check_executing(decision)
    if reminder.decision_id != decision.pk:
        raise ValidationError("催告书不属于本决定。")
    if not court.strip() or not reference.strip():
        raise ValidationError("请填写受理法院和申请书文号。")
    if applied_on > _today():
        raise ValidationError("申请日期不能晚于今天。")
    earliest = court_earliest(reminder)
    if earliest is None:
        raise ValidationError("催告书送达后方可申请强制执行（行政强制法第三十五条）。")
    if applied_on < earliest:
        raise ValidationError(
            gettext(
                "催告书送达满10个工作日后方可申请，最早%(earliest)s"
                "（行政强制法第五十四条）。"
            )
            % {"earliest": earliest}
        )
    if decision.suspensions.filter(
        kind__in=[
            SurchargeSuspension.Kind.RECONSIDERATION,
            SurchargeSuspension.Kind.LITIGATION,
        ],
        ends_on__isnull=True,
    ).exists():
        raise ValidationError("行政复议或行政诉讼尚未终结，不能申请强制执行。")
    window = court_window(decision)
    assert window is not None
    if not window[0] <= applied_on <= window[1]:
        raise ValidationError(
            gettext(
                "应在复议、诉讼期限届满之日起三个月内申请：%(start)s至%(end)s"
                "（%(basis)s）。"
            )
            % {"start": window[0], "end": window[1], "basis": gettext(COURT_BASIS)}
        )
    owed = owed_on(decision, applied_on)
    if owed == 0:
        raise ValidationError("罚款已缴清，无需申请强制执行。")
    application = CourtApplication.objects.create(
        decision=decision,
        reminder=reminder,
        applied_on=applied_on,
        court=court.strip(),
        reference=reference.strip(),
        amount=owed,
        recorded_by=by,
    )
    _record(
        "court_apply",
        decision,
        by,
        application=application.pk,
        court=court,
        amount=str(owed),
    )
    return application


@transaction.atomic
def court_result(
    *,
    application: CourtApplication,
    ruling: str,
    ruling_on: date,
    by: User,
    outcome: str = "",
    outcome_on: date | None = None,
) -> CourtApplication:
    """The court's ruling and the outcome of execution (全过程记录实施办法 第三十一条)."""
    decision = _locked(application.decision)
    _check_staff(by, decision.case)
    if ruling not in (CourtApplication.Ruling.GRANTED, CourtApplication.Ruling.REFUSED):
        raise ValidationError("请选择法院的裁定。")
    if ruling_on < application.applied_on or ruling_on > _today():
        raise ValidationError("裁定日期应在申请之后、今天之前。")
    if outcome_on is not None and not outcome.strip():
        raise ValidationError("请填写执行结果。")
    application.ruling = ruling
    application.ruling_on = ruling_on
    application.outcome = outcome.strip()
    application.outcome_on = outcome_on
    application.save(update_fields=["ruling", "ruling_on", "outcome", "outcome_on"])
    _record("court_result", decision, by, application=application.pk, ruling=ruling)
    return application


# --- 改正复查, 按日连续处罚 -----------------------------------------------------------

# 法典第一千零六十条 from 2026-08-15 (P21); 环境保护法第五十九条 and 28号令 before (P22).
CODE_IN_FORCE = date(2026, 8, 15)


def daily_basis(on: date) -> str:
    if on >= CODE_IN_FORCE:
        return "生态环境法典第一千零六十条"
    return "环境保护法第五十九条、环境保护主管部门实施按日连续处罚办法（环境保护部令第28号）"


@transaction.atomic
def correction_check_record(
    *,
    decision: PenaltyDecision,
    ordered_on: date,
    due_on: date,
    checked_on: date,
    corrected: bool,
    finding: str,
    by: User,
) -> CorrectionCheck:
    """Re-inspection of a correction order (全过程记录实施办法 第二十八条). If the
    violation continues and the decision is a fine, the day-by-day penalty is
    recorded: the original fine × the days from the day after the correction order
    up to the re-inspection (P21)."""
    decision = _locked(decision)
    case = decision.case
    _check_staff(by, case)
    if decision.decided_at is None:
        raise ValidationError("作出处罚决定后方可复查改正情况。")
    if not finding.strip():
        raise ValidationError("请填写复查情况。")
    if not ordered_on <= due_on:
        raise ValidationError("改正期限不能早于责令改正之日。")
    if checked_on < ordered_on or checked_on > _today():
        raise ValidationError("复查日期应在责令改正之后、今天之前。")
    officers = [
        f"{user.display_name}（执法证号{user.credential_no}）"
        for user in case.officers.order_by("pk")
    ]
    check = CorrectionCheck.objects.create(
        decision=decision,
        ordered_on=ordered_on,
        due_on=due_on,
        checked_on=checked_on,
        corrected=corrected,
        finding=finding.strip(),
        officers=officers,
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    _record("correction_check", decision, by, check=check.pk, corrected=corrected)
    if not corrected and decision.fine:
        first = ordered_on + timedelta(days=1)
        days = max((checked_on - first).days + 1, 0)
        penalty = DailyPenalty.objects.create(
            correction=check,
            first_day=first,
            last_day=checked_on,
            days=days,
            daily_amount=decision.fine,
            total=decision.fine * days,
            basis=daily_basis(checked_on),
            recorded_by=by,
            recorded_at=timezone.now(),
        )
        _record(
            "daily_penalty",
            decision,
            by,
            check=check.pk,
            days=days,
            total=str(penalty.total),
        )
    return check
