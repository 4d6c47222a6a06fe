"""Classes, the supervision calendar and inspection planning (draws, tasks,
conflicts of interest, positive-list approvals)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from ecobureau.accounts.decorators import require_perm, staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.casework import selectors as casework_selectors
from ecobureau.core.forms import attempt, refused_status

from . import selectors, services
from .forms import (
    ConflictForm,
    DrawExecuteForm,
    DrawForm,
    KeyDocumentForm,
    ListedRequestForm,
    NonsiteForm,
    OfficerForm,
    OverrideForm,
    PolicyForm,
    PollutionForm,
    ReasonForm,
    TaskCompleteForm,
    TaskForm,
    ViolationForm,
)
from .models import Draw, InspectionTask, Violation
from .views import form_page

# --- Classes -----------------------------------------------------------------------


@require_GET
@staff_required
def class_list(request: AppRequest) -> HttpResponse:
    require_perm(request, "grid.view_enterprisesupervision")
    klass = request.GET.get("klass", "")
    q = request.GET.get("q", "")
    rows = selectors.supervision_list_for_user(request.user, klass=klass, q=q)
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "grid/class_list.html",
        {
            "page": page,
            "klass": klass,
            "q": q,
            "counts": selectors.class_counts(request.user),
            "querystring_without_page": f"klass={klass}&q={q}&",
        },
    )


@staff_required
def class_detail(request: AppRequest, enterprise_pk: int) -> HttpResponse:
    """An enterprise's class, why, its violations, and the officer's actions."""
    require_perm(request, "grid.view_enterprisesupervision")
    row = selectors.supervision_get_for_user(request.user, enterprise_pk)
    forms_: dict[str, Any] = {
        "override_form": OverrideForm(),
        "clear_form": ReasonForm(),
        "pollution_form": PollutionForm(initial={"pollution": row.pollution}),
        "officer_form": OfficerForm(
            user=request.user, initial={"officer": row.officer}
        ),
        "violation_form": ViolationForm(),
        "nonsite_form": NonsiteForm(
            user=request.user, initial={"on": timezone.localdate()}
        ),
        "document_form": KeyDocumentForm(initial={"issued_on": timezone.localdate()}),
    }
    if request.method == "POST":
        action = request.POST.get("form", "")
        handled = _class_action(request, row, action, forms_)
        if handled:
            return redirect("grid:class-detail", enterprise_pk=enterprise_pk)
        row.refresh_from_db()
    return render(
        request,
        "grid/class_detail.html",
        {
            "row": row,
            "enterprise": row.enterprise,
            "violations": selectors.violations_for(row.enterprise),
            "tasks": selectors.tasks_for_enterprise(row.enterprise)[:20],
            "policy": selectors.policies()[row.klass],
            "documents": selectors.key_documents(row),
            "reviews": selectors.reviews_of_enterprise(request.user, row.enterprise),
            "may_manage": request.user.has_perm("grid.manage_class"),
            "may_check": request.user.has_perm("grid.add_inspectiontask"),
            "history": casework_selectors.history_for(row),
            **forms_,
        },
        status=refused_status(*forms_.values()),
    )


def _class_action(
    request: AppRequest, row: Any, action: str, forms_: dict[str, Any]
) -> bool:
    user = request.user
    form: Any
    if action == "override":
        form = forms_["override_form"] = OverrideForm(request.POST)
        return form.is_valid() and attempt(
            form,
            lambda: services.class_override(
                supervision=row,
                klass=form.cleaned_data["klass"],
                reason=form.cleaned_data["reason"],
                by=user,
            ),
        )
    if action == "clear":
        form = forms_["clear_form"] = ReasonForm(request.POST)
        return form.is_valid() and attempt(
            form,
            lambda: services.class_override_clear(
                supervision=row, reason=form.cleaned_data["reason"], by=user
            ),
        )
    if action == "pollution":
        form = forms_["pollution_form"] = PollutionForm(request.POST)
        return form.is_valid() and attempt(
            form,
            lambda: services.pollution_set(
                supervision=row,
                pollution=form.cleaned_data["pollution"],
                reason=form.cleaned_data["reason"],
                by=user,
            ),
        )
    if action == "officer":
        form = forms_["officer_form"] = OfficerForm(request.POST, user=user)
        return form.is_valid() and attempt(
            form,
            lambda: services.officer_assign(
                supervision=row, officer=form.cleaned_data["officer"], by=user
            ),
        )
    if action == "violation":
        require_perm(request, "grid.manage_class")
        form = forms_["violation_form"] = ViolationForm(request.POST)
        data = form.cleaned_data if form.is_valid() else {}
        return bool(data) and attempt(
            form,
            lambda: services.violation_record(
                enterprise=row.enterprise,
                occurred_on=data["occurred_on"],
                description=data["description"],
                by=user,
                source=("manual", data["source"]) if data["source"] else None,
            ),
        )
    if action == "document":
        form = forms_["document_form"] = KeyDocumentForm(request.POST, request.FILES)
        return form.is_valid() and attempt(
            form,
            lambda: services.key_document_add(
                supervision=row, by=user, **form.cleaned_data
            ),
        )
    if action == "nonsite":
        form = forms_["nonsite_form"] = NonsiteForm(request.POST, user=user)
        return form.is_valid() and attempt(
            form,
            lambda: services.nonsite_check_record(
                enterprise=row.enterprise,
                on=form.cleaned_data["on"],
                summary=form.cleaned_data["summary"],
                by=user,
            ),
        )
    return False


@require_POST
@staff_required
def violation_revoke(request: AppRequest, pk: int) -> HttpResponse:
    violation = get_object_or_404(Violation, pk=pk)
    selectors.supervision_get_for_user(request.user, violation.enterprise_id)
    try:
        services.violation_revoke(
            violation=violation, reason=request.POST.get("reason", ""), by=request.user
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, "违法记录已撤销，分类已重新核定。")
    return redirect("grid:class-detail", enterprise_pk=violation.enterprise_id)


@staff_required
def policy(request: AppRequest) -> HttpResponse:
    """Each class's supervision frequency and draw share (示例配置 until set)."""
    require_perm(request, "grid.view_enterprisesupervision")
    current = selectors.policies()
    forms_ = {
        klass: PolicyForm(
            request.POST if request.POST.get("klass") == klass else None,
            prefix=klass,
            initial={
                "supervision_months": current[klass].supervision_months,
                "draw_percent": current[klass].draw_percent,
                "basis": current[klass].basis,
            },
        )
        for klass in ("C", "B", "A")
    }
    if request.method == "POST":
        klass = request.POST.get("klass", "")
        form = forms_.get(klass)
        if form is not None and form.is_valid():
            data = form.cleaned_data
            if attempt(
                form,
                lambda: services.policy_update(
                    klass=klass,
                    supervision_months=data["supervision_months"],
                    draw_percent=data["draw_percent"],
                    basis=data["basis"],
                    by=request.user,
                ),
            ):
                messages.success(request, f"{klass}类监管参数已保存。")
                return redirect("grid:policy")
    return render(
        request,
        "grid/policy.html",
        {
            "rows": [
                (klass, current[klass], forms_[klass]) for klass in ("C", "B", "A")
            ],
            "may_edit": request.user.has_perm("grid.manage_plan"),
            "cap": selectors.routine_cap(),
            "team_size": selectors.team_size(),
        },
        status=refused_status(*forms_.values()),
    )


