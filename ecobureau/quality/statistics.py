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

GB 3095—2026 (in force 2026-03-01) has its own §6 validity rules; its text is not
in reference/ (aqi.md §7 item 3), so the 2012 minima stay the defaults and are
cited as GB 3095—2012's until it is read (BLOCKED).

The water choices reference/water.md marks UNVERIFIED are fields here too, each
labelled 示例配置: the drinking-water pass class and whether one failing month
fails the source for the period (§4), the provincial good-water target (seed
004 "优于省80%考核标准"), the CWQI city weighting (§3.5) and the main-pollutant
priority list and count (§2.5).
"""

from __future__ import annotations

import math
from dataclasses import dataclass, fields
from datetime import date
from decimal import ROUND_HALF_EVEN, Decimal
from typing import Any

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext as _

from . import water_class as wc

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
    # Drinking-water sources (reference/water.md 4: pass criterion UNVERIFIED,
    # 示例配置): a month passes when its mean class is this or better …
    drinking_pass_class: str = "III"  # noqa: S105 - a water class, not a secret
    # … and with True one failing month fails the source for the period; with
    # False the source is judged on its period mean instead.
    drinking_month_fails_year: bool = True
    # The provincial good-water (I–III) target in %: one number for every year,
    # or {"2026": 80, …} by year (seed 004 "优于省80%考核标准"; 示例配置，需按
    # 省厅考核文件逐年核定).
    good_water_target: Any = 80
    # City CWQI (reference/water.md 3.5, UNVERIFIED): "count" — the index of the
    # mean river concentrations and of the mean lake concentrations weighted by
    # their numbers of sections/points; "section_mean" — the mean of the
    # sections' own indices.
    cwqi_city_weighting: str = "count"
    # Main pollutants (reference/water.md 2.5, UNVERIFIED): items named first
    # when they exceed class III, and how many are named.
    main_pollutant_priority: tuple[str, ...] = wc.HEAVY_METALS
    main_pollutant_count: int = 3

    def good_water_target_for(self, year: int) -> Decimal | None:
        target = self.good_water_target
        if isinstance(target, dict):
            target = target.get(str(year), target.get(year))
        return None if target is None else Decimal(str(target))

    def cite(self) -> list[str]:
        water = (
            "水质均值：2020年统计技术规定（四舍六入五成双；pH按氢离子浓度均值）"
            "（第三方转录，UNVERIFIED）"
            if self.water_rule == "2020"
            else "水质均值：各项目算术均值，不修约，pH算术平均（环办〔2011〕22号；示例配置）"
        )
        return [
            _(
                "年均值有效：全年至少%(days)s个日均值（GB 3095—2012 表4；"
                "GB 3095—2026第6章原文未收入参考资料，待核对）"
            )
            % {"days": self.air_annual_min_days},
            _("每月至少%(month)s个日均值，二月至少%(february)s个（GB 3095—2012 表4）")
            % {
                "month": self.air_month_min_days,
                "february": self.air_february_min_days,
            },
            "O3日最大8小时第90百分位数、CO日均值第95百分位数：k = 1 + (n − 1) × p"
            "（HJ 663—2013）",
            water,
        ]

    def cite_water(self) -> list[str]:
        """The configured water choices (示例配置), for pages and the bulletin."""
        weighting = (
            _("河流、湖库各按均值浓度计算指数，再按断面（点位）数加权")
            if self.cwqi_city_weighting == "count"
            else _("各断面指数的算术平均")
        )
        month_rule = (
            _("任一监测月份不达标即全期不达标")
            if self.drinking_month_fails_year
            else _("按全期均值评价")
        )
        priority = "、".join(wc.NAMES[k] for k in self.main_pollutant_priority)
        return [
            _(
                "城市水质指数：%(weighting)s（示例配置，reference/water.md 3.5 UNVERIFIED）"
            )
            % {"weighting": weighting},
            f"主要污染指标：至多{self.main_pollutant_count}项，{priority or '无'}超Ⅲ类者优先"
            "（示例配置，reference/water.md 2.5 UNVERIFIED）",
            _(
                "饮用水水源地：基本项目%(klass)s类及以上且表2补充项目不超限值为达标，"
                "%(rule)s（示例配置，需按省厅文件核定）"
            )
            % {"klass": self.drinking_pass_class, "rule": month_rule},
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
    if "main_pollutant_priority" in overrides:
        overrides = {
            **overrides,
            "main_pollutant_priority": tuple(overrides["main_pollutant_priority"]),
        }
    result = Rules(**overrides)
    problems = []
    if result.water_rule not in ("2011", "2020"):
        problems.append("water_rule应为2011或2020")
    if result.drinking_pass_class not in wc.TARGETS:
        problems.append("drinking_pass_class应为I、II、III、IV、V之一")
    if not isinstance(result.drinking_month_fails_year, bool):
        problems.append("drinking_month_fails_year应为true或false")
    if result.cwqi_city_weighting not in ("count", "section_mean"):
        problems.append("cwqi_city_weighting应为count或section_mean")
    unknown_items = [k for k in result.main_pollutant_priority if k not in wc.COUNTED]
    if unknown_items:
        problems.append(
            f"main_pollutant_priority中有非参评项目{'、'.join(unknown_items)}"
        )
    if (
        not isinstance(result.main_pollutant_count, int)
        or not 1 <= result.main_pollutant_count <= 21
    ):
        problems.append("main_pollutant_count应为1～21的整数")
    targets = (
        result.good_water_target.values()
        if isinstance(result.good_water_target, dict)
        else [result.good_water_target]
    )
    if any(
        t is not None
        and (isinstance(t, bool) or not isinstance(t, int | float) or not 0 <= t <= 100)
        for t in targets
    ):
        problems.append("good_water_target应为0～100的数值，或按年份的此类数值")
    if problems:
        raise ImproperlyConfigured("QUALITY_STATISTICS_RULES：" + "；".join(problems))
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
