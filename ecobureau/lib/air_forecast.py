"""The city air-quality forecast: next 7 days' AQI range, level and primary
pollutant, from a statistical model trained on the city's own history.

What a forecast may know is a `Snapshot`: the hourly observations of the issue
day before the cut-off hour (the 14:00 job sees the hours labelled 0..13), the
complete days before it, and — when the meteorological bureau supplied one — the
weather forecast of the target days. `Series.snapshot` builds exactly that and
nothing else, so a backtest cannot look ahead.

The model, per lead day 1..7 (plain least squares and a multinomial logistic
classifier, numpy only):
1. a ridge regression of log AQI on the snapshot's features gives the median AQI;
2. a multinomial logistic regression gives the most likely level (HJ 633 附录 A);
3. the point forecast is the median moved into that level, when cross-validation
   on the training years shows this helps (it does at day 1);
4. a weight between the model and the monthly climatology, chosen by
   cross-validation on the training years, so a lead day where the model has no
   skill falls back to climatology (weight 0);
5. per-pollutant regressions of log concentration give the primary pollutant
   (HJ 633—2026 4.2.5: a daily forecast uses the daily rules).
With a weather forecast the same is trained on the target day's weather too
("perfect prognosis": observed weather stands in for the forecast in training).

The published range has a fixed width around the point (configurable, ≤ 30).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import Any

import numpy as np
import numpy.typing as npt

from . import air_stats
from . import aqi as aqi_lib

Array = npt.NDArray[np.float64]

LEADS = 7
CUTOFF_HOUR = 14  # the 14:00 job sees hours labelled 0..13 of the issue day
RANGE_WIDTH = 30
MODEL_VERSION = "ridge-logit-1"
# Meteorology columns of an hourly or daily weather array.
MET_KEYS = ("temp", "pres", "dewp", "rain", "wspm", "u", "v")
_M = {key: index for index, key in enumerate(MET_KEYS)}
_P = {key: index for index, key in enumerate(air_stats.HOURLY_KEYS)}
_D = {key: index for index, key in enumerate(air_stats.DAILY_KEYS)}
# Level edges in AQI: level l holds (EDGES[l-1], EDGES[l]] (HJ 633 附录 A).
LEVEL_EDGES = (0, 50, 100, 150, 200, 300, 500)
MIN_TRAINING_DAYS = 180
PRIMARY_KEYS = ("so2", "no2", "pm10", "co", "o3_8h", "pm25")
_PRIMARY_NAME = {
    "so2": aqi_lib.SO2,
    "no2": aqi_lib.NO2,
    "pm10": aqi_lib.PM10,
    "co": aqi_lib.CO,
    "o3_8h": aqi_lib.O3,
    "pm25": aqi_lib.PM25,
}
WIND_DIRECTIONS = [
    "N",
    "NNE",
    "NE",
    "ENE",
    "E",
    "ESE",
    "SE",
    "SSE",
    "S",
    "SSW",
    "SW",
    "WSW",
    "W",
    "WNW",
    "NW",
    "NNW",
]


def wind_components(speed: float, direction_deg: float) -> tuple[float, float]:
    """(u, v) of a wind blowing *from* `direction_deg` (meteorological)."""
    angle = math.radians(direction_deg)
    return -speed * math.sin(angle), -speed * math.cos(angle)


def direction_degrees(text: str) -> float:
    """Degrees of a 16-point direction ("NNW") or of a number in degrees."""
    text = text.strip().upper()
    if text in WIND_DIRECTIONS:
        return WIND_DIRECTIONS.index(text) * 22.5
    value = float(text)
    if not 0 <= value <= 360:
        raise ValueError(text)
    return value


# --- The city's history ----------------------------------------------------------


@dataclass
class Series:
    """A city's history, one row per local day from `start`.

    `hourly` (days, 24, 6): city-mean hourly concentrations (HOURLY_KEYS);
    `met` (days, 24, 7): city-mean hourly meteorology (MET_KEYS), NaN if none;
    `daily` (days, 7): the city's daily statistics (DAILY_KEYS);
    `aqi` (days,): the observed daily AQI under `standard` (NaN: not valid);
    `primary`: the observed primary pollutants of each day.
    """

    start: date
    hourly: Array
    met: Array
    daily: Array
    aqi: Array
    primary: list[tuple[str, ...]]
    standard: aqi_lib.Standard

    @property
    def days(self) -> int:
        return int(self.daily.shape[0])

    def index(self, day: date) -> int:
        return (day - self.start).days

    def day_at(self, index: int) -> date:
        return self.start + timedelta(days=int(index))

    def snapshot(
        self,
        issue: date,
        *,
        cutoff_hour: int = CUTOFF_HOUR,
        weather: Array | None = None,
    ) -> Snapshot:
        """What is known at the cut-off hour of `issue`: complete days before it,
        the issue day's hours before the cut-off, and `weather` (the forecast
        of the target days, (7, 7) in MET_KEYS order) if any."""
        i = self.index(issue)
        if i < 0 or i >= self.days:
            raise ValueError(f"签发日{issue}不在数据范围内")
        hourly = self.hourly[max(0, i - 2) : i + 1].copy()
        met = self.met[max(0, i - 2) : i + 1].copy()
        hourly[-1, cutoff_hour:] = np.nan
        met[-1, cutoff_hour:] = np.nan
        return Snapshot(
            issue=issue,
            cutoff_hour=cutoff_hour,
            hourly=_pad_front(hourly, 3),
            met=_pad_front(met, 3),
            daily=_pad_front(self.daily[max(0, i - 2) : i], 2),
            weather=weather,
        )


def _pad_front(values: Array, rows: int) -> Array:
    if values.shape[0] >= rows:
        return values
    pad = np.full((rows - values.shape[0], *values.shape[1:]), np.nan)
    return np.concatenate([pad, values])


def series_from_stations(
    *,
    start: date,
    station_hourly: Array,
    station_met: Array | None,
    standard: aqi_lib.Standard,
    rules: air_stats.ValidityRules = air_stats.DEFAULT_RULES,
) -> Series:
    """A city's Series from its stations' hourly observations.

    `station_hourly` is (stations, days*24, 6), hours from `start` 00:00 local;
    `station_met` the same shape with MET_KEYS (or None). Daily statistics are
    computed per station under the validity rules, then averaged over the
    stations (HJ 663). Every day's AQI is computed under `standard`: a model
    learns the AQI it will be judged by (the standard of its target dates).
    """
    stations, hours, _ = station_hourly.shape
    days = hours // 24
    per_station = np.stack(
        [
            air_stats.daily_statistics(
                station_hourly[s, : days * 24].reshape(days, 24, -1), rules
            )
            for s in range(stations)
        ]
    )
    daily = air_stats.city_mean(per_station, rules)
    hourly = air_stats.city_mean(station_hourly[:, : days * 24], rules)
    if station_met is None:
        met = np.full((days, 24, len(MET_KEYS)), np.nan)
    else:
        met = air_stats.city_mean(
            station_met[:, : days * 24], air_stats.ValidityRules(0, 0, 0, 0.0)
        ).reshape(days, 24, -1)
    aqis, primaries = daily_aqi_series(start, daily, standard)
    return Series(
        start=start,
        hourly=hourly.reshape(days, 24, -1),
        met=met,
        daily=daily,
        aqi=aqis,
        primary=primaries,
        standard=standard,
    )


def reporting_fraction(key: str, value: float) -> Fraction:
    """A statistic at reporting precision (integers; CO one decimal), rounded
    half to even as GB/T 8170 requires (HJ 633—2026 4.2.2)."""
    quantum = Decimal("0.1") if key == "co" else Decimal(1)
    # repr() is the shortest text of the float: 0.35 rounds as written, to 0.4.
    return Fraction(Decimal(repr(value)).quantize(quantum, rounding=ROUND_HALF_EVEN))


def daily_aqi(
    values: Sequence[float], standard: aqi_lib.Standard
) -> aqi_lib.AqiResult | None:
    """The daily AQI of one day's statistics (DAILY_KEYS), or None when it may
    not be published: with a pollutant missing, HJ 633—2026 5.3.1 publishes
    the AQI only when it is above 100 (applied to both standards here)."""
    fractions: dict[str, Fraction | None] = {
        key: None if math.isnan(v) else reporting_fraction(key, v)
        for key, v in zip(air_stats.DAILY_KEYS, values, strict=True)
    }
    if standard == aqi_lib.HJ633_2026:
        fractions["o3_1h"] = None
    try:
        result = aqi_lib.compute(fractions, kind="daily", standard=standard)
    except aqi_lib.AqiInputError:
        return None
    if result.missing and result.aqi <= 100:
        return None
    return result


def daily_aqi_series(
    start: date, daily: Array, standard: aqi_lib.Standard
) -> tuple[Array, list[tuple[str, ...]]]:
    aqis = np.full(daily.shape[0], np.nan)
    primaries: list[tuple[str, ...]] = []
    for i in range(daily.shape[0]):
        result = daily_aqi(daily[i].tolist(), standard)
        if result is None:
            primaries.append(())
        else:
            aqis[i] = result.aqi
            primaries.append(tuple(result.primary))
    return aqis, primaries


# --- What a forecast may know ------------------------------------------------------


@dataclass
class Snapshot:
    """The issue day (hours before `cutoff_hour`) and the two days before it:
    `hourly`/`met` (3, 24, …) for D-2, D-1, D; `daily` (2, 7) for D-2, D-1."""

    issue: date
    cutoff_hour: int
    hourly: Array
    met: Array
    daily: Array
    weather: Array | None = None


def _mean(values: Array) -> float:
    present = values[~np.isnan(values)]
    return float(present.mean()) if present.size else math.nan


def _log(value: float) -> float:
    return math.log1p(value) if not math.isnan(value) and value >= 0 else math.nan


def _rh(temp: float, dewp: float) -> float:
    """Relative humidity (%) from temperature and dew point (Magnus formula)."""
    if math.isnan(temp) or math.isnan(dewp):
        return math.nan
    return 100 * math.exp(
        17.625 * dewp / (243.04 + dewp) - 17.625 * temp / (243.04 + temp)
    )


STATE_FEATURES = (
    "so2_today",
    "so2_recent",
    "no2_today",
    "no2_recent",
    "pm10_today",
    "pm10_recent",
    "co_today",
    "co_recent",
    "pm25_today",
    "pm25_recent",
    "o3_max_today",
    "pm25_last",
    "pm25_trend",
    "so2_yday",
    "no2_yday",
    "pm10_yday",
    "co_yday",
    "o3_8h_yday",
    "pm25_yday",
    "pm25_2days",
    "temp",
    "pres",
    "dewp",
    "wspm",
    "u",
    "v",
    "rain",
    "pres_24h",
    "dewp_24h",
    "spread",
    "pres_6h",
    "rh",
    "warming",
    "pm25_x_v",
    "pm25_x_wspm",
)
WEATHER_FEATURES = (
    "w_temp",
    "w_pres",
    "w_dewp",
    "w_rain",
    "w_wspm",
    "w_u",
    "w_v",
    "w_rh",
    "w_temp_change",
    "w_pres_change",
    "w_dewp_change",
    "w_wspm_change",
)
SEASON_FEATURES = ("sin_doy", "cos_doy", "log_climatology")


def state_features(snap: Snapshot) -> list[float]:
    """What the issue day's observations say (STATE_FEATURES order)."""
    cut = snap.cutoff_hour
    today, _yday = snap.hourly[2], snap.hourly[1]
    part, recent = today[:cut], today[max(0, cut - 6) : cut]
    f: list[float] = []
    for key in ("so2", "no2", "pm10", "co", "pm25"):
        f.append(_log(_mean(part[:, _P[key]])))
        f.append(_log(_mean(recent[:, _P[key]])))
    o3 = part[:, _P["o3"]]
    f.append(
        _log(float(np.max(o3[~np.isnan(o3)])) if (~np.isnan(o3)).any() else math.nan)
    )
    pm25 = today[:cut, _P["pm25"]]
    present = pm25[~np.isnan(pm25)]
    f.append(_log(float(present[-1])) if present.size else math.nan)
    last3 = _log(_mean(today[max(0, cut - 3) : cut, _P["pm25"]]))
    before = _log(_mean(today[max(0, cut - 9) : max(0, cut - 6), _P["pm25"]]))
    f.append(last3 - before)
    for key in ("so2", "no2", "pm10", "co", "o3_8h", "pm25"):
        f.append(_log(float(snap.daily[1, _D[key]])))
    f.append(_log(float(snap.daily[0, _D["pm25"]])))
    met, met_y = snap.met[2], snap.met[1]
    m_recent = met[max(0, cut - 6) : cut]
    m_y = met_y[max(0, cut - 6) : cut]
    means = {key: _mean(m_recent[:, _M[key]]) for key in MET_KEYS}
    for key in ("temp", "pres", "dewp", "wspm", "u", "v"):
        f.append(means[key])
    rain = met[:cut, _M["rain"]]
    f.append(float(np.nansum(rain)) if (~np.isnan(rain)).any() else math.nan)
    f.append(means["pres"] - _mean(m_y[:, _M["pres"]]))
    f.append(means["dewp"] - _mean(m_y[:, _M["dewp"]]))
    f.append(means["temp"] - means["dewp"])
    last3_met = met[max(0, cut - 3) : cut]
    early = met[max(0, cut - 9) : max(0, cut - 6)]
    f.append(_mean(last3_met[:, _M["pres"]]) - _mean(early[:, _M["pres"]]))
    f.append(_rh(_mean(last3_met[:, _M["temp"]]), _mean(last3_met[:, _M["dewp"]])))
    f.append(_mean(last3_met[:, _M["temp"]]) - _mean(met[3:7, _M["temp"]]))
    f.append(last3 * _mean(last3_met[:, _M["v"]]))
    f.append(last3 * _mean(last3_met[:, _M["wspm"]]))
    return f


