from datetime import timedelta
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.casework import selectors as casework_selectors
from ecobureau.casework import selectors_files
from ecobureau.core.forms import refused_status
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import EmissionLimit, Outlet
from ecobureau.lib import hj212_codes

from . import charts, selectors, services
from .forms import (
    AnomalyRuleForm,
    ChartForm,
    ClueDecisionForm,
    ClueFilterForm,
    FilingDecisionForm,
    FilingForm,
    InstrumentFilterForm,
    InstrumentForm,
    OperatorForm,
    PasswordForm,
    RetireForm,
    local_input,
)
from .models import AnomalyRule, Clue, Filing, Instrument, Operator, RejectedFrame
from .processes import CLUE, FILING

PAGE_SIZE = 50


def _require(request: AppRequest, permission: str) -> None:
    if not request.user.has_perm(permission):
        raise PermissionDenied("您没有查看该页面的权限。")


# --- Dashboard and instruments ----------------------------------------------------------


@require_GET
@staff_required
def dashboard(request: AppRequest) -> HttpResponse:
    _require(request, "monitoring.view_monitoring_data")
    return render(
        request,
        "monitoring/dashboard.html",
        {
            "summary": selectors.dashboard(request.user),
            "clues": selectors.clue_list_for_user(request.user)[:10],
            "offline": selectors.instrument_list_for_user(
                request.user,
                filters=selectors.InstrumentFilters(link=Instrument.Link.OFFLINE),
            )[:10],
        },
    )


