"""Building the history a backtest runs on, from files or from the database."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from pathlib import Path

from ecobureau.lib import air_files, air_forecast
from ecobureau.lib import aqi as aqi_lib

from .. import selectors
from ..models import City


def series_from_files(
    paths: Sequence[Path], *, standard: aqi_lib.Standard
) -> air_forecast.Series:
    """The city history of the stations in the files (research-data format);
    a file with a bad row is refused with the rows named."""
    rows: list[air_files.HourRow] = []
    errors: list[str] = []
    for path in paths:
        for row in air_files.read_rows(air_files.open_text(path)):
            if isinstance(row, air_files.RowError):
                errors.append(f"{path.name} 第{row.line}行：{row.message}")
            else:
                rows.append(row)
    if errors:
        raise ValueError("\n".join(errors[:50]))
    if not rows:
        raise ValueError("文件中没有数据")
    first = min(r.measured_at for r in rows).date()
    last = max(r.measured_at for r in rows).date()
    days = (last - first).days + 1
    _, conc, met = air_files.to_arrays(
        rows, start=datetime.combine(first, datetime.min.time()), days=days
    )
    return air_forecast.series_from_stations(
        start=first, station_hourly=conc, station_met=met, standard=standard
    )


def series_from_db(
    city: City, *, test_to: date, standard: aqi_lib.Standard
) -> air_forecast.Series:
    span = selectors.observation_span(city)
    if span is None:
        raise ValueError(f"{city}没有观测数据")
    return selectors.city_series(
        city,
        start=span[0],
        end=min(span[1], test_to + timedelta(days=1)),
        standard=standard,
    )
