"""Reading hourly air-quality files in the format of the Beijing research data
(UCI "Beijing Multi-Site Air-Quality Data" and "Beijing PM2.5 Data"; see
shared data/air/README.md), gzipped or plain CSV.

Multi-site format (one station per file, `station` column):
    No,year,month,day,hour,PM2.5,PM10,SO2,NO2,CO,O3,TEMP,PRES,DEWP,RAIN,wd,WSPM,station
PM2.5-only format (the US Embassy series; the station is named by the caller):
    No,year,month,day,hour,pm2.5,DEWP,TEMP,PRES,cbwd,Iws,Is,Ir

Missing values are the literal `NA`. Concentrations are µg/m³, CO too (divided
by 1000 here: HJ 633 uses mg/m³). Hours 0..23 are local time (Asia/Shanghai).
Each row either parses or yields a `RowError` with its line number and a
Chinese message, so an import can report every bad row and write nothing.
"""

from __future__ import annotations

import csv
import gzip
import io
import math
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import numpy as np
import numpy.typing as npt

from .air_forecast import MET_KEYS, direction_degrees, wind_components
from .air_stats import HOURLY_KEYS

Array = npt.NDArray[np.float64]

MULTI_SITE = (
    "No",
    "year",
    "month",
    "day",
    "hour",
    "PM2.5",
    "PM10",
    "SO2",
    "NO2",
    "CO",
    "O3",
    "TEMP",
    "PRES",
    "DEWP",
    "RAIN",
    "wd",
    "WSPM",
    "station",
)
PM25_ONLY = (
    "No",
    "year",
    "month",
    "day",
    "hour",
    "pm2.5",
    "DEWP",
    "TEMP",
    "PRES",
    "cbwd",
    "Iws",
    "Is",
    "Ir",
)

_POLLUTANTS = (
    ("PM2.5", "pm25"),
    ("PM10", "pm10"),
    ("SO2", "so2"),
    ("NO2", "no2"),
    ("CO", "co"),
    ("O3", "o3"),
)
_MET = (
    ("TEMP", "temp"),
    ("PRES", "pres"),
    ("DEWP", "dewp"),
    ("RAIN", "rain"),
    ("WSPM", "wspm"),
)
# The combined direction of the PM2.5-only file: NW, NE, SE, or calm/variable.
_CBWD = {"NW": 315.0, "NE": 45.0, "SE": 135.0, "SW": 225.0, "CV": None}
# Plausible upper bounds; a value above is a unit or entry error, not air.
_MAXIMUM = {
    "pm25": 2000.0,
    "pm10": 3000.0,
    "so2": 3000.0,
    "no2": 2000.0,
    "co": 100.0,
    "o3": 1500.0,
}


class FileFormatError(ValueError):
    """The file as a whole cannot be read (unknown header, not text)."""


@dataclass(frozen=True)
class HourRow:
    line: int
    station: str
    measured_at: datetime  # naive local time (Asia/Shanghai), the hour's label
    values: dict[str, float | None]  # HOURLY_KEYS, CO in mg/m³
    met: dict[str, float | None] = field(default_factory=dict)  # temp … wspm, wd


@dataclass(frozen=True)
class RowError:
    line: int
    message: str


def open_text(path: Path) -> io.TextIOBase:
    """A text stream of a .csv or .csv.gz file (UTF-8, BOM tolerated)."""
    raw = path.read_bytes()
    if raw[:2] == b"\x1f\x8b":
        try:
            raw = gzip.decompress(raw)
        except (OSError, EOFError) as error:
            raise FileFormatError(f"{path.name}：gzip文件已损坏（{error}）") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise FileFormatError(f"{path.name}：不是UTF-8编码的文本文件") from None
    return io.StringIO(text, newline="")


def read_rows(
    lines: Iterable[str], *, station: str | None = None
) -> Iterator[HourRow | RowError]:
    """Parse one file's lines. `station` names the station of a PM2.5-only file
    (and must be None for multi-site files, which name their own)."""
    reader = csv.reader(lines)
    try:
        head = tuple(next(reader))
    except StopIteration:
        raise FileFormatError("文件为空") from None
    if head == MULTI_SITE:
        pm25_only = False
    elif head == PM25_ONLY:
        if not station:
            raise FileFormatError("PM2.5单项格式的文件须指定站点（--station）")
        pm25_only = True
    else:
        raise FileFormatError(
            "表头与数据格式不符：应为 "
            + ",".join(MULTI_SITE)
            + " 或 "
            + ",".join(PM25_ONLY)
        )
    for number, cells in enumerate(reader, start=2):
        if not cells or all(not c.strip() for c in cells):
            continue
        if len(cells) != len(head):
            yield RowError(number, f"应有{len(head)}列，实有{len(cells)}列")
            continue
        row = dict(zip(head, cells, strict=True))
        try:
            yield (_pm25_row if pm25_only else _multi_row)(number, row, station)
        except _Bad as bad:
            yield RowError(number, "；".join(bad.problems))


class _Bad(Exception):
    def __init__(self, problems: list[str]) -> None:
        super().__init__("；".join(problems))
        self.problems = problems


