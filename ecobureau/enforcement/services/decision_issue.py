"""The penalty decision made and served (issue 10): the checks before a decision
(行政处罚法第五十八、六十二条; 集体审议规则 第二条, 第九条), the numbered
行政处罚决定书, the summary procedure's record (全过程记录实施办法 第二十二条), service
by the five methods with proof (第二十三–二十七条) and the party opening its own
documents. Split from `decisions`, which re-exports every public name here."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import BinaryIO

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Document
from ecobureau.core import records
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.lib import dates

from .. import selectors
from ..models import Deliberation, EnforcementCase, PenaltyDecision
from ..processes import CASE
from . import printing
from .decision_common import (
    ON_THE_SPOT_CASH,
    _check_staff,
    _locked,
    _money,
    _record,
    _review_covers,
    deadline_clock,
    hearing_request_due,
    summary_problems,
)

# --- the decision and its service ----------------------------------------------------


def decide_check(case: EnforcementCase) -> None:
    decision = case.decision
    if decision.hearing_requested_at and decision.hearing_held_at is None:
        raise ValidationError("当事人申请了听证，听证结束后方可作出决定。")
    if not decision.hearing_requested_at and not decision.hearing_waived:
        due = hearing_request_due(decision)
        if due is not None and dates.local_date(timezone.now()) <= due:
            raise ValidationError(
                gettext("陈述申辩、听证申请期限至%(due)s，期满后方可作出决定。")
                % {"due": due}
            )
    # 行政处罚法第五十八条 (P15): after a hearing, legal review as well.
    if (decision.major or decision.hearing_held_at) and _review_covers(
        decision
    ) is None:
        raise ValidationError(
            "须经法制审核（对当前处罚内容同意并经局领导签批）方可作出决定。"
        )
    if decision.major:
        last = decision.deliberations.order_by("-round").first()
        covers = _review_covers(decision)
        # the meeting's time comes from a form in minutes: a meeting recorded in
        # the minute the review was signed counts as after it
        signed = (
            covers.signed_at.replace(second=0, microsecond=0)
            if covers is not None and covers.signed_at
            else None
        )
        if (
            last is None
            or not last.quorum_met
            or last.outcome != Deliberation.Outcome.AGREE
            or last.penalty != decision.penalty_key()
            or (signed is not None and last.held_at < signed)
        ):
            raise ValidationError(
                "重大行政执法决定须经审委会集体审议同意（达到法定人数）。"
            )


def _statement_text(decision: PenaltyDecision) -> str:
    from .supersede import round_started_at  # supersede imports this module

    points = decision.points.all()
    started = round_started_at(decision)
    if started is not None:  # only the statement on the current notice
        points = points.filter(recorded_at__gte=started)
    parts = [
        f"{p.point}——{'予以采纳' if p.adopted else '不予采纳'}：{p.answer}"
        for p in points
    ]
    if decision.hearing_held_at:
        parts.append(f"听证情况：{decision.hearing_record}")
    return "；".join(parts) or "当事人在法定期限内未提出陈述、申辩，未要求听证。"


@transaction.atomic
def decision_make(*, decision: PenaltyDecision, by: User) -> PenaltyDecision:
    """The head decides; the numbered 行政处罚决定书 is issued; the 90-day clock
    stops and the 7-working-day service clock starts."""
    decision = _locked(decision)
    case = decision.case
    if not selectors.case_list_for_user(by).filter(pk=case.pk).exists():
        raise PermissionDenied("该案件不在您的数据范围内。")
    decision.decided_at = timezone.now()
    decision.decided_by = by
    decision.save(update_fields=["decided_at", "decided_by", "updated_at"])
    casework_services.case_transition(
        process=CASE, case=case, transition="decide", by=by
    )
    _issue_decision(decision, by)
    _record("decision_make", decision, by, penalty=decision.penalty_key())
    return decision


def _issue_decision(decision: PenaltyDecision, by: User) -> None:
    from .supersede import decision_context  # supersede imports this module

    clock = deadline_clock(decision.case)
    if clock is not None and clock.is_open:
        casework_services.clock_stop(clock=clock, by=by)
    standard = decision.standard
    printing.issue(
        kind="enf_penalty_decision",
        target=decision.case,
        by=by,
        context={
            "party": decision.case.enterprise.name,
            "facts": decision.facts,
            "basis": decision.legal_basis,
            "statement": _statement_text(decision),
            "discretion": (
                f"依据{standard.basis}“{standard.title}”{decision.discretion_level}档次："
                f"{decision.discretion_reasons}"
                if standard
                else decision.discretion_reasons
            ),
            "penalty": decision.penalty_text(),
            **decision_context(decision),
        },
    )


SUMMARY_RECORD = (  # 全过程记录实施办法 第二十二条
    ("conditions", gettext_noop("适用简易程序的事实依据、法律依据的具体条件")),
    ("steps", gettext_noop("实施简易程序的程序步骤及法定文书")),
    ("statement", gettext_noop("当事人陈述、申辩的记录")),
    ("answer", gettext_noop("对陈述、申辩内容的复核及处理，是否采纳的理由")),
    ("filing", gettext_noop("向所属行政机关备案的内容")),
)


def _joined(labels: list[str]) -> str:
    """Missing items named in the reader's language ("、" joins them in Chinese)."""
    return gettext("、").join(gettext(label) for label in labels)


