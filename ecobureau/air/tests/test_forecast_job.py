"""The 14:00 job end to end, with time frozen: drafted, reviewed (会商),
published before 15:00 and shown on the portal; a forecast not published by
15:00 shows as overdue, and publishing it late misses the clock."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from ecobureau.air.models import Forecast
from ecobureau.casework.models import Accountability, Clock, WorkItem
from ecobureau.core.management.commands.run_schedule import run_slot
from ecobureau.core.models import Record, ScheduleRun
from ecobureau.core.schedule import SCHEDULE
from ecobureau.lib.dates import SHANGHAI

from .conftest import flat

pytestmark = pytest.mark.django_db

ISSUE = date(2026, 11, 20)


def at(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=SHANGHAI)


def _job():
    return next(job for job in SCHEDULE if job.name == "air_forecast")


def test_the_job_is_scheduled_at_14_00():
    job = _job()
    assert (job.cron, job.command, job.args) == ("0 14 * * *", "air", ("forecast",))


def test_forecast_is_drafted_reviewed_published_and_shown_on_the_portal(
    client, observe, anshan, forecaster, monitoring_centre, district_b_officer
):
    # given ten days of observations up to the issue day's morning
    observe(ISSUE - timedelta(days=10), 11, flat(70))

    # when the scheduler runs the 14:00 slot
    with time_machine.travel(at(ISSUE, 14), tick=False):
        assert run_slot(_job(), at(ISSUE, 14)) is True
    assert ScheduleRun.objects.get(job="air_forecast").status == "done"

    # then a draft with seven days waits for 会商, due at 15:00
    forecast = Forecast.objects.get(city=anshan, issue_date=ISSUE)
    assert forecast.status == "draft"
    assert forecast.days.count() == 7
    assert "持续法" in forecast.method_note  # ten days are too few to train on
    clock = Clock.objects.get(target_type="air.forecast", target_id=forecast.pk)
    assert clock.due_at == at(ISSUE, 15)
    item = WorkItem.objects.get(
        target_type="air.forecast", target_id=forecast.pk, state="open"
    )
    assert item.unit == monitoring_centre and item.due_at == at(ISSUE, 15)

    # someone in another district sees no draft
    client.force_login(district_b_officer)
    assert (
        client.get(reverse("air:forecast-detail", args=[forecast.pk])).status_code
        == 404
    )
    # the public sees nothing yet
    client.logout()
    assert client.get(reverse("air:public")).context["forecast"] is None

    # when the forecaster changes day 1 without saying why
    client.force_login(forecaster)
    url = reverse("air:forecast-detail", args=[forecast.pk])
    data: dict[str, object] = {"opinion": "会商：冷空气影响推迟，维持模型结论。"}
    for day in forecast.days.all():
        data.update(
            {
                f"day_{day.lead}_low": day.low,
                f"day_{day.lead}_high": day.high,
                f"day_{day.lead}_primary": day.primary,
                f"day_{day.lead}_reason": "",
            }
        )
    data["day_1_low"], data["day_1_high"] = 120, 145
    with time_machine.travel(at(ISSUE, 14, 20), tick=False):
        response = client.post(url, data)

    # then the page says so, keeps what was typed, and nothing changed
    assert response.status_code == 200
    assert "调整了模型预报，须填写调整理由" in response.content.decode()
    assert 'value="145"' in response.content.decode()
    forecast.refresh_from_db()
    assert forecast.status == "draft"
    assert forecast.days.get(lead=1).high != 145

    # when the reason is given
    data["day_1_reason"] = "上游输送加强，会商上调。"
    with time_machine.travel(at(ISSUE, 14, 25), tick=False):
        response = client.post(url, data)
    assert response.status_code == 302
    forecast.refresh_from_db()
    day1 = forecast.days.get(lead=1)
    assert forecast.status == "reviewed"
    assert (day1.low, day1.high, day1.adjust_reason) == (
        120,
        145,
        "上游输送加强，会商上调。",
    )
    assert (day1.model_low, day1.model_high) != (120, 145)

    # and it is published at 14:40
    with time_machine.travel(at(ISSUE, 14, 40), tick=False):
        response = client.post(reverse("air:forecast-publish", args=[forecast.pk]))
    assert response.status_code == 302
    forecast.refresh_from_db()
    clock.refresh_from_db()
    assert forecast.status == "published"
    assert clock.state == Clock.State.MET
    assert not WorkItem.objects.filter(
        target_type="air.forecast", state="open"
    ).exists()
    actions = list(
        Record.objects.filter(target_type="air.forecast", target_id=str(forecast.pk))
        .order_by("seq")
        .values_list("action", flat=True)
    )
    assert actions[0] == "air.forecast.create"
    assert "air.forecast.review" in actions and "air.forecast.publish" in actions

    # then the public sees it on the portal and through the API
    client.logout()
    page = client.get(reverse("air:public"))
    assert page.context["forecast"] == forecast
    assert "120–145" in page.content.decode()
    api = client.get("/api/air/forecast/latest?city=210300")
    assert api.status_code == 200
    assert api.json()["days"][0] == {
        "lead": 1,
        "date": "2026-11-21",
        "aqi_low": 120,
        "aqi_high": 145,
        "level": "轻度污染",
        "primary": list(day1.primary),
    }


def test_a_forecast_not_published_by_15_00_is_overdue(observe, anshan, forecaster):
    observe(ISSUE - timedelta(days=5), 6, flat(40))
    with time_machine.travel(at(ISSUE, 14), tick=False):
        call_command("air", "forecast")
    forecast = Forecast.objects.get(issue_date=ISSUE)
    clock = Clock.objects.get(target_type="air.forecast", target_id=forecast.pk)

    # at 14:50 it is due soon, at 15:05 overdue — on the workbench too
    with time_machine.travel(at(ISSUE, 14, 50), tick=False):
        call_command("mark_clocks")
    clock.refresh_from_db()
    assert clock.state == Clock.State.DUE_SOON
    with time_machine.travel(at(ISSUE, 15, 5), tick=False):
        call_command("mark_clocks")
    clock.refresh_from_db()
    assert clock.state == Clock.State.OVERDUE
    item = WorkItem.objects.get(
        target_type="air.forecast", target_id=forecast.pk, state="open"
    )
    assert item.urgency == WorkItem.Urgency.OVERDUE

    # published late, the clock is missed and a follow-up is opened
    from ecobureau.air import services

    with time_machine.travel(at(ISSUE, 15, 30), tick=False):
        services.forecast_review(forecast=forecast, by=forecaster, opinion="会商完成")
        services.forecast_publish(forecast=forecast, by=forecaster)
    clock.refresh_from_db()
    assert clock.state == Clock.State.MISSED
    assert Accountability.objects.filter(
        source_type="casework.clock", source_id=clock.pk
    ).exists()


def test_the_job_is_safe_to_rerun(observe, anshan):
    observe(ISSUE - timedelta(days=3), 4, flat(40))
    with time_machine.travel(at(ISSUE, 14), tick=False):
        call_command("air", "forecast")
        call_command("air", "forecast")
    assert Forecast.objects.filter(issue_date=ISSUE).count() == 1
    assert Clock.objects.filter(target_type="air.forecast").count() == 1


def test_a_weekend_forecast_is_due_the_same_day(observe, anshan):
    saturday = date(2026, 11, 21)
    observe(saturday - timedelta(days=3), 4, flat(40))
    with time_machine.travel(at(saturday, 14), tick=False):
        call_command("air", "forecast")
    forecast = Forecast.objects.get(issue_date=saturday)
    clock = Clock.objects.get(target_type="air.forecast", target_id=forecast.pk)
    assert clock.due_at == at(saturday, 15)
