"""The annual assessment pages (seed 001 附件1; B19–B27): the year's results,
the unit's self-assessment, the industry departments' review (部门复核), the
city review, circulation, the 约谈, and the exports."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.core.forms import attempt

from . import reports, selectors, services
from .forms import (
    AssessmentDeptReviewForm,
    AssessmentReviewForm,
    AssessmentSelfForm,
    AssessmentTalkForm,
)
from .models import UnitAssessment
from .views import XLSX, _quote, _today, _year


@staff_required
def assessments(request: AppRequest) -> HttpResponse:
    user, year = request.user, _year(request)
    circulate = request.method == "POST" and bool(request.POST.get("circulate"))
    # The circulation button posts no note: it must not run the self-assessment.
    self_form = AssessmentSelfForm(
        request.POST if request.method == "POST" and not circulate else None
    )
    if self_form.is_bound and self_form.is_valid():
        if user.unit is None:
            raise PermissionDenied("您没有所属单位。")
        unit = user.unit
        if attempt(
            self_form,
            lambda: services.assessment_self(
                by=user, unit=unit, year=year, note=self_form.cleaned_data["note"]
            ),
        ):
            messages.success(request, "已完成自评。")
            return redirect(f"{request.path}?year={year}")
    circulate_errors: list[str] = []
    if circulate:
        try:
            services.assessment_circulate(by=user, year=year)
        except ValidationError as error:
            # Refused: the page again with the reason (400), not a redirect.
            circulate_errors = error.messages
        else:
            messages.success(request, "已排名并通报。")
            return redirect(f"{request.path}?year={year}")
    return render(
        request,
        "rectification/assessments.html",
        {
            "year": year,
            "due_on": services.circulation_due_on(year),
            "overdue": services.circulation_overdue(year, today=_today()),
            "rankings": _rankings(
                selectors.assessment_list_for_user(user)
                .filter(year=year)
                .select_related("unit")
            ),
            "self_form": self_form,
            "circulate_errors": circulate_errors,
            "praise": selectors.praise_candidates(user, year),
            "accountability": selectors.accountability_candidates(
                user, year, today=_today()
            ),
        },
        # Successes redirect: a POST that reaches here was refused.
        status=400 if request.method == "POST" else 200,
    )


def _rankings(rows: Any) -> list[tuple[str, list[UnitAssessment]]]:
    """Districts and departments as two lists (附件1 "各地区、市直各有关部门"),
    each in its rank order: by the list fixed at circulation, else by the
    unit's kind."""
    groups: dict[str, list[UnitAssessment]] = {
        k: [] for k in UnitAssessment.Ranking.values
    }
    for row in rows:
        groups[row.ranking or services.ranking_of(row.unit)].append(row)
    return [
        (
            str(label),
            sorted(
                groups[key], key=lambda r: (r.rank is None, r.rank or 0, str(r.unit))
            ),
        )
        for key, label in UnitAssessment.Ranking.choices
    ]


@staff_required
def assessment_detail(request: AppRequest, pk: int) -> HttpResponse:
    user = request.user
    assessment = selectors.assessment_get_for_user(user, pk)
    review_form = AssessmentReviewForm(
        request.POST if "review" in request.POST else None
    )
    talk_form = AssessmentTalkForm(request.POST if "talk" in request.POST else None)
    dept_form = AssessmentDeptReviewForm(
        request.POST if "dept_review" in request.POST else None,
        initial={"reviewed_on": _today()},
    )
    if dept_form.is_bound and dept_form.is_valid():
        data = dept_form.cleaned_data
        if attempt(
            dept_form,
            lambda: services.assessment_dept_review(
                by=user, assessment=assessment, **data
            ),
        ):
            messages.success(request, "已登记部门复核。")
            return redirect("rectification:assessment-detail", pk=pk)
    if review_form.is_bound and review_form.is_valid():
        data = review_form.cleaned_data
        if attempt(
            review_form,
            lambda: services.assessment_review(
                by=user,
                assessment=assessment,
                failure=data["failure"],
                note=data["note"],
            ),
        ):
            messages.success(request, "已复核。")
            return redirect("rectification:assessment-detail", pk=pk)
    if talk_form.is_bound and talk_form.is_valid():
        data = talk_form.cleaned_data
        if attempt(
            talk_form,
            lambda: services.assessment_talk(
                by=user,
                assessment=assessment,
                talk_on=data["talk_on"],
                deadline=data["deadline"],
                note=data["note"],
            ),
        ):
            messages.success(request, "已记录约谈。")
            return redirect("rectification:assessment-detail", pk=pk)
    return render(
        request,
        "rectification/assessment_detail.html",
        {
            "assessment": assessment,
            "lines": reports.explanation_lines(assessment),
            "review_form": review_form,
            "dept_form": dept_form,
            "talk_form": talk_form,
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def assessment_export(request: AppRequest, year: int) -> HttpResponse:
    rows = list(selectors.assessment_list_for_user(request.user).filter(year=year))
    response = HttpResponse(reports.assessment_xlsx(year, rows), content_type=XLSX)
    filename = f"督察整改考核-{year}.xlsx"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response


@staff_required
def assessment_pdf(request: AppRequest, pk: int) -> HttpResponse:
    assessment = selectors.assessment_get_for_user(request.user, pk)
    issuer = request.user.unit.name if request.user.unit else "督察整改工作机构"
    response = HttpResponse(
        reports.assessment_pdf(assessment, issuer=issuer),
        content_type="application/pdf",
    )
    filename = f"督察整改考核-{assessment.year}-{assessment.unit_id}.pdf"
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(filename)}"
    return response
