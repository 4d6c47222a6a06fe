"""The yearly publicity plan (全年宣传工作计划, A94): the public page and the staff
pages that draft, publish and keep it (activities planned, held, cancelled)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.casework.selectors import history_for
from ecobureau.core.forms import attempt

from . import publicity, selectors, services
from .forms import (
    PublicityActivityForm,
    PublicityCancelForm,
    PublicityEditForm,
    PublicityHoldForm,
    PublicityPlanForm,
)

ACTION_LABELS = {
    "portal.publicity_activity_edit": "修改活动",
    "portal.publicity_activity_hold": "记录开展情况",
    "portal.publicity_activity_cancel": "取消活动",
}


@require_GET
def publicity_plan(request: AppRequest) -> HttpResponse:
    """The published plan of a year (?year=), or the latest: anyone, no log-in."""
    year_text = request.GET.get("year", "")
    year = int(year_text) if year_text.isdigit() else None
    plan = selectors.publicity_plan_get_public(year)
    return render(
        request,
        "portal/publicity.html",
        {
            "plan": plan,
            "activities": (selectors.publicity_activities_public(plan) if plan else []),
            "years": selectors.publicity_plan_list_public().values_list(
                "year", flat=True
            ),
            "basis": publicity.BASIS,
        },
    )


def _require_manager(request: AppRequest) -> None:
    if not selectors.may_manage_publicity(request.user):
        raise PermissionDenied("您没有宣传工作计划的管理权限。")


@staff_required
def staff_publicity(request: AppRequest) -> HttpResponse:
    _require_manager(request)
    form = PublicityPlanForm(request.POST or None)
    created: list[Any] = []
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: created.append(
                services.publicity_plan_create(by=request.user, **form.cleaned_data)
            ),
        )
    ):
        messages.success(request, "计划已起草，已列入各宣传日活动。")
        return redirect("portal:staff-publicity-plan", pk=created[0].pk)
    return render(
        request,
        "portal/staff_publicity.html",
        {"plans": selectors.publicity_plan_list_for_staff(request.user), "form": form},
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def staff_publicity_plan(request: AppRequest, pk: int) -> HttpResponse:
    """A plan: add an activity, publish the plan."""
    _require_manager(request)
    plan = selectors.publicity_plan_get_for_staff(request.user, pk)
    form = PublicityActivityForm(
        request.POST if "title" in request.POST else None,
        initial={
            "lead_unit": request.user.unit.name if request.user.unit is not None else ""
        },
    )
    if request.method == "POST":
        if "publish" in request.POST:
            if attempt(
                None,
                lambda: services.publicity_plan_publish(by=request.user, plan=plan),
                request,
            ):
                messages.success(request, "计划已在门户网站发布。")
            return redirect("portal:staff-publicity-plan", pk=plan.pk)
        if form.is_valid() and attempt(
            form,
            lambda: services.publicity_activity_add(
                by=request.user, plan=plan, **form.cleaned_data
            ),
        ):
            messages.success(request, "活动已列入计划。")
            return redirect("portal:staff-publicity-plan", pk=plan.pk)
    return render(
        request,
        "portal/staff_publicity_plan.html",
        {
            "plan": plan,
            "activities": selectors.publicity_activities_public(plan),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def staff_publicity_activity(request: AppRequest, pk: int) -> HttpResponse:
    """An activity: edit it while planned, record it held, or cancel it."""
    _require_manager(request)
    activity = selectors.publicity_activity_get_for_staff(request.user, pk)
    post = request.POST if request.method == "POST" else None
    action = post.get("action", "") if post is not None else ""
    edit = PublicityEditForm(
        post if action == "edit" else None,
        initial={
            "title": activity.title,
            "planned_on": activity.planned_on,
            "lead_unit": activity.lead_unit,
            "content": activity.content,
        },
        prefix="edit",
    )
    hold = PublicityHoldForm(post if action == "hold" else None, prefix="hold")
    cancel = PublicityCancelForm(post if action == "cancel" else None, prefix="cancel")
    forms_by_action: dict[str, Any] = {"edit": edit, "hold": hold, "cancel": cancel}
    if post is not None:
        form = forms_by_action.get(action)
        if form is None:
            raise PermissionDenied("未知的操作。")
        run = {
            "edit": lambda: services.publicity_activity_edit(
                by=request.user, activity=activity, **edit.cleaned_data
            ),
            "hold": lambda: services.publicity_activity_hold(
                by=request.user, activity=activity, **hold.cleaned_data
            ),
            "cancel": lambda: services.publicity_activity_cancel(
                by=request.user, activity=activity, **cancel.cleaned_data
            ),
        }[action]
        if form.is_valid() and attempt(form, run):
            messages.success(request, "已保存。")
            return redirect("portal:staff-publicity-plan", pk=activity.plan_id)
    return render(
        request,
        "portal/staff_publicity_activity.html",
        {
            "activity": activity,
            "edit": edit,
            "hold": hold,
            "cancel": cancel,
            "history": history_for(activity, ACTION_LABELS),
        },
        status=400 if post is not None else 200,
    )
