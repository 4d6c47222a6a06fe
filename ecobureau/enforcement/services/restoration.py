"""恢复原状 in execution (全过程记录实施办法 第三十条(二), A43): only after a
催告书 was served on the party (第二十九条; 行政强制法第三十五条) and the decision is
not carried out; the written compulsory-execution decision named; audio/video made
at the same time and uploaded with the record (第三十条第二款: "应同时进行音像记录",
no exception); after the day the 催告书 was served (行政强制法第三十七条: 经催告逾期
仍不履行); not at night nor on a day off unless the urgent reason is written
(第四十三条). The record holds a day, not times: the recording made at the same
time gives the hour (ADR 0016)."""

from __future__ import annotations

from datetime import date, datetime

from django.core.exceptions import ValidationError
from django.core.files import File
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.lib import dates

from ..models import PenaltyDecision, Restoration
from .decision_common import _check_staff, _locked, _record
from .execution_other import (
    RECORDING_KINDS,
    check_after_reminder,
    check_by_day,
    officer_names,
    served_reminder,
)
from .inspections import _text


@transaction.atomic
def restoration_record(
    *,
    decision: PenaltyDecision,
    order_reference: str,
    work: str,
    carried_out_on: date,
    result: str,
    recording: File[bytes] | None,
    recording_kind: str,
    captured_at: datetime | None,
    by: User,
    urgency: str = "",
) -> Restoration:
    """Record a restoration carried out, with its simultaneous recording."""
    decision = _locked(decision)
    case = decision.case
    _check_staff(by, case)
    if decision.served_at is None or decision.executed_at is not None:
        raise ValidationError("处罚决定送达后、执行完毕前方可采取强制执行措施。")
    reminder = served_reminder(decision)
    assert reminder.served_at is not None
    check_after_reminder(carried_out_on, dates.local_date(reminder.served_at))
    if carried_out_on > dates.local_date(timezone.now()):
        raise ValidationError("实施日期不能晚于今天。")
    if recording is None:
        raise ValidationError("采取恢复原状的，应同时进行音像记录，请上传音像资料。")
    if recording_kind not in RECORDING_KINDS:
        raise ValidationError("请选择音像资料的类别（视频或音频）。")
    if captured_at is None:
        raise ValidationError("请填写音像资料的录制时间。")
    if dates.local_date(captured_at) != carried_out_on:
        raise ValidationError("音像记录应与恢复原状同时进行，录制时间应在实施当日。")
    # The simultaneous recording's moment stands for the restoration's time.
    check_by_day(captured_at, captured_at, urgency)
    attachment = casework_services.attachment_add(
        file=recording,
        target=case,
        kind=recording_kind,
        by=by,
        note=f"恢复原状同步音像记录（{carried_out_on.isoformat()}）",
        captured_at=captured_at,
    )
    item = Restoration.objects.create(
        decision=decision,
        reminder=reminder,
        order_reference=_text(order_reference, "强制执行决定书文号"),
        work=_text(work, "恢复原状的内容和方式"),
        carried_out_on=carried_out_on,
        result=_text(result, "实施结果"),
        officers=officer_names(case),
        urgency=urgency.strip(),
        recording=attachment,
        recorded_by=by,
        recorded_at=timezone.now(),
    )
    _record(
        "restoration_record",
        decision,
        by,
        restoration=item.pk,
        reminder=reminder.pk,
        recording=attachment.pk,
        urgent=bool(item.urgency),
    )
    return item
