"""Noise compliance and grades (pure: no models, no settings).

- Functional areas (功能区声环境): GB 3096—2008《声环境质量标准》表1 limits of the
  equivalent A-weighted level, dB(A), by area class, day (06:00–22:00) and night
  (22:00–06:00). A measurement complies when Leq ≤ the limit (the law fixes the
  limits; compliance rate = compliant point-times / monitored point-times, day and
  night counted separately, as the monitoring reports state it — 示例配置 wording).
- Regional (区域) and road traffic (道路交通): HJ 640—2012《环境噪声监测技术规范
  城市声环境常规监测》 grades of the mean level (regional: arithmetic mean of the
  grid points; road: length-weighted mean of the sections). Grade boundaries as
  commonly cited from HJ 640—2012 表2/表3 (not checked against the primary text
  here: 示例配置 until checked).
"""

from __future__ import annotations

from decimal import Decimal

# GB 3096—2008 表1 (dB(A)): class → (day, night).
LIMITS: dict[str, tuple[Decimal, Decimal]] = {
    "0": (Decimal(50), Decimal(40)),
    "1": (Decimal(55), Decimal(45)),
    "2": (Decimal(60), Decimal(50)),
    "3": (Decimal(65), Decimal(55)),
    "4a": (Decimal(70), Decimal(55)),
    "4b": (Decimal(70), Decimal(60)),
}

GRADE_NAMES = ("好", "较好", "一般", "较差", "差")
# Upper bounds (inclusive) of grades 一级…四级; above the last is 五级 (差).
REGIONAL_DAY = (Decimal("50.0"), Decimal("55.0"), Decimal("60.0"), Decimal("65.0"))
REGIONAL_NIGHT = (Decimal("40.0"), Decimal("45.0"), Decimal("50.0"), Decimal("55.0"))
TRAFFIC_DAY = (Decimal("68.0"), Decimal("70.0"), Decimal("72.0"), Decimal("74.0"))
TRAFFIC_NIGHT = (Decimal("58.0"), Decimal("60.0"), Decimal("62.0"), Decimal("64.0"))


def complies(area_class: str, *, night: bool, leq: Decimal) -> bool:
    """GB 3096—2008 表1: Leq not above the class's limit."""
    if area_class not in LIMITS:
        raise ValueError(f"声环境功能区类别“{area_class}”应为0、1、2、3、4a或4b")
    day_limit, night_limit = LIMITS[area_class]
    return leq <= (night_limit if night else day_limit)


def grade(level: Decimal, bounds: tuple[Decimal, ...]) -> tuple[int, str]:
    """(1..5, 好…差) of a mean level against the upper bounds of grades 1–4."""
    for number, upper in enumerate(bounds, start=1):
        if level <= upper:
            return number, GRADE_NAMES[number - 1]
    return 5, GRADE_NAMES[4]


def weighted_mean(values: list[tuple[Decimal, Decimal]]) -> Decimal | None:
    """Σ(L × l) / Σl over (level, length) pairs (HJ 640—2012 road traffic)."""
    total = sum((length for _, length in values), Decimal(0))
    if not total:
        return None
    return sum((level * length for level, length in values), Decimal(0)) / total
