"""Staff pages of the air module (the public pages are in views_public.py)."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.casework import selectors as casework_selectors
from ecobureau.casework import selectors_files
from ecobureau.casework import services as casework
from ecobureau.core.forms import refused_status
from ecobureau.enterprises import selectors as enterprise_selectors

from . import charts, exports, selectors, services
from .forms import (
    ImportForm,
    PlanDecisionForm,
    PlanForm,
    ReasonForm,
    ReviewForm,
    WarningSubmitForm,
)
from .models import City, Forecast, Warning
from .processes import FORECAST, PLAN, WARNING


def _city(request: AppRequest) -> City:
    code = request.GET.get("city")
    city = selectors.city_get(code) if code else selectors.home_city()
    if city is None:
        raise Http404("尚未登记任何城市")
    return city


def _day(text: str | None, default: date) -> date:
    try:
        return date.fromisoformat(text) if text else default
    except ValueError:
        return default


@require_GET
@staff_required
def dashboard(request: AppRequest) -> HttpResponse:
    """空气质量: today's data, the forecast being made, the warning in force."""
    city = _city(request)
    latest = selectors.latest_city_day(city)
    end = latest.date if latest else timezone.localdate()
    forecasts = selectors.forecast_list_for_user(request.user).filter(city=city)[:7]
    return render(
        request,
        "air/dashboard.html",
        {
            "city": city,
            "cities": selectors.city_list(),
            "latest": latest,
            "stations": selectors.daily_stations(city, end) if latest else [],
            "forecasts": forecasts,
            "warning": selectors.warning_in_force(city),
            "calendar": charts.aqi_calendar(city, end),
            "trend": charts.trend(city, end),
            "versus": charts.forecast_vs_observed(city, end),
            "map": charts.station_map(city, end),
        },
    )


@require_GET
@staff_required
def station_list(request: AppRequest) -> HttpResponse:
    city = _city(request)
    return render(
        request,
        "air/station_list.html",
        {
            "city": city,
            "cities": selectors.city_list(),
            "stations": selectors.station_list(city),
        },
    )


@require_GET
@staff_required
def station_detail(request: AppRequest, pk: int) -> HttpResponse:
    station = selectors.station_get(pk)
    latest = selectors.latest_city_day(station.city)
    day = _day(request.GET.get("date"), latest.date if latest else timezone.localdate())
    return render(
        request,
        "air/station_detail.html",
        {
            "station": station,
            "day": day,
            "previous": day - timedelta(days=1),
            "next": day + timedelta(days=1),
            "hours": selectors.hourly_aqi([station], day),
        },
    )


