"""Staff pages: applications in the user's data scope and their steps, the
window's registration of paper and oral applications, enquiries, the catalogue
editor and the statistics."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.casework import documents as casework_documents
from ecobureau.casework import selectors_files
from ecobureau.core.replica import reports_from_replica
from ecobureau.lib.dates import local_date

from . import details, processes, selectors, selectors_stats, services
from .forms import (
    ActionForm,
    AnswerForm,
    ApplicationFilterForm,
    BasisFormSet,
    CorrectForm,
    ExtendForm,
    HandoverForm,
    ItemForm,
    MaterialFormSet,
    RegisterForm,
    StatisticsForm,
    action_fields,
    formset_rows,
)
from .models import Application, Enquiry, ServiceItem

PAGE_SIZE = 50


# --- Applications -----------------------------------------------------------------


@require_GET
@staff_required
@permission_required("permits.handle_application", raise_exception=True)
def application_list(request: AppRequest) -> HttpResponse:
    online_items = list(
        ServiceItem.objects.filter(handled_by="", is_active=True).order_by("sort_order")
    )
    form = ApplicationFilterForm(request.GET or None, items=online_items)
    filters = form.cleaned_data if form.is_valid() else {}
    applications = selectors.application_list_for_user(
        request.user,
        status=filters.get("status", ""),
        item_code=filters.get("item", ""),
        q=filters.get("q", ""),
    )
    page = Paginator(applications, PAGE_SIZE).get_page(request.GET.get("page"))
    for application in page:
        application.step_label = processes.step_label(application)  # type: ignore[attr-defined]
    query = request.GET.copy()
    query.pop("page", None)
    template = "permits/application_list.html"
    if request.htmx:
        template += "#application-rows"
    return render(
        request,
        template,
        {
            "form": form,
            "page": page,
            "querystring_without_page": query.urlencode() + "&" if query else "",
            "online_items": online_items,
        },
    )


def _detail_context(
    request: AppRequest,
    application: Application,
    *,
    form: ActionForm | None = None,
    failed: str = "",
) -> dict[str, object]:
    procedure = processes.procedure_for(application)
    process = procedure.process
    user = request.user
    held = set(user.roles.values_list("code", flat=True))
    available = []
    for transition in process.available(application.status):
        allowed = user.is_superuser or bool(held & set(transition.roles))
        if not allowed:
            continue
        available.append(
            {
                "transition": transition,
                "fields": action_fields(procedure, transition),
                "documents": [
                    casework_documents.kind_get(kind).title
                    for kind in transition.documents
                ],
                "failed": transition.code == failed,
            }
        )
    action_form = form or ActionForm(item=application.item)
    return {
        "application": application,
        "step_label": processes.step_label(application),
        "procedure": procedure,
        "checklist": selectors.checklist(application),
        "documents": selectors.application_documents(application),
        "attachments": selectors_files.attachment_list_for_target(application),
        "clocks": selectors.clock_views(application),
        "history": selectors.history_lines(application),
        "answers": details.display(application.item.code, application.details),
        "available": available,
        "action_form": action_form,
        "handover_form": HandoverForm(user=user),
        "extend_form": ExtendForm(),
        "correct_form": CorrectForm(),
        "upload_url": selectors_files.attachment_upload_url(application),
        "late_cems": application.item.code == "cems-filing"
        and details.late_cems_filing(
            details.from_json(application.item.code, application.details),
            local_date(application.submitted_at or timezone.now()),
        ),
    }


@require_GET
@staff_required
def application_detail(request: AppRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(request.user, pk)
    return render(
        request,
        "permits/application_detail.html",
        _detail_context(request, application),
    )


@require_POST
@staff_required
def application_act(request: AppRequest, pk: int, code: str) -> HttpResponse:
    application = selectors.application_get_for_user(request.user, pk)
    form = ActionForm(request.POST, item=application.item)
    if form.is_valid():
        try:
            services.application_act(
                application=application,
                transition=code,
                by=request.user,
                data=form.to_input(),
            )
        except ValidationError as problem:
            form.add_error(None, problem)
        except PermissionDenied as problem:
            form.add_error(None, str(problem) or "您没有执行该操作的权限。")
        else:
            messages.success(request, "已办理。")
            return redirect("permits:application-detail", pk=pk)
    application.refresh_from_db()
    return render(
        request,
        "permits/application_detail.html",
        _detail_context(request, application, form=form, failed=code),
        status=400,
    )


@require_POST
@staff_required
def application_extend(request: AppRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(request.user, pk)
    form = ExtendForm(request.POST)
    if form.is_valid():
        try:
            services.application_extend(
                application=application,
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except (ValidationError, PermissionDenied) as problem:
            messages.error(
                request, "；".join(getattr(problem, "messages", [str(problem)]))
            )
        else:
            messages.success(request, "办理期限已延长，已告知申请人理由。")
    else:
        messages.error(request, "请填写延长理由。")
    return redirect("permits:application-detail", pk=pk)


@require_POST
@staff_required
def application_correct(request: AppRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(request.user, pk)
    form = CorrectForm(request.POST)
    if form.is_valid():
        try:
            services.application_correct_on_spot(
                application=application, by=request.user, note=form.cleaned_data["note"]
            )
        except (ValidationError, PermissionDenied) as problem:
            messages.error(
                request, "；".join(getattr(problem, "messages", [str(problem)]))
            )
        else:
            messages.success(request, "已记录当场更正。")
    else:
        messages.error(request, "请填写当场更正的内容。")
    return redirect("permits:application-detail", pk=pk)


@require_POST
@staff_required
def application_handover(request: AppRequest, pk: int) -> HttpResponse:
    application = selectors.application_get_for_user(request.user, pk)
    form = HandoverForm(request.POST, user=request.user)
    if form.is_valid():
        try:
            services.owner_handover(
                target=application,
                to=form.cleaned_data["to"],
                by=request.user,
                reason=form.cleaned_data["reason"],
            )
        except (ValidationError, PermissionDenied) as problem:
            messages.error(
                request, "；".join(getattr(problem, "messages", [str(problem)]))
            )
        else:
            messages.success(request, "已移交首问负责。")
    else:
        messages.error(request, "请选择移交对象并填写理由。")
    return redirect("permits:application-detail", pk=pk)


@require_http_methods(["GET", "POST"])
@staff_required
@permission_required("casework.add_attachment", raise_exception=True)
def register(request: AppRequest, code: str) -> HttpResponse:
    """The window takes a paper or oral application (申请登记、口头申请)."""
    item = selectors.item_get_public(code)
    form = RegisterForm(request.POST or None, item=item, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.check_details(local_date(timezone.now()))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application, created = services.application_register(
                item=item,
                by=request.user,
                submission_key=data["submission_key"],
                channel=data["channel"],
                applicant_name=data["applicant_name"],
                contact_name=data["contact_name"],
                contact_phone=data["contact_phone"],
                district=data["district"],
                condition=data.get("condition", ""),
                answers=form.answers(),
                together_with=list(data["together_with"]),
                received_on=data["received_on"],
            )
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            if not created:
                messages.warning(request, "该申请已登记，请勿重复提交。")
            return redirect("permits:register-files", pk=application.pk)
    return render(
        request,
        "permits/register.html",
        {"item": item, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@require_http_methods(["GET", "POST"])
@staff_required
def register_files(request: AppRequest, pk: int) -> HttpResponse:
    """Scan in the paper materials of a registered application, then submit."""
    application = _registered(request, pk)
    error = ""
    if request.method == "POST":
        try:
            if "submit" in request.POST:
                services.application_submit(application=application, by=request.user)
                messages.success(request, "已提交，进入受理环节。")
                return redirect("permits:application-detail", pk=pk)
            material_pk = request.POST.get("material", "")
            if not material_pk.isdigit():
                raise ValidationError("该材料不属于本事项的办理要件。")
            material = application.item.materials.get(pk=int(material_pk))
            upload = request.FILES.get("file")
            if upload is None:
                raise ValidationError("请选择要上传的文件。")
            services.material_add(
                application=application, material=material, file=upload, by=request.user
            )
            return redirect("permits:register-files", pk=pk)
        except (ValidationError, PermissionDenied) as problem:
            error = "；".join(getattr(problem, "messages", [str(problem)]))
        except application.item.materials.model.DoesNotExist:
            error = "该材料不属于本事项的办理要件。"
    return render(
        request,
        "permits/register_files.html",
        {
            "application": application,
            "checklist": selectors.checklist(application),
            "missing": services.missing_materials(application),
            "error": error,
        },
        status=400 if error else 200,
    )


def _registered(request: AppRequest, pk: int) -> Application:
    application = (
        Application.objects.filter(
            pk=pk, status=Application.DRAFT, created_by=request.user
        )
        .select_related("item")
        .first()
    )
    if application is None:
        raise PermissionDenied("只能处理本人登记且尚未提交的申请。")
    return application


# --- Enquiries ----------------------------------------------------------------------


@require_GET
@staff_required
@permission_required("permits.answer_enquiry", raise_exception=True)
def enquiry_list(request: AppRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    enquiries = selectors.enquiry_list_for_user(request.user, status=status)[:200]
    return render(
        request,
        "permits/enquiry_list.html",
        {"enquiries": enquiries, "status": status, "statuses": Enquiry.Status},
    )


@require_http_methods(["GET", "POST"])
@staff_required
def enquiry_detail(request: AppRequest, pk: int) -> HttpResponse:
    enquiry = selectors.enquiry_get_for_user(request.user, pk)
    form = AnswerForm(request.POST or None)
    handover = HandoverForm(user=request.user)
    if request.method == "POST":
        try:
            if "claim" in request.POST:
                services.enquiry_claim(enquiry=enquiry, by=request.user)
                return redirect("permits:enquiry-detail", pk=pk)
            if "handover" in request.POST:
                handover = HandoverForm(request.POST, user=request.user)
                if handover.is_valid():
                    services.owner_handover(
                        target=enquiry,
                        to=handover.cleaned_data["to"],
                        by=request.user,
                        reason=handover.cleaned_data["reason"],
                    )
                    messages.success(request, "已移交。")
                    return redirect("permits:enquiry-detail", pk=pk)
            elif form.is_valid():
                services.enquiry_answer(
                    enquiry=enquiry, by=request.user, answer=form.cleaned_data["answer"]
                )
                messages.success(request, "已答复。")
                return redirect("permits:enquiry-detail", pk=pk)
        except (ValidationError, PermissionDenied) as problem:
            form.add_error(
                None, "；".join(getattr(problem, "messages", [str(problem)]))
            )
        enquiry.refresh_from_db()
    return render(
        request,
        "permits/enquiry_detail.html",
        {
            "enquiry": enquiry,
            "form": form,
            "handover_form": handover,
            "history": selectors.history_lines(enquiry),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- Catalogue ----------------------------------------------------------------------


@require_GET
@staff_required
def catalogue(request: AppRequest) -> HttpResponse:
    items = ServiceItem.objects.select_related("unit").order_by("sort_order")
    return render(request, "permits/catalogue.html", {"items": items})


@require_http_methods(["GET", "POST"])
@staff_required
@permission_required("permits.edit_catalogue", raise_exception=True)
def item_edit(request: AppRequest, code: str) -> HttpResponse:
    item = get_object_or_404(ServiceItem, code=code)
    form = ItemForm(request.POST or None, instance=item)
    materials = MaterialFormSet(
        request.POST or None,
        prefix="materials",
        initial=[
            {
                "code": m.code,
                "name": m.name,
                "kind": m.kind,
                "required": m.required,
                "condition": m.condition,
                "note": m.note,
            }
            for m in item.materials.all()
        ],
    )
    bases = BasisFormSet(
        request.POST or None,
        prefix="bases",
        initial=[
            {
                "law": b.law,
                "articles": b.articles,
                "text": b.text,
                "valid_from": b.valid_from,
                "valid_to": b.valid_to,
                "status": b.status,
                "note": b.note,
            }
            for b in item.legal_bases.all()
        ],
    )
    if request.method == "POST" and all(f.is_valid() for f in (form, materials, bases)):
        try:
            services.item_update(
                item=ServiceItem.objects.get(pk=item.pk),
                by=request.user,
                changes=form.changes(),
                materials=[
                    {
                        **row,
                        "condition": row.get("condition", ""),
                        "note": row.get("note", ""),
                    }
                    for row in formset_rows(materials)
                ],
                bases=formset_rows(bases),
            )
        except ValidationError as problem:
            form.add_error(None, problem)
        else:
            messages.success(request, "事项已保存，修改已记入全过程记录。")
            return redirect("permits:item-edit", code=code)
    return render(
        request,
        "permits/item_edit.html",
        {
            "item": item,
            "form": form,
            "materials": materials,
            "bases": bases,
            "history": selectors.history_lines(item),
        },
        status=400 if request.method == "POST" else 200,
    )


# --- Statistics ---------------------------------------------------------------------


@require_GET
@staff_required
@permission_required("permits.view_statistics", raise_exception=True)
@reports_from_replica
def statistics(request: AppRequest) -> HttpResponse:
    form = StatisticsForm(request.GET or None)
    since = until = None
    if form.is_valid():
        since, until = form.cleaned_data["since"], form.cleaned_data["until"]
    stats = selectors_stats.statistics_for_user(request.user, since=since, until=until)
    if request.GET.get("format") == "xlsx":
        response = HttpResponse(
            selectors_stats.statistics_xlsx(stats),
            content_type=(
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
            ),
        )
        stamp = local_date(timezone.now()).strftime("%Y%m%d")
        response["Content-Disposition"] = (
            f"attachment; filename*=UTF-8''%E5%8A%9E%E4%BB%B6%E7%BB%9F%E8%AE%A1-{stamp}.xlsx"
        )
        return response
    query = request.GET.copy()
    query["format"] = "xlsx"
    return render(
        request,
        "permits/statistics.html",
        {"form": form, "stats": stats, "export_query": query.urlencode()},
    )
