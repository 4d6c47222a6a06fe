"""Staff pages of environmental quality and targets, the Excel export and the
public summary."""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.core.forms import refused_status
from ecobureau.lib import xlsx
from ecobureau.lib.dates import local_date

from . import (
    air_figures,
    charts,
    drinking,
    exports,
    forms,
    selectors,
    services,
    statistics,
)
from . import water_class as wc


def _require_view(request: AppRequest) -> None:
    if not selectors.can_view(request.user):
        raise PermissionDenied("您无权查看环境质量统计")


def _period(request: AppRequest) -> tuple[int, int]:
    """?year=&month= (the last month of a year-to-date period); default: the
    last complete month."""
    today = local_date(timezone.now())
    default_year, default_month = (
        (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)
    )
    try:
        year = int(request.GET.get("year") or default_year)
        month = int(
            request.GET.get("month") or (12 if year < default_year else default_month)
        )
    except ValueError:
        year, month = default_year, default_month
    if not 2000 <= year <= 2100 or not 1 <= month <= 12:
        year, month = default_year, default_month
    return year, month


def _air_through(year: int, month: int) -> date:
    return selectors.month_range(year, month, month)[1]


@require_GET
@staff_required
def dashboard(request: AppRequest) -> HttpResponse:
    _require_view(request)
    year, month = _period(request)
    level = request.GET.get("level", "national")
    if level not in ("national", "provincial", "city", ""):
        level = "national"
    water = selectors.water_summary(year=year, last_month=month, level=level or None)
    drinking, drinking_rate = selectors.drinking_summary(year=year, last_month=month)
    air = selectors.air_summary(year=year, through=_air_through(year, month))
    emissions = selectors.emission_progress_for_user(
        request.user, year=year, last_month=month
    )
    return render(
        request,
        "quality/dashboard.html",
        {
            "year": year,
            "month": month,
            "level": level,
            "water": water,
            "drinking": drinking,
            "drinking_rate": drinking_rate,
            "air": air,
            "validity_note": air_figures.VALIDITY_NOTE,
            "volume": selectors.drinking_volume_rate(drinking),
            "drinking_rules": statistics.rules().cite_water()[2:],
            "emissions": emissions,
            "months": range(1, 13),
        },
    )


@require_GET
@staff_required
def section_list(request: AppRequest) -> HttpResponse:
    _require_view(request)
    year, month = _period(request)
    value = request.GET.get("district") or ""
    if value and not value.isdigit():
        raise Http404
    district = selectors.district_for_user(request.user, int(value) if value else None)
    water = selectors.water_summary(
        year=year, last_month=month, level=None,
        district_id=district.pk if district else None,
    )  # fmt: skip
    return render(
        request,
        "quality/section_list.html",
        {
            "year": year,
            "month": month,
            "water": water,
            "district": district,
            "districts": selectors.districts_for_user(request.user),
            "by_district": selectors.water_by_district(
                request.user, year=year, last_month=month
            ),
            "can_manage": request.user.has_perm("quality.manage_quality"),
        },
    )


@require_GET
@staff_required
def section_detail(request: AppRequest, pk: int) -> HttpResponse:
    section = selectors.section_get_for_user(request.user, pk)
    year, _month = _period(request)
    return _detail(request, section, year, forms.TargetForm(initial={"year": year}))


