"""The `aqi` rule: the AQI, level, category and primary pollutant of one day or
one hour (CONTRACTS.md `aqi`; lib.aqi; reference/aqi.md §1).

In:  {"kind": "daily" | "hourly", "date": "YYYY-MM-DD", "standard": "HJ633-2012" |
      "HJ633-2026", "so2": .., "no2": .., "pm10": .., "co": .., "o3_1h": ..,
      "o3_8h": .., "pm25": .., "so2_24h": ..}
Out: {"aqi": int, "level": 1..6, "category": "优" …, "primary": [...],
      "iaqi": {"PM2.5": int, ...}, "standard": "HJ633-2026", "explain": [...]}
"""

from __future__ import annotations

import re
from datetime import date
from fractions import Fraction
from typing import Any, cast

from ecobureau.lib import aqi as aqi_lib

from . import Rule, RuleContext, RuleInputError

KEYS = ("kind", "date", "standard", *aqi_lib.INPUT_KEYS)
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_LABELS = {
    "so2": "SO2",
    "no2": "NO2",
    "pm10": "PM10",
    "co": "CO",
    "o3_1h": "O3 1小时",
    "o3_8h": "O3 8小时",
    "pm25": "PM2.5",
    "so2_24h": "SO2 24小时",
}


def run(data: dict[str, Any], ctx: RuleContext) -> dict[str, Any]:
    problems: list[str] = []
    unknown = [key for key in data if key not in KEYS]
    if unknown:
        names = "、".join(f"“{k}”" for k in unknown)
        problems.append(f"未知字段{names}（可用字段：{'、'.join(KEYS)}）")
    kind = data.get("kind")
    if kind not in ("daily", "hourly"):
        shown = f"“{kind}”" if isinstance(kind, str) else "缺失或不是字符串"
        problems.append(f"“kind”应为daily或hourly，收到{shown}")
    day = _date(data.get("date"), problems)
    standard = data.get("standard")
    if standard is not None and standard not in aqi_lib.STANDARDS:
        problems.append(
            f"“standard”应为{'或'.join(aqi_lib.STANDARDS)}，收到“{standard}”"
        )
    values: dict[str, Fraction | None] = {}
    for key in aqi_lib.INPUT_KEYS:
        if key not in data or data[key] is None:
            continue
        try:
            values[key] = aqi_lib.to_fraction(data[key])
        except aqi_lib.AqiInputError as error:
            problems.append(f"“{key}”（{_LABELS[key]}）{error}，收到{data[key]!r}")
    if not problems and not values:
        problems.append("至少需要一项污染物浓度")
    if problems:
        raise RuleInputError("；".join(problems))
    explain: list[str] = []
    if standard is None:
        basis = day or ctx.as_of
        standard = aqi_lib.standard_for(basis)
        source = "date" if day else "--as-of（或今天）"
        explain.append(
            f"按{source} {basis} 适用的标准 {aqi_lib.CITES[standard]} 计算"
            "（HJ 633—2026 自2026-03-01起实施，代替 HJ 633—2012）"
        )
    else:
        explain.append(f"按指定标准 {aqi_lib.CITES[standard]} 计算")
    try:
        result = aqi_lib.compute(
            values, kind=cast(aqi_lib.Kind, kind), standard=standard
        )
    except aqi_lib.AqiInputError as error:
        raise RuleInputError(str(error)) from None
    return {
        "aqi": result.aqi,
        "level": result.level,
        "category": result.category,
        "primary": result.primary,
        "iaqi": result.iaqi,
        "standard": result.standard,
        "explain": explain + result.explain,
    }


def _date(value: object, problems: list[str]) -> date | None:
    if value is None:
        return None
    if isinstance(value, str) and _DATE.fullmatch(value):
        try:
            return date.fromisoformat(value)
        except ValueError:
            problems.append(f"“date”“{value}”不是存在的日期")
            return None
    problems.append("“date”应为YYYY-MM-DD格式的日期")
    return None


RULES = (
    Rule(
        name="aqi",
        version=aqi_lib.HJ633_2012,
        valid_from=None,
        valid_to=date(2026, 2, 28),
        description="环境空气质量指数（HJ 633—2012）：日报与实时报AQI、级别、首要污染物",
        run=run,
    ),
    Rule(
        name="aqi",
        version=aqi_lib.HJ633_2026,
        valid_from=aqi_lib.HJ633_2026_IN_FORCE,
        valid_to=None,
        description="环境空气质量指数（HJ 633—2026，2026-03-01起实施）：日报与实时报AQI、级别、首要污染物",
        run=run,
    ),
)
