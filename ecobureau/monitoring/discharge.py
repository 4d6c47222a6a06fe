"""Actual discharge totals from the monitoring data (requirements D14): the mass
of each pollutant per day, month and year, from flow × concentration.

Reads only (the selectors and the daily check call it). The arithmetic:

- concentration: the period mean (`Avg`) of the pollutant, mg/L (water) or
  mg/m³ (gas);
- volume: the flow's period total (`w00000-Cou` / `a00000-Cou`, m³) when sent,
  else the flow's period mean (`Avg`, L/s for water, m³/s for gas) × the period's
  seconds;
- mass (t) = mg/L × m³ × 10⁻⁶ for water, mg/m³ × m³ × 10⁻⁹ for gas; with a mean
  flow, mg/L × L/s × s × 10⁻⁹ and mg/m³ × m³/s × s × 10⁻⁹ alike.

A day is taken from the daily data (2031); a day without daily data (today, or
a day the instrument's daily packet was lost) from the sum of its hourly data
(2061). Values are taken as sent, whatever their flag: a total is an estimate of
what left the outlet, and an hour of maintenance still discharged. Codes are
compared as HJ 212-2017 codes (2005 codes translated).
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal

from ecobureau.lib import hj212_codes
from ecobureau.lib.dates import SHANGHAI

from .models import Instrument, SummaryReading

FLOW_CODES = ("w00000", "a00000")
DAILY_CN = 2031
HOURLY_CN = 2061
_TONNE = Decimal("0.0001")  # 0.1 kg, the precision stored


@dataclass
class PollutantTotal:
    code: str
    name: str
    tonnes: float = 0.0
    by_month: dict[int, float] = field(default_factory=lambda: defaultdict(float))
    by_day: dict[date, float] = field(default_factory=lambda: defaultdict(float))

    @property
    def tonnes_decimal(self) -> Decimal:
        return tonnes_decimal(self.tonnes)


def _period_mass(
    *,
    conc: float,
    flow_cou: float | None,
    flow_avg: float | None,
    water: bool,
    seconds: int,
) -> float | None:
    """Tonnes discharged in one period, or None without a flow."""
    if flow_cou is not None:
        return conc * flow_cou * (1e-6 if water else 1e-9)
    if flow_avg is not None:
        return conc * flow_avg * seconds * 1e-9
    return None


def _rows(
    instrument_ids: list[int], cn: int, start: datetime, end: datetime
) -> Iterable[tuple[int, str, datetime, str, float | None]]:
    return (
        SummaryReading.objects.filter(
            instrument_id__in=instrument_ids,
            cn=cn,
            data_time__gte=start,
            data_time__lt=end,
            field__in=("Avg", "Cou"),
        )
        .order_by()
        .values_list("instrument_id", "code", "data_time", "field", "value")
        .iterator(chunk_size=5000)
    )


def _masses(
    rows: Iterable[tuple[int, str, datetime, str, float | None]],
    water: dict[int, bool],
    seconds: int,
) -> dict[tuple[int, datetime], dict[str, float]]:
    """Per (instrument, period start): tonnes per pollutant code."""
    periods: dict[tuple[int, datetime], dict[tuple[str, str], float]] = defaultdict(
        dict
    )
    for instrument_id, code, at, name, value in rows:
        if value is not None:
            periods[(instrument_id, at)][(hj212_codes.code_2017(code), name)] = value
    masses: dict[tuple[int, datetime], dict[str, float]] = {}
    for (instrument_id, at), values in periods.items():
        flow_cou = next(
            (values[(c, "Cou")] for c in FLOW_CODES if (c, "Cou") in values), None
        )
        flow_avg = next(
            (values[(c, "Avg")] for c in FLOW_CODES if (c, "Avg") in values), None
        )
        out: dict[str, float] = {}
        for (code, name), conc in values.items():
            if name != "Avg" or code in FLOW_CODES:
                continue
            mass = _period_mass(
                conc=conc,
                flow_cou=flow_cou,
                flow_avg=flow_avg,
                water=water[instrument_id],
                seconds=seconds,
            )
            if mass is not None:
                out[code] = mass
        masses[(instrument_id, at)] = out
    return masses


def year_totals(
    instruments: Iterable[Instrument], year: int, *, until: datetime | None = None
) -> dict[str, PollutantTotal]:
    """Each pollutant's actual total over `year` (Asia/Shanghai) up to `until`,
    summed over the given instruments, with its months and days."""
    start = datetime(year, 1, 1, tzinfo=SHANGHAI)
    end = datetime(year + 1, 1, 1, tzinfo=SHANGHAI)
    if until is not None:
        end = min(end, until)
    return totals_between(instruments, start, end)


def totals_between(
    instruments: Iterable[Instrument], start: datetime, end: datetime
) -> dict[str, PollutantTotal]:
    """Each pollutant's actual total from `start` (a Shanghai midnight) to
    `end`, summed over the given instruments, with its days (and months, when
    the stretch lies within one year). A day's figure depends only on that
    day's data, so the days of any stretch add up to the year's total: the
    stored daily totals of the public page are computed with this."""
    water = {
        instrument.pk: instrument.system_code != "31" for instrument in instruments
    }
    if not water or end <= start:
        return {}
    ids = list(water)
    parts: dict[str, dict[date, list[float]]] = defaultdict(lambda: defaultdict(list))

    def add(at: datetime, masses: dict[str, float]) -> None:
        day = at.astimezone(SHANGHAI).date()
        for code, tonnes in masses.items():
            parts[code][day].append(tonnes)

    daily = _masses(_rows(ids, DAILY_CN, start, end), water, 86400)
    covered: set[tuple[int, date]] = set()
    for (instrument_id, at), masses in daily.items():
        covered.add((instrument_id, at.astimezone(SHANGHAI).date()))
        add(at, masses)
    for (_, at), masses in _hourly_gaps(ids, start, end, covered, water):
        add(at, masses)
    totals: dict[str, PollutantTotal] = {}
    for code, days in parts.items():
        total = totals[code] = PollutantTotal(
            code=code, name=hj212_codes.pollutant_name(code)
        )
        # Exact sums (fsum), each day on its own and the days together: a day's
        # figure does not depend on the order the rows came in, and any set of
        # stored days adds up to the figure computed here in one go.
        for day in sorted(days):
            total.by_day[day] = math.fsum(days[day])
        for month in {day.month for day in days}:
            total.by_month[month] = math.fsum(
                tonnes for day, tonnes in total.by_day.items() if day.month == month
            )
        total.tonnes = sum_days(total.by_day.values())
    return totals


def sum_days(day_tonnes: Iterable[float]) -> float:
    """A stretch's total from its days' figures: the exact sum, so the stored
    days of a year give the same figure as `year_totals`."""
    return math.fsum(day_tonnes)


def tonnes_decimal(tonnes: float) -> Decimal:
    """Tonnes as shown and compared with permitted totals: 0.1 kg."""
    return Decimal(repr(tonnes)).quantize(_TONNE)


def _hourly_gaps(
    ids: list[int],
    start: datetime,
    end: datetime,
    covered: set[tuple[int, date]],
    water: dict[int, bool],
) -> Iterable[tuple[tuple[int, datetime], dict[str, float]]]:
    """Hourly masses of the days that have no daily data, read day run by day
    run so a year of hourly rows is never loaded when the daily data is there."""
    for instrument_id in ids:
        day = start.astimezone(SHANGHAI).date()
        last = (end - timedelta(microseconds=1)).astimezone(SHANGHAI).date()
        runs: list[tuple[date, date]] = []
        while day <= last:
            if (instrument_id, day) not in covered:
                if runs and runs[-1][1] == day - timedelta(days=1):
                    runs[-1] = (runs[-1][0], day)
                else:
                    runs.append((day, day))
            day += timedelta(days=1)
        for first, final in runs:
            run_start = max(
                start, datetime.combine(first, datetime.min.time(), SHANGHAI)
            )
            run_end = min(
                end,
                datetime.combine(
                    final + timedelta(days=1), datetime.min.time(), SHANGHAI
                ),
            )
            hourly = _masses(
                _rows([instrument_id], HOURLY_CN, run_start, run_end), water, 3600
            )
            yield from hourly.items()
