"""Staff pages for drone patrols (A74) and for permitted totals (D14), and the
public page of discharge methods and totals (D14)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.casework import selectors as casework_selectors
from ecobureau.casework import selectors_files
from ecobureau.core.forms import refused_status
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Permit
from ecobureau.lib import list_export

from . import public_lists, selectors, services
from .forms import (
    AllowanceForm,
    FindingForm,
    FlightFilterForm,
    FlightForm,
    PublicDischargeForm,
)

PAGE_SIZE = 50
PUBLIC_PAGE_SIZE = 20


def _require(request: AppRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied("您没有查看该页面的权限。")


# --- Drone patrols --------------------------------------------------------------------


@require_GET
@staff_required
def flight_list(request: AppRequest) -> HttpResponse:
    _require(request, "monitoring.view_droneflight")
    form = FlightFilterForm(
        request.GET or None,
        districts=enterprise_selectors.district_choices_for_user(request.user),
    )
    filters = selectors.FlightFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.FlightFilters(
            district_id=data["district"].pk if data["district"] else None,
            month=data["month"],
        )
    flights = selectors.flight_list_for_user(request.user, filters=filters)
    page = Paginator(flights, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "monitoring/flight_list.html"
    if request.htmx:
        template += "#flight-table"
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "may_record": request.user.has_perm(services.drone.RECORD_PERM),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def flight_new(request: AppRequest) -> HttpResponse:
    _require(request, services.drone.RECORD_PERM)
    form = FlightForm(
        request.POST or None,
        request.FILES or None,
        districts=enterprise_selectors.district_choices_for_user(request.user),
        townships=enterprise_selectors.township_choices_for_user(request.user),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            flight = services.flight_record(
                data=services.FlightData(
                    started_at=data["started_at"],
                    ended_at=data["ended_at"],
                    area_name=data["area_name"],
                    route=data["route"],
                    pilot=data["pilot"],
                    aircraft=data["aircraft"],
                    district=data["district"],
                    township=data["township"],
                    purpose=data["purpose"],
                    weather=data["weather"],
                    note=data["note"],
                ),
                by=request.user,
                footage=data["footage"],
            )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(
                None, str(error) if isinstance(error, PermissionDenied) else error
            )
        else:
            messages.success(request, f"航次{flight.number}已登记，请录入巡查发现。")
            return redirect("monitoring:flight-detail", pk=flight.pk)
    return render(
        request,
        "monitoring/flight_form.html",
        {"form": form},
        status=refused_status(form),
    )


@require_http_methods(["GET", "POST"])
@staff_required
def flight_detail(request: AppRequest, pk: int) -> HttpResponse:
    """The flight, its map, footage and findings; the finding form posts here."""
    flight = selectors.flight_get_for_user(request.user, pk)
    may_record = request.user.has_perm(services.drone.RECORD_PERM)
    form = FindingForm(
        request.POST or None,
        request.FILES or None,
        enterprises=enterprise_selectors.enterprise_list_for_user(request.user)
        .select_related(None)
        .only("pk", "name")
        .order_by("name"),
    )
    if request.method == "POST":
        _require(request, services.drone.RECORD_PERM)
        if form.is_valid():
            data = form.cleaned_data
            try:
                finding = services.finding_add(
                    flight=flight,
                    data=services.FindingData(
                        kind=data["kind"],
                        description=data["description"],
                        seen_at=data["seen_at"],
                        longitude=data["longitude"],
                        latitude=data["latitude"],
                        enterprise=data["enterprise"],
                    ),
                    by=request.user,
                    images=data["images"],
                )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(
                    None, str(error) if isinstance(error, PermissionDenied) else error
                )
            else:
                messages.success(
                    request, f"发现已登记，并已推送线索{finding.clue.number}。"
                )
                return redirect("monitoring:flight-detail", pk=pk)
    elif not form.is_bound:
        form.initial = {"seen_at": timezone.localtime(flight.started_at)}
    findings = list(selectors.finding_list_for_flight(flight))
    for finding in findings:
        finding.images = list(  # type: ignore[attr-defined]
            selectors_files.attachment_list_for_target(finding)
        )
    return render(
        request,
        "monitoring/flight_detail.html",
        {
            "flight": flight,
            "findings": findings,
            "map_data": selectors.flight_map(flight, findings),
            "form": form,
            "may_record": may_record,
            "attachments": selectors_files.attachment_list_for_target(flight),
            "upload_url": selectors_files.attachment_upload_url(flight),
            "history": casework_selectors.history_for(flight),
        },
        status=refused_status(form),
    )


# --- Permitted totals and flags ------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@staff_required
def allowance_list(request: AppRequest, enterprise_pk: int) -> HttpResponse:
    """An enterprise's permitted yearly totals, its actual totals this year and
    its flags; monitoring staff enter the totals from the permit."""
    _require(request, "monitoring.view_monitoring_data")
    enterprise = enterprise_selectors.enterprise_get_for_user(
        request.user, enterprise_pk
    )
    permits = enterprise_selectors.permit_list_for_enterprise(enterprise).filter(
        kind=Permit.Kind.DISCHARGE
    )
    form = AllowanceForm(request.POST or None, permits=permits)
    may_manage = request.user.has_perm(services.permits_check.MANAGE_PERM)
    if request.method == "POST":
        _require(request, services.permits_check.MANAGE_PERM)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.allowance_set(
                    permit=data["permit"],
                    data=services.AllowanceData(
                        pollutant_code=data["pollutant_code"],
                        yearly_tonnes=data["yearly_tonnes"],
                        method=data["method"],
                        route=data["route"],
                        receiving=data["receiving"],
                    ),
                    by=request.user,
                )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(
                    None, str(error) if isinstance(error, PermissionDenied) else error
                )
            else:
                messages.success(request, "许可排放量已保存。")
                return redirect(
                    "monitoring:allowance-list", enterprise_pk=enterprise.pk
                )
    year = timezone.localdate().year
    lines = selectors.discharge_list_public(
        enterprise_ids=[enterprise.pk], year=year, live=True
    )
    return render(
        request,
        "monitoring/allowance_list.html",
        {
            "enterprise": enterprise,
            "year": year,
            "lines": lines[0].lines if lines else [],
            "allowances": selectors.allowance_list_for_enterprise(
                request.user, enterprise.pk
            ),
            "valid_permits": services.valid_discharge_permits(
                enterprise, timezone.localdate()
            ),
            "flags": selectors.discharge_flag_list_for_user(request.user).filter(
                enterprise=enterprise
            ),
            "form": form,
            "may_manage": may_manage,
        },
        status=refused_status(form),
    )


@require_GET
@staff_required
def discharge_flag_list(request: AppRequest) -> HttpResponse:
    _require(request, "monitoring.view_monitoring_data")
    flags = selectors.discharge_flag_list_for_user(request.user)
    page = Paginator(flags, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "monitoring/discharge_flag_list.html", {"page": page})


@require_GET
def discharge_public(request: AppRequest) -> HttpResponse:
    """排污单位排放方式和排放总量公开 (seed 003 (十三)): open to everyone; only
    the enterprise's organisation data, never a person's name or contact.
    `?format=csv|xlsx` downloads what the search found (all pages)."""
    form = PublicDischargeForm(request.GET or None)
    year = timezone.localdate().year
    q = ""
    if form.is_valid():
        q = form.cleaned_data["q"] or ""
        year = form.cleaned_data["year"] or year
    fmt = request.GET.get("format", "")
    if fmt in list_export.FORMATS:
        return public_lists.discharge_export(fmt, q=q, year=year)
    ids = selectors.discharge_enterprises_public(q)
    page = Paginator(ids, PUBLIC_PAGE_SIZE).get_page(request.GET.get("page"))
    rows = selectors.discharge_list_public(
        enterprise_ids=list(page.object_list), year=year
    )
    export_query = request.GET.copy()
    export_query.pop("page", None)
    return render(
        request,
        "monitoring/discharge_public.html",
        {
            "form": form,
            "page": page,
            "rows": rows,
            "year": year,
            "computed_at": selectors.discharge_summary_computed_at(),
            "export_query": export_query.urlencode(),
        },
    )
