"""Pages for a plan's roles and contacts (on the plan page, and one click from an
incident) and for the help given to enterprises in opinion events."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.forms import BaseForm
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from ecobureau.accounts.decorators import (
    public_account_required,
    require_perm,
    staff_required,
)
from ecobureau.accounts.http import AppRequest
from ecobureau.casework import services as casework
from ecobureau.core.forms import attempt
from ecobureau.enterprises import selectors as enterprise_selectors

from . import enterprise_help, forms, preparedness, selectors
from .models import EnterpriseHelp
from .views import _opinion_context
from .views_response import _plan_page

# --- Plan roles ------------------------------------------------------------------------


@require_POST
@staff_required
def plan_role_add(request: AppRequest, pk: int) -> HttpResponse:
    require_perm(request, "emergencies.view_plan")
    plan = selectors.plan_get_for_user(request.user, pk)
    require_perm(request, "emergencies.handle_incident")
    form = forms.PlanRoleForm(request.POST)
    if form.is_valid() and attempt(
        form,
        lambda: preparedness.plan_role_add(
            plan=plan, by=request.user, **form.cleaned_data
        ),
    ):
        messages.success(request, "已登记应急职务。")
        return redirect("emergencies:plan-drills", pk=plan.pk)
    response = _plan_page(request, plan, role_form=form)
    response.status_code = 400
    return response


@require_POST
@staff_required
def plan_role_remove(request: AppRequest, pk: int) -> HttpResponse:
    require_perm(request, "emergencies.view_plan")
    entry = selectors.plan_role_get_for_user(request.user, pk)
    require_perm(request, "emergencies.handle_incident")
    preparedness.plan_role_remove(entry=entry, by=request.user)
    messages.success(request, "已移除。")
    return redirect("emergencies:plan-drills", pk=entry.plan_id)


@staff_required
def plan_role_change(request: AppRequest, pk: int) -> HttpResponse:
    """Change a role's holder or details; refused input is shown again (400)."""
    require_perm(request, "emergencies.view_plan")
    entry = selectors.plan_role_get_for_user(request.user, pk)
    require_perm(request, "emergencies.handle_incident")
    initial = {name: getattr(entry, name) for name in preparedness.ROLE_FIELDS}
    form = forms.PlanRoleChangeForm(request.POST or None, initial=initial)
    status = 200
    if request.method == "POST":
        if form.is_valid() and attempt(
            form,
            lambda: preparedness.plan_role_change(
                entry=entry, by=request.user, **form.cleaned_data
            ),
        ):
            messages.success(request, "已修改应急职务。")
            return redirect("emergencies:plan-drills", pk=entry.plan_id)
        status = 400
    return render(
        request,
        "emergencies/plan_role_change.html",
        {"entry": entry, "plan": entry.plan, "form": form},
        status=status,
    )


@require_POST
@staff_required
def plan_contacts_change(request: AppRequest, pk: int) -> HttpResponse:
    require_perm(request, "emergencies.view_plan")
    plan = selectors.plan_get_for_user(request.user, pk)
    require_perm(request, "emergencies.handle_incident")
    form = forms.PlanContactsForm(request.POST)
    if form.is_valid() and attempt(
        form,
        lambda: preparedness.plan_contacts_change(
            plan=plan, by=request.user, **form.cleaned_data
        ),
    ):
        messages.success(request, "已修改应急组织与联系人。")
        return redirect("emergencies:plan-drills", pk=plan.pk)
    response = _plan_page(request, plan, contacts_form=form)
    response.status_code = 400
    return response


@require_GET
@staff_required
def incident_plan_contacts(request: AppRequest, pk: int) -> HttpResponse:
    """The roles and phones of every plan at hand for this incident, on one page."""
    incident = selectors.incident_get_for_user(request.user, pk)
    return render(
        request,
        "emergencies/incident_contacts.html",
        {
            "incident": incident,
            "plans": selectors.plan_contacts_for_incident(request.user, incident),
            "resources": selectors.resources_for_incident(request.user, incident),
        },
    )


# --- Enterprise help in opinion events -------------------------------------------------


@require_POST
@staff_required
def help_request(request: AppRequest, pk: int) -> HttpResponse:
    event = selectors.opinion_get_for_user(request.user, pk)
    require_perm(request, "emergencies.handle_incident")
    form = forms.HelpRequestForm(request.POST, user=request.user)
    created: list[EnterpriseHelp] = []
    if form.is_valid() and attempt(
        form,
        lambda: created.append(
            enterprise_help.help_request(
                event=event, by=request.user, **form.cleaned_data
            )
        ),
    ):
        messages.success(request, "已登记企业求助，请指定帮扶责任人。")
        return redirect(created[0])
    return render(
        request,
        "emergencies/opinion_detail.html",
        _opinion_context(request, event, {"help": form}),
        status=400,
    )


def _help_context(
    request: AppRequest, record: EnterpriseHelp, bound: dict[str, BaseForm]
) -> dict[str, Any]:
    user = request.user
    form_set: dict[str, BaseForm] = {
        "assign": forms.HelpAssignForm(user=user),
        "action": forms.HelpActionForm(),
        "conclude": forms.HelpConcludeForm(),
    }
    form_set.update(bound)
    return {
        "help": record,
        "clocks": selectors.help_clock_rows(record, timezone.now()),
        "timeline": selectors.help_timeline(record),
        "may_handle": user.has_perm("emergencies.handle_incident"),
        "forms": form_set,
    }


