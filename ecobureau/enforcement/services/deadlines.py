"""The 90-day decision deadline (处罚决定期限, rules.md P4): its extensions and
the periods not counted in it. Split from `decisions`, which re-exports these.

行政处罚法第六十条 and 生态环境部令第30号 第五十七条 (P4): the 90 days may be
extended by 30 with the head's approval and by 30 more by collective discussion;
the periods of hearing, announcement, monitoring, testing, assessment, appraisal,
determination, service and suspension are not counted. A head records each such
period (`deadline_pause`, or `deadline_resume` to end a running one)."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Clock, ClockPause
from ecobureau.core import records
from ecobureau.lib import dates

from .. import selectors
from ..models import Deliberation, EnforcementCase
from ..processes import CASE_DECIDERS, DECISION_EXTENSION_DAYS
from .decision_common import _check_role, deadline_clock
from .inspections import _text


@transaction.atomic
def deadline_extend(
    *,
    case: EnforcementCase,
    reason: str,
    by: User,
    deliberation: Deliberation | None = None,
) -> Clock:
    """P4: +30 days with the head's approval; a second +30 only by collective
    discussion (a recorded deliberation whose quorum was met)."""
    _check_role(by, CASE_DECIDERS, gettext_noop("延长办案期限"))
    _check_scope(by, case)
    clock = deadline_clock(case)
    if clock is None or not clock.is_open:
        raise ValidationError("处罚决定期限未在计算。")
    done = clock.extensions.count()
    if done >= 2:
        raise ValidationError("处罚决定期限最多延长两次（共150日）。")
    if done == 1 and (deliberation is None or not deliberation.quorum_met):
        raise ValidationError(
            "第二次延长须经集体讨论决定（请选择已达法定人数的审议记录）。"
        )
    clock = casework_services.clock_extend(
        clock=clock,
        amount=DECISION_EXTENSION_DAYS,
        reason=_text(reason, gettext_noop("延长理由")),
        approved_by=by,
    )
    records.append(
        action="enforcement.decision_deadline_extend",
        target=case,
        actor=by,
        data={
            "clock": clock.pk,
            "deliberation": deliberation.pk if deliberation else None,
        },
    )
    return clock


# 30号令 第五十七条: the periods not counted in the 90 days, mapped to casework's
# pause reasons; 送达, 评估, 认定 and 监测 have no reason of their own and are
# recorded as "其他" with the kind named in the note.
PAUSE_REASONS = (
    (ClockPause.Reason.HEARING, "听证"),
    (ClockPause.Reason.ANNOUNCEMENT, "公告"),
    (ClockPause.Reason.APPRAISAL, "检测、检验、鉴定"),
    (ClockPause.Reason.SUSPENSION, "中止"),
    (ClockPause.Reason.OTHER, "其他法定不计入期间（监测、评估、认定、送达）"),
)


def _check_scope(by: User, case: EnforcementCase) -> None:
    if not selectors.case_list_for_user(by).filter(pk=case.pk).exists():
        raise PermissionDenied("该案件不在您的数据范围内。")


def _open_deadline(case: EnforcementCase, by: User) -> Clock:
    _check_role(by, CASE_DECIDERS, gettext_noop("记录不计入办案期限的期间"))
    _check_scope(by, case)
    clock = deadline_clock(case)
    if clock is None or not clock.is_open:
        raise ValidationError("处罚决定期限未在计算。")
    return clock


@transaction.atomic
def deadline_pause(
    *,
    case: EnforcementCase,
    reason: str,
    note: str,
    starts_on: date,
    by: User,
    ends_on: date | None = None,
) -> Clock:
    """Record a period not counted in the 90 days (P4). With `ends_on` the period
    is already over; without it the clock stays paused until `deadline_resume`."""
    clock = _open_deadline(case, by)
    if reason not in dict(PAUSE_REASONS):
        raise ValidationError("请选择不计入期限的事由。")
    note = note.strip()
    if reason == ClockPause.Reason.OTHER and not note:
        raise ValidationError(
            "选择“其他”时请说明期间的种类（监测、评估、认定或送达）。"
        )
    if starts_on > dates.local_date(timezone.now()):
        raise ValidationError("起始日不能晚于今天。")
    if starts_on < dates.local_date(clock.started_at):
        raise ValidationError("起始日不能早于立案日。")
    if ends_on is not None and ends_on > dates.local_date(timezone.now()):
        raise ValidationError(
            "已结束的期间，结束日不能晚于今天；尚未结束的请不填结束日。"
        )
    overlapping = clock.pauses.filter(starts_on__lte=ends_on or date.max).exclude(
        ends_on__lt=starts_on
    )
    if overlapping.exists():
        raise ValidationError("该期间与已记录的不计入期间重叠。")
    if ends_on is None:
        casework_services.clock_pause(
            clock=clock, reason=reason, starts_on=starts_on, note=note[:200], by=by
        )
    else:
        clock = casework_services.clock_add_pause(
            clock=clock,
            reason=reason,
            starts_on=starts_on,
            ends_on=ends_on,
            note=note[:200],
            by=by,
        )
    records.append(
        action="enforcement.decision_deadline_pause",
        target=case,
        actor=by,
        data={
            "clock": clock.pk,
            "reason": reason,
            "starts_on": starts_on,
            "ends_on": ends_on,
        },
    )
    return clock


@transaction.atomic
def deadline_resume(*, case: EnforcementCase, ends_on: date, by: User) -> Clock:
    """The running period ended on `ends_on` (inclusive): the 90 days run again."""
    _check_role(by, CASE_DECIDERS, gettext_noop("记录不计入办案期限的期间"))
    _check_scope(by, case)
    clock = deadline_clock(case)
    if clock is None:
        raise ValidationError("处罚决定期限未在计算。")
    if ends_on > dates.local_date(timezone.now()):
        raise ValidationError("结束日不能晚于今天。")
    clock = casework_services.clock_resume(clock=clock, by=by, ends_on=ends_on)
    records.append(
        action="enforcement.decision_deadline_resume",
        target=case,
        actor=by,
        data={"clock": clock.pk, "ends_on": ends_on, "due_at": clock.due_at},
    )
    return clock
