"""Emission totals from the online-monitoring emission amounts (排放量, the `-Cou`
field of hourly data, HJ 212—2017 6.3.3: kg for a pollutant, Appendix B), per
enterprise, district and pollutant for a year, with the hours that sent nothing
counted and listed, set against the reduction targets of each district
(requirements X3; seed 003 (二) "化学需氧量、氨氮、二氧化硫、氮氧化物排放总量完成
国家下达的削减任务"; seed 002 四(三)2(1) "严格执行重点污染物排放总量控制制度").

Reads only. The monitoring module owns the data tables; this reads them through
its selector `monitoring.selectors.emission_daily_sums` (one grouped query: sum
and count per instrument, pollutant and Shanghai day, so a year of hourly rows is
never loaded into Python; the hours each instrument owes come from
`monitoring.selectors.owed_hours_by_day`).

What counts (示例配置 where marked):
- hourly data (CN 2061), field `Cou`, codes COD w01018, NH3-N w21003, SO2 a21026,
  NOx a21002 and their HJ/T 212—2005 codes; values as sent, whatever their flag
  (a maintenance hour still discharged — as monitoring.discharge does);
- an hour without a `Cou` value is a gap; it is counted and listed, never filled
  (no substitution such as HJ 75's missing-data rules: 示例配置, not applied);
- the hours expected of an instrument: every hour of the year (or of the months
  from `first_month`, a drill-down's range) from its acceptance (验收) or
  installation date, up to now; the pollutants expected: the
  four above among its outlet's emission limits, plus any it sent.

At volume the grouped query over a year of hourly rows is slow (43.6 s for 33
enterprises), so `rollup_emissions` (services.emissions_rollup) stores each
completed Shanghai day per instrument and pollutant in `EmissionDay` (kg, hours
with a value, hours missing). The ledger reads those rows for the days a roll-up
run covered and the grouped query only for the days none did (today, or days
never rolled up), so its figures are the same either way.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal

from django.db.models import Q, Sum

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User
from ecobureau.core.models import Division
from ecobureau.lib import hj212_codes
from ecobureau.lib.dates import SHANGHAI
from ecobureau.monitoring import selectors as monitoring_selectors
from ecobureau.monitoring.models import Instrument

from .models import (
    EmissionActual,
    EmissionDay,
    EmissionRollup,
    EmissionTarget,
    Pollutant,
)

# Total-load pollutants (seed 003 (二)) and their HJ 212—2017 codes (Appendix B).
CODES: dict[str, str] = {
    Pollutant.COD: "w01018",
    Pollutant.NH3N: "w21003",
    Pollutant.SO2: "a21026",
    Pollutant.NOX: "a21002",
}
POLLUTANT_OF_CODE: dict[str, str] = {code: p for p, code in CODES.items()}
KG_PER_TONNE = Decimal(1000)
_KG = Decimal("0.0001")


def can_view(user: User) -> bool:
    return bool(
        user.is_authenticated
        and user.is_staff_member
        and user.has_perm("quality.view_quality")
    )


def _instrument_scope(user: User) -> Q:
    return account_selectors.scope_q(
        user, district="enterprise__district", township=None, unit=None
    )


# --- Results --------------------------------------------------------------------------


@dataclass(frozen=True)
class Gap:
    """A run of consecutive days with hours missing."""

    first: date
    last: date
    hours: int

    @property
    def text(self) -> str:
        days = (
            f"{self.first:%m月%d日}"
            if self.first == self.last
            else f"{self.first:%m月%d日}—{self.last:%m月%d日}"
        )
        return f"{days}缺{self.hours}小时"


@dataclass
class Series:
    """One instrument's one pollutant over the period."""

    instrument: Instrument
    pollutant: str
    kg: float = 0.0
    hours: int = 0
    expected_hours: int = 0
    gaps: list[Gap] = field(default_factory=list)
    by_month: dict[int, float] = field(default_factory=lambda: defaultdict(float))

    @property
    def missing_hours(self) -> int:
        return max(self.expected_hours - self.hours, 0)


