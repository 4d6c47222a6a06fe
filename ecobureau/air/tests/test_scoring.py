"""Every published forecast is scored when its days are observed; the monthly
report gives the scores per lead day."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.urls import reverse

from ecobureau.air.models import ForecastDay

from .conftest import flat
from .helpers import published_forecast

pytestmark = pytest.mark.django_db

ISSUE = date(2026, 11, 1)


def test_published_days_are_scored_once_observed(observe, anshan, forecaster, client):
    observe(ISSUE - timedelta(days=3), 4, flat(40))
    ranges = [(100, 130, ("PM2.5",))] * 7
    forecast = published_forecast(anshan, ISSUE, forecaster, ranges)
    # observed: PM2.5 70 → AQI 110 (2026), PM2.5 primary, on days 1–3
    observe(ISSUE + timedelta(days=1), 3, flat(70))

    import time_machine

    with time_machine.travel(ISSUE + timedelta(days=6), tick=False):
        call_command("air", "score")
        call_command("air", "score")  # safe to rerun
    day1 = forecast.days.get(lead=1)
    assert (
        day1.observed_aqi,
        day1.range_hit,
        day1.level_strict_hit,
        day1.primary_hit,
    ) == (110, True, True, True)
    assert day1.error == 5.0
    assert ForecastDay.objects.filter(scored_at__isnull=False).count() == 3

    client.force_login(forecaster)
    page = client.get(reverse("air:scores") + "?city=210300&month=2026-11")
    assert page.status_code == 200
    report = {item.lead: item.summary for item in page.context["report"]}
    assert report[1].days == 1 and report[1].mae == 5.0
    assert report[3].days == 1 and report[4].days == 0
    export = client.get(
        reverse("air:scores") + "?city=210300&month=2026-11&format=xlsx"
    )
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_unpublished_forecasts_are_not_scored(observe, anshan):
    from ecobureau.air import services

    observe(ISSUE - timedelta(days=3), 6, flat(40))
    services.forecast_create(city=anshan, issue=ISSUE)
    assert services.forecasts_score(today=ISSUE + timedelta(days=6)) == 0
