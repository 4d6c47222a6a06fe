"""Stations, hourly observations and the daily values computed from them."""

from __future__ import annotations

import hashlib
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.core.models import Division
from ecobureau.lib import air_files, air_forecast, air_stats
from ecobureau.lib import aqi as aqi_lib
from ecobureau.lib.dates import SHANGHAI, local_date

from .. import selectors
from ..models import City, DailyValue, Observation, Station

VALUE_FIELDS = (*air_stats.HOURLY_KEYS, *selectors.MET_FIELDS)


@transaction.atomic
def city_create(
    *,
    code: str,
    name: str,
    by: User | None,
    division: Division | None = None,
    label: str = "",
    forecast_enabled: bool = True,
) -> City:
    if City.objects.filter(code=code).exists():
        raise ValidationError(f"城市代码“{code}”已存在。")
    city = City.objects.create(
        code=code,
        name=name,
        division=division,
        label=label,
        forecast_enabled=forecast_enabled,
    )
    records.append(
        action="air.city.create", target=city, actor=by, after={"code": code}
    )
    return city


@transaction.atomic
def station_create(
    *,
    city: City,
    code: str,
    name: str,
    by: User | None,
    kind: str = Station.Kind.NATIONAL,
    district: Division | None = None,
    mn: str = "",
    latitude: Decimal | None = None,
    longitude: Decimal | None = None,
) -> Station:
    if Station.objects.filter(code=code).exists():
        raise ValidationError(f"点位编码“{code}”已存在。")
    if mn and Station.objects.filter(mn=mn).exists():
        raise ValidationError(f"MN号“{mn}”已被其他点位使用。")
    station = Station.objects.create(
        city=city,
        code=code,
        name=name,
        kind=kind,
        district=district,
        mn=mn,
        latitude=latitude,
        longitude=longitude,
    )
    records.append(
        action="air.station.create", target=station, actor=by, after={"code": code}
    )
    return station


# --- Import of files in the research-data format --------------------------------


@dataclass
class ImportReport:
    files: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    rows: int = 0
    created_stations: list[str] = field(default_factory=list)
    days: int = 0

    @property
    def ok(self) -> bool:
        return not self.errors


def observations_import(
    *,
    city: City,
    paths: Sequence[Path],
    by: User | None,
    create_stations: bool = False,
    station_for_pm25_file: str | None = None,
    source: str = Observation.Source.IMPORT,
) -> ImportReport:
    """Import hourly files (lib.air_files formats) for `city`, all or nothing.

    1. Read every file; every bad row is reported with its file and line.
    2. Every station named must exist in the city (or be created with
       `create_stations`); a station of another city is an error.
    3. Only if nothing is wrong: upsert the observations (a re-import of an
       hour replaces it), recompute the daily values of the days touched, and
       append one record entry naming the files' SHA-256.
    """
    report = ImportReport()
    parsed: list[air_files.HourRow] = []
    hashes: list[str] = []
    for path in paths:
        report.files.append(path.name)
        try:
            hashes.append(hashlib.sha256(path.read_bytes()).hexdigest())
            stream = air_files.open_text(path)
            rows = list(air_files.read_rows(stream, station=station_for_pm25_file))
        except (OSError, air_files.FileFormatError) as error:
            report.errors.append(f"{path.name}：{error}")
            continue
        for row in rows:
            if isinstance(row, air_files.RowError):
                report.errors.append(f"{path.name} 第{row.line}行：{row.message}")
            else:
                parsed.append(row)
    stations = _stations_for(
        city, {row.station for row in parsed}, create_stations, report
    )
    seen: dict[tuple[str, datetime], int] = {}
    for row in parsed:
        key = (row.station, row.measured_at)
        if key in seen:
            report.errors.append(
                f"站点{row.station} {row.measured_at:%Y-%m-%d %H}时重复（第{seen[key]}行与第{row.line}行）"
            )
        seen[key] = row.line
    if report.errors:
        return report
    with transaction.atomic():
        for name in sorted(stations):
            if stations[name].pk is None:
                stations[name] = station_create(city=city, code=name, name=name, by=by)
                report.created_stations.append(name)
        objects = [_observation(stations[row.station], row, source) for row in parsed]
        _upsert(objects)
        report.rows = len(objects)
        if parsed:
            first = min(row.measured_at for row in parsed).date()
            last = max(row.measured_at for row in parsed).date()
            report.days = daily_values_recompute(city=city, start=first, end=last)
        records.append(
            action="air.observations.import",
            target=city,
            actor=by,
            data={"files": report.files, "rows": report.rows},
            sha256=hashes,
        )
    return report


