"""Monthly work reports to the level above (C22), the rural improvement targets
and their assessment (D18), and the positive-list review screen (A73)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts.decorators import require_perm, staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.core.forms import attempt, refused_status
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises import services as enterprise_services
from ecobureau.lib import list_export

from . import report_documents, selectors, services
from .forms import (
    PositiveListAdjustForm,
    RuralAssessForm,
    RuralProgressForm,
    RuralTargetForm,
    WorkReportForm,
    WorkReportMonthForm,
    WorkReportReviewForm,
)
from .models import GridCell, WorkReport
from .views import form_page

# --- Monthly work reports (C22) --------------------------------------------------------


@staff_required
def work_report_list(request: AppRequest) -> HttpResponse:
    require_perm(request, "grid.view_workreport")
    reports = selectors.work_report_list_for_user(request.user)
    status = request.GET.get("status", "")
    if status in WorkReport.Status.values:
        reports = reports.filter(status=status)
    if request.GET.get("late"):
        reports = reports.filter(late=True)
    page = Paginator(reports, 30).get_page(request.GET.get("page"))
    visible = selectors.cell_list_for_user(request.user)
    visible_ids = set(visible.values_list("pk", flat=True))
    own = [  # the reader's own level: in scope, the level above not
        cell
        for cell in visible.filter(
            kind=GridCell.Kind.ADMINISTRATIVE, parent__isnull=False
        )
        if cell.parent_id not in visible_ids
    ][:20]
    return render(
        request,
        "grid/work_report_list.html",
        {
            "page": page,
            "status": status,
            "statuses": WorkReport.Status.choices,
            "own_cells": own,
            "may_file": request.user.has_perm("grid.manage_grid"),
            "today": timezone.localdate(),
        },
    )


@staff_required
def work_report_new(request: AppRequest, cell_pk: int) -> HttpResponse:
    cell = selectors.cell_get_for_user(request.user, cell_pk)
    require_perm(request, "grid.manage_grid")
    form = WorkReportMonthForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        year, month = form.cleaned_data["month"]
        made: list[WorkReport] = []
        if attempt(
            form,
            lambda: made.append(
                services.work_report_prepare(
                    cell=cell, year=year, month=month, by=request.user
                )
            ),
        ):
            return redirect("grid:work-report-detail", pk=made[0].pk)
    return form_page(
        request,
        form,
        title=f"报送工作情况月报：{cell.name}",
        intro="按本级规定的上报日，向上级网格报送上月工作开展情况（六(二)6）。本月数据由系统从巡查、问题、移交和检查记录生成，报送时再填写本级的工作情况。",
        submit="生成月报",
        back=reverse("grid:work-report-list"),
    )


@staff_required
def work_report_detail(request: AppRequest, pk: int) -> HttpResponse:
    report = selectors.work_report_get_for_user(request.user, pk)
    may_file = request.user.has_perm("grid.manage_grid") and selectors.files_for(
        request.user, report.cell
    )
    parent = report.cell.parent
    may_review = (
        request.user.has_perm("grid.evaluate_cell")
        and parent is not None
        and selectors.cell_list_for_user(request.user).filter(pk=parent.pk).exists()
    )
    form = WorkReportForm(
        initial={
            "summary": report.summary,
            "issues": report.issues,
            "next_plan": report.next_plan,
        }
    )
    review_form = WorkReportReviewForm()
    if request.method == "POST" and request.POST.get("form") == "review":
        review_form = WorkReportReviewForm(request.POST)
        if review_form.is_valid() and attempt(
            review_form,
            lambda: services.work_report_review(
                report=report, by=request.user, **review_form.cleaned_data
            ),
        ):
            messages.success(request, "审阅结果已记录。")
            return redirect("grid:work-report-detail", pk=pk)
    elif request.method == "POST":
        if not may_file:
            raise PermissionDenied("只能由本级网格报送本级工作情况。")
        form = WorkReportForm(request.POST)
        if form.is_valid() and attempt(
            form,
            lambda: services.work_report_submit(
                report=report, by=request.user, **form.cleaned_data
            ),
        ):
            messages.success(request, "月报已报送上级网格。")
            return redirect("grid:work-report-detail", pk=pk)
    return render(
        request,
        "grid/work_report_detail.html",
        {
            "report": report,
            "figures": selectors.figure_rows(report.figures),
            "by_kind": report.figures.get("patrols_by_kind", {}),
            "township_labels": selectors.FIGURE_LABELS,
            "townships": [
                (row["name"], [row.get(key, 0) for key, _ in selectors.FIGURE_LABELS])
                for row in report.figures.get("townships", [])
            ],
            "form": form,
            "review_form": review_form,
            "may_file": may_file
            and report.status in (WorkReport.Status.DRAFT, WorkReport.Status.RETURNED),
            "may_review": may_review and report.status == WorkReport.Status.SUBMITTED,
        },
        status=refused_status(form, review_form),
    )


@staff_required
def work_report_download(request: AppRequest, pk: int, fmt: str) -> HttpResponse:
    """The report as the paper filed upward: PDF or Excel, for whoever may read it
    (its own level and the levels above)."""
    if fmt not in ("pdf", "xlsx"):
        raise Http404
    report = selectors.work_report_get_for_user(request.user, pk)
    if fmt == "pdf":
        content = report_documents.work_report_pdf(report, created_at=timezone.now())
        response = HttpResponse(content, content_type="application/pdf")
    else:
        content = report_documents.work_report_xlsx(report)
        response = HttpResponse(content, content_type=list_export.XLSX_TYPE)
    filename = f"work-report-{report.cell.code}-{report.year}{report.month:02d}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- Rural improvement targets (D18) ------------------------------------------------


def _year(request: AppRequest) -> int:
    value = request.GET.get("year", "")
    return (
        int(value)
        if value.isdigit() and 2000 <= int(value) <= 2100
        else (timezone.localdate().year)
    )


@staff_required
def rural_index(request: AppRequest) -> HttpResponse:
    require_perm(request, "grid.view_ruraltarget")
    year = _year(request)
    cells = selectors.cell_list_for_user(request.user).filter(
        kind=GridCell.Kind.ADMINISTRATIVE, level__gt=1, is_active=True
    )
    return render(
        request,
        "grid/rural_index.html",
        {
            "year": year,
            "rows": selectors.rural_summary(request.user, year),
            "cells": cells[:200],
            "grade_basis": services.GRADE_BASIS,
        },
    )


@staff_required
def rural_cell(request: AppRequest, cell_pk: int, year: int) -> HttpResponse:
    cell = selectors.cell_get_for_user(request.user, cell_pk)
    require_perm(request, "grid.view_ruraltarget")
    targets = list(selectors.rural_targets_of(request.user, cell, year))
    assessment = selectors.rural_assessment_of(request.user, cell, year)
    parent = cell.parent
    is_upper = (
        request.user.has_perm("grid.evaluate_cell")
        and parent is not None
        and selectors.cell_list_for_user(request.user).filter(pk=parent.pk).exists()
    )
    may_report = request.user.has_perm("grid.manage_grid") and assessment is None
    target_form = RuralTargetForm()
    progress_form = RuralProgressForm(initial={"on": timezone.localdate()})
    assess_form = RuralAssessForm(targets=targets)
    which = request.POST.get("form", "")
    if request.method == "POST" and which == "target":
        target_form = RuralTargetForm(request.POST)
        if target_form.is_valid() and attempt(
            target_form,
            lambda: services.rural_target_set(
                data=services.TargetData(
                    cell=cell, year=year, **target_form.cleaned_data
                ),
                by=request.user,
            ),
        ):
            messages.success(request, "整治目标已下达。")
            return redirect("grid:rural-cell", cell_pk=cell.pk, year=year)
    elif request.method == "POST" and which == "progress":
        progress_form = RuralProgressForm(request.POST)
        if progress_form.is_valid():
            data = progress_form.cleaned_data
            target = next((t for t in targets if t.pk == data["target"]), None)
            if target is None:
                progress_form.add_error(None, "请选择本网格的整治目标。")
            elif attempt(
                progress_form,
                lambda: services.rural_progress_report(
                    target=target,
                    on=data["on"],
                    percent=data["percent"],
                    note=data["note"],
                    by=request.user,
                ),
            ):
                messages.success(request, "进展已记录。")
                return redirect("grid:rural-cell", cell_pk=cell.pk, year=year)
    elif request.method == "POST" and which == "assess":
        assess_form = RuralAssessForm(request.POST, targets=targets)
        if assess_form.is_valid() and attempt(
            assess_form,
            lambda: services.rural_assess(
                cell=cell,
                year=year,
                scores=assess_form.scores(),
                remarks=assess_form.cleaned_data["remarks"],
                by=request.user,
            ),
        ):
            messages.success(request, "年终考核已记录。")
            return redirect("grid:rural-cell", cell_pk=cell.pk, year=year)
    elif request.method == "POST":
        raise PermissionDenied("未知的操作。")
    return render(
        request,
        "grid/rural_cell.html",
        {
            "cell": cell,
            "year": year,
            "targets": targets,
            "progress": {
                t.pk: list(t.progress_reports.select_related("by")[:5]) for t in targets
            },
            "assessment": assessment,
            "is_upper": is_upper,
            "may_report": may_report,
            "target_form": target_form,
            "progress_form": progress_form,
            "assess_form": assess_form,
            "grade_basis": services.GRADE_BASIS,
        },
        status=refused_status(assess_form, progress_form, target_form),
    )


# --- Positive-list review (A73) ----------------------------------------------------


@staff_required
def positive_list_review(request: AppRequest) -> HttpResponse:
    """Members and candidates with the data the review rests on; the head of
    enforcement adds or removes with a reason through the enterprises services."""
    require_perm(request, "grid.view_enterprisesupervision")
    show = "candidates" if request.GET.get("show") == "candidates" else "members"
    q = request.GET.get("q", "")
    may_adjust = request.user.has_perm("enterprises.manage_positive_list")
    form = PositiveListAdjustForm()
    failed: dict[str, Any] = {}
    if request.method == "POST":
        if not may_adjust:
            raise PermissionDenied("只有执法机构负责人可以调整正面清单。")
        form = PositiveListAdjustForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            enterprise = enterprise_selectors.enterprise_get_for_user(
                request.user, data["enterprise"]
            )
            adjust = (
                services.positive_list_add_reviewed
                if data["action"] == "add"
                else enterprise_services.positive_list_remove
            )
            try:
                adjust(enterprise=enterprise, reason=data["reason"], by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                done = "列入" if data["action"] == "add" else "移出"
                messages.success(request, f"已将{enterprise.name}{done}正面清单。")
                return redirect(f"{reverse('grid:positive-list')}?show={show}")
        failed = {
            "enterprise": request.POST.get("enterprise", ""),
            "reason": request.POST.get("reason", ""),
            "errors": [str(e) for e in form.non_field_errors()]
            + [str(e) for e in form.errors.get("reason", [])],
        }
    page = Paginator(
        selectors.review_queryset(request.user, show=show, q=q), 30
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "grid/positive_list.html",
        {
            "show": show,
            "q": q,
            "page": page,
            "rows": selectors.review_rows(request.user, list(page.object_list)),
            "changes": enterprise_selectors.positive_list_changes_by_year(request.user),
            "members": enterprise_selectors.positive_list_for_user(
                request.user
            ).count(),
            "may_adjust": may_adjust,
            "monitoring_visible": selectors.monitoring_visible(request.user),
            "failed": failed,
        },
        status=400 if failed else 200,
    )
