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

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User
from ecobureau.core.models import Division
from ecobureau.emergencies import selectors as emergency_selectors

from . import drinking, statistics
from . import water_class as wc
from .air_figures import (  # noqa: F401 - re-exported for callers
    AirFigures,
    AirSummary,
    air_figures,
    air_summary,
    percentile,
)
from .models import (
    Audit,
    BulletinIssue,
    EmissionActual,
    EmissionTarget,
    Letter,
    Measurement,
    Section,
    SourceVolume,
    Veto,
    VetoNotRequired,
    WorkPlan,
    WorkPlanItem,
)

Means = dict[str, Decimal]
# The drinking-water pass class is the setting QUALITY_STATISTICS_RULES
# ["drinking_pass_class"] (statistics.Rules, default III, 示例配置).
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


def districts_for_user(user: User) -> list[Division]:
    """The districts whose own figures (water by district, air by district,
    emission totals) the user may choose: every district for city scope, their
    own for district staff, none for anyone else — the quality scope
    (`_scope`) applied to the district choice."""
    area = _incident_area(user)
    return [d for d in account_selectors.districts() if area is None or d.pk in area]


def district_for_user(user: User, district_id: int | None) -> Division | None:
    """The chosen district, None for the whole city; 404 outside the user's."""
    if district_id is None:
        return None
    for district in districts_for_user(user):
        if district.pk == district_id:
            return district
    raise Http404


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
    config = statistics.rules()
    return wc.classify(
        means,
        water_body=section.water_body,
        target=target,
        priority=config.main_pollutant_priority,
        main_count=config.main_pollutant_count,
    )


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
    # The provincial good-water target, % (QUALITY_STATISTICS_RULES
    # ["good_water_target"], seed 004 "优于省80%考核标准", 示例配置).
    good_target: Decimal | None = None

    @property
    def good_target_met(self) -> bool | None:
        share = self.good_share
        if share is None or self.good_target is None:
            return None
        return share >= self.good_target

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
    """The city index (reference/water.md 3.5, UNVERIFIED: the setting
    QUALITY_STATISTICS_RULES["cwqi_city_weighting"], 示例配置): "count" — the CWQI
    of the mean concentrations of the river sections, the same for the lake
    points, weighted by their numbers; "section_mean" — the mean of the
    sections' own indices."""
    if statistics.rules().cwqi_city_weighting == "section_mean":
        return _city_cwqi_section_mean(sections, means)
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


def _city_cwqi_section_mean(
    sections: list[Section], means: dict[int, Means]
) -> tuple[Decimal | None, dict[str, Any]]:
    parts: dict[str, Any] = {}
    indices: list[Decimal] = []
    for body in (wc.RIVER, wc.LAKE):
        group = []
        for s in sections:
            if s.water_body != body or s.pk not in means:
                continue
            try:
                group.append(wc.cwqi(means[s.pk], water_body=body)[0])
            except wc.WaterInputError:
                continue
        if group:
            mean = sum(group, Decimal(0)) / len(group)
            parts[body] = {"cwqi": wc.round4(mean), "n": len(group)}
            indices += group
    if not indices:
        return None, parts
    return sum(indices, Decimal(0)) / len(indices), parts


def water_summary(*, year: int, last_month: int, level: str | None = "national",
                  first_month: int = 1,
                  district_id: int | None = None) -> WaterSummary:  # fmt: skip
    """Sections of one level (or all, level None) from first_month to last_month
    of `year`: class, target, compliance, good share, city CWQI and its change
    against the same months of the year before. With `district_id`, the
    sections of that district only (their index computed as the city's)."""
    sections = list(section_list_public().filter(is_drinking_source=False))
    if district_id is not None:
        sections = [s for s in sections if s.district_id == district_id]
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
        good_target=statistics.rules().good_water_target_for(year),
    )


def water_by_district(
    user: User, *, year: int, last_month: int, level: str | None = None
) -> list[tuple[Division, WaterSummary]]:
    """The water summary of each district the user may choose (its own
    sections: good-water share, target compliance, its index)."""
    return [
        (
            district,
            water_summary(
                year=year, last_month=last_month, level=level, district_id=district.pk
            ),
        )
        for district in districts_for_user(user)
    ]


