"""Air statistics (E3, issue 13 item 2) over any period, from the air module's
daily values (`air.DailyValue`, read through `air.selectors`).

Figures of a period (any day range, a month, a quarter, a year to date):

- PM2.5, PM10, SO2 and NO2: the arithmetic mean of the valid daily means (µg/m³,
  1 decimal, 示例配置 rounding);
- CO: the 95th percentile of the daily means (mg/m³, 1 decimal);
- O3: the 90th percentile of the daily maximum 8-hour means (µg/m³);
  percentiles by HJ 663—2013: k = 1 + (n − 1) × p, linear between ranks;
- good days: days whose AQI level is 1 or 2, over days with an AQI.

The AQI standard changed on 2026-03-01 (HJ 633—2012 → HJ 633—2026, reference/
aqi.md §0: PM2.5 and PM10 IAQI-100 breakpoints 75 → 60 and 150 → 120). Each day's
stored level is under the standard in force that day. A year-on-year change of
the good-days ratio is compared on one standard — the one in force on the last
day of the current period: for the city, both periods' days are re-rated under it
from the stored daily concentrations (`lib.air_forecast.daily_aqi`, the same
function the air module rates days with). A district's days come from
`air.selectors.daily_district`, which carries every pollutant's daily mean of the
district's stations (computed as the city's), so a district gets the same
figures and is re-rated the same way. Only days that cannot be re-rated (a
pollutant missing) fall back to each day's own standard, and the basis says so.

Year-on-year changes of PM2.5, PM10, SO2, NO2 (means) and CO (P95) are in %,
positive = better (同比改善), from the rounded figures shown.

Validity (GB 3095—2012 表4, `statistics.Rules`): the 2012 minima (324 days a
year, 27 a month, 25 in February) are applied pending GB 3095—2026 §6, whose
text is not in reference/ (BLOCKED).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from ecobureau.lib import aqi as aqi_lib

from . import statistics

# Marked for translation only: pages show it with {% translate validity_note %}.
VALIDITY_NOTE = gettext_noop(
    "有效性规定暂按GB 3095—2012表4（GB 3095—2026第6章原文未收入参考资料，待核对）"
)
STANDARD_NAMES = {aqi_lib.HJ633_2012: "HJ 633—2012", aqi_lib.HJ633_2026: "HJ 633—2026"}
_MEAN_KEYS = ("pm25", "pm10", "so2", "no2")


def percentile(values: list[float], p: float) -> float | None:
    """HJ 663—2013 percentile: k = 1 + (n − 1) × p, interpolated between ranks."""
    if not values:
        return None
    ordered = sorted(values)
    k = 1 + (len(ordered) - 1) * p
    low = math.floor(k)
    frac = k - low
    if low >= len(ordered):
        return ordered[-1]
    return ordered[low - 1] + frac * (ordered[low] - ordered[low - 1])


def _mean(values: list[float]) -> float | None:
    return round(sum(values) / len(values), 1) if values else None


def same_days_last_year(start: date, end: date) -> tuple[date, date]:
    """The same calendar days one year earlier (29 February → 28 February)."""

    def back(day: date) -> date:
        try:
            return day.replace(year=day.year - 1)
        except ValueError:
            return day.replace(year=day.year - 1, day=28)

    return back(start), back(end)


def _months_between(start: date, end: date) -> list[tuple[int, int]]:
    out = []
    year, month = start.year, start.month
    while (year, month) <= (end.year, end.month):
        out.append((year, month))
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return out


def _month_end(year: int, month: int) -> date:
    return date(year + (month == 12), month % 12 + 1, 1) - timedelta(days=1)


@dataclass
class AirFigures:
    start: date
    end: date
    days: int
    valid_days: int
    pm25_mean: float | None
    good_days: int
    o3_p90: float | None
    months: dict[tuple[int, int], int] = field(default_factory=dict)
    pm10_mean: float | None = None
    so2_mean: float | None = None
    no2_mean: float | None = None
    co_p95: float | None = None
    # The standards the days were rated under (each day: the one in force).
    standards: tuple[str, ...] = ()
    # {standard: (good days, rated days)} with every day re-rated under that
    # standard from its stored concentrations; empty when that is impossible.
    rerated: dict[str, tuple[int, int]] = field(default_factory=dict)

    @property
    def short_months(self) -> list[tuple[int, int, int]]:
        """(month, valid days, minimum) of the whole months inside the period
        below GB 3095—2012 表4's monthly minimum."""
        rules = statistics.rules()
        out = []
        for year, month in _months_between(self.start, self.end):
            if date(year, month, 1) < self.start or _month_end(year, month) > self.end:
                continue
            minimum = rules.month_minimum(month)
            have = self.months.get((year, month), 0)
            if have < minimum:
                out.append((month, have, minimum))
        return out

    @property
    def good_ratio(self) -> float | None:
        return self.good_days * 100 / self.valid_days if self.valid_days else None

    @property
    def complete(self) -> bool:
        minimum = statistics.rules().annual_minimum(self.start, self.end)
        return self.valid_days >= minimum and not self.short_months

    @property
    def standards_text(self) -> str:
        return "、".join(STANDARD_NAMES.get(s, s) for s in self.standards)

    def good_ratio_under(self, standard: str) -> float | None:
        """The good-days ratio with every day rated under `standard`; None when
        the days could not be re-rated."""
        if standard in self.rerated:
            good, rated = self.rerated[standard]
            return good * 100 / rated if rated else None
        if self.standards == (standard,):
            return self.good_ratio
        return None

    def good_days_under(self, standard: str) -> tuple[int, int] | None:
        if standard in self.rerated:
            return self.rerated[standard]
        if self.standards == (standard,):
            return self.good_days, self.valid_days
        return None