@require_GET
@staff_required
def city_hours(request: AppRequest, code: str) -> HttpResponse:
    city = selectors.city_get(code)
    latest = selectors.latest_city_day(city)
    day = _day(request.GET.get("date"), latest.date if latest else timezone.localdate())
    return render(
        request,
        "air/city_hours.html",
        {
            "city": city,
            "day": day,
            "previous": day - timedelta(days=1),
            "next": day + timedelta(days=1),
            "hours": selectors.hourly_aqi(list(selectors.station_list(city)), day),
            "stations": selectors.daily_stations(city, day),
            "city_day": selectors.daily_city(city, day, day).first(),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def observation_import(request: AppRequest, code: str) -> HttpResponse:
    """导入小时观测数据: every bad row is listed and nothing is written."""
    if not request.user.has_perm("air.manage_station"):
        raise PermissionDenied("您没有导入监测数据的权限。")
    city = selectors.city_get(code)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        with tempfile.TemporaryDirectory() as folder:
            paths = []
            for number, upload in enumerate(form.cleaned_data["uploads"]):
                path = Path(folder) / f"{number}-{Path(upload.name).name}"
                with path.open("wb") as out:
                    for chunk in upload.chunks():
                        out.write(chunk)
                paths.append(path)
            report = services.observations_import(
                city=city,
                paths=paths,
                by=request.user,
                create_stations=form.cleaned_data["create_stations"],
            )
        if report.ok:
            messages.success(
                request, f"已导入{report.rows}条小时数据，重算日均值{report.days}天。"
            )
            return redirect(f"{_url('air:station-list')}?city={city.code}")
    refused = report is not None and not report.ok
    return render(
        request,
        "air/observation_import.html",
        {"city": city, "form": form, "report": report},
        status=400 if refused else refused_status(form),
    )


def _url(name: str, *args: object) -> str:
    from django.urls import reverse

    return reverse(name, args=args)


# --- Forecasts ------------------------------------------------------------------------


@require_GET
@staff_required
def forecast_list(request: AppRequest) -> HttpResponse:
    city = _city(request)
    forecasts = selectors.forecast_list_for_user(request.user).filter(city=city)[:60]
    return render(
        request,
        "air/forecast_list.html",
        {"city": city, "cities": selectors.city_list(), "forecasts": forecasts},
    )


@require_http_methods(["GET", "POST"])
@staff_required
def forecast_detail(request: AppRequest, pk: int) -> HttpResponse:
    """One forecast: its days, 会商 (review and adjust) and publication."""
    forecast = selectors.forecast_get_for_user(request.user, pk)
    form = ReviewForm(request.POST or None, forecast=forecast)
    if request.method == "POST" and form.is_valid():
        try:
            services.forecast_review(
                forecast=forecast,
                by=request.user,
                opinion=form.cleaned_data["opinion"],
                edits=form.edits(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        except PermissionDenied as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "会商意见已保存，预报待发布。")
            return redirect("air:forecast-detail", pk=pk)
        forecast.refresh_from_db()
    return render(
        request,
        "air/forecast_detail.html",
        {
            "forecast": forecast,
            "days": forecast.days.all(),
            "form": form,
            "may_review": forecast.status == Forecast.Status.DRAFT
            and request.user.has_perm("air.review_forecast"),
            "may_publish": forecast.status == Forecast.Status.REVIEWED
            and request.user.has_perm("air.review_forecast"),
            "step_label": FORECAST.step(forecast.status).label,
            "history": casework_selectors.history_for(forecast),
            "clocks": casework.clocks_for(forecast),
            "warnings": forecast.warnings.all(),
        },
    )


@require_POST
@staff_required
def forecast_publish(request: AppRequest, pk: int) -> HttpResponse:
    forecast = selectors.forecast_get_for_user(request.user, pk)
    try:
        services.forecast_publish(forecast=forecast, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _message(error))
    else:
        messages.success(request, "预报已发布。")
    return redirect("air:forecast-detail", pk=pk)


@require_POST
@staff_required
def forecast_reopen(request: AppRequest, pk: int) -> HttpResponse:
    forecast = selectors.forecast_get_for_user(request.user, pk)
    try:
        services.forecast_reopen(forecast=forecast, by=request.user)
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _message(error))
    return redirect("air:forecast-detail", pk=pk)


@require_GET
@staff_required
def forecast_export(request: AppRequest, pk: int) -> HttpResponse:
    """The published forecast as the CSV file submitted to the province's
    forecast platform (requirements A23)."""
    forecast = selectors.forecast_get_for_user(request.user, pk)
    if forecast.status != Forecast.Status.PUBLISHED:
        raise Http404("预报尚未发布")
    return exports.forecast_csv(forecast)


@require_GET
@staff_required
def score_report(request: AppRequest) -> HttpResponse:
    """Monthly report of forecast scores per lead day."""
    city = _city(request)
    month = _month(request.GET.get("month"))
    end = (month + timedelta(days=32)).replace(day=1) - timedelta(days=1)
    report = selectors.score_report(city, month, end)
    if request.GET.get("format") == "xlsx":
        return exports.score_xlsx(city, month, report)
    return render(
        request,
        "air/score_report.html",
        {
            "city": city,
            "cities": selectors.city_list(),
            "month": month,
            "previous": (month - timedelta(days=1)).replace(day=1),
            "next": end + timedelta(days=1),
            "report": report,
        },
    )


def _month(text: str | None) -> date:
    today = timezone.localdate()
    try:
        return date.fromisoformat(f"{text}-01") if text else today.replace(day=1)
    except ValueError:
        return today.replace(day=1)


def _message(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return "；".join(error.messages)
    return str(error)


# --- Warnings -------------------------------------------------------------------------


@require_GET
@staff_required
def warning_list(request: AppRequest) -> HttpResponse:
    warnings = selectors.warning_list_for_user(request.user)[:100]
    return render(request, "air/warning_list.html", {"warnings": warnings})


@require_GET
@staff_required
def warning_detail(request: AppRequest, pk: int) -> HttpResponse:
    warning = selectors.warning_get_for_user(request.user, pk)
    may_manage = request.user.has_perm("air.manage_warning")
    lift_ok, lift_advice = services.warning_lift_advice(warning)
    return render(
        request,
        "air/warning_detail.html",
        {
            "warning": warning,
            "step_label": WARNING.step(warning.status).label,
            "may_manage": may_manage,
            "submit_form": WarningSubmitForm(),
            "reason_form": ReasonForm(),
            "approval": selectors.warning_approval(warning),
            "approvals": casework_selectors.approval_panels_for_target(
                request.user, warning
            ),
            "enterprises": selectors.warning_enterprises(warning, request.user)
            if warning.status == Warning.Status.PUBLISHED
            else [],
            "lift_ok": lift_ok,
            "lift_advice": lift_advice,
            "history": casework_selectors.history_for(warning),
        },
    )


@require_POST
@staff_required
def warning_act(request: AppRequest, pk: int, action: str) -> HttpResponse:
    """提请审批 / 发布 / 解除 / 不予发布 a warning."""
    warning = selectors.warning_get_for_user(request.user, pk)
    try:
        if action == "submit":
            form = WarningSubmitForm(request.POST)
            if not form.is_valid():
                raise ValidationError("请填写承办人意见和理由。")
            services.warning_submit(
                warning=warning, by=request.user, **form.cleaned_data
            )
        elif action == "publish":
            services.warning_publish(warning=warning, by=request.user)
        elif action in ("lift", "dismiss"):
            reason = request.POST.get("reason", "")
            if not reason.strip():
                raise ValidationError("请填写理由。")
            handler = (
                services.warning_lift if action == "lift" else services.warning_dismiss
            )
            handler(warning=warning, by=request.user, reason=reason)
        else:
            raise Http404("未知的操作")
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, _message(error))
    else:
        messages.success(request, "已办理。")
    return redirect("air:warning-detail", pk=pk)


# --- Emergency plans -------------------------------------------------------------------


@require_GET
@staff_required
def plan_list(request: AppRequest) -> HttpResponse:
    plans = selectors.plan_list_for_user(request.user)[:200]
    return render(request, "air/plan_list.html", {"plans": plans})


@require_http_methods(["GET", "POST"])
@staff_required
def plan_detail(request: AppRequest, pk: int) -> HttpResponse:
    plan = selectors.plan_get_for_user(request.user, pk)
    form = PlanDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        action = request.POST.get("action")
        try:
            if action == "file":
                services.plan_file(
                    plan=plan, by=request.user, opinion=form.cleaned_data["opinion"]
                )
            elif action == "return":
                services.plan_return(
                    plan=plan, by=request.user, opinion=form.cleaned_data["opinion"]
                )
            else:
                raise ValidationError("未知的操作。")
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _message(error))
        else:
            messages.success(request, "已办理。")
            return redirect("air:plan-detail", pk=pk)
        plan.refresh_from_db()
    return render(
        request,
        "air/plan_detail.html",
        {
            "plan": plan,
            "measures": plan.measures.all(),
            "form": form,
            "transitions": PLAN.available(plan.status)
            if request.user.has_perm("air.review_plan")
            else [],
            "step_label": PLAN.step(plan.status).label,
            "history": casework_selectors.history_for(plan),
            "clocks": casework.clocks_for(plan),
            "attachments": selectors_files.attachment_list_for_target(plan),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def plan_new(request: AppRequest, enterprise_pk: int) -> HttpResponse:
    """Staff file a plan on an enterprise's behalf (paper submission)."""
    enterprise = enterprise_selectors.enterprise_get_for_user(
        request.user, enterprise_pk
    )
    return _plan_form(request, enterprise, "air/plan_form.html", staff=True)


def _plan_form(
    request: AppRequest, enterprise: object, template: str, *, staff: bool
) -> HttpResponse:
    form = PlanForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            plan = services.plan_submit(
                enterprise=enterprise,  # type: ignore[arg-type]
                by=request.user,
                title=data["title"],
                contact=data["contact"],
                grade=data["grade"],
                summary=data["summary"],
                measures=form.measures(),
                document=data["document"],
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(None, _message(error))
        else:
            messages.success(
                request, gettext("应急预案已报送，大气科将在20个工作日内办结备案。")
            )
            if staff:
                return redirect("air:plan-detail", pk=plan.pk)
            return redirect("air:my-plans")
    return render(
        request,
        template,
        {"form": form, "enterprise": enterprise},
        status=refused_status(form),
    )
