from .forecasts import Forecast, ForecastDay, ForecastModel, WeatherForecast
from .plans import EmergencyPlan, PlanMeasure
from .stations import City, DailyValue, Observation, Station
from .warnings import Warning

__all__ = [
    "City",
    "DailyValue",
    "EmergencyPlan",
    "Forecast",
    "ForecastDay",
    "ForecastModel",
    "Observation",
    "PlanMeasure",
    "Station",
    "Warning",
    "WeatherForecast",
]