@dataclass
class EnterpriseTotal:
    enterprise_id: int
    name: str
    credit_code: str
    district_id: int
    district_name: str
    pollutant: str
    series: list[Series] = field(default_factory=list)

    @property
    def kg(self) -> Decimal:
        return Decimal(repr(sum(s.kg for s in self.series))).quantize(_KG)

    @property
    def tonnes(self) -> Decimal:
        return self.kg / KG_PER_TONNE

    @property
    def hours(self) -> int:
        return sum(s.hours for s in self.series)

    @property
    def missing_hours(self) -> int:
        return sum(s.missing_hours for s in self.series)

    @property
    def pollutant_name(self) -> str:
        return Pollutant(self.pollutant).label

    @property
    def gaps_text(self) -> str:
        parts = []
        for s in self.series:
            if s.gaps:
                shown = "、".join(g.text for g in s.gaps[:6])
                more = f"等{len(s.gaps)}段" if len(s.gaps) > 6 else ""
                parts.append(f"{s.instrument.mn}：{shown}{more}")
        return "；".join(parts)


@dataclass
class DistrictTotal:
    district: Division
    pollutant: str
    online_kg: Decimal
    enterprises: int
    missing_hours: int
    reported_tonnes: Decimal | None  # entered or imported monthly figures
    target: EmissionTarget | None
    elapsed_share: Decimal  # of the year, for the pro-rata progress check

    @property
    def online_tonnes(self) -> Decimal:
        return self.online_kg / KG_PER_TONNE

    @property
    def pollutant_name(self) -> str:
        return Pollutant(self.pollutant).label

    @property
    def assessed_tonnes(self) -> Decimal:
        """The figure set against the cap: the reported figure where the district
        has one (it covers sources without online monitoring), else the online
        sum (示例配置)."""
        if self.reported_tonnes is not None:
            return self.reported_tonnes
        return self.online_tonnes

    @property
    def used_share(self) -> Decimal | None:
        if self.target is None or not self.target.cap_tonnes:
            return None
        return (self.assessed_tonnes * 100 / self.target.cap_tonnes).quantize(
            Decimal("0.1")
        )

    @property
    def on_track(self) -> bool | None:
        """Within the cap pro rata to the share of the year elapsed (示例配置:
        linear)."""
        if self.target is None:
            return None
        return self.assessed_tonnes <= self.target.cap_tonnes * self.elapsed_share


@dataclass
class Ledger:
    year: int
    start: datetime
    end: datetime
    enterprises: list[EnterpriseTotal]
    districts: list[DistrictTotal]
    rolled_days: int = 0  # days read from the daily roll-up
    live_days: int = 0  # days (or part of today) summed from the hourly rows
    rolled_through: date | None = None

    def enterprise_ranking(self, pollutant: str) -> list[EnterpriseTotal]:
        """Largest emitters first (排放量排名)."""
        rows = [e for e in self.enterprises if e.pollutant == pollutant]
        return sorted(rows, key=lambda e: (-e.kg, e.name))

    def district_ranking(self, pollutant: str) -> list[DistrictTotal]:
        """Districts by share of their cap used, smallest first; those without a
        target after, by tonnes."""
        rows = [d for d in self.districts if d.pollutant == pollutant]
        return sorted(
            rows,
            key=lambda d: (
                d.used_share is None,
                d.used_share if d.used_share is not None else -d.assessed_tonnes,
                d.district.code,
            ),
        )


# --- Building the ledger ----------------------------------------------------------------


def _gaps(expected: dict[date, int], present: dict[date, int]) -> list[Gap]:
    gaps: list[Gap] = []
    for day in sorted(expected):
        missing = expected[day] - present.get(day, 0)
        if missing <= 0:
            continue
        last = gaps[-1] if gaps else None
        if last and last.last == day - timedelta(days=1):
            gaps[-1] = Gap(last.first, day, last.hours + missing)
        else:
            gaps.append(Gap(day, day, missing))
    return gaps


def instruments_for_user(user: User) -> list[Instrument]:
    if not can_view(user):
        return []
    return list(
        Instrument.objects.filter(_instrument_scope(user))
        .select_related("enterprise__district", "outlet")
        .prefetch_related("outlet__limits")
        .order_by("enterprise__district__code", "enterprise__name", "mn")
    )


def _expected_pollutants(instrument: Instrument) -> set[str]:
    codes = {hj212_codes.code_2017(limit.pollutant_code) for limit in instrument.outlet.limits.all()}  # fmt: skip
    return {POLLUTANT_OF_CODE[c] for c in codes if c in POLLUTANT_OF_CODE}


