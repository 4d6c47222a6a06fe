import io

import pytest
from django.core.management import call_command

from ecobureau.casework import services
from ecobureau.casework.models import Clock, WorkItem
from ecobureau.core.models import Record
from ecobureau.notifications.models import Notification

from .test_clocks import at, start

pytestmark = pytest.mark.django_db


def test_sweep_marks_due_soon_then_overdue_once_each(
    enterprise_a, district_a_officer, district_a_leader
) -> None:
    # given a 10-working-day clock from Mon 2026-11-02 (due 11-16 end of day) with a work item
    clock = start(
        enterprise_a,
        amount=10,
        unit="workdays",
        started="2026-11-02T10:00",
        responsible=district_a_officer,
        responsible_unit=district_a_officer.unit,
    )
    services.workitem_open(
        kind="test",
        target=enterprise_a,
        title="审查",
        assignee=district_a_officer,
        clock=clock,
    )
    # when the sweep runs before the due-soon line: nothing
    quiet = services.clocks_mark_due(now=at("2026-11-05T09:00"))
    assert (quiet.due_soon, quiet.overdue) == (0, 0)
    clock.refresh_from_db()
    assert clock.state == Clock.State.RUNNING
    # … after it: due soon, once
    first = services.clocks_mark_due(now=at("2026-11-14T09:00"))
    again = services.clocks_mark_due(now=at("2026-11-14T09:05"))
    assert (first.due_soon, again.due_soon) == (1, 0)
    clock.refresh_from_db()
    assert clock.state == Clock.State.DUE_SOON
    assert WorkItem.objects.get().urgency == WorkItem.Urgency.DUE_SOON
    # … after the deadline: overdue, once
    assert services.clocks_mark_due(now=at("2026-11-17T00:01")).overdue == 1
    assert services.clocks_mark_due(now=at("2026-11-17T00:06")).overdue == 0
    clock.refresh_from_db()
    assert clock.state == Clock.State.OVERDUE
    # then the responsible officer and the head of their unit were told each time
    notified = Notification.objects.values_list("recipient_id", "level").order_by(
        "recipient_id", "level"
    )
    assert sorted(notified) == sorted(
        [
            (district_a_officer.pk, "due_soon"),
            (district_a_officer.pk, "overdue"),
            (district_a_leader.pk, "due_soon"),
            (district_a_leader.pk, "overdue"),
        ]
    )
    actions = list(
        Record.objects.filter(
            action__in=["clock.due_soon", "clock.overdue"]
        ).values_list("action", flat=True)
    )
    assert actions == ["clock.due_soon", "clock.overdue"]


def test_paused_and_stopped_clocks_are_left_alone(
    enterprise_a, district_a_officer
) -> None:
    paused = start(enterprise_a, amount=1, unit="workdays", started="2026-11-02T10:00")
    services.clock_pause(
        clock=paused,
        reason="expert_review",
        by=district_a_officer,
        starts_on=paused.started_at.date(),
    )
    stopped = start(enterprise_a, amount=1, unit="workdays", started="2026-11-02T10:00")
    services.clock_stop(clock=stopped, by=district_a_officer, at=at("2026-11-02T11:00"))
    result = services.clocks_mark_due(now=at("2026-12-01T00:00"))
    assert (result.due_soon, result.overdue) == (0, 0)


def test_mark_clocks_command_reports_counts(enterprise_a) -> None:
    start(enterprise_a, amount=1, unit="hours", started="2020-01-01T00:00")
    out = io.StringIO()
    call_command("mark_clocks", stdout=out)
    assert "超期 1" in out.getvalue()
