from datetime import date, datetime, time

import pytest
import time_machine
from django.core.exceptions import ValidationError

from ecobureau.casework import services
from ecobureau.casework.models import Accountability, Clock
from ecobureau.core import services as core_services
from ecobureau.core.models import Record
from ecobureau.lib.dates import SHANGHAI

pytestmark = pytest.mark.django_db


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=SHANGHAI)


def start(target, *, amount: int, unit: str, started: str, by=None, **kwargs) -> Clock:
    return services.clock_start(
        target=target,
        step="review",
        label="审查期限",
        amount=amount,
        unit=unit,
        started_at=at(started),
        by=by,
        **kwargs,
    )


def test_workday_clock_skips_the_national_day_holiday(
    enterprise_a, district_a_officer
) -> None:
    # 5 working days from 2025-09-30: 10-09, 10-10, 10-11 (make-up Saturday), 10-13, 10-14
    clock = start(
        enterprise_a,
        amount=5,
        unit="workdays",
        started="2025-09-30T16:00",
        by=district_a_officer,
    )
    assert clock.due_at == at("2025-10-14T23:59:59")
    assert not clock.provisional
    assert Record.objects.filter(
        action="clock.start", target_id=str(enterprise_a.pk)
    ).exists()


def test_calendar_day_clock_moves_off_the_holiday(enterprise_a) -> None:
    # 15 days from 2025-09-17 is 10-02, inside the National Day holiday → 10-09 (rules.md §4.1)
    clock = start(enterprise_a, amount=15, unit="days", started="2025-09-17T09:00")
    assert clock.due_at.astimezone(SHANGHAI).date() == date(2025, 10, 9)


def test_clock_can_end_at_a_time_of_day(enterprise_a) -> None:
    # "每日15点前": the forecast must be published before 15:00 of the same day
    clock = start(
        enterprise_a,
        amount=0,
        unit="days",
        started="2026-11-23T08:00",
        end_time=time(15, 0),
    )
    assert clock.due_at == at("2026-11-23T15:00")


def test_hour_clock_runs_through_midnight_and_holidays(enterprise_a) -> None:
    clock = start(enterprise_a, amount=4, unit="hours", started="2025-10-01T22:30")
    assert clock.due_at == at("2025-10-02T02:30")


def test_a_pause_moves_the_deadline_by_the_working_days_it_covered(
    enterprise_a, district_a_officer
) -> None:
    # given 10 working days from Mon 2026-11-02 → Mon 2026-11-16
    clock = start(enterprise_a, amount=10, unit="workdays", started="2026-11-02T10:00")
    assert clock.due_at.astimezone(SHANGHAI).date() == date(2026, 11, 16)
    # when supplements are asked for on Wed 11-04 and arrive on Mon 11-09
    with time_machine.travel(at("2026-11-04T09:00")):
        services.clock_pause(clock=clock, reason="supplement", by=district_a_officer)
    clock.refresh_from_db()
    assert clock.state == Clock.State.PAUSED
    with time_machine.travel(at("2026-11-09T09:00")):
        services.clock_resume(clock=clock, by=district_a_officer)
    # then 11-04, 11-05, 11-06 (three working days) are not counted: due 11-19
    clock.refresh_from_db()
    assert clock.state == Clock.State.RUNNING
    assert clock.due_at.astimezone(SHANGHAI).date() == date(2026, 11, 19)
    assert "2026-11-04" in " ".join(services.clock_explain(clock=clock))


def test_an_extension_needs_a_reason_and_is_recorded(
    enterprise_a, district_a_leader
) -> None:
    clock = start(enterprise_a, amount=60, unit="days", started="2026-03-02T09:00")
    with pytest.raises(ValidationError, match="理由"):
        services.clock_extend(
            clock=clock, amount=30, reason=" ", approved_by=district_a_leader
        )
    services.clock_extend(
        clock=clock,
        amount=30,
        reason="案情复杂需补充调查",
        approved_by=district_a_leader,
    )
    clock.refresh_from_db()
    # 90 days after 2026-03-02 is 2026-05-31 (a Sunday) → Mon 2026-06-01
    assert clock.due_at.astimezone(SHANGHAI).date() == date(2026, 6, 1)
    assert Record.objects.filter(action="clock.extend").count() == 1


def test_stopping_in_time_is_met_and_late_is_missed_with_a_follow_up(
    enterprise_a, district_a_officer
) -> None:
    on_time = start(
        enterprise_a,
        amount=5,
        unit="workdays",
        started="2026-11-02T10:00",
        responsible=district_a_officer,
    )
    late = start(
        enterprise_a,
        amount=5,
        unit="workdays",
        started="2026-11-02T10:00",
        responsible=district_a_officer,
    )
    services.clock_stop(clock=on_time, by=district_a_officer, at=at("2026-11-09T17:00"))
    services.clock_stop(clock=late, by=district_a_officer, at=at("2026-11-10T09:00"))
    assert on_time.state == Clock.State.MET
    assert late.state == Clock.State.MISSED
    followup = Accountability.objects.get()
    assert (
        followup.source_id == late.pk
        and followup.person_responsible == district_a_officer
    )
    assert followup.status == "open"


def test_a_deadline_in_an_unknown_year_is_provisional_until_the_year_is_entered(
    enterprise_a, city_leader
) -> None:
    # given a 15-working-day clock from 2026-12-20, which runs into 2027 (no official calendar yet)
    clock = start(enterprise_a, amount=15, unit="workdays", started="2026-12-20T10:00")
    assert clock.provisional
    provisional_due = clock.due_at
    # when the administrator enters 2027 with an extra holiday on Mon 2027-01-04
    core_services.calendar_year_enter(
        year=2027,
        source="国务院办公厅关于2027年部分节假日安排的通知（演练）",
        rest_days=[(date(2027, 1, 1), "元旦"), (date(2027, 1, 4), "元旦补休")],
        work_days=[],
        by=city_leader,
    )
    # then the clock is recomputed: no longer provisional, one working day later
    clock.refresh_from_db()
    assert not clock.provisional
    assert clock.due_at.astimezone(SHANGHAI).date() == date(2027, 1, 12)
    assert provisional_due.astimezone(SHANGHAI).date() == date(2027, 1, 11)
    assert Record.objects.filter(action="clock.recompute").count() == 1


def test_hour_clocks_cannot_pause(enterprise_a, district_a_officer) -> None:
    clock = start(enterprise_a, amount=2, unit="hours", started="2026-11-22T10:00")
    with pytest.raises(ValidationError, match="小时"):
        services.clock_pause(clock=clock, reason="other", by=district_a_officer)
