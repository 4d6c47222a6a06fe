"""Reads of the air module.

Air-quality data (stations, observations, AQI, published forecasts and
warnings) is public information: staff pages show it to every staff member and
the portal to everyone. Cases — forecasts being drafted, warnings being
proposed, enterprises' emergency plans — are scoped: a forecast to the unit that
makes forecasts, a plan to the enterprise's district and to the enterprise's own
account.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

import numpy as np
from django.db.models import Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User
from ecobureau.casework.models import Approval
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.lib import air_forecast, air_scoring, air_stats
from ecobureau.lib import aqi as aqi_lib
from ecobureau.lib.dates import SHANGHAI, local_date

from .models import (
    City,
    DailyValue,
    EmergencyPlan,
    Forecast,
    ForecastDay,
    ForecastModel,
    Observation,
    PlanMeasure,
    Station,
    Warning,
    WeatherForecast,
)

_NOTHING = Q(pk__in=[])
MET_FIELDS = ("temp", "pres", "dewp", "rain", "wspm", "wd")


# --- Places and data (public) -------------------------------------------------------


def city_list() -> QuerySet[City]:
    return City.objects.order_by("code")


def city_get(code: str) -> City:
    return get_object_or_404(City, code=code)


def home_city() -> City | None:
    """The bureau's own city: the first forecast city linked to a division,
    else the first city."""
    return (
        City.objects.filter(division__isnull=False).order_by("code").first()
        or City.objects.order_by("code").first()
    )


def station_list(city: City) -> QuerySet[Station]:
    return Station.objects.filter(city=city).select_related("district").order_by("code")


def station_get(pk: int) -> Station:
    return get_object_or_404(Station.objects.select_related("city", "district"), pk=pk)


def _local_start(day: date) -> datetime:
    return datetime.combine(day, time(0), tzinfo=SHANGHAI)


def observation_arrays(
    stations: list[Station], start: date, days: int
) -> tuple[np.ndarray, np.ndarray]:
    """(stations, days*24, 6) concentrations and (stations, days*24, 7)
    meteorology (air_forecast.MET_KEYS) of the stations from `start` 00:00."""
    hours = days * 24
    conc = np.full((len(stations), hours, len(air_stats.HOURLY_KEYS)), np.nan)
    met = np.full((len(stations), hours, len(air_forecast.MET_KEYS)), np.nan)
    if not stations:
        return conc, met
    position = {station.pk: s for s, station in enumerate(stations)}
    origin = _local_start(start)
    rows = Observation.objects.filter(
        station_id__in=position,
        measured_at__gte=origin,
        measured_at__lt=origin + timedelta(days=days),
    ).values_list("station_id", "measured_at", *air_stats.HOURLY_KEYS, *MET_FIELDS)
    for row in rows.iterator(chunk_size=5000):
        s = position[row[0]]
        i = int((row[1] - origin).total_seconds() // 3600)
        conc[s, i] = [np.nan if v is None else v for v in row[2:8]]
        temp, pres, dewp, rain, wspm, wd = row[8:14]
        u = v = None
        if wspm is not None and wd is not None:
            u, v = air_forecast.wind_components(wspm, wd)
        met[s, i] = [
            np.nan if x is None else x for x in (temp, pres, dewp, rain, wspm, u, v)
        ]
    return conc, met


def validity_rules() -> air_stats.ValidityRules:
    """The data-validity rules in force: lib.air_stats's defaults (GB 3095—2012
    表4, HJ 663—2013), each overridable by the setting AIR_VALIDITY_RULES, e.g.
    {"daily_min_hours": 20, "city_min_station_share": 0.75}."""
    from dataclasses import fields

    from django.conf import settings
    from django.core.exceptions import ImproperlyConfigured

    overrides = getattr(settings, "AIR_VALIDITY_RULES", None) or {}
    known = {f.name for f in fields(air_stats.ValidityRules)}
    unknown = sorted(set(overrides) - known)
    if unknown:
        raise ImproperlyConfigured(
            f"AIR_VALIDITY_RULES中有未知项{'、'.join(unknown)}"
            f"（可用：{'、'.join(sorted(known))}）"
        )
    return air_stats.ValidityRules(**overrides)


def city_series(
    city: City, *, start: date, end: date, standard: aqi_lib.Standard
) -> air_forecast.Series:
    """The city's history from `start` up to and including `end`."""
    stations = list(Station.objects.filter(city=city).order_by("pk"))
    days = (end - start).days + 1
    conc, met = observation_arrays(stations, start, days)
    return air_forecast.series_from_stations(
        start=start,
        station_hourly=conc,
        station_met=met,
        standard=standard,
        rules=validity_rules(),
    )