def _when(row: dict[str, str], problems: list[str]) -> datetime | None:
    try:
        year, month, day, hour = (int(row[k]) for k in ("year", "month", "day", "hour"))
    except ValueError:
        problems.append("年、月、日、时须为整数")
        return None
    if not 0 <= hour <= 23:
        problems.append(f"时应为0–23，收到{hour}")
        return None
    try:
        return datetime(year, month, day, hour)  # noqa: DTZ001 (local, named above)
    except ValueError:
        problems.append(f"{year}-{month}-{day}不是存在的日期")
        return None


def _number(
    row: dict[str, str], column: str, problems: list[str], *, signed: bool = False
) -> float | None:
    text = row[column].strip()
    if text in ("NA", ""):
        return None
    try:
        value = float(text)
    except ValueError:
        problems.append(f"{column}“{text}”不是数字")
        return None
    if not math.isfinite(value):
        problems.append(f"{column}“{text}”不是有限的数字")
        return None
    if value < 0 and not signed:
        problems.append(f"{column}不能为负数，收到{text}")
        return None
    return value


def _multi_row(number: int, row: dict[str, str], _: str | None) -> HourRow:
    problems: list[str] = []
    when = _when(row, problems)
    values: dict[str, float | None] = {}
    for column, key in _POLLUTANTS:
        value = _number(row, column, problems)
        if value is not None and key == "co":
            value /= 1000  # the file's CO is µg/m³; HJ 633 uses mg/m³
        if value is not None and value > _MAXIMUM[key]:
            problems.append(f"{column}={row[column]}超出合理范围，请检查单位")
        values[key] = value
    met: dict[str, float | None] = {}
    for column, key in _MET:
        met[key] = _number(row, column, problems, signed=column in ("TEMP", "DEWP"))
    wd = row["wd"].strip()
    if wd in ("NA", ""):
        met["wd"] = None
    else:
        try:
            met["wd"] = direction_degrees(wd)
        except ValueError:
            problems.append(f"风向“{wd}”应为16方位（如NNW）或0–360的度数")
    name = row["station"].strip()
    if not name:
        problems.append("站点名称为空")
    if problems or when is None:
        raise _Bad(problems)
    return HourRow(number, name, when, values, met)


def _pm25_row(number: int, row: dict[str, str], station: str | None) -> HourRow:
    problems: list[str] = []
    when = _when(row, problems)
    pm25 = _number(row, "pm2.5", problems)
    if pm25 is not None and pm25 > _MAXIMUM["pm25"]:
        problems.append(f"pm2.5={row['pm2.5']}超出合理范围，请检查单位")
    met: dict[str, float | None] = {
        "temp": _number(row, "TEMP", problems, signed=True),
        "pres": _number(row, "PRES", problems),
        "dewp": _number(row, "DEWP", problems, signed=True),
        "rain": None,
        "wspm": None,
    }
    cbwd = row["cbwd"].strip().upper()
    if cbwd in ("NA", ""):
        met["wd"] = None
    elif cbwd in _CBWD:
        met["wd"] = _CBWD[cbwd]
    else:
        problems.append(f"风向“{row['cbwd']}”应为NW、NE、SE、SW或cv")
    if problems or when is None:
        raise _Bad(problems)
    values: dict[str, float | None] = {
        "so2": None,
        "no2": None,
        "pm10": None,
        "co": None,
        "o3": None,
        "pm25": pm25,
    }
    return HourRow(number, station or "", when, values, met)


def to_arrays(
    rows: Iterable[HourRow], *, start: datetime, days: int
) -> tuple[list[str], Array, Array]:
    """Station names and (stations, days*24, 6) concentrations and
    (stations, days*24, 7) meteorology (air_forecast.MET_KEYS) from `start`."""
    by_station: dict[str, list[HourRow]] = {}
    for row in rows:
        by_station.setdefault(row.station, []).append(row)
    names = sorted(by_station)
    hours = days * 24
    conc = np.full((len(names), hours, len(HOURLY_KEYS)), np.nan)
    met = np.full((len(names), hours, len(MET_KEYS)), np.nan)
    for s, name in enumerate(names):
        for row in by_station[name]:
            i = int((row.measured_at - start).total_seconds() // 3600)
            if not 0 <= i < hours:
                continue
            for j, key in enumerate(HOURLY_KEYS):
                value = row.values.get(key)
                if value is not None:
                    conc[s, i, j] = value
            met[s, i] = met_vector(row.met)
    return names, conc, met


def met_vector(met: dict[str, float | None]) -> Array:
    """MET_KEYS values of one hour, wind as (u, v) components."""
    out = np.full(len(MET_KEYS), np.nan)
    for key in ("temp", "pres", "dewp", "rain", "wspm"):
        value = met.get(key)
        if value is not None:
            out[MET_KEYS.index(key)] = value
    speed, direction = met.get("wspm"), met.get("wd")
    if speed is not None and direction is not None:
        u, v = wind_components(speed, direction)
        out[MET_KEYS.index("u")], out[MET_KEYS.index("v")] = u, v
    return out