@require_GET
@staff_required
def calendar(request: AppRequest) -> HttpResponse:
    """My enterprises falling due, and my planned checks (到期动态提醒)."""
    return render(
        request,
        "grid/calendar.html",
        {
            "calendar": selectors.due_calendar(request.user),
            "tasks": selectors.tasks_for_inspector(request.user)[:100],
        },
    )


# --- Plan, draws, tasks -------------------------------------------------------------


@require_GET
@staff_required
def plan(request: AppRequest) -> HttpResponse:
    require_perm(request, "grid.view_draw")
    return render(
        request,
        "grid/plan.html",
        {
            "draws": selectors.draw_list_for_user(request.user)[:20],
            "open_tasks": selectors.task_list_for_user(
                request.user, status=InspectionTask.Status.PLANNED
            ).count(),
            "requests": selectors.listed_request_list_for_user(request.user)[:10],
            "may_plan": request.user.has_perm("grid.manage_plan"),
            "cap": selectors.routine_cap(),
        },
    )


@staff_required
def draw_new(request: AppRequest) -> HttpResponse:
    require_perm(request, "grid.manage_plan")
    form = DrawForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        inspectors = [user.pk for user in data["inspectors"]] or None
        spec = services.DrawSpec(
            title=data["title"],
            year=data["year"],
            division=data["division"],
            due_by=data["due_by"],
            percents={k: data[f"percent_{k}"] for k in ("A", "B", "C")},
            team_size=data["team_size"],
            inspector_ids=inspectors,
            embargo_until=data["embargo_until"],
        )
        made: list[Draw] = []
        if attempt(
            form, lambda: made.append(services.draw_commit(spec=spec, by=request.user))
        ):
            messages.success(request, "名录已封存，种子哈希已公开。")
            return redirect("grid:draw-detail", pk=made[0].pk)
    return form_page(
        request,
        form,
        title="新建双随机抽查（封存名录与种子）",
        intro="提交后，企业名录（按A/B/C分类，已排除正面清单企业和已达年度日常检查上限的企业）、"
        "检查人员库和回避关系即被封存，系统生成随机种子并公开其哈希值；抽取时可加入此后才公布的公开随机数。"
        "抽取后公开种子、名录和结果，任何人可自行复核。",
        submit="封存并公开种子哈希",
        back=reverse("grid:plan"),
    )


