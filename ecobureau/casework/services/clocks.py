"""Legal clocks: start, pause, resume, extend, stop, and the sweep.

Deadlines are computed by the `deadline` rule (lib.workdays) when a clock starts
and stored on the row; they are recomputed only when an input changes — a pause
ends, an extension is granted, or an administrator enters the official calendar
of a year that was provisional.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, cast

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.utils import timezone

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import Unit, User
from ecobureau.core import calendar as core_calendar
from ecobureau.core import records
from ecobureau.core.models import Division
from ecobureau.lib import workdays
from ecobureau.lib.dates import END_OF_DAY, local_date, local_datetime
from ecobureau.notifications import services as notifications
from ecobureau.notifications.models import Notification

from ..models import Clock, ClockExtension, ClockPause, WorkItem


@dataclass(frozen=True)
class Computed:
    due_at: datetime
    target_due_at: datetime | None
    due_soon_at: datetime
    provisional: bool
    explain: list[str]


def compute(
    *,
    started_at: datetime,
    amount: int,
    unit: str,
    pauses: list[tuple[date, date]],
    end_time: time | None = None,
    target_amount: int | None = None,
) -> Computed:
    """The deadline (and promised target) of a clock with these inputs."""
    if unit == Clock.Unit.HOURS:
        due_at = workdays.deadline_hours(start=started_at, amount=amount)
        target = (
            workdays.deadline_hours(start=started_at, amount=target_amount)
            if target_amount is not None
            else None
        )
        return Computed(
            due_at,
            target,
            _due_soon_at(started_at, due_at),
            False,
            [f"自{started_at:%Y-%m-%d %H:%M}起{amount}小时，节假日照常计算。"],
        )
    calendar = core_calendar.current()
    start = local_date(started_at)
    day_unit = cast(workdays.Unit, unit)
    result = workdays.deadline(
        start=start, amount=amount, unit=day_unit, pauses=pauses, calendar=calendar
    )
    due_at = local_datetime(result.due, end_time or END_OF_DAY)
    target_due_at = None
    provisional = result.provisional
    if target_amount is not None:
        promised = workdays.deadline(
            start=start,
            amount=target_amount,
            unit=day_unit,
            pauses=pauses,
            calendar=calendar,
        )
        target_due_at = local_datetime(promised.due, end_time or END_OF_DAY)
        provisional = provisional or promised.provisional
    return Computed(
        due_at,
        target_due_at,
        _due_soon_at(started_at, due_at),
        provisional,
        result.explain,
    )


def _due_soon_at(started_at: datetime, due_at: datetime) -> datetime:
    """Warn when the last fifth of the span begins, and at least an hour before."""
    span = due_at - started_at
    lead = max(
        span * settings.CLOCK_DUE_SOON_FRACTION,
        timedelta(hours=settings.CLOCK_DUE_SOON_MIN_HOURS),
    )
    return max(started_at, due_at - lead)


def _pause_ranges(
    clock: Clock, *, open_until: date | None = None
) -> list[tuple[date, date]]:
    """Closed pauses as date ranges; an open pause counts up to `open_until`."""
    ranges = []
    for pause in clock.pauses.all():
        end = pause.ends_on or open_until
        if end is not None:
            ranges.append((pause.starts_on, end))
    return ranges


def _extended_amount(clock: Clock) -> int:
    return clock.amount + sum(ext.amount for ext in clock.extensions.all())


@transaction.atomic
def clock_start(
    *,
    target: models.Model,
    step: str,
    label: str,
    amount: int,
    unit: str,
    by: User | None,
    basis: str = "",
    started_at: datetime | None = None,
    end_time: time | None = None,
    target_amount: int | None = None,
    responsible: User | None = None,
    responsible_unit: Unit | None = None,
    district: Division | None = None,
    township: Division | None = None,
) -> Clock:
    """Start a clock on one step of a case (the start day itself is not counted)."""
    if unit not in Clock.Unit.values:
        raise ValidationError(f"未知的时限单位：{unit}")
    if amount < 0:
        raise ValidationError("时限不能为负数。")
    started_at = started_at or timezone.now()
    computed = compute(
        started_at=started_at,
        amount=amount,
        unit=unit,
        pauses=[],
        end_time=end_time,
        target_amount=target_amount,
    )
    clock = Clock.objects.create(
        target_type=target._meta.label_lower,
        target_id=target.pk,
        step=step,
        label=label,
        basis=basis,
        amount=amount,
        unit=unit,
        target_amount=target_amount,
        end_time=end_time,
        started_at=started_at,
        due_at=computed.due_at,
        target_due_at=computed.target_due_at,
        due_soon_at=computed.due_soon_at,
        provisional=computed.provisional,
        responsible=responsible,
        responsible_unit=responsible_unit,
        district=district,
        township=township,
    )
    records.append(
        action="clock.start",
        target=target,
        actor=by,
        after={
            "clock": clock.pk,
            "step": step,
            "amount": amount,
            "unit": unit,
            "due_at": computed.due_at,
            "provisional": computed.provisional,
        },
    )
    return clock


def _recompute(clock: Clock, *, open_until: date | None = None) -> None:
    computed = compute(
        started_at=clock.started_at,
        amount=_extended_amount(clock),
        unit=clock.unit,
        pauses=_pause_ranges(clock, open_until=open_until),
        end_time=clock.end_time,
        target_amount=clock.target_amount,
    )
    clock.due_at = computed.due_at
    clock.target_due_at = computed.target_due_at
    clock.due_soon_at = computed.due_soon_at
    clock.provisional = computed.provisional


def _refresh(clock: Clock) -> None:
    """Recompute the deadline from the clock's inputs, move a running clock to the
    state the new deadline gives, save, and keep its work items in step. An open
    pause counts up to today while the clock is paused."""
    now = timezone.now()
    paused = clock.state == Clock.State.PAUSED
    _recompute(clock, open_until=local_date(now) if paused else None)
    if not paused:
        clock.state = _state_for(clock, now)
    clock.save(update_fields=_RECOMPUTED_FIELDS)
    _sync_work_items(clock)


def _state_for(clock: Clock, now: datetime) -> str:
    if now > clock.due_at:
        return Clock.State.OVERDUE
    if now >= clock.due_soon_at:
        return Clock.State.DUE_SOON
    return Clock.State.RUNNING


_RECOMPUTED_FIELDS = [
    "due_at",
    "target_due_at",
    "due_soon_at",
    "provisional",
    "state",
    "updated_at",
]


@transaction.atomic
def clock_pause(
    *,
    clock: Clock,
    reason: str,
    by: User,
    starts_on: date | None = None,
    note: str = "",
) -> ClockPause:
    """Stop the clock from `starts_on` (default today) until `clock_resume`.

    Time spent on 补正材料, 专家评审, 听证, 鉴定 … is not counted in the limit.
    """
    if clock.unit == Clock.Unit.HOURS:
        raise ValidationError("按小时计算的时限不能暂停。")
    if clock.state not in (
        Clock.State.RUNNING,
        Clock.State.DUE_SOON,
        Clock.State.OVERDUE,
    ):
        raise ValidationError(f"时限当前为“{clock.get_state_display()}”，不能暂停。")
    starts_on = starts_on or local_date(timezone.now())
    if starts_on < local_date(clock.started_at):
        raise ValidationError("暂停起始日不能早于时限起算日。")
    pause = ClockPause.objects.create(
        clock=clock, reason=reason, starts_on=starts_on, note=note, created_by=by
    )
    claimed = Clock.objects.filter(pk=clock.pk, state=clock.state).update(
        state=Clock.State.PAUSED, updated_at=timezone.now()
    )
    if not claimed:
        raise ValidationError("该时限刚被他人修改，请刷新后重试。")
    clock.state = Clock.State.PAUSED
    WorkItem.objects.filter(clock=clock, state=WorkItem.State.OPEN).update(
        urgency=WorkItem.Urgency.PAUSED
    )
    records.append(
        action="clock.pause",
        target=(clock.target_type, clock.target_id),
        actor=by,
        after={"clock": clock.pk, "reason": reason, "starts_on": starts_on},
    )
    return pause


@transaction.atomic
def clock_resume(*, clock: Clock, by: User, ends_on: date | None = None) -> Clock:
    """End the open pause on `ends_on` (inclusive; default yesterday, so that today
    counts again) and recompute the deadline."""
    pause = clock.pauses.filter(ends_on__isnull=True).first()
    if clock.state != Clock.State.PAUSED or pause is None:
        raise ValidationError("该时限未处于暂停状态。")
    today = local_date(timezone.now())
    ends_on = ends_on or today - timedelta(days=1)
    if ends_on < pause.starts_on - timedelta(days=1):
        raise ValidationError("恢复计时日期不能早于暂停起始日。")
    if ends_on < pause.starts_on:
        # Resumed the same day it was paused: no day is excluded.
        pause.delete()
    else:
        pause.ends_on = ends_on
        pause.save(update_fields=["ends_on"])
    clock.state = Clock.State.RUNNING
    _refresh(clock)
    records.append(
        action="clock.resume",
        target=(clock.target_type, clock.target_id),
        actor=by,
        after={
            "clock": clock.pk,
            "due_at": clock.due_at,
            "provisional": clock.provisional,
        },
    )
    return clock


@transaction.atomic
def clock_add_pause(
    *,
    clock: Clock,
    reason: str,
    starts_on: date,
    ends_on: date,
    by: User,
    note: str = "",
) -> Clock:
    """Record a pause already over (e.g. an expert review with known dates)."""
    if ends_on < starts_on:
        raise ValidationError("暂停结束日不能早于起始日。")
    if clock.unit == Clock.Unit.HOURS:
        raise ValidationError("按小时计算的时限不能暂停。")
    if not clock.is_open:
        raise ValidationError("时限已结束，不能再暂停。")
    ClockPause.objects.create(
        clock=clock,
        reason=reason,
        starts_on=starts_on,
        ends_on=ends_on,
        note=note,
        created_by=by,
    )
    _refresh(clock)
    records.append(
        action="clock.pause",
        target=(clock.target_type, clock.target_id),
        actor=by,
        after={
            "clock": clock.pk,
            "reason": reason,
            "starts_on": starts_on,
            "ends_on": ends_on,
            "due_at": clock.due_at,
        },
    )
    return clock


@transaction.atomic
def clock_extend(*, clock: Clock, amount: int, reason: str, approved_by: User) -> Clock:
    """Extend the limit by `amount` units, approved by a head, the reason recorded
    (e.g. complaints: one extension of at most 30 days, rules.md J2)."""
    if amount <= 0:
        raise ValidationError("延长时限必须大于零。")
    if not reason.strip():
        raise ValidationError("延长时限必须说明理由。")
    if not clock.is_open:
        raise ValidationError("时限已结束，不能延长。")
    ClockExtension.objects.create(
        clock=clock, amount=amount, reason=reason.strip(), approved_by=approved_by
    )
    _refresh(clock)
    records.append(
        action="clock.extend",
        target=(clock.target_type, clock.target_id),
        actor=approved_by,
        after={
            "clock": clock.pk,
            "amount": amount,
            "reason": reason.strip(),
            "due_at": clock.due_at,
        },
    )
    return clock


@transaction.atomic
def clock_stop(*, clock: Clock, by: User | None, at: datetime | None = None) -> Clock:
    """Stop a clock because its step is done: met on time, or missed."""
    at = at or timezone.now()
    if not clock.is_open:
        return clock
    if clock.state == Clock.State.PAUSED:
        # Done while paused: the open pause ends the day before, as on resume.
        clock.pauses.filter(ends_on__isnull=True).update(
            ends_on=local_date(at) - timedelta(days=1)
        )
        _recompute(clock)
    state = Clock.State.MET if at <= clock.due_at else Clock.State.MISSED
    claimed = Clock.objects.filter(pk=clock.pk, state__in=Clock.OPEN_STATES).update(
        state=state,
        stopped_at=at,
        due_at=clock.due_at,
        due_soon_at=clock.due_soon_at,
        updated_at=timezone.now(),
    )
    if not claimed:
        return clock
    clock.state, clock.stopped_at = state, at
    records.append(
        action="clock.stop",
        target=(clock.target_type, clock.target_id),
        actor=by,
        after={"clock": clock.pk, "state": state, "due_at": clock.due_at},
    )
    if state == Clock.State.MISSED:
        from .accountability import accountability_open_for_missed_clock

        accountability_open_for_missed_clock(clock=clock)
    return clock


@transaction.atomic
def clock_cancel(*, clock: Clock, by: User | None, reason: str) -> Clock:
    """Withdraw a clock whose step no longer applies (case withdrawn, merged …)."""
    claimed = Clock.objects.filter(pk=clock.pk, state__in=Clock.OPEN_STATES).update(
        state=Clock.State.CANCELLED,
        stopped_at=timezone.now(),
        updated_at=timezone.now(),
    )
    if claimed:
        clock.state = Clock.State.CANCELLED
        records.append(
            action="clock.cancel",
            target=(clock.target_type, clock.target_id),
            actor=by,
            after={"clock": clock.pk, "reason": reason},
        )
    return clock


def clock_explain(*, clock: Clock) -> list[str]:
    """Why the clock's deadline is what it is: the `deadline` rule's explanation."""
    today = local_date(timezone.now())
    computed = compute(
        started_at=clock.started_at,
        amount=_extended_amount(clock),
        unit=clock.unit,
        pauses=_pause_ranges(
            clock, open_until=today if clock.state == Clock.State.PAUSED else None
        ),
        end_time=clock.end_time,
        target_amount=clock.target_amount,
    )
    lines = list(computed.explain)
    for extension in clock.extensions.all():
        lines.append(
            f"经{extension.approved_by}批准延长{extension.amount}，理由：{extension.reason}"
        )
    if computed.provisional:
        lines.append(
            "计算用到的年份尚未公布官方放假安排，按国务院令第795号法定节日推算，公布后自动重算。"
        )
    return lines


def clocks_for(target: models.Model) -> models.QuerySet[Clock]:
    return Clock.objects.filter(
        target_type=target._meta.label_lower, target_id=target.pk
    ).prefetch_related("pauses", "extensions")


def _sync_work_items(clock: Clock) -> None:
    WorkItem.objects.filter(clock=clock, state=WorkItem.State.OPEN).update(
        due_at=clock.due_at,
        urgency=URGENCY_BY_STATE.get(clock.state, WorkItem.Urgency.NORMAL),
    )


URGENCY_BY_STATE: dict[str, int] = {
    Clock.State.RUNNING: WorkItem.Urgency.NORMAL,
    Clock.State.PAUSED: WorkItem.Urgency.PAUSED,
    Clock.State.DUE_SOON: WorkItem.Urgency.DUE_SOON,
    Clock.State.OVERDUE: WorkItem.Urgency.OVERDUE,
}


# --- Recomputing provisional deadlines when a year's calendar is entered -----------


@transaction.atomic
def clocks_recompute_provisional(*, by: User | None = None) -> int:
    """Recompute every open provisional clock against the calendar now known.

    Called when an administrator enters a year's official holidays (the signal
    `core.signals.calendar_changed`). Returns how many deadlines changed.
    """
    changed = 0
    clocks = Clock.objects.filter(provisional=True, state__in=Clock.OPEN_STATES)
    for clock in clocks.prefetch_related("pauses", "extensions").order_by("pk"):
        before = (clock.due_at, clock.provisional)
        _refresh(clock)
        if (clock.due_at, clock.provisional) != before:
            changed += 1
            records.append(
                action="clock.recompute",
                target=(clock.target_type, clock.target_id),
                actor=by,
                before={"due_at": before[0], "provisional": before[1]},
                after={
                    "clock": clock.pk,
                    "due_at": clock.due_at,
                    "provisional": clock.provisional,
                },
            )
    return changed


# --- The sweep --------------------------------------------------------------------


@dataclass(frozen=True)
class SweepResult:
    due_soon: int
    overdue: int


def clocks_mark_due(
    *, now: datetime | None = None, batch_size: int = 5000
) -> SweepResult:
    """Move clocks across their due-soon and overdue lines; notify and record each.

    Each clock is moved at most once even if two sweeps overlap: rows are claimed
    by a conditional UPDATE … RETURNING (both engines support it), and only the
    claiming sweep writes the record entry and the notifications.
    """
    now = now or timezone.now()
    due_soon = overdue = 0
    while True:
        moved = _claim_batch(
            now=now,
            from_states=[Clock.State.RUNNING, Clock.State.DUE_SOON],
            to_state=Clock.State.OVERDUE,
            line="due_at",
            batch_size=batch_size,
        )
        overdue += moved
        if moved < batch_size:
            break
    while True:
        moved = _claim_batch(
            now=now,
            from_states=[Clock.State.RUNNING],
            to_state=Clock.State.DUE_SOON,
            line="due_soon_at",
            batch_size=batch_size,
        )
        due_soon += moved
        if moved < batch_size:
            break
    return SweepResult(due_soon=due_soon, overdue=overdue)


_CLAIM_SQL = """
UPDATE casework_clock SET state = %s, updated_at = %s
WHERE id IN (
    SELECT id FROM casework_clock
    WHERE state IN ({states}) AND {line} {op} %s
    ORDER BY id LIMIT %s
) AND state IN ({states})
RETURNING id, target_type, target_id, label, due_at, responsible_id, responsible_unit_id
"""


def _claim_batch(
    *, now: datetime, from_states: list[str], to_state: str, line: str, batch_size: int
) -> int:
    placeholders = ", ".join(["%s"] * len(from_states))
    # Overdue once the deadline has passed; due soon once its warning time came.
    op = "<" if line == "due_at" else "<="
    sql = _CLAIM_SQL.format(states=placeholders, line=line, op=op)
    # Adapted as the ORM would: naive UTC text on SQLite, which compares right.
    at = connection.ops.adapt_datetimefield_value(now)
    params: list[Any] = [to_state, at, *from_states, at, batch_size, *from_states]
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            # A raw cursor on SQLite gives naive datetimes (stored in UTC).
            rows = [(*row[:4], _aware(row[4]), *row[5:]) for row in cursor.fetchall()]
        if rows:
            _after_crossing(rows, to_state=to_state, now=now)
    return len(rows)


def _aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if timezone.is_naive(moment) else moment


def _after_crossing(
    rows: list[tuple[Any, ...]], *, to_state: str, now: datetime
) -> None:
    """Record, notify and re-rank the work items of clocks that just crossed a line."""
    clock_ids = [row[0] for row in rows]
    WorkItem.objects.filter(clock_id__in=clock_ids, state=WorkItem.State.OPEN).update(
        urgency=URGENCY_BY_STATE[to_state]
    )
    overdue = to_state == Clock.State.OVERDUE
    records.append_many(
        [
            records.Entry(
                action="clock.overdue" if overdue else "clock.due_soon",
                target_type=target_type,
                target_id=str(target_id),
                data={"clock": clock_id, "due_at": due_at},
            )
            for clock_id, target_type, target_id, _label, due_at, _resp, _unit in rows
        ],
        at=now,
    )
    heads = account_selectors.unit_heads({row[6] for row in rows if row[6]})
    word = "已超期" if overdue else "即将到期"
    messages = []
    for clock_id, _type, _id, label, due_at, responsible_id, unit_id in rows:
        people = {responsible_id} if responsible_id else set()
        people.update(heads.get(unit_id, ()))
        title = f"{label}{word}（期限 {timezone.localtime(due_at):%Y-%m-%d %H:%M}）"
        messages += [
            notifications.Message(
                recipient_id=person, title=title, url=f"/workbench/clocks/{clock_id}/"
            )
            for person in sorted(people)
        ]
    notifications.send_many(
        messages,
        level=Notification.Level.OVERDUE if overdue else Notification.Level.DUE_SOON,
    )
