"""Patrols (the grid officer's phone page), reported problems and transfers."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ecobureau.accounts.decorators import require_perm, staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.casework import selectors as casework_selectors
from ecobureau.casework import selectors_files
from ecobureau.casework import services as casework_services
from ecobureau.core.forms import attempt, refused_status

from . import checklists, selectors, services
from .forms import (
    LinkEnterpriseForm,
    PatrolForm,
    ProblemActForm,
    ProblemForm,
    TransferAnswerForm,
    TransferForm,
    TransferReviewForm,
)
from .models import Patrol, Problem, Transfer
from .processes import TRANSFER, problem_process


def _position(data: dict[str, Any]) -> services.Position | None:
    if data.get("latitude") is None:
        return None
    return services.Position(
        data["latitude"], data["longitude"], data.get("accuracy_m")
    )


@staff_required
def patrol_new(request: AppRequest) -> HttpResponse:
    """The phone page: time, place, GPS, checklist, findings, photos."""
    require_perm(request, "grid.record_patrol")
    checklist_code = (
        request.GET.get("checklist_code") or request.GET.get("checklist") or "general"
    )
    initial = {
        "started_at": timezone.localtime().replace(second=0, microsecond=0),
        "kind": Patrol.Kind.ROUTINE,
    }
    cells = selectors.patrol_cells_for_user(request.user)
    if cells.count() == 1:
        initial["cell"] = cells.first()
    form = PatrolForm(
        request.POST or None,
        request.FILES or None,
        user=request.user,
        checklist_code=checklist_code,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        made: list[Patrol] = []
        patrol = services.PatrolData(
            cell=data["cell"],
            kind=data["kind"],
            started_at=data["started_at"],
            place=data["place"],
            checklist_code=data["checklist_code"],
            answers=form.answers(),
            findings=data["findings"],
            position=_position(data),
            enterprise=data["enterprise"],
        )
        if attempt(
            form,
            lambda: made.append(
                services.patrol_record(
                    data=patrol, photos=data["photos"], by=request.user
                )
            ),
        ):
            messages.success(request, "巡查记录已保存。")
            return redirect("grid:patrol-detail", pk=made[0].pk)
    template = "grid/patrol_form.html"
    if request.htmx and request.method == "GET":
        template += "#checklist"
    return render(request, template, {"form": form}, status=refused_status(form))


@require_GET
@staff_required
def patrol_list(request: AppRequest) -> HttpResponse:
    patrols = selectors.patrol_list_for_user(request.user)
    page = Paginator(patrols, 30).get_page(request.GET.get("page"))
    return render(request, "grid/patrol_list.html", {"page": page})


@require_GET
@staff_required
def patrol_detail(request: AppRequest, pk: int) -> HttpResponse:
    patrol = selectors.patrol_get_for_user(request.user, pk)
    results = checklists.RESULTS
    return render(
        request,
        "grid/patrol_detail.html",
        {
            "patrol": patrol,
            "items": [
                (e["item"], results.get(e["result"], "")) for e in patrol.checklist
            ],
            "checklist": checklists.CHECKLISTS.get(patrol.checklist_code),
            "attachments": selectors_files.attachment_list_for_target(patrol),
            "problems": patrol.problems.all(),
            "may_report": request.user.has_perm("grid.record_patrol"),
        },
    )


@staff_required
def problem_new(request: AppRequest) -> HttpResponse:
    """Report a problem upward or to a department, from a patrol or on its own."""
    require_perm(request, "grid.record_patrol")
    patrol = None
    if request.GET.get("patrol", "").isdigit():
        patrol = selectors.patrol_get_for_user(request.user, int(request.GET["patrol"]))
    initial: dict[str, Any] = {}
    if patrol is not None:
        initial = {
            "place": patrol.place,
            "description": patrol.findings,
            "latitude": patrol.latitude,
            "longitude": patrol.longitude,
            "enterprise": patrol.enterprise.credit_code if patrol.enterprise else "",
        }
    cells = selectors.patrol_cells_for_user(request.user)
    form = ProblemForm(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )
    cell = patrol.cell if patrol else None
    if cell is None:
        chosen = request.POST.get("cell") or request.GET.get("cell")
        cell = cells.filter(pk=chosen).first() if chosen and chosen.isdigit() else None
        if cell is None and cells.count() == 1:
            cell = cells.first()
    if request.method == "POST" and form.is_valid():
        if cell is None:
            form.add_error(None, "请选择网格。")
        else:
            data = form.cleaned_data
            made: list[Problem] = []
            problem = services.ProblemData(
                cell=cell,
                category=data["category"],
                description=data["description"],
                place=data["place"],
                stopped=data["stopped"],
                position=_position(data),
                enterprise=data["enterprise"],
                patrol=patrol,
                department=data["department"],
                found_at=data["found_at"],
            )
            if attempt(
                form,
                lambda: made.append(
                    services.problem_report(
                        data=problem, photos=data["photos"], by=request.user
                    )
                ),
            ):
                messages.success(request, "问题已上报。")
                return redirect("grid:problem-detail", pk=made[0].pk)
    return render(
        request,
        "grid/problem_form.html",
        {"form": form, "patrol": patrol, "cell": cell, "cells": cells},
        status=refused_status(form),
    )


@require_GET
@staff_required
def problem_list(request: AppRequest) -> HttpResponse:
    status = request.GET.get("status", "open")
    problems = selectors.problem_list_for_user(request.user, status=status)
    page = Paginator(problems, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "grid/problem_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Problem.Status.choices,
            "querystring_without_page": f"status={status}&",
        },
    )


@staff_required
def problem_detail(request: AppRequest, pk: int) -> HttpResponse:
    problem = selectors.problem_get_for_user(request.user, pk)
    act_form = ProblemActForm()
    transfer_form = TransferForm(cell=problem.cell)
    link_form = LinkEnterpriseForm()
    if request.method == "POST" and request.POST.get("form") == "enterprise":
        link_form = LinkEnterpriseForm(request.POST)
        if link_form.is_valid() and attempt(
            link_form,
            lambda: services.problem_link_enterprise(
                problem=problem,
                credit_code=link_form.cleaned_data["credit_code"],
                by=request.user,
            ),
        ):
            messages.success(request, "已关联企业档案，并建立分类监管档案。")
            return redirect("grid:problem-detail", pk=pk)
    elif request.method == "POST" and request.POST.get("form") == "transfer":
        transfer_form = TransferForm(request.POST, cell=problem.cell)
        if transfer_form.is_valid() and _transfer(request, problem, transfer_form):
            messages.success(request, "问题已移交相关部门。")
            return redirect("grid:problem-detail", pk=pk)
    elif request.method == "POST":
        act_form = ProblemActForm(request.POST)
        if act_form.is_valid():
            data = act_form.cleaned_data
            try:
                services.problem_act(
                    problem=problem,
                    transition=data["transition"],
                    by=request.user,
                    result=data["result"],
                    note=data["note"],
                )
            except (ValidationError, KeyError) as error:
                act_form.add_error(
                    None,
                    error if isinstance(error, ValidationError) else "未知的操作。",
                )
            else:
                messages.success(request, "已办理。")
                return redirect("grid:problem-detail", pk=pk)
        problem.refresh_from_db()
    process = problem_process(problem.cell)
    may_handle = request.user.has_perm("grid.handle_problem")
    return render(
        request,
        "grid/problem_detail.html",
        {
            "problem": problem,
            "step_label": process.step(problem.status).label if problem.status else "",
            "transitions": [
                t for t in process.available(problem.status) if t.code != "transfer"
            ]
            if may_handle
            else [],
            "may_transfer": may_handle and problem.is_open,
            "act_form": act_form,
            "link_form": link_form,
            "transfer_form": transfer_form,
            "transfers": selectors.transfers_for_problem(problem),
            "attachments": selectors_files.attachment_list_for_target(problem),
            "clocks": casework_services.clocks_for(problem),
            "history": casework_selectors.history_for(problem),
        },
        status=refused_status(act_form, link_form, transfer_form),
    )


def _transfer(request: AppRequest, problem: Problem, form: TransferForm) -> bool:
    data = form.cleaned_data
    return attempt(
        form,
        lambda: services.transfer_send(
            problem=problem,
            department=data["department"],
            request=data["request"],
            limit_workdays=data["limit_workdays"],
            by=request.user,
        ),
    )


@require_GET
@staff_required
def transfer_list(request: AppRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    transfers = selectors.transfer_list_for_user(request.user, status=status)
    page = Paginator(transfers, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "grid/transfer_list.html",
        {
            "page": page,
            "status": status,
            "statuses": Transfer.Status.choices,
            "now": timezone.now(),
            "querystring_without_page": f"status={status}&" if status else "",
        },
    )


@staff_required
def transfer_detail(request: AppRequest, pk: int) -> HttpResponse:
    transfer = selectors.transfer_get_for_user(request.user, pk)
    answer_form = TransferAnswerForm()
    review_form = TransferReviewForm()
    if request.method == "POST" and request.POST.get("form") == "answer":
        answer_form = TransferAnswerForm(request.POST)
        if answer_form.is_valid() and attempt(
            answer_form,
            lambda: services.transfer_answer(
                transfer=transfer,
                feedback=answer_form.cleaned_data["feedback"],
                by=request.user,
            ),
        ):
            messages.success(request, "办理结果已反馈。")
            return redirect("grid:transfer-detail", pk=pk)
    elif request.method == "POST":
        review_form = TransferReviewForm(request.POST)
        if review_form.is_valid() and attempt(
            review_form, lambda: _review(request, transfer, review_form.cleaned_data)
        ):
            messages.success(request, "已办理。")
            return redirect("grid:transfer-detail", pk=pk)
        transfer.refresh_from_db()
    user = request.user
    is_department = user.unit_id == transfer.unit_id and user.has_perm(
        "grid.answer_transfer"
    )
    return render(
        request,
        "grid/transfer_detail.html",
        {
            "transfer": transfer,
            "problem": transfer.problem,
            "step_label": TRANSFER.step(transfer.status).label
            if transfer.status
            else "",
            "may_answer": is_department and transfer.status == Transfer.Status.SENT,
            "may_review": user.has_perm("grid.handle_problem")
            and transfer.status in (Transfer.Status.SENT, Transfer.Status.ANSWERED),
            "answer_form": answer_form,
            "review_form": review_form,
            "attachments": selectors_files.attachment_list_for_target(transfer.problem),
            "history": casework_selectors.history_for(transfer),
            "clocks": casework_services.clocks_for(transfer),
        },
        status=refused_status(answer_form, review_form),
    )


def _review(request: AppRequest, transfer: Transfer, data: dict[str, Any]) -> None:
    decision = data["decision"]
    if decision == "withdraw":
        services.transfer_withdraw(
            transfer=transfer, reason=data["note"], by=request.user
        )
    elif decision in ("accept", "return"):
        services.transfer_review(
            transfer=transfer,
            accept=decision == "accept",
            note=data["note"],
            by=request.user,
        )
    else:
        raise PermissionDenied("未知的操作。")