def ledger(
    *,
    year: int,
    instruments: list[Instrument],
    now: datetime,
    district_scope: Q | None = None,
    first_month: int = 1,
) -> Ledger:
    """The year's totals (up to `now`) of the given instruments, their gaps, and
    each district's total against its target.

    `first_month` starts the totals, hours, expected hours and gaps on the 1st
    of that month instead of 1 January (a drill-down's month range); with `now`
    at the last month's end they cover exactly the months chosen."""
    start = datetime(year, first_month, 1, tzinfo=SHANGHAI)
    year_end = datetime(year + 1, 1, 1, tzinfo=SHANGHAI)
    end = min(
        year_end, now.astimezone(SHANGHAI).replace(minute=0, second=0, microsecond=0)
    )
    end = max(end, start)
    by_id = {i.pk: i for i in instruments}
    present: dict[tuple[int, str], dict[date, int]] = defaultdict(dict)
    series: dict[tuple[int, str], Series] = {}
    days, rolled, live = _day_rows(list(by_id), start, end)
    for instrument_id, pollutant, day, kg, hours in days:
        key = (instrument_id, pollutant)
        s = series.get(key)
        if s is None:
            s = series[key] = Series(by_id[instrument_id], key[1])
        s.kg += kg
        s.hours += hours
        s.by_month[day.month] += kg
        present[key][day] = present[key].get(day, 0) + hours
    for instrument in instruments:
        for pollutant in _expected_pollutants(instrument):
            if instrument.status == Instrument.Status.ACTIVE:
                series.setdefault(
                    (instrument.pk, pollutant), Series(instrument, pollutant)
                )
    for key, s in series.items():
        expected = monitoring_selectors.owed_hours_by_day(s.instrument, start, end)
        s.expected_hours = sum(expected.values())
        s.gaps = _gaps(expected, present.get(key, {}))
    enterprises = _by_enterprise(series.values())
    districts = _by_district(
        enterprises, year=year, start=start, end=end, year_end=year_end,
        district_scope=district_scope,
    )  # fmt: skip
    return Ledger(
        year, start, end, enterprises, districts,
        rolled_days=len(rolled), live_days=live,
        rolled_through=max(rolled) if rolled else None,
    )  # fmt: skip


def covered_days(first: date, last: date) -> set[date]:
    """The days of first..last that a roll-up run rebuilt."""
    out: set[date] = set()
    runs = EmissionRollup.objects.filter(first_day__lte=last, last_day__gte=first)
    for a, b in runs.values_list("first_day", "last_day"):
        on, stop = max(a, first), min(b, last)
        while on <= stop:
            out.add(on)
            on += timedelta(days=1)
    return out


def _midnight(on: date) -> datetime:
    return datetime.combine(on, time.min, SHANGHAI)


def _day_rows(
    instrument_ids: list[int], start: datetime, end: datetime
) -> tuple[list[tuple[int, str, date, float, int]], set[date], int]:
    """(instrument, pollutant, day, kg, hours) for start ≤ t < end: whole days a
    roll-up covered from `EmissionDay`, the rest (today, days never rolled up)
    from the hourly rows. Returns the rows, the rolled days and the live days."""
    rows: list[tuple[int, str, date, float, int]] = []
    if not instrument_ids or end <= start:
        return rows, set(), 0
    first = start.astimezone(SHANGHAI).date()
    last_whole = (end.astimezone(SHANGHAI) - timedelta(days=1)).date()
    rolled = covered_days(first, last_whole) if last_whole >= first else set()
    if rolled:
        stored = EmissionDay.objects.filter(
            instrument_id__in=instrument_ids,
            day__gte=min(rolled),
            day__lte=max(rolled),
            hours__gt=0,  # the rows that only record a gap add nothing here
        ).values_list("instrument_id", "pollutant", "day", "kg", "hours")
        rows.extend(r for r in stored if r[2] in rolled)
    # Runs of days no roll-up covered, each summed with one grouped query.
    live = 0
    on = first
    while _midnight(on) < end:
        if on in rolled:
            on += timedelta(days=1)
            continue
        run_start = on
        while _midnight(on) < end and on not in rolled:
            on += timedelta(days=1)
        live += (on - run_start).days
        upto = min(_midnight(on), end)
        rows.extend(
            (r.instrument_id, POLLUTANT_OF_CODE[r.code], r.day, r.kg, r.hours)
            for r in monitoring_selectors.emission_daily_sums(
                codes=CODES.values(),
                start=_midnight(run_start),
                end=upto,
                instrument_ids=instrument_ids,
            )
            if r.hours  # owed-only rows add nothing to the sums
        )
    return rows, rolled, live


