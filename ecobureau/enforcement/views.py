"""Staff pages, the QR scan page (phone) and the enterprise's visit pages."""

from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import require_GET

from ecobureau.accounts.decorators import (
    public_account_required,
    require_perm,
    staff_required,
)
from ecobureau.accounts.http import AppRequest
from ecobureau.casework import selectors as casework_selectors
from ecobureau.casework import selectors_files
from ecobureau.core.forms import attempt
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.grid import selectors as grid_selectors
from ecobureau.lib import credit_code

from . import checklists, selectors, services
from .forms import (
    CancelForm,
    FileForm,
    FinishForm,
    InspectionPlanForm,
    RatingForm,
    ReasonForm,
)
from .models import CheckIn, Inspection, InspectionReason, InspectionRecord
from .processes import INSPECTION
from .templatetags.refused_forms import posted_form

if TYPE_CHECKING:
    from ecobureau.grid.models import InspectionTask

HEALTH_ROWS = 3


# --- Lists ----------------------------------------------------------------------------


@require_GET
@staff_required
def index(request: AppRequest) -> HttpResponse:
    require_perm(request, "enforcement.view_inspection")
    status = request.GET.get("status", "")
    inspections = selectors.inspection_list_for_user(request.user, status=status)
    page = Paginator(inspections, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "enforcement/index.html",
        {
            "page": page,
            "status": status,
            "steps": INSPECTION.steps,
            "reasons": selectors.reason_list_for_user(request.user)[:20],
            "cases": selectors.case_list_for_user(request.user)[:20],
            "may_plan": request.user.has_perm(services.inspections.PLAN_PERM),
        },
    )


# --- Ad-hoc reasons ------------------------------------------------------------------


@staff_required
def reason_new(request: AppRequest) -> HttpResponse:
    require_perm(request, services.inspections.PLAN_PERM)
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        code = credit_code.normalize(data["credit_code"])
        enterprise = (
            enterprise_selectors.enterprise_list_for_user(request.user)
            .filter(credit_code=code)
            .first()
        )
        if enterprise is None:
            form.add_error(
                "credit_code", gettext("未找到该企业，或该企业不在您的数据范围内。")
            )
        else:
            created: list[Any] = []
            if attempt(
                form,
                lambda: created.append(
                    services.reason_request(
                        enterprise=enterprise,
                        source=data["source"],
                        source_id=data["source_id"],
                        reference=data["reference"],
                        reason=data["reason"],
                        by=request.user,
                    )
                ),
            ):
                messages.success(request, gettext("已提请审批。"))
                return redirect("enforcement:reason-detail", created[0].pk)
    return render(
        request,
        "enforcement/form_page.html",
        {
            "form": form,
            "title": gettext("提请临时现场检查"),
            "intro": gettext(
                "无计划不检查：计划外的现场检查须事前审批（承办→审核→批准）；"
                "正面清单企业由执法机构负责人批准。"
            ),
            "submit": gettext("提请审批"),
        },
        # a refused form answers 400 with what was typed (COMMON.md)
        status=400 if request.method == "POST" else 200,
    )


@require_GET
@staff_required
def reason_detail(request: AppRequest, pk: int) -> HttpResponse:
    reason = selectors.reason_get_for_user(request.user, pk)
    return render(
        request,
        "enforcement/reason_detail.html",
        {
            "reason": reason,
            "approved": selectors.reason_is_approved(reason),
            "approvals": casework_selectors.approval_panels_for_target(
                request.user, reason
            ),
            "inspections": reason.inspections.all(),
            "history": casework_selectors.history_for(reason),
            "may_plan": request.user.has_perm(services.inspections.PLAN_PERM),
        },
    )


# --- Planning ------------------------------------------------------------------------


