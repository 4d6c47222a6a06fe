"""变更行政处罚决定 after a 复审 (集体审议规则 第十条1; A55).

A committee decision that must be changed or corrected during execution goes back
to the committee (`committee.deliberation_review_request`); when the 复审 meeting
decides 修改后作出决定, the decider corrects the served decision here:

1. the 复审 is checked: met quorum, outcome 修改后作出决定, the latest meeting on
   the decision, not used before; a 复审 that upholds (同意 / 不同意) changes
   nothing;
2. the corrected penalty is the one the 复审 decided (`amended_penalty`), lies
   within the discretion level (全过程记录 第十六条) and does not weigh more on
   the party than the served one: a heavier penalty needs a new prior notice with
   statement and hearing rights (行政处罚法第四十四、四十五、六十三条), not a
   变更决定;
3. a numbered 变更行政处罚决定书 referring to the original 决定书 is issued; the
   original stays on file;
4. the decision row takes the corrected penalty, so execution follows it: the
   payment due and the surcharge base are the corrected fine (the due day stays
   the original one, since only a lighter penalty is allowed); paid in full under
   the corrected amount → 执行完毕, any excess recorded as to be refunded;
5. the record entry, in the same transaction;
6. a decision published on the portal is withdrawn (行政处罚法第四十八条第二款:
   a changed decision's information is withdrawn within 3 working days, P18);
   the corrected one is published again from the archive page
   (`publication.decision_publish`, which allows it because of this 变更决定).
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from ecobureau.accounts.models import User
from ecobureau.casework.models import Document
from ecobureau.lib import dates

from .. import selectors
from ..models import (
    DecisionCorrection,
    Deliberation,
    PenaltyDecision,
    PublishedDecision,
    SupersededDecision,
)
from ..processes import CASE_DECIDERS
from . import execution, printing, publication
from .decision_common import _check_role, _locked, _record
from .decisions import Penalty, _apply_penalty, _check_discretion
from .inspections import _text

CORRECTION_KIND = "enf_decision_correction"
ORIGINAL_KINDS = ("enf_penalty_decision", "enf_summary_decision")


def _check_decider(by: User, decision: PenaltyDecision) -> None:
    """The head who may decide the case (CASE_DECIDERS, as `decision_make`),
    with the case in their data scope; another district's staff are refused."""
    if not selectors.case_list_for_user(by).filter(pk=decision.case_id).exists():
        raise PermissionDenied("该案件不在您的数据范围内。")
    _check_role(by, CASE_DECIDERS, gettext_noop("变更行政处罚决定"))


def correctable_reviews(decision: PenaltyDecision) -> list[Deliberation]:
    """复审 meetings that decided 修改后作出决定 and have no 变更决定 yet."""
    return list(
        decision.deliberations.filter(
            review=True,
            quorum_met=True,
            outcome=Deliberation.Outcome.AMEND,
            correction__isnull=True,
            supersession__isnull=True,
        ).order_by("round")
    )


def _check_review(decision: PenaltyDecision, deliberation: Deliberation) -> None:
    if deliberation.decision_id != decision.pk or not deliberation.review:
        raise ValidationError(
            "变更已送达的处罚决定，须以本决定的复审为依据（第十条）。"
        )
    if not deliberation.quorum_met:
        raise ValidationError("该次复审未达法定人数，没有审议决定（第七条）。")
    if deliberation.outcome != Deliberation.Outcome.AMEND:
        raise ValidationError(
            gettext("复审决定为“%(outcome)s”，维持原处罚决定，不作变更。")
            % {"outcome": gettext(deliberation.get_outcome_display())}
        )
    last = decision.deliberations.order_by("-round").first()
    if last is None or last.pk != deliberation.pk:
        raise ValidationError("该次复审之后审委会又有审议，请以最近一次审议为依据。")
    if DecisionCorrection.objects.filter(deliberation=deliberation).exists():
        raise ValidationError("已依该次复审作出变更决定。")
    if SupersededDecision.objects.filter(deliberation=deliberation).exists():
        raise ValidationError("已依该次复审撤回原决定、重新先行告知。")


TEXT_CHECK_LABEL = "已核对复审决定意见"