def weather_features(weather_day: Array, snap: Snapshot) -> list[float]:
    """The target day's (forecast) weather and its change from the issue day."""
    w = {key: float(weather_day[_M[key]]) for key in MET_KEYS}
    cut = snap.cutoff_hour
    recent = snap.met[2][max(0, cut - 6) : cut]
    now = {key: _mean(recent[:, _M[key]]) for key in MET_KEYS}
    return [
        w["temp"],
        w["pres"],
        w["dewp"],
        w["rain"],
        w["wspm"],
        w["u"],
        w["v"],
        _rh(w["temp"], w["dewp"]),
        w["temp"] - now["temp"],
        w["pres"] - now["pres"],
        w["dewp"] - now["dewp"],
        w["wspm"] - now["wspm"],
    ]


def season_features(target: date, log_climatology: float) -> list[float]:
    angle = 2 * math.pi * target.timetuple().tm_yday / 365.25
    return [math.sin(angle), math.cos(angle), log_climatology]


# --- Fitting -------------------------------------------------------------------------


def _ridge(z: Array, y: Array, lam: float) -> Array:
    penalty = lam * np.eye(z.shape[1])
    penalty[0, 0] = 0.0  # the intercept is not shrunk
    return np.asarray(np.linalg.solve(z.T @ z + penalty, z.T @ y), dtype=np.float64)


