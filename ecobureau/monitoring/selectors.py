"""Reads of the monitoring module, always scoped to the person asking.

Staff see instruments, data, exceedances and anomalies of the enterprises in
their data scope (`accounts.selectors.scope_q` on the enterprise's district,
township and supervising unit) when their roles grant
`monitoring.view_monitoring_data`; clues and filings are cases with their own
district, township and unit. An enterprise account sees its own instruments,
data, exceedances and filings — never clues, which are internal.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from django.db.models import Count, Max, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.shortcuts import get_object_or_404
from django.utils import timezone

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.models import User
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.lib import hj212, hj212_codes
from ecobureau.lib.dates import SHANGHAI

from .models import (
    Anomaly,
    AnomalyRule,
    Clue,
    DischargeAllowance,
    DischargeFlag,
    DroneFinding,
    DroneFlight,
    Exceedance,
    FacilityFailure,
    Filing,
    Frame,
    GatewayState,
    Instrument,
    LinkEvent,
    Reading,
    SummaryReading,
)

# The public page of permitted and actual totals (D14): kept in their own file.
from .selectors_discharge import AllowanceLine as AllowanceLine
from .selectors_discharge import PublicDischarge as PublicDischarge
from .selectors_discharge import (
    discharge_enterprises_public as discharge_enterprises_public,
)
from .selectors_discharge import discharge_list_public as discharge_list_public
from .selectors_discharge import (
    discharge_summary_computed_at as discharge_summary_computed_at,
)

# Daily emission sums (Cou) for other modules: kept in their own file.
from .selectors_emissions import EmissionDaySum as EmissionDaySum
from .selectors_emissions import emission_daily_sums as emission_daily_sums
from .selectors_emissions import owed_hours_by_day as owed_hours_by_day

_NOTHING = Q(pk__in=[])


def data_scope_q(user: User, prefix: str = "enterprise__") -> Q:
    """Rows of enterprises this user may see monitoring data of."""
    if not user.is_authenticated or not user.is_active:
        return _NOTHING
    if user.is_superuser or user.is_staff_member:
        if not user.has_perm("monitoring.view_monitoring_data"):
            return _NOTHING
        return account_selectors.scope_q(
            user,
            district=f"{prefix}district",
            township=f"{prefix}township",
            unit=f"{prefix}supervising_unit",
        )
    if user.kind == User.Kind.ENTERPRISE:
        return Q(
            **{
                f"{prefix}accounts__user_id": user.pk,
                f"{prefix}accounts__verified": True,
            }
        )
    return _NOTHING


def case_scope_q(user: User, permission: str) -> Q:
    """Clues and filings: staff within their scope, if they hold `permission`."""
    if not user.is_authenticated or not user.is_active or not user.is_staff_member:
        return _NOTHING
    if not user.has_perm(permission):
        return _NOTHING
    return account_selectors.scope_q(user)


def enterprise_in_scope(user: User, enterprise_id: int) -> bool:
    return (
        enterprise_selectors.enterprise_list_for_user(user)
        .filter(pk=enterprise_id)
        .exists()
    )


# --- Instruments --------------------------------------------------------------------


@dataclass(frozen=True)
class InstrumentFilters:
    q: str = ""  # part of the MN or the enterprise's name
    district_id: int | None = None
    link: str = ""
    status: str = ""


def instrument_list_for_user(
    user: User, *, filters: InstrumentFilters | None = None
) -> QuerySet[Instrument]:
    qs = Instrument.objects.filter(data_scope_q(user)).select_related(
        "enterprise", "enterprise__district", "outlet", "operator"
    )
    if filters is not None:
        text = filters.q.strip()
        if text:
            qs = qs.filter(Q(mn__icontains=text) | Q(enterprise__name__icontains=text))
        if filters.district_id:
            qs = qs.filter(enterprise__district_id=filters.district_id)
        if filters.link:
            qs = qs.filter(link=filters.link)
        if filters.status:
            qs = qs.filter(status=filters.status)
    return qs.order_by("enterprise__name", "outlet__code", "mn", "pk")


def instrument_get_for_user(user: User, pk: int) -> Instrument:
    return get_object_or_404(instrument_list_for_user(user), pk=pk)


def instruments_of_enterprise(user: User, enterprise_id: int) -> QuerySet[Instrument]:
    return instrument_list_for_user(user).filter(enterprise_id=enterprise_id)


def link_events(instrument: Instrument, limit: int = 20) -> list[LinkEvent]:
    return list(instrument.link_events.order_by("-at", "-pk")[:limit])


def alarm_recipients(instrument: Instrument) -> list[User]:
    """Who is told when an instrument's data stops: monitoring staff whose scope
    covers the enterprise, and the heads of its supervising unit."""
    staff = User.objects.filter(
        is_active=True, kind=User.Kind.STAFF, roles__code="monitoring_staff"
    ).distinct()
    enterprise = instrument.enterprise
    people = [
        user
        for user in staff
        if user.is_superuser
        or user.scope == User.Scope.CITY
        or user.scope_division_id in (enterprise.district_id, enterprise.township_id)
    ]
    if enterprise.supervising_unit_id:
        people += list(
            User.objects.filter(
                is_active=True,
                unit_id=enterprise.supervising_unit_id,
                roles__code__in=("sub_bureau_head", "enforcement_head"),
            ).distinct()
        )
    unique = {user.pk: user for user in people}
    return list(unique.values())


@dataclass(frozen=True)
class LatestValue:
    code: str
    name: str
    field: str
    label: str
    value: str
    unit: str
    flag: str
    flag_label: str


def latest_values(instrument: Instrument) -> tuple[datetime | None, list[LatestValue]]:
    """The newest real-time (else minute) packet's values, decoded from the
    archived frame: one index lookup, no scan of the value table."""
    for cn in (2011, 2051, 2061):
        frame = (
            Frame.objects.filter(instrument=instrument, cn=cn)
            .order_by("-data_time")
            .values_list("data_time", "raw")
            .first()
        )
        if frame is None:
            continue
        packet = hj212.decode_frame(frame[1].encode("utf-8"))
        old = packet.version == hj212.VERSION_2005
        values = []
        for value in packet.values:
            code = hj212_codes.code_2017(value.code) if old else value.code
            values.append(
                LatestValue(
                    code=code,
                    name=hj212_codes.pollutant_name(code),
                    field=value.field,
                    label=hj212_codes.FIELD_LABELS.get(value.field, value.field),
                    value=value.text,
                    unit=hj212_codes.pollutant_unit(code, value.field),
                    flag=value.flag or "",
                    flag_label=hj212_codes.flag_label(value.flag) if value.flag else "",
                )
            )
        return frame[0], values
    return None, []


def recent_frames(instrument: Instrument, limit: int = 20) -> list[Frame]:
    return list(
        Frame.objects.filter(instrument=instrument)
        .order_by("-data_time")
        .only("cn", "data_time", "pno", "qn", "received_at", "peer", "raw")[:limit]
    )


# --- Series and charts ----------------------------------------------------------------

KINDS: dict[str, tuple[type[Reading] | type[SummaryReading], int, str]] = {
    "realtime": (Reading, 2011, "Rtd"),
    "minute": (Reading, 2051, "Avg"),
    "hourly": (SummaryReading, 2061, "Avg"),
    "daily": (SummaryReading, 2031, "Avg"),
}
KIND_LABELS = {"realtime": "实时", "minute": "分钟", "hourly": "小时", "daily": "日"}
VALID_FLAGS = frozenset({"N", "T", ""})


def kind_for_span(span: timedelta) -> str:
    """The finest data worth drawing for a period: real-time up to 6 hours,
    minute data up to 3 days, hourly up to 90 days, daily beyond."""
    if span <= timedelta(hours=6):
        return "realtime"
    if span <= timedelta(days=3):
        return "minute"
    if span <= timedelta(days=90):
        return "hourly"
    return "daily"


@dataclass(frozen=True)
class Point:
    at: datetime
    value: float
    flag: str


def series(
    *,
    instrument_ids: list[int],
    code: str,
    kind: str,
    start: datetime,
    end: datetime,
    field: str | None = None,
    max_points: int = 720,
) -> list[Point]:
    """Values of one pollutant over [start, end), thinned to `max_points` by
    bucket means (flags: the bucket's worst) so any period draws quickly."""
    model, cn, default_field = KINDS[kind]
    rows = (
        model.objects.filter(
            instrument_id__in=instrument_ids,
            code=code,
            cn=cn,
            data_time__gte=start,
            data_time__lt=end,
            field=field or default_field,
            value__isnull=False,
        )
        .order_by("data_time")
        .values_list("data_time", "value", "flag")
    )
    points = [Point(at, value, flag) for at, value, flag in rows if value is not None]
    if len(points) <= max_points:
        return points
    width = (end - start) / max_points
    buckets: dict[int, list[Point]] = defaultdict(list)
    for point in points:
        buckets[int((point.at - start) / width)].append(point)
    thinned = []
    for index in sorted(buckets):
        bucket = buckets[index]
        flags = [p.flag for p in bucket if p.flag not in VALID_FLAGS]
        thinned.append(
            Point(
                bucket[len(bucket) // 2].at,
                sum(p.value for p in bucket) / len(bucket),
                flags[0] if flags else bucket[0].flag,
            )
        )
    return thinned


def codes_of(instrument_ids: list[int], since: datetime) -> list[str]:
    """Pollutant codes an outlet's instruments reported hourly data for."""
    codes = (
        SummaryReading.objects.filter(
            instrument_id__in=instrument_ids, cn=2061, data_time__gte=since
        )
        .values_list("code", flat=True)
        .distinct()
    )
    return sorted(set(codes))


# --- Exceedances, anomalies, clues --------------------------------------------------------


def exceedance_list_for_user(user: User) -> QuerySet[Exceedance]:
    return (
        Exceedance.objects.filter(data_scope_q(user))
        .select_related("enterprise", "outlet", "instrument")
        .order_by("-started_at", "-pk")
    )


def exceedance_get_for_user(user: User, pk: int) -> Exceedance:
    return get_object_or_404(exceedance_list_for_user(user), pk=pk)


def anomaly_list_for_user(user: User) -> QuerySet[Anomaly]:
    if not user.is_staff_member:  # anomalies point at suspected tampering
        return Anomaly.objects.none()
    return (
        Anomaly.objects.filter(data_scope_q(user))
        .select_related("enterprise", "outlet", "instrument")
        .order_by("-started_at", "-pk")
    )


def anomaly_get_for_user(user: User, pk: int) -> Anomaly:
    return get_object_or_404(anomaly_list_for_user(user), pk=pk)


@dataclass(frozen=True)
class ClueFilters:
    status: str = ""
    source: str = ""
    district_id: int | None = None
    month: date | None = None  # first day of a month


def clue_list_for_user(
    user: User, *, filters: ClueFilters | None = None
) -> QuerySet[Clue]:
    qs = Clue.objects.filter(case_scope_q(user, "monitoring.view_clue")).select_related(
        "enterprise",
        "instrument",
        "instrument__outlet",
        "district",
        "drone_finding__flight",
        "discharge_flag",
    )
    if filters is not None:
        if filters.status:
            qs = qs.filter(status=filters.status)
        if filters.source:
            qs = qs.filter(source=filters.source)
        if filters.district_id:
            qs = qs.filter(district_id=filters.district_id)
        if filters.month:
            start = datetime.combine(filters.month, datetime.min.time(), SHANGHAI)
            end_month = (filters.month.replace(day=28) + timedelta(days=4)).replace(
                day=1
            )
            end = datetime.combine(end_month, datetime.min.time(), SHANGHAI)
            qs = qs.filter(detected_at__gte=start, detected_at__lt=end)
    return qs.order_by("-detected_at", "-pk")


def clue_get_for_user(user: User, pk: int) -> Clue:
    return get_object_or_404(
        clue_list_for_user(user).select_related(
            "exceedance", "anomaly", "decided_by", "unit"
        ),
        pk=pk,
    )


@dataclass(frozen=True)
class MonthCount:
    month: date
    total: int
    exceedance: int
    anomaly: int
    drone: int
    permit: int
    dismissed: int
    referred: int
    open: int


def clue_monthly_counts(user: User) -> list[MonthCount]:
    """Clues pushed per month (seed 004 counts them: 3,406 pushed), by source
    and by what became of them, newest month first."""
    rows = (
        clue_list_for_user(user)
        .order_by()
        .annotate(month=TruncMonth("detected_at", tzinfo=SHANGHAI))
        .values("month", "source", "status")
        .annotate(n=Count("pk"))
    )
    months: dict[date, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for row in rows:
        month = row["month"]
        key = month.date() if isinstance(month, datetime) else month
        counts = months[key]
        counts["total"] += row["n"]
        counts[row["source"]] += row["n"]
        counts[row["status"]] += row["n"]
    return [
        MonthCount(
            month=month,
            total=c["total"],
            exceedance=c[Clue.Source.EXCEEDANCE],
            anomaly=c[Clue.Source.ANOMALY],
            drone=c[Clue.Source.DRONE],
            permit=c[Clue.Source.PERMIT],
            dismissed=c[Clue.Status.DISMISSED],
            referred=c[Clue.Status.REFERRED],
            open=c[Clue.Status.NEW],
        )
        for month, c in sorted(months.items(), reverse=True)
    ]


def filing_list_for_user(user: User) -> QuerySet[Filing]:
    if user.is_authenticated and user.kind == User.Kind.ENTERPRISE:
        scope = Q(
            enterprise__accounts__user_id=user.pk, enterprise__accounts__verified=True
        )
    else:
        scope = case_scope_q(user, "monitoring.view_filing")
    return (
        Filing.objects.filter(scope)
        .select_related("enterprise", "outlet", "instrument", "submitted_by")
        .order_by("-submitted_at", "-pk")
    )


def filing_get_for_user(user: User, pk: int) -> Filing:
    return get_object_or_404(filing_list_for_user(user), pk=pk)


def anomaly_rules() -> list[AnomalyRule]:
    return list(AnomalyRule.objects.select_related("updated_by").order_by("kind"))


# --- Dashboard ------------------------------------------------------------------------


@dataclass(frozen=True)
class Dashboard:
    instruments: int
    online: int
    offline: int
    never: int
    open_clues: int
    clues_this_month: int
    ongoing_exceedances: int
    gateways: list[GatewayState]


def dashboard(user: User, now: datetime | None = None) -> Dashboard:
    now = now or timezone.now()
    links = dict(
        Instrument.objects.filter(data_scope_q(user), status=Instrument.Status.ACTIVE)
        .values_list("link")
        .annotate(n=Count("pk"))
        .values_list("link", "n")
    )
    clues = clue_list_for_user(user).order_by()
    month_start = timezone.localtime(now).replace(
        day=1, hour=0, minute=0, second=0, microsecond=0
    )
    gateways = list(
        GatewayState.objects.filter(beat_at__gte=now - timedelta(minutes=5)).order_by(
            "name"
        )
    )
    return Dashboard(
        instruments=sum(links.values()),
        online=links.get(Instrument.Link.ONLINE, 0),
        offline=links.get(Instrument.Link.OFFLINE, 0),
        never=links.get(Instrument.Link.NEVER, 0),
        open_clues=clues.filter(status=Clue.Status.NEW).count(),
        clues_this_month=clues.filter(detected_at__gte=month_start).count(),
        ongoing_exceedances=exceedance_list_for_user(user).filter(ongoing=True).count(),
        gateways=gateways,
    )


def enterprise_section(user: User, enterprise: Any) -> dict[str, Any]:
    """The monitoring section of an enterprise's file (一企一档)."""
    instruments = list(instruments_of_enterprise(user, enterprise.pk))
    exceedances = list(
        exceedance_list_for_user(user).filter(enterprise=enterprise)[:10]
    )
    clues = list(clue_list_for_user(user).filter(enterprise=enterprise)[:10])
    last = Exceedance.objects.filter(enterprise=enterprise).aggregate(Max("started_at"))
    outlets = []
    if user.is_staff_member and user.has_perm("monitoring.manage_instruments"):
        outlets = list(enterprise.outlets.order_by("code"))
    return {
        "instruments": instruments,
        "outlets": outlets,
        "exceedances": exceedances,
        "clues": clues,
        "last_exceedance": last["started_at__max"],
        "staff": user.is_staff_member,
        "enterprise_id": enterprise.pk,
    }


# --- Drone patrols (A74) -----------------------------------------------------------


@dataclass(frozen=True)
class FlightFilters:
    district_id: int | None = None
    month: date | None = None


def flight_list_for_user(
    user: User, *, filters: FlightFilters | None = None
) -> QuerySet[DroneFlight]:
    """Flights in the user's scope (district, township, unit of the flight);
    staff only: the public and enterprises never see patrols."""
    qs = (
        DroneFlight.objects.filter(case_scope_q(user, "monitoring.view_droneflight"))
        .select_related("district", "township", "unit", "recorded_by")
        .annotate(finding_count=Count("findings"))
    )
    if filters is not None:
        if filters.district_id:
            qs = qs.filter(district_id=filters.district_id)
        if filters.month:
            start = datetime.combine(filters.month, datetime.min.time(), SHANGHAI)
            end_month = (filters.month.replace(day=28) + timedelta(days=4)).replace(
                day=1
            )
            end = datetime.combine(end_month, datetime.min.time(), SHANGHAI)
            qs = qs.filter(started_at__gte=start, started_at__lt=end)
    return qs.order_by("-started_at", "-pk")


def flight_get_for_user(user: User, pk: int) -> DroneFlight:
    return get_object_or_404(flight_list_for_user(user), pk=pk)


def finding_list_for_flight(flight: DroneFlight) -> QuerySet[DroneFinding]:
    """Findings of a flight the caller has already fetched for the user."""
    return (
        DroneFinding.objects.filter(flight=flight)
        .select_related("enterprise", "clue", "recorded_by")
        .order_by("seen_at", "pk")
    )


def finding_get_for_user(user: User, pk: int) -> DroneFinding:
    """A finding, if the user may see its flight, or its clue (a finding about
    an enterprise in another district is pushed to that district)."""
    return get_object_or_404(
        DroneFinding.objects.filter(
            Q(flight__in=flight_list_for_user(user).values("pk"))
            | Q(clue__in=clue_list_for_user(user).values("pk"))
        ).select_related("flight", "enterprise", "clue"),
        pk=pk,
    )


def flight_map(flight: DroneFlight, findings: list[DroneFinding]) -> dict[str, Any]:
    """What the flight page's map draws: the route or area, and the findings."""
    return {
        "route": flight.route,
        "findings": [
            {
                "lng": float(finding.longitude),
                "lat": float(finding.latitude),
                "label": f"{finding.get_kind_display()} "
                f"{timezone.localtime(finding.seen_at):%H:%M}",
            }
            for finding in findings
        ],
        "datum": "WGS-84",
    }


# --- Permitted totals (D14) -------------------------------------------------------


def allowance_list_for_enterprise(
    user: User, enterprise_id: int
) -> QuerySet[DischargeAllowance]:
    if not enterprise_in_scope(user, enterprise_id):
        return DischargeAllowance.objects.none()
    return DischargeAllowance.objects.filter(
        enterprise_id=enterprise_id
    ).select_related("permit")


def discharge_flag_list_for_user(user: User) -> QuerySet[DischargeFlag]:
    """Flags of enterprises in the user's monitoring data scope (staff only)."""
    if not user.is_authenticated or not user.is_staff_member:
        return DischargeFlag.objects.none()
    return (
        DischargeFlag.objects.filter(data_scope_q(user))
        .select_related("enterprise", "enterprise__district", "clue")
        .order_by("-detected_at", "-pk")
    )


# --- Facility failures reported by the enterprise (A98) -----------------------------


def failure_list_for_user(user: User) -> QuerySet[FacilityFailure]:
    """The enterprise sees its own reports; staff those of enterprises in their
    data scope (the enterprise's district, township or supervising unit)."""
    return (
        FacilityFailure.objects.filter(data_scope_q(user))
        .select_related("enterprise", "outlet", "reported_by")
        .order_by("-began_at", "-pk")
    )


def failure_get_for_user(user: User, pk: int) -> FacilityFailure:
    return get_object_or_404(failure_list_for_user(user), pk=pk)


def failures_overlapping(
    enterprise_id: int, started_at: datetime, ended_at: datetime | None
) -> QuerySet[FacilityFailure]:
    """Reports of the enterprise whose failure overlaps the stretch: began before
    it ended and had not ended before it began (an open failure still runs).
    Called for objects already fetched through a scoped selector."""
    qs = FacilityFailure.objects.filter(enterprise_id=enterprise_id)
    if ended_at is not None:
        qs = qs.filter(began_at__lte=ended_at)
    return (
        qs.filter(Q(ended_at__isnull=True) | Q(ended_at__gte=started_at))
        .select_related("outlet")
        .order_by("began_at", "pk")
    )


def failure_reports_around(
    user: User, enterprise_id: int, start: datetime, end: datetime
) -> list[enterprise_selectors.FailureReport]:
    """The enterprise's reports this person may see overlapping start–end, in the
    shape the enterprise file shows beside a facility's stop (registered as
    `enterprises.selectors.register_failure_lookup` in `MonitoringConfig.ready()`)."""
    from django.urls import reverse

    failures = (
        FacilityFailure.objects.filter(data_scope_q(user))
        .filter(enterprise_id=enterprise_id, began_at__lte=end)
        .filter(Q(ended_at__isnull=True) | Q(ended_at__gte=start))
        .order_by("began_at", "pk")
    )
    reports = []
    for failure in failures:
        began = failure.began_at.astimezone(SHANGHAI)
        if failure.ended_at is None:
            ended = "，尚未排除"
        else:
            ended = f"至{failure.ended_at.astimezone(SHANGHAI):%Y-%m-%d %H:%M}"
        reports.append(
            enterprise_selectors.FailureReport(
                id=failure.pk,
                label=f"{failure.number} {failure.facility}故障（"
                f"{began:%Y-%m-%d %H:%M}起{ended}）",
                began_at=failure.began_at,
                ended_at=failure.ended_at,
                url=reverse("monitoring:failure-detail", args=[failure.pk]),
            )
        )
    return reports


def failures_for_enterprise(enterprise_id: int) -> QuerySet[FacilityFailure]:
    """All reports of one enterprise, newest first (the enforcement module's
    minor-violation check, for a case already in the caller's scope)."""
    return FacilityFailure.objects.filter(enterprise_id=enterprise_id).order_by(
        "-began_at", "-pk"
    )
