"""Compulsory measures: seal and seizure (查封、扣押; requirements A38).

1. `measure_propose`: a case officer proposes, with the reason, the legal basis and
   the list of places, facilities or things; the head of the enforcement team or
   sub-bureau reviews and the bureau leader approves through casework approvals
   (行政强制法第十八条(一): 实施前须向行政机关负责人报告并经批准).
2. `measure_carry_out`: at least two credentialed case officers (第十八条(二)); the
   查封（扣押）决定书 and 清单 issued as numbered PDFs and served on the spot, the
   party's signature or refusal recorded (第二十四条); the 30-day clock starts
   (第二十五条).
3. Audio/video of the act is required (全过程记录实施办法第十五条, no exception):
   `measure_file_add`; without it the measure can neither be released or handled
   nor the investigation concluded.
4. `measure_extend`: once, +30 days, by a head, with a 延长期限决定书.
5. `measure_end`: release (解除, with a 解除决定书) or other handling (没收, 销毁,
   移送); the clock stops.
6. Urgent (行政强制法第十九条, `measures_urgent`): `measure_carry_out_urgent` on
   the spot before approval, a 24-hour clock to report to the head
   (`measure_urgent_report`, which proposes the approval); if the head refuses,
   the refusal releases it (`release_on_refusal`).
7. `measure_withdraw`: a proposal whose approval was refused (or returned) is
   withdrawn; it no longer waits as 待批准.
8. 第二十五条第三款: testing, inspection, quarantine or appraisal periods are not
   counted in the 30 days: `measure_testing_pause` / `measure_testing_resume`
   pause the clock (casework pauses, reason 检验检测鉴定) with the period and the
   written notice to the party recorded.
9. A seal or seizure in a serious or high-impact case is a major decision
   (集体审议规则 第三条2, 法制审核制度 第二条（二）; A38, A65b; the grounds are the lib
   `major-decision` rule's, `major_grounds`): its approval is proposed only after
   a signed 同意 legal review and a 同意 of the 审委会 (`measures_major`), so the
   head cannot approve it before them, and `measure_carry_out` checks both again.
   Urgent (第十九条) and major: carried out at once and reported within 24 hours
   as any urgent measure; the review, the deliberation and then the approval
   follow; a signed 不同意 review or a 不同意 of the committee releases it in the
   same transaction (`release_on_refusal`), and so does the head's refusal of
   the approval (casework calls `on_approval_decided`); `measure_release_refused`
   remains for a measure refused before that was so.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Approval, Attachment, Clock, ClockPause, Document
from ecobureau.core import calendar, records
from ecobureau.grid import selectors as grid_selectors
from ecobureau.lib import dates, rules

from .. import selectors
from ..models import (
    CompulsoryMeasure,
    EnforcementCase,
    MeasureDeliberation,
    MeasureReview,
)
from ..processes import (
    CASE_DECIDERS,
    MEASURE_BASIS,
    MEASURE_DAYS,
    MEASURE_EXTENSION_DAYS,
)
from . import printing
from .inspections import _text

CLOCK_STEP = "measure"
REPORT_STEP = "measure_report"  # 第十九条: report to the head within 24 hours
REPORT_HOURS = 24
URGENT_BASIS = (
    "行政强制法第十九条：情况紧急，需要当场实施行政强制措施的，行政执法人员应当在"
    "二十四小时内向行政机关负责人报告，并补办批准手续"
)
RECORDING = (Attachment.Kind.AUDIO, Attachment.Kind.VIDEO)


def _require_case_officer(by: User, case: EnforcementCase) -> None:
    if not selectors.is_officer_of_case(by, case):
        raise PermissionDenied("您不是本案的承办人员。")


def _require_head(by: User, case: EnforcementCase) -> None:
    if not (by.is_superuser or by.roles.filter(code__in=CASE_DECIDERS).exists()):
        raise PermissionDenied("须经负责人批准。")
    if not selectors.case_list_for_user(by).filter(pk=case.pk).exists():
        raise PermissionDenied("该案件不在您的数据范围内。")


def present_officers(
    case: EnforcementCase, officers: Sequence[User]
) -> list[dict[str, object]]:
    """At least two case officers with valid credentials (行政处罚法第四十二条,
    行政强制法第十八条), as name and credential number."""
    present = list({user.pk: user for user in officers}.values())
    if len(present) < grid_selectors.team_size():
        raise ValidationError("实施的执法人员不得少于两人。")
    case_officers = set(case.officers.values_list("pk", flat=True))
    qualified = dict(
        grid_selectors.qualified_inspectors()
        .filter(pk__in=[user.pk for user in present])
        .values_list("pk", "credential_no")
    )
    for user in present:
        if user.pk not in case_officers:
            raise ValidationError(
                gettext("%(name)s不是本案的承办人员。") % {"name": user.display_name}
            )
        if user.pk not in qualified:
            raise ValidationError(
                gettext("%(name)s未持有有效的执法证件。") % {"name": user.display_name}
            )
    return [
        {"id": user.pk, "name": user.display_name, "credential_no": qualified[user.pk]}
        for user in present
    ]


def _lock(measure: CompulsoryMeasure) -> CompulsoryMeasure:
    return CompulsoryMeasure.objects.select_for_update().get(pk=measure.pk)


def _open_clock(measure: CompulsoryMeasure) -> Clock | None:
    return Clock.objects.filter(
        target_type=measure._meta.label_lower,
        target_id=measure.pk,
        step=CLOCK_STEP,
        state__in=Clock.OPEN_STATES,
    ).first()


def _decision_ref(measure: CompulsoryMeasure) -> str:
    document = (
        Document.objects.filter(
            kind="enf_measure_decision",
            target_type=measure._meta.label_lower,
            target_id=measure.pk,
        )
        .order_by("pk")
        .first()
    )
    return document.reference if document else f"{measure}"


def _clock(measure: CompulsoryMeasure, step: str) -> Clock | None:
    return Clock.objects.filter(
        target_type=measure._meta.label_lower,
        target_id=measure.pk,
        step=step,
        state__in=Clock.OPEN_STATES,
    ).first()


def approved(measure: CompulsoryMeasure) -> bool:
    approval = selectors.measure_approval(measure)
    return approval is not None and approval.status == Approval.Status.APPROVED


def refused(measure: CompulsoryMeasure) -> bool:
    """The head refused the approval, or — a major measure — the signed legal
    review or the 审委会 said 不同意 (第十一条(二); 集体审议规则 第九条5)."""
    approval = selectors.measure_approval(measure)
    if approval is not None and approval.status == Approval.Status.REJECTED:
        return True
    return measure.major and major_refusal(measure) != ""


# --- major measures (集体审议规则 第三条2): what the review and the committee said -----


def major_grounds(*, kind: str, serious: bool, on: date | None = None) -> list[str]:
    """Why a seal or seizure is a major decision: the lib `major-decision` rule
    (CONTRACTS.md), the one source the penalty decision also uses. A measure has
    no fine, so the party kind does not matter to the rule; it is given as
    organisation."""
    day = on or dates.local_date(timezone.now())
    result = rules.get("major-decision", day).run(
        {
            "party": "organisation",
            "fine": 0,
            "daily_penalty": False,
            "measures": [kind],
            "serious": serious,
        },
        rules.RuleContext(as_of=day, calendar=calendar.current()),
    )
    return [str(reason) for reason in result["reasons"]]


def latest_review(measure: CompulsoryMeasure) -> MeasureReview | None:
    return measure.reviews.order_by("-round").first()


def agreed_review(measure: CompulsoryMeasure) -> MeasureReview | None:
    """The latest legal review, if signed and 同意 (法制审核制度 第六、十一条)."""
    review = latest_review(measure)
    if (
        review is not None
        and review.signed_at is not None
        and review.opinion == MeasureReview.Opinion.AGREE
    ):
        return review
    return None


def concluded_deliberation(measure: CompulsoryMeasure) -> MeasureDeliberation | None:
    """The meeting that reached its quorum and decided (第七条, 第九条5)."""
    return (
        measure.deliberations.filter(quorum_met=True)
        .exclude(outcome="")
        .order_by("-held_at", "-pk")
        .first()
    )


def major_cleared(measure: CompulsoryMeasure) -> bool:
    """A major measure may be approved: a signed 同意 review, then a 同意 of the
    审委会. Not major: nothing to clear."""
    if not measure.major:
        return True
    meeting = concluded_deliberation(measure)
    return (
        agreed_review(measure) is not None
        and meeting is not None
        and meeting.outcome == MeasureDeliberation.Outcome.AGREE
    )


def major_refusal(measure: CompulsoryMeasure) -> str:
    """Why a major measure may not be carried out (empty when nothing refused it)."""
    review = latest_review(measure)
    if (
        review is not None
        and review.signed_at is not None
        and review.opinion == MeasureReview.Opinion.DISAGREE
    ):
        return gettext_noop("法制审核意见为不同意")
    meeting = concluded_deliberation(measure)
    if meeting is not None and meeting.outcome == MeasureDeliberation.Outcome.DISAGREE:
        return gettext_noop("审委会集体审议决定不同意实施")
    return ""


def has_recording(measure: CompulsoryMeasure) -> bool:
    return Attachment.objects.filter(
        target_type=measure._meta.label_lower,
        target_id=measure.pk,
        kind__in=RECORDING,
    ).exists()


@transaction.atomic
def measure_propose(
    *,
    case: EnforcementCase,
    kind: str,
    items: Sequence[str],
    place: str,
    reason: str,
    basis: str,
    by: User,
    serious: bool = False,
    serious_reason: str = "",
) -> CompulsoryMeasure:
    """Propose a seal or seizure for the head's approval. A major one (serious
    or high-impact case) goes to legal review and the 审委会 first; its approval
    is proposed afterwards (`measures_major.measure_major_approval_propose`)."""
    measure = _create(
        case=case,
        kind=kind,
        items=items,
        place=place,
        reason=reason,
        basis=basis,
        by=by,
        serious=serious,
        serious_reason=serious_reason,
    )
    if not measure.major:
        _propose_approval(measure, by)
    records.append(
        action="enforcement.measure_propose",
        target=case,
        actor=by,
        after={
            "measure": measure.pk,
            "kind": kind,
            "items": len(measure.items),
            "major_grounds": measure.major_grounds,
        },
    )
    return measure


def _create(
    *,
    case: EnforcementCase,
    kind: str,
    items: Sequence[str],
    place: str,
    reason: str,
    basis: str,
    by: User,
    serious: bool = False,
    serious_reason: str = "",
    **extra: object,
) -> CompulsoryMeasure:
    _require_case_officer(by, case)
    if case.status != "investigating":
        raise ValidationError("立案调查期间方可提请查封、扣押。")
    if kind not in CompulsoryMeasure.Kind.values:
        raise ValidationError("请选择查封或扣押。")
    cleaned = [item.strip() for item in items if item and item.strip()]
    if not cleaned:
        raise ValidationError(
            "请逐项填写查封、扣押的场所、设施或者财物（名称、规格、数量）。"
        )
    serious_reason = serious_reason.strip()
    if serious and not serious_reason:
        raise ValidationError("请说明案情重大或社会影响较大的理由。")
    return CompulsoryMeasure.objects.create(
        case=case,
        kind=kind,
        items=cleaned,
        place=_text(place, gettext_noop("地点")),
        reason=_text(reason, gettext_noop("理由")),
        basis=_text(basis, gettext_noop("法律依据")),
        proposed_by=by,
        serious=serious,
        serious_reason=serious_reason if serious else "",
        major_grounds=major_grounds(kind=kind, serious=serious),
        **extra,
    )


def _propose_approval(measure: CompulsoryMeasure, by: User) -> Approval:
    case = measure.case
    what = measure.get_kind_display()
    urgent = "（情况紧急，已当场实施，补办批准手续）" if measure.urgent else ""
    return casework_services.approval_propose(
        target=measure,
        subject=CompulsoryMeasure.SUBJECT,
        proposal=f"拟对{case.enterprise.name}实施{what}{urgent}："
        f"{'；'.join(measure.items)}。",
        reasons=f"理由：{measure.reason}\n依据：{measure.basis}"
        + (f"\n情况紧急的事由：{measure.urgency}" if measure.urgent else "")
        + _major_lines(measure),
        by=by,
        reviewer_roles=["enforcement_head", "sub_bureau_head"],
        approver_roles=["bureau_leader"],
    )


def _major_lines(measure: CompulsoryMeasure) -> str:
    """For the head: why the measure is major and that both bodies agreed."""
    if not measure.major:
        return ""
    review = agreed_review(measure)
    meeting = concluded_deliberation(measure)
    lines = [
        "\n属重大行政执法决定：" + "；".join(measure.major_grounds),
        f"案情重大或社会影响较大的理由：{measure.serious_reason}",
    ]
    if review is not None and review.signed_at is not None:
        lines.append(
            f"法制审核意见：{review.get_opinion_display()}"
            f"（{dates.local_date(review.signed_at):%Y年%m月%d日}签批）"
        )
    if meeting is not None:
        lines.append(
            f"审委会集体审议：{meeting.get_outcome_display()}"
            f"（{dates.local_date(meeting.held_at):%Y年%m月%d日}）"
        )
    return "\n".join(lines)


@transaction.atomic
def measure_carry_out(
    *,
    measure: CompulsoryMeasure,
    officers: Sequence[User],
    served_to: str,
    by: User,
    signed: bool = False,
    refusal: str = "",
) -> CompulsoryMeasure:
    """Carry out an approved measure: the decision and list issued and served,
    the 30-day clock started."""
    measure = _lock(measure)
    case = measure.case
    _require_case_officer(by, case)
    if measure.status != CompulsoryMeasure.Status.PROPOSED:
        raise ValidationError("该措施已实施。")
    if not major_cleared(measure):
        raise ValidationError(
            "本措施属重大行政执法决定，须经法制审核同意和审委会集体审议同意"
            "（集体审议规则第三条2）。"
        )
    approval = selectors.measure_approval(measure)
    if approval is None or approval.status != Approval.Status.APPROVED:
        raise ValidationError(
            "查封、扣押须经行政机关负责人批准后实施（行政强制法第十八条）。"
        )
    _put_in_force(
        measure=measure,
        officers=officers,
        served_to=served_to,
        signed=signed,
        refusal=refusal,
        by=by,
    )
    return measure


def _put_in_force(
    *,
    measure: CompulsoryMeasure,
    officers: Sequence[User],
    served_to: str,
    signed: bool,
    refusal: str,
    by: User,
) -> None:
    """Serve the decision and the list, start the 30-day clock (第二十四、二十五条)."""
    case = measure.case
    present = present_officers(case, officers)
    served_to = _text(served_to, gettext_noop("当事人或其代理人（送达对象）"))
    refusal = refusal.strip()
    if not signed and not refusal:
        raise ValidationError(
            "当事人未签字的，须记录拒绝签字的情况（行政强制法第十八条）。"
        )
    now = timezone.now()
    measure.officers = present
    measure.served_to = served_to
    measure.signed = signed
    measure.refusal = refusal
    measure.started_at = now
    measure.status = CompulsoryMeasure.Status.IN_FORCE
    measure.save()
    clock = casework_services.clock_start(
        target=measure,
        step=CLOCK_STEP,
        label=f"{measure.get_kind_display()}期限",
        amount=MEASURE_DAYS,
        unit="days",
        basis=MEASURE_BASIS,
        by=by,
        responsible=by,
        responsible_unit=by.unit,
        district=case.district,
        township=case.township,
    )
    what = measure.get_kind_display()
    officer_lines = [f"{o['name']}（执法证号{o['credential_no']}）" for o in present]
    decision = printing.issue(
        kind="enf_measure_decision",
        target=measure,
        by=by,
        context={
            "party": case.enterprise.name,
            "what": what,
            "reason": measure.reason,
            "basis": measure.basis,
            "items": measure.items,
            "place": measure.place,
            "period": f"三十日，自{dates.local_date(now):%Y年%m月%d日}起至"
            f"{dates.local_date(clock.due_at):%Y年%m月%d日}止",
            "officers": officer_lines,
        },
    )
    printing.issue(
        kind="enf_measure_list",
        target=measure,
        by=by,
        context={
            "party": case.enterprise.name,
            "what": what,
            "decision_ref": decision.reference,
            "items": measure.items,
            "place": measure.place,
            "signature": f"{served_to}已签字" if signed else f"拒绝签字：{refusal}",
            "officers": officer_lines,
        },
    )
    records.append(
        action="enforcement.measure_carry_out",
        target=case,
        actor=by,
        before=CompulsoryMeasure.Status.PROPOSED,
        after=CompulsoryMeasure.Status.IN_FORCE,
        data={
            "measure": measure.pk,
            "officers": sorted(int(str(o["id"])) for o in present),
            "signed": signed,
            "urgent": measure.urgent,
        },
    )


@transaction.atomic
def measure_file_add(
    *,
    measure: CompulsoryMeasure,
    by: User,
    file: File[bytes],
    kind: str,
    captured_at: datetime | None = None,
    note: str = "",
) -> Attachment:
    """The simultaneous audio/video of the act (第十五条), or photos and scans."""
    _require_case_officer(by, measure.case)
    if measure.status == CompulsoryMeasure.Status.PROPOSED:
        raise ValidationError("措施尚未实施。")
    if kind not in Attachment.Kind.values:
        raise ValidationError("附件类别无效。")
    return casework_services.attachment_add(
        file=file,
        target=measure,
        kind=kind,
        by=by,
        note=note,
        captured_at=captured_at,
    )


@transaction.atomic
def measure_extend(
    *, measure: CompulsoryMeasure, reason: str, by: User
) -> CompulsoryMeasure:
    """情况复杂: the head extends the period once by at most 30 days."""
    measure = _lock(measure)
    _require_head(by, measure.case)
    if measure.status != CompulsoryMeasure.Status.IN_FORCE:
        raise ValidationError("只能延长实施中的查封、扣押。")
    if measure.urgent and not approved(measure):
        raise ValidationError("当场实施的查封、扣押尚未补办批准手续，不能延长期限。")
    if measure.extended_at:
        raise ValidationError("查封、扣押期限只能延长一次，且不得超过三十日。")
    clock = _open_clock(measure)
    if clock is None:
        raise ValidationError("查封、扣押期限已届满，不能延长。")
    reason = _text(reason, gettext_noop("延长理由"))
    clock = casework_services.clock_extend(
        clock=clock, amount=MEASURE_EXTENSION_DAYS, reason=reason, approved_by=by
    )
    measure.extension_reason = reason
    measure.extended_at = timezone.now()
    measure.save(update_fields=["extension_reason", "extended_at", "updated_at"])
    assert measure.started_at is not None
    printing.issue(
        kind="enf_measure_extension",
        target=measure,
        by=by,
        context={
            "party": measure.case.enterprise.name,
            "what": measure.get_kind_display(),
            "started": f"{dates.local_date(measure.started_at):%Y年%m月%d日}",
            "decision_ref": _decision_ref(measure),
            "reason": reason,
            "until": f"{dates.local_date(clock.due_at):%Y年%m月%d日}",
        },
    )
    records.append(
        action="enforcement.measure_extend",
        target=measure.case,
        actor=by,
        data={"measure": measure.pk, "days": MEASURE_EXTENSION_DAYS},
    )
    return measure


@transaction.atomic
def measure_end(
    *, measure: CompulsoryMeasure, outcome: str, note: str, by: User
) -> CompulsoryMeasure:
    """Release the measure or record how the things were otherwise handled."""
    measure = _lock(measure)
    case = measure.case
    if not (selectors.is_officer_of_case(by, case) or selectors.is_head(by)):
        raise PermissionDenied("只有承办人员或负责人可以解除或处理。")
    if not selectors.case_list_for_user(by).filter(pk=case.pk).exists():
        raise PermissionDenied("该案件不在您的数据范围内。")
    if measure.status != CompulsoryMeasure.Status.IN_FORCE:
        raise ValidationError("只能解除或处理实施中的查封、扣押。")
    if outcome not in CompulsoryMeasure.Outcome.values:
        raise ValidationError("请选择处理结果。")
    if (
        measure.urgent
        and outcome != CompulsoryMeasure.Outcome.RELEASE
        and not approved(measure)
    ):
        raise ValidationError(
            "当场实施的查封、扣押未经负责人批准，只能解除（行政强制法第十九条）。"
        )
    if not has_recording(measure):
        raise ValidationError(
            "实施查封、扣押应同时进行音像记录（全过程记录实施办法第十五条），"
            "请先上传实施时的录音录像。"
        )
    note = _text(note, gettext_noop("处理说明"))
    now = timezone.now()
    old = measure.status
    measure.outcome = outcome
    measure.outcome_note = note
    measure.ended_at = now
    measure.status = (
        CompulsoryMeasure.Status.RELEASED
        if outcome == CompulsoryMeasure.Outcome.RELEASE
        else CompulsoryMeasure.Status.HANDLED
    )
    measure.save()
    clock = _open_clock(measure)
    if clock is not None:
        casework_services.clock_stop(clock=clock, by=by, at=now)
    if outcome == CompulsoryMeasure.Outcome.RELEASE:
        assert measure.started_at is not None
        printing.issue(
            kind="enf_measure_release",
            target=measure,
            by=by,
            context={
                "party": case.enterprise.name,
                "what": measure.get_kind_display(),
                "started": f"{dates.local_date(measure.started_at):%Y年%m月%d日}",
                "decision_ref": _decision_ref(measure),
                "note": note.rstrip("。"),
                "items": measure.items,
            },
        )
    records.append(
        action="enforcement.measure_end",
        target=case,
        actor=by,
        before=old,
        after=measure.status,
        data={"measure": measure.pk, "outcome": outcome},
    )
    return measure


def measures_check(case: EnforcementCase) -> None:
    """For the end of the investigation: every measure carried out has its
    recording; none is still waiting for approval."""
    lacking = [
        f"{gettext(m.get_kind_display())}#{m.pk}"  # str(m), in the reader's language
        for m in case.measures.exclude(
            status__in=[
                CompulsoryMeasure.Status.PROPOSED,
                CompulsoryMeasure.Status.WITHDRAWN,
            ]
        )
        if not has_recording(m)
    ]
    if lacking:
        raise ValidationError(
            gettext(
                "以下查封、扣押缺少同步音像记录（全过程记录实施办法第十五条）：%(measures)s。"
            )
            % {"measures": gettext("、").join(lacking)}
        )


@transaction.atomic
def measure_withdraw(
    *, measure: CompulsoryMeasure, reason: str, by: User
) -> CompulsoryMeasure:
    """Withdraw a proposal the head refused or returned: it leaves 待批准."""
    measure = _lock(measure)
    _require_case_officer(by, measure.case)
    if measure.status != CompulsoryMeasure.Status.PROPOSED:
        raise ValidationError("只有待批准的提请可以撤回。")
    approval = selectors.measure_approval(measure)
    # A major proposal waits for the review and the 审委会, not yet for the head:
    # nothing is before the head, so it may be withdrawn at any time.
    major_waiting = measure.major and approval is None
    if not major_waiting and (
        approval is None
        or approval.status
        not in (
            Approval.Status.REJECTED,
            Approval.Status.RETURNED,
        )
    ):
        raise ValidationError("负责人不予批准或退回后，方可撤回提请。")
    reason = _text(reason, gettext_noop("撤回理由"))
    measure.status = CompulsoryMeasure.Status.WITHDRAWN
    measure.withdrawn_at = timezone.now()
    measure.withdrawal_reason = reason
    measure.save()
    records.append(
        action="enforcement.measure_withdraw",
        target=measure.case,
        actor=by,
        before=CompulsoryMeasure.Status.PROPOSED,
        after=CompulsoryMeasure.Status.WITHDRAWN,
        data={"measure": measure.pk},
    )
    return measure


# --- 第二十五条第三款: testing and appraisal periods not counted --------------------------


def _require_in_force_clock(measure: CompulsoryMeasure, by: User) -> Clock:
    case = measure.case
    if not (selectors.is_officer_of_case(by, case) or selectors.is_head(by)):
        raise PermissionDenied("只有承办人员或负责人可以记录检测、鉴定期间。")
    if not selectors.case_list_for_user(by).filter(pk=case.pk).exists():
        raise PermissionDenied("该案件不在您的数据范围内。")
    if measure.status != CompulsoryMeasure.Status.IN_FORCE:
        raise ValidationError("只有实施中的查封、扣押可以记录检测、鉴定期间。")
    clock = _open_clock(measure)
    if clock is None:
        raise ValidationError("查封、扣押期限已届满。")
    return clock


@transaction.atomic
def measure_testing_pause(
    *,
    measure: CompulsoryMeasure,
    what: str,
    notice: str,
    starts_on: date,
    by: User,
    ends_on: date | None = None,
) -> CompulsoryMeasure:
    """检测、检验、检疫或者技术鉴定的期间不计入查封、扣押期限; the period is told to
    the party in writing (第二十五条第三款). A period already over is recorded
    with both dates; a running one pauses the clock until `measure_testing_resume`."""
    measure = _lock(measure)
    clock = _require_in_force_clock(measure, by)
    what = _text(what, gettext_noop("检测、检验、检疫或者技术鉴定事项"))
    notice = _text(notice, gettext_noop("书面告知当事人的情况（文书、日期）"))
    note = f"{what}；已书面告知当事人：{notice}"[:200]
    assert measure.started_at is not None
    if starts_on < dates.local_date(measure.started_at):
        raise ValidationError("检测、鉴定期间不能早于查封、扣押实施日。")
    reason = ClockPause.Reason.APPRAISAL
    if ends_on is None:
        casework_services.clock_pause(
            clock=clock, reason=reason, starts_on=starts_on, note=note, by=by
        )
    else:
        casework_services.clock_add_pause(
            clock=clock,
            reason=reason,
            starts_on=starts_on,
            ends_on=ends_on,
            note=note,
            by=by,
        )
    records.append(
        action="enforcement.measure_testing",
        target=measure.case,
        actor=by,
        data={
            "measure": measure.pk,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "what": what,
        },
    )
    return measure


@transaction.atomic
def measure_testing_resume(
    *, measure: CompulsoryMeasure, ends_on: date, by: User
) -> CompulsoryMeasure:
    """The testing or appraisal ended on `ends_on`; the 30 days run again."""
    measure = _lock(measure)
    clock = _require_in_force_clock(measure, by)
    casework_services.clock_resume(clock=clock, by=by, ends_on=ends_on)
    records.append(
        action="enforcement.measure_testing_end",
        target=measure.case,
        actor=by,
        data={"measure": measure.pk, "ends_on": ends_on},
    )
    return measure
