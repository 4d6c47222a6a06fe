"""Staff pages for demands, commissioners, visits, EIA units and supervisors; the
enterprise's own demand pages; the public EIA register."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import BaseForm, Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from ecobureau.accounts.decorators import (
    public_account_required,
    require_perm,
    staff_required,
)
from ecobureau.accounts.http import AppRequest
from ecobureau.casework import selectors as casework_selectors
from ecobureau.core.forms import attempt, refused_status
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.lib.dates import SHANGHAI

from . import forms, rules, selectors, services
from .models import Demand, Visit
from .processes import DEMAND, HEAD_ROLES

PAGE_SIZE = 50
ACTION_LABELS = {
    "engagement.demand.create": "提交诉求",
    "engagement.demand.assign": "分派办理",
    "engagement.demand.answer": "答复企业",
    "engagement.demand.reopen": "重新办理",
    "engagement.demand.rate": "企业评价",
}


def _form_page(
    request: AppRequest, form: BaseForm, title: str, back: str, intro: str = ""
) -> HttpResponse:
    return render(
        request,
        "engagement/form_page.html",
        {"form": form, "title": title, "back": back, "intro": intro},
        status=refused_status(form),
    )


# --- Demands (staff) ----------------------------------------------------------------


@require_GET
@staff_required
def index(request: AppRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    demands = selectors.demand_list_for_user(request.user, status=status)
    page = Paginator(demands, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "engagement/demand_list.html",
        {"page": page, "status": status, "steps": DEMAND.steps},
    )


@staff_required
def demand_new(request: AppRequest) -> HttpResponse:
    require_perm(request, "engagement.handle_demand")
    form = forms.StaffDemandForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        created: list[Demand] = []
        if attempt(
            form,
            lambda: created.append(
                services.demand_file(
                    by=request.user,
                    enterprise=data["enterprise"],
                    title=data["title"],
                    content=data["content"],
                    category=data["category"],
                    channel=data["channel"],
                )
            ),
        ):
            messages.success(request, "诉求已登记，答复时限开始计时。")
            return redirect(created[0])
    return _form_page(
        request,
        form,
        "代企业登记诉求",
        "engagement:index",
        rules.DEMAND_REPLY_BASIS.format(days=rules.demand_reply_workdays()),
    )


def _demand_context(
    request: AppRequest, demand: Demand, bound: dict[str, Form]
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "demand": demand,
        "clocks": selectors.clocks_of(demand),
        "history": casework_selectors.history_for(demand, ACTION_LABELS),
        "may_handle": request.user.has_perm("engagement.handle_demand"),
        "may_reopen": request.user.is_superuser
        or request.user.roles.filter(code__in=HEAD_ROLES).exists(),
        "forms": {
            "assign": forms.AssignForm(
                initial={"unit": request.user.unit_id, "assignee": request.user.pk}
            ),
            "answer": forms.AnswerForm(),
            "reopen": forms.ReopenForm(),
        },
    }
    context["forms"].update(bound)
    return context


@require_GET
@staff_required
def demand_detail(request: AppRequest, pk: int) -> HttpResponse:
    demand = selectors.demand_get_for_user(request.user, pk)
    return render(
        request, "engagement/demand_detail.html", _demand_context(request, demand, {})
    )


@require_POST
@staff_required
def demand_act(request: AppRequest, pk: int, action: str) -> HttpResponse:
    demand = selectors.demand_get_for_user(request.user, pk)
    form_classes: dict[str, type[Form]] = {
        "assign": forms.AssignForm,
        "answer": forms.AnswerForm,
        "reopen": forms.ReopenForm,
    }
    if action not in form_classes:
        raise PermissionDenied("未知的操作。")
    form = form_classes[action](request.POST)

    def perform() -> None:
        data = form.cleaned_data
        if action == "assign":
            services.demand_assign(
                demand=demand,
                by=request.user,
                unit=data["unit"],
                assignee=data["assignee"],
            )
        elif action == "answer":
            services.demand_answer(
                demand=demand, by=request.user, answer=data["answer"]
            )
        else:
            services.demand_reopen(
                demand=demand, by=request.user, note=data["reopen_note"]
            )

    if form.is_valid() and attempt(form, perform):
        messages.success(request, "已办理。")
        return redirect(demand)
    return render(
        request,
        "engagement/demand_detail.html",
        _demand_context(request, demand, {action: form}),
        status=refused_status(form),
    )


@require_GET
@staff_required
def satisfaction(request: AppRequest) -> HttpResponse:
    require_perm(request, "engagement.view_demand")
    return render(
        request,
        "engagement/satisfaction.html",
        {"rows": selectors.satisfaction_for_user(request.user)},
    )


# --- Demands (the enterprise's own) -------------------------------------------------


@public_account_required
def my_demands(request: AppRequest) -> HttpResponse:
    enterprise = enterprise_selectors.enterprise_for_account(request.user)
    if enterprise is None:
        raise PermissionDenied("仅限已核验的企业账户使用企业诉求平台。")
    form = forms.EnterpriseDemandForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            form,
            lambda: services.demand_file(
                by=request.user,
                enterprise=enterprise,
                title=data["title"],
                content=data["content"],
                category=data["category"],
            ),
        ):
            messages.success(request, "诉求已提交，我们将在答复时限内答复。")
            return redirect("engagement:my-demands")
    demands = selectors.demand_list_for_user(request.user)
    page = Paginator(demands, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "engagement/my_demands.html",
        {
            "page": page,
            "form": form,
            "enterprise": enterprise,
            "reply_days": rules.demand_reply_workdays(),
        },
        status=refused_status(form),
    )


@public_account_required
def my_demand_detail(request: AppRequest, pk: int) -> HttpResponse:
    demand = selectors.demand_get_for_user(request.user, pk)
    form = forms.RateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            form,
            lambda: services.demand_rate(
                demand=demand,
                by=request.user,
                rating=data["rating"],
                comment=data["comment"],
            ),
        ):
            messages.success(request, "感谢您的评价。")
            return redirect("engagement:my-demand-detail", pk=demand.pk)
    return render(
        request,
        "engagement/my_demand_detail.html",
        {"demand": demand, "form": form, "clocks": selectors.clocks_of(demand)},
        status=refused_status(form),
    )


# --- Commissioners and visits -------------------------------------------------------


@staff_required
def commissioner_list(request: AppRequest) -> HttpResponse:
    require_perm(request, "engagement.view_commissioner")
    may_manage = request.user.has_perm("engagement.manage_commissioner")
    form = forms.CommissionerForm(request.POST or None, user=request.user)
    if request.method == "POST":
        require_perm(request, "engagement.manage_commissioner")
        if form.is_valid():
            data = form.cleaned_data
            if attempt(
                form,
                lambda: services.commissioner_assign(
                    by=request.user,
                    enterprise=data["enterprise"],
                    commissioner=data["commissioner"],
                    rank=data["rank"],
                    started_on=data["started_on"],
                ),
            ):
                messages.success(request, "已选派服务专员。")
                return redirect("engagement:commissioner-list")
    history = request.GET.get("history") == "1"
    rows = selectors.commissioner_list_for_user(request.user, active_only=not history)
    return render(
        request,
        "engagement/commissioner_list.html",
        {
            "page": Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page")),
            "form": form if may_manage else None,
            "history": history,
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def visit_list(request: AppRequest) -> HttpResponse:
    require_perm(request, "engagement.view_visit")
    form = forms.VisitForm(
        request.POST or None,
        user=request.user,
        initial={"visited_on": timezone.now().astimezone(SHANGHAI).date()},
    )
    if request.method == "POST":
        require_perm(request, "engagement.handle_demand")
        if form.is_valid():
            data = form.cleaned_data
            if attempt(
                form,
                lambda: services.visit_record(
                    by=request.user,
                    enterprise=data["enterprise"],
                    kind=data["kind"],
                    visited_on=data["visited_on"],
                    difficulties=data["difficulties"],
                    help_given=data["help_given"],
                    demand_title=data["demand_title"],
                    demand_category=data["demand_category"],
                ),
            ):
                messages.success(request, "走访记录已保存。")
                return redirect("engagement:visit-list")
    kind = request.GET.get("kind", "")
    visits = selectors.visit_list_for_user(request.user, kind=kind)
    return render(
        request,
        "engagement/visit_list.html",
        {
            "page": Paginator(visits, PAGE_SIZE).get_page(request.GET.get("page")),
            "form": form,
            "kind": kind,
            "kinds": Visit.Kind.choices,
            "months": selectors.visits_by_month_for_user(request.user)[:12],
        },
        status=refused_status(form),
    )


@require_GET
@staff_required
def cadre_visits(request: AppRequest) -> HttpResponse:
    """A69: which participating cadres have no 百名干部进千家企业 visit in a month
    (?month=YYYY-MM, this month by default)."""
    require_perm(request, "engagement.view_visit")
    today = timezone.now().astimezone(SHANGHAI).date()
    try:
        year, number = (int(part) for part in request.GET["month"].split("-"))
        month = date(year, number, 1)
    except (KeyError, ValueError):
        month = today.replace(day=1)
    rows = selectors.cadre_visit_completeness(request.user, month=month)
    return render(
        request,
        "engagement/cadre_visits.html",
        {
            "month": month,
            "rows": rows,
            "missing": sum(1 for row in rows if row.missing),
            "basis": rules.CADRE_VISIT_BASIS,
        },
    )


# --- EIA intermediaries -------------------------------------------------------------


@require_GET
@staff_required
def eia_list(request: AppRequest) -> HttpResponse:
    require_perm(request, "engagement.view_eiaunit")
    units = selectors.eia_unit_list_for_user(request.user)
    return render(
        request,
        "engagement/eia_list.html",
        {"page": Paginator(units, PAGE_SIZE).get_page(request.GET.get("page"))},
    )


@staff_required
def eia_new(request: AppRequest) -> HttpResponse:
    require_perm(request, "engagement.manage_eia")
    form = forms.EiaUnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created: list[Any] = []
        if attempt(
            form,
            lambda: created.append(
                services.eia_unit_register(by=request.user, **form.cleaned_data)
            ),
        ):
            messages.success(request, "技术单位已登记。")
            return redirect(created[0])
    return _form_page(request, form, "登记环评中介服务技术单位", "engagement:eia-list")


def _eia_context(
    request: AppRequest, unit: Any, bound: dict[str, Form]
) -> dict[str, Any]:
    context: dict[str, Any] = {
        "unit": unit,
        "staff": unit.staff.order_by("-lead_author", "name"),
        "records": selectors.conduct_records_of(unit),
        "may_manage": request.user.has_perm("engagement.manage_eia"),
        "may_open_case": request.user.has_perm("enforcement.open_case"),
        "penalty": rules.PENALTY,
        "consequence_labels": rules.CONSEQUENCE_LABELS,
        "reports": selectors.eia_reports_of(unit),
        "forms": {
            "staff": forms.EiaStaffForm(),
            "conduct": forms.ConductForm(),
            "report": forms.EiaReportForm(unit=unit),
            "submit": forms.EiaSubmitForm(),
            "case": forms.ConductCaseForm(),
            "decide": forms.DecideForm(),
            "dismiss": forms.DismissForm(),
            "publish": forms.PublishForm(),
        },
        "bound_record": None,
        "blank": {
            "decide": forms.DecideForm(),
            "dismiss": forms.DismissForm(),
            "case": forms.ConductCaseForm(),
        },
    }
    context["forms"].update(bound)
    submit = bound.get("submit")
    context["bound_report"] = submit.data.get("report") if submit is not None else None
    returned = bound.get("return")
    context["return_form"] = returned or forms.EiaReturnForm()
    context["bound_return"] = (
        returned.data.get("report") if returned is not None else None
    )
    context["returns_basis"] = rules.RETURNS_BASIS
    return context


@require_GET
@staff_required
def eia_detail(request: AppRequest, pk: int) -> HttpResponse:
    unit = selectors.eia_unit_get_for_user(request.user, pk)
    return render(
        request, "engagement/eia_detail.html", _eia_context(request, unit, {})
    )


@require_POST
@staff_required
def eia_act(request: AppRequest, pk: int, action: str) -> HttpResponse:
    """Add a staff member, register a conduct event, register an EIA report or
    submit one for approval (A102)."""
    unit = selectors.eia_unit_get_for_user(request.user, pk)
    form: Form
    if action == "staff":
        form = forms.EiaStaffForm(request.POST)
        perform: Callable[[], Any] = lambda: services.eia_staff_add(  # noqa: E731
            by=request.user, unit=unit, **form.cleaned_data
        )
    elif action == "conduct":
        form = forms.ConductForm(request.POST)
        perform = lambda: services.conduct_register(  # noqa: E731
            by=request.user, unit=unit, **form.cleaned_data
        )
    elif action == "report":
        form = forms.EiaReportForm(request.POST, unit=unit)
        perform = lambda: services.eia_report_register(  # noqa: E731
            by=request.user, unit=unit, **form.cleaned_data
        )
    elif action == "return":
        form = forms.EiaReturnForm(request.POST)

        def perform() -> None:
            data = dict(form.cleaned_data)
            report = selectors.eia_report_get(unit, data.pop("report"))
            services.eia_report_return(by=request.user, report=report, **data)

    elif action == "submit":
        form = forms.EiaSubmitForm(request.POST)

        def perform() -> None:
            data = dict(form.cleaned_data)
            report = selectors.eia_report_get(unit, data.pop("report"))
            services.eia_report_submit(by=request.user, report=report, **data)

    else:
        raise PermissionDenied("未知的操作。")
    if form.is_valid() and attempt(form, perform):
        messages.success(request, "已保存。")
        return redirect(unit)
    return render(
        request,
        "engagement/eia_detail.html",
        _eia_context(request, unit, {action: form}),
        status=400,
    )


@require_POST
@staff_required
def conduct_act(request: AppRequest, pk: int, action: str) -> HttpResponse:
    record = selectors.conduct_get_for_user(request.user, pk)
    form_classes: dict[str, type[Form]] = {
        "decide": forms.DecideForm,
        "dismiss": forms.DismissForm,
        "publish": forms.PublishForm,
        "case": forms.ConductCaseForm,
    }
    if action not in form_classes:
        raise PermissionDenied("未知的操作。")
    form = form_classes[action](request.POST)

    def run() -> None:
        data = form.cleaned_data
        if action == "decide":
            services.conduct_decide(
                record=record,
                by=request.user,
                reason=data["reason"],
                points=data["points"],
                judicial=data["judicial"],
            )
        elif action == "dismiss":
            services.conduct_dismiss(
                record=record, by=request.user, reason=data["reason"]
            )
        elif action == "publish":
            services.conduct_publish(
                record=record, by=request.user, public_summary=data["public_summary"]
            )
        else:
            services.conduct_open_case(
                by=request.user,
                record=record,
                officers=list(data["officers"]),
                facts=data["facts"],
            )

    if form.is_valid() and attempt(form, run):
        messages.success(request, "已办理。")
        return redirect(record.unit)
    context = _eia_context(request, record.unit, {action: form})
    context["bound_record"] = record.pk
    return render(request, "engagement/eia_detail.html", context, status=400)


@require_GET
def eia_public(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "engagement/eia_public.html",
        {
            "units": selectors.eia_unit_list_public(),
            "records": Paginator(selectors.conduct_list_public(), 30).get_page(
                request.GET.get("page")
            ),
            "consequence_labels": rules.CONSEQUENCE_LABELS,
            "basis": rules.PUBLICATION_BASIS,
        },
    )


# --- Supervisors --------------------------------------------------------------------


@staff_required
def supervisor_list(request: AppRequest) -> HttpResponse:
    require_perm(request, "engagement.view_supervisor")
    may_manage = request.user.has_perm("engagement.manage_supervisor")
    form = forms.SupervisorForm(request.POST or None)
    if request.method == "POST":
        require_perm(request, "engagement.manage_supervisor")
        if form.is_valid() and attempt(
            form,
            lambda: services.supervisor_appoint(by=request.user, **form.cleaned_data),
        ):
            messages.success(request, "监督员已聘任。")
            return redirect("engagement:supervisor-list")
    group = request.GET.get("group", "")
    year = timezone.now().astimezone(SHANGHAI).year
    supervisors = selectors.supervisor_list_for_user(request.user, group=group)
    return render(
        request,
        "engagement/supervisor_list.html",
        {
            "page": Paginator(supervisors, PAGE_SIZE).get_page(request.GET.get("page")),
            "form": form if may_manage else None,
            "group": group,
            "year": year,
            "counts": selectors.participation_counts_for_user(request.user, year=year),
            "count_basis": rules.BUSINESS_COUNT_BASIS,
            "today": timezone.now().astimezone(SHANGHAI).date(),
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def supervisor_detail(request: AppRequest, pk: int) -> HttpResponse:
    supervisor = selectors.supervisor_get_for_user(request.user, pk)
    may_manage = request.user.has_perm("engagement.manage_supervisor")
    form = forms.ParticipationForm(request.POST if "kind" in request.POST else None)
    dismiss = forms.SupervisorDismissForm(
        request.POST if "dismiss" in request.POST else None
    )
    matter = forms.MatterForm(request.POST if "case_id" in request.POST else None)
    if request.method == "POST":
        require_perm(request, "engagement.manage_supervisor")
        if "dismiss" in request.POST:
            if dismiss.is_valid() and attempt(
                dismiss,
                lambda: services.supervisor_dismiss(
                    by=request.user, supervisor=supervisor, **dismiss.cleaned_data
                ),
            ):
                messages.success(request, "已解聘。")
                return redirect("engagement:supervisor-detail", pk=supervisor.pk)
        elif "case_id" in request.POST:
            if matter.is_valid() and attempt(
                matter,
                lambda: services.matter_grant(
                    by=request.user, supervisor=supervisor, **matter.cleaned_data
                ),
            ):
                messages.success(request, "已授权监督该案件。")
                return redirect("engagement:supervisor-detail", pk=supervisor.pk)
        elif request.POST.get("renew"):
            try:
                services.supervisor_renew(by=request.user, supervisor=supervisor)
                messages.success(request, "已续聘。")
            except ValidationError as error:
                messages.error(request, "；".join(error.messages))
            return redirect("engagement:supervisor-detail", pk=supervisor.pk)
        elif form.is_valid() and attempt(
            form,
            lambda: services.participation_record(
                by=request.user, supervisor=supervisor, **form.cleaned_data
            ),
        ):
            messages.success(request, "参与记录已保存。")
            return redirect("engagement:supervisor-detail", pk=supervisor.pk)
    return render(
        request,
        "engagement/supervisor_detail.html",
        {
            "supervisor": supervisor,
            "participations": selectors.participations_of(supervisor),
            "form": form if may_manage else None,
            "dismiss": dismiss if may_manage else None,
            "matter_form": matter if may_manage else None,
            "matters": selectors.matters_of(supervisor),
            "basis": (
                rules.BUSINESS_SUPERVISOR_TERM_BASIS.format(
                    years=rules.business_supervisor_term_years()
                )
                if supervisor.group == supervisor.Group.BUSINESS
                else rules.SUPERVISOR_TERM_BASIS
            ),
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def supervisor_edit(request: AppRequest, pk: int) -> HttpResponse:
    """Complete or correct a register entry (A108): managers of the register only."""
    require_perm(request, "engagement.manage_supervisor")
    supervisor = selectors.supervisor_get_for_user(request.user, pk)
    initial = {
        field: getattr(supervisor, field) for field in services.SUPERVISOR_EDITABLE
    }
    form = forms.SupervisorEditForm(request.POST or None, initial=initial)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: services.supervisor_update(
                by=request.user, supervisor=supervisor, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, "登记信息已保存。")
        return redirect("engagement:supervisor-detail", pk=supervisor.pk)
    return render(
        request,
        "engagement/supervisor_edit.html",
        {
            "supervisor": supervisor,
            "form": form,
            "missing": [
                label
                for label, value in (
                    ("出生日期", supervisor.birth_date),
                    ("监督员证编号", supervisor.certificate_no),
                )
                if supervisor.group == supervisor.Group.ENFORCEMENT and not value
            ],
        },
        status=400 if request.method == "POST" else 200,
    )
