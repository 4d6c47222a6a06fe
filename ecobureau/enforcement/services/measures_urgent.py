"""Urgent seal and seizure (行政强制法第十九条; requirements A38): carried out on the
spot before approval, reported to the head within 24 hours (补办批准手续), and
released at once when refused — by the head (casework calls `on_approval_decided`),
by a signed 不同意 legal review or a 不同意 of the 审委会 (`measures_major` calls
`release_on_refusal`). The measure's other steps are in `measures`."""

from __future__ import annotations

from collections.abc import Sequence

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Approval
from ecobureau.core import records
from ecobureau.lib import dates

from .. import selectors
from ..models import (
    CompulsoryMeasure,
    EnforcementCase,
    MeasureDeliberation,
    MeasureReview,
)
from . import printing
from .inspections import _text
from .measures import (
    CLOCK_STEP,
    REPORT_HOURS,
    REPORT_STEP,
    URGENT_BASIS,
    _clock,
    _create,
    _decision_ref,
    _lock,
    _propose_approval,
    _put_in_force,
    _require_case_officer,
    concluded_deliberation,
    has_recording,
    latest_review,
    major_refusal,
    refused,
)

# --- 行政强制法第十九条: urgent, on the spot, reported within 24 hours ------------------


@transaction.atomic
def measure_carry_out_urgent(
    *,
    case: EnforcementCase,
    kind: str,
    items: Sequence[str],
    place: str,
    reason: str,
    basis: str,
    urgency: str,
    officers: Sequence[User],
    served_to: str,
    by: User,
    signed: bool = False,
    refusal: str = "",
    serious: bool = False,
    serious_reason: str = "",
) -> CompulsoryMeasure:
    """情况紧急: carry out on the spot before approval; the officers must report
    to the head within 24 hours and obtain the approval (补办批准手续). A major
    one is reported the same way; its legal review and deliberation follow."""
    urgency = _text(urgency, gettext_noop("情况紧急、需要当场实施的事由"))
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
        urgent=True,
        urgency=urgency,
    )
    _put_in_force(
        measure=measure,
        officers=officers,
        served_to=served_to,
        signed=signed,
        refusal=refusal,
        by=by,
    )
    casework_services.clock_start(
        target=measure,
        step=REPORT_STEP,
        label="当场实施后向负责人报告期限",
        amount=REPORT_HOURS,
        unit="hours",
        basis=URGENT_BASIS,
        by=by,
        started_at=measure.started_at,
        responsible=by,
        responsible_unit=by.unit,
        district=case.district,
        township=case.township,
    )
    records.append(
        action="enforcement.measure_urgent",
        target=case,
        actor=by,
        after={
            "measure": measure.pk,
            "kind": kind,
            "urgent": True,
            "major_grounds": measure.major_grounds,
        },
    )
    return measure


@transaction.atomic
def measure_urgent_report(*, measure: CompulsoryMeasure, by: User) -> Approval | None:
    """Report to the head and propose the approval (补办批准手续); the 24-hour
    clock stops — met, or missed if it is late (the report is still made). A
    major measure is reported without the approval: it is proposed once the
    legal review and the 审委会 agreed (集体审议规则 第三条2)."""
    measure = _lock(measure)
    _require_case_officer(by, measure.case)
    if not measure.urgent:
        raise ValidationError("只有当场实施的查封、扣押需要补报。")
    if measure.reported_at is not None:
        raise ValidationError("已向负责人报告。")
    if measure.status != CompulsoryMeasure.Status.IN_FORCE:
        raise ValidationError("该措施已解除或处理。")
    now = timezone.now()
    measure.reported_at = now
    measure.save(update_fields=["reported_at", "updated_at"])
    approval = None if measure.major else _propose_approval(measure, by)
    clock = _clock(measure, REPORT_STEP)
    state = ""
    if clock is not None:
        state = casework_services.clock_stop(clock=clock, by=by, at=now).state
    records.append(
        action="enforcement.measure_urgent_report",
        target=measure.case,
        actor=by,
        data={"measure": measure.pk, "clock": state, "major": measure.major},
    )
    return approval


