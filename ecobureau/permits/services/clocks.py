"""The two clocks of an application, managed here because they span several
steps of its process (processes.py explains them): `acceptance` and `decision`.

Their step codes are not status codes, so `case_transition` never stops them on
leaving a step; the application services start, pause, resume and stop them
through `casework.services`.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db.models import QuerySet
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.casework import services as casework
from ecobureau.casework.models import Clock, ClockPause
from ecobureau.lib.dates import local_date

from ..models import Application

ACCEPTANCE = "acceptance"
DECISION = "decision"

# 行政许可法 第三十二条第一款第（四）项 ("五日内"), 第八十二条 (working days).
ACCEPTANCE_DAYS = 5
ACCEPTANCE_BASIS = "行政许可法第三十二条第一款第（四）项、第八十二条"

# Excluded procedures (行政许可法 第四十五条) as the casework pause reasons.
PAUSE_REASONS = {
    "hearing": ClockPause.Reason.HEARING,
    "expert_review": ClockPause.Reason.EXPERT_REVIEW,
    "site_survey": ClockPause.Reason.SITE_SURVEY,
    "inspection": ClockPause.Reason.APPRAISAL,
    "testing": ClockPause.Reason.APPRAISAL,
    "quarantine": ClockPause.Reason.APPRAISAL,
    "appraisal": ClockPause.Reason.APPRAISAL,
    "tendering": ClockPause.Reason.OTHER,
    "auction": ClockPause.Reason.OTHER,
}


def _clocks(application: Application) -> QuerySet[Clock]:
    # Not `casework.services.clocks_for`: its prefetched pauses would be stale
    # once a pause ends, and the recomputed deadline would ignore that pause.
    return Clock.objects.filter(
        target_type=application._meta.label_lower, target_id=application.pk
    )


def open_clock(application: Application) -> Clock | None:
    """The application's running (or paused) clock, if any: acceptance first."""
    clocks = _clocks(application).filter(state__in=Clock.OPEN_STATES)
    by_step = {clock.step: clock for clock in clocks}
    return by_step.get(ACCEPTANCE) or by_step.get(DECISION)


def clock_of(application: Application, step: str) -> Clock | None:
    """The latest clock of `step` (acceptance or decision), open or not."""
    return _clocks(application).filter(step=step).order_by("-pk").first()


def start_acceptance(*, application: Application, by: User | None) -> Clock:
    return casework.clock_start(
        target=application,
        step=ACCEPTANCE,
        label="受理审查期限",
        amount=ACCEPTANCE_DAYS,
        unit=Clock.Unit.WORKDAYS,
        basis=ACCEPTANCE_BASIS,
        by=by,
        started_at=received_on(application),
        responsible=application.owner,
        responsible_unit=application.unit,
        district=application.district,
        township=application.township,
    )


def start_decision(
    *, application: Application, by: User | None, started_at: datetime | None = None
) -> Clock | None:
    """The item's own limit; none for an item without a fixed limit."""
    item = application.item
    if item.time_limit_amount is None:
        return None
    basis = f"{item.name}办事标准，办结时限：{item.time_limit_text}"
    return casework.clock_start(
        target=application,
        step=DECISION,
        label="办理时限",
        amount=item.time_limit_amount,
        unit=item.time_limit_unit or Clock.Unit.WORKDAYS,
        basis=basis[:200],
        by=by,
        started_at=started_at,
        responsible=application.owner,
        responsible_unit=application.unit,
        district=application.district,
        township=application.township,
    )


def acceptance_overdue(application: Application) -> bool:
    """行政许可法 第三十二条: not answered within five working days."""
    clock = clock_of(application, ACCEPTANCE)
    return clock is not None and timezone.now() > clock.due_at


def stop(*, application: Application, step: str, by: User | None) -> Clock | None:
    clock = clock_of(application, step)
    if clock is not None and clock.is_open:
        casework.clock_stop(clock=clock, by=by)
    return clock


def pause(
    *, application: Application, reason: str, by: User, note: str = ""
) -> Clock | None:
    """Stop counting from today. A 即办 clock (0 days) cannot be paused (its
    deadline is its own start): it is withdrawn and started again on resume."""
    clock = open_clock(application)
    if clock is None or clock.state == Clock.State.PAUSED:
        return clock
    if clock.amount == 0:
        casework.clock_cancel(
            clock=clock, by=by, reason=f"即办件暂停：{note or reason}"
        )
        return clock
    casework.clock_pause(clock=clock, reason=reason, by=by, note=note[:200])
    return clock


def resume(*, application: Application, by: User) -> Clock | None:
    """Count again from today; the paused days move the deadline."""
    clock = open_clock(application)
    if clock is not None and clock.state == Clock.State.PAUSED:
        return casework.clock_resume(clock=clock, by=by)
    if clock is None and application.item.on_the_spot:
        last = clock_of(application, DECISION)
        if last is not None and last.state == Clock.State.CANCELLED:
            return start_decision(application=application, by=by)
    return clock


def cancel_all(*, application: Application, by: User | None, reason: str) -> None:
    for clock in _clocks(application).filter(state__in=Clock.OPEN_STATES):
        casework.clock_cancel(clock=clock, by=by, reason=reason)


def received_on(application: Application) -> datetime:
    return application.received_at or application.submitted_at or application.created_at


def paused_days(application: Application) -> int:
    """Days not counted so far (补正, 专家评审 …) on the application's clocks."""
    total = 0
    today = local_date(timezone.now())
    for clock in _clocks(application).prefetch_related("pauses"):
        for pause_ in clock.pauses.all():
            end = pause_.ends_on or today - timedelta(days=1)
            if end >= pause_.starts_on:
                total += (end - pause_.starts_on).days + 1
    return total
