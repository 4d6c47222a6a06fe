"""Correction orders for recordings (限期整改, requirements A48).

全过程记录实施办法 第三十七条: where a unit does not make, or does not store as
required, the whole-process record, "由法制科责令限期整改". The legal section
issues an order for one finding of its report — a recording stored late
(第三十二条) or a step done without its recording (第十三条) — to the unit the
finding belongs to, with a deadline in days; the unit reports what it corrected;
the legal section accepts it or returns it. Every step goes through
`case_transition` (process `processes.RECORDING_CORRECTION`).
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.core.models import Division

from ..models import Attachment, RecordingCorrection, UnrecordedStep
from ..processes import RECORDING_CORRECTION
from .clocks import clock_start
from .transitions import case_start, case_transition
from .workitems import workitem_open

FindingType = RecordingCorrection.FindingType

DEADLINE_MAX_DAYS = 90
CLOCK_LABEL = "音像记录整改期限"
CLOCK_BASIS = "行政执法全过程记录实施办法第三十七条（法制科责令限期整改）"


@transaction.atomic
def recording_correction_issue(
    *,
    finding_type: str,
    finding_id: int,
    finding: str,
    deadline_days: int,
    by: User,
) -> RecordingCorrection:
    """Order the unit a finding belongs to to correct it within `deadline_days`.

    1. Only the legal section (permission `casework.review_recordings`) orders.
    2. The finding must be one of the report's: a late recording or a step done
       without its recording; the order goes to the unit recorded on it.
    3. One open order per finding.
    4. The case starts in "整改中" with a clock of `deadline_days` calendar days
       and a work item in the ordered unit's pool.
    """
    if not by.has_perm("casework.review_recordings"):
        raise PermissionDenied("只有法制科可以责令限期整改。")
    if by.unit is None:
        raise ValidationError("责令人须属于某一单位（法制科）。")
    finding = finding.strip()
    if not finding:
        raise ValidationError("请填写整改事项。")
    _check_deadline(deadline_days)
    ordered_unit = _finding_unit(finding_type, finding_id)
    district, township = _divisions(ordered_unit)
    try:
        with transaction.atomic():
            correction = RecordingCorrection.objects.create(
                finding_type=finding_type,
                finding_id=finding_id,
                finding=finding,
                ordered_unit=ordered_unit,
                issuing_unit=by.unit,
                issued_by=by,
                deadline_days=deadline_days,
                unit=ordered_unit,
                district=district,
                township=township,
                status=RecordingCorrection.Status.ORDERED,
            )
    except IntegrityError:
        raise ValidationError("该问题已责令整改，尚未办结。") from None
    case_start(
        process=RECORDING_CORRECTION,
        case=correction,
        step=RecordingCorrection.Status.ORDERED,
        by=by,
    )
    _start_correcting(correction=correction, by=by)
    return correction


@transaction.atomic
def recording_correction_respond(
    *, correction: RecordingCorrection, response: str, by: User
) -> RecordingCorrection:
    """The ordered unit reports what it corrected; the legal section checks it."""
    if by.unit_id != correction.ordered_unit_id:
        raise PermissionDenied("只有被责令整改的单位可以报送整改情况。")
    case_transition(
        process=RECORDING_CORRECTION,
        case=correction,
        transition="respond",
        by=by,
        changes={"response": response.strip(), "responded_at": timezone.now()},
        unit=correction.issuing_unit,
        note=response.strip(),
    )
    return correction


@transaction.atomic
def recording_correction_accept(
    *, correction: RecordingCorrection, opinion: str, by: User
) -> RecordingCorrection:
    """The legal section accepts the correction: the order is closed."""
    opinion = opinion.strip() or "整改到位，验收通过。"
    case_transition(
        process=RECORDING_CORRECTION,
        case=correction,
        transition="accept",
        by=by,
        changes={"review_opinion": opinion, "closed_at": timezone.now()},
        note=opinion,
    )
    return correction


@transaction.atomic
def recording_correction_return(
    *,
    correction: RecordingCorrection,
    opinion: str,
    by: User,
    deadline_days: int | None = None,
) -> RecordingCorrection:
    """Return the response: the unit corrects again, within `deadline_days`
    (default: as many days as the first time) counted from today."""
    opinion = opinion.strip()
    if not opinion:
        raise ValidationError("退回须说明理由。")
    days = correction.deadline_days if deadline_days is None else deadline_days
    _check_deadline(days)
    case_transition(
        process=RECORDING_CORRECTION,
        case=correction,
        transition="return",
        by=by,
        changes={"review_opinion": opinion, "deadline_days": days},
        unit=correction.ordered_unit,
        note=opinion,
    )
    _start_correcting(correction=correction, by=by)
    return correction


@transaction.atomic
def recording_correction_withdraw(
    *, correction: RecordingCorrection, opinion: str, by: User
) -> RecordingCorrection:
    """Withdraw an order issued in error, with reasons."""
    opinion = opinion.strip()
    if not opinion:
        raise ValidationError("撤销须说明理由。")
    case_transition(
        process=RECORDING_CORRECTION,
        case=correction,
        transition="withdraw",
        by=by,
        changes={"review_opinion": opinion, "closed_at": timezone.now()},
        note=opinion,
    )
    return correction


def _check_deadline(days: int) -> None:
    if not 1 <= days <= DEADLINE_MAX_DAYS:
        raise ValidationError(f"整改期限应为1至{DEADLINE_MAX_DAYS}日。")


def _finding_unit(finding_type: str, finding_id: int) -> Unit:
    unit_id: int | None
    if finding_type == FindingType.LATE_RECORDING:
        unit_id = (
            Attachment.objects.filter(
                pk=finding_id,
                late=True,
                kind__in=(Attachment.Kind.AUDIO, Attachment.Kind.VIDEO),
            )
            .values_list("unit_id", flat=True)
            .first()
        )
    elif finding_type == FindingType.UNRECORDED_STEP:
        unit_id = (
            UnrecordedStep.objects.filter(pk=finding_id)
            .values_list("unit_id", flat=True)
            .first()
        )
    else:
        raise ValidationError("未知的问题类型。")
    if unit_id is None:
        raise ValidationError("未找到该问题，或该问题没有记录所属单位。")
    return Unit.objects.get(pk=unit_id)


def _divisions(unit: Unit) -> tuple[Division | None, Division | None]:
    """The district and township of a unit, for the data scope of its orders."""
    division = unit.division
    if division is None or division.level < 2:
        return None, None
    if division.level == 2:
        return division, None
    return division.parent, division


def _start_correcting(*, correction: RecordingCorrection, by: User) -> None:
    """The clock of the days given, and the ordered unit's work item on it."""
    clock = clock_start(
        target=correction,
        step=RecordingCorrection.Status.ORDERED,
        label=CLOCK_LABEL,
        amount=correction.deadline_days,
        unit="days",
        basis=CLOCK_BASIS,
        by=by,
        responsible_unit=correction.ordered_unit,
        district=correction.district,
        township=correction.township,
    )
    workitem_open(
        kind=RECORDING_CORRECTION.model,
        target=correction,
        title=f"音像记录限期整改：{correction}",
        step=RecordingCorrection.Status.ORDERED,
        step_label=RECORDING_CORRECTION.step("ordered").label,
        unit=correction.ordered_unit,
        district=correction.district,
        township=correction.township,
        clock=clock,
    )
