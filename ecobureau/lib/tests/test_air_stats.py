"""lib.air_stats: validity rules for daily and 8-hour statistics."""

from __future__ import annotations

import numpy as np

from ecobureau.lib import air_stats

K = {key: i for i, key in enumerate(air_stats.DAILY_KEYS)}


def day(values: float, missing_hours: int = 0) -> np.ndarray:
    hours = np.full((1, 24, 6), float(values))
    if missing_hours:
        hours[0, :missing_hours] = np.nan
    return hours


def test_daily_mean_needs_20_valid_hours() -> None:
    assert air_stats.daily_statistics(day(40, missing_hours=4))[0, K["pm25"]] == 40
    assert np.isnan(air_stats.daily_statistics(day(40, missing_hours=5))[0, K["pm25"]])


def test_daily_max_8h_needs_14_valid_windows_of_6_hours() -> None:
    hours = day(50)
    hours[0, :, 4] = np.arange(24) * 10.0  # O3 rising through the day
    stats = air_stats.daily_statistics(hours)[0]
    assert stats[K["o3_8h"]] == np.mean(np.arange(16, 24) * 10.0)
    assert stats[K["o3_1h"]] == 230
    # windows ending 07:00–23:00 are 17; knock out enough hours to leave 13 valid
    hours[0, 5:16, 4] = np.nan
    assert np.isnan(air_stats.daily_statistics(hours)[0, K["o3_8h"]])


def test_city_mean_needs_three_quarters_of_the_stations() -> None:
    values = np.array([[10.0], [20.0], [30.0], [np.nan]])
    assert air_stats.city_mean(values)[0] == 20
    values[2, 0] = np.nan
    assert np.isnan(air_stats.city_mean(values)[0])


def test_moving_average_counts_only_present_hours() -> None:
    series = np.array([[1.0], [np.nan], [3.0], [5.0]])
    out = air_stats.moving_average(series, 3, 2)[:, 0]
    assert np.isnan(out[0]) and np.isnan(out[1])
    assert out[2] == 2 and out[3] == 4


def test_the_rules_are_cited() -> None:
    assert any("GB 3095—2012 表4" in line for line in air_stats.DEFAULT_RULES.cite())
