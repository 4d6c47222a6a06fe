"""Fixtures of the air module: the city, its stations, the people who forecast,
approve and file, and a writer of hourly files in the research-data format."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.tests.factories import UnitFactory, UserFactory
from ecobureau.air import services
from ecobureau.air.models import City, Station
from ecobureau.core.models import Division

HEADER = "No,year,month,day,hour,PM2.5,PM10,SO2,NO2,CO,O3,TEMP,PRES,DEWP,RAIN,wd,WSPM,station"


@pytest.fixture
def monitoring_centre(bureau: Unit) -> Unit:
    return UnitFactory(
        code="monitoring-centre",
        name="辽宁省鞍山生态环境监测中心",
        parent=bureau,
        kind=Unit.Kind.CENTRE,
    )


@pytest.fixture
def air_section(bureau: Unit) -> Unit:
    return UnitFactory(code="air", name="鞍山市生态环境局大气环境科", parent=bureau)


@pytest.fixture
def forecaster(monitoring_centre: Unit) -> User:
    """空气质量预报员 at the monitoring centre: drafts, reviews, publishes."""
    return UserFactory(
        username="forecaster",
        full_name="钱预报",
        unit=monitoring_centre,
        scope=User.Scope.CITY,
        role_codes=["forecaster"],
    )


@pytest.fixture
def air_head(air_section: Unit) -> User:
    """大气科科长: reviews warnings (审核) and files plans."""
    return UserFactory(
        username="air-head",
        full_name="刘科长",
        unit=air_section,
        scope=User.Scope.CITY,
        role_codes=["section_head"],
    )


@pytest.fixture
def air_staff(air_section: Unit) -> User:
    """大气科科员: reviews emergency plans."""
    return UserFactory(
        username="air-staff",
        full_name="周科员",
        unit=air_section,
        scope=User.Scope.CITY,
        role_codes=["section_staff"],
    )


@pytest.fixture
def anshan(city: Division) -> City:
    return services.city_create(code="210300", name="鞍山市", by=None, division=city)


@pytest.fixture
def stations(anshan: City, district_a: Division, district_b: Division) -> list[Station]:
    return [
        services.station_create(
            city=anshan,
            code=code,
            name=name,
            by=None,
            district=district,
            latitude=lat,
            longitude=lng,
            mn=f"AIR{code}",
        )
        for code, name, district, lat, lng in (
            ("2101A", "铁东站", district_a, 41.11, 122.99),
            ("2102A", "铁西站", district_b, 41.12, 122.95),
            ("2103A", "千山站", district_a, 41.05, 123.05),
        )
    ]


Pattern = Callable[[datetime, int], float]


def flat(pm25: float) -> Pattern:
    return lambda when, station: pm25


def write_hours(
    path: Path,
    station_codes: list[str],
    start: date,
    days: int,
    pm25: Pattern,
    *,
    extra: dict[tuple[str, int], str] | None = None,
) -> Path:
    """A file of hourly rows for each station: PM2.5 from the pattern, PM10 at
    1.3×, low gases, O3 at 60, mild weather. `extra` replaces the text of chosen
    rows, keyed by (station code, hours from the start)."""
    lines = [HEADER]
    number = 0
    for s, code in enumerate(station_codes):
        for h in range(days * 24):
            when = datetime.combine(start, datetime.min.time()) + timedelta(hours=h)
            number += 1
            value = pm25(when, s)
            row = (
                f"{number},{when.year},{when.month},{when.day},{when.hour},"
                f"{value:.0f},{value * 1.3:.0f},8,30,600,60,"
                f"{5 + 5 * math.sin(h / 24 * 2 * math.pi):.1f},1015.0,-5.0,0,NW,2.0,{code}"
            )
            if extra and (code, h) in extra:
                row = extra[(code, h)]
            lines.append(row)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def observe(tmp_path: Path, anshan: City, stations: list[Station]) -> Any:
    """Import `days` days of hours from `start` for all stations, by the service."""

    def run(start: date, days: int, pm25: Pattern) -> services.ImportReport:
        path = write_hours(
            tmp_path / f"obs-{start}.csv", [s.code for s in stations], start, days, pm25
        )
        report = services.observations_import(city=anshan, paths=[path], by=None)
        assert report.ok, report.errors
        return report

    return run
