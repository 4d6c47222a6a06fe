"""The statistics rules of the quality figures, in one place, each cited and each
overridable by the setting QUALITY_STATISTICS_RULES (a dict of the fields below),
so the bureau can follow a revised rule without a code change.

Air (GB 3095—2012 表4 数据统计的有效性规定; HJ 663—2013 环境空气质量评价技术规范):
an annual statistic needs at least 324 daily values a year and 27 in each month
(25 in February). Water (《地表水环境质量监测数据统计技术规定（试行）》, 2020-02,
reference/water.md 2.9, UNVERIFIED third-party transcription): means rounded
"四舍六入五成双" to fixed decimals per item, the pH mean from the mean
hydrogen-ion concentration. The water defaults keep the 2011 method's exact
arithmetic means (示例配置) until the 2020 text is read; set
{"water_rule": "2020"} to apply the transcribed 2020 rule.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

# reference/water.md 2.9 table (2020 rule as transcribed): decimals kept.
DECIMALS_2020: dict[str, int] = {
    "water_temp": 1, "ph": 2, "do": 1, "codmn": 1, "cod": 1, "bod5": 1,
    "nh3n": 2, "tp": 3, "tn": 2, "cu": 3, "zn": 3, "f": 3, "se": 4, "as_": 4,
    "hg": 5, "cd": 5, "cr6": 3, "pb": 3, "cn": 3, "phenol": 4, "petroleum": 2,
    "las": 2, "sulfide": 3, "fecal_coliform": 0,
}  # fmt: skip
# pH: the transcription says 0 decimals ("doubtful", water.md 2.9); 2 kept here
# (示例配置) so a mean of 7.6 and 8.4 does not read as 8.


@dataclass(frozen=True)
class Rules:
    # GB 3095—2012 表4: 年平均 — "每年至少有324个日平均浓度值".
    air_annual_min_days: int = 324
    # GB 3095—2012 表4: "每月至少有27个日平均浓度值（二月至少有25个）".
    air_month_min_days: int = 27
    air_february_min_days: int = 25
    # Water period means: "2011" exact arithmetic means (示例配置), or "2020"
    # (rounding half-even to DECIMALS_2020, pH from the mean H⁺).
    water_rule: str = "2011"

    def cite(self) -> list[str]:
        water = (
            "水质均值：2020年统计技术规定（四舍六入五成双；pH按氢离子浓度均值）"
            "（第三方转录，UNVERIFIED）"
            if self.water_rule == "2020"
            else "水质均值：各项目算术均值，不修约，pH算术平均（环办〔2011〕22号；示例配置）"
        )
        return [
            f"年均值有效：全年至少{self.air_annual_min_days}个日均值（GB 3095—2012 表4）",
            f"每月至少{self.air_month_min_days}个日均值，二月至少"
            f"{self.air_february_min_days}个（GB 3095—2012 表4）",
            "O3日最大8小时第90百分位数：k = 1 + (n − 1) × 0.9（HJ 663—2013）",
            water,
        ]

    def month_minimum(self, month: int) -> int:
        return self.air_february_min_days if month == 2 else self.air_month_min_days

    def annual_minimum(self, start: date, end: date) -> int:
        """The annual minimum pro rata for part of a year (示例配置)."""
        days = (end - start).days + 1
        year_days = 366 if _leap(start.year) else 365
        return math.ceil(self.air_annual_min_days * min(days, year_days) / year_days)


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def rules() -> Rules:
    overrides = getattr(settings, "QUALITY_STATISTICS_RULES", None) or {}
    known = {f.name for f in fields(Rules)}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise ImproperlyConfigured(
            f"QUALITY_STATISTICS_RULES中有未知项{'、'.join(unknown)}"
            f"（可用：{'、'.join(sorted(known))}）"
        )
    result = Rules(**overrides)
    if result.water_rule not in ("2011", "2020"):
        raise ImproperlyConfigured("QUALITY_STATISTICS_RULES的water_rule应为2011或2020")
    return result


def water_mean(key: str, values: list[Decimal], rule: str) -> Decimal:
    """One item's period mean under the configured rule."""
    if rule != "2020":
        return sum(values, Decimal(0)) / len(values)
    if key == "ph":
        hydrogen = sum((Decimal(10) ** -v for v in values), Decimal(0)) / len(values)
        mean = -hydrogen.log10()
    else:
        mean = sum(values, Decimal(0)) / len(values)
    places = DECIMALS_2020.get(key)
    if places is None:
        return mean
    return mean.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
