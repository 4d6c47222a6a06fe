"""The credit team's C7 page: records the scoring reads that have arisen and are
not yet entered into the enterprise's credit record, each with its due day (10
working days, 示例配置), the overdue flagged; entering them."""

from __future__ import annotations

from collections import defaultdict

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.lib import dates

from . import selectors, selectors_entries, services


@staff_required
def entries(request: AppRequest) -> HttpResponse:
    user = request.user
    if not selectors.may_view(user):
        raise PermissionDenied("您没有查看信用评价的权限。")
    today = dates.local_date(timezone.now())
    source = request.POST if request.method == "POST" else request.GET
    year_text = str(source.get("year", ""))
    year = int(year_text) if year_text.isdigit() else today.year
    may_enter = selectors.may_manage(user) or selectors.may_prescore(user)
    chosen = request.POST.getlist("fact") if request.method == "POST" else []
    errors: list[str] = []
    status = 200
    if request.method == "POST":
        if not may_enter:
            raise PermissionDenied("您不能录入信用信息。")
        selected: dict[int, list[str]] = defaultdict(list)
        for key in chosen:
            pk, _, ref = key.partition("|")
            if pk.isdigit() and ref:
                selected[int(pk)].append(ref)
        try:
            made = services.facts_enter(year=year, selected=selected, by=user)
        except ValidationError as error:
            errors = error.messages
            status = 400
        else:
            messages.success(request, f"已录入{len(made)}条信用信息。")
            return redirect(f"{reverse('credit:entries')}?year={year}")
    return render(
        request,
        "credit/entries.html",
        {
            "clock": selectors_entries.fact_clock_for_user(
                user, year=year, today=today
            ),
            "year": year,
            "may_enter": may_enter,
            "chosen": set(chosen),
            "errors": errors,
            "basis": selectors_entries.entry_basis(),
            "workdays": selectors_entries.entry_workdays(),
        },
        status=status,
    )