def _softmax_fit(
    z: Array, classes: npt.NDArray[np.int64], k: int, lam: float, iterations: int
) -> Array:
    """Multinomial logistic regression with an L2 penalty, by Nesterov-accelerated
    gradient descent from zero (deterministic; 400 steps reach the optimum on
    these standardised features)."""
    weights = np.zeros((z.shape[1], k))
    velocity = np.zeros_like(weights)
    onehot = np.eye(k)[classes]
    n = z.shape[0]
    for _ in range(iterations):
        ahead = weights + 0.9 * velocity
        scores = z @ ahead
        scores -= scores.max(axis=1, keepdims=True)
        probs = np.exp(scores)
        probs /= probs.sum(axis=1, keepdims=True)
        grad = z.T @ (probs - onehot) / n
        reg = lam * ahead / n
        reg[0] = 0.0
        velocity = 0.9 * velocity - 0.5 * (grad + reg)
        weights = weights + velocity
    return weights


@dataclass
class Standardizer:
    mean: Array
    scale: Array

    @classmethod
    def fit(cls, x: Array) -> Standardizer:
        mean = np.nanmean(np.where(np.isnan(x), np.nan, x), axis=0)
        mean = np.where(np.isnan(mean), 0.0, mean)
        filled = np.where(np.isnan(x), mean, x)
        scale = filled.std(axis=0)
        scale = np.where(scale < 1e-9, 1.0, scale)
        return cls(np.asarray(mean), np.asarray(scale))

    def design(self, x: Array) -> Array:
        """Standardised features with an intercept; a missing feature is taken
        at its training mean (0 after standardising)."""
        filled = np.where(np.isnan(x), self.mean, x)
        z = (filled - self.mean) / self.scale
        return np.concatenate([np.ones((z.shape[0], 1)), z], axis=1)


