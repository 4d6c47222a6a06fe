"""The hourly evaluation (`manage.py evaluate_monitoring`): exceedance episodes
and anomalies from the instruments' hourly data, each pushed as a clue.

Each instrument is evaluated in its own transaction, which first claims the
hours it evaluates by a conditional update of `evaluated_until`: two runs never
evaluate the same hours, and a failed run leaves them for the next.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from ecobureau.enterprises.models import EmissionLimit
from ecobureau.lib.dates import SHANGHAI
from ecobureau.lib.rules import minor_exceedance

from ..models import (
    Anomaly,
    AnomalyRule,
    Clue,
    Exceedance,
    Frame,
    Instrument,
    Reading,
    SummaryReading,
)
from . import anomaly_rules
from .anomaly_rules import HOUR, Context, Finding, Hour, LimitAt
from .clues import clue_open, clue_title

GRACE = timedelta(minutes=15)  # an hour's 2061 packet arrives after the hour
FIRST_WINDOW = timedelta(hours=48)  # a newly connected instrument: look back 2 days
MAX_WINDOW = timedelta(days=7)  # a long backlog is worked off a week per run
LOOKBACK = timedelta(hours=24)  # context before the window for the anomaly checks
STATS_FIELDS = ("Avg", "ZsAvg", "Min", "Max")


@dataclass
class Result:
    instruments: int = 0
    hours: int = 0
    exceedances_opened: int = 0
    exceedances_extended: int = 0
    anomalies: Counter[str] = field(default_factory=Counter)
    clues: int = 0

    def summary(self) -> str:
        anomalies = "，".join(
            f"{AnomalyRule.Kind(kind).label}{n}"
            for kind, n in sorted(self.anomalies.items())
        )
        return (
            f"评估设施{self.instruments}台、{self.hours}小时；新超标时段{self.exceedances_opened}个，"
            f"延续{self.exceedances_extended}个；异常{sum(self.anomalies.values())}条"
            f"{'（' + anomalies + '）' if anomalies else ''}；推送线索{self.clues}条"
        )


def floor_hour(moment: datetime) -> datetime:
    local = moment.astimezone(SHANGHAI)
    return local.replace(minute=0, second=0, microsecond=0)


def _hour_of(moment: datetime) -> datetime:
    """The hour a stored time falls in. China's offset is a whole number of
    hours, so the UTC hour is the local hour (aware datetimes compare and hash
    by instant): no time-zone conversion per row."""
    return moment.replace(minute=0, second=0, microsecond=0)


def evaluate(
    *,
    now: datetime | None = None,
    instruments: list[int] | None = None,
    start: datetime | None = None,
) -> Result:
    """Evaluate every active instrument's complete hours not yet evaluated.

    `start` evaluates from that hour for instruments never evaluated (a demo's
    back-filled history); otherwise the first window is the last 48 hours.
    """
    now = now or timezone.now()
    until = floor_hour(now - GRACE)
    result = Result()
    rules = {
        rule.kind: rule for rule in anomaly_rules.anomaly_rules_ensure() if rule.enabled
    }
    candidates = Instrument.objects.filter(
        status=Instrument.Status.ACTIVE, last_seen_at__isnull=False
    ).filter(Q(evaluated_until__isnull=True) | Q(evaluated_until__lt=until))
    if instruments is not None:
        candidates = candidates.filter(pk__in=instruments)
    for pk in list(candidates.values_list("pk", flat=True)):
        _evaluate_one(pk, until, start, rules, result)
    return result


@transaction.atomic
def _evaluate_one(
    pk: int,
    until: datetime,
    start: datetime | None,
    rules: dict[str, AnomalyRule],
    result: Result,
) -> None:
    instrument = Instrument.objects.select_related("enterprise", "outlet").get(pk=pk)
    old = instrument.evaluated_until
    begin = old or (floor_hour(start) if start else until - FIRST_WINDOW)
    end = min(until, begin + MAX_WINDOW)
    if begin >= end:
        return
    claimed = Instrument.objects.filter(pk=pk, evaluated_until=old).update(
        evaluated_until=end
    )
    if not claimed:
        return  # another run took these hours
    result.instruments += 1
    result.hours += int((end - begin) / HOUR)
    hours = hourly(instrument.pk, begin - LOOKBACK, end)
    limits = _limits(instrument)
    _exceedances(instrument, hours, limits, begin, end, result)
    if rules:
        ctx = Context(
            start=begin,
            end=end,
            hours=hours,
            limit_at=lambda code, at: _limit_at(limits, code, at),
            hours_with_data=_hours_with_data(instrument.pk, begin, end),
            had_data_before=old is not None
            or Frame.objects.filter(
                instrument_id=instrument.pk, data_time__lt=begin
            ).exists(),
            drifts=_drifts(instrument.pk, begin, end),
        )
        for kind, rule in rules.items():
            for finding in anomaly_rules.CHECKS[kind](ctx, rule.params):
                if finding.ended_at > begin:
                    _anomaly(instrument, rule, finding, result)


# --- Hourly data ---------------------------------------------------------------------


def _decimal(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(repr(value))


def hourly(instrument_id: int, start: datetime, end: datetime) -> dict[str, list[Hour]]:
    """Hours per pollutant over [start, end): the instrument's own hourly data
    (2061), else means of its minute data (2051) where it sends no hourly data."""
    rows = SummaryReading.objects.filter(
        instrument_id=instrument_id,
        cn=2061,
        data_time__gte=start,
        data_time__lt=end,
        field__in=STATS_FIELDS,
    ).values_list("code", "data_time", "field", "value", "flag")
    cells: dict[tuple[str, datetime], dict[str, Any]] = defaultdict(dict)
    for code, at, name, value, flag in rows:
        cell = cells[(code, _hour_of(at))]
        cell[name] = _decimal(value)
        cell["flag"] = flag
    if not cells:
        cells = _from_minutes(instrument_id, start, end)
    series: dict[str, list[Hour]] = defaultdict(list)
    for (code, at), cell in sorted(cells.items()):
        series[code].append(
            Hour(
                at=at,
                avg=cell.get("Avg"),
                zs_avg=cell.get("ZsAvg"),
                low=cell.get("Min"),
                high=cell.get("Max"),
                flag=cell.get("flag", ""),
            )
        )
    return dict(series)


def _from_minutes(
    instrument_id: int, start: datetime, end: datetime
) -> dict[tuple[str, datetime], dict[str, Any]]:
    """Hourly means of minute data; an hour is valid ("N") when at least 75 % of
    its minutes are (the flue-gas rule in HJ 212-2017's notes to C.16–C.18),
    else it takes its most frequent abnormal flag."""
    rows = Reading.objects.filter(
        instrument_id=instrument_id,
        cn=2051,
        data_time__gte=start,
        data_time__lt=end,
        field__in=("Avg", "ZsAvg"),
        value__isnull=False,
    ).values_list("code", "data_time", "field", "value", "flag")
    groups: dict[tuple[str, datetime], dict[str, list[Any]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for code, at, name, value, flag in rows:
        group = groups[(code, _hour_of(at))]
        group[name].append(Decimal(repr(value)))
        if name == "Avg":
            group["flags"].append(flag)
    cells: dict[tuple[str, datetime], dict[str, Any]] = {}
    for key, group in groups.items():
        flags = group["flags"]
        valid = [f for f in flags if f in anomaly_rules.VALID_FLAGS]
        flag = "N"
        if flags and len(valid) < 0.75 * len(flags):
            flag = Counter(
                f for f in flags if f not in anomaly_rules.VALID_FLAGS
            ).most_common(1)[0][0]
        cell: dict[str, Any] = {"flag": flag}
        for name in ("Avg", "ZsAvg"):
            if group[name]:
                cell[name] = sum(group[name]) / len(group[name])
        if group["Avg"]:
            cell["Min"], cell["Max"] = min(group["Avg"]), max(group["Avg"])
        cells[key] = cell
    return cells


def _hours_with_data(
    instrument_id: int, start: datetime, end: datetime
) -> set[datetime]:
    times = Frame.objects.filter(
        instrument_id=instrument_id, data_time__gte=start, data_time__lt=end
    ).values_list("data_time", flat=True)
    return {_hour_of(at) for at in times}


def _drifts(instrument_id: int, start: datetime, end: datetime) -> list[timedelta]:
    rows = Frame.objects.filter(
        instrument_id=instrument_id, cn=2011, data_time__gte=start, data_time__lt=end
    ).values_list("data_time", "received_at")[:2000]
    return [received - at for at, received in rows]


# --- Limits ---------------------------------------------------------------------------


def _limits(instrument: Instrument) -> dict[str, list[EmissionLimit]]:
    by_code: dict[str, list[EmissionLimit]] = defaultdict(list)
    for limit in EmissionLimit.objects.filter(outlet_id=instrument.outlet_id).order_by(
        "-effective_from"
    ):
        by_code[limit.pollutant_code].append(limit)
    return by_code


def _effective(
    limits: dict[str, list[EmissionLimit]], code: str, at: datetime
) -> EmissionLimit | None:
    day: date = at.astimezone(SHANGHAI).date()
    for limit in limits.get(code, ()):
        if limit.effective_from <= day and (
            limit.effective_to is None or day <= limit.effective_to
        ):
            return limit
    return None


def _limit_at(
    limits: dict[str, list[EmissionLimit]], code: str, at: datetime
) -> LimitAt | None:
    limit = _effective(limits, code, at)
    if limit is None:
        return None
    return LimitAt(limit.limit_value, limit.basis == EmissionLimit.Basis.CONVERTED)


# --- Exceedance episodes -----------------------------------------------------------------


def _exceedances(
    instrument: Instrument,
    hours: dict[str, list[Hour]],
    limits: dict[str, list[EmissionLimit]],
    begin: datetime,
    end: datetime,
    result: Result,
) -> None:
    for code in sorted(set(hours) & set(limits)):
        episode = (
            Exceedance.objects.filter(instrument=instrument, code=code, ongoing=True)
            .order_by("-started_at")
            .first()
        )
        for hour in hours[code]:
            if hour.at < begin:
                continue
            limit = _effective(limits, code, hour.at)
            value = _hourly_value(hour, limit)
            exceeds = (
                limit is not None
                and value is not None
                and hour.valid
                and value > limit.limit_value
            )
            if not exceeds:
                if episode is not None:
                    _close(episode)
                    episode = None
                continue
            assert limit is not None and value is not None
            if (
                episode is not None
                and episode.ended_at == hour.at
                and episode.limit_id == limit.pk
            ):
                _extend(episode, hour, value)
                result.exceedances_extended += 1
            else:
                if episode is not None:
                    _close(episode)
                episode = _open(instrument, code, limit, hour, value)
                result.exceedances_opened += 1
                result.clues += 1
        if episode is not None and episode.ended_at < end and episode.ongoing:
            # The episode's next hour was not an exceeding one (missing data).
            _close(episode)


def _hourly_value(hour: Hour, limit: EmissionLimit | None) -> Decimal | None:
    """The hourly mean judged against the limit: converted (ZsAvg) when the
    limit is on the converted concentration, else the measured mean."""
    if limit is None:
        return None
    if limit.basis == EmissionLimit.Basis.CONVERTED:
        return hour.zs_avg
    return hour.avg


def _multiple(value: Decimal, limit: Decimal) -> Decimal:
    return ((value - limit) / limit).quantize(Decimal("0.0001"))


def _open(
    instrument: Instrument, code: str, limit: EmissionLimit, hour: Hour, value: Decimal
) -> Exceedance:
    episode = Exceedance(
        instrument=instrument,
        enterprise_id=instrument.enterprise_id,
        outlet_id=instrument.outlet_id,
        limit=limit,
        code=code,
        pollutant_name=limit.pollutant_name,
        unit=limit.unit,
        field="ZsAvg" if limit.basis == EmissionLimit.Basis.CONVERTED else "Avg",
        limit_value=limit.limit_value,
        started_at=hour.at,
        ended_at=hour.at + HOUR,
        hours=1,
        max_value=value,
        max_multiple=_multiple(value, limit.limit_value),
        saturated=hour.flag == "T",
        ongoing=True,
    )
    _minor_check(episode)
    episode.save()
    clue_open(
        instrument=instrument,
        title=_title(instrument, episode),
        detected_at=hour.at + HOUR,
        exceedance=episode,
    )
    return episode


def _extend(episode: Exceedance, hour: Hour, value: Decimal) -> None:
    episode.ended_at = hour.at + HOUR
    episode.hours += 1
    if value > episode.max_value:
        episode.max_value = value
        episode.max_multiple = _multiple(value, episode.limit_value)
    episode.saturated = episode.saturated or hour.flag == "T"
    _minor_check(episode)
    episode.save()
    Clue.objects.filter(exceedance=episode).update(
        title=_title(episode.instrument, episode)[:200], updated_at=timezone.now()
    )


def _close(episode: Exceedance) -> None:
    episode.ongoing = False
    episode.save(update_fields=["ongoing", "updated_at"])


def _title(instrument: Instrument, episode: Exceedance) -> str:
    what = (
        f"{episode.pollutant_name}小时均值超标{episode.hours}小时，"
        f"最大超标{episode.max_multiple.normalize():f}倍"
    )
    return clue_title(
        enterprise_name=instrument.enterprise.name,
        outlet_code=instrument.outlet.code,
        what=what,
        at=episode.started_at,
    )


def lookback_months() -> int:
    """How far back "首次被发现" looks (setting MINOR_VIOLATION_LOOKBACK_MONTHS,
    default 12; 示例配置, reference/rules.md 3.3)."""
    return int(getattr(settings, "MINOR_VIOLATION_LOOKBACK_MONTHS", 12))


def _minor_check(episode: Exceedance) -> None:
    since = episode.started_at - timedelta(days=30 * lookback_months())
    prior = (
        Exceedance.objects.filter(
            enterprise_id=episode.enterprise_id,
            started_at__gte=since,
            started_at__lt=episode.started_at,
        )
        .exclude(clue__status=Clue.Status.DISMISSED)
        .count()
    )
    decision = minor_exceedance.decide(
        episode.code, episode.hours, episode.max_value, episode.limit_value, prior
    )
    episode.minor_eligible = decision["eligible"]
    episode.minor = {
        "prior_episodes": prior,
        "conditions": decision["conditions"],
        "explain": decision["explain"],
        "rule": "minor-exceedance",
    }


# --- Anomalies ---------------------------------------------------------------------------


def _anomaly(
    instrument: Instrument, rule: AnomalyRule, finding: Finding, result: Result
) -> None:
    """Record a finding: extend the anomaly it continues, else open one (and its
    clue)."""
    existing = (
        Anomaly.objects.filter(
            kind=finding.kind,
            instrument=instrument,
            code=finding.code,
            started_at__lte=finding.ended_at,
            ended_at__gte=finding.started_at,
        )
        .order_by("-started_at")
        .first()
    )
    if existing is not None:
        if finding.ended_at > existing.ended_at:
            existing.ended_at = finding.ended_at
            existing.detail = finding.detail[:300]
            existing.save(update_fields=["ended_at", "detail", "updated_at"])
        return
    anomaly = Anomaly.objects.create(
        kind=finding.kind,
        instrument=instrument,
        enterprise_id=instrument.enterprise_id,
        outlet_id=instrument.outlet_id,
        code=finding.code,
        started_at=finding.started_at,
        ended_at=finding.ended_at,
        detail=finding.detail[:300],
        reason=rule.reason,
        params=rule.params,
    )
    result.anomalies[finding.kind] += 1
    result.clues += 1
    clue_open(
        instrument=instrument,
        title=clue_title(
            enterprise_name=instrument.enterprise.name,
            outlet_code=instrument.outlet.code,
            what=f"{rule.get_kind_display()}：{finding.detail}",
            at=finding.started_at,
        ),
        detected_at=min(finding.ended_at, timezone.now()),
        anomaly=anomaly,
    )
