from django.urls import URLPattern, URLResolver, path

from . import views, views_drone, views_failures

app_name = "monitoring"

urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.dashboard, name="dashboard"),
    path("instruments/", views.instrument_list, name="instrument-list"),
    path("instruments/<int:pk>/", views.instrument_detail, name="instrument-detail"),
    path("instruments/<int:pk>/edit/", views.instrument_edit, name="instrument-edit"),
    path(
        "instruments/<int:pk>/password/",
        views.instrument_password,
        name="instrument-password",
    ),
    path(
        "instruments/<int:pk>/retire/",
        views.instrument_retire,
        name="instrument-retire",
    ),
    path(
        "outlets/<int:outlet_pk>/instruments/new/",
        views.instrument_new,
        name="instrument-new",
    ),
    path("outlets/<int:outlet_pk>/chart/", views.outlet_chart, name="outlet-chart"),
    path("operators/", views.operator_list, name="operator-list"),
    path("exceedances/", views.exceedance_list, name="exceedance-list"),
    path("exceedances/<int:pk>/", views.exceedance_detail, name="exceedance-detail"),
    path("anomalies/", views.anomaly_list, name="anomaly-list"),
    path("anomalies/<int:pk>/", views.anomaly_detail, name="anomaly-detail"),
    path("rules/", views.rule_list, name="rule-list"),
    path("rules/<str:kind>/", views.rule_edit, name="rule-edit"),
    path("rejected/", views.rejected_list, name="rejected-list"),
    path("clues/", views.clue_list, name="clue-list"),
    path("clues/stats/", views.clue_stats, name="clue-stats"),
    path("clues/<int:pk>/", views.clue_detail, name="clue-detail"),
    path("filings/", views.filing_list, name="filing-list"),
    path("filings/new/", views.filing_new, name="filing-new"),
    path("filings/<int:pk>/", views.filing_detail, name="filing-detail"),
    path("failures/", views_failures.failure_list, name="failure-list"),
    path("failures/new/", views_failures.failure_new, name="failure-new"),
    path("failures/<int:pk>/", views_failures.failure_detail, name="failure-detail"),
    path("drone/", views_drone.flight_list, name="flight-list"),
    path("drone/new/", views_drone.flight_new, name="flight-new"),
    path("drone/<int:pk>/", views_drone.flight_detail, name="flight-detail"),
    path(
        "enterprises/<int:enterprise_pk>/allowances/",
        views_drone.allowance_list,
        name="allowance-list",
    ),
    path("discharge/flags/", views_drone.discharge_flag_list, name="flag-list"),
    path("public/discharge/", views_drone.discharge_public, name="discharge-public"),
]
