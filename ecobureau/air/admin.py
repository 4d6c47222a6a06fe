from django.contrib import admin

from .models import City, ForecastModel, Station, WeatherForecast


@admin.register(City)
class CityAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "division", "forecast_enabled", "label")


@admin.register(Station)
class StationAdmin(admin.ModelAdmin):
    list_display = ("code", "name", "city", "kind", "district", "mn", "active")
    list_filter = ("city", "kind", "active")
    search_fields = ("code", "name", "mn")


@admin.register(ForecastModel)
class ForecastModelAdmin(admin.ModelAdmin):
    list_display = (
        "city",
        "version",
        "with_weather",
        "standard",
        "trained_to",
        "training_days",
        "fallback",
        "trained_at",
    )
    readonly_fields = ("params",)


@admin.register(WeatherForecast)
class WeatherForecastAdmin(admin.ModelAdmin):
    list_display = ("city", "issued_on", "date", "temp", "wspm", "rain")
    list_filter = ("city",)
