"""The air quality index (空气质量指数, AQI) of HJ 633—2012 and HJ 633—2026.

HJ 633—2026《环境空气质量指数（AQI）技术规定》 replaced HJ 633—2012 on 2026-03-01
(its cover: "2026-02-14发布 2026-03-01实施"). A value for a date before that day is
computed under HJ 633—2012, from that day on under HJ 633—2026 (`standard_for`).
The two differ in the PM10/PM2.5 breakpoints at IAQI 100, in the notes on SO2 1 h
and O3 8 h above 800 µg/m³, in the indicators of the daily and real-time reports,
and in the rounding of concentrations (reference/aqi.md §1).

Arithmetic is exact (fractions): both standards round IAQI *up* to an integer
(2012 clause 6.2, 2026 clause 4.2.6), so binary floating-point noise would push an
exact breakpoint up by one.

Units: µg/m³, CO in mg/m³.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from fractions import Fraction
from typing import Final, Literal

Standard = Literal["HJ633-2012", "HJ633-2026"]
Kind = Literal["daily", "hourly"]

HJ633_2012: Final = "HJ633-2012"
HJ633_2026: Final = "HJ633-2026"
STANDARDS: tuple[Standard, ...] = (HJ633_2012, HJ633_2026)
HJ633_2026_IN_FORCE = date(2026, 3, 1)

# Pollutant names as published (CONTRACTS.md `aqi`), in the order of the tables.
SO2, NO2, PM10, CO, O3, PM25 = "SO2", "NO2", "PM10", "CO", "O3", "PM2.5"
POLLUTANTS = (SO2, NO2, PM10, CO, O3, PM25)

IAQI_STEPS = (0, 50, 100, 150, 200, 300, 400, 500)

_B = tuple[int | str | None, ...]


def _row(*values: int | str | None) -> tuple[Fraction | None, ...]:
    return tuple(None if v is None else Fraction(Decimal(str(v))) for v in values)


# HJ 633—2012 表1 and HJ 633—2026 表3 (identical except PM10/PM2.5 at IAQI 100).
# None: the standard gives no breakpoint (its notes decide, see below).
_COMMON: dict[str, tuple[Fraction | None, ...]] = {
    "so2_24h": _row(0, 50, 150, 475, 800, 1600, 2100, 2620),
    "so2_1h": _row(0, 150, 500, 650, 800, None, None, None),
    "no2_24h": _row(0, 40, 80, 180, 280, 565, 750, 940),
    "no2_1h": _row(0, 100, 200, 700, 1200, 2340, 3090, 3840),
    "co_24h": _row(0, 2, 4, 14, 24, 36, 48, 60),
    "co_1h": _row(0, 5, 10, 35, 60, 90, 120, 150),
    "o3_1h": _row(0, 160, 200, 300, 400, 800, 1000, 1200),
    "o3_8h": _row(0, 100, 160, 215, 265, 800, None, None),
}
BREAKPOINTS: dict[str, dict[str, tuple[Fraction | None, ...]]] = {
    HJ633_2012: {
        **_COMMON,
        "pm10_24h": _row(0, 50, 150, 250, 350, 420, 500, 600),
        "pm25_24h": _row(0, 35, 75, 115, 150, 250, 350, 500),
    },
    HJ633_2026: {
        **_COMMON,
        "pm10_24h": _row(0, 50, 120, 250, 350, 420, 500, 600),
        "pm25_24h": _row(0, 35, 60, 115, 150, 250, 350, 500),
    },
}

# 附录 A (identical in both versions): level, category, colour.
LEVELS = (
    (1, "一级", "优", "#00E400"),
    (2, "二级", "良", "#FFFF00"),
    (3, "三级", "轻度污染", "#FF7E00"),
    (4, "四级", "中度污染", "#FF0000"),
    (5, "五级", "重度污染", "#99004C"),
    (6, "六级", "严重污染", "#7E0023"),
)
LEVEL_UPPER = (50, 100, 150, 200, 300)  # upper AQI of levels 1..5

CITES = {
    HJ633_2012: "HJ 633—2012",
    HJ633_2026: "HJ 633—2026",
}


class AqiInputError(ValueError):
    """A concentration the standard cannot take (negative, not a number)."""


def standard_for(day: date) -> Standard:
    """The standard in force on `day` (HJ 633—2026 from 2026-03-01)."""
    return HJ633_2026 if day >= HJ633_2026_IN_FORCE else HJ633_2012


def level_of(aqi: int) -> int:
    """The level (1..6) of an AQI value (附录 A; 2026 表1)."""
    for level, upper in enumerate(LEVEL_UPPER, start=1):
        if aqi <= upper:
            return level
    return 6


def category_of(level: int) -> str:
    return LEVELS[level - 1][2]


def colour_of(level: int) -> str:
    return LEVELS[level - 1][3]


def level_range_label(low_aqi: int, high_aqi: int) -> str:
    """ "良" or "良至轻度污染": the levels an AQI range spans."""
    low, high = level_of(low_aqi), level_of(high_aqi)
    if low == high:
        return category_of(low)
    return f"{category_of(low)}至{category_of(high)}"


def to_fraction(value: object) -> Fraction:
    """An exact fraction of a JSON-like number; bools, strings and NaN refused."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        raise AqiInputError("不是数字")
    if isinstance(value, float) and not math.isfinite(value):
        raise AqiInputError("不是有限的数字")
    # str() keeps what was written: 0.3 is 3/10, not the binary neighbour.
    result = Fraction(Decimal(str(value)))
    if result < 0:
        raise AqiInputError("浓度不能为负数")
    return result


