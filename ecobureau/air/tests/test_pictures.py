"""The module's pictures drawn from real rows: the AQI calendar, the trend, the
forecast against the observed, and the station map — on the staff dashboard and,
without staff links, on the portal."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from .conftest import flat
from .helpers import published_forecast

pytestmark = pytest.mark.django_db

ISSUE = date(2026, 11, 10)


def test_the_dashboard_draws_every_picture_from_the_data(
    client, observe, anshan, stations, forecaster
):
    # PM2.5 70 µg/m³ all day: AQI 110 under HJ 633—2026, 轻度污染 (orange)
    observe(ISSUE - timedelta(days=2), 3, flat(70))
    forecast = published_forecast(
        anshan, ISSUE, forecaster, [(95, 125, ("PM2.5",))] * 7
    )
    observe(ISSUE + timedelta(days=1), 2, flat(70))
    with time_machine.travel(ISSUE + timedelta(days=4), tick=False):
        call_command("air", "score")
    assert forecast.days.get(lead=1).observed_aqi == 110

    client.force_login(forecaster)
    page = client.get(reverse("air:dashboard") + "?city=210300").content.decode()

    # the calendar: each observed day a cell coloured by its level
    assert "鞍山市日空气质量指数日历" in page
    assert "2026-11-11 AQI 110" in page
    assert page.count('fill="#FF7E00"') >= 5  # five observed days, 轻度污染
    # the trend of the last 60 days
    assert "鞍山市近60天日AQI变化趋势" in page
    # forecast against observed, day 1
    assert "鞍山市第1天预报与实况对比" in page
    assert "11-11 预报 95–125" in page and "11-11 实况 110" in page
    # the map: every station, linked to its page for staff
    assert "监测点位分布" in page
    for station in stations:
        assert station.name in page
        assert reverse("air:station-detail", args=[station.pk]) in page


def test_the_portal_map_has_no_staff_links(client, observe, anshan, stations):
    observe(ISSUE - timedelta(days=2), 3, flat(70))
    page = client.get(reverse("air:public")).content.decode()
    assert "监测点位分布" in page and stations[0].name in page
    assert reverse("air:station-detail", args=[stations[0].pk]) not in page
    assert "2026-11-10 AQI 110" in page  # the calendar
