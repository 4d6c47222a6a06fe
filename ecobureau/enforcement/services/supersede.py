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
2. the penalty must be heavier than the served one, and no court application
   may exist for the old decision (`_check_unexecuted` says why);
3. the old round is kept in `SupersededDecision` (the 决定书, penalty, notice,
   hearing, decision and service as they were); the decision row takes the
   amended penalty as the new proposal and its notice, hearing, decision and
   service are cleared; statement points stay on file, those of the old round
   are not quoted in the new 决定书 (`round_started_at`);
   money received under the old decision (payments less refunds, with any
   credit it carried itself) is kept as `credited` and counts toward the new
   fine (折抵, 行政处罚法第二十九条: the same act is not fined twice): execution
   asks for the new fine less the credit (`execution.amount_due`), a credit
   beyond the new fine is refunded once the new decision is made
   (`refunds.refund_state`);
   a numbered 撤销行政处罚决定书 (series 罚撤) tells the party: the superseded
   决定书, the 复审, the new circumstances, the penalty now intended and the
   credit; it is listed among the party's documents and its service is recorded
   with the five methods' proof (`revocation_serve`);
4. the case moves 处罚决定已送达 → 调查终结待审查 (transition `supersede`), so the
   existing path applies: legal review of the new penalty (a major decision; the
   old review no longer covers it), `notice_issue` (a new 事先（听证）告知书 with the
   hearing right recomputed), statement and hearing, the committee's 同意 on the
   new penalty, `decision_make`, `decision_serve`;
5. a decision published on the portal is withdrawn (P18); the new decision is
   published afresh once served (`publication.decision_publish`);
6. the record entry, in the same transaction.

Order of service (`revocation_order_check`, called by `decision_serve`): the new
决定书 is not served before the 撤销行政处罚决定书; both may be served together
(the same minute, e.g. one visit with one 送达回证 each). Seed 000 does not fix
the order in words, so it follows from what it does say: 集体审议规则 第十条1 has
the earlier decision changed (改变或更正先前决定) on the 复审, and the new
决定书 tells the party the old one "已由罚撤…撤销，不再执行" (`decision_context`),
which is true for the party only once the revocation reached it; 全过程记录实施
办法 第三条 asks 送达执行 to be traceable step by step, with a 送达回证 for each
document (第二十三–二十七条), and 第二十九条 likewise has the document that must
come first (the 催告书) served before the act that follows it. Served together
is allowed because no rule asks for two visits.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

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
from . import archive, execution, printing, publication, refunds
from .correction import (
    _check_as_reviewed,
    _check_decider,
    _check_review,
    _original,
    document_context,
    is_heavier,
)
from .decision_common import _check_staff, _locked, _record
from .decision_issue import service_proof
from .decisions import Penalty, _apply_penalty, _check_discretion
from .inspections import _text

REVOCATION_KIND = "enf_decision_revocation"

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


def decision_context(decision: PenaltyDecision) -> dict[str, str]:
    """What the new 行政处罚决定书 says after a supersession: the 决定书 it
    replaces (and the 撤销决定书), and the money credited from it. Empty for a
    decision never superseded."""
    last = decision.supersessions.select_related("original_document", "document")
    superseded = last.order_by("-made_at", "-pk").first()
    if superseded is None:
        return {}
    original = superseded.original_document
    revoked = (
        f"，已由{superseded.document.reference}撤销" if superseded.document else ""
    )
    text = (
        f"本决定系依审委会复审重新作出。我局于"
        f"{dates.local_date(original.issued_at).isoformat()}作出的"
        f"{original.reference}（{superseded.before_text}）{revoked}，不再执行。"
    )
    credited = superseded.credited
    if not credited:
        return {"superseded": text}
    due = max(decision.fine - credited, Decimal("0"))
    if credited > decision.fine:
        rest = f"折抵后多缴的{credited - decision.fine}元予以退还。"
    elif due:
        rest = f"尚应缴纳罚款{due}元。"
    else:
        rest = "罚款已全额折抵，无需另行缴纳。"
    return {
        "superseded": text,
        "credit": f"原决定已缴纳罚款{credited}元，予以折抵（行政处罚法第二十九条）；{rest}",
    }


def _check_unexecuted(decision: PenaltyDecision) -> None:
    """Money paid is credited (module docstring); a court application is not:
    once the bureau has asked the people's court to enforce the decision, the
    enforcement is the court's (行政强制法第五十三条起), and neither what the
    court collects nor its ruling can be counted here while it runs."""
    application = decision.court_applications.order_by("-applied_on").first()
    if application is not None:
        raise ValidationError(
            gettext(
                "原决定已于%(applied)s申请%(court)s强制执行（%(reference)s）："
                "强制执行由法院进行，其执行的款项和裁定无法在此折抵，"
                "不能撤回原决定后重新作出；请先依法撤回强制执行申请"
                "或待法院执行终结后再处理。"
            )
            % {
                "applied": application.applied_on,
                "court": application.court,
                "reference": application.reference,
            }
        )


