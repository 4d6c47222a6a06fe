"""Drill-down from a figure to the rows it was computed from (issue 13 item 6:
"the leadership figures … with drill-down to the samples behind them").

Each function calls the selector that computes the figure (the dashboard's, the
bulletin's and the leadership page's) and lists the rows that selector read for
the same period, so the listed rows recompute the figure:

- water (CWQI, sections meeting their target, good-water share): each section of
  `selectors.water_summary` with its samples of the period (date, values, the
  sample's own class and limiting items); the period class is the class of the
  means of those values (reference/water.md 2.8);
- drinking water: each source of `selectors.drinking_summary` with its monthly
  verdicts and its samples of the period;
- air (PM2.5 mean, good-days ratio): every day of the period from
  `air_figures.daily_rows` — counted or not, and why (no daily value, no AQI) —
  with the months short of GB 3095—2012 表4's minimum;
- emission totals: each district and pollutant of
  `selectors.emission_progress_for_user` with the monthly figures summed, and the
  enterprises' online-monitoring totals and gaps of `emissions.ledger_for_user`
  over the same months.

Reads only; scoped like the figures (the emission rows through the user's
district scope; water and air are public information for quality staff).
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.utils.translation import gettext_noop

from ecobureau.accounts.models import User
from ecobureau.lib.dates import SHANGHAI

from . import air_figures, drinking, emissions, selectors
from . import water_class as wc
from .models import EmissionActual, Sample, Section


@dataclass
class SampleLine:
    sample: Sample
    values: dict[str, Decimal]
    klass: str | None
    limiting: list[str]

    @property
    def shown(self) -> list[tuple[str, Decimal]]:
        return [
            (drinking.ALL_NAMES[key], self.values[key].normalize())
            for key in drinking.ALL_KEYS
            if key in self.values
        ]

    @property
    def limiting_text(self) -> str:
        return "、".join(wc.NAMES[key] for key in self.limiting)


def samples_by_section(
    sections: list[Section], start: date, end: date
) -> dict[int, list[SampleLine]]:
    """The samples `period_means` averaged (same sections, same days), each
    classified on its own."""
    by_pk = {s.pk: s for s in sections}
    out: dict[int, list[SampleLine]] = defaultdict(list)
    samples = (
        Sample.objects.filter(
            section_id__in=list(by_pk), sampled_on__gte=start, sampled_on__lte=end
        )
        .prefetch_related("measurements")
        .order_by("section_id", "sampled_on", "source")
    )
    for sample in samples:
        values = {m.parameter: m.value for m in sample.measurements.all()}
        result = selectors.classify_means(by_pk[sample.section_id], values, None)
        out[sample.section_id].append(
            SampleLine(
                sample=sample,
                values=values,
                klass=result.klass if result else None,
                limiting=list(result.limiting) if result else [],
            )
        )
    return out


@dataclass
class WaterDrill:
    summary: selectors.WaterSummary
    samples: dict[int, list[SampleLine]]

    @property
    def sections(self) -> list[tuple[selectors.SectionRow, list[SampleLine]]]:
        return [
            (row, self.samples.get(row.section.pk, [])) for row in self.summary.rows
        ]


def water(
    *, year: int, last_month: int, level: str | None = "national",
    district_id: int | None = None,
) -> WaterDrill:  # fmt: skip
    summary = selectors.water_summary(
        year=year, last_month=last_month, level=level, district_id=district_id
    )
    start, end = selectors.month_range(year, 1, last_month)
    sections = [row.section for row in summary.rows]
    return WaterDrill(summary, samples_by_section(sections, start, end))


@dataclass
class DrinkingDrill:
    rows: list[selectors.DrinkingRow]
    rate: Decimal | None
    samples: dict[int, list[SampleLine]]

    @property
    def sources(self) -> list[tuple[selectors.DrinkingRow, list[SampleLine]]]:
        return [(row, self.samples.get(row.section.pk, [])) for row in self.rows]

    @property
    def monitored(self) -> int:
        return sum(1 for row in self.rows if row.passed is not None)

    @property
    def passed(self) -> int:
        return sum(1 for row in self.rows if row.passed)


def drinking_sources(
    *, year: int, last_month: int, district_id: int | None = None
) -> DrinkingDrill:
    rows, rate = selectors.drinking_summary(
        year=year, last_month=last_month, district_id=district_id
    )
    start, end = selectors.month_range(year, 1, last_month)
    samples = samples_by_section([row.section for row in rows], start, end)
    return DrinkingDrill(rows, rate, samples)


# --- Air ---------------------------------------------------------------------------

# Why a day is not counted (translated in the template).
NO_VALUE = gettext_noop("无日均值")
NO_AQI = gettext_noop("有浓度但无AQI（当日有效数据不足）")


@dataclass
class AirDay:
    day: date
    row: dict[str, Any] | None

    @property
    def counted(self) -> bool:
        """Counted in the good-days ratio (and the validity count)."""
        return self.row is not None and self.row["aqi"] is not None

    @property
    def pm25_counted(self) -> bool:
        """Counted in the PM2.5 mean (a daily PM2.5 value)."""
        return self.row is not None and self.row.get("pm25") is not None

    @property
    def good(self) -> bool:
        return bool(self.counted and self.row and (self.row["level"] or 9) <= 2)

    @property
    def reason(self) -> str:
        if self.row is None:
            return NO_VALUE
        return "" if self.counted else NO_AQI


@dataclass
class AirDrill:
    figures: air_figures.AirFigures | None
    days: list[AirDay] = field(default_factory=list)

    @property
    def not_counted(self) -> list[AirDay]:
        return [d for d in self.days if not d.counted]


def air_days(start: date, end: date, district_id: int | None = None) -> AirDrill:
    """Every day from `start` to `end` with the daily value the figures used."""
    rows = air_figures.daily_rows(start, end, district_id)
    if rows is None:
        return AirDrill(None)
    by_day = {row["date"]: row for row in rows}
    days = []
    on = start
    while on <= end:
        days.append(AirDay(on, by_day.get(on)))
        on += timedelta(days=1)
    return AirDrill(air_figures.air_figures(start, end, district_id), days)


# --- Emission totals ------------------------------------------------------------------


def ledger_now(year: int, last_month: int, now: datetime) -> datetime:
    """The ledger's end for a year to `last_month`: the month's end, or now."""
    end = selectors.month_range(year, last_month, last_month)[1]
    return min(now, datetime.combine(end + timedelta(days=1), time.min, SHANGHAI))


@dataclass
class EmissionDrill:
    row: selectors.EmissionRow
    actuals: list[EmissionActual]
    enterprises: list[emissions.EnterpriseTotal]
    district_total: emissions.DistrictTotal | None

    @property
    def online_tonnes(self) -> Decimal:
        return sum((e.tonnes for e in self.enterprises), Decimal(0))


@dataclass
class EmissionsDrill:
    rows: list[EmissionDrill]
    # Districts and pollutants of the ledger without a cap (in the bulletin, not
    # in the progress figure), with their enterprises.
    others: list[tuple[emissions.DistrictTotal, list[emissions.EnterpriseTotal]]]


def emission_rows(
    user: User, *, year: int, last_month: int, now: datetime,
    district_id: int | None = None,
) -> EmissionsDrill:  # fmt: skip
    """Each district and pollutant of the progress figure, with the monthly
    figures it summed and the enterprises' online totals and gaps."""
    rows = selectors.emission_progress_for_user(user, year=year, last_month=last_month)
    if district_id is not None:
        rows = [r for r in rows if r.target.district_id == district_id]
    actuals: dict[tuple[int, str], list[EmissionActual]] = defaultdict(list)
    for actual in selectors.emission_actuals_for_user(user, year=year).filter(
        month__lte=last_month
    ):
        actuals[(actual.district_id, actual.pollutant)].append(actual)
    book = emissions.ledger_for_user(
        user, year=year, now=ledger_now(year, last_month, now)
    )
    firms: dict[tuple[int, str], list[emissions.EnterpriseTotal]] = defaultdict(list)
    for e in book.enterprises:
        firms[(e.district_id, e.pollutant)].append(e)
    totals = {(d.district.pk, d.pollutant): d for d in book.districts}
    out = []
    for row in rows:
        key = (row.target.district_id, row.target.pollutant)
        out.append(
            EmissionDrill(
                row, actuals.get(key, []), firms.get(key, []), totals.get(key)
            )
        )
    shown = {(r.target.district_id, r.target.pollutant) for r in rows}
    others = [
        (d, firms.get((d.district.pk, d.pollutant), []))
        for d in book.districts
        if (d.district.pk, d.pollutant) not in shown
        and (district_id is None or d.district.pk == district_id)
    ]
    return EmissionsDrill(out, others)
