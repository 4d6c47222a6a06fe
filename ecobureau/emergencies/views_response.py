"""Pages added to the incident: opening an enforcement case or a complaint, stop
orders, report PDFs; the statistics page and its Excel export; preparedness
(drills, risk sources, resources)."""

from __future__ import annotations

from typing import Any

from django import forms as django_forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from ecobureau.accounts.decorators import require_perm, staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.core.forms import attempt, refused_status
from ecobureau.lib import xlsx

from . import (
    documents,
    forms,
    links,
    preparedness,
    selectors,
    services,
    statistics,
)
from .views import ACTION_LABELS, _incident_action

# --- Links ---------------------------------------------------------------------------


@require_POST
@staff_required
def incident_open_case(request: AppRequest, pk: int) -> HttpResponse:
    incident = selectors.incident_get_for_user(request.user, pk)
    return _incident_action(
        request,
        incident,
        "open_case",
        forms.CaseOpenForm(request.POST),
        lambda data: links.incident_open_case(
            incident=incident,
            by=request.user,
            officers=list(data["officers"]),
            start_reason=data["start_reason"],
            facts=data["facts"],
            urgent=data["urgent"],
        ),
        "已移送执法立案。",
    )


@require_POST
@staff_required
def incident_open_complaint(request: AppRequest, pk: int) -> HttpResponse:
    incident = selectors.incident_get_for_user(request.user, pk)
    return _incident_action(
        request,
        incident,
        "open_complaint",
        forms.ComplaintOpenForm(request.POST),
        lambda data: links.incident_open_complaint(
            incident=incident, by=request.user, **data
        ),
        "已登记投诉。",
    )


@require_POST
@staff_required
def stop_order_issue(request: AppRequest, pk: int) -> HttpResponse:
    incident = selectors.incident_get_for_user(request.user, pk)
    return _incident_action(
        request,
        incident,
        "stop_order",
        forms.StopOrderForm(request.POST),
        lambda data: links.stop_order_issue(incident=incident, by=request.user, **data),
        "已记录停产限产措施。",
    )


@require_POST
@staff_required
def stop_order_lift(request: AppRequest, pk: int) -> HttpResponse:
    order = selectors.stop_order_get_for_user(request.user, pk)
    return _incident_action(
        request,
        order.incident,
        "lift",
        forms.LiftForm(request.POST),
        lambda data: links.stop_order_lift(
            order=order, by=request.user, reason=data["reason"]
        ),
        "已解除。",
    )


# --- Recovery (事后恢复, recovery.py) ---------------------------------------------------


@require_POST
@staff_required
def recovery_add(request: AppRequest, pk: int) -> HttpResponse:
    incident = selectors.incident_get_for_user(request.user, pk)
    return _incident_action(
        request,
        incident,
        "recovery",
        forms.RecoveryForm(request.POST),
        lambda data: services.recovery_add(
            incident=incident,
            by=request.user,
            measure=data["measure"],
            responsible=data["responsible"],
            unit=data["unit"],
            due_on=data["due_on"],
        ),
        "已登记恢复措施。",
    )


@require_POST
@staff_required
def recovery_done(request: AppRequest, pk: int) -> HttpResponse:
    measure = selectors.recovery_measure_get_for_user(request.user, pk)
    return _incident_action(
        request,
        measure.incident,
        "recovery_done",
        forms.RecoveryDoneForm(request.POST),
        lambda data: services.recovery_done(
            measure=measure, by=request.user, done_on=data["done_on"], note=data["note"]
        ),
        "已登记恢复措施完成。",
    )


