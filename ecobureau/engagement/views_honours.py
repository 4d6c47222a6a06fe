"""与基层互动 (seed 000): 典型培树 (6), 支部星级评定 (1) and the lectures (3)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.core.forms import attempt

from . import forms, rules, selectors, services
from . import selectors_grassroots as grassroots
from .views_grassroots import _year


def _back(name: str, year: int) -> HttpResponse:
    return redirect(f"{reverse(name)}?year={year}")


@staff_required
def honours(request: AppRequest) -> HttpResponse:
    user = request.user
    year = _year(request)
    may_manage = selectors.may_manage_grassroots(user)
    post = request.POST if request.method == "POST" else None
    kind = post.get("form", "") if post is not None else ""
    bound: dict[str, Form] = {
        "nominate": forms.HonourNominationForm(
            post if kind == "nominate" else None,
            may_manage=may_manage,
            initial={"year": year},
        ),
        "decide": forms.HonourDecideForm(post if kind == "decide" else None),
        "publish": forms.HonourPublishForm(post if kind == "publish" else None),
    }
    if post is not None:
        form = bound.get(kind)
        if form is not None and form.is_valid():
            data: dict[str, Any] = dict(form.cleaned_data)
            if kind == "nominate":
                run: Any = lambda: services.honour_nominate(by=user, **data)  # noqa: E731
            elif kind == "decide":
                nomination = grassroots.honour_nomination_get_for_user(
                    user, data.pop("nomination")
                )
                run = lambda: services.honour_decide(  # noqa: E731
                    by=user, nomination=nomination, **data
                )
            else:
                run = lambda: services.honour_list_publish(  # noqa: E731
                    by=user, year=year, **data
                )
            if attempt(form, run):
                messages.success(request, "已保存。")
                return _back("engagement:honours", year)
    nominations = list(grassroots.honour_nominations_for_user(user, year=year))
    honour_list = grassroots.honour_list_for_user(user, year=year)
    return render(
        request,
        "engagement/honours.html",
        {
            "year": year,
            "may_manage": may_manage,
            "nominations": nominations,
            "flags": grassroots.honour_veto_flags(nominations),
            "quotas": grassroots.honour_quotas(user, year=year),
            "honour_list": honour_list,
            "honoured": grassroots.honour_selected(honour_list) if honour_list else [],
            "forms": bound,
            "bound_pk": post.get("nomination", "") if post is not None else "",
            "basis": rules.HONOUR_BASIS,
            "veto_basis": rules.HONOUR_VETO_BASIS,
        },
        status=400 if post is not None else 200,
    )


@staff_required
def branches(request: AppRequest) -> HttpResponse:
    user = request.user
    year = _year(request)
    post = request.POST if request.method == "POST" else None
    kind = post.get("form", "") if post is not None else ""
    bound: dict[str, Form] = {
        "branch": forms.PartyBranchForm(post if kind == "branch" else None),
        "rate": forms.BranchRatingForm(post if kind == "rate" else None),
    }
    if post is not None:
        form = bound.get(kind)
        if form is not None and form.is_valid():
            data: dict[str, Any] = dict(form.cleaned_data)
            if kind == "branch":
                run: Any = lambda: services.party_branch_register(by=user, **data)  # noqa: E731
            else:
                branch = grassroots.party_branch_get_for_user(user, data.pop("branch"))
                run = lambda: services.branch_rate(by=user, branch=branch, **data)  # noqa: E731
            if attempt(form, run):
                messages.success(request, "已保存。")
                return _back("engagement:branches", year)
    branch_rows = grassroots.party_branches_for_user(user, year=year)
    return render(
        request,
        "engagement/branches.html",
        {
            "year": year,
            "may_manage": selectors.may_manage_grassroots(user),
            "branches": branch_rows,
            "expected": rules.PARTY_BRANCHES,
            "rated": sum(b.year_rating is not None for b in branch_rows),  # type: ignore[attr-defined]
            "star_basis": rules.BRANCH_STAR_BASIS,
            "forms": bound,
            "bound_pk": post.get("branch", "") if post is not None else "",
        },
        status=400 if post is not None else 200,
    )


@staff_required
def lectures(request: AppRequest) -> HttpResponse:
    user = request.user
    year = _year(request)
    may_manage = selectors.may_manage_grassroots(user)
    post = request.POST if request.method == "POST" else None
    form = forms.LectureForm(post, may_manage=may_manage)
    if post is not None and form.is_valid():
        data: dict[str, Any] = dict(form.cleaned_data)
        if attempt(form, lambda: services.lecture_register(by=user, **data)):
            messages.success(request, "已保存。")
            return _back("engagement:lectures", year)
    rows = list(grassroots.lectures_for_user(user, year=year))
    return render(
        request,
        "engagement/lectures.html",
        {
            "year": year,
            "lectures": rows,
            "attendance": sum(row.attendees for row in rows),
            "form": form,
        },
        status=400 if post is not None else 200,
    )
