"""A heavier penalty after a 复审 (集体审议规则 第十条1; 行政处罚法第四十四、四十五、
六十二、六十三条).

A 复审 that decides 修改后作出决定 with a penalty lighter than (or as heavy as,
differently worded) the served one leads to the 变更决定 (`correction`). A heavier
one cannot: the party must first be told the new intended penalty and be heard
(先行告知, 陈述申辩, and a hearing where the thresholds apply, P5/P6), so the served
decision is superseded and a new decision made. This module does the first step:

1. the 复审 is checked as for a correction (met quorum, 修改后作出决定, the latest
   meeting, not used before) and the penalty is the one it decided (its
   structured `amended_penalty`; a 复审 recorded before migration 0020 only has
   text, and the head confirms he checked the typed penalty against it);
2. the penalty must be heavier than the served one, and nothing of the old
   decision may have been executed: no payment recorded, no court application
   (money paid under it would have to be credited or refunded — not built);
3. the old round is kept in `SupersededDecision` (the 决定书, penalty, notice,
   hearing, decision and service as they were); the decision row takes the
   amended penalty as the new proposal and its notice, hearing, decision and
   service are cleared; statement points stay on file, those of the old round
   are not quoted in the new 决定书 (`round_started_at`);
4. the case moves 处罚决定已送达 → 调查终结待审查 (transition `supersede`), so the
   existing path applies: legal review of the new penalty (a major decision; the
   old review no longer covers it), `notice_issue` (a new 事先（听证）告知书 with the
   hearing right recomputed), statement and hearing, the committee's 同意 on the
   new penalty, `decision_make`, `decision_serve`;
5. a decision published on the portal is withdrawn (P18); the new decision is
   published afresh once served (`publication.decision_publish`);
6. the record entry, in the same transaction.
"""

from __future__ import annotations

from datetime import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.lib import dates

from ..models import (
    Deliberation,
    PenaltyDecision,
    PublishedDecision,
    SupersededDecision,
)
from ..processes import CASE
from . import archive, publication
from .correction import (
    _check_as_reviewed,
    _check_decider,
    _check_review,
    _original,
    is_heavier,
)
from .decision_common import _locked, _record
from .decisions import Penalty, _apply_penalty, _check_discretion
from .inspections import _text

# The decision row's fields of one round, cleared for the new one.
ROUND_FIELDS = (
    "notice_served_at",
    "hearing_requested_at",
    "hearing_waived",
    "hearing_date",
    "hearing_notified_on",
    "hearing_record",
    "hearing_held_at",
    "decided_at",
    "decided_by",
    "service_method",
    "served_at",
    "service",
)
_CLEARED = {
    "hearing_waived": False,
    "hearing_record": "",
    "service_method": "",
    "service": {},
}


def _state(decision: PenaltyDecision) -> dict[str, object]:
    """The old round as JSON (datetimes as ISO text, users by pk)."""
    state: dict[str, object] = {}
    for name in ROUND_FIELDS:
        value = getattr(decision, f"{name}_id" if name == "decided_by" else name)
        if hasattr(value, "isoformat"):
            value = value.isoformat()
        state[name] = value
    state["hearing_right"] = decision.hearing_right
    return state


def round_started_at(decision: PenaltyDecision) -> datetime | None:
    """When the current round began: the latest supersession, else None."""
    last = decision.supersessions.order_by("-made_at").first()
    return last.made_at if last else None


def _check_unexecuted(decision: PenaltyDecision) -> None:
    if decision.payments.exists():
        raise ValidationError(
            "原决定已有缴款记录，不能撤回后重新作出：已缴罚款的抵缴或退还尚未建立，"
            "请联系法制审核机构处理。"
        )
    if decision.court_applications.exists():
        raise ValidationError("原决定已申请法院强制执行，不能撤回后重新作出。")


@transaction.atomic
def decision_supersede(
    *,
    deliberation: Deliberation,
    penalty: Penalty,
    reason: str,
    by: User,
    discretion_level: str = "",
    discretion_reasons: str = "",
    text_checked: bool = False,
) -> SupersededDecision:
    """The served decision gives way to the heavier penalty the 复审 decided; the
    case goes back before the notice (see the module docstring)."""
    decision = _locked(deliberation.decision)
    _check_decider(by, decision)
    if decision.case.status != "served" or decision.executed_at is not None:
        raise ValidationError("处罚决定送达后、执行完毕前方可依复审重新作出决定。")
    deliberation = Deliberation.objects.get(pk=deliberation.pk)
    _check_review(decision, deliberation)
    _check_unexecuted(decision)
    reason = _text(reason, "须重新作出决定的新情况")
    before, before_text = decision.penalty_key(), decision.penalty_text()
    original = _original(decision)
    state = _state(decision)
    _apply_penalty(decision, penalty)
    _check_as_reviewed(decision, deliberation, text_checked)
    text_checked = text_checked and deliberation.amended_penalty is None
    if discretion_level.strip():
        decision.discretion_level = discretion_level.strip()
    if discretion_reasons.strip():
        decision.discretion_reasons = discretion_reasons.strip()
    _check_discretion(decision, dates.local_date(timezone.now()))
    if not is_heavier(before, decision):
        raise ValidationError(
            "复审修改后的处罚不重于原决定，请作出变更决定（不需重新先行告知）。"
        )
    now = timezone.now()
    for name in ROUND_FIELDS:
        setattr(decision, name, _CLEARED.get(name))
    decision.changes = [
        *decision.changes,
        {
            "at": now.isoformat(),
            "by": by.pk,
            "before": before,
            "after": decision.penalty_key(),
            "reason": reason,
            "review": deliberation.pk,
            "superseded": original.reference,
            "text_checked": text_checked,
        },
    ]
    decision.save()
    superseded = SupersededDecision.objects.create(
        decision=decision,
        deliberation=deliberation,
        original_document=original,
        before=before,
        before_text=before_text,
        proposed=decision.penalty_key(),
        proposed_text=decision.penalty_text(),
        state=state,
        reason=reason,
        text_checked=text_checked,
        made_by=by,
        made_at=now,
    )
    casework_services.case_transition(
        process=CASE,
        case=decision.case,
        transition="supersede",
        by=by,
        note=f"依审委会复审撤回{original.reference}，拟重新作出：{decision.penalty_text()}",
    )
    _record(
        "decision_supersede",
        decision,
        by,
        superseded=superseded.pk,
        deliberation=deliberation.pk,
        original=original.reference,
        before=before,
        proposed=superseded.proposed,
        text_checked=text_checked,
    )
    # the 备案 of the superseded decision is not due any more; the new decision's
    # service starts its own clock (archive.filing_clock_start)
    filing = archive.filing_clock(decision.case)
    if filing is not None and filing.is_open:
        casework_services.clock_stop(clock=filing, by=by)
    live = PublishedDecision.objects.filter(
        decision=decision, withdrawn_at__isnull=True
    ).first()
    if live is not None:
        publication.publication_withdraw(
            published=live,
            changed_on=dates.local_date(now),
            reason=f"依审委会复审撤回原决定（{original.reference}），重新作出决定",
            by=by,
        )
    return superseded