def _rerate(rows: list[dict], standard: aqi_lib.Standard) -> tuple[int, int]:
    """(good days, rated days) with each day rated under `standard`: the stored
    level when the day was rated under it, else the daily AQI of the stored
    concentrations (the air module's own function), else the stored AQI under
    the other standard (`other_aqi`)."""
    from ecobureau.lib import air_forecast, air_stats

    good = rated = 0
    for row in rows:
        if row["standard"] == standard:
            level = row["level"]
        else:
            values = [
                math.nan if row[k] is None else row[k] for k in air_stats.DAILY_KEYS
            ]
            result = air_forecast.daily_aqi(values, standard)
            if result is not None:
                level = result.level
            elif row["other_aqi"] is not None:
                level = aqi_lib.level_of(row["other_aqi"])
            else:
                level = None
        if level is not None:
            rated += 1
            good += level <= 2
    return good, rated


def daily_rows(
    start: date, end: date, district_id: int | None = None
) -> list[dict] | None:
    """The daily values the figures are computed from (the city's, or a
    district's from its own stations), one dict a day; None when there is no
    home city or the district has no station. The drill-down lists these rows."""
    from ecobureau.air import selectors as air_selectors

    city = air_selectors.home_city()
    if city is None:
        return None
    keys = ("date", "standard", "aqi", "level", "other_aqi", "so2", "no2", "pm10",
            "co", "o3_1h", "o3_8h", "pm25")  # fmt: skip
    if district_id is None:
        return list(air_selectors.daily_city(city, start, end).values(*keys))
    days = air_selectors.daily_district(city, district_id, start, end)
    if not days and not air_selectors.district_stations(city, district_id):
        return None
    return [
        {"date": d.date, "standard": aqi_lib.standard_for(d.date), "aqi": d.aqi,
         "level": d.level, "other_aqi": None, **d.values()}
        for d in days
    ]  # fmt: skip


def air_figures(
    start: date, end: date, district_id: int | None = None
) -> AirFigures | None:
    """The home city's air figures over the days from `start` to `end`, or a
    district's when `district_id` is given: from the daily values of the
    district's own stations (`air.selectors.daily_district`); None when there is
    no city, or the district has no station."""
    rows = daily_rows(start, end, district_id)
    if rows is None:
        return None
    months: dict[tuple[int, int], int] = defaultdict(int)
    rated = [r for r in rows if r["aqi"] is not None]
    for r in rated:
        months[(r["date"].year, r["date"].month)] += 1
    means = {
        key: _mean([r[key] for r in rows if r.get(key) is not None])
        for key in _MEAN_KEYS
    }
    co = percentile([r["co"] for r in rows if r.get("co") is not None], 0.95)
    standards = tuple(sorted({r["standard"] for r in rated}))
    rerated: dict[str, tuple[int, int]] = {
        standard: _rerate(rows, standard) for standard in aqi_lib.STANDARDS
    }
    return AirFigures(
        start=start,
        end=end,
        days=(end - start).days + 1,
        valid_days=len(rated),
        pm25_mean=means["pm25"],
        good_days=sum(1 for r in rated if r["level"] is not None and r["level"] <= 2),
        o3_p90=percentile([r["o3_8h"] for r in rows if r["o3_8h"] is not None], 0.9),
        months=dict(months),
        pm10_mean=means["pm10"],
        so2_mean=means["so2"],
        no2_mean=means["no2"],
        co_p95=None if co is None else round(co, 1),
        standards=standards,
        rerated=rerated,
    )


# The figures with a year-on-year % change: AirFigures attribute by pollutant.
CHANGE_FIELDS = {
    "pm25": "pm25_mean",
    "pm10": "pm10_mean",
    "so2": "so2_mean",
    "no2": "no2_mean",
    "co": "co_p95",
}


