"""Writes of the air module; callers import this package:
`from ecobureau.air import services` then `services.forecast_publish(...)`."""

from .forecasts import (
    DayEdit,
    forecast_create,
    forecast_publish,
    forecast_reopen,
    forecast_review,
    forecasts_run,
    forecasts_score,
    model_train,
)
from .observations import (
    ImportReport,
    city_create,
    daily_values_recompute,
    observation_receive,
    observations_import,
    station_create,
)
from .plans import MeasureInput, plan_file, plan_return, plan_submit
from .warnings import (
    warning_dismiss,
    warning_lift,
    warning_lift_advice,
    warning_propose_from_forecast,
    warning_publish,
    warning_submit,
)

__all__ = [
    "DayEdit",
    "ImportReport",
    "MeasureInput",
    "city_create",
    "daily_values_recompute",
    "forecast_create",
    "forecast_publish",
    "forecast_reopen",
    "forecast_review",
    "forecasts_run",
    "forecasts_score",
    "model_train",
    "observation_receive",
    "observations_import",
    "plan_file",
    "plan_return",
    "plan_submit",
    "station_create",
    "warning_dismiss",
    "warning_lift",
    "warning_lift_advice",
    "warning_propose_from_forecast",
    "warning_publish",
    "warning_submit",
]
