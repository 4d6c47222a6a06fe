"""Staff pages: the list, intake, import, the complaint's page and its actions,
dispatches, revisits, rankings, hot spots, receptions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecobureau.accounts import selectors as account_selectors
from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.casework import selectors_files
from ecobureau.casework import services as casework_services
from ecobureau.core.forms import refused_status
from ecobureau.core.replica import reports_from_replica
from ecobureau.lib import xlsx

from . import forms, selectors, services
from .models import Complaint, Dispatch, ReceptionEvent
from .processes import COMPLAINT
from .services import imports

PAGE_SIZE = 50


@require_GET
@staff_required
def complaint_list(request: AppRequest) -> HttpResponse:
    filters = selectors.ComplaintFilters(
        q=request.GET.get("q", "").strip(),
        status=request.GET.get("status", ""),
        channel=request.GET.get("channel", ""),
        district_id=_int(request.GET.get("district")),
        repeat=request.GET.get("repeat") == "1",
    )
    complaints = selectors.complaint_list_for_user(request.user, filters)
    page = Paginator(complaints, PAGE_SIZE).get_page(request.GET.get("page"))
    template = "complaints/complaint_list.html"
    if request.htmx:
        template += "#complaint-table"
    return render(
        request,
        template,
        {
            "page": page,
            "filters": filters,
            "statuses": Complaint.Status.choices,
            "channels": Complaint.Channel.choices,
            "districts": account_selectors.division_list_for_user(request.user).filter(
                level=2
            ),
            "open_dispatches": selectors.dispatch_list_for_user(
                request.user, open_only=True
            )
            .filter(unit_id=request.user.unit_id)
            .count()
            if request.user.unit_id
            else 0,
        },
    )


def _int(value: str | None) -> int | None:
    return int(value) if value and value.isdigit() else None


@require_http_methods(["GET", "POST"])
@staff_required
@permission_required("complaints.handle_complaint", raise_exception=True)
def complaint_intake(request: AppRequest) -> HttpResponse:
    """Staff record a 12369 call, a letter, a visit, a message or a transfer."""
    receptions = selectors.reception_list_for_user(request.user).filter(
        status=ReceptionEvent.Status.PLANNED
    )
    form = forms.StaffIntakeForm(
        request.POST or None, request.FILES or None, receptions=receptions
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            complaint = services.complaint_submit(
                data=_complaint_data(data, channel=data["channel"]),
                by=request.user,
                photos=data["photos"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"已登记，查询码{complaint.tracking_code}。")
            return redirect("complaints:detail", pk=complaint.pk)
    return render(
        request,
        "complaints/complaint_intake.html",
        {"form": form},
        status=400 if form.errors else 200,
    )


def _complaint_data(data: dict[str, Any], *, channel: str) -> services.ComplaintData:
    return services.ComplaintData(
        channel=channel,
        channel_reference=data.get("channel_reference", "") or "",
        received_at=data.get("received_at"),
        text=data["text"],
        place=data["place"],
        enterprise=data.get("enterprise"),
        enterprise_name=data.get("enterprise_name", ""),
        latitude=data.get("latitude"),
        longitude=data.get("longitude"),
        category=data.get("category", ""),
        noise_source=data.get("noise_source", ""),
        anonymous=data.get("anonymous", False),
        contact_name=data.get("contact_name", ""),
        contact_phone=data.get("contact_phone", ""),
        contact_email=data.get("contact_email", ""),
        wants_written_reply=data.get("wants_written_reply", False),
        district=data.get("district"),
        reception=data.get("reception"),
    )


@require_http_methods(["GET", "POST"])
@staff_required
@permission_required("complaints.import_complaints", raise_exception=True)
def complaint_import(request: AppRequest) -> HttpResponse:
    form = forms.ImportForm(request.POST or None, request.FILES or None)
    context: dict[str, Any] = {"form": form, "headers": imports.HEADERS}
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.complaint_import(
                content=upload.read(), filename=upload.name, by=request.user
            )
        except services.ImportFailed as error:
            context["error"] = error.messages[0]
            context["bad_rows"] = error.rows
            return render(
                request, "complaints/complaint_import.html", context, status=400
            )
        messages.success(
            request,
            f"已导入{len(result.created)}件，其中{result.merged}件为重复件已并案。",
        )
        return redirect(reverse("complaints:list") + "?status=received")
    return render(
        request,
        "complaints/complaint_import.html",
        context,
        status=refused_status(form),
    )


@require_GET
@staff_required
@permission_required("complaints.import_complaints", raise_exception=True)
def import_template(request: AppRequest) -> HttpResponse:
    header, example = imports.template_rows()
    content, _ = xlsx.write(
        title="投诉转办导入",
        headers=header,
        widths=[18] * len(header),
        required=[required for _, required in imports.COLUMNS],
        rows=[example],
    )
    return _xlsx_response(content, "投诉转办导入模板.xlsx")


def _xlsx_response(content: bytes, filename: str) -> HttpResponse:
    from urllib.parse import quote

    response = HttpResponse(
        content,
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(filename)}"
    return response


# --- The complaint's page --------------------------------------------------------------


def _detail_context(
    request: AppRequest, complaint: Complaint, **forms_given: Any
) -> dict[str, Any]:
    user = request.user
    clock = services.handling_clock(complaint)
    may_handle = user.has_perm("complaints.handle_complaint")
    available = (
        {t.code for t in COMPLAINT.available(complaint.status)} if may_handle else set()
    )
    context = {
        "complaint": complaint,
        "contact": selectors.contact_for(user, complaint),
        "repeat_deduction": selectors.repeat_visit_deduction(complaint),
        "dispatches": list(selectors.dispatches_of(complaint)),
        "history": selectors.history_for(complaint),
        "clocks": casework_services.clocks_for(complaint),
        "handling_clock": clock,
        "attachments": selectors_files.attachment_list_for_target(complaint),
        "documents": selectors_files.document_list_for_target(complaint),
        "upload_url": selectors_files.attachment_upload_url(complaint),
        "available": available,
        "may_handle": may_handle,
        "may_extend": clock is not None
        and clock.is_open
        and not clock.extensions.exists()
        and services.may_extend(user, complaint),
        "duplicates": list(complaint.duplicates.all()[:20]),
        "repeats": list(complaint.repeats.all()[:20]),
        "reject_form": forms.RejectForm(initial={"redirect_to": complaint.redirect_to}),
        "note_form": forms.NoteForm(),
        "dispatch_form": forms.DispatchForm(),
        "handle_form": forms.HandleForm(
            initial={
                "survey": complaint.survey,
                "finding": complaint.finding,
                "measures": complaint.measures,
            }
        ),
        "reply_form": forms.ReplyForm(
            initial={
                "reply_method": "written" if complaint.wants_written_reply else "phone"
            }
        ),
        "extend_form": forms.ExtendForm(),
        "rate_form": forms.RateForm(),
        "link_form": forms.LinkCaseForm(
            initial={"enforcement_case_id": complaint.enforcement_case_id}
        ),
    }
    context.update(forms_given)
    return context


@require_GET
@staff_required
def complaint_detail(request: AppRequest, pk: int) -> HttpResponse:
    complaint = selectors.complaint_get_for_user(request.user, pk)
    return render(
        request, "complaints/complaint_detail.html", _detail_context(request, complaint)
    )


def _act(
    request: AppRequest,
    pk: int,
    form_class: type[Any] | None,
    form_name: str,
    action: Callable[[Complaint, dict[str, Any]], Any],
    done: str,
) -> HttpResponse:
    """Run one action from the complaint's page: on success back to the page with
    a message; a refused action shows the page again with the form as typed."""
    complaint = selectors.complaint_get_for_user(request.user, pk)
    form = form_class(request.POST) if form_class else None
    if form is None or form.is_valid():
        try:
            action(complaint, form.cleaned_data if form else {})
        except ValidationError as error:
            if form is None:
                messages.error(request, "；".join(error.messages))
                return redirect("complaints:detail", pk=pk)
            form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect("complaints:detail", pk=pk)
    complaint = selectors.complaint_get_for_user(request.user, pk)
    context = _detail_context(request, complaint, **{form_name: form})
    context["open_form"] = form_name
    return render(request, "complaints/complaint_detail.html", context, status=400)


@require_POST
@staff_required
def complaint_accept(request: AppRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        None,
        "",
        lambda c, d: services.complaint_accept(complaint=c, by=request.user),
        "已受理，办结期限开始计算。",
    )


@require_POST
@staff_required
def complaint_reject(request: AppRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.RejectForm,
        "reject_form",
        lambda c, d: services.complaint_reject(
            complaint=c,
            by=request.user,
            reason=d["reason"],
            redirect_to=d["redirect_to"],
        ),
        "已决定不予受理。",
    )


@require_POST
@staff_required
def complaint_unmerge(request: AppRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.NoteForm,
        "note_form",
        lambda c, d: services.complaint_unmerge(
            complaint=c, by=request.user, note=d["note"]
        ),
        "已撤销并案，本件单独办理。",
    )


@require_POST
@staff_required
def complaint_dispatch(request: AppRequest, pk: int) -> HttpResponse:
    def dispatch(complaint: Complaint, data: dict[str, Any]) -> Any:
        order = services.DispatchOrder(
            unit=data["unit"],
            kind=data["kind"],
            days=data["days"],
            instructions=data["instructions"],
            grid_cell=data["grid_cell"],
            lead=data["lead"] or complaint.status == Complaint.Status.ACCEPTED,
        )
        return services.complaint_dispatch(
            complaint=complaint, orders=[order], by=request.user
        )

    return _act(request, pk, forms.DispatchForm, "dispatch_form", dispatch, "已派单。")


@require_POST
@staff_required
def complaint_handle(request: AppRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.HandleForm,
        "handle_form",
        lambda c, d: services.complaint_handle(
            complaint=c,
            by=request.user,
            survey=d["survey"],
            finding=d["finding"],
            measures=d["measures"],
            enforcement_case_id=d["enforcement_case_id"],
        ),
        "已记录办理情况，待答复诉求人。",
    )


@require_POST
@staff_required
def complaint_redo(request: AppRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.NoteForm,
        "note_form",
        lambda c, d: services.complaint_redo(
            complaint=c, by=request.user, note=d["note"]
        ),
        "已退回重新办理。",
    )


@require_POST
@staff_required
def complaint_reply(request: AppRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.ReplyForm,
        "reply_form",
        lambda c, d: services.complaint_reply(
            complaint=c,
            by=request.user,
            reply_text=d["reply_text"],
            reply_method=d["reply_method"],
            no_enforcement_reason=d["no_enforcement_reason"],
        ),
        "已答复并办结。",
    )


@require_POST
@staff_required
def complaint_extend(request: AppRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.ExtendForm,
        "extend_form",
        lambda c, d: services.complaint_extend(
            complaint=c, days=d["days"], reason=d["reason"], by=request.user
        ),
        "已延长办结期限。",
    )


@require_POST
@staff_required
def complaint_rate(request: AppRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.RateForm,
        "rate_form",
        lambda c, d: services.complaint_rate(
            complaint=c, satisfaction=d["satisfaction"], note=d["note"], by=request.user
        ),
        "已登记满意度。",
    )


@require_POST
@staff_required
def complaint_link_case(request: AppRequest, pk: int) -> HttpResponse:
    return _act(
        request,
        pk,
        forms.LinkCaseForm,
        "link_form",
        lambda c, d: services.complaint_link_case(
            complaint=c, enforcement_case_id=d["enforcement_case_id"], by=request.user
        ),
        "已关联执法案件。",
    )


# --- Dispatches ------------------------------------------------------------------------


@require_GET
@staff_required
def dispatch_list(request: AppRequest) -> HttpResponse:
    dispatches = selectors.dispatch_list_for_user(
        request.user, open_only=request.GET.get("all") != "1"
    )
    if request.user.unit_id:
        dispatches = dispatches.filter(unit_id=request.user.unit_id)
    page = Paginator(dispatches, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "complaints/dispatch_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@staff_required
def dispatch_detail(request: AppRequest, pk: int) -> HttpResponse:
    dispatch = selectors.dispatch_get_for_user(request.user, pk)
    feedback_form = forms.FeedbackForm(
        request.POST if request.POST.get("action") == "feedback" else None
    )
    return_form = forms.ReturnForm(
        request.POST if request.POST.get("action") == "return" else None
    )
    if request.method == "POST":
        try:
            if request.POST.get("action") == "feedback" and feedback_form.is_valid():
                services.dispatch_feedback(
                    dispatch=dispatch,
                    feedback=feedback_form.cleaned_data["feedback"],
                    finding=feedback_form.cleaned_data["finding"],
                    by=request.user,
                )
                messages.success(request, "已反馈。")
                return redirect("complaints:dispatch-detail", pk=pk)
            if request.POST.get("action") == "return" and return_form.is_valid():
                services.dispatch_return(
                    dispatch=dispatch,
                    reason=return_form.cleaned_data["reason"],
                    by=request.user,
                )
                messages.success(request, "已退回派单单位。")
                return redirect("complaints:dispatch-detail", pk=pk)
        except ValidationError as error:
            target = (
                feedback_form
                if request.POST.get("action") == "feedback"
                else return_form
            )
            target.add_error(None, error)
    complaint = dispatch.complaint
    return render(
        request,
        "complaints/dispatch_detail.html",
        {
            "dispatch": dispatch,
            "complaint": complaint,
            "contact": selectors.contact_for(request.user, complaint),
            "may_answer": dispatch.status == Dispatch.Status.OPEN
            and services.may_answer(request.user, dispatch),
            "feedback_form": feedback_form,
            "return_form": return_form,
            "attachments": selectors_files.attachment_list_for_target(complaint),
            "clocks": casework_services.clocks_for(dispatch),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- Revisits --------------------------------------------------------------------------


@require_GET
@staff_required
def revisit_list(request: AppRequest) -> HttpResponse:
    revisits = selectors.revisit_list_for_user(request.user)
    page = Paginator(revisits, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "complaints/revisit_list.html", {"page": page})


@require_http_methods(["GET", "POST"])
@staff_required
def revisit_detail(request: AppRequest, pk: int) -> HttpResponse:
    revisit = selectors.revisit_get_for_user(request.user, pk)
    form = forms.RevisitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.revisit_record(
                revisit=revisit, by=request.user, **form.cleaned_data
            )
        except (ValidationError, PermissionDenied) as error:
            if isinstance(error, PermissionDenied):
                raise
            form.add_error(None, error)
        else:
            messages.success(request, "已记录回访。")
            return redirect("complaints:revisit-list")
    return render(
        request,
        "complaints/revisit_detail.html",
        {
            "revisit": revisit,
            "complaint": revisit.complaint,
            "contact": selectors.contact_for(request.user, revisit.complaint),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


# --- Rankings, hot spots ---------------------------------------------------------------


@require_GET
@staff_required
@permission_required("complaints.view_complaint", raise_exception=True)
@reports_from_replica
def ranking(request: AppRequest) -> HttpResponse:
    month = forms.MonthForm(request.GET).month_value()
    ranked = selectors.ranking(month)
    if not ranked and not request.GET.get("month"):
        # Early in a month nothing of the last one may be counted yet: show the
        # month so far.
        month = timezone.localdate().replace(day=1)
        ranked = selectors.ranking(month)
    return render(
        request, "complaints/ranking.html", {"month": month, "ranked": ranked}
    )


RANKING_HEADERS = (
    "名次",
    "单位",
    "应办结",
    "已办结（应办结中）",
    "办结率%",
    "当月办结",
    "按期办结",
    "按期率%",
    "满意度回访",
    "满意",
    "满意率%",
    "重复访",
    "扣分",
)


@require_GET
@staff_required
@permission_required("complaints.export_complaints", raise_exception=True)
@reports_from_replica
def ranking_export(request: AppRequest) -> HttpResponse:
    month = forms.MonthForm(request.GET).month_value()
    rows = [
        [
            r.rank,
            r.facts.unit_name,
            r.facts.due,
            r.facts.due_closed,
            _pct(r.completion),
            r.facts.closed,
            r.facts.closed_on_time,
            _pct(r.on_time),
            r.facts.answered,
            r.facts.satisfied,
            _pct(r.satisfaction),
            r.facts.repeats,
            str(r.deduction),
        ]
        for r in selectors.ranking(month)
    ]
    content, _ = xlsx.write(
        title=f"{month:%Y年%m月}投诉办理排名",
        headers=RANKING_HEADERS,
        widths=[6, 30, 8, 12, 8, 8, 8, 8, 10, 6, 8, 8, 6],
        required=[False] * len(RANKING_HEADERS),
        rows=rows,
    )
    return _xlsx_response(content, f"投诉办理排名-{month:%Y-%m}.xlsx")


def _pct(value: Any) -> str:
    return "—" if value is None else str(value)


@require_GET
@staff_required
@permission_required("complaints.view_complaint", raise_exception=True)
def hotspots(request: AppRequest) -> HttpResponse:
    days = _int(request.GET.get("days")) or 90
    days = min(max(days, 7), 366)
    return render(
        request,
        "complaints/hotspots.html",
        {"spots": selectors.hotspots_for_user(request.user, days=days), "days": days},
    )


# --- Receptions (A81) ------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@staff_required
@permission_required("complaints.view_complaint", raise_exception=True)
def reception_list(request: AppRequest) -> HttpResponse:
    people = account_selectors.staff_list_for_user(request.user).exclude(unit=None)
    form = forms.ReceptionForm(request.POST or None, people=people)
    if request.method == "POST":
        if not request.user.has_perm("complaints.manage_reception"):
            raise PermissionDenied("您没有安排接访下访的权限。")
        if form.is_valid():
            try:
                services.reception_schedule(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, "已安排。")
                return redirect("complaints:reception-list")
    events = selectors.reception_list_for_user(request.user)
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "complaints/reception_list.html",
        {"page": page, "form": form, "record_form": forms.ReceptionRecordForm()},
        status=400 if form.errors else 200,
    )


@require_POST
@staff_required
def reception_record(request: AppRequest, pk: int) -> HttpResponse:
    event = selectors.reception_get_for_user(request.user, pk)
    form = forms.ReceptionRecordForm(request.POST)
    if form.is_valid():
        try:
            services.reception_record(
                event=event,
                summary=form.cleaned_data["summary"],
                cancelled=form.cleaned_data["cancelled"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, "；".join(error.messages))
        else:
            messages.success(request, "已记录。")
    else:
        messages.error(request, "请填写情况记录。")
    return redirect("complaints:reception-list")