def observation_span(city: City) -> tuple[date, date] | None:
    """The first and last local dates the city has observations for."""
    qs = Observation.objects.filter(station__city=city)
    first = qs.order_by("measured_at").values_list("measured_at", flat=True).first()
    last = qs.order_by("-measured_at").values_list("measured_at", flat=True).first()
    if first is None or last is None:
        return None
    return local_date(first), local_date(last)


def daily_city(city: City, start: date, end: date) -> QuerySet[DailyValue]:
    return DailyValue.objects.filter(
        city=city, station__isnull=True, date__gte=start, date__lte=end
    ).order_by("date")


@dataclass(frozen=True)
class DistrictDay:
    """A district's daily value, computed on reading from its stations' stored
    daily values the way the city's is from all stations (HJ 663—2013 4.2: the
    mean of the stations that have a value, with the share of stations that
    must have one from the validity rules), under the standard of the day."""

    date: date
    pm25: float | None
    o3_8h: float | None
    aqi: int | None
    level: int | None
    # The other daily means, computed the same way (added for the quality
    # module's district figures; µg/m³, CO mg/m³, O3 1 h the day's maximum).
    so2: float | None = None
    no2: float | None = None
    pm10: float | None = None
    co: float | None = None
    o3_1h: float | None = None

    def values(self) -> dict[str, float | None]:
        """The day's concentrations keyed as `lib.air_stats.DAILY_KEYS`."""
        return {key: getattr(self, key) for key in air_stats.DAILY_KEYS}


def _stored(value: float) -> float | None:
    """A daily statistic as the air module stores it (`DailyValue`): 3 decimals."""
    return None if math.isnan(value) else round(float(value), 3)


def district_stations(city: City, district_id: int) -> list[Station]:
    return list(station_list(city).filter(district_id=district_id))


def daily_district(
    city: City, district_id: int, start: date, end: date
) -> list[DistrictDay]:
    """The district's daily values from `start` to `end`, one per day on which
    any of its stations has one; [] when the district has no station."""
    stations = district_stations(city, district_id)
    if not stations:
        return []
    index = {station.pk: i for i, station in enumerate(stations)}
    days: dict[date, np.ndarray] = {}
    rows = DailyValue.objects.filter(
        station__in=stations, date__gte=start, date__lte=end
    ).values_list("station_id", "date", *air_stats.DAILY_KEYS)
    for station_id, day, *values in rows.iterator(chunk_size=5000):
        block = days.setdefault(
            day, np.full((len(stations), len(air_stats.DAILY_KEYS)), np.nan)
        )
        block[index[station_id]] = [np.nan if v is None else v for v in values]
    rules = validity_rules()
    out = []
    for day in sorted(days):
        mean = air_stats.city_mean(days[day], rules)
        result = air_forecast.daily_aqi(mean.tolist(), aqi_lib.standard_for(day))
        stats = dict(zip(air_stats.DAILY_KEYS, map(_stored, mean), strict=True))
        out.append(
            DistrictDay(
                date=day,
                aqi=result.aqi if result else None,
                level=result.level if result else None,
                **stats,
            )
        )
    return out


def daily_stations(city: City, day: date) -> QuerySet[DailyValue]:
    return (
        DailyValue.objects.filter(city=city, station__isnull=False, date=day)
        .select_related("station")
        .order_by("station__code")
    )


def latest_city_day(city: City) -> DailyValue | None:
    return (
        DailyValue.objects.filter(city=city, station__isnull=True, aqi__isnull=False)
        .order_by("-date")
        .first()
    )


