from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from ecobureau.accounts.http import AppRequest

from . import selectors, services


@require_GET
@login_required
def inbox(request: AppRequest) -> HttpResponse:
    page = Paginator(selectors.notification_list_for_user(request.user), 30).get_page(
        request.GET.get("page")
    )
    base = "base.html" if request.user.is_staff_member else "portal/base.html"
    return render(request, "notifications/inbox.html", {"page": page, "base": base})


@require_POST
@login_required
def open_notification(request: AppRequest, pk: int) -> HttpResponse:
    """Mark a message read and follow its link."""
    notification = get_object_or_404(
        selectors.notification_list_for_user(request.user), pk=pk
    )
    services.notification_mark_read(notification=notification)
    url = notification.url
    if url and url_has_allowed_host_and_scheme(url, allowed_hosts={request.get_host()}):
        return redirect(url)
    return redirect("notifications:inbox")


@require_POST
@login_required
def mark_all_read(request: AppRequest) -> HttpResponse:
    services.mark_all_read(user=request.user)
    return redirect("notifications:inbox")
