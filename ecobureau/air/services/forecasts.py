"""The daily forecast: drafted at 14:00, reviewed in consultation (会商),
published before 15:00, scored once its days are observed."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.casework import services as casework
from ecobureau.casework.models import Clock
from ecobureau.core import records
from ecobureau.lib import air_forecast, air_scoring
from ecobureau.lib import aqi as aqi_lib
from ecobureau.lib.dates import SHANGHAI, local_date

from .. import selectors
from ..models import City, DailyValue, Forecast, ForecastDay, ForecastModel
from ..processes import FORECAST

# seed 000 信息公开制度: "每日15点前在辽宁省空气质量预报预警系统平台公布".
PUBLISH_BY = time(15, 0)
CLOCK_STEP = "publication"
CLOCK_LABEL = "预报发布时限（每日15:00前）"
CLOCK_BASIS = "鞍山市生态环境局信息公开制度：空气质量预报每日15点前在辽宁省空气质量预报预警系统平台公布"
PRIMARY_CHOICES = (
    aqi_lib.PM25,
    aqi_lib.PM10,
    aqi_lib.O3,
    aqi_lib.NO2,
    aqi_lib.SO2,
    aqi_lib.CO,
)


def range_width() -> int:
    # A range no wider than 30 AQI points (示例配置; DB21/T 4068—2024 §4.4 limits
    # the span, its value was not read: reference/aqi.md §2.2).
    return int(getattr(settings, "AIR_FORECAST_RANGE_WIDTH", air_forecast.RANGE_WIDTH))


def max_adjusted_width() -> int:
    return int(getattr(settings, "AIR_FORECAST_MAX_WIDTH", 50))


def forecast_unit() -> Unit | None:
    """The unit whose forecasters receive the day's forecast (the monitoring
    centre publishes it: seed 000 空气质量预报 受理机构)."""
    code = getattr(settings, "AIR_FORECAST_UNIT", "monitoring-centre")
    return Unit.objects.filter(code=code).first()


# --- Models -------------------------------------------------------------------------


def model_train(
    *,
    city: City,
    end: date,
    with_weather: bool = False,
    history_days: int = 3 * 365 + 1,
    by: User | None = None,
) -> ForecastModel:
    """Train the city's model on the days before `end` (at most `history_days`),
    with the AQI of the standard in force on `end`, and store it."""
    standard = aqi_lib.standard_for(end)
    span = selectors.observation_span(city)
    start = end - timedelta(days=history_days)
    if span is not None:
        start = max(start, span[0])
    series = selectors.city_series(
        city, start=start, end=end - timedelta(days=1), standard=standard
    )
    config = air_forecast.TrainingConfig(range_width=range_width())
    model = air_forecast.train(
        series, end=end, with_weather=with_weather, config=config
    )
    with transaction.atomic():
        row = ForecastModel.objects.create(
            city=city,
            with_weather=with_weather,
            version=model.version,
            standard=model.standard,
            trained_from=model.trained_from,
            trained_to=model.trained_to,
            training_days=model.training_days,
            fallback=model.fallback,
            params=model.to_json(),
        )
        records.append(
            action="air.model.train",
            target=city,
            actor=by,
            data={
                "model": row.pk,
                "training_days": model.training_days,
                "with_weather": with_weather,
                "fallback": model.fallback,
            },
        )
    return row


def _usable_model(city: City, issue: date, *, with_weather: bool) -> ForecastModel:
    """The latest model, retrained when missing, older than the maximum age,
    or trained under another standard than the one of the target days."""
    latest = selectors.model_latest(city, with_weather=with_weather)
    max_age = int(getattr(settings, "AIR_MODEL_MAX_AGE_DAYS", 30))
    standard = aqi_lib.standard_for(issue + timedelta(days=1))
    if (
        latest is None
        or latest.standard != standard
        or (issue - latest.trained_to).days > max_age
    ):
        latest = model_train(city=city, end=issue, with_weather=with_weather)
    return latest


def snapshot_for(city: City, issue: date, cutoff_hour: int) -> air_forecast.Snapshot:
    """What is known at the cut-off of `issue`: the same view a backtest gets."""
    standard = aqi_lib.standard_for(issue + timedelta(days=1))
    series = selectors.city_series(
        city, start=issue - timedelta(days=2), end=issue, standard=standard
    )
    return series.snapshot(issue, cutoff_hour=cutoff_hour)


# --- The 14:00 job ------------------------------------------------------------------


def forecast_create(
    *, city: City, issue: date, now: datetime | None = None
) -> Forecast:
    """Draft the 7-day forecast of `city` for the issue day (idempotent).

    1. Pick the model (with the meteorological bureau's forecast when one was
       imported for the issue day), retraining it when stale.
    2. Forecast from what is known now (hours before the cut-off).
    3. Create the forecast and its days, start it in 待会商 with the 15:00
       clock, and put it on the forecasters' workbench.
    """
    existing = Forecast.objects.filter(city=city, issue_date=issue).first()
    if existing is not None:
        return existing
    now = now or timezone.now()
    weather = selectors.weather_for_issue(city, issue)
    row = _usable_model(city, issue, with_weather=weather is not None)
    model = air_forecast.Model.from_json(row.params)
    cutoff = model.cutoff_hour
    if local_date(now) == issue:
        # Made earlier than the job's hour (by hand): only the hours before now.
        cutoff = min(cutoff, now.astimezone(SHANGHAI).hour)
    snap = snapshot_for(city, issue, cutoff)
    if weather is not None:
        snap.weather = weather
    days = air_forecast.forecast(model, snap)
    note = _method_note(model, days, weather is not None)
    return _store(city, issue, model, days, note, weather is not None, now)


def _method_note(
    model: air_forecast.Model, days: Sequence[air_forecast.DayForecast], weather: bool
) -> str:
    if model.fallback:
        return f"历史数据不足（有效{model.training_days}天），按持续法预报"
    methods = {"model": "统计模型", "climatology": "月气候态", "persistence": "持续法"}
    used = "、".join(dict.fromkeys(methods[d.method] for d in days))
    source = "，使用气象部门天气预报" if weather else ""
    return f"{used}（训练至{model.trained_to}）{source}"


@transaction.atomic
def _store(
    city: City,
    issue: date,
    model: air_forecast.Model,
    days: Sequence[air_forecast.DayForecast],
    note: str,
    weather: bool,
    now: datetime,
) -> Forecast:
    unit = forecast_unit()
    forecast = Forecast.objects.create(
        city=city,
        issue_date=issue,
        model_version=model.version,
        method_note=note[:200],
        used_weather=weather,
        standard=aqi_lib.standard_for(issue + timedelta(days=1)),
        unit=unit,
    )
    ForecastDay.objects.bulk_create(
        [
            ForecastDay(
                forecast=forecast,
                lead=d.lead,
                target_date=d.target,
                model_low=d.low,
                model_high=d.high,
                model_primary=list(d.primary),
                model_method=d.method,
                concentrations=d.concentrations,
                low=d.low,
                high=d.high,
                primary=list(d.primary),
            )
            for d in days
        ]
    )
    casework.case_start(process=FORECAST, case=forecast, step="draft", by=None)
    clock = _clock_start(forecast, issue, now)
    _open_item(forecast, "draft", clock)
    return forecast


def _clock_start(forecast: Forecast, issue: date, now: datetime) -> Clock:
    """The "before 15:00" clock. Counted in hours from the whole hour the draft
    was made (from 14:00 for the job), so it falls due at 15:00 every day of
    the week; a draft made after 15:00 is late from the start."""
    deadline = datetime.combine(issue, PUBLISH_BY, tzinfo=SHANGHAI)
    started = now.astimezone(SHANGHAI).replace(minute=0, second=0, microsecond=0)
    if started >= deadline:
        started = deadline - timedelta(hours=1)
    hours = int((deadline - started).total_seconds() // 3600)
    return casework.clock_start(
        target=forecast,
        step=CLOCK_STEP,
        label=CLOCK_LABEL,
        amount=hours,
        unit=Clock.Unit.HOURS,
        basis=CLOCK_BASIS,
        started_at=started,
        by=None,
        responsible_unit=forecast.unit,
    )


def _open_item(forecast: Forecast, step: str, clock: Clock | None) -> None:
    titles = {"draft": f"{forecast}待会商", "reviewed": f"{forecast}待发布"}
    casework.workitem_open(
        kind=FORECAST.model,
        target=forecast,
        title=titles[step],
        step=step,
        step_label=FORECAST.step(step).label,
        unit=forecast.unit,
        clock=clock,
    )


def _open_clock(forecast: Forecast) -> Clock | None:
    return Clock.objects.filter(
        target_type="air.forecast",
        target_id=forecast.pk,
        step=CLOCK_STEP,
        state__in=Clock.OPEN_STATES,
    ).first()


# --- 会商 and publication -------------------------------------------------------------


@dataclass(frozen=True)
class DayEdit:
    """A forecaster's change to one lead day: the range, the primary pollutant
    and why."""

    lead: int
    low: int
    high: int
    primary: tuple[str, ...]
    reason: str = ""


@transaction.atomic
def forecast_review(
    *, forecast: Forecast, by: User, opinion: str, edits: Sequence[DayEdit] = ()
) -> Forecast:
    """Record the consultation (会商): adjust days, each with a reason, and the
    overall opinion; the forecast then waits for publication."""
    if not opinion.strip():
        raise ValidationError("请填写会商意见。")
    days = {d.lead: d for d in forecast.days.all()}
    problems: list[str] = []
    changed: list[ForecastDay] = []
    for edit in edits:
        day = days.get(edit.lead)
        if day is None:
            problems.append(f"第{edit.lead}天不在本次预报中")
            continue
        primary = [p for p in PRIMARY_CHOICES if p in edit.primary]
        if (edit.low, edit.high, primary) == (day.low, day.high, list(day.primary)):
            continue
        problems.extend(_check_edit(edit, day))
        day.low, day.high, day.primary = edit.low, edit.high, primary
        day.adjust_reason = edit.reason.strip()
        changed.append(day)
    if problems:
        raise ValidationError(problems)
    ForecastDay.objects.bulk_update(
        changed, ["low", "high", "primary", "adjust_reason"]
    )
    casework.case_transition(
        process=FORECAST,
        case=forecast,
        transition="review",
        by=by,
        changes={"review_reason": opinion.strip(), "reviewed_at": timezone.now()},
        note=f"调整{len(changed)}天" if changed else "未调整",
    )
    _open_item(forecast, "reviewed", _open_clock(forecast))
    return forecast


def _check_edit(edit: DayEdit, day: ForecastDay) -> list[str]:
    label = f"第{edit.lead}天（{day.target_date:%m月%d日}）"
    problems = []
    if not 0 <= edit.low <= edit.high <= 500:
        problems.append(f"{label}AQI范围应满足 0 ≤ 下限 ≤ 上限 ≤ 500")
    elif edit.high - edit.low > max_adjusted_width():
        problems.append(f"{label}AQI范围宽度不得超过{max_adjusted_width()}")
    if not edit.reason.strip():
        problems.append(f"{label}调整了模型预报，须填写调整理由")
    if (edit.low + edit.high) // 2 > 50 and not edit.primary:
        problems.append(f"{label}AQI大于50时须填写首要污染物（HJ 633—2026 第4.3.1条）")
    return problems


@transaction.atomic
def forecast_reopen(*, forecast: Forecast, by: User, note: str = "") -> Forecast:
    casework.case_transition(
        process=FORECAST, case=forecast, transition="reopen", by=by, note=note
    )
    _open_item(forecast, "draft", _open_clock(forecast))
    return forecast


@transaction.atomic
def forecast_publish(*, forecast: Forecast, by: User) -> Forecast:
    """Publish: the forecast goes to the portal and the API, the 15:00 clock
    stops (met, or missed — which opens an accountability follow-up), and a
    warning is proposed if the forecast meets the grading."""
    from .warnings import warning_propose_from_forecast

    now = timezone.now()
    casework.case_transition(
        process=FORECAST,
        case=forecast,
        transition="publish",
        by=by,
        changes={"published_at": now},
    )
    clock = _open_clock(forecast)
    if clock is not None:
        casework.clock_stop(clock=clock, by=by, at=now)
    warning_propose_from_forecast(forecast=forecast)
    return forecast


# --- Scoring ------------------------------------------------------------------------


def forecasts_score(*, today: date) -> int:
    """Score every published forecast day before `today` whose city day has an
    observed AQI (the standard in force on that day). Safe to rerun: a day is
    scored once, claimed with a conditional update."""
    pending = ForecastDay.objects.filter(
        scored_at__isnull=True,
        forecast__status=Forecast.Status.PUBLISHED,
        target_date__lt=today,
    ).select_related("forecast")
    observed = {
        (v.city_id, v.date): v
        for v in DailyValue.objects.filter(
            station__isnull=True,
            aqi__isnull=False,
            date__in=pending.values("target_date"),
        )
    }
    scored = 0
    now = timezone.now()
    for day in pending:
        value = observed.get((day.forecast.city_id, day.target_date))
        if value is None or value.aqi is None:
            continue
        score = air_scoring.score_day(
            low=day.low,
            high=day.high,
            primary=day.primary,
            observed=value.aqi,
            observed_primary=value.primary,
        )
        scored += ForecastDay.objects.filter(pk=day.pk, scored_at__isnull=True).update(
            observed_aqi=value.aqi,
            observed_primary=value.primary,
            range_hit=score.range_hit,
            level_range_hit=score.level_range_hit,
            level_strict_hit=score.level_strict_hit,
            primary_hit=score.primary_hit,
            error=score.error,
            scored_at=now,
        )
    return scored


def forecasts_run(*, now: datetime | None = None) -> list[Forecast]:
    """The 14:00 job: today's forecast for every city that is forecast."""
    now = now or timezone.now()
    issue = local_date(now)
    return [
        forecast_create(city=city, issue=issue, now=now)
        for city in City.objects.filter(forecast_enabled=True).order_by("code")
    ]