def _check_as_reviewed(
    decision: PenaltyDecision, deliberation: Deliberation, text_checked: bool
) -> None:
    """集体审议规则 第十条1: the corrected decision carries the penalty the 复审
    decided, not another one. A 复审 recorded before its amended penalty was kept
    as data (migration 0020) has only the free-text 决定意见: nothing can compare
    the typed penalty with it, so the head confirms he checked it against the text
    (`text_checked`, recorded)."""
    amended = deliberation.amended_penalty
    if amended is None:
        if not text_checked:
            raise ValidationError(
                gettext(
                    "该次复审没有结构化的修改后处罚，只有文字决定意见（“%(text)s”）："
                    "请对照决定意见核对所填处罚，并勾选“%(label)s”。"
                )
                % {
                    "text": deliberation.outcome_text or gettext("未填写"),
                    "label": gettext(TEXT_CHECK_LABEL),
                }
            )
        return
    if decision.penalty_key() == amended:
        return
    raise ValidationError(
        gettext(
            "变更后的处罚（%(penalty)s）与复审决定修改后的处罚（%(amended)s）不一致；"
            "变更决定须按复审决定作出（集体审议规则第十条）。"
        )
        % {
            "penalty": PenaltyDecision.key_text(decision.penalty_key(), gettext),
            "amended": PenaltyDecision.key_text(amended, gettext),
        }
    )


def is_heavier(before: dict[str, object], decision: PenaltyDecision) -> bool:
    """More fine, or a warning, day-by-day fine or measure the party did not
    have before."""
    return bool(
        decision.fine > Decimal(str(before["fine"]))
        or (decision.warning and not before["warning"])
        or (decision.daily_fine and not before["daily_fine"])
        or not set(decision.measures) <= set(before["measures"])  # type: ignore[call-overload]
    )


def _check_lighter(before: dict[str, object], decision: PenaltyDecision) -> None:
    """行政处罚法第四十四、四十五、六十三条: a heavier penalty needs a new notice
    with statement and hearing rights; a 变更决定 may only lighten or correct."""
    if is_heavier(before, decision):
        raise ValidationError(
            "变更后的处罚重于原决定：须重新先行告知并听取陈述申辩"
            "（行政处罚法第四十四、四十五条），不能以变更决定作出；"
            "请选择“加重处罚：撤回原决定，重新先行告知”。"
        )


def _original(decision: PenaltyDecision) -> Document:
    """The decision in force: the latest 行政处罚决定书 of the case (after a
    supersession, the new decision's, not the superseded one's)."""
    document = (
        Document.objects.filter(
            target_type="enforcement.enforcementcase",
            target_id=decision.case_id,
            kind__in=ORIGINAL_KINDS,
        )
        .order_by("-issued_at", "-pk")
        .first()
    )
    if document is None:
        raise ValidationError("未找到原行政处罚决定书。")
    return document


def document_context(
    decision: PenaltyDecision, original: Document, deliberation: Deliberation
) -> dict[str, str]:
    """What a document changing a served decision on a 复审 says about it: the
    party, the 决定书 (number, day, service) and the 复审 it rests on. Shared by
    the 变更行政处罚决定书 and the 撤销行政处罚决定书 (services/supersede.py)."""
    assert decision.served_at is not None
    outcome = deliberation.get_outcome_display()
    if deliberation.outcome_text:
        outcome += f"：{deliberation.outcome_text}"
    return {
        "party": decision.case.enterprise.name,
        "original": original.reference,
        "original_date": dates.local_date(original.issued_at).isoformat(),
        "served": dates.local_date(decision.served_at).isoformat(),
        "ground": (
            f"审委会{dates.local_date(deliberation.held_at).isoformat()}复审"
            f"（第{deliberation.round}次审议，{outcome}）"
        ),
    }


def _payment_text(decision: PenaltyDecision) -> str:
    due = execution.payment_due(decision)
    if not decision.fine:
        return "变更后无罚款。"
    credited = execution.credit(decision)
    credit = (
        f"原决定已缴纳罚款{credited}元予以折抵，尚应缴纳"
        f"{execution.amount_due(decision)}元；"
        if credited
        else ""
    )
    return (
        f"罚款按变更后的数额{decision.fine}元缴纳，{credit}缴纳期限仍至{due}；"
        "逾期的，按变更后的罚款数额每日加处百分之三罚款，加处罚款数额不超过罚款数额。"
    )