@dataclass
class LeadModel:
    """The fitted model of one lead day."""

    lead: int
    standardizer: Standardizer
    aqi_weights: Array  # ridge on log AQI
    level_weights: Array  # softmax over levels 1..6 (columns 0..5)
    pollutant_weights: dict[str, Array]  # ridge on log1p concentration
    blend: float  # weight of the model against climatology
    use_level: bool  # move the point into the classifier's level
    cv: dict[str, float] = field(default_factory=dict)


@dataclass
class Model:
    version: str
    standard: aqi_lib.Standard
    with_weather: bool
    cutoff_hour: int
    range_width: int
    trained_from: date
    trained_to: date
    training_days: int
    climatology: dict[int, float]  # month → median AQI
    climatology_primary: dict[int, tuple[str, ...]]  # month → usual primary
    leads: list[LeadModel]
    fallback: bool = False  # too little history: persistence/climatology only

    def to_json(self) -> dict[str, Any]:
        return {
            "version": self.version,
            "standard": self.standard,
            "with_weather": self.with_weather,
            "cutoff_hour": self.cutoff_hour,
            "range_width": self.range_width,
            "trained_from": self.trained_from.isoformat(),
            "trained_to": self.trained_to.isoformat(),
            "training_days": self.training_days,
            "climatology": {str(k): v for k, v in self.climatology.items()},
            "climatology_primary": {
                str(k): list(v) for k, v in self.climatology_primary.items()
            },
            "fallback": self.fallback,
            "leads": [
                {
                    "lead": m.lead,
                    "mean": m.standardizer.mean.tolist(),
                    "scale": m.standardizer.scale.tolist(),
                    "aqi": m.aqi_weights.tolist(),
                    "level": m.level_weights.tolist(),
                    "pollutants": {
                        k: v.tolist() for k, v in m.pollutant_weights.items()
                    },
                    "blend": m.blend,
                    "use_level": m.use_level,
                    "cv": m.cv,
                }
                for m in self.leads
            ],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Model:
        return cls(
            version=data["version"],
            standard=data["standard"],
            with_weather=data["with_weather"],
            cutoff_hour=data["cutoff_hour"],
            range_width=data["range_width"],
            trained_from=date.fromisoformat(data["trained_from"]),
            trained_to=date.fromisoformat(data["trained_to"]),
            training_days=data["training_days"],
            climatology={int(k): float(v) for k, v in data["climatology"].items()},
            climatology_primary={
                int(k): tuple(v) for k, v in data["climatology_primary"].items()
            },
            fallback=data.get("fallback", False),
            leads=[
                LeadModel(
                    lead=m["lead"],
                    standardizer=Standardizer(
                        np.array(m["mean"], dtype=np.float64),
                        np.array(m["scale"], dtype=np.float64),
                    ),
                    aqi_weights=np.array(m["aqi"], dtype=np.float64),
                    level_weights=np.array(m["level"], dtype=np.float64),
                    pollutant_weights={
                        k: np.array(v, dtype=np.float64)
                        for k, v in m["pollutants"].items()
                    },
                    blend=m["blend"],
                    use_level=m["use_level"],
                    cv=m.get("cv", {}),
                )
                for m in data["leads"]
            ],
        )


@dataclass(frozen=True)
class TrainingConfig:
    ridge_lambda: float = 10.0
    level_lambda: float = 10.0
    level_iterations: int = 400
    range_width: int = RANGE_WIDTH
    cutoff_hour: int = CUTOFF_HOUR
    folds: int = 3
    # The point moves into the classifier's level only if cross-validation
    # shows at least this gain in level accuracy without a worse MAE.
    level_gain: float = 0.01


def climatology_tables(
    series: Series, end: int
) -> tuple[dict[int, float], dict[int, tuple[str, ...]]]:
    """Monthly median AQI and the month's most frequent primary pollutant, from
    the days before index `end`."""
    by_month: dict[int, list[float]] = {m: [] for m in range(1, 13)}
    primaries: dict[int, Counter[str]] = {m: Counter() for m in range(1, 13)}
    for i in range(min(end, series.days)):
        value = series.aqi[i]
        if math.isnan(value):
            continue
        month = series.day_at(i).month
        by_month[month].append(float(value))
        for name in series.primary[i]:
            primaries[month][name] += 1
    every = [v for values in by_month.values() for v in values]
    overall = float(np.median(every)) if every else 75.0
    climatology = {
        m: float(np.median(values)) if values else overall
        for m, values in by_month.items()
    }
    usual: dict[int, tuple[str, ...]] = {
        m: (primaries[m].most_common(1)[0][0],) if primaries[m] else ()
        for m in range(1, 13)
    }
    return climatology, usual


class _Rows:
    """Feature rows of issue days, each computed once from its snapshot."""

    def __init__(self, series: Series, cutoff_hour: int) -> None:
        self.series = series
        self.cutoff_hour = cutoff_hour
        self._cache: dict[int, tuple[Snapshot, list[float]]] = {}

    def state(self, issue_index: int) -> tuple[Snapshot, list[float]]:
        if issue_index not in self._cache:
            snap = self.series.snapshot(
                self.series.day_at(issue_index), cutoff_hour=self.cutoff_hour
            )
            self._cache[issue_index] = (snap, state_features(snap))
        return self._cache[issue_index]

    def row(
        self,
        issue_index: int,
        lead: int,
        climatology: dict[int, float],
        with_weather: bool,
    ) -> list[float]:
        snap, state = self.state(issue_index)
        target = self.series.day_at(issue_index + lead)
        row = state + season_features(target, math.log(climatology[target.month]))
        if with_weather:
            row += weather_features(
                observed_weather(self.series, issue_index + lead), snap
            )
        return row


def observed_weather(series: Series, index: int) -> Array:
    """A day's observed daily weather (means; rain: total) in MET_KEYS order —
    the stand-in for a weather forecast in training and in the labelled
    future-weather backtest."""
    day = series.met[index]
    out = np.array([_mean(day[:, j]) for j in range(len(MET_KEYS))])
    rain = day[:, _M["rain"]]
    out[_M["rain"]] = float(np.nansum(rain)) if (~np.isnan(rain)).any() else math.nan
    return out


def train(
    series: Series,
    *,
    end: date,
    with_weather: bool = False,
    config: TrainingConfig = TrainingConfig(),
) -> Model:
    """Fit the model on the days before `end` (issue and target days alike)."""
    end_index = min(series.index(end), series.days)
    climatology, usual_primary = climatology_tables(series, end_index)
    valid_days = int(np.sum(~np.isnan(series.aqi[: max(end_index, 0)])))
    model = Model(
        version=MODEL_VERSION,
        standard=series.standard,
        with_weather=with_weather,
        cutoff_hour=config.cutoff_hour,
        range_width=config.range_width,
        trained_from=series.start,
        trained_to=series.day_at(end_index - 1) if end_index > 0 else series.start,
        training_days=valid_days,
        climatology=climatology,
        climatology_primary=usual_primary,
        leads=[],
    )
    if valid_days < MIN_TRAINING_DAYS:
        model.fallback = True
        return model
    # Folds for cross-validation: whole years counted back from the end, each
    # predicted by a model fitted on the other training years. All of them lie
    # before `end`, so nothing of the test period is used.
    fold_edges = sorted(
        {max(0, end_index - 365 * k) for k in range(1, config.folds + 1)}
    )
    rows = _Rows(series, config.cutoff_hour)
    for lead in range(1, LEADS + 1):
        model.leads.append(
            _train_lead(
                rows, lead, end_index, climatology, with_weather, config, fold_edges
            )
        )
    return model


def _train_lead(
    rows: _Rows,
    lead: int,
    end_index: int,
    climatology: dict[int, float],
    with_weather: bool,
    config: TrainingConfig,
    fold_edges: list[int],
) -> LeadModel:
    series = rows.series
    issues = [
        i for i in range(2, end_index - lead) if not math.isnan(series.aqi[i + lead])
    ]
    x = np.array(
        [rows.row(i, lead, climatology, with_weather) for i in issues],
        dtype=np.float64,
    )
    targets = np.array([i + lead for i in issues])
    y = series.aqi[targets]
    clim = np.log(np.array([climatology[series.day_at(t).month] for t in targets]))
    levels = np.array([aqi_lib.level_of(int(v)) - 1 for v in y], dtype=np.int64)

    def fit(mask: npt.NDArray[np.bool_]) -> tuple[Standardizer, Array, Array]:
        std = Standardizer.fit(x[mask])
        z = std.design(x[mask])
        return (
            std,
            _ridge(z, np.log(y[mask]), config.ridge_lambda),
            _softmax_fit(
                z, levels[mask], 6, config.level_lambda, config.level_iterations
            ),
        )

    # Cross-validated predictions on the last training years.
    cv_mu = np.full(len(y), np.nan)
    cv_level = np.zeros(len(y), dtype=np.int64)
    for low, high in zip(fold_edges, [*fold_edges[1:], end_index], strict=True):
        valid_mask = (targets >= low) & (targets < high)
        # Keep a week between the fold and the days fitted, so no issue day's
        # observations overlap a validation target.
        train_mask = (targets < low - LEADS) | (targets >= high + LEADS)
        if train_mask.sum() < MIN_TRAINING_DAYS or not valid_mask.any():
            continue
        std, w_aqi, w_level = fit(train_mask)
        z = std.design(x[valid_mask])
        cv_mu[valid_mask] = z @ w_aqi
        cv_level[valid_mask] = np.argmax(z @ w_level, axis=1)
    checked = ~np.isnan(cv_mu)
    blend, use_level, cv = _choose(
        cv_mu[checked], cv_level[checked], clim[checked], y[checked], config
    )
    std, w_aqi, w_level = fit(np.ones(len(y), dtype=bool))
    z_all = std.design(x)
    pollutants: dict[str, Array] = {}
    for key in PRIMARY_KEYS:
        conc = series.daily[targets, _D[key]]
        present = ~np.isnan(conc)
        pollutants[key] = _ridge(
            z_all[present], np.log1p(conc[present]), config.ridge_lambda
        )
    return LeadModel(
        lead=lead,
        standardizer=std,
        aqi_weights=w_aqi,
        level_weights=w_level,
        pollutant_weights=pollutants,
        blend=blend,
        use_level=use_level,
        cv=cv,
    )


def _choose(
    mu: Array,
    level: npt.NDArray[np.int64],
    clim: Array,
    y: Array,
    config: TrainingConfig,
) -> tuple[float, bool, dict[str, float]]:
    """The blend weight and whether to use the level classifier, by CV."""
    if mu.size == 0:
        return 0.0, False, {}
    clim_mae = float(np.mean(np.abs(np.exp(clim) - y)))
    best_blend, best_mae = 0.0, clim_mae
    for step in range(11):
        weight = step / 10
        mae = float(np.mean(np.abs(np.exp(weight * mu + (1 - weight) * clim) - y)))
        if mae < best_mae - 1e-9:
            best_blend, best_mae = weight, mae
    point = np.exp(best_blend * mu + (1 - best_blend) * clim)
    moved = np.array(
        [_into_level(p, int(lv) + 1) for p, lv in zip(point, level, strict=True)]
    )
    observed = np.array([aqi_lib.level_of(int(v)) for v in y])
    plain_acc = float(np.mean([aqi_lib.level_of(_round(p)) for p in point] == observed))
    moved_acc = float(np.mean([aqi_lib.level_of(_round(p)) for p in moved] == observed))
    moved_mae = float(np.mean(np.abs(moved - y)))
    use_level = moved_acc >= plain_acc + config.level_gain and moved_mae <= best_mae
    cv = {
        "climatology_mae": round(clim_mae, 2),
        "model_mae": round(moved_mae if use_level else best_mae, 2),
        "level_accuracy": round(moved_acc if use_level else plain_acc, 4),
        "days": float(y.size),
    }
    return best_blend, use_level, cv


def _round(value: float) -> int:
    return math.floor(value + 0.5)


def _into_level(point: float, level: int) -> float:
    """The point moved to the nearest AQI inside `level`."""
    low = LEVEL_EDGES[level - 1] + 1 if level > 1 else 0
    high = LEVEL_EDGES[level] if level < 6 else 500
    return min(max(point, float(low)), float(high))


# --- Forecasting ----------------------------------------------------------------------


@dataclass(frozen=True)
class DayForecast:
    lead: int
    target: date
    point: int
    low: int
    high: int
    level: int  # the level of the range's midpoint
    primary: tuple[str, ...]
    concentrations: dict[str, float]
    method: str  # "model" | "climatology" | "persistence"

    @property
    def level_label(self) -> str:
        return aqi_lib.level_range_label(self.low, self.high)


def aqi_range(point: float, width: int) -> tuple[int, int, int]:
    """(point, low, high): a range of `width` AQI points centred on the point."""
    centre = max(_round(point), width // 2)
    return centre, centre - width // 2, centre - width // 2 + width


def forecast(model: Model, snap: Snapshot) -> list[DayForecast]:
    """The next 7 days from a snapshot; climatology where the model has no skill,
    persistence of the last 24 hours when there is too little history."""
    if model.fallback:
        return persistence(model, snap)
    base = state_features(snap)
    out = []
    for lead_model in model.leads:
        target = snap.issue + timedelta(days=lead_model.lead)
        clim = model.climatology[target.month]
        row = base + season_features(target, math.log(clim))
        if model.with_weather:
            if snap.weather is None:
                raise ValueError("该模型需要天气预报")
            row += weather_features(snap.weather[lead_model.lead - 1], snap)
        z = lead_model.standardizer.design(np.array([row], dtype=np.float64))
        mu = float((z @ lead_model.aqi_weights)[0])
        blend = lead_model.blend
        point = math.exp(blend * mu + (1 - blend) * math.log(clim))
        if lead_model.use_level:
            level = int(np.argmax(z @ lead_model.level_weights)) + 1
            point = _into_level(point, level)
        conc = {
            key: max(0.0, math.expm1(float((z @ w)[0])))
            for key, w in lead_model.pollutant_weights.items()
        }
        centre, low, high = aqi_range(point, model.range_width)
        primary = (
            _primary_from(conc, model.standard)
            if blend > 0
            else model.climatology_primary.get(target.month, ())
        )
        out.append(
            DayForecast(
                lead=lead_model.lead,
                target=target,
                point=centre,
                low=low,
                high=high,
                level=aqi_lib.level_of(_midpoint(low, high)),
                primary=primary if centre > 50 else (),
                concentrations={k: round(v, 1) for k, v in conc.items()},
                method="model" if blend > 0 else "climatology",
            )
        )
    return out


def _midpoint(low: int, high: int) -> int:
    return (low + high) // 2


def _primary_from(
    conc: dict[str, float], standard: aqi_lib.Standard
) -> tuple[str, ...]:
    """The pollutant with the highest forecast sub-index."""
    best: list[str] = []
    top = -1
    for key in PRIMARY_KEYS:
        if key not in conc:
            continue
        indicator = {
            "so2": "so2_24h",
            "no2": "no2_24h",
            "pm10": "pm10_24h",
            "co": "co_24h",
            "o3_8h": "o3_8h",
            "pm25": "pm25_24h",
        }[key]
        value = reporting_fraction(key, conc[key])
        if key == "o3_8h" and value > 800:
            sub = 300
        else:
            sub = aqi_lib.iaqi(indicator, value, standard)
        if sub > top:
            best, top = [_PRIMARY_NAME[key]], sub
        elif sub == top:
            best.append(_PRIMARY_NAME[key])
    return tuple(best)


def last_24h_aqi(
    snap: Snapshot, standard: aqi_lib.Standard
) -> aqi_lib.AqiResult | None:
    """The AQI of the 24 hours before the cut-off (日AQI may be taken over any
    24 consecutive hours, 环大气〔2024〕6号), for persistence."""
    hours = np.concatenate([snap.hourly[1], snap.hourly[2]])
    window = hours[snap.cutoff_hour : snap.cutoff_hour + 24]
    stats = air_stats.daily_statistics(window.reshape(1, 24, -1))[0]
    return daily_aqi(stats.tolist(), standard)


def persistence(model: Model, snap: Snapshot) -> list[DayForecast]:
    """Every lead day at the AQI of the 24 hours before the cut-off."""
    last = last_24h_aqi(snap, model.standard)
    return [persistence_day(model, snap, lead, last) for lead in range(1, LEADS + 1)]


def persistence_day(
    model: Model, snap: Snapshot, lead: int, last: aqi_lib.AqiResult | None
) -> DayForecast:
    target = snap.issue + timedelta(days=lead)
    if last is None:
        return climatology_day(model, snap.issue, lead, method="persistence")
    centre, low, high = aqi_range(last.aqi, model.range_width)
    return DayForecast(
        lead=lead,
        target=target,
        point=centre,
        low=low,
        high=high,
        level=aqi_lib.level_of(_midpoint(low, high)),
        primary=tuple(last.primary) if centre > 50 else (),
        concentrations={},
        method="persistence",
    )


def climatology_day(
    model: Model, issue: date, lead: int, *, method: str = "climatology"
) -> DayForecast:
    target = issue + timedelta(days=lead)
    centre, low, high = aqi_range(model.climatology[target.month], model.range_width)
    return DayForecast(
        lead=lead,
        target=target,
        point=centre,
        low=low,
        high=high,
        level=aqi_lib.level_of(_midpoint(low, high)),
        primary=model.climatology_primary.get(target.month, ()) if centre > 50 else (),
        concentrations={},
        method=method,
    )