def monthly_means(section: Section, year: int) -> dict[int, Means]:
    """{month: {item: mean of the month's samples}} for the months with samples."""
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
    return {
        month: {k: statistics.water_mean(k, v, rule) for k, v in items.items()}
        for month, items in per_month.items()
    }


def section_monthly(section: Section, year: int) -> list[tuple[int, Any]]:
    """(month, WaterResult | None) for the 12 months of a year."""
    means = monthly_means(section, year)
    return [
        (month, classify_means(section, means.get(month), None))
        for month in range(1, 13)
    ]


def section_samples(section: Section, limit: int = 60) -> list[dict[str, Any]]:
    samples = list(
        section.samples.order_by("-sampled_on").prefetch_related("measurements")[:limit]
    )
    out = []
    for sample in samples:
        values = {m.parameter: m.value for m in sample.measurements.all()}
        result = classify_means(section, values, None)
        shown = [
            (drinking.ALL_NAMES[key], values[key].normalize())
            for key in drinking.ALL_KEYS
            if key in values
        ]
        limiting = "、".join(wc.NAMES[key] for key in result.limiting) if result else ""
        out.append(
            {"sample": sample, "values": shown, "result": result, "limiting": limiting}
        )
    return out


# --- Drinking-water sources (X2) -----------------------------------------------------


@dataclass
class DrinkingMonth:
    month: int
    klass: str | None  # the basic items' class (21 counted items)
    over: list[tuple[str, Decimal]]  # Table 2 items above their limit
    passed: bool | None

    @property
    def over_text(self) -> str:
        return drinking.over_text(self.over)


@dataclass
class DrinkingRow:
    section: Section
    months: list[DrinkingMonth]  # every month of the period
    passed: bool | None  # the period's verdict under the configured rule
    period_class: str | None = None
    period_over: list[tuple[str, Decimal]] = field(default_factory=list)
    volume: Decimal | None = None  # 万立方米 over the period's months entered

    @property
    def failing_months(self) -> list[int]:
        return [m.month for m in self.months if m.passed is False]


def drinking_summary(
    *, year: int, last_month: int, first_month: int = 1, district_id: int | None = None
) -> tuple[list[DrinkingRow], Decimal | None]:
    """Each source month by month: a month passes when its mean class of the
    basic items is the configured class or better (default III) and no GB
    3838—2002 表2 item exceeds its limit. The period: with
    `drinking_month_fails_year` (default) one failing month fails it, else the
    period means decide (示例配置, reference/water.md 4). Rate = compliant /
    monitored sources."""
    config = statistics.rules()
    sources = list(section_list_public().filter(is_drinking_source=True))
    if district_id is not None:
        sources = [s for s in sources if s.district_id == district_id]
    start, end = month_range(year, first_month, last_month)
    period = (
        {}
        if config.drinking_month_fails_year
        else period_means([s.pk for s in sources], start, end)
    )
    volumes = {
        row["section_id"]: row["total"]
        for row in SourceVolume.objects.filter(
            section__in=sources,
            year=year,
            month__gte=first_month,
            month__lte=last_month,
        )
        .values("section_id")
        .annotate(total=Sum("volume"))
    }
    rows = []
    for source in sources:
        by_month = monthly_means(source, year)
        months = []
        for month in range(first_month, last_month + 1):
            means = by_month.get(month) or {}
            result = classify_means(source, means, None)
            klass = result.klass if result else None
            months.append(
                DrinkingMonth(
                    month=month,
                    klass=klass,
                    over=drinking.over_limits(means),
                    passed=drinking.passes(klass, means, config.drinking_pass_class),
                )
            )
        row = DrinkingRow(
            section=source, months=months, passed=None, volume=volumes.get(source.pk)
        )
        if config.drinking_month_fails_year:
            verdicts = [m.passed for m in months if m.passed is not None]
            row.passed = all(verdicts) if verdicts else None
        else:
            means = period.get(source.pk) or {}
            result = classify_means(source, means, None)
            row.period_class = result.klass if result else None
            row.period_over = drinking.over_limits(means)
            row.passed = drinking.passes(
                row.period_class, means, config.drinking_pass_class
            )
        rows.append(row)
    monitored = [row for row in rows if row.passed is not None]
    if not monitored:
        return rows, None
    passed = sum(1 for row in monitored if row.passed)
    return rows, Decimal(passed * 100) / len(monitored)


