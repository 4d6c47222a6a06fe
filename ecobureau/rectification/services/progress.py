"""Progress and supervision: progress reports, 督办函/约谈/移送问题线索 and the
scheduled check for items late or at risk (seed 001 五5, 六(四))."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.lib import dates
from ecobureau.notifications.models import Notification

from ..models import (
    Measure,
    Milestone,
    PetitionCase,
    ProgressReport,
    RectificationTask,
    Supervision,
)
from ..processes import DONE_STEPS
from ._common import _require, _today
from .notify import LEVELS, notify_items

# Example configuration (示例配置): the seed says "预警" for slow problems but gives
# no threshold; an open item this many days before its deadline with work
# outstanding is "at risk". Setting RECTIFICATION_WARNING_DAYS overrides it.
WARNING_DAYS_EXAMPLE = 30


# --- Progress and supervision ----------------------------------------------------


@transaction.atomic
def progress_report(
    *,
    by: User,
    text: str,
    task: RectificationTask | None = None,
    case: PetitionCase | None = None,
) -> ProgressReport:
    """按日调度、按周上报 (seed 001 三(二)1): one report on one task or case."""
    _require(by, "handle_rectification")
    if not text.strip():
        raise ValidationError("请填写进展情况。")
    report = ProgressReport.objects.create(
        task=task, case=case, reported_on=_today(), text=text.strip(), by=by
    )
    target = task if task is not None else case
    assert target is not None
    records.append(
        action="rectification.progress_report",
        target=target,
        actor=by,
        after={"report": report.pk},
    )
    return report


@transaction.atomic
def supervision_issue(
    *,
    by: User,
    kind: str,
    reason: str,
    task: RectificationTask | None = None,
    case: PetitionCase | None = None,
    public: bool = False,
    reply_due_on: date | None = None,
    recipient: str = "",
) -> Supervision:
    """督办函, 约谈 or 移送问题线索 (seed 001 五5; B16, B18); a clue names the
    body it is transferred to (`recipient`), the other kinds none."""
    _require(by, "manage_ledger")
    if kind not in (
        Supervision.Kind.LETTER,
        Supervision.Kind.TALK,
        Supervision.Kind.CLUE,
    ):
        raise ValidationError("督办方式应为督办函、约谈或移送问题线索。")
    if not reason.strip():
        raise ValidationError("请填写督办事由。")
    if public and kind != Supervision.Kind.TALK:
        raise ValidationError("只有约谈可以公开。")
    recipient = recipient.strip()
    if kind == Supervision.Kind.CLUE and not recipient:
        raise ValidationError("移送问题线索须填写移送单位。")
    if recipient and kind != Supervision.Kind.CLUE:
        raise ValidationError("只有移送问题线索需要填写移送单位。")
    supervision = Supervision.objects.create(
        kind=kind,
        task=task,
        case=case,
        reason=reason.strip(),
        recipient=recipient,
        public=public,
        reply_due_on=reply_due_on,
        issued_at=timezone.now(),
        issued_by=by,
    )
    target = task if task is not None else case
    assert target is not None
    records.append(
        action=f"rectification.supervision_{kind}",
        target=target,
        actor=by,
        after={
            "supervision": supervision.pk,
            "public": public,
            **({"recipient": recipient} if recipient else {}),
        },
    )
    # 督办函 and 约谈 reach the responsible people at once (seed 001 五5).
    label = Supervision.Kind(kind).label
    notify_items(
        [target],
        title=f"{label}：{{item}}——{supervision.reason[:60]}",
        level=Notification.Level.OVERDUE
        if kind == Supervision.Kind.TALK
        else Notification.Level.INFO,
    )
    return supervision


def warning_days() -> int:
    return int(getattr(settings, "RECTIFICATION_WARNING_DAYS", WARNING_DAYS_EXAMPLE))


@dataclass
class CheckResult:
    late: int = 0
    at_risk: int = 0
    flagged: dict[str, list[Any]] = dc_field(
        default_factory=lambda: {"late": [], "at_risk": []}
    )


# Items are claimed, warned and recorded in chunks: a bounded IN list on every
# engine (SQLite's variable limit) and bounded memory per statement.
_CHUNK = 500

LATE_REASONS = {
    RectificationTask: "已超过完成时限（{deadline}）仍未完成整改，请下发督办函。",
    PetitionCase: "已超过办结时限（{deadline}）仍未办结，请下发督办函。",
}
AT_RISK_REASONS = {
    RectificationTask: "整改进展缓慢或临近完成时限，存在不能按期完成的风险。",
    PetitionCase: "临近办结时限仍在办理，存在不能按期办结的风险。",
}


def _flag_all(
    *, model: Any, candidates: Any, kind: str, now: datetime, result: CheckResult
) -> int:
    """Flag every candidate whose flag is still empty, set-based: one read, one
    UPDATE, one bulk insert of warnings and one of record entries per chunk —
    still one record entry and one warning per item flagged.

    The caller holds the record chain's lock (taken first), so two sweeps run
    one after the other and the second finds the flags set: nothing twice."""
    field = "late_flagged_at" if kind == "late" else "at_risk_flagged_at"
    items = list(candidates.filter(**{f"{field}__isnull": True}).order_by("pk"))
    if not items:
        return 0
    target_field = "task" if model is RectificationTask else "case"
    reason = (LATE_REASONS if kind == "late" else AT_RISK_REASONS)[model]
    for start in range(0, len(items), _CHUNK):
        chunk = items[start : start + _CHUNK]
        model.objects.filter(
            pk__in=[i.pk for i in chunk], **{f"{field}__isnull": True}
        ).update(**{field: now})
        Supervision.objects.bulk_create(
            [
                Supervision(
                    kind=Supervision.Kind.WARNING,
                    reason=reason.format(deadline=item.deadline),
                    issued_at=now,
                    automatic=True,
                    **{target_field: item},
                )
                for item in chunk
            ]
        )
        records.append_many(
            [
                records.Entry(
                    action=f"rectification.{kind}",
                    target_type=model._meta.label_lower,
                    target_id=str(item.pk),
                    data={"after": {field: now}},
                )
                for item in chunk
            ]
        )
    for item in items:
        setattr(item, field, now)
    result.flagged[kind].extend(items)
    return len(items)


@transaction.atomic
def check_late_and_at_risk(*, now: datetime | None = None) -> CheckResult:
    """The scheduled check (seed 001 六(四): 预警、督办 for slow problems).

    1. An open item past its deadline is flagged late once, with a warning asking
       the office to issue a 督办函.
    2. An open item within the warning window of its deadline with work
       outstanding, or with a measure or milestone past its own date, is
       flagged at risk once (B18: 公开约谈 may follow).

    Set-based (a fixed number of queries per 500 items flagged, one
    transaction); each flagged item still gets its own warning, record entry and
    notifications.
    """
    now = now or timezone.now()
    today = dates.local_date(now)
    horizon = today + timedelta(days=warning_days())
    result = CheckResult()
    # Serialise sweeps (and order locks like every record writer does).
    records.lock_chain()
    open_tasks = RectificationTask.objects.exclude(
        status__in=(*DONE_STEPS, "completed", "accepted", "reviewed")
    )
    result.late += _flag_all(
        model=RectificationTask,
        candidates=open_tasks.filter(deadline__lt=today),
        kind="late",
        now=now,
        result=result,
    )
    slipping = Q(
        pk__in=Measure.objects.filter(done_on__isnull=True, due_on__lt=today).values(
            "task_id"
        )
    ) | Q(
        pk__in=Milestone.objects.filter(done_on__isnull=True, due_on__lt=today).values(
            "task_id"
        )
    )
    near = Q(deadline__gte=today, deadline__lte=horizon)
    result.at_risk += _flag_all(
        model=RectificationTask,
        candidates=open_tasks.filter(slipping | near, late_flagged_at=None),
        kind="at_risk",
        now=now,
        result=result,
    )
    open_cases = PetitionCase.objects.filter(status="handling")
    result.late += _flag_all(
        model=PetitionCase,
        candidates=open_cases.filter(deadline__lt=today),
        kind="late",
        now=now,
        result=result,
    )
    result.at_risk += _flag_all(
        model=PetitionCase,
        candidates=open_cases.filter(deadline__gte=today, deadline__lte=horizon),
        kind="at_risk",
        now=now,
        result=result,
    )
    _notify_flags(result)
    return result


NOTICE_TITLES = {
    "late": "督察整改超期：{item}已超过完成时限，将下发督办函",
    "at_risk": "督察整改预警：{item}存在不能按期完成的风险",
}


def _notify_flags(result: CheckResult) -> None:
    """Each newly flagged item's people are told once (the flag is claimed once,
    so a rerun tells nobody again)."""
    for kind, items in result.flagged.items():
        notify_items(items, title=NOTICE_TITLES[kind], level=LEVELS[kind])