@staff_required
def inspection_new(request: AppRequest) -> HttpResponse:
    """Arrange an inspection on a plan task (?task=) or an approved reason (?reason=)."""
    require_perm(request, services.inspections.PLAN_PERM)
    task = reason = None
    if request.GET.get("task", "").isdigit():
        task = grid_selectors.task_get_for_user(request.user, int(request.GET["task"]))
    elif request.GET.get("reason", "").isdigit():
        reason = selectors.reason_get_for_user(request.user, int(request.GET["reason"]))
    initial = {}
    if task is not None:
        initial["officers"] = list(task.inspectors.values_list("pk", flat=True))
    form = InspectionPlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        created: list[Inspection] = []
        if attempt(
            form,
            lambda: created.append(
                services.inspection_plan(
                    by=request.user,
                    officers=list(form.cleaned_data["officers"]),
                    task=task,
                    reason=reason,
                )
            ),
        ):
            messages.success(request, gettext("已安排现场检查。"))
            return redirect("enforcement:inspection-detail", created[0].pk)
    basis = task or reason
    no_basis = gettext("无计划不检查：请从检查计划任务或经批准的临时检查事由安排检查。")
    if basis is None and form.is_bound:
        form.add_error(None, no_basis)
    return render(
        request,
        "enforcement/form_page.html",
        {
            "form": form,
            "title": gettext("安排现场检查"),
            # an unbound form takes no error (Django): the opened page says it
            "intro": _basis_shown(task, reason) or no_basis,
            "submit": gettext("安排检查"),
        },
        status=400 if request.method == "POST" else 200,
    )


def _basis_shown(task: InspectionTask | None, reason: InspectionReason | None) -> str:
    """What the inspection is arranged on, in the reader's language (the models'
    `__str__` give the Chinese)."""
    if task is not None:
        name = f"{gettext(task.get_kind_display())} #{task.pk}"
        enterprise = task.enterprise
    elif reason is not None:
        name = gettext("%(source)s：检查事由#%(pk)s") % {
            "source": gettext(reason.get_source_display()),
            "pk": reason.pk,
        }
        enterprise = reason.enterprise
    else:
        return ""
    return gettext("依据：%(basis)s（%(enterprise)s）") % {
        "basis": name,
        "enterprise": enterprise,
    }


# --- The inspection page -------------------------------------------------------------


def _record_context(inspection: Inspection) -> dict[str, Any]:
    record = InspectionRecord.objects.filter(inspection=inspection).first()
    code = (
        record.checklist
        if record
        else checklists.for_industry(inspection.enterprise.industry_code).code
    )
    checklist = checklists.CHECKLISTS[code]
    answers = {row["item"]: row for row in (record.items if record else [])}
    rows = [
        {
            "index": n,
            "item": item,
            "result": answers.get(item, {}).get("result", "ok"),
            "note": answers.get(item, {}).get("note", ""),
        }
        for n, item in enumerate(checklist.items)
    ]
    return {
        "record": record,
        "checklist": checklist,
        "checklists": checklists.CHECKLISTS.values(),
        "checklist_rows": rows,
        "results": checklists.RESULTS.items(),
        "party_signed": record.party_signed if record else True,
    }


