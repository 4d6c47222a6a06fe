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
  enterprises' online-monitoring totals, hours and gaps of
  `emissions.ledger_for_user` over the same months (`first_month=`).

Every drill-down reads one `DrillPeriod` of months within a year: the single
month, 1 January to the month's end (the figures' own period, the default), or
any month range; the year-on-year comparison is the same months of the year
before. `period_parse` reads it from the query string in one place. The air
drill-down alone also reads a `DayPeriod` (`air_period_parse`: the air
statistics page's day range, its figures being daily).

Reads only; scoped like the figures (the emission rows through the user's
district scope; water and air are public information for quality staff).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.http import urlencode
from django.utils.translation import gettext, gettext_noop

from ecobureau.accounts.models import User
from ecobureau.lib.dates import SHANGHAI

from . import air_figures, drinking, emissions, selectors
from . import water_class as wc
from .models import EmissionActual, Sample, Section

# --- The period ---------------------------------------------------------------------

YTD, MONTH, RANGE = "ytd", "month", "range"
PERIOD_KINDS = (YTD, MONTH, RANGE)


@dataclass(frozen=True)
class DrillPeriod:
    """Months `first` to `last` of `year`: the single month (`first == last`),
    year to the month's end (`first == 1`, the figures' own period) or a range.
    `kind` is what was chosen, so a link keeps it."""

    year: int
    first: int
    last: int
    kind: str = YTD

    @classmethod
    def ytd(cls, year: int, month: int) -> DrillPeriod:
        return cls(year, 1, month, YTD)

    @property
    def start(self) -> date:
        return selectors.month_range(self.year, self.first, self.last)[0]

    @property
    def end(self) -> date:
        return selectors.month_range(self.year, self.first, self.last)[1]

    @property
    def previous(self) -> DrillPeriod:
        """The same months of the year before (the year-on-year comparison)."""
        return replace(self, year=self.year - 1)

    @property
    def label(self) -> str:
        if self.first == self.last:
            return gettext("%(year)s年%(month)s月") % {
                "year": self.year,
                "month": self.last,
            }
        return gettext("%(year)s年%(first)s—%(last)s月") % {
            "year": self.year,
            "first": self.first,
            "last": self.last,
        }

    def params(self) -> dict[str, str]:
        """The query parameters naming this period (what `period_parse` reads)."""
        out = {"period": self.kind, "year": str(self.year), "month": str(self.last)}
        if self.kind == RANGE:
            out["from"] = str(self.first)
        return out

    def query(self, district_id: int | None = None) -> str:
        """`?period=…&year=…&month=…[&from=…][&district=…]` for a link."""
        params = self.params()
        if district_id is not None:
            params["district"] = str(district_id)
        return "?" + urlencode(params)


def _default_month(today: date) -> tuple[int, int]:
    """The last complete month (the quality pages' default)."""
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


def _number(value: str, low: int, high: int, message: str) -> int:
    value = value.strip()
    if not value.isdigit() or not low <= int(value) <= high:
        raise ValidationError(message % {"value": value}, code="period")
    return int(value)


def period_parse(params: Mapping[str, str], *, today: date) -> DrillPeriod:
    """The period of `?period=ytd|month|range&year=&month=[&from=]`: `month` is
    the last month, `from` the first of a range. Without year or month, the last
    complete month (December for an earlier year), as the quality pages. Raise
    ValidationError with a Chinese message for anything else."""
    default_year, default_month = _default_month(today)
    kind = (params.get("period") or YTD).strip()
    if kind not in PERIOD_KINDS:
        raise ValidationError(
            gettext("统计期“%(value)s”无效：应为单月、年初至当月或月份区间。")
            % {"value": kind},
            code="period",
        )
    year_text = params.get("year") or ""
    year = (
        _number(
            year_text, 2000, 2100, gettext("年度“%(value)s”无效：应为2000—2100年。")
        )
        if year_text.strip()
        else default_year
    )
    month_text = params.get("month") or ""
    last = (
        _number(month_text, 1, 12, gettext("月份“%(value)s”无效：应为1—12月。"))
        if month_text.strip()
        else 12
        if year < default_year
        else default_month
    )
    if kind == MONTH:
        return DrillPeriod(year, last, last, kind)
    if kind == YTD:
        return DrillPeriod(year, 1, last, kind)
    first_text = (params.get("from") or "").strip()
    if not first_text:
        raise ValidationError(gettext("月份区间须填写起始月份。"), code="period")
    first = _number(first_text, 1, 12, gettext("起始月份“%(value)s”无效：应为1—12月。"))
    if first > last:
        raise ValidationError(
            gettext("起始月份（%(first)s月）不能晚于截止月份（%(last)s月）。")
            % {"first": first, "last": last},
            code="period",
        )
    return DrillPeriod(year, first, last, kind)


# --- A day range (the air drill-down only) -------------------------------------------

DAYS = "days"
MAX_DAYS = 366  # as the air statistics page's 任意日期段 (forms.AirPeriodForm)


@dataclass(frozen=True)
class DayPeriod:
    """Days `start` to `end` (at most `MAX_DAYS`): the air statistics page's
    day range. Only the air drill-down reads it (its figures are daily); the
    water, drinking-water and emission figures are monthly, so a day range has
    no drill-down there."""

    start: date
    end: date
    kind: str = DAYS

    @property
    def year(self) -> int:
        return self.end.year

    @property
    def last(self) -> int:
        return self.end.month

    @property
    def previous(self) -> DayPeriod:
        """The same days of the year before (`air_figures.same_days_last_year`)."""
        return DayPeriod(*air_figures.same_days_last_year(self.start, self.end))

    @property
    def label(self) -> str:
        return gettext("%(start)s至%(end)s") % {
            "start": self.start.isoformat(),
            "end": self.end.isoformat(),
        }

    def params(self) -> dict[str, str]:
        return {
            "period": DAYS,
            "from": self.start.isoformat(),
            "to": self.end.isoformat(),
        }

    def query(self, district_id: int | None = None) -> str:
        params = self.params()
        if district_id is not None:
            params["district"] = str(district_id)
        return "?" + urlencode(params)


def _day(value: str, message: str) -> date:
    value = value.strip()
    try:
        day = date.fromisoformat(value)
    except ValueError:
        day = None
    if day is None or not 2000 <= day.year <= 2100 or len(value) != 10:
        raise ValidationError(message % {"value": value}, code="period")
    return day


def air_period_parse(
    params: Mapping[str, str], *, today: date
) -> DrillPeriod | DayPeriod:
    """`period_parse`, or with `?period=days&from=YYYY-MM-DD&to=YYYY-MM-DD` a
    day range (the air drill-down only). Raise ValidationError in Chinese."""
    if (params.get("period") or "").strip() != DAYS:
        return period_parse(params, today=today)
    start_text = params.get("from") or ""
    end_text = params.get("to") or ""
    if not start_text.strip() or not end_text.strip():
        raise ValidationError(
            gettext("日期段须填写开始日期和结束日期（YYYY-MM-DD）。"), code="period"
        )
    start = _day(
        start_text, gettext("开始日期“%(value)s”无效：应为2000—2100年的YYYY-MM-DD。")
    )
    end = _day(
        end_text, gettext("结束日期“%(value)s”无效：应为2000—2100年的YYYY-MM-DD。")
    )
    if start > end:
        raise ValidationError(
            gettext("开始日期（%(start)s）不能晚于结束日期（%(end)s）。")
            % {"start": start.isoformat(), "end": end.isoformat()},
            code="period",
        )
    if (end - start).days >= MAX_DAYS:
        raise ValidationError(gettext("日期段最长一年（366天）。"), code="period")
    return DayPeriod(start, end)


def air_page_period(kind: str, start: date, end: date) -> DrillPeriod | DayPeriod:
    """The air drill-down's period for the air statistics page's choice
    (`forms.AirPeriodForm`, its kind and its days): year to a month's end,
    a month, a quarter (the range of its three months) or a day range."""
    if kind == "range":
        return DayPeriod(start, end)
    chosen = {"ytd": YTD, "month": MONTH, "quarter": RANGE}[kind]
    return DrillPeriod(end.year, start.month, end.month, chosen)


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
    *, period: DrillPeriod, level: str | None = "national",
    district_id: int | None = None,
) -> WaterDrill:  # fmt: skip
    """The water summary of the period's months (its CWQI compared with the
    same months of the year before) and the samples it averaged."""
    summary = selectors.water_summary(
        year=period.year,
        first_month=period.first,
        last_month=period.last,
        level=level,
        district_id=district_id,
    )
    sections = [row.section for row in summary.rows]
    return WaterDrill(summary, samples_by_section(sections, period.start, period.end))