def _stations_for(
    city: City, names: Iterable[str], create: bool, report: ImportReport
) -> dict[str, Station]:
    known = {s.code: s for s in Station.objects.filter(code__in=list(names))}
    out: dict[str, Station] = {}
    for name in sorted(names):
        station = known.get(name)
        if station is None:
            if create:
                out[name] = Station(city=city, code=name, name=name)
            else:
                report.errors.append(
                    f"点位“{name}”不存在：请先登记点位，或使用 --create-stations 自动登记"
                )
        elif station.city_id != city.pk:
            report.errors.append(f"点位“{name}”属于{station.city}，不属于{city}")
        else:
            out[name] = station
    return out


def _observation(station: Station, row: air_files.HourRow, source: str) -> Observation:
    return Observation(
        station=station,
        measured_at=row.measured_at.replace(tzinfo=SHANGHAI),
        source=source,
        **{key: row.values.get(key) for key in air_stats.HOURLY_KEYS},
        **{key: row.met.get(key) for key in selectors.MET_FIELDS},
    )


def _upsert(objects: list[Observation]) -> None:
    Observation.objects.bulk_create(
        objects,
        batch_size=2000,
        update_conflicts=True,
        unique_fields=["station", "measured_at"],
        update_fields=[*VALUE_FIELDS, "source"],
    )


# --- The HJ 212 gateway (ST=22 air-quality stations) -----------------------------

# HJ 212 codes of an air-quality station's hourly packet (reference/hj212.md,
# code table; O3 a05024 is outside HJ 212-2017 Appendix B but what stations send).
HJ212_CODES = {
    "a21026": "so2",
    "a21004": "no2",
    "a34002": "pm10",
    "a21005": "co",
    "a05024": "o3",
    "a34004": "pm25",
    "a01001": "temp",
    "a01006": "pres",
    "a01007": "wspm",
    "a01008": "wd",
    "a01002": "rh",
}
# HJ 212-2017 data flags: only N (正常) is a valid measurement; F 停运, M 维护,
# S 手工输入, D 故障, C 校准, T 超测上限, B 通讯异常 make the hour invalid.
VALID_FLAG = "N"


@transaction.atomic
def observation_receive(
    *,
    mn: str,
    measured_at: datetime,
    values: Mapping[str, float | Decimal],
    flags: Mapping[str, str] | None = None,
) -> Observation:
    """Store one hour from an air-quality station's HJ 212 packet (CN=2061, ST=22)
    — the service the HJ 212 gateway calls — and recompute that day.

    `values` maps HJ 212 codes to values as sent, `flags` codes to their data
    flag. Gases arrive in the station's configured unit (µg/m³ or mg/m³; CO is
    always mg/m³), pressure in kPa, humidity in %. A flagged value is stored
    empty; unknown codes are ignored here (the gateway keeps the raw frame).
    """
    station = Station.objects.filter(mn=mn, active=True).select_related("city").first()
    if station is None:
        raise ValidationError(f"未登记的空气质量监测点位MN：{mn}")
    if measured_at.tzinfo is None:
        raise ValidationError("监测时间必须带时区")
    flags = flags or {}
    fields: dict[str, float | None] = {}
    for code, key in HJ212_CODES.items():
        raw = values.get(code)
        if raw is None or flags.get(code, VALID_FLAG) != VALID_FLAG:
            fields[key] = None
            continue
        value = float(raw)
        if not math.isfinite(value) or (value < 0 and key not in ("temp",)):
            fields[key] = None
            continue
        if key in ("so2", "no2", "o3") and station.gas_unit == Station.GasUnit.MG:
            value *= 1000  # mg/m³ → µg/m³
        if key == "pres":
            value *= 10  # kPa → hPa
        fields[key] = value
    humidity = fields.pop("rh")
    fields["dewp"] = _dew_point(fields.get("temp"), humidity)
    fields["rain"] = None
    hour = measured_at.astimezone(SHANGHAI).replace(minute=0, second=0, microsecond=0)
    observation, _ = Observation.objects.update_or_create(
        station=station,
        measured_at=hour,
        defaults={**fields, "source": Observation.Source.HJ212},
    )
    day = local_date(hour)
    daily_values_recompute(city=station.city, start=day, end=day)
    return observation


