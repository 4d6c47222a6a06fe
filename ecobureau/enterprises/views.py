from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.forms.models import model_to_dict
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest

from . import excel, forms, sections, selectors, services
from .models import Enterprise

PAGE_SIZE = 50
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
# An import report lists this many errors on the page; the count says the rest.
ERRORS_SHOWN = 1000
# Rows one upload may hold: about 30 s of checking and writing on the reference
# machine (10,000 rows ≈ 15 s); larger files go through import_enterprises.
WEB_IMPORT_MAX_ROWS = 20_000
# Facility rows go one by one through the services (history row and record entry
# each), so fewer per upload.
WEB_FACILITY_IMPORT_MAX_ROWS = 5_000


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=XLSX)
    disposition = content_disposition_header(as_attachment=True, filename=filename)
    response["Content-Disposition"] = disposition or "attachment"
    return response


@require_GET
@login_required
@permission_required("enterprises.view_enterprise", raise_exception=True)
def enterprise_list(request: AppRequest) -> HttpResponse:
    form = forms.EnterpriseFilterForm(request.GET or None, user=request.user)
    enterprises = selectors.enterprise_list_for_user(
        request.user, filters=form.to_filters()
    )
    page = Paginator(enterprises, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "enterprises/enterprise_list.html"
    if request.htmx:
        template += "#enterprise-table"
    return render(request, template, {"form": form, "page": page})


@require_GET
@login_required
@permission_required("enterprises.view_enterprise", raise_exception=True)
def township_options(request: AppRequest) -> HttpResponse:
    """The township filter for the district just chosen (an htmx fragment)."""
    form = forms.EnterpriseFilterForm(request.GET, user=request.user)
    return render(
        request, "enterprises/enterprise_list.html#township-select", {"form": form}
    )


def _file_context(request: AppRequest, enterprise: Enterprise) -> dict[str, Any]:
    user = request.user
    can_change = user.has_perm("enterprises.change_enterprise")
    return {
        "enterprise": enterprise,
        "outlets": selectors.outlet_list_for_enterprise(enterprise),
        "permits": selectors.permit_list_for_enterprise(enterprise),
        "accounts": (
            selectors.account_list_for_enterprise(enterprise)
            if user.is_staff_member
            else []
        ),
        "facilities": selectors.facility_list_for_page(user, enterprise),
        "may_write_facilities": services.facility_may_write(user, enterprise),
        "sections": sections.sections_for(user, enterprise),
        "can_change": can_change and user.is_staff_member,
    }


@require_GET
@login_required
def enterprise_detail(request: AppRequest, pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_get_for_user(request.user, pk)
    return render(
        request,
        "enterprises/enterprise_detail.html",
        _file_context(request, enterprise),
    )


@require_GET
@login_required
def enterprise_mine(request: AppRequest) -> HttpResponse:
    """我的企业档案: an enterprise account's own file, and nothing else."""
    if request.user.kind != request.user.Kind.ENTERPRISE:
        raise PermissionDenied("只有企业账户有“我的企业档案”。")
    enterprise = selectors.enterprise_for_account(request.user)
    if enterprise is None:
        return render(request, "enterprises/enterprise_mine_missing.html")
    return render(
        request,
        "enterprises/enterprise_detail.html",
        {**_file_context(request, enterprise), "mine": True},
    )


def _save(request: AppRequest, form: Form, save: Callable[[], Any]) -> Any | None:
    """Call the service; on a refused write put the reason on the form."""
    try:
        return save()
    except ValidationError as error:
        form.add_error(None, error)
    except PermissionDenied as error:
        form.add_error(None, str(error) or "您无权进行此操作。")
    return None


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("enterprises.add_enterprise", raise_exception=True)
def enterprise_create(request: AppRequest) -> HttpResponse:
    form = forms.EnterpriseForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        enterprise = _save(
            request,
            form,
            lambda: services.enterprise_create(data=form.to_data(), by=request.user),
        )
        if enterprise is not None:
            messages.success(request, f"已建立“{enterprise.name}”的档案。")
            return redirect("enterprises:detail", pk=enterprise.pk)
    return render(
        request,
        "enterprises/enterprise_form.html",
        {"form": form, "title": "新建企业档案", "cancel": reverse("enterprises:list")},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("enterprises.change_enterprise", raise_exception=True)
def enterprise_edit(request: AppRequest, pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_get_for_user(request.user, pk)
    initial = model_to_dict(enterprise, fields=services.ENTERPRISE_FIELDS)
    form = forms.EnterpriseForm(
        request.POST or None, initial=initial, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        saved = _save(
            request,
            form,
            lambda: services.enterprise_update(
                enterprise=enterprise, data=form.to_data(), by=request.user
            ),
        )
        if saved is not None:
            messages.success(request, "档案已保存。")
            return redirect("enterprises:detail", pk=pk)
    return render(
        request,
        "enterprises/enterprise_form.html",
        {
            "form": form,
            "enterprise": enterprise,
            "title": f"修改档案：{enterprise.name}",
            "cancel": reverse("enterprises:detail", args=[pk]),
        },
        status=400 if request.method == "POST" else 200,
    )


def _item_form(
    request: AppRequest,
    *,
    form: Form,
    enterprise: Enterprise,
    title: str,
    save: Callable[[], Any],
    done: str,
    back: str = "",
) -> HttpResponse:
    """The small forms of the file (outlet, limit, permit, facility): save and go
    `back` (the file by default), or show the form again — 400 when refused,
    with what was typed kept."""
    back = back or reverse("enterprises:detail", args=[enterprise.pk])
    posted = request.method == "POST"
    if posted and form.is_valid() and _save(request, form, save) is not None:
        messages.success(request, done)
        return redirect(back)
    return render(
        request,
        "enterprises/item_form.html",
        {"form": form, "enterprise": enterprise, "title": title, "cancel": back},
        status=400 if posted else 200,
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("enterprises.change_enterprise", raise_exception=True)
def outlet_add(request: AppRequest, pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_get_for_user(request.user, pk)
    form = forms.OutletForm(request.POST or None)
    return _item_form(
        request,
        form=form,
        enterprise=enterprise,
        title="新增排放口",
        save=lambda: services.outlet_add(
            enterprise=enterprise, by=request.user, **form.cleaned_data
        ),
        done="排放口已添加。",
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("enterprises.change_enterprise", raise_exception=True)
def outlet_edit(request: AppRequest, pk: int, outlet_id: int) -> HttpResponse:
    outlet = selectors.outlet_get_for_user(request.user, pk, outlet_id)
    initial = model_to_dict(outlet, fields=services.OUTLET_FIELDS)
    form = forms.OutletForm(request.POST or None, initial=initial)
    return _item_form(
        request,
        form=form,
        enterprise=outlet.enterprise,
        title=f"修改排放口：{outlet}",
        save=lambda: services.outlet_update(
            outlet=outlet, by=request.user, **form.cleaned_data
        ),
        done="排放口已保存。",
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("enterprises.change_enterprise", raise_exception=True)
def limit_add(request: AppRequest, pk: int, outlet_id: int) -> HttpResponse:
    outlet = selectors.outlet_get_for_user(request.user, pk, outlet_id)
    form = forms.EmissionLimitForm(
        request.POST or None, initial={"effective_from": timezone.localdate()}
    )
    return _item_form(
        request,
        form=form,
        enterprise=outlet.enterprise,
        title=f"新增排放限值：{outlet}",
        save=lambda: services.emission_limit_add(
            outlet=outlet, by=request.user, **form.cleaned_data
        ),
        done="排放限值已添加。",
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("enterprises.change_enterprise", raise_exception=True)
def limit_edit(request: AppRequest, pk: int, limit_id: int) -> HttpResponse:
    limit = selectors.limit_get_for_user(request.user, pk, limit_id)
    initial = model_to_dict(limit, fields=services.LIMIT_FIELDS)
    form = forms.EmissionLimitForm(request.POST or None, initial=initial)
    return _item_form(
        request,
        form=form,
        enterprise=limit.outlet.enterprise,
        title=f"修改排放限值：{limit.outlet} {limit.pollutant_name}",
        save=lambda: services.emission_limit_update(
            limit=limit, by=request.user, **form.cleaned_data
        ),
        done="排放限值已保存。",
    )


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("enterprises.change_enterprise", raise_exception=True)
def permit_add(request: AppRequest, pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_get_for_user(request.user, pk)
    form = forms.PermitForm(request.POST or None)
    return _item_form(
        request,
        form=form,
        enterprise=enterprise,
        title="新增许可与批复",
        save=lambda: services.permit_add(
            enterprise=enterprise, by=request.user, **form.cleaned_data
        ),
        done="许可与批复已添加。",
    )


# --- Pollution-control facilities (A92) ---------------------------------------------
# Written by the enterprise's own verified account and by staff who may change the
# file; the service decides (services.facility_may_write), so these views need no
# permission decorator beyond the login and the scoped fetch.


def _facility_page(
    request: AppRequest,
    *,
    form: Form,
    enterprise: Enterprise,
    title: str,
    save: Callable[[], Any],
    done: str,
) -> HttpResponse:
    """A facility form: the enterprise's own account goes back to its own page."""
    if not services.facility_may_write(request.user, enterprise):
        raise PermissionDenied("您无权填报该企业的污染防治设施。")
    back = (
        reverse("enterprises:mine")
        if request.user.kind == request.user.Kind.ENTERPRISE
        else ""
    )
    return _item_form(
        request,
        form=form,
        enterprise=enterprise,
        title=title,
        save=save,
        done=done,
        back=back,
    )


@require_http_methods(["GET", "POST"])
@login_required
def facility_add(request: AppRequest, pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_get_for_user(request.user, pk)
    form = forms.FacilityForm(
        request.POST or None,
        enterprise=enterprise,
        with_status=True,
        initial={"status": "running", "on": timezone.localdate()},
    )
    return _facility_page(
        request,
        form=form,
        enterprise=enterprise,
        title="新增污染防治设施",
        save=lambda: services.facility_add(
            enterprise=enterprise,
            data=form.to_data(),
            status=form.cleaned_data["status"],
            on=form.cleaned_data["on"],
            reason=form.cleaned_data["reason"],
            by=request.user,
        ),
        done="污染防治设施已添加。",
    )


@require_http_methods(["GET", "POST"])
@login_required
def facility_edit(request: AppRequest, pk: int, facility_id: int) -> HttpResponse:
    facility = selectors.facility_get_for_user(request.user, pk, facility_id)
    initial = model_to_dict(facility, fields=services.FACILITY_FIELDS)
    form = forms.FacilityForm(
        request.POST or None,
        initial=initial,
        enterprise=facility.enterprise,
        with_status=False,
    )
    return _facility_page(
        request,
        form=form,
        enterprise=facility.enterprise,
        title=f"修改污染防治设施：{facility.name}",
        save=lambda: services.facility_update(
            facility=facility, data=form.to_data(), by=request.user
        ),
        done="污染防治设施已保存。",
    )


@require_http_methods(["GET", "POST"])
@login_required
def facility_status(request: AppRequest, pk: int, facility_id: int) -> HttpResponse:
    facility = selectors.facility_get_for_user(request.user, pk, facility_id)
    # A stop can only begin on or after the current status began.
    failures = selectors.failures_around(
        request.user, facility.enterprise, since=facility.status_since
    )
    form = forms.FacilityStatusForm(
        request.POST or None,
        initial={"on": timezone.localdate()},
        # No field when there is nothing to link; a posted id is still checked.
        failures=failures if failures or request.POST.get("failure_id") else None,
    )
    return _facility_page(
        request,
        form=form,
        enterprise=facility.enterprise,
        title=(
            f"变更设施状态：{facility.name}"
            f"（当前：{facility.get_status_display()}，"
            f"自 {facility.status_since:%Y-%m-%d}）"
        ),
        save=lambda: services.facility_status_change(
            facility=facility, by=request.user, **form.cleaned_data
        ),
        done="设施状态已变更。",
    )


@require_POST
@login_required
@permission_required("enterprises.change_enterprise", raise_exception=True)
def account_link(request: AppRequest, pk: int) -> HttpResponse:
    """Verify the enterprise account registered with this file's credit code."""
    enterprise = selectors.enterprise_get_for_user(request.user, pk)
    account_user = selectors.enterprise_account_candidate(enterprise)
    if account_user is None:
        messages.error(request, "尚无以本企业统一社会信用代码注册的企业账户。")
        return redirect("enterprises:detail", pk=pk)
    try:
        services.enterprise_account_link(user=account_user, by=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "企业账户已核验并关联本档案。")
    return redirect("enterprises:detail", pk=pk)


@require_GET
@login_required
@permission_required("enterprises.export_enterprises", raise_exception=True)
def enterprise_export(request: AppRequest) -> HttpResponse:
    form = forms.EnterpriseFilterForm(request.GET or None, user=request.user)
    content = services.enterprise_export(by=request.user, filters=form.to_filters())
    return _xlsx_response(content, f"企业档案-{timezone.localdate():%Y%m%d}.xlsx")


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("enterprises.import_enterprises", raise_exception=True)
def enterprise_import(request: AppRequest) -> HttpResponse:
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = services.enterprise_import(
            file=form.cleaned_data["file"],
            by=request.user,
            update_existing=form.cleaned_data["update_existing"],
            max_rows=WEB_IMPORT_MAX_ROWS,
        )
    refused = request.method == "POST" and (report is None or not report.ok)
    return render(
        request,
        "enterprises/enterprise_import.html",
        {
            "form": form,
            "report": report,
            "errors_shown": report.errors[:ERRORS_SHOWN] if report else [],
        },
        status=400 if refused else 200,
    )


@require_GET
@login_required
@permission_required("enterprises.import_enterprises", raise_exception=True)
def import_template(request: AppRequest) -> HttpResponse:
    names = selectors.district_choices_for_user(request.user).values_list(
        "name", flat=True
    )
    return _xlsx_response(excel.template_workbook(names), "企业档案导入模板.xlsx")


@require_GET
@login_required
@permission_required("enterprises.export_enterprises", raise_exception=True)
def facility_export(request: AppRequest) -> HttpResponse:
    """The facilities of the enterprises on the (filtered) list: a second file,
    since the registry's sheet holds one row per enterprise."""
    form = forms.EnterpriseFilterForm(request.GET or None, user=request.user)
    content = services.facility_export(by=request.user, filters=form.to_filters())
    return _xlsx_response(content, f"污染防治设施-{timezone.localdate():%Y%m%d}.xlsx")


@require_http_methods(["GET", "POST"])
@login_required
@permission_required("enterprises.import_enterprises", raise_exception=True)
def facility_import(request: AppRequest) -> HttpResponse:
    form = forms.FacilityImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        report = services.facility_import(
            file=form.cleaned_data["file"],
            by=request.user,
            max_rows=WEB_FACILITY_IMPORT_MAX_ROWS,
        )
    refused = request.method == "POST" and (report is None or not report.ok)
    return render(
        request,
        "enterprises/facility_import.html",
        {
            "form": form,
            "report": report,
            "errors_shown": report.errors[:ERRORS_SHOWN] if report else [],
        },
        status=400 if refused else 200,
    )


@require_GET
@login_required
@permission_required("enterprises.import_enterprises", raise_exception=True)
def facility_import_template(request: AppRequest) -> HttpResponse:
    return _xlsx_response(
        excel.facility_template_workbook(), "污染防治设施导入模板.xlsx"
    )


@require_GET
@staff_required
def positive_list(request: AppRequest) -> HttpResponse:
    """监督执法正面清单: the enterprises on it now, and how it changed each year."""
    if not request.user.has_perm("enterprises.view_enterprise"):
        raise PermissionDenied("无权查看企业档案。")
    return render(
        request,
        "enterprises/positive_list.html",
        {
            "entries": list(selectors.positive_list_for_user(request.user)),
            "changes": selectors.positive_list_changes_by_year(request.user),
        },
    )


@require_POST
@staff_required
def positive_list_change(request: AppRequest, pk: int) -> HttpResponse:
    enterprise = selectors.enterprise_get_for_user(request.user, pk)
    change = (
        services.positive_list_remove
        if request.POST.get("action") == "remove"
        else services.positive_list_add
    )
    try:
        change(
            enterprise=enterprise,
            reason=request.POST.get("reason", ""),
            by=request.user,
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("enterprises:detail", pk=pk)