@staff_required
def draw_detail(request: AppRequest, pk: int) -> HttpResponse:
    draw = selectors.draw_get_for_user(request.user, pk)
    form = DrawExecuteForm(request.POST or None)
    cancel_form = ReasonForm()
    if request.method == "POST" and request.POST.get("form") == "cancel":
        cancel_form = ReasonForm(request.POST)
        if cancel_form.is_valid() and attempt(
            cancel_form,
            lambda: services.draw_cancel(
                draw=draw, reason=cancel_form.cleaned_data["reason"], by=request.user
            ),
        ):
            return redirect("grid:draw-detail", pk=pk)
    elif request.method == "POST" and form.is_valid():
        if attempt(
            form,
            lambda: services.draw_execute(
                draw=draw,
                public_entropy=form.cleaned_data["public_entropy"],
                by=request.user,
            ),
        ):
            messages.success(request, "已抽取，结果已生成检查任务。")
            return redirect("grid:draw-detail", pk=pk)
        draw.refresh_from_db()
    return render(
        request,
        "grid/draw_detail.html",
        {
            "draw": draw,
            "form": form,
            "cancel_form": cancel_form,
            "may_plan": request.user.has_perm("grid.manage_plan"),
            "rows": selectors.draw_result_rows(draw)[:200] if draw.is_drawn else [],
            "public_visible": selectors.draw_result_visible(draw),
            "history": casework_selectors.history_for(draw),
        },
        status=refused_status(cancel_form, form),
    )


@require_GET
@staff_required
def task_list(request: AppRequest) -> HttpResponse:
    status = request.GET.get("status", InspectionTask.Status.PLANNED)
    kind = request.GET.get("kind", "")
    tasks = selectors.task_list_for_user(request.user, status=status, kind=kind)
    page = Paginator(tasks, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "grid/task_list.html",
        {
            "page": page,
            "status": status,
            "kind": kind,
            "statuses": InspectionTask.Status.choices,
            "kinds": InspectionTask.Kind.choices,
            "querystring_without_page": f"status={status}&kind={kind}&",
        },
    )


@staff_required
def task_new(request: AppRequest) -> HttpResponse:
    require_perm(request, "grid.add_inspectiontask")
    form = TaskForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        source = (
            (data["source_type"], data["source_id"])
            if data["source_type"] and data["source_id"]
            else None
        )
        made: list[InspectionTask] = []
        if attempt(
            form,
            lambda: made.append(
                services.task_create(
                    enterprise=data["enterprise"],
                    kind=data["kind"],
                    inspectors=list(data["inspectors"]),
                    due_by=data["due_by"],
                    by=request.user,
                    source=source,
                )
            ),
        ):
            return redirect("grid:task-detail", pk=made[0].pk)
    return form_page(
        request,
        form,
        title="安排个案检查或专项检查",
        intro="日常检查须通过双随机抽查安排。投诉举报、数据线索、移交转办和企业申请等个案检查不计入年度日常检查上限；"
        "现场检查须有2名以上持证执法人员，网格员不得参加涉企行政检查（国办发〔2024〕54号）。",
        back=reverse("grid:task-list"),
    )


