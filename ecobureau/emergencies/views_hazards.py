"""The hazard register pages (区域环境安全隐患, C27): the district's list with the
entry form, and one hazard with its edit, rectification and publication forms.
Refused forms answer 400 with what was typed."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from ecobureau.accounts.decorators import require_perm, staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.casework import selectors as casework_selectors
from ecobureau.core.forms import attempt

from . import hazards, selectors
from .forms_hazards import HazardAddForm, HazardForm, HazardRectifyForm

ACTION_LABELS = {
    "emergencies.hazard.add": "登记隐患",
    "emergencies.hazard.update": "修改隐患",
    "emergencies.hazard.rectify": "登记整改完成",
    "emergencies.hazard.publish": "在门户网站公开",
    "emergencies.hazard.withdraw": "撤回公开",
}


@staff_required
def hazard_list(request: AppRequest) -> HttpResponse:
    require_perm(request, "emergencies.view_plan")
    user = request.user
    may_add = user.has_perm(hazards.HANDLE)
    form = HazardAddForm(request.POST or None, user=user) if may_add else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("您没有登记环境安全隐患的权限。")
        created: list[Any] = []
        if form.is_valid() and attempt(
            form,
            lambda: created.append(hazards.hazard_add(by=user, **form.cleaned_data)),
        ):
            messages.success(request, "已登记环境安全隐患。")
            return redirect("emergencies:hazard-detail", pk=created[0].pk)
    today = timezone.localdate()
    items = [(h, h.status_text(today)) for h in selectors.hazard_list_for_user(user)]
    return render(
        request,
        "emergencies/hazard_list.html",
        {"items": items, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def hazard_detail(request: AppRequest, pk: int) -> HttpResponse:
    require_perm(request, "emergencies.view_plan")
    user = request.user
    hazard = selectors.hazard_get_for_user(user, pk)
    may_edit = hazards.may_edit_district(user, hazard.district_id)
    post = request.POST if request.method == "POST" else None
    action = post.get("action", "") if post is not None else ""
    initial = {name: getattr(hazard, name) for name in hazards.EDITABLE}
    edit = HazardForm(
        post if action == "edit" else None, user=user, initial=initial, prefix="edit"
    )
    rectify = HazardRectifyForm(post if action == "rectify" else None, prefix="rectify")
    if post is not None:
        if not may_edit:
            raise PermissionDenied("您无权修改该区县的环境安全隐患。")
        if action in ("publish", "withdraw"):
            if attempt(
                None,
                lambda: hazards.hazard_publish(
                    hazard=hazard, by=user, publish=action == "publish"
                ),
                request,
            ):
                messages.success(request, "已保存。")
            return redirect("emergencies:hazard-detail", pk=hazard.pk)
        form = {"edit": edit, "rectify": rectify}.get(action)
        if form is None:
            raise PermissionDenied("未知的操作。")
        run = {
            "edit": lambda: hazards.hazard_update(
                hazard=hazard, by=user, **edit.cleaned_data
            ),
            "rectify": lambda: hazards.hazard_rectify(
                hazard=hazard, by=user, **rectify.cleaned_data
            ),
        }[action]
        if form.is_valid() and attempt(form, run):
            messages.success(request, "已保存。")
            return redirect("emergencies:hazard-detail", pk=hazard.pk)
    return render(
        request,
        "emergencies/hazard_detail.html",
        {
            "hazard": hazard,
            "status_text": hazard.status_text(timezone.localdate()),
            "may_edit": may_edit,
            "edit": edit,
            "rectify": rectify,
            "history": casework_selectors.history_for(hazard, ACTION_LABELS),
        },
        status=400 if post is not None else 200,
    )
