"""Public pages: the service guide (一次性告知) for anyone, and the applicant's
own applications and enquiries for enterprise and citizen accounts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecobureau.accounts.decorators import public_account_required
from ecobureau.accounts.http import AppRequest
from ecobureau.casework import services as casework
from ecobureau.core.forms import refused_status
from ecobureau.lib.dates import local_date

from . import details, processes, selectors, services
from .forms import ApplyForm, DraftForm, EnquiryForm, RatingForm, UploadForm
from .models import Application

# --- The guide ----------------------------------------------------------------------


@require_GET
def guide_list(request: AppRequest) -> HttpResponse:
    query = request.GET.get("q", "").strip()[:60]
    items = selectors.item_list_public(query)
    template = "permits/guide_list.html"
    if request.htmx:
        template += "#guide-items"
    return render(request, template, {"items": items, "q": query})


@require_GET
def guide_detail(request: AppRequest, code: str) -> HttpResponse:
    item = selectors.item_get_public(code)
    user = request.user
    may_apply = item.online and (
        not user.is_authenticated or (user.is_public and _accepts(item, user))
    )
    return render(
        request,
        "permits/guide_detail.html",
        {
            "item": item,
            "bases": selectors.legal_basis_for(item),
            "steps": selectors.guide_steps(item),
            "materials": list(item.materials.all()),
            "may_apply": may_apply,
        },
    )


def _accepts(item: object, user: object) -> bool:
    try:
        services.check_may_apply(item=item, user=user)  # type: ignore[arg-type]
    except (ValidationError, PermissionDenied):
        return False
    return True


@require_http_methods(["GET", "POST"])
def apply(request: AppRequest, code: str) -> HttpResponseBase:
    """Start an application: the form's one-time key makes a repeated submit
    find the draft it already created."""
    item = selectors.item_get_public(code)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.user.is_public:
        raise PermissionDenied(
            gettext("网上申请请使用企业或公众账户；窗口工作人员请使用“窗口登记”。")
        )
    enterprise, _name = services.applications.applicant_party(request.user)
    form = ApplyForm(request.POST or None, item=item, needs_district=enterprise is None)
    error = ""
    try:
        services.check_may_apply(item=item, user=request.user)
    except ValidationError as problem:
        error = "；".join(problem.messages)
    if request.method == "POST" and not error and form.is_valid():
        form.check_details(local_date(timezone.now()))
        if form.is_valid():
            try:
                application, created = services.application_create(
                    item=item,
                    by=request.user,
                    submission_key=form.cleaned_data["submission_key"],
                    district=form.cleaned_data.get("district"),
                    contact_name=form.cleaned_data["contact_name"],
                    contact_phone=form.cleaned_data["contact_phone"],
                    condition=form.cleaned_data.get("condition", ""),
                    answers=form.answers(),
                )
            except ValidationError as problem:
                form.add_error(None, problem)
            else:
                if created:
                    messages.success(
                        request, gettext("申请草稿已保存，请按清单逐项上传材料后提交。")
                    )
                else:
                    messages.warning(
                        request,
                        gettext("该申请已创建，请勿重复提交。以下是已保存的申请。"),
                    )
                return redirect("permits:my-application", pk=application.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "permits/apply.html",
        {"item": item, "form": form, "error": error},
        status=status,
    )


@require_http_methods(["GET", "POST"])
@public_account_required
def ask(request: AppRequest, code: str) -> HttpResponse:
    item = selectors.item_get_public(code)
    form = EnquiryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            enquiry = services.enquiry_ask(
                item=item, by=request.user, question=form.cleaned_data["question"]
            )
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(request, gettext("咨询已提交，答复后将通知您。"))
            return redirect("permits:my-enquiry", pk=enquiry.pk)
    return render(
        request,
        "permits/ask.html",
        {"item": item, "form": form},
        status=refused_status(form),
    )


# --- My applications ----------------------------------------------------------------


@require_GET
@public_account_required
def my_applications(request: AppRequest) -> HttpResponse:
    applications = list(selectors.application_list_for_applicant(request.user)[:200])
    for application in applications:
        application.step_label = processes.step_label(application)  # type: ignore[attr-defined]
    return render(request, "permits/my_list.html", {"applications": applications})


def _my_context(request: AppRequest, application: Application) -> dict[str, object]:
    context: dict[str, object] = {
        "application": application,
        "step_label": processes.step_label(application),
        "checklist": selectors.checklist(application),
        "documents": selectors.application_documents(application),
        "clocks": selectors.clock_views(application),
        "history": selectors.history_lines(application),
        "upload_form": UploadForm(),
        "answers": _answers(application),
        "waiting": application.status in processes.APPLICANT_STEPS,
        "supplement_other": selectors.supplement_other(application),
        "rating_form": RatingForm(),
        "rated": hasattr(application, "rating"),
        "ratable": application.outcome in services.enquiries.RATABLE_OUTCOMES,
    }
    if application.is_draft:
        enterprise = application.enterprise
        context["draft_form"] = DraftForm(
            item=application.item,
            needs_district=enterprise is None,
            initial={
                "contact_name": application.contact_name,
                "contact_phone": application.contact_phone,
                "condition": application.condition,
                "district": application.district_id,
            },
            initial_answers=details.from_json(
                application.item.code, application.details
            ),
        )
        context["missing"] = services.missing_materials(application)
    return context


def _answers(application: Application) -> list[tuple[str, Any, details.Kind]]:
    return details.display(application.item.code, application.details)


@require_GET
@public_account_required
def my_application(request: AppRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_applicant(request.user, pk)
    return render(request, "permits/my_detail.html", _my_context(request, application))


@require_POST
@public_account_required
def my_application_edit(request: AppRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_applicant(request.user, pk)
    form = DraftForm(
        request.POST,
        item=application.item,
        needs_district=application.enterprise is None,
    )
    if form.is_valid():
        form.check_details(local_date(timezone.now()))
    if form.is_valid():
        try:
            services.application_update_draft(
                application=application,
                by=request.user,
                contact_name=form.cleaned_data["contact_name"],
                contact_phone=form.cleaned_data["contact_phone"],
                condition=form.cleaned_data.get("condition", ""),
                answers=form.answers(),
                district=form.cleaned_data.get("district"),
            )
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(request, gettext("申请内容已保存。"))
            return redirect("permits:my-application", pk=pk)
    context = _my_context(request, application)
    context["draft_form"] = form
    return render(request, "permits/my_detail.html", context, status=400)


@require_POST
@public_account_required
def my_upload(request: AppRequest, pk: int, material_pk: int) -> HttpResponse:
    application = selectors.application_get_for_applicant(request.user, pk)
    material = application.item.materials.filter(pk=material_pk).first()
    form = UploadForm(request.POST, request.FILES)
    error = ""
    if material is None:
        error = gettext("该材料不属于本事项的办理要件。")
    elif not form.is_valid():
        error = gettext("请选择要上传的文件。")
    else:
        try:
            services.material_add(
                application=application,
                material=material,
                file=form.cleaned_data["file"],
                by=request.user,
            )
        except (ValidationError, PermissionDenied) as problem:
            error = "；".join(getattr(problem, "messages", [str(problem)]))
    if not error:
        messages.success(
            request,
            gettext("已上传：%(name)s。") % {"name": material.name},  # type: ignore[union-attr]
        )
        return redirect("permits:my-application", pk=pk)
    context = _my_context(request, application)
    context["upload_error"] = error
    context["upload_material"] = material_pk
    return render(request, "permits/my_detail.html", context, status=400)


@require_POST
@public_account_required
def my_file_remove(request: AppRequest, pk: int, file_pk: int) -> HttpResponse:
    application = selectors.application_get_for_applicant(request.user, pk)
    file = selectors.application_file_get(application, file_pk)
    try:
        services.material_remove(application_material=file, by=request.user)
    except (ValidationError, PermissionDenied) as problem:
        messages.error(request, "；".join(getattr(problem, "messages", [str(problem)])))
    return redirect("permits:my-application", pk=pk)


@require_GET
@public_account_required
def my_file(request: AppRequest, pk: int, file_pk: int) -> HttpResponseBase:
    application = selectors.application_get_for_applicant(request.user, pk)
    file = selectors.application_file_get(application, file_pk)
    handle = casework.attachment_open(file.attachment)
    return FileResponse(
        handle,
        as_attachment=True,
        filename=file.attachment.name,
        content_type=file.attachment.blob.content_type,
    )


@require_GET
@public_account_required
def my_document(request: AppRequest, pk: int, document_pk: int) -> HttpResponseBase:
    """A document issued about the applicant's own application (受理通知书,
    补正材料通知书, the licence or refusal), as its PDF."""
    application = selectors.application_get_for_applicant(request.user, pk)
    document = selectors.application_document_get(application, document_pk)
    handle = casework.attachment_open(document.attachment)
    response = FileResponse(
        handle,
        as_attachment=False,
        filename=document.attachment.name,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private"
    return response


def _act(request: AppRequest, pk: int, action: str) -> HttpResponse:
    application = selectors.application_get_for_applicant(request.user, pk)
    try:
        if action == "submit":
            services.application_submit(application=application, by=request.user)
            messages.success(request, gettext("申请已提交，请关注办理进度。"))
        elif action == "supply":
            services.application_supply(application=application, by=request.user)
            messages.success(request, gettext("补正材料已提交，办理时限恢复计算。"))
        else:
            services.application_withdraw_by_applicant(
                application=application, by=request.user
            )
            messages.success(request, gettext("申请已撤回。"))
    except (ValidationError, PermissionDenied) as problem:
        application.refresh_from_db()
        context = _my_context(request, application)
        context["action_errors"] = getattr(problem, "messages", [str(problem)])
        return render(request, "permits/my_detail.html", context, status=400)
    return redirect("permits:my-application", pk=pk)


@require_POST
@public_account_required
def my_submit(request: AppRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "submit")


@require_POST
@public_account_required
def my_supply(request: AppRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "supply")


@require_POST
@public_account_required
def my_withdraw(request: AppRequest, pk: int) -> HttpResponse:
    return _act(request, pk, "withdraw")


@require_POST
@public_account_required
def my_rate(request: AppRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_applicant(request.user, pk)
    form = RatingForm(request.POST)
    if form.is_valid():
        try:
            services.rating_add(
                by=request.user,
                application=application,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
        except (ValidationError, PermissionDenied) as problem:
            messages.error(
                request, "；".join(getattr(problem, "messages", [str(problem)]))
            )
        else:
            messages.success(request, gettext("感谢您的评价。"))
    else:
        messages.error(request, gettext("请选择评分。"))
    return redirect("permits:my-application", pk=pk)


# --- My enquiries ----------------------------------------------------------------------


@require_GET
@public_account_required
def my_enquiries(request: AppRequest) -> HttpResponse:
    enquiries = selectors.enquiry_list_for_asker(request.user)[:200]
    return render(request, "permits/my_enquiries.html", {"enquiries": enquiries})


@require_http_methods(["GET", "POST"])
@public_account_required
def my_enquiry(request: AppRequest, pk: int) -> HttpResponse:
    enquiry = selectors.enquiry_get_for_asker(request.user, pk)
    form = RatingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rating_add(
                by=request.user,
                enquiry=enquiry,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
        except (ValidationError, PermissionDenied) as problem:
            form.add_error(
                None, "；".join(getattr(problem, "messages", [str(problem)]))
            )
        else:
            messages.success(request, gettext("感谢您的评价。"))
            return redirect("permits:my-enquiry", pk=pk)
    return render(
        request,
        "permits/my_enquiry.html",
        {"enquiry": enquiry, "form": form, "rated": hasattr(enquiry, "rating")},
        status=refused_status(form),
    )
