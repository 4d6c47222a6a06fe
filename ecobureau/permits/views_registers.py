"""Staff pages of the two registers: radiation-safety licences (D15) and the
standardised-management assessments of waste producers (D12)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest

from . import selectors, services
from .forms import AssessmentForm, LicenceEventForm, LicenceForm
from .models import Application


@require_GET
@staff_required
@permission_required("permits.manage_radiation", raise_exception=True)
def radiation_list(request: AppRequest) -> HttpResponse:
    due_only = request.GET.get("due") == "1"
    licences = selectors.licence_list_for_user(request.user, due_only=due_only)[:500]
    return render(
        request,
        "permits/radiation_list.html",
        {
            "licences": licences,
            "due_only": due_only,
            "warning_days": selectors.RADIATION_WARNING_DAYS,
        },
    )


@require_http_methods(["GET", "POST"])
@staff_required
@permission_required("permits.manage_radiation", raise_exception=True)
def radiation_new(request: AppRequest) -> HttpResponse:
    form = LicenceForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            licence = services.licence_register(
                enterprise=form.enterprise,
                by=request.user,
                number=data["number"],
                scope=data["scope"],
                issuer=data["issuer"],
                issued_on=data["issued_on"],
                valid_until=data["valid_until"],
                note=data["note"],
            )
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(request, "已登记辐射安全许可证。")
            return redirect("permits:radiation-detail", pk=licence.pk)
    return render(
        request,
        "permits/radiation_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@staff_required
@permission_required("permits.manage_radiation", raise_exception=True)
def radiation_detail(request: AppRequest, pk: int) -> HttpResponse:
    licence = selectors.licence_get_for_user(request.user, pk)
    form = LicenceEventForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.licence_event(
                licence=licence,
                by=request.user,
                kind=data["kind"],
                on=data["on"],
                note=data["note"],
                valid_until=data["valid_until"],
                status=data["status"],
                scope=data["scope"],
            )
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(request, "已记录。")
            return redirect("permits:radiation-detail", pk=pk)
    return render(
        request,
        "permits/radiation_detail.html",
        {
            "licence": licence,
            "events": licence.events.select_related("by"),
            "form": form,
            "history": selectors.history_lines(licence),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@staff_required
@permission_required("permits.manage_radiation", raise_exception=True)
def assessment_list(request: AppRequest) -> HttpResponse:
    year = request.GET.get("year", "")
    assessments = selectors.assessment_list_for_user(
        request.user, year=int(year) if year.isdigit() else None
    )[:500]
    return render(
        request,
        "permits/assessment_list.html",
        {"assessments": assessments, "year": year},
    )


@require_http_methods(["GET", "POST"])
@staff_required
@permission_required("permits.manage_radiation", raise_exception=True)
def assessment_new(request: AppRequest) -> HttpResponse:
    form = AssessmentForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        filings = {a.pk: a for a in selectors.waste_filings_for(form.enterprise)}
        try:
            declaration = _filing(filings, data["declaration"])
            plan = _filing(filings, data["plan"])
            services.assessment_record(
                enterprise=form.enterprise,
                by=request.user,
                year=data["year"],
                kind=data["kind"],
                result=data["result"],
                score=data["score"],
                findings=data["findings"],
                assessed_on=data["assessed_on"],
                declaration=declaration,
                plan=plan,
            )
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(request, "已登记规范化管理评估。")
            return redirect("permits:assessment-list")
    return render(
        request,
        "permits/assessment_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


def _filing(filings: dict[int, Application], pk: int | None) -> Application | None:
    if pk is None:
        return None
    if pk not in filings:
        raise ValidationError(
            f"该企业没有申请编号尾号为{pk:06d}的危险废物申报或管理计划。"
        )
    return filings[pk]
