"""Pages for the enterprise's facility-failure report (污染防治设施突发故障报告,
requirements A98): the enterprise files and completes it; staff of the
enterprise's district read it beside the monitoring data it explains."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from ecobureau.accounts.http import AppRequest
from ecobureau.casework import selectors as casework_selectors
from ecobureau.core.forms import attempt, refused_status
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.enterprises.models import Outlet

from . import selectors, services
from .forms import FailureForm, FailureUpdateForm

PAGE_SIZE = 50
HISTORY_LABELS = {
    "monitoring.failure_report": "提交故障报告",
    "monitoring.failure_update": "补充故障报告",
}


def _base(request: AppRequest) -> str:
    return "portal/base.html" if request.user.is_public else "base.html"


def _may_view(request: AppRequest) -> None:
    user = request.user
    if user.is_public:
        if enterprise_selectors.enterprise_for_account(user) is None:
            raise PermissionDenied("您的企业账户尚未关联企业。")
    elif not user.has_perm("monitoring.view_monitoring_data"):
        raise PermissionDenied("您没有查看该页面的权限。")


@require_GET
@login_required
def failure_list(request: AppRequest) -> HttpResponse:
    _may_view(request)
    page = Paginator(selectors.failure_list_for_user(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "monitoring/failure_list.html",
        {"page": page, "base": _base(request), "may_report": request.user.is_public},
    )


@require_http_methods(["GET", "POST"])
@login_required
def failure_new(request: AppRequest) -> HttpResponse:
    enterprise = enterprise_selectors.enterprise_for_account(request.user)
    if enterprise is None:
        raise PermissionDenied("只有企业的认证账户可以报告设施故障。")
    outlets = Outlet.objects.filter(enterprise=enterprise, is_active=True).order_by(
        "code"
    )
    form = FailureForm(request.POST or None, outlets=outlets)
    created = []
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data

        def report() -> None:
            created.append(
                services.failure_report(
                    enterprise=enterprise,
                    data=services.FailureData(
                        facility=data["facility"],
                        cause=data["cause"],
                        began_at=data["began_at"],
                        measures=data["measures"],
                        measures_note=data["measures_note"],
                        repair=data["repair"],
                        ended_at=data["ended_at"],
                        outlet=data["outlet"],
                    ),
                    by=request.user,
                )
            )

        if attempt(form, report):
            failure = created[0]
            messages.success(
                request,
                f"故障报告已提交，编号{failure.number}，"
                f"接收时间{timezone.localtime(failure.reported_at):%Y-%m-%d %H:%M}。",
            )
            return redirect("monitoring:failure-detail", pk=failure.pk)
    return render(
        request,
        "monitoring/failure_form.html",
        {"form": form, "base": _base(request)},
        status=refused_status(form),
    )


@require_http_methods(["GET", "POST"])
@login_required
def failure_detail(request: AppRequest, pk: int) -> HttpResponse:
    _may_view(request)
    failure = selectors.failure_get_for_user(request.user, pk)
    form = FailureUpdateForm(
        request.POST or None,
        initial={
            "measures": failure.measures,
            "measures_note": failure.measures_note,
            "repair": failure.repair,
        },
    )
    if request.method == "POST":
        if not request.user.is_public:
            raise PermissionDenied("只有报告企业可以补充故障报告。")
        if form.is_valid():
            data = form.cleaned_data
            done = attempt(
                form,
                lambda: services.failure_update(
                    failure=failure,
                    measures=data["measures"],
                    measures_note=data["measures_note"],
                    repair=data["repair"],
                    ended_at=data["ended_at"],
                    by=request.user,
                ),
            )
            if done:
                messages.success(request, "故障报告已补充。")
                return redirect("monitoring:failure-detail", pk=pk)
    return render(
        request,
        "monitoring/failure_detail.html",
        {
            "failure": failure,
            "form": form,
            "may_update": request.user.is_public,
            "history": casework_selectors.history_for(failure, HISTORY_LABELS),
            "base": _base(request),
        },
        status=refused_status(form),
    )