def _detail(
    request: AppRequest,
    section,
    year: int,
    target_form,
    status: int = 200,
    volume_form=None,
) -> HttpResponse:
    monthly = selectors.section_monthly(section, year)
    targets = {t.year: t.target for t in section.targets.all()}
    target = targets.get(year)
    chart = charts.monthly_classes(
        [(m, r.klass if r else None) for m, r in monthly],
        gettext("%(name)s%(year)s年逐月水质类别")
        % {"name": section.name, "year": year},
        target,
    )
    start, end = selectors.month_range(year, 1, 12)
    means = selectors.period_means([section.pk], start, end).get(section.pk)
    result = selectors.classify_means(section, means, target)
    return render(
        request,
        "quality/section_detail.html",
        {
            "section": section,
            "year": year,
            "monthly": monthly,
            "chart": chart,
            "targets": sorted(targets.items(), reverse=True),
            "target": target,
            "result": result,
            "means": sorted(
                means.items(), key=lambda kv: drinking.ALL_KEYS.index(kv[0])
            )
            if means
            else [],
            "names": drinking.ALL_NAMES,
            "table2_over": drinking.over_text(drinking.over_limits(means or {})),
            "volumes": list(section.volumes.filter(year=year).order_by("month"))
            if section.is_drinking_source
            else [],
            "volume_form": volume_form or forms.VolumeForm(initial={"year": year}),
            "samples": selectors.section_samples(section),
            "counted": wc.COUNTED,
            "target_form": target_form,
            "can_manage": selectors.can_manage_district(
                request.user, section.district_id
            ),
        },
        status=status,
    )


