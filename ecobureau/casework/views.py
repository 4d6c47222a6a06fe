from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest

from . import registry, selectors, services
from .forms import AccountabilityActForm, ClockExtendForm, ClockPauseForm
from .models import WorkItem
from .processes import ACCOUNTABILITY


@require_GET
@staff_required
def workbench(request: AppRequest) -> HttpResponse:
    """我的待办: every item waiting for me across modules, most urgent first."""
    view = "scope" if request.GET.get("view") == "scope" else "mine"
    offset_param = request.GET.get("offset", "0")
    offset = int(offset_param) if offset_param.isdigit() else 0
    page = selectors.workbench_page(request.user, view=view, offset=offset)
    template = "casework/workbench.html"
    if request.htmx:
        template += "#workbench-rows"
    return render(
        request,
        template,
        {
            "view": view,
            "page": page,
            "next_offset": offset + selectors.WORKBENCH_PAGE_SIZE,
            "urgency": WorkItem.Urgency,
        },
    )


@require_GET
@staff_required
def target_open(request: AppRequest, label: str, pk: int) -> HttpResponse:
    """Follow a work item to its object, if the user may see it."""
    obj = registry.target_get_for_user(request.user, label, pk)
    return redirect(registry.target_type(label).url(obj))


@require_GET
@staff_required
def clock_detail(request: AppRequest, pk: int) -> HttpResponse:
    clock = selectors.clock_get_for_user(request.user, pk)
    explanation = services.clock_explain(clock=clock)
    return render(
        request,
        "casework/clock_detail.html",
        {
            "clock": clock,
            "explanation": explanation,
            "pause_form": ClockPauseForm(),
            "extend_form": ClockExtendForm(),
            "target_url": f"/workbench/open/{clock.target_type}/{clock.target_id}/",
        },
    )


@require_POST
@staff_required
def clock_pause(request: AppRequest, pk: int) -> HttpResponse:
    clock = selectors.clock_get_for_user(request.user, pk)
    form = ClockPauseForm(request.POST)
    if form.is_valid():
        try:
            services.clock_pause(
                clock=clock,
                reason=form.cleaned_data["reason"],
                by=request.user,
                starts_on=form.cleaned_data["starts_on"],
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("casework:clock-detail", pk=pk)
    return render(
        request,
        "casework/clock_detail.html",
        {
            "clock": clock,
            "pause_form": form,
            "extend_form": ClockExtendForm(),
            "explanation": services.clock_explain(clock=clock),
        },
        status=400,
    )


@require_POST
@staff_required
def clock_resume(request: AppRequest, pk: int) -> HttpResponse:
    clock = selectors.clock_get_for_user(request.user, pk)
    try:
        services.clock_resume(clock=clock, by=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    return redirect("casework:clock-detail", pk=pk)


@require_POST
@staff_required
def clock_extend(request: AppRequest, pk: int) -> HttpResponse:
    clock = selectors.clock_get_for_user(request.user, pk)
    if not selectors.may_approve_extension(request.user, clock):
        raise PermissionDenied("延长时限须由单位负责人批准。")
    form = ClockExtendForm(request.POST)
    if form.is_valid():
        try:
            services.clock_extend(
                clock=clock,
                amount=form.cleaned_data["amount"],
                reason=form.cleaned_data["reason"],
                approved_by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("casework:clock-detail", pk=pk)
    return render(
        request,
        "casework/clock_detail.html",
        {
            "clock": clock,
            "pause_form": ClockPauseForm(),
            "extend_form": form,
            "explanation": services.clock_explain(clock=clock),
        },
        status=400,
    )


@require_GET
@staff_required
@permission_required("core.view_calendarday", raise_exception=True)
def provisional_list(request: AppRequest) -> HttpResponse:
    """Deadlines computed on a year whose official holidays are not yet known."""
    return render(
        request,
        "casework/provisional_list.html",
        {"clocks": selectors.provisional_clocks()[:500]},
    )


@require_GET
@staff_required
def accountability_list(request: AppRequest) -> HttpResponse:
    followups = selectors.accountability_list_for_user(request.user)[:200]
    return render(
        request, "casework/accountability_list.html", {"followups": followups}
    )


@require_http_methods(["GET", "POST"])
@staff_required
def accountability_detail(request: AppRequest, pk: int) -> HttpResponse:
    followup = selectors.accountability_get_for_user(request.user, pk)
    form = AccountabilityActForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        changes = {k: data[k] for k in ("findings", "outcome") if data[k]}
        try:
            services.case_transition(
                process=ACCOUNTABILITY,
                case=followup,
                transition=data["transition"],
                by=request.user,
                changes=changes,
                note=data["note"],
            )
        except (ValidationError, KeyError) as error:
            form.add_error(
                None, error if isinstance(error, ValidationError) else "未知的操作。"
            )
        else:
            return redirect("casework:accountability-detail", pk=pk)
        followup.refresh_from_db()
    return render(
        request,
        "casework/accountability_detail.html",
        {
            "followup": followup,
            "form": form,
            "transitions": ACCOUNTABILITY.available(followup.status),
            "step_label": ACCOUNTABILITY.step(followup.status).label,
            "history": selectors.history_for(followup),
            "clocks": services.clocks_for(followup),
        },
    )
