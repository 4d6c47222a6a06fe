"""JSON API of this module, mounted at /api/air/ (ecobureau/api.py).

Published forecasts, daily AQI and warnings are public (no log-in); a forecast
still being drafted is shown to staff in scope only.
"""

from __future__ import annotations

from datetime import date, timedelta

from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema

from ecobureau.accounts.http import AppRequest
from ecobureau.core.api_errors import NOT_FOUND

from . import selectors
from .models import City, DailyValue, Forecast, ForecastDay, Warning

router = Router(tags=["空气质量"])


class DaySchema(Schema):
    lead: int
    date: date
    aqi_low: int
    aqi_high: int
    level: str
    primary: list[str]

    @staticmethod
    def from_day(day: ForecastDay) -> DaySchema:
        return DaySchema(
            lead=day.lead,
            date=day.target_date,
            aqi_low=day.low,
            aqi_high=day.high,
            level=day.level_label,
            primary=list(day.primary),
        )


class ForecastSchema(Schema):
    id: int
    city: str
    city_name: str
    issue_date: date
    status: str
    standard: str
    published_at: str | None
    days: list[DaySchema]

    @staticmethod
    def from_forecast(forecast: Forecast) -> ForecastSchema:
        return ForecastSchema(
            id=forecast.pk,
            city=forecast.city.code,
            city_name=forecast.city.name,
            issue_date=forecast.issue_date,
            status=forecast.status,
            standard=forecast.standard,
            published_at=forecast.published_at.isoformat()
            if forecast.published_at
            else None,
            days=[DaySchema.from_day(d) for d in forecast.days.all()],
        )


class DailySchema(Schema):
    date: date
    aqi: int | None
    level: int | None
    primary: list[str]
    standard: str
    pm25: float | None
    pm10: float | None
    o3_8h: float | None

    @staticmethod
    def from_value(value: DailyValue) -> DailySchema:
        return DailySchema(
            date=value.date,
            aqi=value.aqi,
            level=value.level,
            primary=list(value.primary),
            standard=value.standard,
            pm25=value.pm25,
            pm10=value.pm10,
            o3_8h=value.o3_8h,
        )


class WarningSchema(Schema):
    id: int
    city: str
    level: str
    level_label: str
    status: str
    starts_on: date
    ends_on: date
    published_at: str | None
    lifted_at: str | None

    @staticmethod
    def from_warning(w: Warning) -> WarningSchema:
        return WarningSchema(
            id=w.pk,
            city=w.city.code,
            level=w.level,
            level_label=w.get_level_display(),
            status=w.status,
            starts_on=w.starts_on,
            ends_on=w.ends_on,
            published_at=w.published_at.isoformat() if w.published_at else None,
            lifted_at=w.lifted_at.isoformat() if w.lifted_at else None,
        )


def _city(code: str | None) -> City:
    city = selectors.city_get(code) if code else selectors.home_city()
    if city is None:
        raise Http404("没有城市")
    return city


@router.get(
    "/forecast/latest",
    response={200: ForecastSchema, **NOT_FOUND},
    auth=None,
    summary="最新发布的7天预报（city 不存在或尚无预报时 404）",
)
def forecast_latest(request: AppRequest, city: str | None = None) -> ForecastSchema:
    forecast = selectors.forecast_latest_public(_city(city))
    if forecast is None:
        raise Http404("暂无已发布的预报")
    return ForecastSchema.from_forecast(forecast)


@router.get(
    "/forecasts",
    response={200: list[ForecastSchema], **NOT_FOUND},
    auth=None,
    summary="已发布预报存档（city 不存在时 404）",
)
def forecast_archive(
    request: AppRequest, city: str | None = None, since: date | None = None
) -> list[ForecastSchema]:
    forecasts = selectors.forecast_archive_public(_city(city)).select_related("city")
    if since is not None:
        forecasts = forecasts.filter(issue_date__gte=since)
    return [ForecastSchema.from_forecast(f) for f in forecasts[:366]]


@router.get(
    "/forecasts/{forecast_id}",
    response=ForecastSchema,
    summary="预报（含待会商，限工作人员数据范围）",
)
def forecast_detail(request: AppRequest, forecast_id: int) -> ForecastSchema:
    return ForecastSchema.from_forecast(
        selectors.forecast_get_for_user(request.user, forecast_id)
    )


@router.get(
    "/daily",
    response={200: list[DailySchema], **NOT_FOUND},
    auth=None,
    summary="城市日AQI（city 不存在时 404）",
)
def daily(
    request: AppRequest,
    city: str | None = None,
    start: date | None = None,
    end: date | None = None,
) -> list[DailySchema]:
    place = _city(city)
    latest = selectors.latest_city_day(place)
    end = end or (latest.date if latest else timezone.localdate())
    start = start or end - timedelta(days=30)
    if (end - start).days > 366:
        start = end - timedelta(days=366)
    return [DailySchema.from_value(v) for v in selectors.daily_city(place, start, end)]


@router.get(
    "/warnings", response=list[WarningSchema], auth=None, summary="重污染天气预警"
)
def warnings(request: AppRequest) -> list[WarningSchema]:
    return [WarningSchema.from_warning(w) for w in selectors.warnings_public()[:100]]
