"""与基层互动 (seed 000): the suggestion scheme (A77) and research reports (A78) —
every cadre's own suggestions, the office's review, rewards and the per-unit
progress against "不少于1条" and "不少于1篇"."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.forms import Form
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.core.forms import attempt
from ecobureau.lib.dates import SHANGHAI

from . import forms, selectors, services


def _year(request: AppRequest) -> int:
    text = request.GET.get("year", "")
    return int(text) if text.isdigit() else timezone.now().astimezone(SHANGHAI).year


@staff_required
def grassroots(request: AppRequest) -> HttpResponse:
    user = request.user
    post = request.POST if request.method == "POST" else None
    kind = post.get("form", "") if post is not None else ""
    bound: dict[str, Form] = {
        "suggestion": forms.SuggestionForm(post if kind == "suggestion" else None),
        "report": forms.ResearchReportForm(post if kind == "report" else None),
        "decide": forms.SuggestionDecideForm(post if kind == "decide" else None),
        "reward": forms.SuggestionRewardForm(post if kind == "reward" else None),
    }
    if post is not None:
        form = bound.get(kind)
        if form is not None and form.is_valid():
            data: dict[str, Any] = dict(form.cleaned_data)
            if kind == "suggestion":
                run: Any = lambda: services.suggestion_submit(by=user, **data)  # noqa: E731
            elif kind == "report":
                run = lambda: services.research_report_register(by=user, **data)  # noqa: E731
            else:
                suggestion = selectors.suggestion_get_for_user(
                    user, data.pop("suggestion")
                )
                action = (
                    services.suggestion_decide
                    if kind == "decide"
                    else services.suggestion_reward
                )
                run = lambda: action(by=user, suggestion=suggestion, **data)  # noqa: E731
            if attempt(form, run):
                messages.success(request, "已保存。")
                return redirect("engagement:grassroots")
    year = _year(request)
    return render(
        request,
        "engagement/grassroots.html",
        {
            "year": year,
            "suggestions": selectors.suggestion_list_for_user(user, year=year),
            "reports": selectors.research_reports_for_user(user, year=year),
            "progress": selectors.grassroots_progress(user, year=year),
            "may_manage": selectors.may_manage_grassroots(user),
            "forms": bound,
            "bound_pk": post.get("suggestion", "") if post is not None else "",
        },
        status=400 if post is not None else 200,
    )
