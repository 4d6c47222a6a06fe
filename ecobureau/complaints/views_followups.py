"""Staff pages of tracked follow-ups of hot spots (跟踪督办, A82) and of the
Weibo / WeChat / 民心网 messages and their approved replies (A89)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.accounts.models import Unit
from ecobureau.casework.selectors_files import document_list_for_target
from ecobureau.core.forms import attempt

from . import forms, selectors, services
from .models import FollowUp, MessageReply
from .services import documents as document_services
from .services import followups as followup_services
from .services import messages as message_services

PAGE_SIZE = 50


def _units() -> Any:
    return Unit.objects.filter(is_active=True).order_by("kind", "name")


# --- Follow-ups ------------------------------------------------------------------------


@require_GET
@staff_required
def follow_up_list(request: AppRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    follow_ups = selectors.follow_up_list_for_user(request.user, status=status)
    page = Paginator(follow_ups, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "complaints/followup_list.html",
        {"page": page, "status": status, "statuses": FollowUp.Status.choices},
    )


@require_http_methods(["GET", "POST"])
@staff_required
@permission_required("complaints.supervise_hotspot", raise_exception=True)
def follow_up_new(request: AppRequest) -> HttpResponse:
    initial = {
        "dimension": request.GET.get("dimension", ""),
        "hotspot": request.GET.get("hotspot", ""),
        "days": 15,
    }
    if initial["hotspot"]:
        initial["title"] = f"群众反映集中问题：{initial['hotspot']}"[:120]
    days = _days(request.GET.get("days") or request.POST.get("window"))
    form = forms.FollowUpForm(request.POST or None, initial=initial, units=_units())
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        related = list(
            selectors.hotspot_complaints(
                request.user,
                dimension=data["dimension"],
                hotspot=data["hotspot"],
                days=days,
            )[:500]
        )
        try:
            follow_up = services.follow_up_open(
                title=data["title"],
                dimension=data["dimension"],
                hotspot=data["hotspot"],
                unit=data["unit"],
                requirement=data["requirement"],
                days=data["days"],
                by=request.user,
                complaints=related,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "已开启跟踪督办，办理期限开始计算。")
            return redirect("complaints:followup-detail", pk=follow_up.pk)
    return render(
        request,
        "complaints/followup_new.html",
        {"form": form, "window": days},
        status=400 if form.errors else 200,
    )


def _days(value: str | None) -> int:
    try:
        days = int(value or 90)
    except ValueError:
        days = 90
    return min(max(days, 7), 366)


def _follow_up_context(
    request: AppRequest, follow_up: FollowUp, **extra: Any
) -> dict[str, Any]:
    user = request.user
    return {
        "follow_up": follow_up,
        "reports": follow_up.reports.select_related("reported_by"),
        "complaints": follow_up.complaints.filter(
            selectors.complaint_scope_q(user)
        ).order_by("-received_at")[:50],
        "clock": followup_services.follow_up_clock(follow_up),
        "history": selectors.history_for(follow_up),
        "may_report": followup_services.may_report(user, follow_up),
        "may_close": follow_up.status == FollowUp.Status.SUPERVISING
        and user.has_perm("complaints.supervise_hotspot"),
        "documents": document_list_for_target(follow_up),
        "report_form": extra.get("report_form") or forms.FollowUpReportForm(),
        "close_form": extra.get("close_form") or forms.FollowUpCloseForm(),
    }


@require_GET
@staff_required
def follow_up_detail(request: AppRequest, pk: int) -> HttpResponse:
    follow_up = selectors.follow_up_get_for_user(request.user, pk)
    return render(
        request,
        "complaints/followup_detail.html",
        _follow_up_context(request, follow_up),
    )


@require_POST
@staff_required
def follow_up_report(request: AppRequest, pk: int) -> HttpResponse:
    follow_up = selectors.follow_up_get_for_user(request.user, pk)
    form = forms.FollowUpReportForm(request.POST)
    if form.is_valid():
        try:
            services.follow_up_report(
                follow_up=follow_up, text=form.cleaned_data["text"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "已报告进展。")
            return redirect("complaints:followup-detail", pk=pk)
    return render(
        request,
        "complaints/followup_detail.html",
        _follow_up_context(request, follow_up, report_form=form),
        status=400,
    )


@require_POST
@staff_required
def follow_up_close(request: AppRequest, pk: int) -> HttpResponse:
    follow_up = selectors.follow_up_get_for_user(request.user, pk)
    form = forms.FollowUpCloseForm(request.POST)
    if form.is_valid():
        try:
            services.follow_up_close(
                follow_up=follow_up,
                closure_note=form.cleaned_data["closure_note"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, "已办结销号。")
            return redirect("complaints:followup-detail", pk=pk)
    return render(
        request,
        "complaints/followup_detail.html",
        _follow_up_context(request, follow_up, close_form=form),
        status=400,
    )


@require_POST
@staff_required
def follow_up_letter(request: AppRequest, pk: int) -> HttpResponse:
    """制发督办函: a button with no fields; a refusal is a message on the page."""
    follow_up = selectors.follow_up_get_for_user(request.user, pk)
    if attempt(
        None,
        lambda: document_services.issue_follow_up_letter(
            follow_up=follow_up, by=request.user
        ),
        request,
    ):
        messages.success(request, "督办函已制发。")
    return redirect("complaints:followup-detail", pk=pk)


# --- Messages ------------------------------------------------------------------------


@require_GET
@staff_required
def message_list(request: AppRequest) -> HttpResponse:
    pending = request.GET.get("pending") == "1"
    items = selectors.message_list_for_user(request.user, pending=pending)
    page = Paginator(items, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "complaints/message_list.html",
        {
            "page": page,
            "pending": pending,
            "workdays": message_services.reply_workdays(),
        },
    )


def _message_context(
    request: AppRequest, complaint: Any, **extra: Any
) -> dict[str, Any]:
    user = request.user
    replies = list(selectors.message_replies_of(complaint))
    for reply in replies:
        message_services.message_reply_settle(reply=reply)
        reply.approval = message_services.reply_approval(reply)  # type: ignore[attr-defined]
    return {
        "complaint": complaint,
        "replies": replies,
        "clock": message_services.reply_clock(complaint),
        "may_assign": user.has_perm("complaints.collect_messages")
        and not any(r.status == MessageReply.Status.PUBLISHED for r in replies),
        "may_draft": message_services.may_draft(user, complaint),
        "may_publish": user.has_perm("complaints.collect_messages")
        or user.unit_id == complaint.message_unit_id,
        "assign_form": extra.get("assign_form")
        or forms.MessageAssignForm(
            initial={"unit": complaint.message_unit_id}, units=_units()
        ),
        "reply_form": extra.get("reply_form") or forms.MessageReplyForm(),
        "publish_form": extra.get("publish_form") or forms.MessagePublishForm(),
        "workdays": message_services.reply_workdays(),
    }


@require_GET
@staff_required
def message_detail(request: AppRequest, pk: int) -> HttpResponse:
    complaint = selectors.message_get_for_user(request.user, pk)
    return render(
        request, "complaints/message_detail.html", _message_context(request, complaint)
    )


def _message_action(
    request: AppRequest, pk: int, form: Any, form_name: str, action: Any, done: str
) -> HttpResponse:
    complaint = selectors.message_get_for_user(request.user, pk)
    if form.is_valid():
        try:
            action(complaint, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect("complaints:message-detail", pk=pk)
    return render(
        request,
        "complaints/message_detail.html",
        _message_context(request, complaint, **{form_name: form}),
        status=400,
    )


@require_POST
@staff_required
@permission_required("complaints.collect_messages", raise_exception=True)
def message_assign(request: AppRequest, pk: int) -> HttpResponse:
    return _message_action(
        request,
        pk,
        forms.MessageAssignForm(request.POST, units=_units()),
        "assign_form",
        lambda c, d: services.message_assign(
            complaint=c, unit=d["unit"], by=request.user
        ),
        "已分配责任单位，回复期限开始计算。",
    )


@require_POST
@staff_required
def message_reply(request: AppRequest, pk: int) -> HttpResponse:
    return _message_action(
        request,
        pk,
        forms.MessageReplyForm(request.POST),
        "reply_form",
        lambda c, d: services.message_reply_draft(
            complaint=c, text=d["text"], by=request.user
        ),
        "回复已提交审核。",
    )


@require_POST
@staff_required
def message_publish(request: AppRequest, pk: int, reply_pk: int) -> HttpResponse:
    reply = selectors.message_reply_get_for_user(request.user, reply_pk)
    if reply.complaint_id != pk:
        raise PermissionDenied
    return _message_action(
        request,
        pk,
        forms.MessagePublishForm(request.POST),
        "publish_form",
        lambda c, d: services.message_reply_publish(
            reply=reply, where=d["where"], by=request.user
        ),
        "回复已发布。",
    )