def round_half_even(value: Fraction, places: int) -> Fraction:
    """GB/T 8170 修约 (四舍六入五成双) to `places` decimals."""
    quantum = Decimal(1).scaleb(-places)
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    return Fraction(exact.quantize(quantum, rounding=ROUND_HALF_EVEN))


def iaqi(indicator: str, concentration: Fraction, standard: Standard) -> int:
    """Formula (1), rounded up; above the top breakpoint 500 (爆表, a convention:
    neither text covers it, reference/aqi.md §1.2)."""
    points = BREAKPOINTS[standard][indicator]
    previous: Fraction | None = None
    for index, high in enumerate(points):
        if high is None:
            break
        if concentration <= high:
            if previous is None:  # concentration is 0
                return 0
            low_i, high_i = IAQI_STEPS[index - 1], IAQI_STEPS[index]
            value = (high_i - low_i) * (concentration - previous) / (
                high - previous
            ) + low_i
            return math.ceil(value)
        previous = high
    return 500


@dataclass
class AqiResult:
    aqi: int
    level: int
    category: str
    primary: list[str]
    iaqi: dict[str, int]
    standard: Standard
    explain: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)

    @property
    def colour(self) -> str:
        return colour_of(self.level)


# Input keys (CONTRACTS.md `aqi`) → pollutant.
INPUT_KEYS = ("so2", "no2", "pm10", "co", "o3_1h", "o3_8h", "pm25", "so2_24h")


def compute(
    values: Mapping[str, Fraction | None], *, kind: Kind, standard: Standard
) -> AqiResult:
    """The AQI of one day (`daily`) or one hour (`hourly`) from concentrations.

    `values` uses the contract's keys; None or absent means not available. For
    `daily` they are the day's statistics (24 h means, O3 daily maxima); for
    `hourly` under HJ 633—2012, `pm10`/`pm25` are the 24 h moving averages and
    `o3_8h` the 8 h moving average its real-time report uses (5.1.3).
    """
    cite = CITES[standard]
    explain: list[str] = []
    if standard == HJ633_2026:
        values = _rounded(values, explain)
    sub: dict[str, int] = {}
    if kind == "daily":
        _daily(values, standard, sub, explain)
    else:
        _hourly(values, standard, sub, explain)
    if not sub:
        raise AqiInputError("没有可用于计算的污染物浓度")
    aqi = max(sub.values())
    level = level_of(aqi)
    primary = [p for p in POLLUTANTS if p in sub and sub[p] == aqi] if aqi > 50 else []
    missing = [p for p in POLLUTANTS if p not in sub]
    clause = "4.2.4" if standard == HJ633_2026 else "4.4.1"
    explain.append(f"AQI取各项分指数的最大值：{aqi}（{cite} 第{clause}条 公式(2)）")
    explain.append(
        f"AQI {aqi}对应{LEVELS[level - 1][1]}（{category_of(level)}）"
        f"（{cite} {'表1' if standard == HJ633_2026 else '表2'}）"
    )
    primary_clause = "4.3.1" if standard == HJ633_2026 else "4.4.2"
    if primary:
        explain.append(
            f"AQI大于50，分指数最大的{'、'.join(primary)}为首要污染物"
            f"（{cite} 第{primary_clause}条）"
        )
    else:
        explain.append(f"AQI不大于50，无首要污染物（{cite} 第{primary_clause}条）")
    if missing:
        names = "、".join(missing)
        if standard == HJ633_2026:
            explain.append(
                f"缺少{names}：按其余污染物计算（HJ 633—2026 第5.3.1条；"
                "AQI不大于100时发布时应标注NA）"
            )
        else:
            explain.append(f"缺少{names}：按其余污染物计算，缺项记为NA（HJ 633—2012）")
    return AqiResult(
        aqi=aqi,
        level=level,
        category=category_of(level),
        primary=primary,
        iaqi={p: sub[p] for p in POLLUTANTS if p in sub},
        standard=standard,
        explain=explain,
        missing=missing,
    )