def _dew_point(temp: float | None, humidity: float | None) -> float | None:
    """Dew point (°C) from temperature and relative humidity (Magnus formula)."""
    if temp is None or humidity is None or humidity <= 0:
        return None
    gamma = math.log(min(humidity, 100.0) / 100) + 17.625 * temp / (243.04 + temp)
    return 243.04 * gamma / (17.625 - gamma)


# --- Daily values -------------------------------------------------------------------


def daily_values_recompute(*, city: City, start: date, end: date) -> int:
    """Recompute the stations' and the city's daily values from `start` to `end`
    (both included), each under the standard in force on its day, and store
    them. Returns the number of city days with a value."""
    stations = list(selectors.station_list(city).order_by("pk"))
    days = (end - start).days + 1
    if days <= 0 or not stations:
        return 0
    conc, _ = selectors.observation_arrays(stations, start, days)
    rules = selectors.validity_rules()
    per_station = np.stack(
        [
            air_stats.daily_statistics(conc[s].reshape(days, 24, -1), rules)
            for s in range(len(stations))
        ]
    )
    city_values = air_stats.city_mean(per_station, rules)
    present = ~np.isnan(conc).all(axis=2)  # (stations, hours): any value
    rows: list[DailyValue] = []
    counted = 0
    for d in range(days):
        day = start + timedelta(days=d)
        for s, station in enumerate(stations):
            if present[s, d * 24 : (d + 1) * 24].any():
                rows.append(_daily_row(city, station, day, per_station[s, d]))
        if present[:, d * 24 : (d + 1) * 24].any():
            row = _daily_row(city, None, day, city_values[d])
            counted += row.aqi is not None
            rows.append(row)
    with transaction.atomic():
        DailyValue.objects.filter(city=city, date__gte=start, date__lte=end).delete()
        DailyValue.objects.bulk_create(rows, batch_size=2000)
    return counted


def _daily_row(
    city: City, station: Station | None, day: date, values: np.ndarray
) -> DailyValue:
    standard = aqi_lib.standard_for(day)
    other: aqi_lib.Standard = (
        aqi_lib.HJ633_2012 if standard == aqi_lib.HJ633_2026 else aqi_lib.HJ633_2026
    )
    result = air_forecast.daily_aqi(values.tolist(), standard)
    other_result = air_forecast.daily_aqi(values.tolist(), other)
    stats = {
        key: None if math.isnan(v) else round(float(v), 3)
        for key, v in zip(air_stats.DAILY_KEYS, values, strict=True)
    }
    return DailyValue(
        city=city,
        station=station,
        date=day,
        standard=standard,
        aqi=result.aqi if result else None,
        level=result.level if result else None,
        primary=result.primary if result else [],
        iaqi=result.iaqi if result else {},
        other_aqi=other_result.aqi if other_result else None,
        **stats,
    )


def local_hour(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=SHANGHAI)
