"""Pages of 征求部门（科室）意见 (seed 000 企业环境信用评价: 市级生态环境部门复核
审定 → 征求部门（科室）意见后报省厅).

The credit section asks and handles on the evaluation page; a member of a
consulted unit answers on the request's own page (`opinion`), reached from the
list of their unit's requests (`opinions`) or the in-app message. That page
shows the evaluation asked about and nothing of other units' requests.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.accounts.models import User
from ecobureau.core.forms import attempt, refused_status

from . import selectors, selectors_consult, services
from .forms import (
    OpinionAnswerForm,
    OpinionHandleForm,
    OpinionRequestForm,
    OpinionWithdrawForm,
)
from .models import EXAMPLE_LABEL, DepartmentOpinion, Evaluation

# (which form, the opinion's pk or 0, the bound form refused)
Bound = tuple[str, int, BaseForm]


def section_context(
    user: User, item: Evaluation, bound: Bound | None
) -> tuple[dict[str, Any], list[BaseForm]]:
    """The evaluation page's 征求部门（科室）意见 section: the requests with
    their status, the request form, one withdraw form per open request and
    one handling form per open 有意见.
    Returns the context and the forms (for refused_status)."""
    manage = selectors.may_manage(user)
    request_form: BaseForm | None = None
    if manage and item.status == "reviewed":
        if bound is not None and bound[0] == "request":
            request_form = bound[2]
        else:
            request_form = OpinionRequestForm(
                units=selectors_consult.consult_units(user), prefix="op"
            )
    opinions = list(selectors_consult.opinion_list(item))
    forms: list[BaseForm] = [request_form] if request_form is not None else []
    for opinion in opinions:
        opinion.handle_form = None  # type: ignore[attr-defined]
        opinion.withdraw_form = None  # type: ignore[attr-defined]
        if bound is not None and bound[0] == "withdraw" and bound[1] == opinion.pk:
            # Refused (even because it was answered meanwhile): shown with
            # its error and the reason typed.
            opinion.withdraw_form = bound[2]  # type: ignore[attr-defined]
            forms.append(bound[2])
        elif manage and item.status == "reviewed" and opinion.is_open:
            opinion.withdraw_form = OpinionWithdrawForm(  # type: ignore[attr-defined]
                auto_id=f"withdraw{opinion.pk}_%s"
            )
        if bound is not None and bound[0] == "handle" and bound[1] == opinion.pk:
            opinion.handle_form = bound[2]  # type: ignore[attr-defined]
            forms.append(bound[2])
        elif (
            manage
            and item.status == "reviewed"
            and opinion.verdict == DepartmentOpinion.Verdict.HAS
            and not opinion.handling
        ):
            opinion.handle_form = OpinionHandleForm(  # type: ignore[attr-defined]
                auto_id=f"opinion{opinion.pk}_%s"
            )
    return (
        {
            "opinions": opinions,
            "opinion_request_form": request_form,
            "consult_blockers": (
                selectors_consult.consult_blockers(item)
                if item.status == "reviewed"
                else []
            ),
        },
        forms,
    )


@staff_required
@require_POST
def opinions_request(request: AppRequest, pk: int) -> HttpResponse:
    """The credit section asks the chosen units; refused: the evaluation page
    again (400), the units ticked kept."""
    from .views import _evaluation_page

    item = selectors.evaluation_get_for_user(request.user, pk)
    if not selectors.may_manage(request.user):
        raise PermissionDenied("只有信用评价人员可以征求部门（科室）意见。")
    form = OpinionRequestForm(
        request.POST, units=selectors_consult.consult_units(request.user), prefix="op"
    )
    if form.is_valid() and attempt(
        form,
        request=request,
        action=lambda: services.opinions_request(
            evaluation=item, units=list(form.cleaned_data["units"]), by=request.user
        ),
    ):
        messages.success(request, "已征求部门（科室）意见。")
        return redirect("credit:evaluation", pk)
    return _evaluation_page(request, item, consult_bound=("request", 0, form))


@staff_required
@require_POST
def opinion_handle(request: AppRequest, pk: int) -> HttpResponse:
    """The credit section records 采纳 / 不采纳; refused: the evaluation page
    again (400), what was typed kept."""
    from .views import _evaluation_page

    opinion = selectors_consult.opinion_get_for_manager(request.user, pk)
    form = OpinionHandleForm(request.POST, auto_id=f"opinion{opinion.pk}_%s")
    if form.is_valid() and attempt(
        form,
        request=request,
        action=lambda: services.opinion_handle(
            opinion=opinion,
            adopted=form.cleaned_data["adopted"],
            note=form.cleaned_data["note"],
            by=request.user,
        ),
    ):
        messages.success(request, "已记录意见处理情况。")
        return redirect("credit:evaluation", opinion.evaluation_id)
    item = selectors.evaluation_get_for_user(request.user, opinion.evaluation_id)
    return _evaluation_page(request, item, consult_bound=("handle", opinion.pk, form))


@staff_required
@require_POST
def opinion_withdraw(request: AppRequest, pk: int) -> HttpResponse:
    """The credit section withdraws an unanswered request; refused: the
    evaluation page again (400), the reason typed kept."""
    from .views import _evaluation_page

    opinion = selectors_consult.opinion_get_for_manager(request.user, pk)
    form = OpinionWithdrawForm(request.POST, auto_id=f"withdraw{opinion.pk}_%s")
    if form.is_valid() and attempt(
        form,
        request=request,
        action=lambda: services.opinion_withdraw(
            opinion=opinion, reason=form.cleaned_data["reason"], by=request.user
        ),
    ):
        messages.success(request, "已撤回征求意见。")
        return redirect("credit:evaluation", opinion.evaluation_id)
    item = selectors.evaluation_get_for_user(request.user, opinion.evaluation_id)
    return _evaluation_page(request, item, consult_bound=("withdraw", opinion.pk, form))


@staff_required
@require_POST
def opinions_request_year(request: AppRequest, year: int) -> HttpResponse:
    """The credit section asks units on every reviewed evaluation of the year;
    refused: the year page again (400), the units ticked kept."""
    from .views import _year_page

    evaluation_year = selectors.year_get_for_user(request.user, year)
    if not selectors.may_manage(request.user):
        raise PermissionDenied("只有信用评价人员可以征求部门（科室）意见。")
    form = OpinionRequestForm(
        request.POST,
        units=selectors_consult.consult_units(request.user),
        prefix="yop",
    )
    made: list[int] = []
    if form.is_valid() and attempt(
        form,
        request=request,
        action=lambda: made.append(
            services.opinions_request_year(
                year=evaluation_year,
                units=list(form.cleaned_data["units"]),
                by=request.user,
            )
        ),
    ):
        messages.success(request, f"已征求部门（科室）意见：{made[0]}件。")
        return redirect("credit:year", year)
    return _year_page(request, evaluation_year, opinion_form=form)


# A year's batch puts one request per evaluation on a unit's list.
OPINIONS_PAGE_SIZE = 50


@staff_required
def opinions(request: AppRequest) -> HttpResponse:
    """待答复的征求意见: the requests addressed to the user's own unit, the
    open ones by year and enterprise and paged, then the latest answered or
    withdrawn."""
    pending = Paginator(
        selectors_consult.opinion_pending_for_member(request.user),
        OPINIONS_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "credit/opinions.html",
        {
            "page": pending,
            "pending": pending.object_list,
            "answered": list(
                selectors_consult.opinion_done_for_member(request.user)[
                    :OPINIONS_PAGE_SIZE
                ]
            ),
            "done_limit": OPINIONS_PAGE_SIZE,
            "querystring_without_page": "",
        },
    )


@staff_required
def opinion(request: AppRequest, pk: int) -> HttpResponse:
    """One request to the user's unit: the evaluation asked about and the answer
    form (404 for anyone outside the consulted unit)."""
    item = selectors_consult.opinion_get_for_member(request.user, pk)
    evaluation = item.evaluation
    form = OpinionAnswerForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            request=request,
            action=lambda: services.opinion_answer(
                opinion=item,
                verdict=form.cleaned_data["verdict"],
                text=form.cleaned_data["opinion"],
                by=request.user,
            ),
        )
    ):
        messages.success(request, "已答复。")
        return redirect("credit:opinion", pk)
    return render(
        request,
        "credit/opinion.html",
        {
            "opinion": item,
            "evaluation": evaluation,
            "explanation": evaluation.explanation,
            "is_preview": False,
            "example_label": EXAMPLE_LABEL,
            "form": form,
            # A refused answer stays on the page with what was typed.
            "may_answer": bool(form.is_bound and form.errors)
            or (
                item.is_open
                and evaluation.status == "reviewed"
                and selectors_consult.may_answer(request.user, item)
            ),
        },
        status=refused_status(form),
    )
