from django.urls import URLPattern, URLResolver, path

from . import views, views_public

app_name = "air"

urlpatterns: list[URLPattern | URLResolver] = [
    # Staff
    path("", views.dashboard, name="dashboard"),
    path("stations/", views.station_list, name="station-list"),
    path("stations/<int:pk>/", views.station_detail, name="station-detail"),
    path("cities/<str:code>/hours/", views.city_hours, name="city-hours"),
    path("cities/<str:code>/import/", views.observation_import, name="import"),
    path("forecasts/", views.forecast_list, name="forecast-list"),
    path("forecasts/<int:pk>/", views.forecast_detail, name="forecast-detail"),
    path(
        "forecasts/<int:pk>/publish/", views.forecast_publish, name="forecast-publish"
    ),
    path("forecasts/<int:pk>/reopen/", views.forecast_reopen, name="forecast-reopen"),
    path(
        "forecasts/<int:pk>/export.csv", views.forecast_export, name="forecast-export"
    ),
    path("scores/", views.score_report, name="scores"),
    path("warnings/", views.warning_list, name="warning-list"),
    path("warnings/<int:pk>/", views.warning_detail, name="warning-detail"),
    path("warnings/<int:pk>/<str:action>/", views.warning_act, name="warning-act"),
    path("plans/", views.plan_list, name="plan-list"),
    path("plans/<int:pk>/", views.plan_detail, name="plan-detail"),
    path("plans/new/<int:enterprise_pk>/", views.plan_new, name="plan-new"),
    # Public (portal) and enterprise accounts
    path("public/", views_public.public, name="public"),
    path("public/forecasts/", views_public.public_archive, name="public-archive"),
    path(
        "public/forecasts/<int:pk>/",
        views_public.public_forecast,
        name="public-forecast",
    ),
    path("public/warnings/", views_public.public_warnings, name="public-warnings"),
    path("my/plans/", views_public.my_plans, name="my-plans"),
    path("my/plans/new/", views_public.my_plan_new, name="my-plan-new"),
    path("my/plans/<int:pk>/", views_public.my_plan_detail, name="my-plan-detail"),
]
