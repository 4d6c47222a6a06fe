"""Daily, 8-hour and moving statistics of hourly air-quality observations, with
the data-validity rules that decide when a statistic exists at all.

Hourly values are numpy arrays with NaN for a missing or invalid hour. A day is
the natural day 00:00–23:00 (hour labels 0..23, local time), as GB 3095—2026
3.10 defines 日平均 and HJ 633—2026 4.2.2 the daily report.

The validity rules are configuration (`ValidityRules`), each with the clause it
comes from. They are GB 3095—2012 表4 and HJ 663—2013 as the reference notes
record them (reference/aqi.md §1.7); GB 3095—2026 §6 and HJ 663—2026 were not
read, so they ship as example configuration (示例配置) until checked.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import numpy.typing as npt

Array = npt.NDArray[np.float64]

# Columns of an hourly array (CO in mg/m³, the rest in µg/m³).
HOURLY_KEYS = ("so2", "no2", "pm10", "co", "o3", "pm25")
# Columns of a daily array: the `aqi` rule's daily input keys.
DAILY_KEYS = ("so2", "no2", "pm10", "co", "o3_1h", "o3_8h", "pm25")

_H = {key: index for index, key in enumerate(HOURLY_KEYS)}


@dataclass(frozen=True)
class ValidityRules:
    """When a statistic is valid (示例配置: check against GB 3095—2026 §6)."""

    # GB 3095—2012 表4: 24 h mean — "每日至少有20个小时平均浓度值".
    daily_min_hours: int = 20
    # GB 3095—2012 表4: 8 h mean — "每8小时至少有6小时平均浓度值".
    eight_hour_min_hours: int = 6
    # HJ 663—2013 4.3: daily max 8 h — at least 14 valid 8 h means in the day.
    daily_max8h_min_windows: int = 14
    # A city's value is the mean of its stations' values (HJ 663—2013 4.2);
    # the share of stations that must have one is a local choice (示例配置).
    city_min_station_share: float = 0.75

    def cite(self) -> list[str]:
        return [
            f"日平均：每日至少{self.daily_min_hours}个有效小时值（GB 3095—2012 表4）",
            f"8小时平均：8小时中至少{self.eight_hour_min_hours}个有效小时值"
            "（GB 3095—2012 表4）",
            f"日最大8小时平均：至少{self.daily_max8h_min_windows}个有效8小时平均值"
            "（HJ 663—2013）",
            f"城市均值：至少{self.city_min_station_share:.0%}的点位有效（示例配置）",
        ]


DEFAULT_RULES = ValidityRules()


def _mean(values: Array, axis: int) -> Array:
    """Mean of the values present along `axis`; NaN where none is."""
    valid = ~np.isnan(values)
    total = np.where(valid, values, 0.0).sum(axis=axis)
    count = valid.sum(axis=axis)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.asarray(total / count, dtype=np.float64)


def _window_mean(values: Array, window: int, min_valid: int) -> Array:
    """Trailing moving mean over `window` values along axis 0 (the value at i
    covers i-window+1..i), NaN where fewer than `min_valid` are present or the
    window runs off the start."""
    valid = ~np.isnan(values)
    filled = np.where(valid, values, 0.0)
    zero = np.zeros((1, *values.shape[1:]))
    sums = np.concatenate([zero, np.cumsum(filled, axis=0)])
    counts = np.concatenate([zero, np.cumsum(valid, axis=0)])
    n = values.shape[0]
    out = np.full(values.shape, np.nan)
    if n >= window:
        window_sum = sums[window:] - sums[:-window]
        window_count = counts[window:] - counts[:-window]
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = window_sum / window_count
        mean[window_count < min_valid] = np.nan
        out[window - 1 :] = mean
    return out


def moving_average(hourly: Array, window: int, min_valid: int) -> Array:
    """Trailing moving averages of a contiguous hourly series (axis 0: hours)."""
    return _window_mean(np.asarray(hourly, dtype=np.float64), window, min_valid)


def daily_statistics(days: Array, rules: ValidityRules = DEFAULT_RULES) -> Array:
    """Daily statistics of one station: `days` is (n_days, 24, 6) in HOURLY_KEYS
    order; the result is (n_days, 7) in DAILY_KEYS order, NaN where invalid."""
    days = np.asarray(days, dtype=np.float64)
    n_days = days.shape[0]
    out = np.full((n_days, len(DAILY_KEYS)), np.nan)
    valid = ~np.isnan(days)
    counts = valid.sum(axis=1)  # (n_days, 6)
    means = _mean(days, axis=1)
    means[counts < rules.daily_min_hours] = np.nan
    for key in ("so2", "no2", "pm10", "co", "pm25"):
        out[:, DAILY_KEYS.index(key)] = means[:, _H[key]]
    o3 = days[:, :, _H["o3"]]
    o3_count = counts[:, _H["o3"]]
    o3_max = np.max(np.where(np.isnan(o3), -np.inf, o3), axis=1)
    o3_max[(o3_count < rules.daily_min_hours) | np.isinf(o3_max)] = np.nan
    out[:, DAILY_KEYS.index("o3_1h")] = o3_max
    # 8 h moving means inside the natural day: windows ending 07:00 … 23:00.
    windows = _window_mean(o3.T, 8, rules.eight_hour_min_hours).T[:, 7:]
    window_count = (~np.isnan(windows)).sum(axis=1)
    max8 = np.max(np.where(np.isnan(windows), -np.inf, windows), axis=1)
    max8[(window_count < rules.daily_max8h_min_windows) | np.isinf(max8)] = np.nan
    out[:, DAILY_KEYS.index("o3_8h")] = max8
    return out


def city_mean(station_values: Array, rules: ValidityRules = DEFAULT_RULES) -> Array:
    """The city's values from its stations' (axis 0: stations): the mean of the
    stations that have a value, NaN where too few do."""
    values = np.asarray(station_values, dtype=np.float64)
    n_stations = values.shape[0]
    present = (~np.isnan(values)).sum(axis=0)
    mean = _mean(values, axis=0)
    needed = max(1, int(np.ceil(rules.city_min_station_share * n_stations - 1e-9)))
    mean[present < needed] = np.nan
    return np.asarray(mean, dtype=np.float64)