@dataclass(frozen=True)
class HourAqi:
    at: datetime
    values: dict[str, float | None]
    aqi: int | None
    level: int | None
    primary: list[str]

    @property
    def colour(self) -> str:
        return aqi_lib.colour_of(self.level) if self.level else "#CCCCCC"


def hourly_aqi(stations: list[Station], day: date) -> list[HourAqi]:
    """The real-time (hourly) AQI of one day for one station, or the city when
    several stations are given (the mean of the stations each hour), under the
    standard in force that day. HJ 633—2012 uses PM 24 h and O3 8 h moving
    averages (5.1.3), HJ 633—2026 the 1 h values only (4.2.3)."""
    standard = aqi_lib.standard_for(day)
    conc, _ = observation_arrays(stations, day - timedelta(days=1), 2)
    hours = air_stats.city_mean(
        conc, air_stats.ValidityRules(city_min_station_share=0.5)
    )
    pm_24 = air_stats.moving_average(hours, 24, 20)
    o3_8 = air_stats.moving_average(hours[:, [4]], 8, 6)[:, 0]
    so2_24 = pm_24[:, 0]
    out = []
    origin = _local_start(day)
    for h in range(24):
        i = 24 + h
        one = {key: _value(hours[i, j]) for j, key in enumerate(air_stats.HOURLY_KEYS)}
        values: dict[str, Any] = {
            "so2": one["so2"],
            "no2": one["no2"],
            "co": one["co"],
            "o3_1h": one["o3"],
        }
        if standard == aqi_lib.HJ633_2012:
            values.update(
                pm10=_value(pm_24[i, 2]),
                pm25=_value(pm_24[i, 5]),
                o3_8h=_value(o3_8[i]),
                so2_24h=_value(so2_24[i]),
            )
        else:
            values.update(pm10=one["pm10"], pm25=one["pm25"])
        result = _hour_result(values, standard)
        out.append(
            HourAqi(
                at=origin + timedelta(hours=h),
                values=one,
                aqi=result.aqi if result else None,
                level=result.level if result else None,
                primary=result.primary if result else [],
            )
        )
    return out


def city_aqi_now(city: City) -> tuple[HourAqi | None, list[HourAqi]]:
    """空气质量实时报 for the portal: the city's latest hour with an AQI and
    the hours of that local day up to it. "Now" is the latest observation
    received, not the clock: a station feed that stops shows its last hour
    with its time rather than an empty page."""
    stations = list(station_list(city))
    last = (
        Observation.objects.filter(station__in=stations)
        .order_by("-measured_at")
        .values_list("measured_at", flat=True)
        .first()
    )
    if last is None:
        return None, []
    day = local_date(last)
    hours = [h for h in hourly_aqi(stations, day) if h.at <= last]
    rated = [h for h in hours if h.aqi is not None]
    return (rated[-1] if rated else None), hours


def _value(x: float) -> float | None:
    return None if math.isnan(x) else float(x)


def _hour_result(
    values: dict[str, float | None], standard: aqi_lib.Standard
) -> aqi_lib.AqiResult | None:
    fractions = {
        key: None if v is None else air_forecast.reporting_fraction(key, v)
        for key, v in values.items()
    }
    if not any(v is not None for v in fractions.values()):
        return None
    try:
        return aqi_lib.compute(fractions, kind="hourly", standard=standard)
    except aqi_lib.AqiInputError:
        return None


# --- Forecasts ----------------------------------------------------------------------


def _forecast_scope_q(user: User) -> Q:
    if not user.is_authenticated or not user.is_staff_member:
        return _NOTHING
    return account_selectors.scope_q(user, district=None, township=None, unit="unit")


def _public_or_in_scope(user: User, statuses: list[str]) -> Q:
    """Published cases, or any case inside the user's scope. (An empty Q from
    scope_q means "everything"; OR-ed with another Q it would vanish.)"""
    scope = _forecast_scope_q(user)
    if not scope.children:
        return Q()
    return Q(status__in=statuses) | scope


