"""Execution leftovers (issue 10 item 1): suspensions and part-payments through the
lib `surcharge` rule, 催告 service and the court application, correction
re-inspection with the day-by-day penalty, on-the-spot collection, a warning."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from ecobureau.core import calendar
from ecobureau.lib import rules

from ..models import CourtApplication, DailyPenalty, PenaltyDecision
from ..services import decisions, execution
from ..services.decisions import Penalty
from . import test_execution
from .test_decisions import case_actions, standard
from .test_execution import receipt, served_days_ago, today

served = test_execution.served  # the served-decision fixture, shared


def due_of(decision):
    due = execution.payment_due(decision)
    assert due is not None
    return due


def surcharge_today(decision):
    result = execution.surcharge_on(decision, today())
    assert result is not None
    return result


def rule(fine, due, paid_on, suspended=()):
    return rules.get("surcharge", paid_on).run(
        {
            "fine": float(fine),
            "due": due.isoformat(),
            "paid_on": paid_on.isoformat(),
            "suspended": [[a.isoformat(), b.isoformat()] for a, b in suspended],
        },
        rules.RuleContext(as_of=paid_on, calendar=calendar.current()),
    )


def test_suspension_is_passed_to_the_rule(served, officers, other_officer):
    decision = served_days_ago(served, 25)  # 10 days late today
    due = due_of(decision)
    start = due + timedelta(days=3)
    with pytest.raises(ValidationError, match="依据"):
        execution.suspension_record(
            decision=decision,
            kind="reconsideration",
            starts_on=start,
            basis=" ",
            by=officers[0],
        )
    with pytest.raises(PermissionDenied):
        execution.suspension_record(
            decision=decision,
            kind="litigation",
            starts_on=start,
            basis="x",
            by=other_officer,
        )
    suspension = execution.suspension_record(
        decision=decision,
        kind="reconsideration",
        starts_on=start,
        basis="行政复议受理通知书（市政府复议〔2026〕8号）",
        by=officers[0],
    )
    # open: runs to today, so 3 late days before it, none after
    got = surcharge_today(decision)
    expected = rule(decision.fine, due, today(), [(start, today())])
    assert got.days == expected["days"] == 2
    assert got.amount == Decimal(str(expected["surcharge"]))
    execution.suspension_end(
        suspension=suspension, ends_on=start + timedelta(days=2), by=officers[0]
    )
    got = surcharge_today(decision)
    assert (
        got.days
        == 10 - 3
        == rule(decision.fine, due, today(), [(start, start + timedelta(days=2))])[
            "days"
        ]
    )
    assert "enforcement.surcharge_suspension" in case_actions(decision.case)


def test_part_payment_reduces_the_base(served, officers):
    decision = served_days_ago(served, 25)  # due 10 days ago
    due = due_of(decision)
    first_day = due + timedelta(days=4)  # 4 days late on 150,000
    execution.payment_record(
        decision=decision,
        amount="100000",
        paid_on=first_day,
        receipt=receipt(),
        by=officers[0],
    )
    got = surcharge_today(decision)
    # 4 days on 150,000 then 6 days on the unpaid 50,000, each the rule's figure
    part1 = Decimal(str(rule(150000, due, first_day)["surcharge"]))
    part2 = Decimal(str(rule(50000, first_day, today())["surcharge"]))
    assert part1 == Decimal("18000") and part2 == Decimal("9000")
    assert got.amount == part1 + part2 and got.days == 10
    assert any("此后按未缴罚款50000.00元计" in line for line in got.explain)
    # the whole fine alone would have been 45,000: part-payment matters
    assert got.amount < Decimal(str(rule(150000, due, today())["surcharge"]))


def test_reminder_service_and_court_application(
    served, officers, enforcement_head, enterprise_user_a
):
    decision = served_days_ago(served, 200)  # litigation period (6 months) is over
    document = execution.reminder_issue(decision=decision, by=officers[0])
    reminder = decision.reminders.get(document=document)
    with pytest.raises(ValidationError, match="催告书送达后"):
        execution.court_apply(
            decision=decision,
            reminder=reminder,
            applied_on=today(),
            court="铁东区人民法院",
            reference="申〔2026〕1号",
            by=officers[0],
        )
    with pytest.raises(ValidationError, match="送达凭证"):
        execution.reminder_serve(
            reminder=reminder,
            served_at=timezone.now(),
            method="direct",
            proof=" ",
            by=officers[0],
        )
    execution.reminder_serve(
        reminder=reminder,
        served_at=timezone.now(),
        method="direct",
        proof="法定代表人签收",
        statement="当事人称资金困难，经复核不成立。",
        by=officers[0],
    )
    # 10 working days must pass after service (行政强制法第五十四条)
    with pytest.raises(ValidationError, match="10个工作日"):
        execution.court_apply(
            decision=decision,
            reminder=reminder,
            applied_on=today(),
            court="铁东区人民法院",
            reference="申〔2026〕1号",
            by=officers[0],
        )
    # as if served 20 days ago
    type(reminder).objects.filter(pk=reminder.pk).update(
        served_at=timezone.now() - timedelta(days=20)
    )
    reminder.refresh_from_db()
    with pytest.raises(PermissionDenied):
        execution.court_apply(
            decision=decision,
            reminder=reminder,
            applied_on=today(),
            court="x",
            reference="y",
            by=enterprise_user_a,
        )
    application = execution.court_apply(
        decision=decision,
        reminder=reminder,
        applied_on=today(),
        court="铁东区人民法院",
        reference="鞍环申执〔2026〕1号",
        by=officers[0],
    )
    assert application.amount == execution.owed_on(decision, today()) > decision.fine
    execution.court_result(
        application=application,
        ruling="granted",
        ruling_on=today(),
        outcome="法院划扣全部款项",
        outcome_on=today(),
        by=enforcement_head,
    )
    application.refresh_from_db()
    assert application.ruling == CourtApplication.Ruling.GRANTED
    assert {
        "enforcement.reminder_serve",
        "enforcement.court_apply",
        "enforcement.court_result",
    } <= case_actions(decision.case)


def test_court_application_outside_the_window_refused(served, officers):
    decision = served_days_ago(served, 60)  # lawsuit period still running
    document = execution.reminder_issue(decision=decision, by=officers[0])
    reminder = decision.reminders.get(document=document)
    type(reminder).objects.filter(pk=reminder.pk).update(
        served_at=timezone.now() - timedelta(days=20)
    )
    reminder.refresh_from_db()
    with pytest.raises(ValidationError, match="三个月内申请"):
        execution.court_apply(
            decision=decision,
            reminder=reminder,
            applied_on=today(),
            court="铁东区人民法院",
            reference="申〔2026〕2号",
            by=officers[0],
        )
    assert not CourtApplication.objects.exists()


def test_correction_recheck_and_day_by_day_penalty(served, officers, other_officer):
    ordered = today() - timedelta(days=12)
    with pytest.raises(PermissionDenied):
        execution.correction_check_record(
            decision=served,
            ordered_on=ordered,
            due_on=ordered + timedelta(days=10),
            checked_on=today(),
            corrected=False,
            finding="x",
            by=other_officer,
        )
    check = execution.correction_check_record(
        decision=served,
        ordered_on=ordered,
        due_on=ordered + timedelta(days=10),
        checked_on=today(),
        corrected=False,
        finding="复查发现仍超标排放。",
        by=officers[0],
    )
    penalty = DailyPenalty.objects.get(correction=check)
    assert penalty.first_day == ordered + timedelta(days=1)
    assert penalty.days == 12  # from the day after the order to the re-inspection
    assert penalty.total == served.fine * 12
    assert "第一千零六十条" in penalty.basis or "第五十九条" in penalty.basis
    ok = execution.correction_check_record(
        decision=served,
        ordered_on=ordered,
        due_on=ordered + timedelta(days=10),
        checked_on=today(),
        corrected=True,
        finding="已改正。",
        by=officers[0],
    )
    assert not DailyPenalty.objects.filter(correction=ok).exists()


def summary_decision(case, by, *, fine="50", warning=False):
    decision = decisions.decision_propose(
        case=case,
        procedure="summary",
        party_kind="citizen",
        penalty=Penalty(fine=fine, warning=warning),
        facts="现场发现露天焚烧垃圾。",
        legal_basis="《大气污染防治法》第一百一十九条",
        standard=standard("简易-警告"),
        discretion_level="小额罚款",
        discretion_reasons="情节轻微",
        by=by,
    )
    return decision


RECORD = {
    "conditions": "违法事实确凿，有法定依据，对公民处200元以下罚款",
    "steps": "出示执法证件，告知，听取陈述申辩，填写当场处罚决定书",
    "statement": "无",
    "answer": "无",
    "filing": "报执法队备案",
}


def test_on_the_spot_cash_becomes_a_payment(investigated, officers):
    decision = summary_decision(investigated, officers[0])
    decisions.summary_decide(
        decision=decision,
        record={
            **RECORD,
            "collection": "当场收缴50元，出具财政部门统一制发的罚款收据No.0012",
        },
        cash_collected="50",
        by=officers[0],
    )
    decisions.decision_serve(
        decision=decision,
        method="direct",
        served_at=timezone.now(),
        proof={"recipient": "当事人当场签收"},
        by=officers[0],
    )
    decision.refresh_from_db()
    payment = decision.payments.get()
    assert payment.amount == Decimal("50") and payment.receipt is None
    assert "No.0012" in payment.receipt_note
    assert decision.executed_at is not None and decision.case.status == "executed"


def test_warning_only_marked_executed(investigated, officers, other_officer):
    decision = summary_decision(investigated, officers[0], fine="0", warning=True)
    decisions.summary_decide(decision=decision, record=RECORD, by=officers[0])
    with pytest.raises(ValidationError):
        execution.warning_executed(decision=decision, by=officers[0])  # not served yet
    decisions.decision_serve(
        decision=decision,
        method="direct",
        served_at=timezone.now(),
        proof={"recipient": "当事人签收"},
        by=officers[0],
    )
    with pytest.raises(PermissionDenied):
        execution.warning_executed(decision=decision, by=other_officer)
    execution.warning_executed(decision=decision, by=officers[0])
    decision.refresh_from_db()
    assert decision.case.status == "executed"
    assert PenaltyDecision.objects.get(pk=decision.pk).executed_at is not None


def test_a_fine_cannot_be_marked_executed_as_a_warning(served, officers):
    with pytest.raises(ValidationError, match="仅给予警告"):
        execution.warning_executed(decision=served, by=officers[0])