@require_POST
@staff_required
def report_document(request: AppRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_user(request.user, pk)
    form = django_forms.Form(request.POST)
    return _incident_action(
        request,
        report.incident,
        "document",
        form,
        lambda data: documents.report_document_issue(report=report, by=request.user),
        f"{report}文书已出具。",
    )


# --- Statistics ----------------------------------------------------------------------


def _year(request: AppRequest) -> int:
    form = forms.YearForm(request.GET)
    if form.is_valid():
        return int(form.cleaned_data["year"])
    return timezone.localdate().year


@require_GET
@staff_required
def statistics_page(request: AppRequest) -> HttpResponse:
    require_perm(request, "emergencies.view_incident")
    year = _year(request)
    stats = statistics.year_statistics(request.user, year)
    return render(
        request,
        "emergencies/statistics.html",
        {
            "stats": stats,
            "year": year,
            "grade_headers": [
                statistics.GRADE_HEADERS[g] for g in statistics.GRADE_COLUMNS
            ],
            "opinion_headers": ["重大", "较大", "一般"],
        },
    )


@require_GET
@staff_required
def statistics_excel(request: AppRequest) -> HttpResponse:
    require_perm(request, "emergencies.view_incident")
    year = _year(request)
    stats = statistics.year_statistics(request.user, year)
    headers = statistics.EXCEL_HEADERS
    content, _ = xlsx.write(
        title=f"{year}年突发环境事件统计",
        headers=headers,
        widths=[22, 20, *([14] * (len(headers) - 2))],
        required=[False] * len(headers),
        rows=statistics.excel_rows(stats),
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f"attachment; filename=emergencies-statistics-{year}.xlsx"
    )
    return response


# --- Preparedness --------------------------------------------------------------------


def _preparedness_context(
    request: AppRequest, bound: dict[str, BaseForm]
) -> dict[str, Any]:
    user = request.user
    form_set: dict[str, BaseForm] = {
        "risk": forms.RiskSourceForm(user=user),
        "resource": forms.ResourceForm(user=user),
    }
    form_set.update(bound)
    return {
        "risk_sources": Paginator(
            selectors.risk_source_list_for_user(user), 50
        ).get_page(request.GET.get("page")),
        "resources": selectors.resource_list_for_user(user),
        "forms": form_set,
    }


@require_GET
@staff_required
def preparedness_page(request: AppRequest) -> HttpResponse:
    require_perm(request, "emergencies.view_plan")
    return render(
        request,
        "emergencies/preparedness.html",
        _preparedness_context(request, {}),
    )


@require_POST
@staff_required
def risk_source_add(request: AppRequest) -> HttpResponse:
    require_perm(request, "emergencies.handle_incident")
    form = forms.RiskSourceForm(request.POST, user=request.user)
    if form.is_valid() and attempt(
        form, lambda: preparedness.risk_source_add(by=request.user, **form.cleaned_data)
    ):
        messages.success(request, "已登记环境风险源。")
        return redirect("emergencies:preparedness")
    return render(
        request,
        "emergencies/preparedness.html",
        _preparedness_context(request, {"risk": form}),
        status=refused_status(form),
    )


@require_POST
@staff_required
def resource_add(request: AppRequest) -> HttpResponse:
    require_perm(request, "emergencies.handle_incident")
    form = forms.ResourceForm(request.POST, user=request.user)
    if form.is_valid() and attempt(
        form, lambda: preparedness.resource_add(by=request.user, **form.cleaned_data)
    ):
        messages.success(request, "已登记应急资源。")
        return redirect("emergencies:preparedness")
    return render(
        request,
        "emergencies/preparedness.html",
        _preparedness_context(request, {"resource": form}),
        status=refused_status(form),
    )


@staff_required
def plan_drills(request: AppRequest, pk: int) -> HttpResponse:
    require_perm(request, "emergencies.view_plan")
    plan = selectors.plan_get_for_user(request.user, pk)
    form = forms.DrillForm(request.POST if request.method == "POST" else None)
    return _plan_page(request, plan, drill_form=form)


def _plan_page(
    request: AppRequest,
    plan: Any,
    *,
    drill_form: BaseForm | None = None,
    revision_form: BaseForm | None = None,
    role_form: BaseForm | None = None,
    contacts_form: BaseForm | None = None,
    done_form: BaseForm | None = None,
) -> HttpResponse:
    form = forms.DrillForm() if drill_form is None else drill_form
    if request.method == "POST" and drill_form is not None:
        require_perm(request, "emergencies.handle_incident")
        if form.is_valid() and attempt(
            form,
            lambda: preparedness.drill_record(
                plan=plan, by=request.user, **form.cleaned_data
            ),
        ):
            messages.success(request, "已记录演练。")
            return redirect("emergencies:plan-drills", pk=plan.pk)
    drills = list(selectors.drills_of(plan))
    if done_form is None:
        done_form = forms.DrillDoneForm(
            plan=plan, initial={"done_on": timezone.localdate()}
        )
    return render(
        request,
        "emergencies/plan_drills.html",
        {
            "plan": plan,
            "drills": drills,
            "done_form": done_form,
            "follow_ups_pending": any(
                d.follow_ups and not d.follow_ups_done_on for d in drills
            ),
            "revisions": selectors.revisions_of(plan),
            "roles": selectors.roles_of(plan),
            "role_form": forms.PlanRoleForm() if role_form is None else role_form,
            "contacts_form": (
                forms.PlanContactsForm(initial={"contacts": plan.contacts})
                if contacts_form is None
                else contacts_form
            ),
            "history": selectors.plan_history(plan, ACTION_LABELS),
            "form": form,
            "revision_form": (
                forms.PlanRevisionForm() if revision_form is None else revision_form
            ),
            "today": timezone.localdate(),
        },
        status=refused_status(form, revision_form, role_form, contacts_form, done_form),
    )


@require_POST
@staff_required
def drill_follow_ups_done(request: AppRequest, pk: int) -> HttpResponse:
    """Mark the follow-ups of one of the plan's drills done; the form shows again
    with the error (400)."""
    require_perm(request, "emergencies.view_plan")
    plan = selectors.plan_get_for_user(request.user, pk)
    require_perm(request, "emergencies.handle_incident")
    form = forms.DrillDoneForm(request.POST, plan=plan)
    if form.is_valid() and attempt(
        form,
        lambda: preparedness.drill_follow_ups_done(
            by=request.user, **form.cleaned_data
        ),
    ):
        messages.success(request, "已登记整改完成。")
        return redirect("emergencies:plan-drills", pk=plan.pk)
    response = _plan_page(request, plan, done_form=form)
    response.status_code = 400
    return response


@require_POST
@staff_required
def plan_revise(request: AppRequest, pk: int) -> HttpResponse:
    """Record a revision (修订) of a plan; the form shows again with the error."""
    require_perm(request, "emergencies.view_plan")
    plan = selectors.plan_get_for_user(request.user, pk)
    require_perm(request, "emergencies.handle_incident")
    form = forms.PlanRevisionForm(request.POST)
    if form.is_valid() and attempt(
        form,
        lambda: preparedness.plan_revise(
            plan=plan, by=request.user, **form.cleaned_data
        ),
    ):
        messages.success(request, "已记录预案修订。")
        return redirect("emergencies:plan-drills", pk=plan.pk)
    return _plan_page(request, plan, revision_form=form)