def _settlement(decision: PenaltyDecision) -> tuple[Decimal, bool]:
    """Payments already made against the corrected amount (with any credit from
    a superseded decision): what was paid beyond it (to be refunded), and
    whether nothing is owed any more (执行完毕)."""
    paid, credited = execution.paid_total(decision), execution.credit(decision)
    last = execution.round_payments(decision).order_by("-paid_on", "-pk").first()
    if last is None and not credited:
        return Decimal("0"), False
    if not decision.fine:  # no fine left: all that was paid goes back
        return paid + credited, False
    excess = max(credited - decision.fine, Decimal("0"))
    due = execution.amount_due(decision)
    if last is None:
        return excess, not due
    surcharge = execution.surcharge_on(decision, last.paid_on)
    due += surcharge.amount if surcharge else Decimal("0")
    return max(paid - due, Decimal("0")) + excess, paid >= due


@transaction.atomic
def decision_correct(
    *,
    deliberation: Deliberation,
    penalty: Penalty,
    reason: str,
    by: User,
    discretion_level: str = "",
    discretion_reasons: str = "",
    text_checked: bool = False,
) -> DecisionCorrection:
    """Correct a served decision on the ground of a 复审 that amended it
    (集体审议规则 第十条1); see the module docstring for the steps."""
    decision = _locked(deliberation.decision)
    _check_decider(by, decision)
    if decision.case.status != "served" or decision.executed_at is not None:
        raise ValidationError("处罚决定送达后、执行完毕前方可依复审变更。")
    deliberation = Deliberation.objects.get(pk=deliberation.pk)
    _check_review(decision, deliberation)
    reason = _text(reason, gettext_noop("须变更的新情况"))
    before, before_text = decision.penalty_key(), decision.penalty_text()
    _apply_penalty(decision, penalty)
    _check_as_reviewed(decision, deliberation, text_checked)
    text_checked = text_checked and deliberation.amended_penalty is None
    if discretion_level.strip():
        decision.discretion_level = discretion_level.strip()
    if discretion_reasons.strip():
        decision.discretion_reasons = discretion_reasons.strip()
    if decision.procedure == PenaltyDecision.Procedure.ORDINARY:
        _check_discretion(decision, dates.local_date(timezone.now()))
    if decision.penalty_key() == before:
        raise ValidationError("处罚内容没有变化；复审维持原决定的，无需变更。")
    _check_lighter(before, decision)
    original = _original(decision)
    document = printing.issue(
        kind=CORRECTION_KIND,
        target=decision.case,
        by=by,
        context={
            **document_context(decision, original, deliberation),
            "before": before_text,
            "reason": reason,
            "after": decision.penalty_text(),
            "payment": _payment_text(decision),
        },
    )
    now = timezone.now()
    decision.changes = [
        *decision.changes,
        {
            "at": now.isoformat(),
            "by": by.pk,
            "before": before,
            "after": decision.penalty_key(),
            "reason": reason,
            "review": deliberation.pk,
            "document": document.reference,
            "text_checked": text_checked,
        },
    ]
    decision.save()
    overpaid, settled = _settlement(decision)
    correction = DecisionCorrection.objects.create(
        decision=decision,
        deliberation=deliberation,
        original_document=original,
        document=document,
        before=before,
        before_text=before_text,
        after=decision.penalty_key(),
        after_text=decision.penalty_text(),
        reason=reason,
        overpaid=overpaid,
        made_by=by,
        made_at=now,
        text_checked=text_checked,
    )
    _record(
        "decision_correct",
        decision,
        by,
        correction=correction.pk,
        deliberation=deliberation.pk,
        original=original.reference,
        document=document.reference,
        before=before,
        after=correction.after,
        overpaid=str(overpaid),
        text_checked=text_checked,
    )
    live = PublishedDecision.objects.filter(
        decision=decision, withdrawn_at__isnull=True
    ).first()
    if live is not None:
        publication.publication_withdraw(
            published=live,
            changed_on=dates.local_date(now),
            reason=f"依审委会复审作出变更决定（{document.reference}）",
            by=by,
        )
    if settled:
        execution._mark_executed(decision, by)
    return correction
