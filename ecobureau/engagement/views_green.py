"""The demand green channel's register (诉求反馈绿色通道, seed 004; E15): the
enterprises on it, enrolling a list by credit code, taking one off."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from ecobureau.accounts.decorators import require_perm, staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.core.forms import attempt
from ecobureau.lib.dates import local_date

from . import forms, rules, selectors_green, services

VIEW_PERM = "engagement.view_commissioner"
MANAGE_PERM = "engagement.manage_commissioner"


@staff_required
def green_channel(request: AppRequest) -> HttpResponse:
    require_perm(request, VIEW_PERM)
    enrol = forms.GreenChannelEnrolForm(
        request.POST if "credit_codes" in request.POST else None,
        initial={"enrolled_on": local_date(timezone.now())},
    )
    end = forms.GreenChannelEndForm(request.POST if "entry" in request.POST else None)
    if request.method == "POST":
        require_perm(request, MANAGE_PERM)
        if "entry" in request.POST:
            if end.is_valid():
                data = end.cleaned_data
                entry = selectors_green.green_channel_get_for_user(
                    request.user, data["entry"]
                )
                if attempt(
                    end,
                    lambda: services.green_channel_end(
                        by=request.user,
                        entry=entry,
                        ended_on=data["ended_on"],
                        reason=data["reason"],
                    ),
                ):
                    messages.success(request, "该企业已退出绿色通道。")
                    return redirect("engagement:green-channel")
        elif enrol.is_valid():
            data = enrol.cleaned_data
            if attempt(
                enrol,
                lambda: services.green_channel_enrol(
                    by=request.user,
                    credit_codes=data["credit_codes"].splitlines(),
                    category=data["category"],
                    enrolled_on=data["enrolled_on"],
                    basis=data["basis"],
                ),
            ):
                messages.success(request, "已纳入绿色通道。")
                return redirect("engagement:green-channel")
    rows = selectors_green.green_channel_list_for_user(request.user)
    counts = selectors_green.green_channel_counts(rows)
    return render(
        request,
        "engagement/green_channel.html",
        {
            "rows": rows.order_by("category", "enterprise__name"),
            "counts": [
                (label, counts.get(code, 0), rules.GREEN_CHANNEL_SEED_COUNTS[code])
                for code, label in forms.GreenChannel.Category.choices
            ],
            "reply_days": rules.green_channel_reply_workdays(),
            "may_manage": request.user.has_perm(MANAGE_PERM),
            "enrol_form": enrol,
            "end_form": end,
        },
        status=400 if request.method == "POST" else 200,
    )
