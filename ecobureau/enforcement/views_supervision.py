"""挂牌督办 pages (A93): the case's listings for its staff (a head records and
lifts) and the public list (`enforcement:public_supervised`, no login)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.core import calendar as core_calendar
from ecobureau.lib import dates

from . import selectors
from .form_values import day as _date
from .models import EnforcementCase, ListedSupervision
from .services import supervision


@staff_required
def supervision_page(request: AppRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            done = _act(request, case)
        except ValidationError as error:
            errors.extend(error.messages)
        except PermissionDenied as error:
            errors.append(str(error))
        else:
            messages.success(request, done)
            return redirect("enforcement:supervision", case.pk)
    today = dates.local_date(timezone.now())
    return render(
        request,
        "enforcement/supervision.html",
        {
            "case": case,
            "items": case.supervisions.all(),
            "rows": [
                (s, selectors.supervision_overdue_days(s, today))
                for s in case.supervisions.all()
            ],
            "errors": errors,
            "values": request.POST,
        },
        status=400 if errors else 200,
    )


@staff_required
def supervision_overdue_list(request: AppRequest) -> HttpResponse:
    """Listings still open after the superior's deadline, among the cases the
    user sees (挂牌督办 overdue marking)."""
    today = dates.local_date(timezone.now())
    visible = selectors.case_list_for_user(request.user).values("pk")
    items = selectors.supervision_overdue(today).filter(case__in=visible)[:200]
    calendar = core_calendar.current()  # one load for every row
    rows = []
    for item in items:
        due = selectors.supervision_due_on(item, calendar)  # 第二百零三条
        rows.append((item, item.overdue_days(today, due_on=due), due))
    return render(request, "enforcement/supervision_overdue.html", {"rows": rows})


def _act(request: AppRequest, case: EnforcementCase) -> str:
    post, user = request.POST, request.user
    if post.get("action") == "lift":
        item = case.supervisions.filter(pk=post.get("item") or 0).first()
        if item is None:
            raise ValidationError(gettext("请选择要解除的督办。"))
        supervision.supervision_lift(
            supervision=item,
            lifted_on=_date(post.get("lifted_on", ""), gettext("解除日期")),
            note=post.get("lift_note", ""),
            by=user,
        )
        return gettext("已登记解除督办。")
    supervision.supervision_list(
        case=case,
        authority=post.get("authority", ""),
        reference=post.get("reference", ""),
        listed_on=_date(post.get("listed_on", ""), gettext("挂牌日期")),
        deadline=_date(post.get("deadline", ""), gettext("督办期限")),
        matter=post.get("matter", ""),
        by=user,
    )
    return gettext("已登记挂牌督办。")


@require_GET
def public_supervised(request: AppRequest) -> HttpResponse:
    """Cases under listed supervision, no login, no personal data (A93)."""
    status = request.GET.get("status", "")
    items = selectors.supervision_list_public()
    if status in ListedSupervision.Status.values:
        items = items.filter(status=status)
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "enforcement/public_supervised.html",
        {
            "page": page,
            "rows": [
                selectors.supervision_public_row(item) for item in page.object_list
            ],
            "status": status,
            "statuses": ListedSupervision.Status.choices,
        },
    )
