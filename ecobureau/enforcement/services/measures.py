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
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Approval, Attachment, Clock, Document
from ecobureau.core import records
from ecobureau.grid import selectors as grid_selectors
from ecobureau.lib import dates

from .. import selectors
from ..models import CompulsoryMeasure, EnforcementCase
from ..processes import (
    CASE_DECIDERS,
    MEASURE_BASIS,
    MEASURE_DAYS,
    MEASURE_EXTENSION_DAYS,
)
from . import printing
from .inspections import _text

CLOCK_STEP = "measure"
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
            raise ValidationError(f"{user.display_name}不是本案的承办人员。")
        if user.pk not in qualified:
            raise ValidationError(f"{user.display_name}未持有有效的执法证件。")
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
) -> CompulsoryMeasure:
    """Propose a seal or seizure for the head's approval."""
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
    measure = CompulsoryMeasure.objects.create(
        case=case,
        kind=kind,
        items=cleaned,
        place=_text(place, "地点"),
        reason=_text(reason, "理由"),
        basis=_text(basis, "法律依据"),
        proposed_by=by,
    )
    what = measure.get_kind_display()
    casework_services.approval_propose(
        target=measure,
        subject=CompulsoryMeasure.SUBJECT,
        proposal=f"拟对{case.enterprise.name}实施{what}：{'；'.join(cleaned)}。",
        reasons=f"理由：{measure.reason}\n依据：{measure.basis}",
        by=by,
        reviewer_roles=["enforcement_head", "sub_bureau_head"],
        approver_roles=["bureau_leader"],
    )
    records.append(
        action="enforcement.measure_propose",
        target=case,
        actor=by,
        after={"measure": measure.pk, "kind": kind, "items": len(cleaned)},
    )
    return measure


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
    approval = selectors.measure_approval(measure)
    if approval is None or approval.status != Approval.Status.APPROVED:
        raise ValidationError(
            "查封、扣押须经行政机关负责人批准后实施（行政强制法第十八条）。"
        )
    present = present_officers(case, officers)
    served_to = _text(served_to, "当事人或其代理人（送达对象）")
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
        },
    )
    return measure


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
    if measure.extended_at:
        raise ValidationError("查封、扣押期限只能延长一次，且不得超过三十日。")
    clock = _open_clock(measure)
    if clock is None:
        raise ValidationError("查封、扣押期限已届满，不能延长。")
    reason = _text(reason, "延长理由")
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
    if not has_recording(measure):
        raise ValidationError(
            "实施查封、扣押应同时进行音像记录（全过程记录实施办法第十五条），"
            "请先上传实施时的录音录像。"
        )
    note = _text(note, "处理说明")
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
        str(m)
        for m in case.measures.exclude(status=CompulsoryMeasure.Status.PROPOSED)
        if not has_recording(m)
    ]
    if lacking:
        raise ValidationError(
            f"以下查封、扣押缺少同步音像记录（全过程记录实施办法第十五条）：{'、'.join(lacking)}。"
        )