def forecast_list_for_user(user: User) -> QuerySet[Forecast]:
    """Forecasts a staff member may see: published ones (public), and drafts
    inside their scope (the forecast unit, or the whole city)."""
    if not user.is_authenticated or not user.is_staff_member:
        return Forecast.objects.none()
    return (
        Forecast.objects.filter(_public_or_in_scope(user, [Forecast.Status.PUBLISHED]))
        .select_related("city")
        .prefetch_related(
            Prefetch("days", queryset=ForecastDay.objects.order_by("lead"))
        )
        .order_by("-issue_date", "city__code")
    )


def forecast_get_for_user(user: User, pk: int) -> Forecast:
    return get_object_or_404(forecast_list_for_user(user), pk=pk)


def forecast_latest_public(city: City) -> Forecast | None:
    return (
        Forecast.objects.filter(city=city, status=Forecast.Status.PUBLISHED)
        .prefetch_related(
            Prefetch("days", queryset=ForecastDay.objects.order_by("lead"))
        )
        .order_by("-issue_date")
        .first()
    )


def forecast_archive_public(city: City) -> QuerySet[Forecast]:
    return (
        Forecast.objects.filter(city=city, status=Forecast.Status.PUBLISHED)
        .prefetch_related(
            Prefetch("days", queryset=ForecastDay.objects.order_by("lead"))
        )
        .order_by("-issue_date")
    )


def forecast_get_public(pk: int) -> Forecast:
    return get_object_or_404(forecast_archive_public_all(), pk=pk)


def forecast_archive_public_all() -> QuerySet[Forecast]:
    return (
        Forecast.objects.filter(status=Forecast.Status.PUBLISHED)
        .select_related("city")
        .prefetch_related(
            Prefetch("days", queryset=ForecastDay.objects.order_by("lead"))
        )
    )


def model_latest(city: City, *, with_weather: bool) -> ForecastModel | None:
    return (
        ForecastModel.objects.filter(city=city, with_weather=with_weather)
        .order_by("-trained_at", "-pk")
        .first()
    )


def weather_for_issue(city: City, issue: date) -> np.ndarray | None:
    """The meteorological bureau's forecast issued on `issue` for the next 7
    days, as a (7, 7) array in MET_KEYS order, or None if any day is missing."""
    rows = {
        row.date: row
        for row in WeatherForecast.objects.filter(
            city=city,
            issued_on=issue,
            date__gt=issue,
            date__lte=issue + timedelta(days=air_forecast.LEADS),
        )
    }
    out = []
    for lead in range(1, air_forecast.LEADS + 1):
        row = rows.get(issue + timedelta(days=lead))
        if row is None:
            return None
        u, v = air_forecast.wind_components(row.wspm, row.wd)
        out.append([row.temp, row.pres, row.dewp, row.rain, row.wspm, u, v])
    return np.array(out, dtype=np.float64)


def forecast_vs_observed(
    city: City, start: date, end: date, lead: int = 1
) -> list[dict[str, Any]]:
    """Published forecast of one lead day against the observed AQI, per day."""
    days = {
        d.target_date: d
        for d in ForecastDay.objects.filter(
            forecast__city=city,
            forecast__status=Forecast.Status.PUBLISHED,
            lead=lead,
            target_date__gte=start,
            target_date__lte=end,
        )
    }
    observed = {v.date: v.aqi for v in daily_city(city, start, end)}
    out = []
    day = start
    while day <= end:
        fc = days.get(day)
        out.append(
            {
                "date": day,
                "low": fc.low if fc else None,
                "high": fc.high if fc else None,
                "observed": observed.get(day),
            }
        )
        day += timedelta(days=1)
    return out


@dataclass(frozen=True)
class LeadScore:
    lead: int
    summary: air_scoring.Summary


def score_report(city: City, start: date, end: date) -> list[LeadScore]:
    """Scores of the published forecasts whose target days fall in [start, end],
    per lead day (the monthly report)."""
    by_lead: dict[int, list[air_scoring.DayScore]] = {
        lead: [] for lead in range(1, air_forecast.LEADS + 1)
    }
    rows = ForecastDay.objects.filter(
        forecast__city=city,
        forecast__status=Forecast.Status.PUBLISHED,
        target_date__gte=start,
        target_date__lte=end,
        scored_at__isnull=False,
    ).order_by("target_date", "lead")
    for day in rows:
        by_lead[day.lead].append(
            air_scoring.score_day(
                low=day.low,
                high=day.high,
                primary=day.primary,
                observed=day.observed_aqi or 0,
                observed_primary=day.observed_primary,
            )
        )
    return [
        LeadScore(lead, air_scoring.summarize(items)) for lead, items in by_lead.items()
    ]


