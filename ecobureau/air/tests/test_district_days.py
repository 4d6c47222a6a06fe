"""A district's daily values (`selectors.daily_district`): every pollutant's
daily mean of the district's own stations, computed the way the city's are —
station hours → station daily values (GB 3095—2012 表4 validity) → the mean of
the stations that have a value, with the share of stations required. The
arithmetic is in the comments."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ecobureau.air import selectors, services
from ecobureau.air.models import City, DailyValue, Station

from .conftest import HEADER

pytestmark = pytest.mark.django_db

# Hourly values per station: PM2.5, PM10, SO2, NO2, CO (µg/m³ in the file, CO
# divided by 1000 on import), O3. 2101A and 2103A are in district A, 2102A in B.
HOURS = {
    "2101A": (40, 80, 10, 30, 800, 60),
    "2102A": (150, 200, 100, 100, 3000, 200),
    "2103A": (50, 61, 20, 41, 1300, 90),
}


def _file(path: Path, first: date) -> Path:
    """Two days of hours for each station. On the first day 2101A's O3 is 150
    at 14:00 (60 otherwise). On the second day 2103A's SO2 is missing from 19:00:
    19 valid hours, below the 20 of GB 3095—2012 表4."""
    lines = [HEADER]
    number = 0
    for code, (pm25, pm10, so2, no2, co, o3) in HOURS.items():
        for day in range(2):
            when = first.replace(day=first.day + day)
            for hour in range(24):
                number += 1
                o3_now = 150 if (code, day, hour) == ("2101A", 0, 14) else o3
                so2_now = "NA" if (code == "2103A" and day == 1 and hour >= 19) else so2
                lines.append(
                    f"{number},{when.year},{when.month},{when.day},{hour},"
                    f"{pm25},{pm10},{so2_now},{no2},{co},{o3_now},"
                    f"10.0,1015.0,-5.0,0,NW,2.0,{code}"
                )
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def district_days(
    tmp_path: Path, anshan: City, stations: list[Station], district_a
) -> list[selectors.DistrictDay]:
    report = services.observations_import(
        city=anshan, paths=[_file(tmp_path / "d.csv", date(2026, 5, 1))], by=None
    )
    assert report.ok, report.errors
    return selectors.daily_district(
        anshan, district_a.pk, date(2026, 5, 1), date(2026, 5, 2)
    )


def test_a_district_day_carries_every_pollutant(district_days) -> None:
    first = district_days[0]
    assert first.date == date(2026, 5, 1)
    # the means of 2101A and 2103A; 2102A (district B) not read
    assert first.pm25 == 45.0  # (40 + 50) / 2
    assert first.pm10 == 70.5  # (80 + 61) / 2
    assert first.so2 == 15.0  # (10 + 20) / 2
    assert first.no2 == 35.5  # (30 + 41) / 2
    assert first.co == pytest.approx(1.05)  # (0.8 + 1.3) / 2 mg/m³
    # O3 1 h: the day's highest hour — 2101A 150, 2103A 90 → (150 + 90) / 2
    assert first.o3_1h == 120.0
    # O3 8 h: 2101A's highest 8-hour mean holds the 150 hour: (7 × 60 + 150) / 8
    # = 71.25; 2103A 90 → (71.25 + 90) / 2 = 80.625
    assert first.o3_8h == 80.625
    # HJ 633—2026 (in force on 1 May 2026): PM2.5 45 → 50 + (45 − 35) × 50 / 25
    # = 70 is the highest IAQI (PM10 70.5 → 70 → 50 + 20 × 50 / 70 = 64.3)
    assert (first.aqi, first.level) == (70, 2)
    assert first.values() == {
        "so2": 15.0, "no2": 35.5, "pm10": 70.5, "co": pytest.approx(1.05),
        "o3_1h": 120.0, "o3_8h": 80.625, "pm25": 45.0,
    }  # fmt: skip


def test_a_pollutant_below_the_station_share_has_no_district_mean(
    district_days,
) -> None:
    # 2 May: 2103A's SO2 has 19 hours → no station daily SO2; 1 of 2 stations
    # is below the 75 % share → no district SO2, the other pollutants stand
    second = district_days[1]
    assert second.so2 is None
    # O3 1 h: 2101A 60 all day, 2103A 90 → 75
    assert (second.pm25, second.no2, second.o3_1h) == (45.0, 35.5, 75.0)
    # with SO2 missing an AQI of 70 (≤ 100) is not published (HJ 633—2026
    # 5.3.1, `lib.air_forecast.daily_aqi`), as for the city
    assert (second.aqi, second.level) == (None, None)


def test_a_one_station_district_equals_the_stored_station_values(
    district_days, anshan, stations, district_b
) -> None:
    # the same arithmetic as the stored daily values: district B is 2102A alone
    (day, _) = selectors.daily_district(
        anshan, district_b.pk, date(2026, 5, 1), date(2026, 5, 2)
    )
    stored = DailyValue.objects.get(station=stations[1], date=date(2026, 5, 1))
    for key, value in day.values().items():
        assert value == pytest.approx(getattr(stored, key)), key
    assert (day.so2, day.co, day.o3_1h) == (100.0, 3.0, 200.0)
    assert (day.aqi, day.level) == (stored.aqi, stored.level)