def summary_check(case: EnforcementCase) -> None:
    decision = PenaltyDecision.objects.filter(case=case).first()
    if decision is None or decision.procedure != PenaltyDecision.Procedure.SUMMARY:
        raise ValidationError("请先按简易程序拟定处罚。")
    problems = summary_problems(decision)
    missing = [
        label for code, label in SUMMARY_RECORD if not decision.summary_record.get(code)
    ]
    if missing:
        problems.append(
            gettext("简易程序记录缺少：%(missing)s") % {"missing": _joined(missing)}
        )
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def summary_decide(
    *,
    decision: PenaltyDecision,
    record: Mapping[str, str],
    by: User,
    cash_collected: object = "0",
) -> PenaltyDecision:
    """简易程序: decided and served on the spot, with the 第二十二条 record;
    cash collected on the spot only up to 100 yuan (行政处罚法第六十八条)."""
    decision = _locked(decision)
    _check_staff(by, decision.case)
    cash = _money(cash_collected, gettext_noop("当场收缴的罚款"))
    if cash and (cash > ON_THE_SPOT_CASH or cash != decision.fine):
        raise ValidationError(
            gettext("当场收缴罚款仅限%(limit)s元以下，且须与罚款数额一致。")
            % {"limit": ON_THE_SPOT_CASH}
        )
    decision.summary_record = {
        **{code: str(record.get(code, "")).strip() for code, _ in SUMMARY_RECORD},
        "cash_collected": str(cash),
        "collection": str(record.get("collection", "")).strip() if cash else "",
    }
    if cash and not decision.summary_record["collection"]:
        raise ValidationError("当场收缴罚款的，请记录收缴过程及出具的罚没收据。")
    now = timezone.now()
    decision.decided_at = now
    decision.decided_by = by
    decision.save()
    casework_services.case_transition(
        process=CASE, case=decision.case, transition="decide_summary", by=by
    )
    clock = deadline_clock(decision.case)
    if clock is not None and clock.is_open:
        casework_services.clock_stop(clock=clock, by=by)
    printing.issue(
        kind="enf_summary_decision",
        target=decision.case,
        by=by,
        context={
            "party": decision.case.enterprise.name,
            "facts": decision.facts,
            "basis": decision.legal_basis,
            "penalty": decision.penalty_text(),
            "payment": "当场收缴"
            if cash
            else "自收到本决定书之日起十五日内缴至指定银行",
        },
    )
    _record("summary_decide", decision, by, cash=str(cash))
    return decision