@transaction.atomic
def measure_release_refused(
    *, measure: CompulsoryMeasure, by: User
) -> CompulsoryMeasure:
    """The head did not approve an urgent measure: release it at once
    (第十九条 "行政机关负责人认为不应当采取行政强制措施的，应当立即解除"). A major
    measure refused by the legal review or the 审委会 is released by the refusal
    itself (`release_on_refusal`); this remains for one released before that."""
    measure = _lock(measure)
    case = measure.case
    if not (selectors.is_officer_of_case(by, case) or selectors.is_head(by)):
        raise PermissionDenied("只有承办人员或负责人可以解除。")
    if not selectors.case_list_for_user(by).filter(pk=case.pk).exists():
        raise PermissionDenied("该案件不在您的数据范围内。")
    if not (measure.urgent and measure.status == CompulsoryMeasure.Status.IN_FORCE):
        raise ValidationError("只有实施中的当场查封、扣押适用本项解除。")
    if not refused(measure):
        raise ValidationError(
            "负责人尚未作出不予批准的决定，法制审核或审委会也未作出不同意的意见。"
        )
    why = major_refusal(measure) if measure.major else ""
    return release_on_refusal(
        measure=measure, why=why or "行政机关负责人不予批准", by=by
    )


def on_approval_decided(approval: Approval, measure: CompulsoryMeasure) -> None:
    """The head refused the approval of an urgent measure already in force (the
    补办批准手续 of 第十九条): the refusal releases it in the same transaction, as
    a refusal by the legal review or the 审委会 does ("应当立即解除"). Registered
    with casework (`registry.register_target`), called by `approval_decide`."""
    if approval.status != Approval.Status.REJECTED:
        return
    measure = _lock(measure)
    if measure.urgent and measure.status == CompulsoryMeasure.Status.IN_FORCE:
        assert approval.approver is not None
        release_on_refusal(
            measure=measure, why="行政机关负责人不予批准", by=approval.approver
        )


def release_on_refusal(
    *, measure: CompulsoryMeasure, why: str, by: User
) -> CompulsoryMeasure:
    """Release an urgent measure in force at once because it was refused (行政
    强制法第十九条 "应当立即解除"): the outcome noted with `why`, the clocks stopped,
    the numbered 解除决定书 issued and the record appended — in the caller's
    transaction, on a measure the caller locked and may act on."""
    assert measure.urgent and measure.status == CompulsoryMeasure.Status.IN_FORCE
    case = measure.case
    now = timezone.now()
    measure.outcome = CompulsoryMeasure.Outcome.RELEASE
    measure.outcome_note = f"{why}，依法立即解除（行政强制法第十九条）"
    measure.ended_at = now
    measure.status = CompulsoryMeasure.Status.RELEASED
    measure.save()
    for step in (CLOCK_STEP, REPORT_STEP):
        clock = _clock(measure, step)
        if clock is not None:
            casework_services.clock_stop(clock=clock, by=by, at=now)
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
            "note": measure.outcome_note,
            "items": measure.items,
        },
    )
    records.append(
        action="enforcement.measure_release_refused",
        target=case,
        actor=by,
        before=CompulsoryMeasure.Status.IN_FORCE,
        after=CompulsoryMeasure.Status.RELEASED,
        data={
            "measure": measure.pk,
            "recording": has_recording(measure),
            "ground": why,
        },
    )
    return measure


def released_on_refusal(measure: CompulsoryMeasure) -> str:
    """Why a released urgent measure was released at once (empty if it was not
    released because it was refused): the refusal stands, and the release came
    with it or after it (an earlier release by `measure_end` does not count)."""
    if not (measure.urgent and measure.status == CompulsoryMeasure.Status.RELEASED):
        return ""
    assert measure.ended_at is not None
    approval = selectors.measure_approval(measure)
    if (
        approval is not None
        and approval.status == Approval.Status.REJECTED
        and approval.decided_at is not None
        and approval.decided_at <= measure.ended_at
    ):
        return "行政机关负责人不予批准"
    if not measure.major:
        return ""
    review = latest_review(measure)
    meeting = concluded_deliberation(measure)
    refused_at = None
    if review is not None and review.opinion == MeasureReview.Opinion.DISAGREE:
        refused_at = review.signed_at
    elif (
        meeting is not None and meeting.outcome == MeasureDeliberation.Outcome.DISAGREE
    ):
        refused_at = meeting.recorded_at
    if refused_at is not None and refused_at <= measure.ended_at:
        return major_refusal(measure)
    return ""