@require_POST
@staff_required
def section_target(request: AppRequest, pk: int) -> HttpResponse:
    section = selectors.section_get_for_user(request.user, pk)
    form = forms.TargetForm(request.POST)
    if form.is_valid():
        try:
            services.section_target_set(
                actor=request.user,
                section=section,
                year=form.cleaned_data["year"],
                target=form.cleaned_data["target"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "考核目标已保存。")
            return redirect(
                f"{section.get_absolute_url()}?year={form.cleaned_data['year']}"
            )
    year = form.cleaned_data.get("year") or _period(request)[0]
    return _detail(request, section, year, form, status=400)


@require_POST
@staff_required
def section_volume(request: AppRequest, pk: int) -> HttpResponse:
    """A drinking-water source's volume taken in a month (水量达标率)."""
    section = selectors.section_get_for_user(request.user, pk)
    if not selectors.can_manage_district(request.user, section.district_id):
        raise PermissionDenied("您无权录入该区县的数据")
    form = forms.VolumeForm(request.POST)
    if form.is_valid():
        try:
            services.source_volume_set(
                actor=request.user, section=section, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "取水量已保存。")
            return redirect(
                f"{section.get_absolute_url()}?year={form.cleaned_data['year']}"
            )
    year = form.cleaned_data.get("year") or _period(request)[0]
    return _detail(
        request,
        section,
        year,
        forms.TargetForm(initial={"year": year}),
        status=400,
        volume_form=form,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def section_create(request: AppRequest) -> HttpResponse:
    if not request.user.has_perm("quality.manage_quality"):
        raise PermissionDenied("您无权新增断面")
    districts = selectors.manageable_districts(request.user)
    form = forms.SectionForm(request.POST or None, districts=districts)
    if request.method == "POST" and form.is_valid():
        try:
            section = services.section_create(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "断面已新增。")
            return redirect(section)
        return render(request, "quality/section_form.html", {"form": form}, status=400)
    status = 400 if request.method == "POST" else 200
    return render(request, "quality/section_form.html", {"form": form}, status=status)


@require_http_methods(["GET", "POST"])
@staff_required
def samples_import(request: AppRequest) -> HttpResponse:
    if not request.user.has_perm("quality.manage_quality"):
        raise PermissionDenied("您无权导入监测数据")
    posted = request.method == "POST"
    form = forms.ImportForm(
        request.POST if posted else None, request.FILES if posted else None
    )
    context: dict[str, Any] = {
        "form": form,
        "parameters": [drinking.ALL_NAMES[k] for k in drinking.ALL_KEYS],
    }
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            batch = services.samples_import(
                actor=request.user, content=upload.read(), filename=upload.name
            )
        except services.ImportFailed as error:
            context["error"] = error.messages[0]
            context["bad_rows"] = error.rows
            return render(request, "quality/samples_import.html", context, status=400)
        messages.success(request, f"已导入{batch.rows}条水质监测数据。")
        return redirect("quality:sections")
    return render(
        request,
        "quality/samples_import.html",
        context,
        status=refused_status(form),
    )


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


@require_GET
@staff_required
def import_template(request: AppRequest) -> HttpResponse:
    _require_view(request)
    headers = [
        "断面编码",
        "采样日期",
        "来源",
        *(drinking.ALL_NAMES[k] for k in drinking.ALL_KEYS),
    ]
    example = [
        "S001",
        "2026-01-15",
        "手工监测",
        7.6,
        8.1,
        None,
        3.2,
        14,
        2.5,
        0.42,
        0.08,
    ]
    content, _ = xlsx.write(
        title="水质监测数据导入",
        headers=headers,
        widths=[14] * len(headers),
        required=[True, True] + [False] * (len(headers) - 2),
        rows=[example + [None] * (len(headers) - len(example))],
    )
    return _xlsx_response(content, "水质监测数据导入模板.xlsx")


@require_GET
@staff_required
def export(request: AppRequest) -> HttpResponse:
    _require_view(request)
    year, month = _period(request)
    water = selectors.water_summary(year=year, last_month=month, level=None)
    content = exports.sections_workbook(water)
    return _xlsx_response(content, f"断面水质{year}年1-{month}月.xlsx")


@require_GET
@staff_required
def emissions(request: AppRequest) -> HttpResponse:
    _require_view(request)
    year, month = _period(request)
    return _emissions_page(request, year, month)


def _emissions_page(request: AppRequest, year: int, month: int, *, target_form=None,
                    actual_form=None, status: int = 200) -> HttpResponse:  # fmt: skip
    user = request.user
    city_scope = user.is_superuser or user.scope == user.Scope.CITY
    can_target = user.has_perm("quality.manage_quality") and city_scope
    districts = selectors.manageable_districts(user)
    return render(
        request,
        "quality/emissions.html",
        {
            "year": year,
            "month": month,
            "rows": selectors.emission_progress_for_user(
                user, year=year, last_month=month
            ),
            "actuals": selectors.emission_actuals_for_user(user, year=year),
            "target_form": target_form
            or (
                forms.EmissionTargetForm(initial={"year": year}, districts=districts)
                if can_target
                else None
            ),
            "actual_form": actual_form
            or (
                forms.EmissionActualForm(
                    initial={"year": year, "month": month}, districts=districts
                )
                if districts.exists()
                else None
            ),
        },
        status=status,
    )


@require_POST
@staff_required
def emission_target(request: AppRequest) -> HttpResponse:
    _require_view(request)
    form = forms.EmissionTargetForm(
        request.POST, districts=selectors.manageable_districts(request.user)
    )
    if form.is_valid():
        try:
            services.emission_target_set(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "减排目标已保存。")
            return redirect(
                reverse("quality:emissions") + f"?year={form.cleaned_data['year']}"
            )
    year, month = _period(request)
    return _emissions_page(request, year, month, target_form=form, status=400)


@require_POST
@staff_required
def emission_actual(request: AppRequest) -> HttpResponse:
    _require_view(request)
    form = forms.EmissionActualForm(
        request.POST, districts=selectors.manageable_districts(request.user)
    )
    if form.is_valid():
        try:
            services.emission_actual_set(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "排放量已保存。")
            data = form.cleaned_data
            return redirect(
                reverse("quality:emissions")
                + f"?year={data['year']}&month={data['month']}"
            )
    year, month = _period(request)
    return _emissions_page(request, year, month, actual_form=form, status=400)


@require_GET
def public_summary(request: AppRequest) -> HttpResponse:
    """The portal page: section classes and the city figures (public information)."""
    year, month = _period(request)
    if year > local_date(timezone.now()).year:
        raise Http404
    water = selectors.water_summary(year=year, last_month=month, level=None)
    drinking, drinking_rate = selectors.drinking_summary(year=year, last_month=month)
    air = selectors.air_summary(year=year, through=_air_through(year, month))
    return render(
        request,
        "quality/public.html",
        {
            "year": year,
            "month": month,
            "water": water,
            "drinking_rate": drinking_rate,
            "drinking_count": len(drinking),
            "air": air,
        },
    )
