"""The credit team's registers: the province's published results (省厅公布结果导入)
and the annual disclosure reports (企业环境信息依法披露). A refused upload or
registration answers 400 with what was chosen and typed kept."""

from __future__ import annotations

from urllib.parse import quote

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.core.forms import attempt
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.lib import dates

from . import config, selectors, selectors_registers, services
from . import provincial as provincial_sheet
from .forms import DisclosureReportForm, ProvincialImportForm
from .views import PUBLIC_PAGE_SIZE, XLSX, _public_year

# --- The province's published results (省厅公布结果) ---------------------------

PROVINCIAL_ERRORS_SHOWN = 200
PROVINCIAL_WARNINGS_SHOWN = 20


@staff_required
def provincial(request: AppRequest) -> HttpResponse:
    """Upload the province's list (credit staff) and read the recorded grades
    (anyone who may view credit, within their data scope). A refused upload
    answers 400 with every bad row and the choices made kept."""
    user = request.user
    if not selectors.may_view(user):
        raise PermissionDenied("您没有查看信用评价的权限。")
    manage = selectors.may_manage(user)
    form = ProvincialImportForm(request.POST or None, request.FILES or None)
    report = None
    status = 200
    if request.method == "POST":
        if not manage:
            raise PermissionDenied("只有信用评价人员可以导入省厅公布的评价结果。")
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                report = services.provincial_import(
                    file=upload,
                    file_name=upload.name,
                    authority=form.cleaned_data["authority"],
                    correct=form.cleaned_data["correct"],
                    correction_basis=form.cleaned_data["correction_basis"],
                    by=user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if report.ok and report.batch is not None:
                    _provincial_messages(request, report)
                    return redirect("credit:provincial-import", report.batch.pk)
        status = 400
    year_value = _public_year(request)
    grades = selectors_registers.provincial_grade_list_for_user(user, year=year_value)
    return render(
        request,
        "credit/provincial.html",
        {
            "form": form,
            "may_manage": manage,
            "report": report,
            "errors_shown": report.errors[:PROVINCIAL_ERRORS_SHOWN] if report else [],
            "page": Paginator(grades, PUBLIC_PAGE_SIZE).get_page(
                request.GET.get("page")
            ),
            "year": year_value,
            "querystring_without_page": f"year={year_value}&" if year_value else "",
        },
        status=status,
    )


def _provincial_messages(
    request: AppRequest, report: services.ProvincialReport
) -> None:
    messages.success(
        request,
        f"已导入：共{report.rows}行，新登记{report.recorded}家，按省厅更正"
        f"{report.corrected}家，已登记且一致{report.unchanged}家；与市级评定不一致"
        f"{len(report.conflicts)}家。",
    )
    if report.ignored:
        messages.info(request, f"已忽略的列：{'、'.join(report.ignored)}。")
    if report.skipped:
        first = "；".join(
            str(row) for row in report.skipped[:PROVINCIAL_WARNINGS_SHOWN]
        )
        more = len(report.skipped) - PROVINCIAL_WARNINGS_SHOWN
        messages.info(
            request,
            f"跳过{len(report.skipped)}行（不在本局企业档案范围内）：{first}"
            + (f"；另有{more}行。" if more > 0 else "。"),
        )
    for warning in report.warnings[:PROVINCIAL_WARNINGS_SHOWN]:
        messages.warning(request, str(warning))
    if len(report.warnings) > PROVINCIAL_WARNINGS_SHOWN:
        more = len(report.warnings) - PROVINCIAL_WARNINGS_SHOWN
        messages.warning(request, f"另有{more}行企业名称与档案不一致。")


@staff_required
def provincial_import_detail(request: AppRequest, pk: int) -> HttpResponse:
    batch = selectors_registers.provincial_import_get_for_user(request.user, pk)
    grades = selectors_registers.provincial_grade_list_for_user(
        request.user, batch=batch
    )
    return render(
        request,
        "credit/provincial_import.html",
        {
            "batch": batch,
            "conflicts": grades.exclude(conflict="").order_by("row"),
            "page": Paginator(grades.order_by("row"), PUBLIC_PAGE_SIZE).get_page(
                request.GET.get("page")
            ),
        },
    )


@staff_required
def provincial_template(request: AppRequest) -> HttpResponse:
    if not selectors.may_manage(request.user):
        raise PermissionDenied("只有信用评价人员可以导入省厅公布的评价结果。")
    content = provincial_sheet.template_workbook(
        services.provincial.known_grades(), services.provincial.DEFAULT_AUTHORITY
    )
    response = HttpResponse(content, content_type=XLSX)
    name = quote("省厅公布结果导入模板.xlsx")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    return response


# --- Annual disclosure reports (企业环境信息依法披露) ------------------------------


@staff_required
def disclosure(request: AppRequest) -> HttpResponse:
    """Which enterprises missed their report for a year (after the due date), and
    registering a report. A refused registration answers 400, values kept."""
    user = request.user
    if not selectors.may_view(user):
        raise PermissionDenied("您没有查看信用评价的权限。")
    today = dates.local_date(timezone.now())
    year_value = _public_year(request) or today.year - 1
    may_register = selectors.may_manage(user) or selectors.may_prescore(user)
    form = DisclosureReportForm(request.POST or None, initial={"year": year_value})
    status = 200
    if request.method == "POST":
        if not may_register:
            raise PermissionDenied("您不能登记环境信息依法披露报告。")
        if form.is_valid():
            code = form.cleaned_data["credit_code"].strip().upper()
            enterprise = (
                enterprise_selectors.enterprise_list_for_user(user)
                .filter(credit_code=code)
                .first()
            )
            if enterprise is None:
                form.add_error(
                    "credit_code",
                    "您数据范围内的企业档案中没有该统一社会信用代码的企业。",
                )
            elif attempt(
                form,
                request=request,
                action=lambda: services.disclosure_report_register(
                    enterprise=enterprise,
                    year=form.cleaned_data["year"],
                    disclosed_on=form.cleaned_data["disclosed_on"],
                    where=form.cleaned_data["where"],
                    by=user,
                ),
            ):
                messages.success(request, "已登记。")
                return redirect(
                    f"{reverse('credit:disclosure')}?year={form.cleaned_data['year']}"
                )
        status = 400
    return render(
        request,
        "credit/disclosure.html",
        {
            "year": year_value,
            "due": selectors_registers.disclosure_due(year_value),
            "is_due": today > selectors_registers.disclosure_due(year_value),
            "missing": selectors_registers.disclosure_missing_for_user(
                user, year=year_value, today=today
            ),
            "reports": selectors_registers.disclosure_report_list_for_user(
                user, year=year_value
            ),
            "form": form,
            "may_register": may_register,
            "basis": config.DISCLOSURE_REPORT_BASIS,
            "scope_note": config.DISCLOSURE_REPORT_SCOPE,
        },
        status=status,
    )
