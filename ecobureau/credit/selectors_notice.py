"""The notice period (公示) before a result is final and the objection answer
clock (rules.md §2.1: “public notice for 15 days, with objections re-checked and
answered”; the national periods are NOT CONFIRMED, so both are settings labelled
示例配置): reads for the services, the process checks and the staff pages.

- `CREDIT_NOTICE_DAYS` (default 0 = no notice period): when set, a result
  reported to the province is first put on notice (`announce`, 待公示 → 公示中),
  the enterprise may object from the first to the last day of the notice, and
  `publish` is refused until the notice has ended and every objection raised in
  it is answered. With 0 the result is published directly, as before.
- `CREDIT_OBJECTION_REPLY_WORKDAYS` (default 10): the working days the credit
  staff have to answer an objection — a casework clock on the objection (step
  ``reply``), stopped by the answer; overdue while open past its deadline, a
  missed clock opens an accountability follow-up like every casework clock.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db.models import QuerySet
from django.utils import timezone

from ecobureau.accounts.models import User
from ecobureau.casework.models import Clock
from ecobureau.core import calendar as core_calendar
from ecobureau.lib import dates, workdays

from . import config
from .models import Evaluation, Objection

OBJECTION_CLOCK_STEP = "reply"
OBJECTION_TARGET = Objection._meta.label_lower


def notice_days() -> int:
    """The notice period in calendar days; 0 = none (示例配置)."""
    try:
        return max(0, int(getattr(settings, "CREDIT_NOTICE_DAYS", config.NOTICE_DAYS)))
    except (TypeError, ValueError):
        return config.NOTICE_DAYS


def notice_basis() -> str:
    return config.NOTICE_BASIS.format(days=notice_days())


def objection_reply_workdays() -> int:
    try:
        value = int(
            getattr(
                settings,
                "CREDIT_OBJECTION_REPLY_WORKDAYS",
                config.OBJECTION_REPLY_WORKDAYS,
            )
        )
    except (TypeError, ValueError):
        return config.OBJECTION_REPLY_WORKDAYS
    return max(1, value)


def objection_reply_basis(days: int | None = None) -> str:
    return config.OBJECTION_REPLY_BASIS.format(
        days=objection_reply_workdays() if days is None else days
    )


def notice_end_for(start: date, days: int) -> date:
    """The last day of a notice of `days` calendar days from `start` (the start
    day not counted; a last day on a rest day moves to the next working day)."""
    return workdays.deadline(
        start=start, amount=days, unit="days", calendar=core_calendar.current()
    ).due


def notice_open(evaluation: Evaluation, on: date) -> bool:
    """Objections are accepted on this day of the evaluation's notice."""
    return (
        evaluation.status == "noticed"
        and evaluation.notice_start is not None
        and evaluation.notice_end is not None
        and evaluation.notice_start <= on <= evaluation.notice_end
    )


def publish_blockers(evaluation: Evaluation, on: date) -> list[str]:
    """Why `publish` may not run today (empty: it may). From 待公布 (reported)
    only while no notice period is configured; from 公示中 once the notice has
    ended and every objection raised during it is answered."""
    if evaluation.status == "reported":
        days = notice_days()
        if days:
            return [f"本局设定公布前公示{days}日，请先办理“公示（征求异议）”。"]
        return []
    if evaluation.status != "noticed":
        return []
    out = []
    if evaluation.notice_end is not None and on <= evaluation.notice_end:
        out.append(f"公示期至{evaluation.notice_end.isoformat()}，期满后方可公布。")
    pending = evaluation.objections.filter(status=Objection.Status.SUBMITTED).count()
    if pending:
        out.append(f"尚有{pending}件异议未答复，答复后方可公布。")
    return out


@dataclass(frozen=True)
class ReplyClock:
    due_on: date
    state: str
    state_label: str
    overdue: bool  # open and past its deadline
    late: bool  # answered after its deadline
    basis: str


def _reply_clock(clock: Clock, now: object) -> ReplyClock:
    open_ = clock.state in Clock.OPEN_STATES
    return ReplyClock(
        due_on=dates.local_date(clock.due_at),
        state=clock.state,
        state_label=clock.get_state_display(),
        overdue=open_ and now > clock.due_at,  # type: ignore[operator]
        late=clock.state == Clock.State.MISSED,
        basis=clock.basis,
    )


def objection_rows(evaluation: Evaluation) -> list[Objection]:
    """The evaluation's objections, newest first, each with `reply_clock` (its
    answer clock, None for one raised before the clock existed); 2 queries."""
    rows = list(evaluation.objections.order_by("-created_at"))
    clocks = {
        clock.target_id: clock
        for clock in Clock.objects.filter(
            target_type=OBJECTION_TARGET,
            target_id__in=[row.pk for row in rows],
            step=OBJECTION_CLOCK_STEP,
        ).exclude(state=Clock.State.CANCELLED)
    }
    now = timezone.now()
    for row in rows:
        clock = clocks.get(row.pk)
        row.reply_clock = _reply_clock(clock, now) if clock else None  # type: ignore[attr-defined]
    return rows


def overdue_objections(evaluations: QuerySet[Evaluation]) -> QuerySet[Objection]:
    """Objections of these evaluations still unanswered past their answer
    deadline (逾期未答复), oldest deadline first."""
    late_ids = Clock.objects.filter(
        target_type=OBJECTION_TARGET,
        step=OBJECTION_CLOCK_STEP,
        state__in=Clock.OPEN_STATES,
        due_at__lt=timezone.now(),
    ).values("target_id")
    return (
        Objection.objects.filter(
            pk__in=late_ids,
            status=Objection.Status.SUBMITTED,
            evaluation__in=evaluations.values("pk"),
        )
        .select_related("evaluation__enterprise", "evaluation__evaluation_year")
        .order_by("created_at")
    )


def overdue_objections_for_user(user: User) -> QuerySet[Objection]:
    from .selectors import evaluation_list_for_user, may_manage

    if not may_manage(user):
        return Objection.objects.none()
    return overdue_objections(evaluation_list_for_user(user))
