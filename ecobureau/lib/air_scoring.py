"""Scores of a published AQI forecast against the observed day.

A forecast day is an AQI range, the level(s) it implies and a primary pollutant
(reference/aqi.md §2.2; 环办函〔2015〕330号 publishes "城市空气质量指数范围、
空气质量级别及首要污染物"). The scores:
- range hit: the observed AQI lies in [low, high] (AQI范围预报准确率);
- level, range rule: the observed level is one of the levels the range spans
  (AQI级别范围预报准确率: a range straddling 100 is right on 良 and on 轻度);
- level, strict: the level of the range's midpoint is the observed level;
- primary pollutant: scored only on days observed above AQI 50 (a day at or
  below 50 has none, HJ 633 4.3.1); right when the forecast and observed sets
  share a pollutant; a forecast of 优 (no primary) on such a day is wrong;
- AQI error: midpoint minus observed AQI; MAE and its skill against a reference
  (1 − MAE / MAE_reference);
- heavy pollution (observed AQI > 200; forecast: midpoint > 200): POD, FAR, CSI.

The detailed scoring clauses of DB32/T 4678—2024 §6 and HJ 1130—2020 §6 were not
read (reference/aqi.md §2.1): these definitions are the common practice the notes
record, and are example configuration (示例配置) until checked.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from . import aqi as aqi_lib

HEAVY_THRESHOLD = 200


@dataclass(frozen=True)
class DayScore:
    low: int
    high: int
    observed: int
    range_hit: bool
    level_range_hit: bool
    level_strict_hit: bool
    primary_hit: bool | None  # None: not scored (observed AQI ≤ 50)
    error: float  # midpoint − observed

    @property
    def midpoint(self) -> float:
        return (self.low + self.high) / 2


def score_day(
    *,
    low: int,
    high: int,
    primary: Sequence[str],
    observed: int,
    observed_primary: Sequence[str],
) -> DayScore:
    observed_level = aqi_lib.level_of(observed)
    midpoint = (low + high) / 2
    spanned = range(aqi_lib.level_of(low), aqi_lib.level_of(high) + 1)
    primary_hit = bool(set(primary) & set(observed_primary)) if observed > 50 else None
    return DayScore(
        low=low,
        high=high,
        observed=observed,
        range_hit=low <= observed <= high,
        level_range_hit=observed_level in spanned,
        level_strict_hit=aqi_lib.level_of(int(midpoint)) == observed_level,
        primary_hit=primary_hit,
        error=midpoint - observed,
    )


@dataclass(frozen=True)
class Summary:
    days: int
    strict_accuracy: float | None
    range_level_accuracy: float | None
    range_hit_rate: float | None
    mae: float | None
    mean_error: float | None
    primary_accuracy: float | None
    primary_days: int
    mean_width: float | None
    hits: int
    misses: int
    false_alarms: int

    @property
    def pod(self) -> float | None:
        total = self.hits + self.misses
        return self.hits / total if total else None

    @property
    def far(self) -> float | None:
        total = self.hits + self.false_alarms
        return self.false_alarms / total if total else None

    @property
    def csi(self) -> float | None:
        total = self.hits + self.misses + self.false_alarms
        return self.hits / total if total else None

    def skill(self, reference: Summary) -> float | None:
        """MAE skill score against a reference (climatology): 1 − MAE / MAE_ref."""
        if self.mae is None or not reference.mae:
            return None
        return 1 - self.mae / reference.mae


def _share(values: list[bool]) -> float | None:
    return sum(values) / len(values) if values else None


def summarize(scores: Iterable[DayScore]) -> Summary:
    items = list(scores)
    primary = [s.primary_hit for s in items if s.primary_hit is not None]
    heavy_obs = [s.observed > HEAVY_THRESHOLD for s in items]
    heavy_fc = [s.midpoint > HEAVY_THRESHOLD for s in items]
    n = len(items)
    return Summary(
        days=n,
        strict_accuracy=_share([s.level_strict_hit for s in items]),
        range_level_accuracy=_share([s.level_range_hit for s in items]),
        range_hit_rate=_share([s.range_hit for s in items]),
        mae=sum(abs(s.error) for s in items) / n if n else None,
        mean_error=sum(s.error for s in items) / n if n else None,
        primary_accuracy=_share(primary),
        primary_days=len(primary),
        mean_width=sum(s.high - s.low for s in items) / n if n else None,
        hits=sum(o and f for o, f in zip(heavy_obs, heavy_fc, strict=True)),
        misses=sum(o and not f for o, f in zip(heavy_obs, heavy_fc, strict=True)),
        false_alarms=sum(f and not o for o, f in zip(heavy_obs, heavy_fc, strict=True)),
    )
