"""The decision pages (issue 10): the case's decision page for its officers and
heads, the legal reviewers' queue and review page, and the party's own notices
and decisions."""

from __future__ import annotations

import dataclasses
from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from ecobureau.accounts.decorators import public_account_required, staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.accounts.models import User
from ecobureau.casework.models import Document

from . import selectors
from .form_values import day as _day
from .form_values import moment as _when
from .models import (
    Deliberation,
    DiscretionStandard,
    EnforcementCase,
    LegalReview,
    PenaltyDecision,
    StatementPoint,
)
from .processes import CASE
from .services import (
    correction,
    decisions,
    execution,
    refunds,
    reviews,
    supersede,
)
from .services.decisions import Penalty
from .views_archive import penalty_shown


def _penalty(post: QueryDict) -> Penalty:
    return Penalty(
        warning=post.get("warning") == "1",
        fine=post.get("fine", "0") or "0",
        daily_fine=post.get("daily_fine") == "1",
        measures=post.getlist("measures"),
        serious=post.get("serious") == "1",
        other_major_reason=post.get("other_major_reason", ""),
    )


@staff_required
def decision_page(request: AppRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            done = _act(request, case)
        except ValidationError as error:
            errors.extend(error.messages)
        except PermissionDenied as error:
            errors.append(str(error))
        else:
            messages.success(request, done)
            return redirect("enforcement:decision", case.pk)
        case = selectors.case_get_for_user(request.user, pk)
    decision = PenaltyDecision.objects.filter(case=case).first()
    today = timezone.localdate()
    return render(
        request,
        "enforcement/decision.html",
        {
            "case": case,
            "step": CASE.step(case.status).label,
            "decision": decision,
            # the penalty in words, in the reader's language (ADR 0015)
            "penalty": penalty_shown(decision.penalty_key()) if decision else "",
            "errors": errors,
            "values": request.POST,
            "standards": DiscretionStandard.objects.filter(
                effective_from__lte=today
            ).exclude(effective_to__lt=today),
            "measure_choices": PenaltyDecision.Measure.choices,
            "party_kinds": PenaltyDecision.PartyKind.choices,
            "channels": StatementPoint.Channel.choices,
            "service_methods": [
                (value, label, decisions.SERVICE_PROOF[value])
                for value, label in PenaltyDecision.ServiceMethod.choices
            ],
            "summary_fields": decisions.SUMMARY_RECORD,
            "package_fields": decisions.REVIEW_PACKAGE,
            "reviews": decision.reviews.all() if decision else [],
            "deliberations": decision.deliberations.all() if decision else [],
            "points": decision.points.all() if decision else [],
            "documents": selectors.decision_documents(case),
            "due": decisions.hearing_request_due(decision) if decision else None,
            "deadline": decisions.deadline_clock(case),
            "execution": _execution(decision, today),
            # 集体审议规则 第十条1: the original decision and its 变更决定 side by side
            "corrections": selectors.decision_corrections(case),
            "correctable": (
                _correctable(decision) if decision and case.status == "served" else []
            ),
            "supersessions": (
                decision.supersessions.select_related(
                    "original_document", "deliberation", "made_by", "document"
                )
                if decision
                else []
            ),
            "refused_post": request.POST if errors else None,
            # the new 决定书 is served after the 撤销决定书, or with it
            "pending_revocation": (
                supersede.pending_revocation(decision) if decision else None
            ),
            # 应予退还 after a 变更决定, what was refunded and what remains
            "refund": refunds.refund_state(decision) if decision else None,
        },
        status=400 if errors else 200,
    )


def _correctable(decision: PenaltyDecision) -> list[Deliberation]:
    """The 复审 a 变更决定 may follow, each with `amended_shown`: its amended
    penalty in words in the reader's language (empty for a 复审 recorded before
    the amended penalty was kept as data)."""
    reviews = correction.correctable_reviews(decision)
    for review in reviews:
        review.amended_shown = (  # type: ignore[attr-defined]
            penalty_shown(review.amended_penalty) if review.amended_penalty else ""
        )
    return reviews


def _execution(decision: PenaltyDecision | None, today: date) -> dict[str, object]:
    """The payment state shown on the decision page; the surcharge is the lib
    `surcharge` rule's, as if paid today (or on the day it was paid in full)."""
    if decision is None or decision.served_at is None or not decision.fine:
        return {}
    # after a supersession only this decision's payments; the earlier ones are
    # in the credit (折抵)
    payments = list(execution.round_payments(decision).select_related("receipt"))
    on = payments[-1].paid_on if decision.executed_at and payments else today
    due = execution.payment_due(decision)
    return {
        "due": due,
        "credit": execution.credit(decision),
        "amount_due": execution.amount_due(decision),
        "payments": payments,
        "paid": execution.paid_total(decision),
        "surcharge": execution.surcharge_on(decision, on),
        "owed": execution.owed_on(decision, on),
        "overdue": due is not None and today > due and not decision.executed_at,
    }


def _act(request: AppRequest, case: EnforcementCase) -> str:
    post, user = request.POST, request.user
    action = post.get("action", "")
    if action == "propose":
        standard = DiscretionStandard.objects.filter(
            pk=post.get("standard") or 0
        ).first()
        decisions.decision_propose(
            case=case,
            procedure=post.get("procedure", ""),
            party_kind=post.get("party_kind", "organisation"),
            penalty=_penalty(post),
            facts=post.get("facts", ""),
            legal_basis=post.get("legal_basis", ""),
            standard=standard,
            discretion_level=post.get("discretion_level", ""),
            discretion_reasons=post.get("discretion_reasons", ""),
            by=user,
        )
        return gettext("已拟定处罚。")
    decision = PenaltyDecision.objects.filter(case=case).first()
    if decision is None:
        raise ValidationError(gettext("请先拟定处罚。"))
    if action == "review_submit":
        package = {code: post.get(code, "") for code, _ in decisions.REVIEW_PACKAGE}
        decisions.review_submit(decision=decision, package=package, by=user)
        return gettext("已送法制审核。")
    if action == "notice":
        decisions.notice_issue(
            decision=decision,
            served_at=_when(post.get("served_at", ""), gettext_noop("送达时间")),
            by=user,
        )
        return gettext("已制发先行告知书。")
    if action == "statement":
        decisions.statement_record(
            decision=decision,
            channel=post.get("channel", ""),
            point=post.get("point", ""),
            answer=post.get("answer", ""),
            adopted=post.get("adopted") == "1",
            by=user,
        )
        return gettext("已记录陈述申辩及复核意见。")
    if action == "waive":
        decisions.hearing_waive(decision=decision, how=post.get("how", ""), by=user)
        return gettext("已记录放弃陈述申辩和听证。")
    if action == "hearing_request":
        decisions.hearing_request(
            decision=decision,
            requested_at=_when(post.get("requested_at", ""), gettext_noop("申请时间")),
            by=user,
        )
        return gettext("已登记听证申请。")
    if action == "hearing_schedule":
        decisions.hearing_schedule(
            decision=decision,
            hearing_date=_day(post.get("hearing_date", ""), gettext_noop("听证日期")),
            notified_on=_day(post.get("notified_on", ""), gettext_noop("通知送达日期")),
            place=post.get("place", ""),
            by=user,
        )
        return gettext("已安排听证并制发听证通知书。")
    if action == "hearing_hold":
        decisions.hearing_hold(
            decision=decision, record=post.get("record", ""), by=user
        )
        return gettext("已记录听证。")
    if action == "change":
        decisions.penalty_change(
            decision=decision,
            penalty=_penalty(post),
            reason=post.get("reason", ""),
            by=user,
        )
        return gettext("已变更拟作出的处罚。")
    if action == "decide":
        decisions.decision_make(decision=decision, by=user)
        return gettext("已作出行政处罚决定，决定书已编号。")
    if action == "summary":
        record = {code: post.get(code, "") for code, _ in decisions.SUMMARY_RECORD}
        record["collection"] = post.get("collection", "")
        decisions.summary_decide(
            decision=decision,
            record=record,
            cash_collected=post.get("cash", "0") or "0",
            by=user,
        )
        return gettext("已当场作出处罚决定。")
    if action == "serve":
        method = post.get("method", "")
        proof = {
            code: post.get(f"{method}-{code}", "")
            for code, _ in decisions.SERVICE_PROOF.get(method, ())
        }
        decisions.decision_serve(
            decision=decision,
            method=method,
            served_at=_when(post.get("served_at", ""), gettext_noop("送达时间")),
            proof=proof,
            by=user,
        )
        return gettext("已记录送达。")
    if action == "revocation_serve":
        superseded = decision.supersessions.filter(pk=post.get("superseded") or 0)
        if not superseded.exists():
            raise ValidationError(gettext("请选择要送达的撤销行政处罚决定书。"))
        method = post.get("method", "")
        supersede.revocation_serve(
            superseded=superseded.get(),
            method=method,
            served_at=_when(post.get("served_at", ""), gettext_noop("送达时间")),
            proof={
                code: post.get(f"rv-{method}-{code}", "")
                for code, _ in decisions.SERVICE_PROOF.get(method, ())
            },
            by=user,
        )
        return gettext("已记录撤销行政处罚决定书的送达。")
    if action == "payment":
        execution.payment_record(
            decision=decision,
            amount=post.get("amount", ""),
            paid_on=_day(post.get("paid_on", ""), gettext_noop("缴纳日期")),
            receipt=request.FILES.get("receipt"),  # type: ignore[arg-type]
            by=user,
        )
        return gettext("已登记缴款。")
    if action == "reminder":
        execution.reminder_issue(decision=decision, by=user)
        return gettext("已制作催告书（已编号）。")
    if action == "refund":
        refunds.refund_record(
            decision=decision,
            amount=post.get("refund_amount", ""),
            refunded_on=_day(post.get("refunded_on", ""), gettext_noop("退还日期")),
            voucher=post.get("voucher", ""),
            receipt=request.FILES.get("refund_receipt"),
            by=user,
        )
        return gettext("已登记退还多缴的罚款。")
    if action == "correct":
        review = decision.deliberations.filter(pk=post.get("deliberation") or 0).first()
        if review is None:
            raise ValidationError(gettext("请选择作为变更依据的复审。"))
        # the grounds of a major decision are not the 复审's to change here
        penalty = dataclasses.replace(
            _penalty(post),
            serious=decision.serious,
            other_major_reason=decision.other_major_reason,
        )
        # the button pressed: 作出变更决定 (lighter), or 加重 (a new notice)
        renew = post.get("mode") == "supersede"
        make = supersede.decision_supersede if renew else correction.decision_correct
        make(
            deliberation=review,
            penalty=penalty,
            reason=post.get("reason", ""),
            discretion_level=post.get("discretion_level", ""),
            discretion_reasons=post.get("discretion_reasons", ""),
            text_checked=post.get("text_checked") == "1",
            by=user,
        )
        if renew:
            return gettext(
                "已依复审撤回原处罚决定；案件回到先行告知前，"
                "请对拟作出的处罚重新法制审核并送达先行告知书。"
            )
        return gettext("已依复审作出变更行政处罚决定，变更决定书已编号。")
    raise ValidationError(gettext("未知操作。"))


# --- legal review -------------------------------------------------------------------


@staff_required
def review_list(request: AppRequest) -> HttpResponse:
    return render(
        request,
        "enforcement/review_list.html",
        {"reviews": selectors.review_list_for_user(request.user)[:200]},
    )


@staff_required
def review_detail(request: AppRequest, pk: int) -> HttpResponse:
    review = selectors.review_get_for_user(request.user, pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            done = _review_act(request, review)
        except ValidationError as error:
            errors.extend(error.messages)
        except PermissionDenied as error:
            errors.append(str(error))
        else:
            messages.success(request, done)
            return redirect("enforcement:review-detail", review.pk)
    return render(
        request,
        "enforcement/review_detail.html",
        {
            "review": review,
            "review_unit": decisions.review_unit_name(),
            "decision": review.decision,
            "penalty": penalty_shown(review.decision.penalty_key()),
            "case": review.decision.case,
            "package": [
                (label, review.package.get(code, ""))
                for code, label in decisions.REVIEW_PACKAGE
            ],
            "reviewers": review.reviewers.all(),
            "candidates": User.objects.filter(
                roles__code=decisions.REVIEW_ROLE, is_active=True
            ).distinct(),
            "opinions": LegalReview.Opinion.choices,
            "is_reviewer": review.reviewers.filter(pk=request.user.pk).exists(),
            "checklist": reviews.REVIEW_CHECKLIST,
            "ticked": request.POST.getlist("ok"),
            "opinion_form": (
                Document.objects.filter(
                    kind="enf_review_opinion",
                    target_type="enforcement.enforcementcase",
                    target_id=review.decision.case_id,
                )
                .order_by("-pk")
                .first()
                if review.signed_at
                else None
            ),
            "errors": errors,
            "values": request.POST,
        },
        status=400 if errors else 200,
    )


def _review_act(request: AppRequest, review: LegalReview) -> str:
    post, user = request.POST, request.user
    action = post.get("action", "")
    if action == "assign":
        ids = [int(v) for v in post.getlist("reviewers") if v.isdigit()]
        chosen = list(User.objects.filter(pk__in=ids))
        decisions.review_assign(review=review, reviewers=chosen, by=user)
        return gettext("已指定审核人员。")
    if action == "recuse":
        reviewer = User.objects.filter(pk=post.get("reviewer") or 0).first()
        if reviewer is None:
            raise ValidationError(gettext("请选择回避的审核人员。"))
        decisions.review_recuse(
            review=review, reviewer=reviewer, reason=post.get("reason", ""), by=user
        )
        return gettext("已记录回避。")
    if action == "extend":
        decisions.review_extend(review=review, reason=post.get("reason", ""), by=user)
        return gettext("审核时间已延长3个工作日。")
    if action == "opinion":
        decisions.review_opinion(
            review=review,
            opinion=post.get("opinion", ""),
            text=post.get("text", ""),
            checklist={
                code: code in post.getlist("ok") for code, _ in reviews.REVIEW_CHECKLIST
            },
            by=user,
        )
        return gettext("已提出审核意见。")
    if action == "sign":
        decisions.review_sign(review=review, by=user)
        return gettext("已签批。")
    raise ValidationError(gettext("未知操作。"))


# --- the party ----------------------------------------------------------------------


@public_account_required
def party_document(request: AppRequest, pk: int, document_pk: int) -> FileResponse:
    case = selectors.case_get_for_user(request.user, pk)
    document, handle = decisions.decision_document_open(
        case=case, document_id=document_pk, by=request.user
    )
    return FileResponse(handle, filename=f"{document.title}.pdf")


@staff_required
def deadline_page(request: AppRequest, pk: int) -> HttpResponse:
    """The 90-day decision deadline (P4): its extensions and the periods not
    counted in it. Anyone who sees the case reads it; heads record."""
    case = selectors.case_get_for_user(request.user, pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            done = _deadline_act(request, case)
        except ValidationError as error:
            errors.extend(error.messages)
        except PermissionDenied as error:
            errors.append(str(error))
        else:
            messages.success(request, done)
            return redirect("enforcement:deadline", case.pk)
    clock = decisions.deadline_clock(case)
    decision = PenaltyDecision.objects.filter(case=case).first()
    return render(
        request,
        "enforcement/deadline.html",
        {
            "case": case,
            "clock": clock,
            "pauses": clock.pauses.all() if clock else [],
            "extensions": clock.extensions.all() if clock else [],
            "reasons": decisions.PAUSE_REASONS,
            "deliberations": (
                decision.deliberations.filter(quorum_met=True) if decision else []
            ),
            "errors": errors,
            "values": request.POST,
        },
        status=400 if errors else 200,
    )


def _deadline_act(request: AppRequest, case: EnforcementCase) -> str:
    post, user = request.POST, request.user
    action = post.get("action", "")
    if action == "extend":
        deliberation = None
        if post.get("deliberation"):
            deliberation = Deliberation.objects.filter(
                pk=post["deliberation"], decision__case=case
            ).first()
        decisions.deadline_extend(
            case=case, reason=post.get("reason", ""), deliberation=deliberation, by=user
        )
        return gettext("已延长处罚决定期限。")
    if action == "pause":
        ends = post.get("ends_on", "")
        decisions.deadline_pause(
            case=case,
            reason=post.get("pause_reason", ""),
            note=post.get("note", ""),
            starts_on=_day(post.get("starts_on", ""), gettext_noop("起始日")),
            ends_on=_day(ends, gettext_noop("结束日")) if ends else None,
            by=user,
        )
        return gettext("已记录不计入期限的期间。")
    if action == "resume":
        decisions.deadline_resume(
            case=case,
            ends_on=_day(post.get("resume_on", ""), gettext_noop("结束日")),
            by=user,
        )
        return gettext("已恢复计算处罚决定期限。")
    raise ValidationError(gettext("未知的操作。"))
