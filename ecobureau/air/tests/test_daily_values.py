"""Daily values and AQI per station and city, under the standard in force on
each day; the HJ 212 gateway's hourly service."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse

from ecobureau.air import selectors, services
from ecobureau.air.models import DailyValue, Observation
from ecobureau.lib.dates import SHANGHAI

from .conftest import flat

pytestmark = pytest.mark.django_db


def test_the_standard_switches_on_2026_03_01(observe, anshan):
    # PM2.5 70 all day: 2012 → 100 + 50×(70−75)… 70 < 75: 50 + 50×35/40 = 93.75 → 94;
    # 2026 → 100 + 50×10/55 = 109.09 → 110 (PM10 91: 2012 71, 2026 ~ 79).
    observe(date(2026, 2, 28), 2, flat(70))
    before = DailyValue.objects.get(
        city=anshan, station__isnull=True, date=date(2026, 2, 28)
    )
    after = DailyValue.objects.get(
        city=anshan, station__isnull=True, date=date(2026, 3, 1)
    )
    assert (before.standard, before.aqi, before.other_aqi) == ("HJ633-2012", 94, 110)
    assert (after.standard, after.aqi, after.other_aqi) == ("HJ633-2026", 110, 94)
    assert after.level == 3 and after.primary == ["PM2.5"]


def test_a_day_with_too_few_hours_has_no_daily_value(tmp_path, anshan, stations):
    # given only 19 hours on one day (GB 3095—2012 表4 needs 20)
    from .conftest import write_hours

    path = write_hours(
        tmp_path / "short.csv",
        [s.code for s in stations],
        date(2026, 5, 1),
        1,
        flat(50),
    )
    lines = path.read_text().splitlines()
    kept = [lines[0]] + [line for line in lines[1:] if int(line.split(",")[4]) < 19]
    path.write_text("\n".join(kept) + "\n")
    services.observations_import(city=anshan, paths=[path], by=None)
    value = DailyValue.objects.get(
        city=anshan, station__isnull=True, date=date(2026, 5, 1)
    )
    assert value.pm25 is None and value.aqi is None


def test_the_city_value_is_the_mean_of_its_stations(observe, anshan, stations):
    observe(date(2026, 5, 1), 1, lambda when, s: [30, 60, 90][s])
    city = DailyValue.objects.get(
        city=anshan, station__isnull=True, date=date(2026, 5, 1)
    )
    per_station = DailyValue.objects.filter(
        station__isnull=False, date=date(2026, 5, 1)
    ).order_by("station__code")
    assert [round(v.pm25) for v in per_station] == [30, 60, 90]
    assert city.pm25 == pytest.approx(60)


def test_hourly_aqi_of_a_station_under_2026_uses_one_hour_values(observe, stations):
    observe(date(2026, 5, 1), 1, lambda when, s: 35 if when.hour < 12 else 115)
    hours = selectors.hourly_aqi([stations[0]], date(2026, 5, 1))
    # PM2.5 35 → 50 (PM10 46 → 46, O3 60 → 19): at 50, no primary pollutant
    assert (hours[0].aqi, hours[0].primary) == (50, [])
    assert hours[13].aqi == 150 and hours[13].primary == ["PM2.5"]


def test_the_station_page_and_city_hours_render_for_staff(
    client, observe, stations, district_b_officer
):
    observe(date(2026, 5, 1), 1, flat(50))
    client.force_login(district_b_officer)  # air data is public information
    page = client.get(
        reverse("air:station-detail", args=[stations[0].pk]) + "?date=2026-05-01"
    )
    assert page.status_code == 200 and len(page.context["hours"]) == 24
    assert (
        client.get(
            reverse("air:city-hours", args=["210300"]) + "?date=2026-05-01"
        ).status_code
        == 200
    )
    client.logout()
    assert (
        client.get(reverse("air:station-detail", args=[stations[0].pk])).status_code
        == 302
    )


def test_the_gateway_stores_an_hour_and_recomputes_the_day(anshan, stations):
    # an HJ 212 hourly packet (CN=2061, ST=22): gases in µg/m³, pressure kPa
    when = datetime(2026, 5, 2, 10, 0, tzinfo=SHANGHAI)
    values = {
        "a34004": 42,
        "a34002": 70,
        "a21026": 9,
        "a21004": 35,
        "a21005": 0.6,
        "a05024": 80,
        "a01001": 20.0,
        "a01002": 50.0,
        "a01006": 101.3,
        "a01007": 2.5,
        "a01008": 315,
    }
    flags = {"a34002": "D"}  # the PM10 analyser was faulty
    observation = services.observation_receive(
        mn=stations[0].mn, measured_at=when, values=values, flags=flags
    )
    assert observation.pm25 == 42 and observation.pm10 is None
    assert observation.pres == pytest.approx(1013.0)
    assert observation.dewp == pytest.approx(9.3, abs=0.1)
    assert DailyValue.objects.filter(
        station=stations[0], date=date(2026, 5, 2)
    ).exists()
    # a repeated packet is stored once
    services.observation_receive(
        mn=stations[0].mn, measured_at=when + timedelta(minutes=3), values=values
    )
    assert Observation.objects.filter(station=stations[0]).count() == 1


def test_the_gateway_refuses_an_unknown_station(stations):
    with pytest.raises(ValidationError, match="未登记的空气质量监测点位"):
        services.observation_receive(
            mn="NOPE", measured_at=datetime(2026, 5, 2, 10, tzinfo=SHANGHAI), values={}
        )


def test_the_validity_rules_are_configuration(tmp_path, anshan, stations, settings):
    # a bureau that accepts 18 hours (AIR_VALIDITY_RULES) gets a daily value
    # for the same 19-hour day that the default rule (20 hours) refuses
    from .conftest import write_hours

    settings.AIR_VALIDITY_RULES = {"daily_min_hours": 18}
    assert selectors.validity_rules().daily_min_hours == 18
    assert selectors.validity_rules().eight_hour_min_hours == 6  # untouched
    settings.AIR_VALIDITY_RULES = {"daily_min_hour": 18}
    with pytest.raises(ImproperlyConfigured, match="未知项daily_min_hour"):
        selectors.validity_rules()
    settings.AIR_VALIDITY_RULES = {"daily_min_hours": 18}
    path = write_hours(
        tmp_path / "short.csv",
        [s.code for s in stations],
        date(2026, 5, 1),
        1,
        flat(50),
    )
    lines = path.read_text().splitlines()
    kept = [lines[0]] + [line for line in lines[1:] if int(line.split(",")[4]) < 19]
    path.write_text("\n".join(kept) + "\n")
    services.observations_import(city=anshan, paths=[path], by=None)
    value = DailyValue.objects.get(
        city=anshan, station__isnull=True, date=date(2026, 5, 1)
    )
    assert value.pm25 == 50 and value.aqi is not None
