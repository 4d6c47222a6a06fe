"""Import of the meteorological bureau's daily forecast for a city.

Format (CSV, UTF-8, one row per forecast day; docs/modules/air.md):

    issued_on,date,TEMP,PRES,DEWP,RAIN,WSPM,wd
    2026-11-22,2026-11-23,-2.5,1026.0,-12.0,0,3.2,NW

issued_on: the day the bureau issued it; date: the day forecast; daily mean
temperature and dew point (°C), station pressure (hPa), total
precipitation (mm), mean wind speed (m/s) and prevailing direction (16 points or
degrees) — the same quantities, under the same names, as the observations the
model is trained on. All rows or none are imported.
"""

from __future__ import annotations

import csv
import hashlib
import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from django.db import transaction

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.lib import air_files, air_forecast

from ..models import City, WeatherForecast

COLUMNS = ("issued_on", "date", "TEMP", "PRES", "DEWP", "RAIN", "WSPM", "wd")
_RANGES = {
    "TEMP": (-60.0, 60.0),
    "PRES": (500.0, 1100.0),
    "DEWP": (-80.0, 40.0),
    "RAIN": (0.0, 1000.0),
    "WSPM": (0.0, 75.0),
}


@dataclass
class WeatherReport:
    rows: int = 0
    errors: list[str] = field(default_factory=list)


def weather_import(*, city: City, path: Path, by: User | None) -> WeatherReport:
    report = WeatherReport()
    try:
        raw = path.read_bytes()
        stream = air_files.open_text(path)
    except (OSError, air_files.FileFormatError) as error:
        report.errors.append(f"{path.name}：{error}")
        return report
    reader = csv.reader(stream)
    head = tuple(next(reader, ()))
    if head != COLUMNS:
        report.errors.append(f"{path.name}：表头应为 {','.join(COLUMNS)}")
        return report
    rows: list[WeatherForecast] = []
    seen: dict[tuple[date, date], int] = {}
    for number, cells in enumerate(reader, start=2):
        if not cells or all(not c.strip() for c in cells):
            continue
        problems: list[str] = []
        row = _row(city, dict(zip(COLUMNS, cells, strict=False)), len(cells), problems)
        if row is not None:
            key = (row.issued_on, row.date)
            if key in seen:
                problems.append(f"与第{seen[key]}行重复")
            seen[key] = number
        if problems:
            report.errors.append(f"第{number}行：{'；'.join(problems)}")
        elif row is not None:
            rows.append(row)
    if report.errors:
        return report
    sha = hashlib.sha256(raw).hexdigest()
    for row in rows:
        row.source_sha256 = sha
    with transaction.atomic():
        WeatherForecast.objects.bulk_create(
            rows,
            update_conflicts=True,
            unique_fields=["city", "issued_on", "date"],
            update_fields=[
                "temp",
                "pres",
                "dewp",
                "rain",
                "wspm",
                "wd",
                "source_sha256",
            ],
        )
        records.append(
            action="air.weather.import",
            target=city,
            actor=by,
            data={"rows": len(rows)},
            sha256=[sha],
        )
    report.rows = len(rows)
    return report


def _row(
    city: City, cells: dict[str, str], count: int, problems: list[str]
) -> WeatherForecast | None:
    if count != len(COLUMNS):
        problems.append(f"应有{len(COLUMNS)}列，实有{count}列")
        return None
    days = []
    for key in ("issued_on", "date"):
        try:
            days.append(date.fromisoformat(cells[key].strip()))
        except ValueError:
            problems.append(f"{key}“{cells[key]}”应为YYYY-MM-DD格式的日期")
    values: dict[str, float] = {}
    for key, (low, high) in _RANGES.items():
        try:
            value = float(cells[key])
        except ValueError:
            problems.append(f"{key}“{cells[key]}”不是数字")
            continue
        if not math.isfinite(value) or not low <= value <= high:
            problems.append(f"{key}={cells[key]}超出合理范围（{low:g}–{high:g}）")
        values[key] = value
    try:
        wd = air_forecast.direction_degrees(cells["wd"])
    except ValueError:
        problems.append(f"风向“{cells['wd']}”应为16方位（如NW）或0–360的度数")
        wd = 0.0
    if len(days) == 2 and days[1] <= days[0]:
        problems.append("预报日期应晚于发布日")
    if problems:
        return None
    return WeatherForecast(
        city=city,
        issued_on=days[0],
        date=days[1],
        temp=values["TEMP"],
        pres=values["PRES"],
        dewp=values["DEWP"],
        rain=values["RAIN"],
        wspm=values["WSPM"],
        wd=wd,
        source_sha256="",
    )
