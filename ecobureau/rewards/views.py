"""Staff pages of the reporting reward, and the public page of publications."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.casework import selectors as casework_selectors
from ecobureau.casework import selectors_files
from ecobureau.casework import services as casework_services

from . import forms, selectors, services
from .models import RewardReport
from .processes import REWARD

PAGE_SIZE = 50


@require_GET
@staff_required
@permission_required("rewards.view_rewardreport", raise_exception=True)
def report_list(request: AppRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    reports = selectors.report_list_for_user(request.user, status=status)
    page = Paginator(reports, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "rewards/report_list.html",
        {"page": page, "status": status, "statuses": RewardReport.Status.choices},
    )


@require_GET
@staff_required
@permission_required("rewards.view_rewardreport", raise_exception=True)
def report_export(request: AppRequest) -> HttpResponse:
    """举报奖励台账 as Excel: what the list shows, reporters masked for everyone."""
    from ecobureau.lib import xlsx

    status = request.GET.get("status", "")
    content, _ = xlsx.write(
        title="举报奖励台账",
        headers=selectors.EXPORT_HEADERS,
        widths=[14, 20, 8, 30, 30, 8, 16, 20, 16, 36, 12, 14, 12, 12],
        required=[False] * len(selectors.EXPORT_HEADERS),
        rows=selectors.report_rows_for_user(request.user, status=status),
    )
    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f"attachment; filename*=UTF-8''{quote('举报奖励台账.xlsx')}"
    )
    return response


@require_http_methods(["GET", "POST"])
@staff_required
@permission_required("rewards.manage_reward", raise_exception=True)
def report_new(request: AppRequest) -> HttpResponse:
    form = forms.ReportForm(request.POST or None)
    reporters = forms.ReporterFormSet(request.POST or None, prefix="reporter")
    if request.method == "POST" and form.is_valid() and reporters.is_valid():
        identities = [
            services.Identity(
                name=f.cleaned_data["name"],
                id_number=f.cleaned_data["id_number"],
                phone=f.cleaned_data["phone"],
                bank_account=f.cleaned_data["bank_account"],
            )
            for f in reporters.forms
            if f.has_any()
        ]
        data = dict(form.cleaned_data)
        data["complaint_id"] = data.pop("complaint_code", None)
        try:
            report = services.report_register(
                data=services.ReportData(reporters=identities, **data),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已登记，登记号{report.registration_no}。")
            return redirect("rewards:detail", pk=report.pk)
    return render(
        request,
        "rewards/report_new.html",
        {"form": form, "reporters": reporters},
        status=400 if request.method == "POST" else 200,
    )


def _stop_order_choices(request: AppRequest) -> list[tuple[int, str]]:
    """The stop orders in force the handler may see (emergencies' scope)."""
    return [
        (order.pk, selectors.stop_order_label(order))
        for order in selectors.stop_orders_in_force_for_user(request.user)
    ]


def _context(request: AppRequest, report: RewardReport, **extra: Any) -> dict[str, Any]:
    user = request.user
    manage = user.has_perm("rewards.manage_reward")
    available = {t.code for t in REWARD.available(report.status)}
    context = {
        "report": report,
        "reporters": selectors.reporters_masked(report),
        "matter_reports": selectors.matter_reports(report),
        "first": services.first_valid(report.matter),
        "rules_warning": selectors.rules_warning(report),
        "available": available,
        "manage": manage,
        "may_survey": "survey" in available
        and (manage or user.unit_id == report.unit_id),
        "may_see_identity": services.may_see_identity(user),
        "clocks": casework_services.clocks_for(report),
        "claim_clock": services.claim_clock(report),
        "approval": services.latest_approval(report),
        "approvals": casework_selectors.approval_panels_for_target(user, report),
        "documents": selectors_files.document_list_for_target(report),
        "attachments": selectors_files.attachment_list_for_target(report),
        "upload_url": selectors_files.attachment_upload_url(report),
        "history": casework_selectors.history_for(report),
        "publications": report.publications.all(),
        "dossier": selectors.dossier_for_user(user, report),
        "dispatch_form": forms.DispatchForm(),
        "text_form": forms.TextForm(),
        "exclude_form": forms.ExcludeForm(),
        "service_form": forms.ServiceForm(),
        "penalty_form": forms.PenaltyForm(),
        "propose_form": forms.ProposeForm(),
        "stop_order_form": forms.StopOrderForm(orders=_stop_order_choices(request))
        if manage and report.status in services.STOP_ORDER_LINKABLE
        else None,
        "extend_form": forms.ExtendClaimForm(),
        "pay_form": forms.PayForm(),
        "purpose_form": forms.PurposeForm(),
        "identified_kinds": sorted(
            {d.kind for d in selectors_files.document_list_for_target(report)}
            & {
                "reward_registration",
                "reward_exclusion_notice",
                "reward_approval_form",
                "reward_notice",
            }
        ),
    }
    context.update(extra)
    return context


@require_GET
@staff_required
def report_detail(request: AppRequest, pk: int) -> HttpResponse:
    report = selectors.report_get_for_user(request.user, pk)
    return render(request, "rewards/report_detail.html", _context(request, report))


def _act(
    request: AppRequest,
    pk: int,
    form_class: Callable[..., Any] | None,
    name: str,
    action: Callable[[RewardReport, dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    report = selectors.report_get_for_user(request.user, pk)
    form = form_class(request.POST) if form_class else None
    if form is None or form.is_valid():
        try:
            action(report, form.cleaned_data if form else {})
        except ValidationError as error:
            if form is None:
                messages.error(request, "；".join(error.messages))
                return redirect("rewards:detail", pk=pk)
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect("rewards:detail", pk=pk)
    report = selectors.report_get_for_user(request.user, pk)
    context = _context(request, report, **{name: form})
    context["open_form"] = name
    return render(request, "rewards/report_detail.html", context, status=400)


@require_POST
@staff_required
def report_dispatch(request: AppRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.DispatchForm,
        "dispatch_form",
        lambda r, d: services.report_dispatch(
            report=r, unit=d["unit"], by=request.user
        ),
        "已交办，现场勘验期限开始计算。",
    )


@require_POST
@staff_required
def report_redirect(request: AppRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.TextForm,
        "text_form",
        lambda r, d: services.report_redirect(
            report=r, redirect_to=d["text"], by=request.user
        ),
        "已告知举报途径。",
    )


@require_POST
@staff_required
def report_survey(request: AppRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.TextForm,
        "text_form",
        lambda r, d: services.report_survey(report=r, note=d["text"], by=request.user),
        "已记录现场勘验。",
    )


@require_POST
@staff_required
def report_exclude(request: AppRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.ExcludeForm,
        "exclude_form",
        lambda r, d: services.report_exclude(
            report=r,
            exclusions=d["exclusions"],
            not_first=d["not_first"],
            note=d["note"],
            by=request.user,
        ),
        "已决定不予奖励，请于5个工作日内告知举报人。",
    )


@require_POST
@staff_required
def report_serve_exclusion(request: AppRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.ServiceForm,
        "service_form",
        lambda r, d: services.report_serve_exclusion(
            report=r, service=d["service"], served_on=d["served_on"], by=request.user
        ),
        "已送达不予奖励告知书。",
    )


@require_POST
@staff_required
def report_penalty(request: AppRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.PenaltyForm,
        "penalty_form",
        lambda r, d: services.report_penalty(report=r, by=request.user, **d),
        "已录入查处结果，请于5个工作日内填报审批表。",
    )


@require_POST
@staff_required
def report_stop_order(request: AppRequest, pk: int) -> HttpResponse:
    """第六条第（九）项: link the report to a stop order in force (handlers only)."""
    selectors.report_get_for_user(request.user, pk)  # 404 outside the scope first
    if not request.user.has_perm("rewards.manage_reward"):
        raise PermissionDenied("只有举报奖励经办人可以关联停产、停排令。")
    return _act(
        request,
        pk,
        partial(forms.StopOrderForm, orders=_stop_order_choices(request)),
        "stop_order_form",
        lambda r, d: services.report_link_stop_order(
            report=r,
            stop_order_id=d["stop_order"],
            same_party_confirmed=d["same_party_confirmed"],
            by=request.user,
        ),
        "已关联停产、停排令。",
    )


@require_POST
@staff_required
def report_propose(request: AppRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.ProposeForm,
        "propose_form",
        lambda r, d: services.report_propose(
            report=r,
            by=request.user,
            reasons=d["reasons"],
            approved_amount=d["approved_amount"],
        ),
        "已填报审批表并提请审批。",
    )


@require_POST
@staff_required
def report_after_approval(request: AppRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        None,
        "",
        lambda r, d: services.report_after_approval(report=r, by=request.user),
        "已按审批结果办理。",
    )


@require_POST
@staff_required
def report_notify(request: AppRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.ServiceForm,
        "service_form",
        lambda r, d: services.report_notify(
            report=r, service=d["service"], served_on=d["served_on"], by=request.user
        ),
        "已送达（公示）通知书，领取期限开始计算。",
    )


@require_POST
@staff_required
def report_extend_claim(request: AppRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.ExtendClaimForm,
        "extend_form",
        lambda r, d: services.report_extend_claim(
            report=r, days=d["days"], reason=d["reason"], by=request.user
        ),
        "已顺延领取期限。",
    )


@require_POST
@staff_required
def report_pay(request: AppRequest, pk: int) -> HttpResponse:
    def pay(report: RewardReport, data: dict[str, Any]) -> Any:
        claim = services.Claim(
            claimed_by=data["claimed_by"],
            id_number=data["id_number"],
            papers=data["papers"],
            proxy_name=data["proxy_name"],
            proxy_id_number=data["proxy_id_number"],
            agreed_shares=data["agreed_shares"],
        )
        return services.report_pay(report=report, claim=claim, by=request.user)

    return _act(request, pk, forms.PayForm, "pay_form", pay, "已发放。")


@require_POST
@staff_required
def report_forfeit(request: AppRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        None,
        "",
        lambda r, d: services.report_forfeit(report=r, by=request.user),
        "已记录逾期未领，视为放弃。",
    )


@require_POST
@staff_required
@permission_required("rewards.view_identity", raise_exception=True)
def identity_view(request: AppRequest, pk: int) -> HttpResponse:
    """The reporters in clear, shown once in this response (never cached, never in
    a URL), the view recorded."""
    report = selectors.report_get_for_user(request.user, pk)
    form = forms.PurposeForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "rewards/report_detail.html",
            _context(request, report, purpose_form=form),
            status=400,
        )
    identities = services.identity_reveal(
        report=report, by=request.user, purpose=form.cleaned_data["purpose"]
    )
    response = render(
        request, "rewards/identity.html", {"report": report, "identities": identities}
    )
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@staff_required
@permission_required("rewards.view_identity", raise_exception=True)
def identified_pdf(request: AppRequest, pk: int, kind: str) -> HttpResponse:
    report = selectors.report_get_for_user(request.user, pk)
    try:
        content = services.identified_pdf(report=report, kind=kind, by=request.user)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
        return redirect("rewards:detail", pk=pk)
    response = HttpResponse(content, content_type="application/pdf")
    name = quote(f"{report.registration_no}-{kind}-实名.pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    response["Cache-Control"] = "no-store"
    return response


@require_GET
@staff_required
@permission_required("rewards.view_identity", raise_exception=True)
def dossier_pdf(request: AppRequest, pk: int) -> HttpResponse:
    """有奖举报奖金核发管理档案 as one PDF: reward handlers only, each download
    recorded."""
    dossier = selectors.dossier_get_for_user(request.user, pk)
    if dossier.document is None:
        raise Http404
    services.dossier_download_record(dossier=dossier, by=request.user)
    with casework_services.attachment_open(dossier.document.attachment) as handle:
        content = handle.read()
    response = HttpResponse(content, content_type="application/pdf")
    name = quote(f"{dossier.report.registration_no}-奖金核发管理档案.pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{name}"
    response["Cache-Control"] = "no-store"
    return response


@require_GET
def publication_list(request: AppRequest) -> HttpResponse:
    """网站公示 (第九条): notices served by publication, by registration number only."""
    page = Paginator(selectors.publications_public(), 20).get_page(
        request.GET.get("page")
    )
    return render(request, "rewards/publication_list.html", {"page": page})
