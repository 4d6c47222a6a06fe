"""The department's side of response tasks (department_tasks.py): its handlers
list their department's tasks and answer them. Anybody else gets 403 (not a
department handler) or 404 (another department's task)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.core.forms import attempt

from . import department_tasks, forms, services
from .models import Task


def _require_department(request: AppRequest) -> None:
    if not department_tasks.is_department_handler(request.user):
        raise PermissionDenied("仅限登记部门的部门承办人访问。")


def _form(task: Task, data: object = None) -> forms.FeedbackForm:
    # One form a row: ids unique on the page, so each label finds its field.
    return forms.FeedbackForm(data, auto_id=f"id_task{task.pk}_%s")  # type: ignore[arg-type]


def _page(
    request: AppRequest,
    refused: Task | None = None,
    form: forms.FeedbackForm | None = None,
) -> HttpResponse:
    tasks = department_tasks.task_list_for_department_user(request.user)
    page = Paginator(tasks, 20).get_page(request.GET.get("page"))
    rows = [
        (task, form if refused is not None and task.pk == refused.pk else _form(task))
        for task in page
    ]
    return render(
        request,
        "emergencies/department_tasks.html",
        {
            "page": page,
            "rows": rows,
            "now": timezone.now(),
            # A refused answer to a task answered meanwhile has no form in its
            # row: its error goes above the table.
            "refused_form": form if refused and refused.feedback_at else None,
        },
        status=400 if refused else 200,
    )


@require_GET
@staff_required
def department_task_list(request: AppRequest) -> HttpResponse:
    _require_department(request)
    return _page(request)


@require_POST
@staff_required
def department_task_feedback(request: AppRequest, pk: int) -> HttpResponse:
    """The department answers its task; a refused answer comes back with the
    text as typed (400)."""
    _require_department(request)
    task = department_tasks.task_get_for_department_user(request.user, pk)
    form = _form(task, request.POST)
    if form.is_valid() and attempt(
        form,
        lambda: services.task_feedback(
            task=task, by=request.user, feedback=form.cleaned_data["feedback"]
        ),
    ):
        messages.success(request, "已反馈。")
        return redirect("emergencies:department-tasks")
    task.refresh_from_db()
    return _page(request, refused=task, form=form)
