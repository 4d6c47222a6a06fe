"""The reports sent (B7, seed 001 五5 "每月向市委、市政府和市督改办报告整改情况"):
the list the user may see and the form recording a dispatch. A refused form
answers 400 with what was typed and the reason; a valid one redirects."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.core.forms import attempt

from . import selectors
from .forms import DispatchForm
from .services import dispatch
from .views import _today


@staff_required
def dispatches(request: AppRequest) -> HttpResponse:
    user = request.user
    if not user.has_perm("rectification.view_rectificationtask"):
        raise PermissionDenied("您没有查看督察整改的权限。")
    districts = account_selectors.division_list_for_user(user).filter(level=2)
    may = dispatch.may_dispatch(user)
    form = None
    if may:
        own = districts.first() if districts.count() == 1 else None
        form = DispatchForm(
            request.POST if request.method == "POST" else None,
            districts=districts,
            initial={
                "period_end": _today(),
                "sent_on": _today(),
                "district": own,
            },
        )
    elif request.method == "POST":
        raise PermissionDenied("您没有报送整改报告的权限。")
    if (
        request.method == "POST"
        and form is not None
        and form.is_valid()
        and attempt(
            form,
            action=lambda: dispatch.report_dispatch_record(
                by=user, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, "已登记报送。")
        return redirect("rectification:dispatches")
    status = 400 if form is not None and form.is_bound else 200
    return render(
        request,
        "rectification/dispatches.html",
        {
            "form": form,
            "rows": selectors.dispatch_list_for_user(user)[:200],
            "monthly_addressees": dispatch.addressee_text("month"),
            "weekly_addressees": dispatch.addressee_text("week"),
        },
        status=status,
    )
