"""Internal approvals (全过程记录实施办法 第三十八条): the approval page, and the
actions of `casework/_approval.html`, which any module's case page may include.

Each action answers an htmx request with the approval's panel, and a normal
request with a redirect back to the page it came from (or the approval page).
"""

from dataclasses import replace

from django import forms
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest

from . import registry, selectors, services
from .forms import ApprovalDecideForm, ApprovalResubmitForm, ApprovalReviewForm
from .models import Approval

PANEL = "casework/_approval.html#approval-panel"
PANELS = "casework/_approval.html#approval-panels"


@require_GET
@staff_required
def approval_detail(request: AppRequest, pk: int) -> HttpResponse:
    approval = selectors.approval_get_for_user(request.user, pk)
    panel = selectors.approval_panel(request.user, approval)
    return render(request, "casework/approval_detail.html", _context(approval, panel))


@require_POST
@staff_required
def approval_review(request: AppRequest, pk: int) -> HttpResponse:
    approval = selectors.approval_get_for_user(request.user, pk)
    form = ApprovalReviewForm(request.POST)
    if form.is_valid():
        try:
            services.approval_review(
                approval=approval,
                opinion=form.cleaned_data["opinion"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(request, approval)
    return _refused(request, approval, form)


@require_POST
@staff_required
def approval_decide(request: AppRequest, pk: int) -> HttpResponse:
    approval = selectors.approval_get_for_user(request.user, pk)
    form = ApprovalDecideForm(request.POST)
    if form.is_valid():
        try:
            services.approval_decide(
                approval=approval,
                decision=form.cleaned_data["decision"],
                opinion=form.cleaned_data["opinion"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return _done(request, approval)
    return _refused(request, approval, form)


@require_POST
@staff_required
def approval_resubmit(request: AppRequest, pk: int) -> HttpResponse:
    approval = selectors.approval_get_for_user(request.user, pk)
    form = ApprovalResubmitForm(request.POST)
    if form.is_valid():
        try:
            again = services.approval_resubmit(
                approval=approval,
                proposal=form.cleaned_data["proposal"],
                reasons=form.cleaned_data["reasons"],
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if request.htmx:
                # The new approval above the returned one it replaces.
                panels = [
                    selectors.approval_panel(request.user, again),
                    selectors.approval_panel(request.user, approval),
                ]
                return render(request, PANELS, _fragment(request, approvals=panels))
            return _back(request, again)
    return _refused(request, approval, form)


def _done(request: AppRequest, approval: Approval) -> HttpResponse:
    if request.htmx:
        panel = selectors.approval_panel(request.user, approval)
        return render(request, PANEL, _fragment(request, panel=panel))
    return _back(request, approval)


def _back(request: AppRequest, approval: Approval) -> HttpResponse:
    wanted = request.POST.get("next", "")
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(wanted)
    return redirect("casework:approval-detail", pk=approval.pk)


def _refused(request: AppRequest, approval: Approval, form: forms.Form) -> HttpResponse:
    """The panel again with the errors and what was typed (200 for htmx, so it is
    swapped in; 400 for the full page)."""
    approval.refresh_from_db()
    panel = replace(
        selectors.approval_panel(request.user, approval),
        errors=tuple(_messages(form)),
        values={name: request.POST.get(name, "") for name in form.fields},
    )
    if request.htmx:
        return render(request, PANEL, _fragment(request, panel=panel))
    return render(
        request, "casework/approval_detail.html", _context(approval, panel), status=400
    )


def _fragment(request: AppRequest, **context: object) -> dict[str, object]:
    # The forms of a swapped-in panel come back to the page the user is on, not
    # to the action that rendered them.
    return {**context, "next_url": request.htmx.current_url_abs_path or ""}


def _messages(form: forms.Form) -> list[str]:
    messages = [str(error) for error in form.non_field_errors()]
    for name, field in form.fields.items():
        messages += [f"{field.label}：{error}" for error in form.errors.get(name, [])]
    return messages


def _context(approval: Approval, panel: selectors.ApprovalPanel) -> dict[str, object]:
    earlier = []
    previous = approval.previous
    while previous is not None:
        earlier.append(previous)
        previous = previous.previous
    return {
        "approval": approval,
        "approvals": [panel],
        "earlier": earlier,
        "target_name": registry.target_type(approval.target_type).verbose_name,
        "target_url": reverse(
            "casework:target-open", args=[approval.target_type, approval.target_id]
        ),
    }
