"""Legal review (法制审核) of a penalty decision: 鞍山市生态环境局重大行政执法决定
法制审核制度 第四–十一条 (see `decisions` for the whole path)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Clock
from ecobureau.lib import dates

from .. import selectors
from ..models import (
    LegalReview,
    MeasureReview,
    PenaltyDecision,
)
from . import printing
from .decision_common import (
    RESUBMISSION_DAYS,
    REVIEW_BASIS,
    REVIEW_DAYS,
    REVIEW_EXTENSION_DAYS,
    REVIEW_PACKAGE,
    REVIEW_ROLE,
    REVIEW_STEP,
    REVIEWERS,
    SIGNER_ROLE,
    _check_role,
    _check_staff,
    _locked,
    _record,
    review_unit_name,
)
from .inspections import _text

# --- legal review (法制审核) ----------------------------------------------------------


@transaction.atomic
def review_submit(
    *, decision: PenaltyDecision, package: Mapping[str, str], by: User
) -> LegalReview:
    """第四条: the package of five papers; 第七条: 7 working days, 3 for a
    resubmission after correction; 第九条: a penalty changed after statement or
    hearing is submitted afresh."""
    decision = _locked(decision)
    _check_staff(by, decision.case)
    if decision.case.status not in ("investigated", "notified", "hearing"):
        raise ValidationError("调查终结后、作出决定前方可送法制审核。")
    missing = [
        label
        for code, label in REVIEW_PACKAGE
        if not str(package.get(code, "")).strip()
    ]
    if missing:
        raise ValidationError(
            gettext("送审材料不全：%(missing)s")
            % {"missing": gettext("、").join(gettext(label) for label in missing)}
        )
    last = decision.reviews.order_by("-round").first()
    if last is not None and last.signed_at is None:
        raise ValidationError("上一次送审尚未审结。")
    if last is None:
        kind, days = LegalReview.Kind.FIRST, REVIEW_DAYS
    elif last.opinion in (
        LegalReview.Opinion.REINVESTIGATE,
        LegalReview.Opinion.AMEND,
        LegalReview.Opinion.CORRECT,
    ):
        kind, days = LegalReview.Kind.RESUBMISSION, RESUBMISSION_DAYS
    elif last.penalty != decision.penalty_key():
        kind, days = LegalReview.Kind.CHANGED, REVIEW_DAYS
    else:
        raise ValidationError("处罚内容未变化且已审核，无需再次送审。")
    review = LegalReview.objects.create(
        decision=decision,
        round=(last.round + 1) if last else 1,
        kind=kind,
        package={code: str(package[code]).strip() for code, _ in REVIEW_PACKAGE},
        penalty=decision.penalty_key(),
        submitted_by=by,
        submitted_at=timezone.now(),
    )
    casework_services.clock_start(
        target=review,
        step=REVIEW_STEP,
        label="法制审核期限",
        amount=days,
        unit="workdays",
        by=by,
        basis=REVIEW_BASIS,
        district=decision.case.district,
    )
    _record("review_submit", decision, by, review=review.pk, kind=kind, days=days)
    return review


def _review_clock(review: LegalReview) -> Clock | None:
    return casework_services.clocks_for(review).filter(step=REVIEW_STEP).first()


def _check_reviewer(user: User, decision: PenaltyDecision, review: LegalReview) -> None:
    if not user.roles.filter(code=REVIEW_ROLE).exists():
        raise ValidationError(gettext("%(name)s不是法制审核人员。") % {"name": user})
    if selectors.is_officer_of_case(user, decision.case):
        raise ValidationError(
            gettext("%(name)s是本案调查人员，应当回避（第十条）。") % {"name": user}
        )
    if any(r["user"] == user.pk for r in review.recusals):
        raise ValidationError(gettext("%(name)s已回避本案审核。") % {"name": user})


@transaction.atomic
def review_assign(
    *, review: LegalReview, reviewers: Sequence[User], by: User
) -> LegalReview:
    """第五条: three reviewers study the case together; 第十条: recusal."""
    review = LegalReview.objects.select_for_update().get(pk=review.pk)
    _check_role(by, (REVIEW_ROLE, SIGNER_ROLE), gettext_noop("指定审核人员"))
    if review.opinion:
        raise ValidationError("已提出审核意见。")
    unique = {u.pk: u for u in reviewers}
    if len(unique) != REVIEWERS:
        raise ValidationError(
            gettext("须由%(count)s名审核人员集体研究形成审核意见。")
            % {"count": REVIEWERS}
        )
    for user in unique.values():
        _check_reviewer(user, review.decision, review)
    review.reviewers.set(unique.values())
    _record(
        "review_assign", review.decision, by, review=review.pk, reviewers=sorted(unique)
    )
    return review


@transaction.atomic
def review_recuse(
    *, review: LegalReview, reviewer: User, reason: str, by: User
) -> LegalReview:
    """第十条: a relative of an investigator, or anyone with a direct interest."""
    review = LegalReview.objects.select_for_update().get(pk=review.pk)
    if by != reviewer:
        _check_role(by, (REVIEW_ROLE, SIGNER_ROLE), gettext_noop("决定回避"))
    if review.opinion:
        raise ValidationError("已提出审核意见。")
    review.recusals = [
        *review.recusals,
        {
            "user": reviewer.pk,
            "reason": _text(reason, gettext_noop("回避理由")),
            "by": by.pk,
        },
    ]
    review.save(update_fields=["recusals"])
    review.reviewers.remove(reviewer)
    _record(
        "review_recuse", review.decision, by, review=review.pk, reviewer=reviewer.pk
    )
    return review


@transaction.atomic
def review_extend(*, review: LegalReview, reason: str, by: User) -> LegalReview:
    """第八条: complex cases, at most 3 more working days, once."""
    review = LegalReview.objects.select_for_update().get(pk=review.pk)
    _check_role(by, (REVIEW_ROLE, SIGNER_ROLE), gettext_noop("延长审核时间"))
    if review.extension_reason:
        raise ValidationError("审核时间已延长过（延长不超过3个工作日）。")
    clock = _review_clock(review)
    if clock is None or not clock.is_open:
        raise ValidationError("审核期限已结束。")
    review.extension_reason = _text(reason, gettext_noop("延长理由"))
    review.save(update_fields=["extension_reason"])
    casework_services.clock_extend(
        clock=clock,
        amount=REVIEW_EXTENSION_DAYS,
        reason=review.extension_reason,
        approved_by=by,
    )
    _record("review_extend", review.decision, by, review=review.pk)
    return review


# 法制审核制度 第三条 (A57), item by item; (五) "其他应审核的事项" goes into the
# opinion's text.
REVIEW_CHECKLIST = (
    ("authority", "（一）主体合法，有管辖权，未超越职权，执法人员具备执法资格"),
    ("facts", "（二）当事人情况清楚、是违法主体，主要事实清楚，证据确凿充分"),
    ("in_force", "（三）1.未适用未生效或已失效的法律、法规和规章"),
    ("provision", "（三）2.适用的法律、法规及条款正确"),
    ("penalty", "（三）3.处罚种类、幅度合法，裁量基准运用适当，无畸轻畸重"),
    ("filing", "（四）1.履行了立案审批手续"),
    ("report", "（四）2.写出了案件调查终结报告"),
    ("draft_notice", "（四）3.有行政处罚先行告知书（草拟）"),
    ("other_steps", "（四）4.其他依法必须经过的程序或手续已履行"),
)


# A major seal or seizure (第二条（二）) is reviewed on the items of 第三条 that bear on
# a measure: (三)3 is read for the measure's object, scope and term instead of the
# penalty's kind and amount (行政强制法第二十三、二十五条), and (四)2–3 — the
# investigation-end report and the draft 先行告知书 — do not exist while the
# investigation runs (ADR 0017).
_PENALTY_ITEMS = dict(REVIEW_CHECKLIST)
MEASURE_REVIEW_CHECKLIST = (
    *(
        (code, _PENALTY_ITEMS[code])
        for code in ("authority", "facts", "in_force", "provision")
    ),
    (
        "measure",
        "（三）3.查封、扣押的对象、范围和期限合法，无超范围、超期限"
        "（行政强制法第二十三条、第二十五条）",
    ),
    *((code, _PENALTY_ITEMS[code]) for code in ("filing", "other_steps")),
)


def checked_items(
    definition: Sequence[tuple[str, str]], ticked: Mapping[str, bool], opinion: str
) -> list[dict[str, object]]:
    """第三条 item by item, as recorded on the review; 同意 (第十一条(一)) only
    when every item holds — the items that do not are named."""
    items: list[dict[str, object]] = [
        {"code": code, "item": label, "ok": bool(ticked.get(code))}
        for code, label in definition
    ]
    failed = [str(item["item"]) for item in items if not item["ok"]]
    if opinion == LegalReview.Opinion.AGREE and failed:
        raise ValidationError(
            gettext("以下审核内容不符合，不能提出同意的审核意见：%(items)s")
            % {"items": gettext("；").join(gettext(item) for item in failed)}
        )
    return items


def checklist_lines(review: LegalReview | MeasureReview) -> list[str]:
    """The recorded checklist as the opinion form's table rows; a review recorded
    before the checklist existed says so."""
    lines = [
        f"{item['item']}|{'符合' if item['ok'] else '不符合'}"
        for item in review.checklist
    ]
    return lines or ["（未逐项记录的历史审核）|—"]


@transaction.atomic
def review_opinion(
    *,
    review: LegalReview,
    opinion: str,
    text: str,
    checklist: Mapping[str, bool],
    by: User,
) -> LegalReview:
    """第十一条: one of six written opinions, given by one of the three, after the
    第三条 checklist item by item (A57). 同意 (第十一条(一)) only when every item
    holds; any item that does not hold is named in the recorded checklist."""
    review = LegalReview.objects.select_for_update().get(pk=review.pk)
    if not review.reviewers.filter(pk=by.pk).exists():
        raise PermissionDenied("您不是本次法制审核的审核人员。")
    if review.reviewers.count() != REVIEWERS:
        raise ValidationError(
            gettext("审核人员不足%(count)s人。") % {"count": REVIEWERS}
        )
    if review.opinion:
        raise ValidationError("已提出审核意见。")
    if opinion not in LegalReview.Opinion.values:
        raise ValidationError("请选择审核意见。")
    review.checklist = checked_items(REVIEW_CHECKLIST, checklist, opinion)
    review.opinion = opinion
    review.opinion_text = _text(text, gettext_noop("审核意见说明"))
    review.opinion_at = timezone.now()
    review.save(update_fields=["checklist", "opinion", "opinion_text", "opinion_at"])
    clock = _review_clock(review)
    if clock is not None:
        casework_services.clock_stop(clock=clock, by=by)
    _record("review_opinion", review.decision, by, review=review.pk, opinion=opinion)
    return review


@transaction.atomic
def review_sign(*, review: LegalReview, by: User) -> LegalReview:
    """第六条: the leader in charge of the legal section signs the opinion."""
    review = LegalReview.objects.select_for_update().get(pk=review.pk)
    _check_role(by, (SIGNER_ROLE,), gettext_noop("审核意见签批"))
    if not review.opinion:
        raise ValidationError("尚未形成审核意见。")
    if review.signed_at:
        raise ValidationError("已签批。")
    review.signed_by = by
    review.signed_at = timezone.now()
    review.save(update_fields=["signed_by", "signed_at"])
    _issue_opinion_form(review, by)
    _record(
        "review_sign", review.decision, by, review=review.pk, opinion=review.opinion
    )
    return review


def _issue_opinion_form(review: LegalReview, by: User) -> None:
    """第六条: the signed opinion as a numbered 法制审核意见表 (A58), filed with the
    case and shown to the handling body."""
    case = review.decision.case
    signed = review.signed_at
    assert signed is not None
    printing.issue(
        kind="enf_review_opinion",
        target=case,
        by=by,
        context={
            "unit": review_unit_name(),
            "case": f"案件#{case.pk}",
            "party": case.enterprise.name,
            "round": f"第{review.round}次（{review.get_kind_display()}）",
            "penalty": review.decision.penalty_text(),
            "checklist": checklist_lines(review),
            "opinion": review.get_opinion_display(),
            "text": review.opinion_text,
            "reviewers": "、".join(
                u.display_name for u in review.reviewers.order_by("pk")
            ),
            "signer": by.display_name,
            "signed_on": dates.local_date(signed).isoformat(),
        },
    )