@dataclass
class VolumeRate:
    rate: Decimal | None
    compliant: Decimal
    total: Decimal
    missing: list[Section]  # monitored sources without a volume for the period


def drinking_volume_rate(rows: list[DrinkingRow]) -> VolumeRate:
    """水量达标率 = volume taken from compliant sources / total volume taken ×
    100 % (reference/water.md 4), over the monitored sources; no rate while a
    monitored source has no volume entered for the period."""
    monitored = [row for row in rows if row.passed is not None]
    missing = [row.section for row in monitored if row.volume is None]
    total = sum((row.volume for row in monitored if row.volume), Decimal(0))
    compliant = sum(
        (row.volume for row in monitored if row.passed and row.volume), Decimal(0)
    )
    rate = compliant * 100 / total if monitored and not missing and total > 0 else None
    return VolumeRate(rate=rate, compliant=compliant, total=total, missing=missing)


# --- Air statistics (E3): `air_figures.py` (any period, one-standard good days) ---

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


# --- Work plans and their completion (D19) ----------------------------------------


def work_plan_list_for_user(user: User) -> QuerySet[WorkPlan]:
    if not can_view(user):
        return WorkPlan.objects.none()
    return WorkPlan.objects.prefetch_related("items").order_by("-year")


def work_plan_get_for_user(user: User, pk: int) -> WorkPlan:
    return get_object_or_404(work_plan_list_for_user(user), pk=pk)


def work_plan_item_get_for_user(user: User, pk: int) -> WorkPlanItem:
    if not can_view(user):
        raise Http404
    return get_object_or_404(
        WorkPlanItem.objects.select_related("plan", "district"), pk=pk
    )


def work_plan_items_public(q: str = "") -> QuerySet[WorkPlanItem]:
    """Items of published plans, with each plan's item and done counts (for its
    completion rate). Search by task, unit, plan title or year."""
    qs = (
        WorkPlanItem.objects.filter(plan__published_at__isnull=False)
        .select_related("plan", "district")
        .annotate(
            plan_total=Count("plan__items", distinct=True),
            plan_done=Count(
                "plan__items",
                filter=Q(plan__items__status=WorkPlanItem.Status.DONE),
                distinct=True,
            ),
        )
        .order_by("-plan__year", "position", "pk")
    )
    if q:
        digits = q.removesuffix("年")
        year_q = (
            Q(plan__year=int(digits))
            if digits.isdigit() and len(digits) == 4
            else Q(pk__in=[])
        )
        qs = qs.filter(
            Q(task__icontains=q)
            | Q(responsible_unit__icontains=q)
            | Q(plan__title__icontains=q)
            | Q(district__name__icontains=q)
            | year_q
        )
    return qs


def work_plan_last_change_public() -> datetime | None:
    """A plan published, or an item of a published plan updated."""
    from django.db.models import Max

    found = [
        WorkPlan.objects.aggregate(m=Max("published_at"))["m"],
        WorkPlanItem.objects.filter(plan__published_at__isnull=False).aggregate(
            m=Max("updated_at")
        )["m"],
    ]
    values = [v for v in found if v is not None]
    return max(values) if values else None


# --- Issued bulletins (issue 13 item 6) ---------------------------------------------


def bulletin_issue_public(year: int, month: int) -> BulletinIssue | None:
    """The month's latest issued revision (what the public reads), or None."""
    return (
        BulletinIssue.objects.filter(year=year, month=month)
        .order_by("-revision")
        .first()
    )


def bulletin_latest_public() -> BulletinIssue | None:
    """The latest revision of the latest issued month."""
    return BulletinIssue.objects.order_by("-year", "-month", "-revision").first()


def bulletin_months_public(limit: int = 12) -> list[tuple[int, int]]:
    """The issued months, newest first."""
    months = (
        BulletinIssue.objects.order_by("-year", "-month")
        .values_list("year", "month")
        .distinct()
    )
    return list(months[:limit])


def bulletin_issue_list_for_user(user: User) -> QuerySet[BulletinIssue]:
    """Every issue with its revisions, for quality staff (the figures are the
    public ones, so every quality reader sees the same list)."""
    if not can_view(user):
        return BulletinIssue.objects.none()
    return BulletinIssue.objects.select_related("issued_by").defer("pdf")