@staff_required
def inspection_detail(request: AppRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_get_for_user(request.user, pk)
    officer = selectors.is_officer(request.user, inspection)
    errors: list[str] = []
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            done = _act(request, inspection, action, officer)
        except ValidationError as error:
            errors.extend(error.messages)
        else:
            if done:
                messages.success(request, done)
                return redirect("enforcement:inspection-detail", inspection.pk)
        inspection = selectors.inspection_get_for_user(request.user, pk)
    refused_post = request.POST if errors else None
    context = {
        "inspection": inspection,
        "step": INSPECTION.step(inspection.status).label,
        "officers": inspection.officers.all(),
        "checkins": selectors.checkins_for(inspection),
        "officer": officer,
        "health_sheet": getattr(inspection, "health_sheet", None),
        "health_rows": range(HEALTH_ROWS),
        "attachments": selectors_files.attachment_list_for_target(inspection),
        "file_form": FileForm(initial=posted_form(refused_post, "file")),
        "finish_form": FinishForm(initial=posted_form(refused_post, "finish")),
        "cancel_form": CancelForm(initial=posted_form(refused_post, "cancel")),
        "may_cancel": inspection.status == "planned"
        and selectors.is_head(request.user),
        "code": selectors.code_for(inspection.enterprise),
        "rating": getattr(inspection, "rating", None),
        "errors": errors,
        "refused_post": refused_post,
        "history": casework_selectors.history_for(inspection),
        "pdfs": selectors_files.document_list_for_target(inspection),
        **_record_context(inspection),
    }
    return render(
        request,
        "enforcement/inspection_detail.html",
        context,
        status=400 if errors else 200,
    )


def _act(
    request: AppRequest, inspection: Inspection, action: str, officer: bool
) -> str:
    post, user = request.POST, request.user
    if action == "record":
        code = post.get("checklist", "")
        items = (
            checklists.CHECKLISTS[code].items if code in checklists.CHECKLISTS else ()
        )
        answers = [
            services.ChecklistAnswer(
                item, post.get(f"result_{n}", ""), post.get(f"note_{n}", "")
            )
            for n, item in enumerate(items)
        ]
        services.inspection_record_save(
            inspection=inspection,
            by=user,
            checklist=code,
            answers=answers,
            findings=post.get("findings", ""),
            present_name=post.get("present_name", ""),
            present_title=post.get("present_title", ""),
            credentials_shown=post.get("credentials_shown") == "1",
            rights_told=post.get("rights_told", ""),
            party_signed=post.get("party_signed") == "1",
            refusal=post.get("refusal", ""),
        )
        return gettext("现场检查笔录已保存。")
    if action == "file":
        form = FileForm(post, request.FILES)
        if not form.is_valid():
            raise ValidationError([e for errs in form.errors.values() for e in errs])
        services.inspection_file_add(
            inspection=inspection,
            by=user,
            file=form.cleaned_data["file"],
            kind=form.cleaned_data["kind"],
            note=form.cleaned_data["note"],
            captured_at=form.cleaned_data["captured_at"],
        )
        return gettext("文件已上传。")
    if action == "health":
        rows = [
            services.HealthItem(
                post.get(f"problem_{n}", ""),
                post.get(f"requirement_{n}", ""),
                post.get(f"fixed_{n}") == "1",
            )
            for n in range(HEALTH_ROWS)
        ]
        services.healthcheck_issue(
            inspection=inspection, by=user, items=rows, advice=post.get("advice", "")
        )
        return gettext("生态环境体检单已填写。")
    if action == "finish":
        services.inspection_finish(
            inspection=inspection,
            by=user,
            no_recording_reason=post.get("no_recording_reason", ""),
        )
        return gettext("现场检查已完成。")
    if action == "cancel":
        services.inspection_cancel(
            inspection=inspection, reason=post.get("reason", ""), by=user
        )
        return gettext("检查已取消。")
    raise ValidationError(gettext("未知操作。"))


# --- The enterprise's QR code -------------------------------------------------------


def scan_url(request: AppRequest, token: str) -> str:
    return request.build_absolute_uri(reverse("enforcement:scan", args=[token]))


@login_required
def enterprise_code(request: AppRequest, enterprise_pk: int) -> HttpResponse:
    """The enterprise's QR code page (staff who see the enterprise, or the
    enterprise itself); POST issues or reissues it."""
    enterprise = enterprise_selectors.enterprise_get_for_user(
        request.user, enterprise_pk
    )
    if request.method == "POST":
        services.code_issue(
            enterprise=enterprise,
            by=request.user,
            reissue=request.POST.get("reissue") == "1",
        )
        messages.success(request, gettext("执法二维码已签发。"))
        return redirect("enforcement:enterprise-code", enterprise.pk)
    code = selectors.code_for(enterprise)
    return render(
        request,
        "enforcement/enterprise_code.html",
        {
            "enterprise": enterprise,
            "code": code,
            "url": scan_url(request, code.token) if code else "",
            "base_template": "portal/base.html"
            if request.user.is_public
            else "base.html",
            "may_issue": request.user.is_staff_member
            and request.user.has_perm(services.inspections.PLAN_PERM),
        },
    )


@require_GET
@login_required
def enterprise_code_svg(request: AppRequest, enterprise_pk: int) -> HttpResponse:
    enterprise = enterprise_selectors.enterprise_get_for_user(
        request.user, enterprise_pk
    )
    code = selectors.code_for(enterprise)
    if code is None:
        raise Http404(gettext("该企业尚未签发执法二维码。"))
    buffer = io.BytesIO()
    segno.make(scan_url(request, code.token), error="m").save(
        buffer, kind="svg", scale=6, border=2, title=f"{enterprise.name} 执法二维码"
    )
    response = HttpResponse(buffer.getvalue(), content_type="image/svg+xml")
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def scan(request: AppRequest, token: str) -> HttpResponse:
    """What the QR code opens. An officer sees their inspections of this
    enterprise and scans in or out; the enterprise goes to its visits."""
    code = selectors.code_get_by_token(token)
    enterprise = code.enterprise
    user = request.user
    if not user.is_staff_member:
        own = enterprise_selectors.enterprise_for_account(user)
        if own is not None and own.pk == enterprise.pk:
            return redirect("enforcement:visits")
        raise Http404
    errors: list[str] = []
    if request.method == "POST":
        inspection = (
            selectors.scan_inspections(user, enterprise)
            .filter(pk=request.POST.get("inspection", "0") or 0)
            .first()
        )
        if inspection is None:
            errors.append(gettext("未找到您参加的该企业检查。"))
        else:
            try:
                if request.POST.get("action") == "out":
                    services.inspection_check_out(
                        inspection=inspection, by=user, token=token
                    )
                    messages.success(request, gettext("已扫码离企。"))
                else:
                    services.inspection_check_in(
                        inspection=inspection, by=user, token=token
                    )
                    messages.success(request, gettext("已扫码入企。"))
                return redirect("enforcement:scan", token)
            except (ValidationError, PermissionDenied) as error:
                errors.extend(getattr(error, "messages", [str(error)]))
    inspections = list(selectors.scan_inspections(user, enterprise))
    mine = {
        row.inspection_id: row
        for row in CheckIn.objects.filter(officer=user, inspection__in=inspections)
    }
    return render(
        request,
        "enforcement/scan.html",
        {
            "enterprise": enterprise,
            "token": token,
            "rows": [(i, mine.get(i.pk)) for i in inspections],
            "errors": errors,
        },
        status=400 if errors else 200,
    )


# --- The enterprise's side (码上监督) -------------------------------------------------


@require_GET
@public_account_required
def visits(request: AppRequest) -> HttpResponse:
    inspections = selectors.inspection_list_for_user(request.user).select_related(
        "rating"
    )
    return render(request, "enforcement/visits.html", {"inspections": inspections})


@public_account_required
def visit_detail(request: AppRequest, pk: int) -> HttpResponse:
    inspection = selectors.inspection_get_for_user(request.user, pk)
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            form,
            lambda: services.inspection_rate(
                inspection=inspection,
                by=request.user,
                overall=data["overall"],
                credentials_shown=data["credentials_shown"],
                civil=data["civil"],
                comment=data["comment"],
            ),
        ):
            messages.success(request, gettext("感谢您的评价。"))
            return redirect("enforcement:visit-detail", inspection.pk)
    return render(
        request,
        "enforcement/visit_detail.html",
        {
            "inspection": inspection,
            "visitors": selectors.visitors_for(inspection),
            "health_sheet": getattr(inspection, "health_sheet", None),
            "rating": getattr(inspection, "rating", None),
            "form": form,
        },
        status=400 if request.method == "POST" else 200,
    )
