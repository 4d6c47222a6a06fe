"""Reads of environmental quality and targets.

Surface-water and air quality are public information (they are disclosed on the
portal), so every staff member with `quality.view_quality` sees every section and
the city figures. Emission totals and reduction targets belong to the districts
they are assigned to: a district officer sees only their district's ledger.

Statistics (reference/water.md): a period's class comes from the arithmetic mean
of each item over the period's samples (2.8), never from averaging classes; the
city index from the mean concentrations of the city's river sections and of its
lake points, weighted by their numbers (3.5, 示例配置).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.shortcuts import get_object_or_404

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User
from ecobureau.core.models import Division
from ecobureau.emergencies import selectors as emergency_selectors

from . import statistics
from . import water_class as wc
from .models import (
    Audit,
    EmissionActual,
    EmissionTarget,
    Letter,
    Measurement,
    Section,
    Veto,
    VetoNotRequired,
)

Means = dict[str, Decimal]
# A source passes a month when its mean class is this or better (示例配置:
# reference/water.md 4, the pass criterion is UNVERIFIED).
DRINKING_PASS_CLASS = "III"  # noqa: S105 - a water class, not a secret
# Good water (优良水体): class I–III.
GOOD_CLASSES = ("I", "II", "III")


def can_view(user: User) -> bool:
    return bool(
        user.is_authenticated
        and user.is_staff_member
        and user.has_perm("quality.view_quality")
    )


def _scope(user: User) -> Q:
    return account_selectors.scope_q(
        user, district="district", township=None, unit=None
    )


def can_manage_district(user: User, district_id: int) -> bool:
    if not (user.is_authenticated and user.has_perm("quality.manage_quality")):
        return False
    if user.is_superuser or user.scope == User.Scope.CITY:
        return True
    if user.scope == User.Scope.DIVISION and user.scope_division_id is not None:
        division = user.scope_division
        return bool(division and (division.level == 1 or division.pk == district_id))
    return False


def manageable_districts(user: User) -> QuerySet[Division]:
    return Division.objects.filter(
        pk__in=[
            d.pk
            for d in account_selectors.districts()
            if can_manage_district(user, d.pk)
        ]
    ).order_by("sort_order", "code")


# --- Sections (public information, shown to staff with view_quality) ---------------


def section_list_for_user(user: User) -> QuerySet[Section]:
    qs = Section.objects.select_related("district").order_by("level", "code")
    return qs if can_view(user) else qs.none()


def section_get_for_user(user: User, pk: int) -> Section:
    return get_object_or_404(section_list_for_user(user), pk=pk)


def section_list_public() -> QuerySet[Section]:
    return Section.objects.select_related("district").order_by("level", "code")


def targets_for(sections: list[Section], year: int) -> dict[int, str]:
    from .models import SectionTarget

    rows = SectionTarget.objects.filter(section__in=sections, year=year)
    return {row.section_id: row.target for row in rows}


def period_means(section_ids: list[int], start: date, end: date) -> dict[int, Means]:
    """{section: {item: arithmetic mean over the samples from start to end}} in
    exact decimals (no rounding: 示例配置; pH mean arithmetic, reference/water.md
    2.9 notes the 2020 rule's hydrogen-ion mean, UNVERIFIED)."""
    sums: dict[int, dict[str, list[Decimal]]] = defaultdict(lambda: defaultdict(list))
    rows = Measurement.objects.filter(
        sample__section_id__in=section_ids,
        sample__sampled_on__gte=start,
        sample__sampled_on__lte=end,
    ).values_list("sample__section_id", "parameter", "value")
    for section_id, parameter, value in rows.iterator(chunk_size=5000):
        sums[section_id][parameter].append(value)
    rule = statistics.rules().water_rule
    return {
        sid: {
            key: statistics.water_mean(key, values, rule)
            for key, values in items.items()
        }
        for sid, items in sums.items()
    }


def classify_means(
    section: Section, means: Means | None, target: str | None
) -> wc.WaterResult | None:
    """The WaterResult of a section's means, or None without any counted item."""
    if not means or not any(key in means for key in wc.COUNTED):
        return None
    return wc.classify(means, water_body=section.water_body, target=target)


def month_range(year: int, first: int, last: int) -> tuple[date, date]:
    start = date(year, first, 1)
    end = date(year + (last == 12), last % 12 + 1, 1) - timedelta(days=1)
    return start, end


# --- Water summary (X2) ---------------------------------------------------------------


@dataclass
class SectionRow:
    section: Section
    target: str | None
    result: Any  # wc.WaterResult | None
    previous: Any = None

    @property
    def klass(self) -> str | None:
        return self.result.klass if self.result else None

    @property
    def meets(self) -> bool | None:
        if self.result is None or self.target is None:
            return None
        return wc.better_or_equal(self.result.klass, self.target)

    @property
    def pollutants_text(self) -> str:
        """Main pollutants with their exceedance multiples, else the items that
        set the class."""
        r = self.result
        if r is None:
            return ""
        if r.main_pollutants:
            return "、".join(
                f"{wc.NAMES[k]}（{r.exceed[k]}）" if k in r.exceed else wc.NAMES[k]
                for k in r.main_pollutants
            )
        return "定类：" + "、".join(wc.NAMES[k] for k in r.limiting)


@dataclass
class WaterSummary:
    year: int
    first_month: int
    last_month: int
    level: str
    rows: list[SectionRow]
    cwqi: Decimal | None
    cwqi_previous: Decimal | None
    cwqi_parts: dict[str, Any] = field(default_factory=dict)

    @property
    def assessed(self) -> list[SectionRow]:
        return [row for row in self.rows if row.result is not None]

    @property
    def meeting(self) -> int:
        return sum(1 for row in self.assessed if row.meets)

    @property
    def with_target(self) -> int:
        return sum(1 for row in self.assessed if row.target)

    @property
    def good(self) -> int:
        return sum(1 for row in self.assessed if row.klass in GOOD_CLASSES)

    @property
    def good_share(self) -> Decimal | None:
        if not self.assessed:
            return None
        return Decimal(self.good * 100) / len(self.assessed)

    @property
    def worse_than_v(self) -> int:
        return sum(1 for row in self.assessed if row.klass == "劣V")

    @property
    def cwqi_improvement(self) -> Decimal | None:
        change = self.cwqi_change
        return None if change is None else -change

    @property
    def cwqi_change(self) -> Decimal | None:
        if self.cwqi is None or self.cwqi_previous is None:
            return None
        return wc.change_percent(self.cwqi, self.cwqi_previous)


def city_cwqi(
    sections: list[Section], means: dict[int, Means]
) -> tuple[Decimal | None, dict[str, Any]]:
    """The city index: the CWQI of the mean concentrations of the river sections,
    the same for the lake points, weighted by their numbers (示例配置,
    reference/water.md 3.5)."""
    parts: dict[str, Any] = {}
    total = Decimal(0)
    count = 0
    for body in (wc.RIVER, wc.LAKE):
        group = [
            means[s.pk] for s in sections if s.water_body == body and s.pk in means
        ]
        if not group:
            continue
        pooled: dict[str, list[Decimal]] = defaultdict(list)
        for item in group:
            for key, value in item.items():
                pooled[key].append(value)
        mean = {key: sum(v, Decimal(0)) / len(v) for key, v in pooled.items()}
        try:
            index, _ = wc.cwqi(mean, water_body=body)
        except wc.WaterInputError:
            continue
        parts[body] = {"cwqi": wc.round4(index), "n": len(group)}
        total += index * len(group)
        count += len(group)
    if not count:
        return None, parts
    return total / count, parts


def water_summary(*, year: int, last_month: int, level: str | None = "national",
                  first_month: int = 1) -> WaterSummary:  # fmt: skip
    """Sections of one level (or all, level None) from first_month to last_month
    of `year`: class, target, compliance, good share, city CWQI and its change
    against the same months of the year before."""
    sections = list(section_list_public().filter(is_drinking_source=False))
    if level:
        sections = [s for s in sections if s.level == level]
    ids = [s.pk for s in sections]
    start, end = month_range(year, first_month, last_month)
    prev_start, prev_end = month_range(year - 1, first_month, last_month)
    means = period_means(ids, start, end)
    previous = period_means(ids, prev_start, prev_end)
    targets = targets_for(sections, year)
    rows = [
        SectionRow(
            section=s,
            target=targets.get(s.pk),
            result=classify_means(s, means.get(s.pk), targets.get(s.pk)),
            previous=classify_means(s, previous.get(s.pk), None),
        )
        for s in sections
    ]
    cwqi_now, parts = city_cwqi(sections, means)
    cwqi_prev, _ = city_cwqi(sections, previous)
    return WaterSummary(
        year=year,
        first_month=first_month,
        last_month=last_month,
        level=level or "",
        rows=rows,
        cwqi=cwqi_now,
        cwqi_previous=cwqi_prev,
        cwqi_parts=parts,
    )


def section_monthly(section: Section, year: int) -> list[tuple[int, Any]]:
    """(month, WaterResult | None) for the 12 months of a year."""
    start, end = month_range(year, 1, 12)
    per_month: dict[int, dict[str, list[Decimal]]] = defaultdict(
        lambda: defaultdict(list)
    )
    rows = Measurement.objects.filter(
        sample__section=section,
        sample__sampled_on__gte=start,
        sample__sampled_on__lte=end,
    ).values_list("sample__sampled_on", "parameter", "value")
    for day, parameter, value in rows:
        per_month[day.month][parameter].append(value)
    rule = statistics.rules().water_rule
    out = []
    for month in range(1, 13):
        items = per_month.get(month)
        means = (
            {k: statistics.water_mean(k, v, rule) for k, v in items.items()}
            if items
            else None
        )
        out.append((month, classify_means(section, means, None)))
    return out


def section_samples(section: Section, limit: int = 60) -> list[dict[str, Any]]:
    samples = list(
        section.samples.order_by("-sampled_on").prefetch_related("measurements")[:limit]
    )
    out = []
    for sample in samples:
        values = {m.parameter: m.value for m in sample.measurements.all()}
        result = classify_means(section, values, None)
        shown = [
            (wc.NAMES[key], values[key].normalize())
            for key in wc.VALUE_KEYS
            if key in values
        ]
        limiting = "、".join(wc.NAMES[key] for key in result.limiting) if result else ""
        out.append(
            {"sample": sample, "values": shown, "result": result, "limiting": limiting}
        )
    return out


# --- Drinking-water sources (X2) -----------------------------------------------------


@dataclass
class DrinkingRow:
    section: Section
    months: list[tuple[int, str | None]]  # (month, class) for months with samples

    @property
    def passed(self) -> bool | None:
        classes = [c for _, c in self.months if c]
        if not classes:
            return None
        return all(wc.better_or_equal(c, DRINKING_PASS_CLASS) for c in classes)


def drinking_summary(
    *, year: int, last_month: int
) -> tuple[list[DrinkingRow], Decimal | None]:
    """Each source's monthly class; a source complies for the period when every
    monitored month meets class III (示例配置). Rate = compliant / monitored."""
    sources = list(section_list_public().filter(is_drinking_source=True))
    rows = []
    for source in sources:
        months = [
            (month, result.klass if result else None)
            for month, result in section_monthly(source, year)
            if month <= last_month
        ]
        rows.append(DrinkingRow(section=source, months=months))
    monitored = [row for row in rows if row.passed is not None]
    if not monitored:
        return rows, None
    passed = sum(1 for row in monitored if row.passed)
    return rows, Decimal(passed * 100) / len(monitored)


# --- Air statistics (E3), from the air module's daily city values ----------------------

# GB 3095—2012 表4 validity: statistics.Rules (setting QUALITY_STATISTICS_RULES).


@dataclass
class AirFigures:
    start: date
    end: date
    days: int
    valid_days: int
    pm25_mean: float | None
    good_days: int
    o3_p90: float | None
    months: dict[int, int] = field(default_factory=dict)  # month -> valid days

    @property
    def short_months(self) -> list[tuple[int, int, int]]:
        """(month, valid days, minimum) of the whole months below GB 3095—2012
        表4's monthly minimum."""
        rules = statistics.rules()
        out = []
        for month in range(self.start.month, self.end.month + 1):
            last = month_range(self.start.year, month, month)[1]
            if last > self.end:
                continue
            minimum = rules.month_minimum(month)
            if self.months.get(month, 0) < minimum:
                out.append((month, self.months.get(month, 0), minimum))
        return out

    @property
    def good_ratio(self) -> float | None:
        return self.good_days * 100 / self.valid_days if self.valid_days else None

    @property
    def complete(self) -> bool:
        minimum = statistics.rules().annual_minimum(self.start, self.end)
        return self.valid_days >= minimum and not self.short_months


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


def air_figures(
    start: date, end: date, district_id: int | None = None
) -> AirFigures | None:
    """The home city's air figures over the days, or a district's when
    `district_id` is given: from the daily values of the district's own stations
    (`air.selectors.daily_district`); None when there is no city, or the district
    has no station."""
    from ecobureau.air import selectors as air_selectors

    city = air_selectors.home_city()
    if city is None:
        return None
    rows: list[tuple[float | None, int | None, int | None, float | None, date]]
    if district_id is None:
        rows = list(
            air_selectors.daily_city(city, start, end).values_list(
                "pm25", "level", "aqi", "o3_8h", "date"
            )
        )
    else:
        days = air_selectors.daily_district(city, district_id, start, end)
        if not days and not air_selectors.district_stations(city, district_id):
            return None
        rows = [(d.pm25, d.level, d.aqi, d.o3_8h, d.date) for d in days]
    months: dict[int, int] = defaultdict(int)
    for r in rows:
        if r[2] is not None:
            months[r[4].month] += 1
    pm25 = [r[0] for r in rows if r[0] is not None]
    rated = [r for r in rows if r[2] is not None]
    o3 = [r[3] for r in rows if r[3] is not None]
    return AirFigures(
        start=start,
        end=end,
        days=(end - start).days + 1,
        valid_days=len(rated),
        pm25_mean=round(sum(pm25) / len(pm25), 1) if pm25 else None,
        good_days=sum(1 for r in rated if r[1] is not None and r[1] <= 2),
        o3_p90=percentile(o3, 0.9),
        months=dict(months),
    )


@dataclass
class AirSummary:
    current: AirFigures | None
    previous: AirFigures | None

    @property
    def pm25_change(self) -> float | None:
        """Improvement in %, positive = better (同比改善), as seed 004 writes it."""
        cur, prev = self.current, self.previous
        if not cur or not prev or cur.pm25_mean is None or not prev.pm25_mean:
            return None
        return round((prev.pm25_mean - cur.pm25_mean) * 100 / prev.pm25_mean, 1)

    @property
    def pm25_rise(self) -> float | None:
        change = self.pm25_change
        return None if change is None else -change

    @property
    def good_ratio_change(self) -> float | None:
        """Percentage points, positive = better."""
        cur, prev = self.current, self.previous
        if not cur or not prev or cur.good_ratio is None or prev.good_ratio is None:
            return None
        return round(cur.good_ratio - prev.good_ratio, 1)


def air_summary(
    *, year: int, through: date, district_id: int | None = None
) -> AirSummary:
    start = date(year, 1, 1)
    try:
        prev_through = through.replace(year=year - 1)
    except ValueError:  # 29 February
        prev_through = through.replace(year=year - 1, day=28)
    return AirSummary(
        current=air_figures(start, through, district_id),
        previous=air_figures(date(year - 1, 1, 1), prev_through, district_id),
    )


# --- Emission totals against reduction targets (X3) ------------------------------------


@dataclass
class EmissionRow:
    target: EmissionTarget
    actual: Decimal
    months: int

    @property
    def used_share(self) -> Decimal | None:
        if not self.target.cap_tonnes:
            return None
        return self.actual * 100 / self.target.cap_tonnes

    @property
    def on_track(self) -> bool:
        """Within the cap pro rata to the months reported (示例配置: linear)."""
        if self.months == 0:
            return True
        return self.actual <= self.target.cap_tonnes * self.months / 12


def emission_targets_for_user(user: User, year: int) -> QuerySet[EmissionTarget]:
    if not can_view(user):
        return EmissionTarget.objects.none()
    return (
        EmissionTarget.objects.filter(_scope(user), year=year)
        .select_related("district")
        .order_by("district__sort_order", "district__code", "pollutant")
    )


def emission_progress_for_user(
    user: User, *, year: int, last_month: int
) -> list[EmissionRow]:
    targets = list(emission_targets_for_user(user, year))
    sums = {
        (row["district_id"], row["pollutant"]): (row["total"], row["n"])
        for row in EmissionActual.objects.filter(
            _scope(user), year=year, month__lte=last_month
        )
        .values("district_id", "pollutant")
        .annotate(total=Sum("tonnes"), n=Count("pk"))
    }
    out = []
    for target in targets:
        total, months = sums.get(
            (target.district_id, target.pollutant), (Decimal(0), 0)
        )
        out.append(
            EmissionRow(target=target, actual=total or Decimal(0), months=months or 0)
        )
    return out


def emission_actuals_for_user(user: User, *, year: int) -> QuerySet[EmissionActual]:
    if not can_view(user):
        return EmissionActual.objects.none()
    return (
        EmissionActual.objects.filter(_scope(user), year=year)
        .select_related("district")
        .order_by("district__code", "pollutant", "month")
    )


# --- The veto (一票否决, D7) ----------------------------------------------------------------


def veto_list_for_user(user: User, *, year: int | None = None) -> QuerySet[Veto]:
    """The vetoes, for quality staff (all districts: the register is the city's);
    nothing for anyone else."""
    if not can_view(user):
        return Veto.objects.none()
    rows = Veto.objects.select_related("district", "recorded_by")
    if year is not None:
        rows = rows.filter(year=year)
    return rows


def is_vetoed(*, year: int, unit_name: str) -> bool:
    """Whether a unit has a standing veto for the year: it may not receive that
    year's awards (for the modules that grant awards)."""
    return Veto.objects.filter(
        year=year, unit_name=unit_name.strip(), withdrawn_at__isnull=True
    ).exists()


# --- Major incidents for the veto and the letters (X1 → D3, D7) -------------------------


def _incident_area(user: User) -> set[int] | None:
    """The districts whose incidents the user may see here: None for every district
    (city scope), one district for district staff, none for anyone else — the
    quality scope (`_scope`) applied to incidents, which the veto register itself
    (city-wide for quality staff) does not limit."""
    if not can_view(user):
        return set()
    if user.is_superuser or user.scope == User.Scope.CITY:
        return None
    if user.scope == User.Scope.DIVISION and user.scope_division_id is not None:
        division = user.scope_division
        if division is not None and division.level == 1:
            return None
        if division is not None and division.level == 2:
            return {division.pk}
    return set()


def major_incidents_for_user(
    user: User, *, year: int, district_id: int | None = None
) -> list[emergency_selectors.AccountabilityIncident]:
    """Environmental emergencies graded 重大 or 特别重大 in the year (the grade in
    force), of one district or (None) the whole city, within the user's area."""
    area = _incident_area(user)
    if area is not None:
        if not area or (district_id is not None and district_id not in area):
            return []
        (district_id,) = area
    return emergency_selectors.major_incidents_for_accountability(
        year=year, district=district_id
    )


def incidents_pending_veto_for_user(
    user: User, *, year: int
) -> list[emergency_selectors.AccountabilityIncident]:
    """The year's 重大/特别重大 incidents in the user's area with no standing veto
    linked yet (待研判一票否决, D7). A withdrawn veto frees its incident again."""
    incidents = major_incidents_for_user(user, year=year)
    ids = [i.pk for i in incidents]
    linked = set(
        Veto.objects.filter(incident_id__in=ids, withdrawn_at__isnull=True).values_list(
            "incident_id", flat=True
        )
    ) | set(
        VetoNotRequired.objects.filter(incident_id__in=ids).values_list(
            "incident_id", flat=True
        )
    )
    return [i for i in incidents if i.pk not in linked]


def veto_not_required_list_for_user(
    user: User, *, year: int
) -> QuerySet[VetoNotRequired]:
    """The year's incidents judged to call for no veto, for quality staff (the
    register is the city's, as the vetoes)."""
    if not can_view(user):
        return VetoNotRequired.objects.none()
    return VetoNotRequired.objects.filter(year=year).select_related("recorded_by")


# --- Responsibility letters (D3, C10) ---------------------------------------------------


def letter_list_for_user(user: User, *, year: int | None = None) -> QuerySet[Letter]:
    if not can_view(user):
        return Letter.objects.none()
    rows = Letter.objects.select_related("district").prefetch_related("targets")
    return rows.filter(year=year) if year is not None else rows


def letter_get_for_user(user: User, pk: int) -> Letter:
    return get_object_or_404(letter_list_for_user(user), pk=pk)


def letter_list_public() -> QuerySet[Letter]:
    """Published results only; no names of people."""
    return (
        Letter.objects.filter(published_at__isnull=False)
        .select_related("district")
        .prefetch_related("targets")
    )


# --- Environmental-responsibility audits (D6) -----------------------------------------


def audit_list_for_user(user: User) -> QuerySet[Audit]:
    if not can_view(user):
        return Audit.objects.none()
    return Audit.objects.select_related("district")


def audit_list_public() -> QuerySet[Audit]:
    return Audit.objects.filter(published_at__isnull=False).select_related("district")