# --- Warnings -----------------------------------------------------------------------


def warning_list_for_user(user: User) -> QuerySet[Warning]:
    if not user.is_authenticated or not user.is_staff_member:
        return Warning.objects.none()
    return (
        Warning.objects.filter(
            _public_or_in_scope(user, [Warning.Status.PUBLISHED, Warning.Status.LIFTED])
        )
        .select_related("city", "forecast")
        .order_by("-created_at")
    )


def warning_get_for_user(user: User, pk: int) -> Warning:
    return get_object_or_404(warning_list_for_user(user), pk=pk)


def warnings_public() -> QuerySet[Warning]:
    return (
        Warning.objects.filter(
            status__in=[Warning.Status.PUBLISHED, Warning.Status.LIFTED]
        )
        .select_related("city")
        .order_by("-published_at")
    )


def warning_in_force(city: City) -> Warning | None:
    return Warning.objects.filter(city=city, status=Warning.Status.PUBLISHED).first()


def warning_approval(warning: Warning) -> Approval | None:
    """The latest internal approval of the warning (casework approvals)."""
    return (
        Approval.objects.filter(target_type="air.warning", target_id=warning.pk)
        .order_by("-proposed_at", "-pk")
        .first()
    )


@dataclass(frozen=True)
class EnterpriseMeasures:
    plan: EmergencyPlan
    measures: list[PlanMeasure]
    check: str  # what the monitoring data says (hooks.measure_check)


def warning_enterprises(
    warning: Warning, user: User | None = None
) -> list[EnterpriseMeasures]:
    """During a warning: each enterprise with a filed plan and its measures for
    the warning's level. Emission cuts apply to particulate episodes only
    (环大气〔2024〕6号: O3 and dust episodes get health advice and routine
    supervision, not industrial curtailment)."""
    from . import hooks

    if warning.kind != Warning.Kind.PARTICULATE:
        return []
    plans = plan_filed_list().filter(measures__level=warning.level).distinct()
    if user is not None:
        plans = plans.filter(plan_scope_q(user))
    out = []
    for plan in plans.prefetch_related(
        Prefetch("measures", queryset=PlanMeasure.objects.filter(level=warning.level))
    ):
        out.append(
            EnterpriseMeasures(
                plan=plan,
                measures=list(plan.measures.all()),
                check=hooks.measure_check(plan.enterprise, warning),
            )
        )
    return out


# --- Emergency plans ----------------------------------------------------------------


def plan_scope_q(user: User) -> Q:
    """Staff: plans of enterprises in their district, or the whole city; an
    enterprise account: its own enterprise's plans."""
    if not user.is_authenticated or not user.is_active:
        return _NOTHING
    if user.is_staff_member or user.is_superuser:
        return account_selectors.scope_q(user)
    enterprise = enterprise_selectors.enterprise_for_account(user)
    if enterprise is None:
        return _NOTHING
    return Q(enterprise_id=enterprise.pk)


def plan_list_for_user(user: User) -> QuerySet[EmergencyPlan]:
    return (
        EmergencyPlan.objects.filter(plan_scope_q(user))
        .select_related("enterprise", "district")
        .order_by("-submitted_at", "-pk")
    )


def plan_get_for_user(user: User, pk: int) -> EmergencyPlan:
    return get_object_or_404(plan_list_for_user(user), pk=pk)


def plan_filed_list() -> QuerySet[EmergencyPlan]:
    return EmergencyPlan.objects.filter(
        status=EmergencyPlan.Status.FILED
    ).select_related("enterprise", "district")


def plans_for_enterprise(user: User, enterprise_id: int) -> QuerySet[EmergencyPlan]:
    return plan_list_for_user(user).filter(enterprise_id=enterprise_id)
