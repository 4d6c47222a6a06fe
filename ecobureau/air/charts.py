"""The module's pictures: selectors' data drawn by lib.svg_charts (SVG made on
the server, so pages work offline and without JavaScript)."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ecobureau.lib import svg_charts

from . import selectors
from .models import City, DailyValue


def aqi_calendar(city: City, end: date, months: int = 12) -> SafeString:
    start = (end.replace(day=1) - timedelta(days=31 * (months - 1))).replace(day=1)
    values = {v.date: v.aqi for v in selectors.daily_city(city, start, end)}
    title = _("%(city)s日空气质量指数日历（%(start)s至%(end)s）") % {
        "city": city.name,
        "start": f"{start:%Y-%m}",
        "end": f"{end:%Y-%m}",
    }
    return mark_safe(svg_charts.calendar(values, start, end, title))  # noqa: S308 (escaped by lib)


def trend(city: City, end: date, days: int = 60) -> SafeString:
    start = end - timedelta(days=days - 1)
    rows = {v.date: v for v in selectors.daily_city(city, start, end)}
    dates = [start + timedelta(days=i) for i in range(days)]
    series: dict[str, list[int | None]] = {
        "日AQI": [_aqi(rows.get(d)) for d in dates],
    }
    title = f"{city.name}近{days}天日AQI变化趋势"
    return mark_safe(svg_charts.trend(dates, series, title))  # noqa: S308


def _aqi(value: DailyValue | None) -> int | None:
    return value.aqi if value else None


def forecast_vs_observed(
    city: City, end: date, days: int = 30, lead: int = 1
) -> SafeString:
    start = end - timedelta(days=days - 1)
    rows = selectors.forecast_vs_observed(city, start, end, lead)
    title = f"{city.name}第{lead}天预报与实况对比（近{days}天）"
    return mark_safe(  # noqa: S308
        svg_charts.forecast_vs_observed(
            [r["date"] for r in rows],
            [(r["low"], r["high"]) if r["low"] is not None else None for r in rows],
            [r["observed"] for r in rows],
            title,
        )
    )


def station_map(city: City, day: date, *, public: bool = False) -> SafeString:
    values = {v.station_id: v.aqi for v in selectors.daily_stations(city, day)}
    points = [
        svg_charts.MapPoint(
            name=s.name,
            latitude=float(s.latitude),
            longitude=float(s.longitude),
            aqi=values.get(s.pk),
            url="" if public else reverse("air:station-detail", args=[s.pk]),
        )
        for s in selectors.station_list(city)
        if s.latitude is not None and s.longitude is not None
    ]
    title = _("%(city)s监测点位分布及%(month)s月%(day)s日日AQI") % {
        "city": city.name,
        "month": f"{day:%m}",
        "day": f"{day:%d}",
    }
    return mark_safe(svg_charts.station_map(points, title))  # noqa: S308