@staff_required
def task_detail(request: AppRequest, pk: int) -> HttpResponse:
    task = selectors.task_get_for_user(request.user, pk)
    form = TaskCompleteForm(
        request.POST or None, initial={"done_on": timezone.localdate()}
    )
    cancel_form = ReasonForm()
    if request.method == "POST" and request.POST.get("form") == "cancel":
        cancel_form = ReasonForm(request.POST)
        if cancel_form.is_valid() and attempt(
            cancel_form,
            lambda: services.task_cancel(
                task=task, reason=cancel_form.cleaned_data["reason"], by=request.user
            ),
        ):
            return redirect("grid:task-detail", pk=pk)
    elif request.method == "POST" and form.is_valid():
        if attempt(
            form,
            lambda: services.task_complete(
                task=task,
                done_on=form.cleaned_data["done_on"],
                result=form.cleaned_data["result"],
                by=request.user,
            ),
        ):
            messages.success(request, "检查结果已登记。")
            return redirect("grid:task-detail", pk=pk)
        task.refresh_from_db()
    inspectors = selectors.task_inspectors(task)
    return render(
        request,
        "grid/task_detail.html",
        {
            "task": task,
            "inspectors": inspectors,
            "form": form,
            "cancel_form": cancel_form,
            "may_complete": task.status == InspectionTask.Status.PLANNED
            and (
                request.user in inspectors or request.user.has_perm("grid.manage_plan")
            )
            and not selectors.is_grid_officer(request.user),
            "may_cancel": task.status == InspectionTask.Status.PLANNED
            and request.user.has_perm("grid.manage_plan"),
            "history": casework_selectors.history_for(task),
        },
        status=refused_status(cancel_form, form),
    )


@staff_required
def conflict_list(request: AppRequest) -> HttpResponse:
    require_perm(request, "grid.view_draw")
    form = ConflictForm(request.POST or None, user=request.user)
    if request.method == "POST" and request.POST.get("form") == "end":
        conflict = get_object_or_404(
            selectors.conflict_list_for_user(request.user),
            pk=request.POST.get("conflict"),
        )
        try:
            services.conflict_end(
                conflict=conflict,
                reason=request.POST.get("reason", ""),
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        return redirect("grid:conflict-list")
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            form,
            lambda: services.conflict_declare(
                inspector=data["inspector"],
                enterprise=data["enterprise"],
                reason=data["reason"],
                by=request.user,
            ),
        ):
            messages.success(request, "回避关系已登记。")
            return redirect("grid:conflict-list")
    page = Paginator(selectors.conflict_list_for_user(request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "grid/conflict_list.html",
        {"page": page, "form": form},
        status=refused_status(form),
    )


@staff_required
def listed_request_new(request: AppRequest) -> HttpResponse:
    require_perm(request, "grid.add_listedcheckrequest")
    form = ListedRequestForm(
        request.POST or None,
        user=request.user,
        initial={"year": timezone.localdate().year},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        made: list[Any] = []
        if attempt(
            form,
            lambda: made.append(
                services.listed_request_create(
                    enterprise=data["enterprise"],
                    year=data["year"],
                    reason=data["reason"],
                    by=request.user,
                )
            ),
        ):
            return redirect("grid:listed-request-detail", pk=made[0].pk)
    return form_page(
        request,
        form,
        title="正面清单企业现场检查审批",
        intro="正面清单企业“非必要不现场执法检查”，确需现场检查的，经执法机构负责人批准（承办→审核→批准）。",
        submit="提请审批",
        back=reverse("grid:plan"),
    )


@require_GET
@staff_required
def listed_request_detail(request: AppRequest, pk: int) -> HttpResponse:
    listed = selectors.listed_request_get_for_user(request.user, pk)
    return render(
        request,
        "grid/listed_request_detail.html",
        {
            "listed": listed,
            "approvals": casework_selectors.approval_panels_for_target(
                request.user, listed
            ),
            "approved": listed.enterprise_id
            in selectors.approved_listed_requests(listed.year),
            "history": casework_selectors.history_for(listed),
        },
    )