def rollup_rows(
    first_day: date, last_day: date
) -> list[tuple[int, str, date, float, int, int]]:
    """(instrument, pollutant, day, kg, hours, missing hours) of every instrument
    for the whole days first_day..last_day: a row for each day it sent a Cou value
    of a total-load pollutant, and for each day it owed one (an active
    instrument, a pollutant among its outlet's limits, after its acceptance or
    installation) — with nothing sent, a row of 0 kg and the hours missing."""
    start, end = _midnight(first_day), _midnight(last_day + timedelta(days=1))
    owed = {
        i.pk: [CODES[p] for p in _expected_pollutants(i)]
        for i in Instrument.objects.filter(
            status=Instrument.Status.ACTIVE
        ).prefetch_related("outlet__limits")
    }
    sums = monitoring_selectors.emission_daily_sums(
        codes=CODES.values(), start=start, end=end, owed=owed
    )
    return sorted(
        (
            r.instrument_id,
            POLLUTANT_OF_CODE[r.code],
            r.day,
            r.kg,
            r.hours,
            r.missing_hours,
        )
        for r in sums
    )


def _by_enterprise(series: Iterable[Series]) -> list[EnterpriseTotal]:
    out: dict[tuple[int, str], EnterpriseTotal] = {}
    for s in series:
        e = s.instrument.enterprise
        row = out.get((e.pk, s.pollutant))
        if row is None:
            row = out[(e.pk, s.pollutant)] = EnterpriseTotal(
                e.pk, e.name, e.credit_code, e.district_id, e.district.name, s.pollutant
            )
        row.series.append(s)
    return sorted(
        out.values(),
        key=lambda r: (r.district_name, r.name, list(CODES).index(r.pollutant)),
    )


def _by_district(
    enterprises: list[EnterpriseTotal],
    *,
    year: int,
    start: datetime,
    end: datetime,
    year_end: datetime,
    district_scope: Q | None,
) -> list[DistrictTotal]:
    scope = district_scope if district_scope is not None else Q()
    year_start = datetime(year, 1, 1, tzinfo=SHANGHAI)
    targets = {
        (t.district_id, t.pollutant): t
        for t in EmissionTarget.objects.filter(scope, year=year).select_related(
            "district"
        )
    }
    first_month = start.astimezone(SHANGHAI).month
    last_month = (end - timedelta(microseconds=1)).astimezone(SHANGHAI).month
    reported = {
        (r["district_id"], r["pollutant"]): r["total"]
        for r in EmissionActual.objects.filter(
            scope, year=year, month__gte=first_month, month__lte=last_month
        )
        .values("district_id", "pollutant")
        .annotate(total=Sum("tonnes"))
    }
    sums: dict[tuple[int, str], list[EnterpriseTotal]] = defaultdict(list)
    for e in enterprises:
        sums[(e.district_id, e.pollutant)].append(e)
    keys = set(sums) | set(targets)
    divisions = Division.objects.in_bulk({k[0] for k in keys})
    # The share of the year the ledger covers (from its first month, not
    # necessarily 1 January): the cap's pro-rata allowance for those months.
    elapsed = Decimal((end - start).total_seconds()) / Decimal(
        (year_end - year_start).total_seconds()
    )
    rows = []
    for district_id, pollutant in keys:
        group = sums.get((district_id, pollutant), [])
        rows.append(
            DistrictTotal(
                district=divisions[district_id],
                pollutant=pollutant,
                online_kg=sum((e.kg for e in group), Decimal(0)),
                enterprises=len(group),
                missing_hours=sum(e.missing_hours for e in group),
                reported_tonnes=reported.get((district_id, pollutant)),
                target=targets.get((district_id, pollutant)),
                elapsed_share=elapsed,
            )
        )
    return sorted(rows, key=lambda r: (r.district.code, list(CODES).index(r.pollutant)))


def ledger_for_user(
    user: User, *, year: int, now: datetime, first_month: int = 1
) -> Ledger:
    """The ledger of the enterprises and districts in the user's scope; nothing
    for anyone without `quality.view_quality` (enterprises, the public).
    `first_month` as in `ledger` (1 January by default)."""
    scope = account_selectors.scope_q(
        user, district="district", township=None, unit=None
    )
    if not can_view(user):
        scope = Q(pk__in=[])
    return ledger(
        year=year,
        instruments=instruments_for_user(user),
        now=now,
        district_scope=scope,
        first_month=first_month,
    )