@dataclass
class DrinkingDrill:
    rows: list[selectors.DrinkingRow]
    rate: Decimal | None
    samples: dict[int, list[SampleLine]]
    previous_rate: Decimal | None = None  # the same months of the year before

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
    *, period: DrillPeriod, district_id: int | None = None
) -> DrinkingDrill:
    rows, rate = selectors.drinking_summary(
        year=period.year,
        first_month=period.first,
        last_month=period.last,
        district_id=district_id,
    )
    before = period.previous
    _rows, previous_rate = selectors.drinking_summary(
        year=before.year,
        first_month=before.first,
        last_month=before.last,
        district_id=district_id,
    )
    samples = samples_by_section(
        [row.section for row in rows], period.start, period.end
    )
    return DrinkingDrill(rows, rate, samples, previous_rate)


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
    # The figures and the same days of the year before (the year-on-year
    # comparison of the air pages).
    summary: air_figures.AirSummary | None = None

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
    figures = air_figures.air_figures(start, end, district_id)
    before = air_figures.same_days_last_year(start, end)
    summary = air_figures.AirSummary(
        current=figures, previous=air_figures.air_figures(*before, district_id)
    )
    return AirDrill(figures, days, summary)


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
    # The same months of the year before: the sum of its monthly figures, None
    # when none was reported.
    previous: Decimal | None = None

    @property
    def online_tonnes(self) -> Decimal:
        return sum((e.tonnes for e in self.enterprises), Decimal(0))


