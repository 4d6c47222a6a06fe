"""Steps that require simultaneous audio/video (requirements A36).

全过程记录实施办法 第十三条: on-site inspection (勘验), sampling and hearings are
recorded on audio/video at the same time, "不适宜音像记录的除外"; 第十五条, 第二十五条,
第二十七条 and 第三十条 ask the same of seizures, service left at premises, service
by announcement and restoring the original state. A process marks such
transitions with `Transition.recordings`; `case_transition` then asks this module
whether the step has its recording, or takes the officer's reason why recording
was unsuitable and keeps it for the legal section's report (A48).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.core.models import Record

from ..models import Attachment, CaseModel, UnrecordedStep
from ..workflow import Process, Transition

BASIS = "《行政执法全过程记录实施办法》第十三条"
KIND_NAMES = {"audio": "录音", "video": "录像"}
REASON_MAX_LENGTH = 500


@dataclass(frozen=True)
class StepRecording:
    """How a step that needs a recording was satisfied: by these attachments, or
    (none) by the stated reason."""

    attachment_ids: tuple[int, ...]
    reason: str

    def record_data(self) -> dict[str, Any]:
        if self.attachment_ids:
            return {"recordings": list(self.attachment_ids)}
        return {"no_recording_reason": self.reason}


def step_recording_check(
    *,
    process: Process,
    transition: Transition,
    case: CaseModel,
    no_recording_reason: str,
) -> StepRecording | None:
    """None if `transition` needs no recording; else how the need is met.

    A recording counts if it is attached to the case and was uploaded after the
    case entered its current step (the record entry that put it there), so a
    recording of an earlier step does not stand in for this one.
    """
    if not transition.recordings:
        return None
    entered = _entered_at(process=process, case=case)
    recordings = Attachment.objects.filter(
        target_type=case._meta.label_lower,
        target_id=case.pk,
        kind__in=transition.recordings,
    )
    if entered is not None:
        recordings = recordings.filter(uploaded_at__gte=entered.at)
    found = tuple(recordings.order_by("pk").values_list("pk", flat=True))
    if found:
        return StepRecording(attachment_ids=found, reason="")
    reason = no_recording_reason.strip()
    if not reason:
        step = process.step(case.status).label
        kinds = "或".join(KIND_NAMES[kind] for kind in transition.recordings)
        raise ValidationError(
            f"“{step}”环节须同时进行音像记录（{BASIS}）：请先上传本环节的{kinds}，"
            f"或说明不适宜音像记录的理由，再执行“{transition.label}”。",
            code="recording_required",
        )
    if len(reason) > REASON_MAX_LENGTH:
        raise ValidationError(
            f"不适宜音像记录的理由不能超过{REASON_MAX_LENGTH}字。",
            code="recording_reason_too_long",
        )
    return StepRecording(attachment_ids=(), reason=reason)


def unrecorded_step_add(
    *,
    process: Process,
    transition: Transition,
    case: CaseModel,
    step: str,
    reason: str,
    by: User,
    record: Record,
) -> UnrecordedStep:
    """Keep a step done without its recording for the legal section's report."""
    return UnrecordedStep.objects.create(
        target_type=case._meta.label_lower,
        target_id=case.pk,
        transition=f"{process.model}.{transition.code}",
        step_label=process.step(step).label,
        transition_label=transition.label,
        reason=reason,
        actor=by,
        unit_id=by.unit_id,
        record_seq=record.seq,
    )


def _entered_at(*, process: Process, case: CaseModel) -> Record | None:
    """The record entry that put the case into its current step."""
    actions = [f"{process.model}.create"] + [
        f"{process.model}.{t.code}"
        for t in process.transitions
        if t.target == case.status
    ]
    return records.history(case).filter(action__in=actions).order_by("-seq").first()
