"""Making forecasts in a given state through the services."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta

import time_machine

from ecobureau.accounts.models import User
from ecobureau.air import services
from ecobureau.air.models import City, Forecast
from ecobureau.lib.dates import SHANGHAI


def published_forecast(
    city: City,
    issue: date,
    by: User,
    ranges: Sequence[tuple[int, int, tuple[str, ...]]],
) -> Forecast:
    """Draft at 14:00, set the seven days by 会商 and publish at 14:30."""
    with time_machine.travel(
        datetime(issue.year, issue.month, issue.day, 14, tzinfo=SHANGHAI), tick=False
    ):
        forecast = services.forecast_create(city=city, issue=issue)
    edits = [
        services.DayEdit(
            lead=lead, low=low, high=high, primary=primary, reason="会商调整"
        )
        for lead, (low, high, primary) in enumerate(ranges, start=1)
    ]
    with time_machine.travel(
        datetime(issue.year, issue.month, issue.day, 14, 30, tzinfo=SHANGHAI),
        tick=False,
    ):
        services.forecast_review(
            forecast=forecast, by=by, opinion="会商一致", edits=edits
        )
        services.forecast_publish(forecast=forecast, by=by)
    forecast.refresh_from_db()
    return forecast


CLEAN = [(40, 70, ("PM2.5",))] * 7
# Two days above 200, then improving: 环大气〔2024〕6号 orange (AQI > 200 for 48 h).
EPISODE = [
    (180, 210, ("PM2.5",)),
    (220, 250, ("PM2.5",)),
    (230, 260, ("PM2.5",)),
    (140, 170, ("PM2.5",)),
    (60, 90, ("PM2.5",)),
    (50, 80, ("PM2.5",)),
    (50, 80, ("PM2.5",)),
]


def days_after(issue: date, n: int) -> date:
    return issue + timedelta(days=n)