@dataclass
class EmissionsDrill:
    rows: list[EmissionDrill]
    # Districts and pollutants of the ledger without a cap (in the bulletin, not
    # in the progress figure), with their enterprises.
    others: list[tuple[emissions.DistrictTotal, list[emissions.EnterpriseTotal]]]


def emission_progress(user: User, period: DrillPeriod) -> list[selectors.EmissionRow]:
    """The progress figure's rows for the period: the selector's rows to the
    period's last month, less its rows to the month before the first (the sum
    of the monthly figures of the period's months, and their number)."""
    rows = selectors.emission_progress_for_user(
        user, year=period.year, last_month=period.last
    )
    if period.first == 1:
        return rows
    before = {
        row.target.pk: row
        for row in selectors.emission_progress_for_user(
            user, year=period.year, last_month=period.first - 1
        )
    }
    return [
        selectors.EmissionRow(
            target=row.target,
            actual=row.actual - before[row.target.pk].actual,
            months=row.months - before[row.target.pk].months,
        )
        for row in rows
    ]


def _actuals(
    user: User, period: DrillPeriod
) -> dict[tuple[int, str], list[EmissionActual]]:
    out: dict[tuple[int, str], list[EmissionActual]] = defaultdict(list)
    for actual in selectors.emission_actuals_for_user(user, year=period.year).filter(
        month__gte=period.first, month__lte=period.last
    ):
        out[(actual.district_id, actual.pollutant)].append(actual)
    return out


def emission_rows(
    user: User, *, period: DrillPeriod, now: datetime,
    district_id: int | None = None,
) -> EmissionsDrill:  # fmt: skip
    """Each district and pollutant of the progress figure, with the monthly
    figures it summed (and the same months' sum of the year before), and the
    enterprises' online totals, hours and gaps of the same months."""
    rows = emission_progress(user, period)
    if district_id is not None:
        rows = [r for r in rows if r.target.district_id == district_id]
    actuals = _actuals(user, period)
    previous = {
        key: sum((a.tonnes for a in items), Decimal(0))
        for key, items in _actuals(user, period.previous).items()
    }
    # The online ledger of the period's months only: from the 1st of its first
    # month to its last month's end (or now, within that month).
    book = emissions.ledger_for_user(
        user,
        year=period.year,
        now=ledger_now(period.year, period.last, now),
        first_month=period.first,
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
                row,
                actuals.get(key, []),
                firms.get(key, []),
                totals.get(key),
                previous.get(key),
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
