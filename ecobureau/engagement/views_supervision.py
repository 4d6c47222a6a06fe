"""Pages for supervisors at work: their reports and the answers (A95), the
supervisor's own page with logged read access to the matters they supervise
(A111) and recusal (A108)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render

from ecobureau.accounts.decorators import require_perm, staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.casework import selectors as casework_selectors
from ecobureau.core.forms import attempt, refused_status

from . import forms, rules, selectors, services
from .models import NominationRequest, Nominee, SupervisorAccess

HANDLE = "engagement.handle_supervisor_report"
ACTION_LABELS = {
    "engagement.supervisorreport.register": "登记",
    "engagement.supervisorreport.progress": "反馈进展",
    "engagement.supervisorreport.answer": "反馈办理结果",
}


@staff_required
def report_list(request: AppRequest) -> HttpResponse:
    require_perm(request, HANDLE)
    form = forms.StaffSupervisorReportForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: services.supervisor_report_register(
                by=request.user, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, "已登记，办理反馈时限开始计时。")
        return redirect("engagement:supervisor-reports")
    return render(
        request,
        "engagement/supervisor_reports.html",
        {
            "reports": selectors.supervisor_report_list_for_user(request.user)[:200],
            "form": form,
            "basis": rules.SUPERVISOR_REPORT_BASIS.format(
                days=rules.supervisor_report_workdays()
            ),
            "bureau_basis": rules.SUPERVISOR_BUREAU_BASIS,
        },
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def report_detail(request: AppRequest, pk: int) -> HttpResponse:
    report = selectors.supervisor_report_get_for_user(request.user, pk)
    may_handle = services.may_handle_report(request.user, report.addressee)
    progress = forms.ProgressForm(request.POST if "note" in request.POST else None)
    result = forms.ResultForm(request.POST if "result" in request.POST else None)
    if request.method == "POST":
        if not may_handle:
            raise PermissionDenied("您不能办理该事项。")
        if "note" in request.POST and progress.is_valid():
            if attempt(
                progress,
                lambda: services.supervisor_report_progress(
                    by=request.user, report=report, note=progress.cleaned_data["note"]
                ),
            ):
                messages.success(request, "进展已反馈监督员。")
                return redirect(report)
        elif (
            "result" in request.POST
            and result.is_valid()
            and attempt(
                result,
                lambda: services.supervisor_report_answer(
                    by=request.user, report=report, result=result.cleaned_data["result"]
                ),
            )
        ):
            messages.success(request, "办理结果已反馈监督员。")
            return redirect(report)
    return render(
        request,
        "engagement/supervisor_report.html",
        {
            "report": report,
            "updates": report.updates.all(),
            "clocks": selectors.clocks_of(report),
            "history": casework_selectors.history_for(report, ACTION_LABELS),
            "progress": progress if may_handle else None,
            "result_form": result if may_handle else None,
        },
        status=400 if request.method == "POST" else 200,
    )


# --- The supervisor's own page ------------------------------------------------------


@staff_required
def supervision_home(request: AppRequest) -> HttpResponse:
    supervisor = services.supervisor_for_account(request.user)
    if supervisor is None:
        raise PermissionDenied("该页面供在聘的执法监督员使用。")
    form = forms.SupervisorReportForm(request.POST or None)
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: services.supervisor_report_register(
                by=request.user, supervisor=supervisor, **form.cleaned_data
            ),
        )
    ):
        messages.success(request, "已提交，执法队将及时调查核实并反馈。")
        return redirect("engagement:supervision")
    return render(
        request,
        "engagement/supervision_home.html",
        {
            "supervisor": supervisor,
            "matters": selectors.matters_of(supervisor),
            "reports": selectors.supervisor_report_list_for_user(request.user),
            "form": form,
            "access_basis": rules.SUPERVISOR_ACCESS_BASIS,
        },
        status=refused_status(form),
    )


@staff_required
def supervision_matter(request: AppRequest, pk: int) -> HttpResponse:
    """A supervisor reads (or, with ?copy=1, takes a printable copy of) the case
    they supervise; each is logged (A111). Recusal is offered on the page."""
    matter = selectors.matter_get_for_supervisor(request.user, pk)
    recuse = forms.RecuseForm(request.POST or None)
    if (
        request.method == "POST"
        and recuse.is_valid()
        and attempt(
            recuse,
            lambda: services.matter_recuse(
                by=request.user, matter=matter, reason=recuse.cleaned_data["reason"]
            ),
        )
    ):
        messages.success(request, "已申请回避，该事项的查阅权限已终止。")
        return redirect("engagement:supervision")
    copy = request.GET.get("copy") == "1"
    # 第九条: the supervisor first shows (types) the certificate number; only then
    # are the facts shown and the view or copy logged.
    certificate = forms.MatterCertificateForm(
        request.GET if "certificate_no" in request.GET else None
    )
    shown = False
    if request.method == "GET" and certificate.is_bound and certificate.is_valid():
        try:
            shown = attempt(
                certificate,
                lambda: services.matter_access(
                    by=request.user,
                    matter=matter,
                    action=SupervisorAccess.Action.COPY
                    if copy
                    else SupervisorAccess.Action.VIEW,
                    certificate_no=certificate.cleaned_data["certificate_no"],
                ),
            )
        except PermissionDenied as error:
            raise Http404 from error
    return render(
        request,
        "engagement/supervision_matter.html",
        {
            "matter": matter,
            "case": selectors.enforcement_case_facts(matter) if shown else None,
            "copy": copy,
            "certificate": certificate,
            "certificate_basis": rules.SUPERVISOR_CERTIFICATE_BASIS,
            "recuse": recuse,
            "basis": rules.SUPERVISOR_RECUSAL_BASIS,
        },
        status=(
            400
            if request.method == "POST" or (certificate.is_bound and not shown)
            else 200
        ),
    )


# --- Nominations (A109, 工作规则 第四条) ----------------------------------------------


def _attach_vet_forms(
    requests: list[NominationRequest], bound: forms.VetForm | None, bound_pk: int
) -> None:
    """Give each nominee still to be vetted its own form (`nominee.vet_form`); the
    one posted keeps what was typed."""
    for nomination in requests:
        for nominee in nomination.nominees.all():
            if nominee.status != Nominee.Status.NOMINATED:
                continue
            if bound is not None and nominee.pk == bound_pk:
                nominee.vet_form = bound  # type: ignore[attr-defined]
            else:
                nominee.vet_form = forms.VetForm(  # type: ignore[attr-defined]
                    auto_id=f"vet{nominee.pk}_%s", initial={"nominee": nominee.pk}
                )


@staff_required
def nomination_list(request: AppRequest) -> HttpResponse:
    """The team asks bodies for nominations with a quota, records the persons
    nominated, vets and appoints them (工作规则 第四条（一）—（三））."""
    require_perm(request, "engagement.view_supervisor")
    requests = list(selectors.nomination_requests_for_user(request.user))
    open_requests = selectors.nomination_requests_for_user(request.user)
    post = request.POST if request.method == "POST" else None
    request_form = forms.NominationRequestForm(
        post if post and "body_name" in post else None
    )
    nominee_form = forms.NomineeForm(
        post if post and "organisation" in post else None,
        requests=open_requests,
        auto_id="nominee_%s",
    )
    vet_form, vet_pk = None, 0
    if post and "nominee" in post:
        vet_pk = int(post["nominee"]) if post["nominee"].isdigit() else 0
        vet_form = forms.VetForm(post, auto_id=f"vet{vet_pk}_%s")
    if post:
        require_perm(request, "engagement.manage_supervisor")
        if "body_name" in post:
            if request_form.is_valid() and attempt(
                request_form,
                lambda: services.nomination_request(
                    by=request.user, **request_form.cleaned_data
                ),
            ):
                messages.success(request, "推荐意向已登记。")
                return redirect("engagement:nominations")
        elif "organisation" in post:
            if nominee_form.is_valid() and attempt(
                nominee_form,
                lambda: services.nominee_add(
                    by=request.user, **nominee_form.cleaned_data
                ),
            ):
                messages.success(request, "推荐人选已登记。")
                return redirect("engagement:nominations")
        elif vet_form is not None and vet_form.is_valid():
            data = vet_form.cleaned_data
            nominee = selectors.nominee_get_for_user(request.user, data.pop("nominee"))
            if data["appointed_on"] is None:
                data.pop("appointed_on")
            if attempt(
                vet_form,
                lambda: services.nominee_vet(by=request.user, nominee=nominee, **data),
            ):
                messages.success(request, "审核结果已保存。")
                return redirect("engagement:nominations")
    _attach_vet_forms(requests, vet_form, vet_pk)
    return render(
        request,
        "engagement/nomination_list.html",
        {
            "requests": requests,
            "may_manage": request.user.has_perm("engagement.manage_supervisor"),
            "request_form": request_form,
            "nominee_form": nominee_form,
        },
        status=400 if post else 200,
    )


# --- Work meetings and training (A114, 工作规则 第十二条（二）（四）) -----------------


@staff_required
def meeting_list(request: AppRequest) -> HttpResponse:
    """The team's work meetings and training with their attendees; each
    attendee's participation row points to the meeting."""
    require_perm(request, "engagement.view_supervisor")
    may_manage = request.user.has_perm("engagement.manage_supervisor")
    supervisors = selectors.supervisor_list_for_user(request.user).filter(
        left_on__isnull=True
    )
    form = forms.SupervisorMeetingForm(request.POST or None, supervisors=supervisors)
    if request.method == "POST":
        require_perm(request, "engagement.manage_supervisor")
        if form.is_valid() and attempt(
            form,
            lambda: services.supervisor_meeting_record(
                by=request.user,
                **{
                    **form.cleaned_data,
                    "attendees": list(form.cleaned_data["attendees"]),
                },
            ),
        ):
            messages.success(request, "会议（培训）记录已保存。")
            return redirect("engagement:supervisor-meetings")
    return render(
        request,
        "engagement/supervisor_meetings.html",
        {
            "meetings": selectors.meetings_for_user(request.user)[:100],
            "form": form if may_manage else None,
        },
        status=400 if request.method == "POST" else 200,
    )
