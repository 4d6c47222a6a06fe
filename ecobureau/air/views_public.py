"""Public pages: the published forecast, the daily AQI and warnings on the
portal (anyone), and an enterprise's own emergency plans (its account)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_GET, require_http_methods

from ecobureau.accounts.decorators import public_account_required
from ecobureau.accounts.http import AppRequest
from ecobureau.enterprises import selectors as enterprise_selectors

from . import charts, selectors
from .models import City
from .views import _plan_form

# lib.aqi's level names and the ranges a forecast day usually spans, as the
# public pages show them (`{% translate day.level_label %}`); marked here so the
# English catalogue keeps them. A range over three levels stays in Chinese.
AQI_LEVEL_LABELS = (
    gettext_noop("优"),
    gettext_noop("良"),
    gettext_noop("轻度污染"),
    gettext_noop("中度污染"),
    gettext_noop("重度污染"),
    gettext_noop("严重污染"),
    gettext_noop("优至良"),
    gettext_noop("良至轻度污染"),
    gettext_noop("轻度污染至中度污染"),
    gettext_noop("中度污染至重度污染"),
    gettext_noop("重度污染至严重污染"),
)


def _home_city(request: AppRequest) -> City:
    code = request.GET.get("city")
    city = selectors.city_get(code) if code else selectors.home_city()
    if city is None:
        raise Http404(gettext("暂无空气质量信息"))
    return city


@require_GET
def public(request: AppRequest) -> HttpResponse:
    """空气质量 on the portal: the AQI of the latest hour (实时报) with the
    day's hours, the latest published forecast, yesterday's AQI, the warning
    in force, and the calendar."""
    city = _home_city(request)
    now, hours = selectors.city_aqi_now(city)
    latest = selectors.latest_city_day(city)
    end = latest.date if latest else timezone.localdate()
    return render(
        request,
        "air/public.html",
        {
            "city": city,
            "cities": selectors.city_list(),
            "forecast": selectors.forecast_latest_public(city),
            "now": now,
            "hours": hours,
            "latest": latest,
            "warning": selectors.warning_in_force(city),
            "calendar": charts.aqi_calendar(city, end, months=6),
            "map": charts.station_map(city, end, public=True),
        },
    )


@require_GET
def public_archive(request: AppRequest) -> HttpResponse:
    city = _home_city(request)
    return render(
        request,
        "air/public_archive.html",
        {"city": city, "forecasts": selectors.forecast_archive_public(city)[:90]},
    )


@require_GET
def public_forecast(request: AppRequest, pk: int) -> HttpResponse:
    forecast = selectors.forecast_get_public(pk)
    return render(request, "air/public_forecast.html", {"forecast": forecast})


@require_GET
def public_warnings(request: AppRequest) -> HttpResponse:
    return render(
        request,
        "air/public_warnings.html",
        {"warnings": selectors.warnings_public()[:50]},
    )


@require_GET
@public_account_required
def my_plans(request: AppRequest) -> HttpResponse:
    enterprise = enterprise_selectors.enterprise_for_account(request.user)
    if enterprise is None:
        raise PermissionDenied(gettext("企业账户尚未通过核验，暂不能报送应急预案。"))
    plans = selectors.plans_for_enterprise(request.user, enterprise.pk)
    home = selectors.home_city()
    warning = selectors.warning_in_force(home) if home else None
    measures = []
    if warning is not None:
        filed = plans.filter(status="filed").first()
        if filed is not None:
            measures = list(filed.measures.filter(level=warning.level))
    return render(
        request,
        "air/my_plans.html",
        {
            "enterprise": enterprise,
            "plans": plans,
            "warning": warning,
            "measures": measures,
        },
    )


@require_http_methods(["GET", "POST"])
@public_account_required
def my_plan_new(request: AppRequest) -> HttpResponse:
    enterprise = enterprise_selectors.enterprise_for_account(request.user)
    if enterprise is None:
        raise PermissionDenied(gettext("企业账户尚未通过核验，暂不能报送应急预案。"))
    return _plan_form(request, enterprise, "air/my_plan_form.html", staff=False)


@require_GET
@public_account_required
def my_plan_detail(request: AppRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(request.user, pk)
    return render(
        request,
        "air/my_plan_detail.html",
        {"plan": plan, "measures": plan.measures.all()},
    )