def _rounded(
    values: Mapping[str, Fraction | None], explain: list[str]
) -> dict[str, Fraction | None]:
    # HJ 633—2026 4.2.2/4.2.3: concentrations are rounded per GB/T 8170 before use,
    # to integers in µg/m³ and CO to one decimal in mg/m³.
    out: dict[str, Fraction | None] = {}
    changed = False
    for key, value in values.items():
        if value is None:
            out[key] = None
            continue
        rounded = round_half_even(value, 1 if key == "co" else 0)
        changed = changed or rounded != value
        out[key] = rounded
    if changed:
        explain.append(
            "浓度按GB/T 8170修约（CO保留一位小数，其余取整）后计算"
            "（HJ 633—2026 第4.2.2条、第4.2.3条）"
        )
    return out


def _put(
    sub: dict[str, int],
    explain: list[str],
    pollutant: str,
    indicator: str,
    label: str,
    value: Fraction,
    standard: Standard,
) -> int:
    result = iaqi(indicator, value, standard)
    top = BREAKPOINTS[standard][indicator]
    highest = max(v for v in top if v is not None)
    table = "表3" if standard == HJ633_2026 else "表1"
    if value > highest:
        explain.append(
            f"{label}{_fmt(value)}超过{CITES[standard]} {table}最高浓度限值"
            f"{_fmt(highest)}，分指数按500计（爆表惯例，标准未作规定）"
        )
    else:
        explain.append(
            f"{label}{_fmt(value)}，按{CITES[standard]} {table}分段线性内插并向上取整，"
            f"分指数{result}"
        )
    sub[pollutant] = max(sub.get(pollutant, 0), result)
    return result


def _daily(
    values: Mapping[str, Fraction | None],
    standard: Standard,
    sub: dict[str, int],
    explain: list[str],
) -> None:
    for key, pollutant, indicator, label in (
        ("so2", SO2, "so2_24h", "SO2日均浓度"),
        ("no2", NO2, "no2_24h", "NO2日均浓度"),
        ("pm10", PM10, "pm10_24h", "PM10日均浓度"),
        ("co", CO, "co_24h", "CO日均浓度"),
        ("pm25", PM25, "pm25_24h", "PM2.5日均浓度"),
    ):
        value = values.get(key)
        if value is not None:
            _put(sub, explain, pollutant, indicator, label, value, standard)
    o3_1h, o3_8h = values.get("o3_1h"), values.get("o3_8h")
    if standard == HJ633_2026:
        if o3_1h is not None:
            explain.append(
                "日报不使用O3 1小时浓度（HJ 633—2026 第4.2.2条：O3以日最大8小时平均计）"
            )
        if o3_8h is not None:
            if o3_8h > 800:
                sub[O3] = 300
                explain.append(
                    f"O3日最大8小时平均{_fmt(o3_8h)}高于800，分指数按300计"
                    "（HJ 633—2026 表3 注c）"
                )
            else:
                _put(sub, explain, O3, "o3_8h", "O3日最大8小时平均", o3_8h, standard)
        return
    # HJ 633—2012 5.1.2: the daily report uses both the O3 daily maximum 1 h and
    # the daily maximum 8 h; O3's sub-index is the larger of the two.
    if o3_8h is not None and o3_8h > 800:
        explain.append(
            f"O3日最大8小时平均{_fmt(o3_8h)}高于800，不计算其分指数，"
            "按O3 1小时平均浓度计算（HJ 633—2012 表1 注3）"
        )
        if o3_1h is None:
            raise AqiInputError(
                "O3 8小时平均浓度高于800时须提供o3_1h（HJ 633—2012 表1 注3）"
            )
        o3_8h = None
    if o3_1h is not None:
        _put(sub, explain, O3, "o3_1h", "O3日最大1小时平均", o3_1h, standard)
    if o3_8h is not None:
        _put(sub, explain, O3, "o3_8h", "O3日最大8小时平均", o3_8h, standard)