@require_GET
@staff_required
def instrument_list(request: AppRequest) -> HttpResponse:
    _require(request, "monitoring.view_monitoring_data")
    form = InstrumentFilterForm(
        request.GET or None,
        districts=enterprise_selectors.district_choices_for_user(request.user),
    )
    filters = selectors.InstrumentFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.InstrumentFilters(
            q=data["q"],
            district_id=data["district"].pk if data["district"] else None,
            link=data["link"],
            status=data["status"],
        )
    instruments = selectors.instrument_list_for_user(request.user, filters=filters)
    page = Paginator(instruments, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "monitoring/instrument_list.html"
    if request.htmx:
        template += "#instrument-table"
    return render(request, template, {"form": form, "page": page})


@require_GET
@staff_required
def instrument_detail(request: AppRequest, pk: int) -> HttpResponse:
    instrument = selectors.instrument_get_for_user(request.user, pk)
    latest_at, latest = selectors.latest_values(instrument)
    return render(
        request,
        "monitoring/instrument_detail.html",
        {
            "instrument": instrument,
            "latest_at": latest_at,
            "latest": latest,
            "frames": selectors.recent_frames(instrument),
            "events": selectors.link_events(instrument),
            "filings": instrument.filings.order_by("-submitted_at"),
            "history": casework_selectors.history_for(instrument),
            "password_form": PasswordForm(),
            "retire_form": RetireForm(),
            "may_manage": request.user.has_perm("monitoring.manage_instruments"),
        },
    )


def _instrument_data(form: InstrumentForm) -> services.InstrumentData:
    data = form.cleaned_data
    return services.InstrumentData(
        mn=data["mn"],
        name=data["name"],
        vendor=data["vendor"],
        model_name=data["model_name"],
        system_code=data["system_code"],
        operator=data["operator"],
        installed_on=data["installed_on"],
        accepted_on=data["accepted_on"],
        note=data["note"],
    )


@require_http_methods(["GET", "POST"])
@staff_required
def instrument_new(request: AppRequest, outlet_pk: int) -> HttpResponse:
    _require(request, "monitoring.manage_instruments")
    outlet = get_object_or_404(
        Outlet.objects.select_related("enterprise").filter(
            enterprise__in=enterprise_selectors.enterprise_list_for_user(request.user)
        ),
        pk=outlet_pk,
    )
    initial = {"system_code": "32" if outlet.kind == Outlet.Kind.WATER else "31"}
    form = InstrumentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            instrument = services.instrument_register(
                outlet=outlet, data=_instrument_data(form), by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "设施已登记。请设置访问密码后录入数采仪。")
            return redirect("monitoring:instrument-detail", pk=instrument.pk)
    return render(
        request,
        "monitoring/instrument_form.html",
        {"form": form, "outlet": outlet, "instrument": None},
        status=refused_status(form),
    )


@require_http_methods(["GET", "POST"])
@staff_required
def instrument_edit(request: AppRequest, pk: int) -> HttpResponse:
    _require(request, "monitoring.manage_instruments")
    instrument = selectors.instrument_get_for_user(request.user, pk)
    initial = {
        name: getattr(instrument, name)
        for name in ("mn", "name", "vendor", "model_name", "system_code")
    } | {
        "operator": instrument.operator,
        "installed_on": instrument.installed_on,
        "accepted_on": instrument.accepted_on,
        "note": instrument.note,
    }
    form = InstrumentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.instrument_update(
                instrument=instrument, data=_instrument_data(form), by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "设施信息已保存。")
            return redirect("monitoring:instrument-detail", pk=pk)
    return render(
        request,
        "monitoring/instrument_form.html",
        {"form": form, "outlet": instrument.outlet, "instrument": instrument},
        status=refused_status(form),
    )


@require_POST
@staff_required
def instrument_password(request: AppRequest, pk: int) -> HttpResponse:
    instrument = selectors.instrument_get_for_user(request.user, pk)
    form = PasswordForm(request.POST)
    password = None
    if form.is_valid():
        try:
            password = services.instrument_set_password(
                instrument=instrument,
                by=request.user,
                password=form.cleaned_data["password"] or None,
            )
        except ValidationError as error:
            form.add_error("password", error)
    return render(
        request,
        "monitoring/instrument_password.html",
        {"instrument": instrument, "password": password, "form": form},
        status=200 if password else 400,
    )


@require_POST
@staff_required
def instrument_retire(request: AppRequest, pk: int) -> HttpResponse:
    instrument = selectors.instrument_get_for_user(request.user, pk)
    form = RetireForm(request.POST)
    if form.is_valid():
        try:
            services.instrument_retire(
                instrument=instrument,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, "设施已停用，网关不再接收其数据。")
    else:
        messages.error(request, "请填写停用原因。")
    return redirect("monitoring:instrument-detail", pk=pk)


@require_http_methods(["GET", "POST"])
@staff_required
def operator_list(request: AppRequest) -> HttpResponse:
    _require(request, "monitoring.view_monitoring_data")
    if request.method == "POST":
        _require(request, "monitoring.manage_instruments")
    form = OperatorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.operator_add(by=request.user, **form.cleaned_data)
        except (ValidationError, PermissionDenied) as error:
            form.add_error(
                None, str(error) if isinstance(error, PermissionDenied) else error
            )
        else:
            messages.success(request, "运营单位已登记。")
            return redirect("monitoring:operator-list")
    operators = Operator.objects.annotate(n=Count("instruments")).order_by("name")
    return render(
        request,
        "monitoring/operator_list.html",
        {
            "operators": operators,
            "form": form,
            "may_manage": request.user.has_perm("monitoring.manage_instruments"),
        },
        status=refused_status(form),
    )


# --- Charts ---------------------------------------------------------------------------------


@require_GET
@login_required
def outlet_chart(request: AppRequest, outlet_pk: int) -> HttpResponse:
    """Any outlet over any period: the instruments of the outlet the user may
    see, one pollutant, drawn as SVG."""
    instruments = list(
        selectors.instrument_list_for_user(request.user).filter(outlet_id=outlet_pk)
    )
    if not instruments:
        raise Http404("没有找到该排放口的自动监控设施。")
    outlet = instruments[0].outlet
    ids = [instrument.pk for instrument in instruments]
    limits = EmissionLimit.objects.filter(outlet=outlet).order_by(
        "pollutant_code", "-effective_from"
    )
    codes = sorted(
        set(selectors.codes_of(ids, timezone.now() - timedelta(days=400)))
        | {limit.pollutant_code for limit in limits}
    )
    form = ChartForm(request.GET or None, codes=codes)
    svg = ""
    points: list[selectors.Point] = []
    chosen: dict[str, object] = {}
    data: dict[str, Any] | None = None
    if not request.GET:
        now = timezone.now()
        data = {"code": "", "kind": "", "start": now - timedelta(days=2), "end": now}
    elif form.is_valid():
        data = form.cleaned_data
    if codes and data is not None:
        code = data["code"] or codes[0]
        start, end = data["start"], data["end"]
        kind = data["kind"] or selectors.kind_for_span(end - start)
        points = selectors.series(
            instrument_ids=ids, code=code, kind=kind, start=start, end=end
        )
        limit = next((lim for lim in limits if lim.pollutant_code == code), None)
        title = (
            f"{outlet.enterprise.name} {outlet.code} {hj212_codes.pollutant_name(code)}"
            f"{selectors.KIND_LABELS[kind]}数据"
        )
        unit = limit.unit if limit else hj212_codes.pollutant_unit(code)
        svg = charts.line_chart(
            points,
            start=start,
            end=end,
            title=title,
            unit=unit,
            limit=limit.limit_value if limit else None,
        )
        chosen = {
            "code": code,
            "kind": kind,
            "start": local_input(start),
            "end": local_input(end),
            "title": title,
            "unit": unit,
        }
    return render(
        request,
        "monitoring/outlet_chart.html",
        {
            "outlet": outlet,
            "instruments": instruments,
            "form": form,
            "svg": mark_safe(svg),  # noqa: S308 (charts.line_chart escapes all text)
            "chosen": chosen,
            "points": points[-48:],
            "count": len(points),
        },
    )


# --- Exceedances and anomalies ---------------------------------------------------------------


@require_GET
@staff_required
def exceedance_list(request: AppRequest) -> HttpResponse:
    _require(request, "monitoring.view_monitoring_data")
    page = Paginator(
        selectors.exceedance_list_for_user(request.user), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "monitoring/exceedance_list.html", {"page": page})


@require_GET
@staff_required
def exceedance_detail(request: AppRequest, pk: int) -> HttpResponse:
    exceedance = selectors.exceedance_get_for_user(request.user, pk)
    clue = Clue.objects.filter(exceedance=exceedance).first()
    return render(
        request,
        "monitoring/exceedance_detail.html",
        {
            "exceedance": exceedance,
            "clue": clue,
            "failures": selectors.failures_overlapping(
                exceedance.enterprise_id, exceedance.started_at, exceedance.ended_at
            ),
        },
    )


@require_GET
@staff_required
def anomaly_list(request: AppRequest) -> HttpResponse:
    _require(request, "monitoring.view_monitoring_data")
    page = Paginator(selectors.anomaly_list_for_user(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "monitoring/anomaly_list.html", {"page": page})


@require_GET
@staff_required
def anomaly_detail(request: AppRequest, pk: int) -> HttpResponse:
    anomaly = selectors.anomaly_get_for_user(request.user, pk)
    clue = Clue.objects.filter(anomaly=anomaly).first()
    return render(
        request,
        "monitoring/anomaly_detail.html",
        {
            "anomaly": anomaly,
            "clue": clue,
            "failures": selectors.failures_overlapping(
                anomaly.enterprise_id, anomaly.started_at, anomaly.ended_at
            ),
        },
    )


@require_GET
@staff_required
def rule_list(request: AppRequest) -> HttpResponse:
    _require(request, "monitoring.view_monitoring_data")
    services.anomaly_rules_ensure()
    return render(
        request,
        "monitoring/rule_list.html",
        {
            "rules": selectors.anomaly_rules(),
            "specs": services.anomaly_rules.SPECS,
            "may_manage": request.user.has_perm("monitoring.manage_anomaly_rules"),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def rule_edit(request: AppRequest, kind: str) -> HttpResponse:
    _require(request, "monitoring.manage_anomaly_rules")
    services.anomaly_rules_ensure()
    rule = get_object_or_404(AnomalyRule, kind=kind)
    initial = {"enabled": rule.enabled, "reason": rule.reason} | {
        f"param_{name}": value for name, value in rule.params.items()
    }
    form = AnomalyRuleForm(request.POST or None, initial=initial, kind=kind)
    if request.method == "POST" and form.is_valid():
        try:
            services.anomaly_rule_update(
                rule=rule,
                enabled=form.cleaned_data["enabled"],
                params=form.params(),
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"规则“{rule.get_kind_display()}”已保存。")
            return redirect("monitoring:rule-list")
    return render(
        request,
        "monitoring/rule_form.html",
        {"rule": rule, "form": form},
        status=refused_status(form),
    )


@require_GET
@staff_required
def rejected_list(request: AppRequest) -> HttpResponse:
    _require(request, "monitoring.manage_instruments")
    page = Paginator(
        RejectedFrame.objects.order_by("-received_at", "-pk"), PAGE_SIZE
    ).get_page(request.GET.get("page"))
    return render(request, "monitoring/rejected_list.html", {"page": page})


# --- Clues -----------------------------------------------------------------------------------


@require_GET
@staff_required
def clue_list(request: AppRequest) -> HttpResponse:
    _require(request, "monitoring.view_clue")
    form = ClueFilterForm(
        request.GET or None,
        districts=enterprise_selectors.district_choices_for_user(request.user),
    )
    filters = selectors.ClueFilters()
    if form.is_valid():
        data = form.cleaned_data
        filters = selectors.ClueFilters(
            status=data["status"],
            source=data["source"],
            district_id=data["district"].pk if data["district"] else None,
            month=data["month"],
        )
    clues = selectors.clue_list_for_user(request.user, filters=filters)
    page = Paginator(clues, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "monitoring/clue_list.html"
    if request.htmx:
        template += "#clue-table"
    return render(request, template, {"form": form, "page": page})


@require_GET
@staff_required
def clue_stats(request: AppRequest) -> HttpResponse:
    _require(request, "monitoring.view_clue")
    months = selectors.clue_monthly_counts(request.user)
    return render(
        request,
        "monitoring/clue_stats.html",
        {
            "months": months,
            "total": sum(month.total for month in months),
            "online": sum(month.exceedance + month.anomaly for month in months),
            "drone": sum(month.drone for month in months),
            "permit": sum(month.permit for month in months),
            "referred": sum(month.referred for month in months),
            "dismissed": sum(month.dismissed for month in months),
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
def clue_detail(request: AppRequest, pk: int) -> HttpResponse:
    clue = selectors.clue_get_for_user(request.user, pk)
    form = ClueDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["action"] == "dismiss":
                services.clue_dismiss(clue=clue, reason=data["reason"], by=request.user)
            else:
                services.clue_refer(
                    clue=clue,
                    referral=data["referral"],
                    reason=data["reason"],
                    by=request.user,
                )
        except (ValidationError, PermissionDenied) as error:
            form.add_error(
                None, str(error) if isinstance(error, PermissionDenied) else error
            )
            clue.refresh_from_db()
        else:
            messages.success(request, "研判结果已保存。")
            return redirect("monitoring:clue-detail", pk=pk)
    return render(
        request,
        "monitoring/clue_detail.html",
        {
            "clue": clue,
            "form": form,
            "step_label": CLUE.step(clue.status).label if clue.status else "",
            "may_decide": clue.status == Clue.Status.NEW
            and request.user.has_perm("monitoring.decide_clues"),
            "history": casework_selectors.history_for(clue),
            "failures": _clue_failures(clue),
        },
    )


def _clue_failures(clue: Clue) -> object:
    """Failure reports overlapping the clue's stretch of data (A98)."""
    if clue.enterprise_id is None:
        return []
    source = clue.exceedance or clue.anomaly
    if source is not None:
        start, end = source.started_at, source.ended_at
    else:
        start, end = clue.detected_at, clue.detected_at
    return selectors.failures_overlapping(clue.enterprise_id, start, end)


# --- Filings ----------------------------------------------------------------------------------


def _filing_base(request: AppRequest) -> str:
    return "portal/base.html" if request.user.is_public else "base.html"


@require_GET
@login_required
def filing_list(request: AppRequest) -> HttpResponse:
    filings = selectors.filing_list_for_user(request.user)
    page = Paginator(filings, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "monitoring/filing_list.html",
        {"page": page, "base": _filing_base(request)},
    )


@require_http_methods(["GET", "POST"])
@login_required
def filing_new(request: AppRequest) -> HttpResponse:
    enterprises = enterprise_selectors.enterprise_list_for_user(request.user)
    outlets = (
        Outlet.objects.filter(enterprise__in=enterprises, is_active=True)
        .select_related("enterprise")
        .order_by("enterprise__name", "code")
    )
    if request.user.is_public and not outlets.exists():
        raise PermissionDenied("您的企业账户尚未关联企业或没有排放口，不能提交备案。")
    if not request.user.is_public and not request.user.has_perm(
        "monitoring.add_filing"
    ):
        raise PermissionDenied("您没有代企业提交备案的权限。")
    instruments = Instrument.objects.filter(outlet__in=outlets).order_by("mn")
    form = FilingForm(
        request.POST or None,
        request.FILES or None,
        outlets=outlets,
        instruments=instruments,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            filing = services.filing_submit(
                data=services.FilingData(
                    kind=data["kind"],
                    outlet=data["outlet"],
                    instrument=data["instrument"],
                    mn=data["mn"],
                    vendor=data["vendor"],
                    model_name=data["model_name"],
                    operator_name=data["operator_name"],
                    description=data["description"],
                    accepted_on=data["accepted_on"],
                ),
                report=data["report"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            note = (
                "（已超过验收后5个工作日的备案期限，已标记为逾期备案）"
                if filing.late
                else ""
            )
            messages.success(request, f"备案已提交，编号{filing.number}{note}。")
            return redirect("monitoring:filing-detail", pk=filing.pk)
    return render(
        request,
        "monitoring/filing_form.html",
        {"form": form, "base": _filing_base(request)},
        status=refused_status(form),
    )


@require_http_methods(["GET", "POST"])
@login_required
def filing_detail(request: AppRequest, pk: int) -> HttpResponse:
    filing = selectors.filing_get_for_user(request.user, pk)
    form = FilingDecisionForm(request.POST or None)
    may_decide = (
        request.user.is_staff_member
        and filing.status == Filing.Status.SUBMITTED
        and request.user.has_perm("monitoring.decide_filings")
    )
    if request.method == "POST":
        if not may_decide:
            raise PermissionDenied("您不能办理该备案。")
        if form.is_valid():
            data = form.cleaned_data
            try:
                if data["action"] == "file":
                    services.filing_file(
                        filing=filing, opinion=data["opinion"], by=request.user
                    )
                else:
                    services.filing_return(
                        filing=filing, opinion=data["opinion"], by=request.user
                    )
            except (ValidationError, PermissionDenied) as error:
                form.add_error(
                    None, str(error) if isinstance(error, PermissionDenied) else error
                )
                filing.refresh_from_db()
            else:
                messages.success(request, "备案已办结。")
                return redirect("monitoring:filing-detail", pk=pk)
    return render(
        request,
        "monitoring/filing_detail.html",
        {
            "filing": filing,
            "form": form,
            "may_decide": may_decide,
            "step_label": FILING.step(filing.status).label if filing.status else "",
            "attachments": selectors_files.attachment_list_for_target(filing),
            "history": casework_selectors.history_for(filing)
            if request.user.is_staff_member
            else [],
            "base": _filing_base(request),
        },
    )