SERVICE_PROOF: dict[
    str, tuple[tuple[str, str], ...]
] = {  # 全过程记录实施办法 第二十三–二十七条
    PenaltyDecision.ServiceMethod.DIRECT: (
        ("recipient", gettext_noop("签收人（送达回证上签名或盖章）")),
    ),
    PenaltyDecision.ServiceMethod.MAIL: (
        ("tracking_no", gettext_noop("挂号信或特快专递单号")),
        ("receipt", gettext_noop("回执")),
    ),
    PenaltyDecision.ServiceMethod.LEFT: (
        ("refusal", gettext_noop("拒收事由")),
        ("witness", gettext_noop("见证人")),
        ("recording", gettext_noop("送达过程音像记录")),
    ),
    PenaltyDecision.ServiceMethod.ENTRUSTED: (
        ("reason", gettext_noop("委托、转交的原因")),
        ("recipient", gettext_noop("受送达人签收")),
    ),
    PenaltyDecision.ServiceMethod.ANNOUNCEMENT: (
        ("failed", gettext_noop("其他方式均无法送达的情况")),
        ("carrier", gettext_noop("公告的方式和载体")),
        ("recording", gettext_noop("音像记录")),
    ),
}


def service_proof(method: str, proof: Mapping[str, str]) -> dict[str, str]:
    """The proof the service method requires (第二十三–二十七条), checked and
    stripped; shared by the decision and the 撤销行政处罚决定书."""
    if method not in SERVICE_PROOF:
        raise ValidationError("请选择送达方式。")
    missing = [
        label
        for code, label in SERVICE_PROOF[method]
        if not str(proof.get(code, "")).strip()
    ]
    if missing:
        raise ValidationError(
            gettext("送达记录缺少：%(missing)s") % {"missing": _joined(missing)}
        )
    return {code: str(proof[code]).strip() for code, _ in SERVICE_PROOF[method]}


def serve_check(case: EnforcementCase) -> None:
    decision = case.decision
    if not decision.service_method or decision.served_at is None:
        raise ValidationError("请记录送达方式和送达日期。")


@transaction.atomic
def decision_serve(
    *,
    decision: PenaltyDecision,
    method: str,
    served_at: datetime,
    proof: Mapping[str, str],
    by: User,
) -> PenaltyDecision:
    """Service with its proof; starts the 15-day payment clock (P10). A decision
    made again after a supersession is not served before the 撤销行政处罚决定书
    (served together is allowed: `supersede.revocation_order_check`)."""
    from .supersede import revocation_order_check  # supersede imports this module

    decision = _locked(decision)
    _check_staff(by, decision.case)
    if method not in SERVICE_PROOF:
        raise ValidationError("请选择送达方式。")
    # Forms give minutes: compare at minute resolution.
    decided = (
        decision.decided_at.replace(second=0, microsecond=0)
        if decision.decided_at
        else None
    )
    if served_at > timezone.now() or (decided and served_at < decided):
        raise ValidationError("送达时间应在决定之后、现在之前。")
    if decided is not None:  # not made yet: the transition below refuses
        revocation_order_check(decision, served_at)
    decision.service = service_proof(method, proof)
    decision.service_method = method
    decision.served_at = served_at
    decision.save(
        update_fields=["service_method", "served_at", "service", "updated_at"]
    )
    casework_services.case_transition(
        process=CASE, case=decision.case, transition="serve", by=by
    )
    _record(
        "decision_serve", decision, by, method=method, served_at=served_at.isoformat()
    )
    if decision.procedure == PenaltyDecision.Procedure.SUMMARY:
        from .execution import on_the_spot_payment

        on_the_spot_payment(decision, by)
    else:
        from .archive import filing_clock_start
        from .execution import credit_settle

        filing_clock_start(decision, by)
        # after a supersession the credit may already cover the whole fine
        credit_settle(decision, by)
    return decision


# --- the party's own decision documents ---------------------------------------------


@transaction.atomic
def decision_document_open(
    *, case: EnforcementCase, document_id: int, by: User
) -> tuple[Document, BinaryIO]:
    """The party opens a notice or decision served on it; each opening recorded.
    `case` comes from `selectors.case_get_for_user`, so it is the party's own."""
    own = enterprise_selectors.enterprise_for_account(by)
    if own is None or own.pk != case.enterprise_id:
        raise PermissionDenied("只有当事人本人可以查看送达给本单位的文书。")
    document = selectors.decision_documents(case).filter(pk=document_id).first()
    if document is None:
        raise PermissionDenied("该文书不存在或未送达给您。")
    records.append(
        action="enforcement.decision_document_open",
        target=case,
        actor=by,
        data={"document": document.pk, "reference": document.reference},
    )
    return document, casework_services.attachment_open(document.attachment)