@dataclass(frozen=True)
class Change:
    """A year-on-year change in %: `value` positive = better (lower)."""

    value: float

    @property
    def better(self) -> bool:
        return self.value >= 0

    @property
    def size(self) -> float:
        return abs(self.value)


@dataclass
class AirSummary:
    current: AirFigures | None
    previous: AirFigures | None

    def change(self, key: str) -> float | None:
        """Improvement of a pollutant's figure (CHANGE_FIELDS) in %, positive =
        better: (last year − now) / last year, 1 decimal."""
        cur, prev = self.current, self.previous
        if not cur or not prev:
            return None
        now = getattr(cur, CHANGE_FIELDS[key])
        base = getattr(prev, CHANGE_FIELDS[key])
        if now is None or not base:
            return None
        return round((base - now) * 100 / base, 1)

    @property
    def changes(self) -> dict[str, Change | None]:
        """Each pollutant's change, for the templates."""
        out: dict[str, Change | None] = {}
        for key in CHANGE_FIELDS:
            value = self.change(key)
            out[key] = None if value is None else Change(value)
        return out

    @property
    def pm25_change(self) -> float | None:
        """Improvement in %, positive = better (同比改善), as seed 004 writes it."""
        return self.change("pm25")

    @property
    def pm25_rise(self) -> float | None:
        change = self.pm25_change
        return None if change is None else -change

    @property
    def basis_standard(self) -> str | None:
        """The one standard the good-days comparison uses: the one in force on
        the current period's last day."""
        return aqi_lib.standard_for(self.current.end) if self.current else None

    @property
    def basis_name(self) -> str:
        return STANDARD_NAMES.get(self.basis_standard or "", "")

    @property
    def good_ratio_now(self) -> float | None:
        """The current period's ratio on the comparison standard."""
        if not self.current or not self.basis_standard:
            return None
        return self.current.good_ratio_under(self.basis_standard)

    @property
    def good_ratio_base(self) -> float | None:
        """The base period's ratio on the comparison standard."""
        if not self.previous or not self.basis_standard:
            return None
        return self.previous.good_ratio_under(self.basis_standard)

    @property
    def one_standard(self) -> bool:
        """Whether the comparison is on one standard (both periods rated, or
        re-rated, under the basis standard)."""
        return self.good_ratio_now is not None and self.good_ratio_base is not None

    @property
    def good_ratio_change(self) -> float | None:
        """Percentage points, positive = better: on one standard when the days
        could be re-rated, else on each day's own standard (see `basis_text`)."""
        if self.one_standard:
            return round(self.good_ratio_now - self.good_ratio_base, 1)  # type: ignore[operator]
        cur, prev = self.current, self.previous
        if not cur or not prev or cur.good_ratio is None or prev.good_ratio is None:
            return None
        return round(cur.good_ratio - prev.good_ratio, 1)

    @property
    def basis_text(self) -> str:
        """How the good-days comparison was made, for the page and the bulletin."""
        cur, prev = self.current, self.previous
        if not cur or not prev or not prev.valid_days:
            return ""
        name = self.basis_name
        if self.one_standard:
            redone = [
                label
                for label, fig in ((_("本期"), cur), (_("上年同期"), prev))
                if fig.standards and fig.standards != (self.basis_standard,)
            ]
            if not redone:
                return _("同比口径：两期均按%(standard)s评价") % {"standard": name}
            return _(
                "同比口径：统一按%(standard)s评价，%(periods)s"
                "由存储的日均浓度按%(standard)s重新评级"
            ) % {"standard": name, "periods": _("、").join(redone)}
        return _(
            "同比口径：各日按当日施行的标准评价（本期%(now)s，上年同期%(base)s）；"
            "日数据缺少污染物浓度，未能统一按%(standard)s重新评级，两期不完全可比"
        ) % {
            "now": cur.standards_text or "—",
            "base": prev.standards_text or "—",
            "standard": name,
        }


def air_summary(
    *,
    start: date | None = None,
    end: date | None = None,
    year: int | None = None,
    through: date | None = None,
    district_id: int | None = None,
) -> AirSummary:
    """The period's figures and the same days a year earlier. The period is
    `start`–`end`, or (the older call) 1 January of `year` through `through`."""
    if start is None or end is None:
        if year is None or through is None:
            raise ValueError("air_summary needs start and end, or year and through")
        start, end = date(year, 1, 1), through
    prev_start, prev_end = same_days_last_year(start, end)
    return AirSummary(
        current=air_figures(start, end, district_id),
        previous=air_figures(prev_start, prev_end, district_id),
    )
