"""Work plan pages (工作计划及其完成情况, D19): the plans with the form registering
one, a plan with its items (add, publish), an item with its progress form. Quality
staff read; the city bureau registers and publishes; progress is reported by the
city bureau or by the sub-bureau of the item's district. Refused forms answer 400
with what was typed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.casework.selectors import history_for
from ecobureau.core.forms import attempt

from . import selectors, services
from .forms import WorkPlanForm, WorkPlanItemForm, WorkPlanProgressForm
from .views import _require_view
from .views_responsibility import _can_record

ACTION_LABELS = {
    "quality.work_plan_create": "登记工作计划",
    "quality.work_plan_item_add": "增加工作任务",
    "quality.work_plan_item_progress": "填报进展",
    "quality.work_plan_publish": "在门户网站公开",
}


@staff_required
def work_plans(request: AppRequest) -> HttpResponse:
    _require_view(request)
    can_record = _can_record(request)
    form = WorkPlanForm(
        request.POST or None, initial={"year": timezone.localdate().year}
    )
    if request.method == "POST":
        if not can_record:
            raise PermissionDenied("年度工作计划由市局登记")
        created: list[Any] = []
        if form.is_valid() and attempt(
            form,
            lambda: created.append(
                services.work_plan_create(
                    actor=request.user, now=timezone.now(), **form.cleaned_data
                )
            ),
        ):
            messages.success(request, "工作计划已登记。")
            return redirect("quality:work-plan", pk=created[0].pk)
    plans = [
        (plan, services.completion(plan))
        for plan in selectors.work_plan_list_for_user(request.user)
    ]
    return render(
        request,
        "quality/work_plan_list.html",
        {"plans": plans, "form": form if can_record else None},
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def work_plan(request: AppRequest, pk: int) -> HttpResponse:
    _require_view(request)
    plan = selectors.work_plan_get_for_user(request.user, pk)
    can_record = _can_record(request)
    post = request.POST if request.method == "POST" else None
    action = post.get("action", "") if post is not None else ""
    add = WorkPlanItemForm(post if action == "add" else None, prefix="add")
    if post is not None:
        if not can_record:
            raise PermissionDenied("年度工作计划由市局登记")
        if action == "publish":
            if attempt(
                None,
                lambda: services.work_plan_publish(
                    actor=request.user, plan=plan, now=timezone.now()
                ),
                request,
            ):
                messages.success(request, "工作计划已在门户网站公开。")
            return redirect("quality:work-plan", pk=plan.pk)
        if action != "add":
            raise PermissionDenied("未知的操作。")
        if add.is_valid() and attempt(
            add,
            lambda: services.work_plan_item_add(
                actor=request.user, plan=plan, **add.cleaned_data
            ),
        ):
            messages.success(request, "已增加工作任务。")
            return redirect("quality:work-plan", pk=plan.pk)
    today = timezone.localdate()
    items = [
        (item, item.status_text(today), services.may_report(request.user, item))
        for item in plan.items.select_related("district")
    ]
    return render(
        request,
        "quality/work_plan_detail.html",
        {
            "plan": plan,
            "items": items,
            "completion": services.completion(plan),
            "add": add if can_record else None,
            "can_record": can_record,
            "history": history_for(plan, ACTION_LABELS),
        },
        status=400 if post is not None else 200,
    )


@staff_required
def work_plan_item(request: AppRequest, pk: int) -> HttpResponse:
    """One item: its progress form (for those who may report it)."""
    _require_view(request)
    item = selectors.work_plan_item_get_for_user(request.user, pk)
    may_report = services.may_report(request.user, item)
    form = WorkPlanProgressForm(
        request.POST or None,
        initial={
            "status": item.status,
            "completed_on": item.completed_on,
            "note": item.note,
        },
    )
    if request.method == "POST":
        if not may_report:
            raise PermissionDenied("您无权填报该项工作的进展")
        if form.is_valid() and attempt(
            form,
            lambda: services.work_plan_item_progress(
                actor=request.user, item=item, now=timezone.now(), **form.cleaned_data
            ),
        ):
            messages.success(request, "进展已保存。")
            return redirect("quality:work-plan", pk=item.plan_id)
    return render(
        request,
        "quality/work_plan_item.html",
        {
            "item": item,
            "status_text": item.status_text(timezone.localdate()),
            "form": form if may_report else None,
        },
        status=400 if request.method == "POST" else 200,
    )