def _hourly(
    values: Mapping[str, Fraction | None],
    standard: Standard,
    sub: dict[str, int],
    explain: list[str],
) -> None:
    so2 = values.get("so2")
    if so2 is not None:
        if so2 > 800:
            if standard == HJ633_2026:
                sub[SO2] = 200
                explain.append(
                    f"SO2 1小时平均{_fmt(so2)}高于800，分指数按200计（HJ 633—2026 表3 注b）"
                )
            else:
                so2_24h = values.get("so2_24h")
                if so2_24h is None:
                    raise AqiInputError(
                        "SO2 1小时浓度高于800时须提供so2_24h（HJ 633—2012 表1 注2）"
                    )
                explain.append(
                    f"SO2 1小时平均{_fmt(so2)}高于800，不计算其分指数，"
                    "按SO2 24小时平均浓度计算（HJ 633—2012 表1 注2）"
                )
                _put(sub, explain, SO2, "so2_24h", "SO2 24小时平均", so2_24h, standard)
        else:
            _put(sub, explain, SO2, "so2_1h", "SO2 1小时平均", so2, standard)
    for key, pollutant, indicator, label in (
        ("no2", NO2, "no2_1h", "NO2 1小时平均"),
        ("co", CO, "co_1h", "CO 1小时平均"),
        ("o3_1h", O3, "o3_1h", "O3 1小时平均"),
    ):
        value = values.get(key)
        if value is not None:
            _put(sub, explain, pollutant, indicator, label, value, standard)
    if standard == HJ633_2026:
        # 4.2.3: 1 h means of the six pollutants; PM on the daily breakpoints.
        for key, pollutant, indicator, label in (
            ("pm10", PM10, "pm10_24h", "PM10 1小时平均（按日平均限值）"),
            ("pm25", PM25, "pm25_24h", "PM2.5 1小时平均（按日平均限值）"),
        ):
            value = values.get(key)
            if value is not None:
                _put(sub, explain, pollutant, indicator, label, value, standard)
        if values.get("o3_8h") is not None:
            explain.append("实时报不使用O3 8小时滑动平均（HJ 633—2026 第4.2.3条）")
        return
    # HJ 633—2012 5.1.3: PM10/PM2.5 24 h moving averages and the O3 8 h moving
    # average take part in the real-time report.
    for key, pollutant, indicator, label in (
        ("pm10", PM10, "pm10_24h", "PM10 24小时滑动平均"),
        ("pm25", PM25, "pm25_24h", "PM2.5 24小时滑动平均"),
    ):
        value = values.get(key)
        if value is not None:
            _put(sub, explain, pollutant, indicator, label, value, standard)
    o3_8h = values.get("o3_8h")
    if o3_8h is not None:
        if o3_8h > 800:
            explain.append(
                f"O3 8小时滑动平均{_fmt(o3_8h)}高于800，不计算其分指数，"
                "按O3 1小时平均浓度计算（HJ 633—2012 表1 注3）"
            )
        else:
            _put(sub, explain, O3, "o3_8h", "O3 8小时滑动平均", o3_8h, standard)


def _fmt(value: Fraction) -> str:
    exact = Decimal(value.numerator) / Decimal(value.denominator)
    text = format(exact.normalize(), "f")
    return text