def credit_text(credited: Decimal) -> str:
    if not credited:
        return "你单位未依原决定缴纳罚款。"
    return (
        f"原决定已缴纳罚款{credited}元，予以折抵：在重新作出的行政处罚决定中"
        "计入应缴罚款，超出部分予以退还（行政处罚法第二十九条）。"
    )


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
    reason = _text(reason, gettext_noop("须重新作出决定的新情况"))
    before, before_text = decision.penalty_key(), decision.penalty_text()
    original = _original(decision)
    state = _state(decision)
    context = document_context(decision, original, deliberation)
    # what the party paid under the decision in force, net of refunds, plus
    # what that decision itself carried from an earlier supersession
    credited = (
        execution.credit(decision)
        + execution.paid_total(decision)
        - refunds.refund_state(decision).refunded
    )
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
    document = printing.issue(
        kind=REVOCATION_KIND,
        target=decision.case,
        by=by,
        context={
            **context,
            "before": before_text,
            "reason": reason,
            "proposed": decision.penalty_text(),
            "credit": credit_text(credited),
        },
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
            "document": document.reference,
            "credited": str(credited),
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
        credited=credited,
        document=document,
    )
    casework_services.case_transition(
        process=CASE,
        case=decision.case,
        transition="supersede",
        by=by,
        note=(
            f"依审委会复审撤销{original.reference}（{document.reference}），"
            f"拟重新作出：{decision.penalty_text()}"
        ),
    )
    _record(
        "decision_supersede",
        decision,
        by,
        superseded=superseded.pk,
        deliberation=deliberation.pk,
        original=original.reference,
        document=document.reference,
        before=before,
        proposed=superseded.proposed,
        credited=str(credited),
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


def pending_revocation(decision: PenaltyDecision) -> SupersededDecision | None:
    """The latest supersession of `decision` with a 撤销行政处罚决定书 not yet
    served, else None (a supersession made before migration 0023 has none)."""
    last = (
        decision.supersessions.select_related("document")
        .order_by("-made_at", "-pk")
        .first()
    )
    if last is None or last.document is None or last.served_at is not None:
        return None
    return last


def revocation_order_check(decision: PenaltyDecision, served_at: datetime) -> None:
    """The decision made again after a supersession is served after the
    撤销行政处罚决定书, or together with it (same minute; module docstring)."""
    last = (
        decision.supersessions.select_related("document")
        .order_by("-made_at", "-pk")
        .first()
    )
    if last is None or last.document is None:
        return
    reference = last.document.reference
    if last.served_at is None:
        raise ValidationError(
            gettext(
                "撤销行政处罚决定书%(reference)s尚未送达：重新作出的行政处罚决定书"
                "不得先于撤销决定书送达（可同时送达），请先登记撤销决定书的送达。"
            )
            % {"reference": reference}
        )
    revoked_at = last.served_at.replace(second=0, microsecond=0)
    if served_at.replace(second=0, microsecond=0) < revoked_at:
        raise ValidationError(
            gettext(
                "撤销行政处罚决定书%(reference)s于%(served)s送达，"
                "重新作出的行政处罚决定书的送达时间不得早于该时间（可同时送达）。"
            )
            % {
                "reference": reference,
                "served": f"{timezone.localtime(last.served_at):%Y-%m-%d %H:%M}",
            }
        )


@transaction.atomic
def revocation_serve(
    *,
    superseded: SupersededDecision,
    method: str,
    served_at: datetime,
    proof: Mapping[str, str],
    by: User,
) -> SupersededDecision:
    """The 撤销行政处罚决定书 served on the party, with the proof the method
    requires (全过程记录实施办法 第二十三–二十七条), by the staff who serve the
    decision (`decision_serve`)."""
    decision = _locked(superseded.decision)
    _check_staff(by, decision.case)
    superseded = SupersededDecision.objects.select_related("document").get(
        pk=superseded.pk
    )
    if superseded.document is None:
        raise ValidationError(
            "该次撤回是在本系统制作撤销行政处罚决定书之前作出的，"
            "没有可登记送达的撤销行政处罚决定书。"
        )
    if superseded.served_at is not None:
        raise ValidationError("撤销行政处罚决定书已送达。")
    issued = superseded.document.issued_at.replace(second=0, microsecond=0)
    if served_at > timezone.now() or served_at < issued:
        raise ValidationError("送达时间应在撤销决定书制作之后、现在之前。")
    superseded.service = service_proof(method, proof)
    superseded.service_method = method
    superseded.served_at = served_at
    superseded.save(update_fields=["service", "service_method", "served_at"])
    _record(
        "revocation_serve",
        decision,
        by,
        superseded=superseded.pk,
        document=superseded.document.reference,
        method=method,
        served_at=served_at.isoformat(),
    )
    return superseded
