"""Progress reports and 督办 (督办函、约谈、移送问题线索) on the task and case pages
(seed 001 三(二)1, 五5; B7, B16, B18).

A refused form answers 400 with the page again, what was typed kept and the
reason beside the form; a valid one redirects to the item's page."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.core.forms import attempt

from . import daily, selectors, services
from .forms import ProgressForm, SupervisionForm
from .views import XLSX, _case_context, _quote, _task_context, _today


def _progress(request: AppRequest, form: ProgressForm, **target: Any) -> bool:
    return form.is_valid() and attempt(
        form,
        request=request,
        action=lambda: services.progress_report(
            by=request.user, text=form.cleaned_data["text"], **target
        ),
    )


def _supervise(request: AppRequest, form: SupervisionForm, **target: Any) -> bool:
    return form.is_valid() and attempt(
        form,
        request=request,
        action=lambda: services.supervision_issue(
            by=request.user, **form.cleaned_data, **target
        ),
    )


@staff_required
@require_POST
def task_progress(request: AppRequest, pk: int) -> HttpResponse:
    task = selectors.task_get_for_user(request.user, pk)
    form = ProgressForm(request.POST)
    if _progress(request, form, task=task):
        messages.success(request, "已报送进展。")
        return redirect("rectification:task-detail", pk=pk)
    context = _task_context(request, task, progress=form)
    return render(request, "rectification/task_detail.html", context, status=400)


@staff_required
@require_POST
def task_supervise(request: AppRequest, pk: int) -> HttpResponse:
    task = selectors.task_get_for_user(request.user, pk)
    form = SupervisionForm(request.POST)
    if _supervise(request, form, task=task):
        messages.success(request, "已下发。")
        return redirect("rectification:task-detail", pk=pk)
    context = _task_context(request, task, supervision=form)
    return render(request, "rectification/task_detail.html", context, status=400)


@staff_required
@require_POST
def case_progress(request: AppRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, pk)
    form = ProgressForm(request.POST)
    if _progress(request, form, case=case):
        messages.success(request, "已报送进展。")
        return redirect("rectification:case-detail", pk=pk)
    context = _case_context(request, case, progress=form)
    return render(request, "rectification/case_detail.html", context, status=400)


@staff_required
@require_POST
def case_supervise(request: AppRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, pk)
    form = SupervisionForm(request.POST)
    if _supervise(request, form, case=case):
        messages.success(request, "已下发。")
        return redirect("rectification:case-detail", pk=pk)
    context = _case_context(request, case, supervision=form)
    return render(request, "rectification/case_detail.html", context, status=400)


@staff_required
def daily_schedule(request: AppRequest, fmt: str = "html") -> HttpResponse:
    """按日调度 (seed 001 三(二)1, B7): the day's progress reports, the items late
    or at risk and the items due soon that reported nothing, in the user's scope."""
    if not request.user.has_perm("rectification.view_rectificationtask"):
        raise PermissionDenied("您没有查看督察整改的权限。")
    try:
        day = date.fromisoformat(request.GET.get("day") or "")
    except ValueError:
        day = _today()
    sheet = daily.daily_sheet(request.user, day=day)
    if fmt == "xlsx":
        response = HttpResponse(daily.daily_xlsx(sheet), content_type=XLSX)
        name = _quote(f"督察整改按日调度-{day:%Y%m%d}.xlsx")
        response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
        return response
    return render(request, "rectification/daily.html", {"sheet": sheet})
