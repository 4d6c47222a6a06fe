"""Files the module produces: the forecast submitted to the province's platform
and the monthly score report."""

from __future__ import annotations

import csv
import io
from datetime import date

from django.http import HttpResponse

from ecobureau.lib import aqi as aqi_lib
from ecobureau.lib import xlsx

from .models import City, Forecast
from .selectors import LeadScore

FORECAST_COLUMNS = (
    "城市",
    "签发日期",
    "预报日期",
    "预报天",
    "AQI下限",
    "AQI上限",
    "空气质量级别",
    "首要污染物",
    "AQI标准",
)


def forecast_csv(forecast: Forecast) -> HttpResponse:
    """One row per forecast day (总站预报字〔2019〕7号 reports the 7-day results:
    AQI range, level and primary pollutant per day)."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(FORECAST_COLUMNS)
    for day in forecast.days.order_by("lead"):
        writer.writerow(
            [
                forecast.city.name,
                forecast.issue_date.isoformat(),
                day.target_date.isoformat(),
                day.lead,
                day.low,
                day.high,
                aqi_lib.level_range_label(day.low, day.high),
                day.primary_label,
                forecast.standard,
            ]
        )
    response = HttpResponse(
        ("\ufeff" + out.getvalue()).encode(), content_type="text/csv; charset=utf-8"
    )
    name = f"forecast-{forecast.city.code}-{forecast.issue_date:%Y%m%d}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


SCORE_COLUMNS = (
    "预报天",
    "样本数",
    "严格级别准确率%",
    "范围级别准确率%",
    "AQI范围命中率%",
    "AQI平均绝对误差",
    "平均偏差",
    "首要污染物准确率%",
    "重污染命中率POD",
    "空报率FAR",
    "TS评分CSI",
)


def score_rows(report: list[LeadScore]) -> list[list[object]]:
    def pct(value: float | None) -> object:
        return None if value is None else round(value * 100, 1)

    def num(value: float | None, places: int = 2) -> object:
        return None if value is None else round(value, places)

    return [
        [
            item.lead,
            item.summary.days,
            pct(item.summary.strict_accuracy),
            pct(item.summary.range_level_accuracy),
            pct(item.summary.range_hit_rate),
            num(item.summary.mae, 1),
            num(item.summary.mean_error, 1),
            pct(item.summary.primary_accuracy),
            num(item.summary.pod),
            num(item.summary.far),
            num(item.summary.csi),
        ]
        for item in report
    ]


def score_xlsx(city: City, month: date, report: list[LeadScore]) -> HttpResponse:
    data, _ = xlsx.write(
        title="预报评分",
        headers=SCORE_COLUMNS,
        widths=[10] + [14] * (len(SCORE_COLUMNS) - 1),
        required=[False] * len(SCORE_COLUMNS),
        rows=[["—" if v is None else v for v in row] for row in score_rows(report)],
    )
    response = HttpResponse(
        data,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="forecast-scores-{city.code}-{month:%Y-%m}.xlsx"'
    )
    return response