@require_GET
@staff_required
def help_detail(request: AppRequest, pk: int) -> HttpResponse:
    record = selectors.help_get_for_user(request.user, pk)
    return render(
        request, "emergencies/help_detail.html", _help_context(request, record, {})
    )


@require_POST
@staff_required
def help_act(request: AppRequest, pk: int, action: str) -> HttpResponse:
    record = selectors.help_get_for_user(request.user, pk)
    require_perm(request, "emergencies.handle_incident")
    user = request.user
    form: BaseForm
    if action == "assign":
        form = forms.HelpAssignForm(request.POST, user=user)
        perform: Any = lambda data: enterprise_help.help_assign(  # noqa: E731
            help_record=record, by=user, helper=data["helper"]
        )
    elif action == "action":
        form = forms.HelpActionForm(request.POST)
        perform = lambda data: enterprise_help.help_action_add(  # noqa: E731
            help_record=record, by=user, **data
        )
    elif action == "conclude":
        form = forms.HelpConcludeForm(request.POST)
        perform = lambda data: enterprise_help.help_conclude(  # noqa: E731
            help_record=record, by=user, outcome=data["outcome"]
        )
    else:
        raise PermissionDenied("未知的操作。")
    if form.is_valid() and attempt(form, lambda: perform(form.cleaned_data)):
        messages.success(request, "已办理。")
        return redirect(record)
    record.refresh_from_db()
    return render(
        request,
        "emergencies/help_detail.html",
        _help_context(request, record, {action: form}),
        status=400,
    )


# --- The enterprise's own pages ---------------------------------------------------------


def _own_enterprise(request: AppRequest) -> Any:
    enterprise = enterprise_selectors.enterprise_for_account(request.user)
    if enterprise is None:
        raise PermissionDenied("仅限已核验的企业账户查看舆情帮扶记录。")
    return enterprise


@require_GET
@public_account_required
def my_helps(request: AppRequest) -> HttpResponse:
    """The help records of the account's own enterprise."""
    enterprise = _own_enterprise(request)
    helps = selectors.help_list_for_enterprise_user(request.user)
    page = Paginator(helps, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "emergencies/my_helps.html",
        {"enterprise": enterprise, "page": page},
    )


@require_GET
@public_account_required
def my_help_detail(request: AppRequest, pk: int) -> HttpResponse:
    """One help record as the enterprise sees it: its request, the bureau unit
    helping, the dates, the kinds of help given, the outcome and its own replies —
    not the staff's notes of each step nor anything else of the opinion event."""
    _own_enterprise(request)
    record = selectors.help_get_for_enterprise_user(request.user, pk)
    return _my_help_page(request, record, forms.HelpReplyForm())


@require_POST
@public_account_required
def my_help_reply(request: AppRequest, pk: int) -> HttpResponse:
    """The enterprise answers on its own help record; a refused reply is shown
    again with the error (400)."""
    _own_enterprise(request)
    record = selectors.help_get_for_enterprise_user(request.user, pk)
    form = forms.HelpReplyForm(request.POST, request.FILES)
    if form.is_valid() and attempt(
        form,
        lambda: enterprise_help.help_reply(
            help_record=record,
            by=request.user,
            text=form.cleaned_data["text"],
            files=form.cleaned_data["attachments"],
        ),
    ):
        messages.success(request, "已提交回复。")
        return redirect("emergencies:my-help-detail", pk=record.pk)
    record.refresh_from_db()
    return _my_help_page(request, record, form, status=400)


def _my_help_page(
    request: AppRequest, record: EnterpriseHelp, form: BaseForm, status: int = 200
) -> HttpResponse:
    files = selectors.reply_files_of(record)
    return render(
        request,
        "emergencies/my_help_detail.html",
        {
            "help": record,
            "actions": record.actions.only("kind", "taken_at", "help"),
            "replies": [
                (reply, files.get(reply.pk, []))
                for reply in selectors.replies_of(record)
            ],
            "reply_form": form,
        },
        status=status,
    )


@require_GET
@public_account_required
def my_help_file(request: AppRequest, pk: int, file_pk: int) -> HttpResponseBase:
    """A file the enterprise attached to a reply on its own help record."""
    _own_enterprise(request)
    record = selectors.help_get_for_enterprise_user(request.user, pk)
    return _reply_file_response(request, record, file_pk)


@require_GET
@staff_required
def help_file(request: AppRequest, pk: int, file_pk: int) -> HttpResponseBase:
    """A file of the enterprise's reply, for staff who see the help record."""
    record = selectors.help_get_for_user(request.user, pk)
    return _reply_file_response(request, record, file_pk)


def _reply_file_response(
    request: AppRequest, record: EnterpriseHelp, file_pk: int
) -> FileResponse:
    attachment = selectors.help_reply_file_get(record, file_pk)
    handle = casework.attachment_access(attachment=attachment, by=request.user)
    # Uploaded content is downloaded, never shown inline (as casework serves it).
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=attachment.name,
        content_type=attachment.blob.content_type,
    )
    response["Cache-Control"] = "private"
    return response
