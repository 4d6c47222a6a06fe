"""After publication: objections (异议) and credit repair (信用修复)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Clock
from ecobureau.core import records
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.lib import dates

from .. import config, scoring, selectors, selectors_notice
from ..models import (
    Adjustment,
    Evaluation,
    Objection,
    Repair,
)
from .common import _grid_class_follows, _notify_enterprise, _require, _today
from .evaluations import _store, compute_stored

# ---------------------------------------------------------------- objections


@transaction.atomic
def objection_submit(
    *, evaluation: Evaluation, text: str, record_ref: str = "", by: User
) -> Objection:
    """异议: the enterprise disputes its result, or one record in it — after
    publication, or during the notice period (公示, CREDIT_NOTICE_DAYS) before
    the result is final. Starts the answer clock (CREDIT_OBJECTION_REPLY_WORKDAYS
    working days, 示例配置) on the objection."""
    own = enterprise_selectors.enterprise_for_account(by) if by.is_public else None
    _require(
        own is not None and own.pk == evaluation.enterprise_id,
        "只能对本企业的评价结果提出异议。",
    )
    today = _today()
    during_notice = evaluation.status == "noticed"
    if during_notice and not selectors_notice.notice_open(evaluation, today):
        raise ValidationError(
            f"公示期为{evaluation.notice_start}至{evaluation.notice_end}，"
            "不在公示期内，评价结果公布后方可提出异议。"
        )
    if evaluation.status != "published" and not during_notice:
        raise ValidationError("评价结果公示或公布后方可提出异议。")
    text = text.strip()
    if not text:
        raise ValidationError("请填写异议内容及理由。")
    refs = {line["ref"] for line in evaluation.explanation.get("lines", [])}
    refs |= {v["ref"] for v in evaluation.explanation.get("vetoes", [])}
    if record_ref and record_ref not in refs:
        raise ValidationError("所选记录不在本企业的评分明细中。")
    objection = Objection.objects.create(
        evaluation=evaluation,
        text=text,
        record_ref=record_ref,
        during_notice=during_notice,
        submitted_by=by,
    )
    days = selectors_notice.objection_reply_workdays()
    clock = casework_services.clock_start(
        target=objection,
        step=selectors_notice.OBJECTION_CLOCK_STEP,
        label="信用评价异议答复期限",
        amount=days,
        unit="workdays",
        basis=selectors_notice.objection_reply_basis(days)[:200],
        by=by,
        district=evaluation.district,
    )
    records.append(
        action="credit.objection.submit",
        target=objection,
        actor=by,
        data={
            "evaluation": evaluation.pk,
            "ref": record_ref,
            "during_notice": during_notice,
            "reply_due": dates.local_date(clock.due_at).isoformat(),
        },
    )
    return objection


@transaction.atomic
def objection_decide(
    *, objection: Objection, upheld: bool, decision: str, by: User
) -> Objection:
    """异议核实: upheld → the disputed record is struck out and the score recomputed."""
    _require(selectors.may_manage(by), "只有信用评价人员可以处理异议。")
    if objection.status != Objection.Status.SUBMITTED:
        raise ValidationError("该异议已处理。")
    decision = decision.strip()
    if not decision:
        raise ValidationError("请填写处理意见。")
    evaluation = Evaluation.objects.select_for_update().get(pk=objection.evaluation_id)
    before = {"score": str(evaluation.score), "grade": evaluation.grade_name}
    if upheld:
        if objection.record_ref:
            Adjustment.objects.create(
                evaluation=evaluation,
                indicator_code="",
                points=Decimal(0),
                reason=f"异议成立：{decision}"[:300],
                excluded_ref=objection.record_ref,
                created_by=by,
            )
        result = compute_stored(evaluation)
        for name, value in _store(evaluation, result).items():
            setattr(evaluation, name, value)
        evaluation.save()
    objection.status = Objection.Status.UPHELD if upheld else Objection.Status.REJECTED
    objection.decision = decision
    objection.decided_by = by
    objection.decided_at = timezone.now()
    objection.save()
    late = False
    for clock in casework_services.clocks_for(objection).filter(
        step=selectors_notice.OBJECTION_CLOCK_STEP, state__in=Clock.OPEN_STATES
    ):
        stopped = casework_services.clock_stop(
            clock=clock, by=by, at=objection.decided_at
        )
        late = stopped.state == Clock.State.MISSED
    records.append(
        action="credit.objection.decide",
        target=objection,
        actor=by,
        before=before,
        after={"score": str(evaluation.score), "grade": evaluation.grade_name},
        data={"upheld": upheld, "decision": decision, "late": late},
    )
    _notify_enterprise(
        evaluation,
        f"您对{evaluation.evaluation_year.year}年度信用评价结果的异议已答复："
        f"{'异议成立' if upheld else '异议不成立'}",
        f"objection:{objection.pk}",
    )
    return objection


# ---------------------------------------------------------------- repair


def repair_earliest(severity: str, decision_date: date) -> date:
    low, high = config.REPAIR_PERIODS[severity]
    return scoring.repair_window(decision_date, low, high)[0]


@transaction.atomic
def repair_submit(
    *,
    evaluation: Evaluation,
    corrected: str,
    by: User,
    decision_date: date | None = None,
    today: date | None = None,
) -> Repair:
    """信用修复申请 (法典 art. 54; 信用修复管理办法): only after the minimum period.

    The minimum counts from the date of the document the information rests on
    (C10), taken from the platform's record where there is one
    (selectors.repair_document; a typed `decision_date` is then ignored), and
    from the date the enterprise types only when the platform has none — the
    application and its record say so."""
    own = enterprise_selectors.enterprise_for_account(by) if by.is_public else None
    _require(
        own is not None and own.pk == evaluation.enterprise_id,
        "只能为本企业申请信用修复。",
    )
    if evaluation.status != "published" or evaluation.repaired_at is not None:
        raise ValidationError("只有已公布且尚未修复的评价结果可以申请信用修复。")
    severity = selectors.repair_severity(evaluation)
    if severity is None:
        raise ValidationError("该等级不属于失信信息，无需信用修复。")
    if not corrected.strip():
        raise ValidationError("请说明已纠正失信行为、消除不良影响的情况。")
    document = selectors.repair_document(evaluation)
    if document is not None:
        start, ref, label = document.day, document.ref, document.label
    elif decision_date is None:
        raise ValidationError(
            "平台没有该失信信息所依据文书的记录，请填写文书（判决书、决定书等）日期。"
        )
    else:
        start, ref, label = decision_date, "", config.REPAIR_TYPED_NOTE
    today = today or _today()
    earliest = repair_earliest(severity, start)
    if today < earliest:
        raise ValidationError(
            f"最短公示期未满（自{start.isoformat()}起算），{earliest.isoformat()}起"
            f"方可申请信用修复（{config.REPAIR_BASIS}）。"
        )
    published = evaluation.published_at
    if document is None and published and start > dates.local_date(published):
        raise ValidationError("文书日期不能晚于评价结果公布日期。")
    repair = Repair.objects.create(
        evaluation=evaluation,
        severity=severity,
        decision_date=start,
        decision_ref=ref,
        decision_label=label[:200],
        corrected=corrected.strip(),
        submitted_by=by,
    )
    records.append(
        action="credit.repair.submit",
        target=repair,
        actor=by,
        data={
            "evaluation": evaluation.pk,
            "severity": severity,
            "start": start.isoformat(),
            "start_from": ref or "typed",
        },
    )
    return repair


@transaction.atomic
def repair_decide(*, repair: Repair, granted: bool, decision: str, by: User) -> Repair:
    _require(selectors.may_manage(by), "只有信用评价人员可以审核信用修复。")
    if repair.status != Repair.Status.SUBMITTED:
        raise ValidationError("该申请已审核。")
    if not decision.strip():
        raise ValidationError("请填写审核意见。")
    repair.status = Repair.Status.GRANTED if granted else Repair.Status.REFUSED
    repair.decision = decision.strip()
    repair.decided_by = by
    repair.decided_at = timezone.now()
    repair.save()
    if granted:
        Evaluation.objects.filter(pk=repair.evaluation_id).update(
            repaired_at=repair.decided_at
        )
        _grid_class_follows(repair.evaluation, by)
    records.append(
        action="credit.repair.decide",
        target=repair,
        actor=by,
        data={"granted": granted, "decision": repair.decision},
    )
    _notify_enterprise(
        repair.evaluation,
        f"您的信用修复申请已审核：{'准予修复' if granted else '不予修复'}",
        f"repair:{repair.pk}",
    )
    return repair
