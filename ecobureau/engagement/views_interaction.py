"""Pages for the reception day (staff and the enterprise's own), forums, revisits
after enforcement cases and the participation report."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET

from ecobureau.accounts.decorators import (
    public_account_required,
    require_perm,
    staff_required,
)
from ecobureau.accounts.http import AppRequest
from ecobureau.core.forms import attempt, refused_status
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.lib.dates import SHANGHAI

from . import forms, rules, selectors, selectors_green, services
from .models import Demand, ReceptionBooking

RECEPTION_PERM = "engagement.manage_reception"


def _today() -> date:
    return timezone.now().astimezone(SHANGHAI).date()


# --- Reception day (staff) ----------------------------------------------------------


@staff_required
def reception_list(request: AppRequest) -> HttpResponse:
    require_perm(request, RECEPTION_PERM)
    form = forms.ReceptionPlanForm(
        request.POST or None, initial={"held_on": selectors.next_reception_date()}
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: services.reception_day_plan(by=request.user, **form.cleaned_data),
        )
    ):
        messages.success(request, "接待日已安排。")
        return redirect("engagement:reception-list")
    return render(
        request,
        "engagement/reception_list.html",
        {
            "days": selectors.reception_day_list_for_user(request.user)[:36],
            "form": form,
            "basis": rules.reception_basis(),
            "next_date": selectors.next_reception_date(),
        },
        status=refused_status(form),
    )


@staff_required
def reception_day(request: AppRequest, pk: int) -> HttpResponse:
    require_perm(request, RECEPTION_PERM)
    day = selectors.reception_day_get_for_user(request.user, pk)
    receive = forms.ReceiveForm(request.POST if "booking" in request.POST else None)
    record = forms.DayRecordForm(request.POST if "record" in request.POST else None)
    if request.method == "POST":
        if "booking" in request.POST and receive.is_valid():
            data = receive.cleaned_data
            booking = selectors.booking_get_for_user(request.user, data["booking"])
            if attempt(
                receive,
                lambda: services.reception_receive(
                    by=request.user,
                    booking=booking,
                    answer=data["answer"],
                    solution=data["solution"],
                    follow_up_title=data["follow_up_title"],
                    follow_up_category=data["follow_up_category"]
                    or Demand.Category.OTHER,
                ),
            ):
                messages.success(request, "接待情况已记录。")
                return redirect("engagement:reception-day", pk=day.pk)
        elif (
            "record" in request.POST
            and record.is_valid()
            and attempt(
                record,
                lambda: services.reception_record(
                    by=request.user, day=day, record=record.cleaned_data["record"]
                ),
            )
        ):
            messages.success(request, "接待日记录已保存。")
            return redirect("engagement:reception-day", pk=day.pk)
    return render(
        request,
        "engagement/reception_day.html",
        {
            "day": day,
            "bookings": selectors.bookings_of(day),
            "receive": receive,
            "record_form": record,
            "booked": ReceptionBooking.Status.BOOKED,
        },
        status=refused_status(receive, record),
    )


# --- Reception day (the enterprise's own) -------------------------------------------


@public_account_required
def my_reception(request: AppRequest) -> HttpResponse:
    enterprise = enterprise_selectors.enterprise_for_account(request.user)
    if enterprise is None:
        raise PermissionDenied("仅限已核验的企业账户预约企业环保接待日。")
    day = selectors.upcoming_reception_day()
    form = forms.BookingForm(request.POST or None)
    if request.method == "POST" and day is None:
        # Refused, not ignored: no reception day is scheduled to book.
        form.add_error(None, "下一次接待日尚未安排，暂不能预约。")
    if (
        request.method == "POST"
        and day is not None
        and form.is_valid()
        and attempt(
            form,
            lambda: services.reception_book(
                by=request.user, day=day, enterprise=enterprise, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, "已预约企业环保接待日。")
        return redirect("engagement:my-reception")
    return render(
        request,
        "engagement/my_reception.html",
        {
            "day": day,
            "form": form,
            "bookings": selectors.my_bookings(request.user),
            "basis": rules.reception_basis(),
        },
        status=refused_status(form),
    )


# --- Forums -------------------------------------------------------------------------


@staff_required
def forum_list(request: AppRequest) -> HttpResponse:
    require_perm(request, RECEPTION_PERM)
    form = forms.ForumForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        created: list[object] = []
        if attempt(
            form,
            lambda: created.append(
                services.forum_record(by=request.user, **form.cleaned_data)
            ),
        ):
            messages.success(request, "座谈会已记录。")
            return redirect("engagement:forum-detail", pk=created[0].pk)  # type: ignore[attr-defined]
    return render(
        request,
        "engagement/forum_list.html",
        {"forums": selectors.forum_list_for_user(request.user)[:100], "form": form},
        status=refused_status(form),
    )


@staff_required
def forum_detail(request: AppRequest, pk: int) -> HttpResponse:
    require_perm(request, RECEPTION_PERM)
    forum = selectors.forum_get_for_user(request.user, pk)
    form = forms.ForumDemandForm(request.POST or None, user=request.user)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: services.forum_demand(
                by=request.user, forum=forum, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, "诉求已登记，答复时限开始计时。")
        return redirect("engagement:forum-detail", pk=forum.pk)
    return render(
        request,
        "engagement/forum_detail.html",
        {"forum": forum, "demands": selectors.forum_demands(forum), "form": form},
        status=refused_status(form),
    )


# --- Revisits after enforcement cases -----------------------------------------------


def _month(request: AppRequest) -> date:
    raw = request.GET.get("month") or request.POST.get("month") or ""
    try:
        year, month = (int(part) for part in raw.split("-")[:2])
        return date(year, month, 1)
    except ValueError:
        today = _today()
        return date(today.year, today.month, 1)


@staff_required
def revisit_list(request: AppRequest) -> HttpResponse:
    require_perm(request, "engagement.manage_revisit")
    month = _month(request)
    report_form = forms.RevisitReportForm(
        request.POST if "summary" in request.POST else None
    )
    if request.method == "POST":
        if "prepare" in request.POST:
            added: list[object] = []
            if attempt(
                None,
                lambda: added.extend(
                    services.revisit_prepare(by=request.user, month=month)
                ),
                request,
            ):
                messages.success(request, f"已整理{len(added)}件案件待回访。")
            return redirect(f"{request.path}?month={month:%Y-%m}")
        if report_form.is_valid() and attempt(
            report_form,
            lambda: services.revisit_report(
                by=request.user,
                month=month,
                summary=report_form.cleaned_data["summary"],
            ),
        ):
            messages.success(request, "已向局党组报告。")
            return redirect(f"{request.path}?month={month:%Y-%m}")
    return render(
        request,
        "engagement/revisit_list.html",
        {
            "month": month,
            "revisits": selectors.revisit_list_for_user(request.user, month=month),
            "reports": selectors.revisit_reports_for_user(request.user)[:24],
            "report_form": report_form,
            "basis": rules.REVISIT_BASIS,
        },
        status=refused_status(report_form),
    )


@staff_required
def revisit_detail(request: AppRequest, pk: int) -> HttpResponse:
    require_perm(request, "engagement.manage_revisit")
    revisit = selectors.revisit_get_for_user(request.user, pk)
    form = forms.RevisitForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: services.revisit_record(
                by=request.user, revisit=revisit, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, "回访情况已记录。")
        return redirect(f"/engagement/revisits/?month={revisit.month:%Y-%m}")
    return render(
        request,
        "engagement/revisit_detail.html",
        {"revisit": revisit, "form": form},
        status=refused_status(form),
    )


# --- Participation report (A76) -----------------------------------------------------


@require_GET
@staff_required
def participation(request: AppRequest) -> HttpResponse:
    require_perm(request, "engagement.view_demand")
    today = _today()
    try:
        year = int(request.GET.get("year", today.year))
    except ValueError:
        year = today.year
    by = "cadre" if request.GET.get("by") == "cadre" else "unit"
    rows = selectors.participation_for_user(
        request.user, start=date(year, 1, 1), end=date(year, 12, 31), by=by
    )
    return render(
        request,
        "engagement/participation.html",
        {"rows": rows, "year": year, "by": by, "basis": rules.PARTICIPATION_BASIS},
    )


# --- Leaders linked to enterprises and the letter (E15) -----------------------------

LEADER_VIEW_PERM = "engagement.view_commissioner"
LEADER_MANAGE_PERM = "engagement.manage_commissioner"


@staff_required
def leader_list(request: AppRequest) -> HttpResponse:
    """Links in the reader's scope (with ?all=1 the ended ones too); link a leader
    to an enterprise, end a link (领导干部联系企业制度, seed 004)."""
    require_perm(request, LEADER_VIEW_PERM)
    link_form = forms.LeaderLinkForm(
        request.POST if "leader" in request.POST else None,
        user=request.user,
        initial={"started_on": _today()},
    )
    unlink_form = forms.LeaderUnlinkForm(
        request.POST if "link" in request.POST else None
    )
    if request.method == "POST":
        require_perm(request, LEADER_MANAGE_PERM)
        if "link" in request.POST:
            if unlink_form.is_valid():
                data = unlink_form.cleaned_data
                link = selectors.leader_link_get_for_user(request.user, data["link"])
                if attempt(
                    unlink_form,
                    lambda: services.leader_unlink(
                        by=request.user, link=link, ended_on=data["ended_on"]
                    ),
                ):
                    messages.success(request, "联系已结束。")
                    return redirect("engagement:leader-list")
        elif link_form.is_valid() and attempt(
            link_form,
            lambda: services.leader_link(by=request.user, **link_form.cleaned_data),
        ):
            messages.success(request, "已建立联系。")
            return redirect("engagement:leader-list")
    show_all = request.GET.get("all") == "1"
    return render(
        request,
        "engagement/leader_list.html",
        {
            "links": selectors.leader_links_for_user(
                request.user, active_only=not show_all
            ),
            "show_all": show_all,
            "green_ids": set(
                selectors_green.green_channel_list_for_user(request.user).values_list(
                    "enterprise_id", flat=True
                )
            ),
            "may_manage": request.user.has_perm(LEADER_MANAGE_PERM),
            "link_form": link_form,
            "unlink_form": unlink_form,
            "today": _today(),
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def letter_list(request: AppRequest) -> HttpResponse:
    """Letters to enterprises (《致全市企业家朋友们的一封信》, seed 004) and sending one."""
    require_perm(request, LEADER_VIEW_PERM)
    form = forms.LetterForm(
        request.POST or None, user=request.user, initial={"sent_on": _today()}
    )
    if request.method == "POST":
        require_perm(request, LEADER_MANAGE_PERM)
        if form.is_valid():
            data = form.cleaned_data
            sent: list[Any] = []
            if attempt(
                form,
                lambda: sent.append(
                    services.letter_send(
                        by=request.user,
                        title=data["title"],
                        body=data["body"],
                        sent_on=data["sent_on"],
                        enterprises=data["enterprises"],
                    )
                ),
            ):
                messages.success(
                    request, f"已记录发送（{len(data['enterprises'])}家）。"
                )
                return redirect("engagement:letter-detail", pk=sent[0].pk)
    return render(
        request,
        "engagement/letter_list.html",
        {
            "letters": selectors.letters_for_user(request.user),
            "form": form,
            "may_manage": request.user.has_perm(LEADER_MANAGE_PERM),
        },
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@staff_required
def letter_detail(request: AppRequest, pk: int) -> HttpResponse:
    letter = selectors.letter_get_for_user(request.user, pk)
    return render(
        request,
        "engagement/letter_detail.html",
        {
            "letter": letter,
            "deliveries": selectors.letter_deliveries_for_user(request.user, letter),
        },
    )
