"""Case pages: open a case, the program-start approval, the filing decision."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext

from ecobureau.accounts.decorators import require_perm, staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.casework import selectors as casework_selectors
from ecobureau.casework import selectors_files
from ecobureau.casework.models import Clock
from ecobureau.core.forms import attempt
from ecobureau.enterprises import selectors as enterprise_selectors
from ecobureau.lib import credit_code
from ecobureau.rectification import selectors_links as rectification_links

from . import selectors, services
from .forms import CaseForm
from .investigation import TEMPLATES
from .models import EnforcementCase, PoliceTransfer, PreservationDecision
from .processes import CASE


@staff_required
def case_list(request: AppRequest) -> HttpResponse:
    """The cases the user sees, 50 a page, filtered by step."""
    from django.core.paginator import Paginator

    if not request.user.has_perm("enforcement.view_enforcementcase"):
        raise Http404
    status = request.GET.get("status", "")
    cases = selectors.case_list_for_user(request.user, status=status)
    page = Paginator(cases, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "enforcement/case_list.html",
        {"page": page, "status": status, "steps": CASE.steps},
    )


@staff_required
def case_new(request: AppRequest) -> HttpResponse:
    require_perm(request, "enforcement.open_case")
    initial: dict[str, Any] = {}
    if request.GET.get("inspection", "").isdigit():
        inspection = selectors.inspection_get_for_user(
            request.user, int(request.GET["inspection"])
        )
        initial = {
            "credit_code": inspection.enterprise.credit_code,
            "source": EnforcementCase.Source.INSPECTION,
            "source_id": inspection.pk,
            "officers": list(inspection.officers.values_list("pk", flat=True)),
        }
    form = CaseForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        enterprise = (
            enterprise_selectors.enterprise_list_for_user(request.user)
            .filter(credit_code=credit_code.normalize(data["credit_code"]))
            .first()
        )
        if enterprise is None:
            form.add_error(
                "credit_code", gettext("未找到该企业，或该企业不在您的数据范围内。")
            )
        else:
            inspection_obj = None
            source_id = data["source_id"]
            if data["source"] == EnforcementCase.Source.INSPECTION and source_id:
                inspection_obj = (
                    selectors.inspection_list_for_user(request.user)
                    .filter(pk=source_id)
                    .first()
                )
                source_id = None
            created: list[EnforcementCase] = []
            if attempt(
                form,
                lambda: created.append(
                    services.case_open(
                        enterprise=enterprise,
                        source=data["source"],
                        source_id=source_id,
                        inspection=inspection_obj,
                        reference=data["reference"],
                        start_reason=data["start_reason"],
                        facts=data["facts"],
                        officers=list(data["officers"]),
                        urgent=data["urgent"],
                        by=request.user,
                    )
                ),
            ):
                messages.success(request, gettext("案件已登记。"))
                return redirect("enforcement:case-detail", created[0].pk)
    return render(
        request,
        "enforcement/form_page.html",
        {
            "form": form,
            "title": gettext("启动执法程序（案件登记）"),
            "intro": gettext(
                "依职权启动一般程序的，填写程序启动审批表报局分管领导批准；"
                "情况紧急的，可先行启动，24小时内补报（全过程记录实施办法第八条）。"
            ),
            "submit": gettext("登记并提请审批"),
        },
        # a refused form answers 400 with what was typed (COMMON.md)
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def case_detail(request: AppRequest, pk: int) -> HttpResponse:
    case = selectors.case_get_for_user(request.user, pk)
    errors: list[str] = []
    if request.method == "POST":
        try:
            done = _act(request, case)
        except ValidationError as error:
            errors.extend(error.messages)
        else:
            messages.success(request, done)
            return redirect("enforcement:case-detail", case.pk)
        case = selectors.case_get_for_user(request.user, pk)
    return case_page(request, case, errors)


def case_page(
    request: AppRequest, case: EnforcementCase, errors: list[str]
) -> HttpResponse:
    """The case page; after a refused POST (here or on `list_check`) with 400 and
    the posted form refilled (`refused_post`, templatetags `refused_forms`)."""
    clocks = Clock.objects.filter(
        target_type="enforcement.enforcementcase", target_id=case.pk
    ).order_by("started_at")
    return render(
        request,
        "enforcement/case_detail.html",
        {
            "case": case,
            "step": CASE.step(case.status).label,
            "officers": case.officers.all(),
            "clocks": clocks,
            "start_approval": selectors.case_start_approval(case),
            "approvals": casework_selectors.approval_panels_for_target(
                request.user, case
            ),
            "may_decide": request.user.has_perm("enforcement.decide_filing")
            and case.status == "registered",
            "officer": selectors.is_officer_of_case(request.user, case),
            "documents": case.documents.all(),
            "templates": TEMPLATES.values(),
            "errors": errors,
            "refused_post": request.POST if errors else None,
            "history": casework_selectors.history_for(case),
            "measures": case.measures.all(),
            "corrections": selectors.decision_corrections(case),
            "supersessions": selectors.decision_supersessions(case),
            "transfers": _transfers(case),
            "transfer_kinds": PoliceTransfer.Kind.choices,
            "transfer_outcomes": PoliceTransfer.Outcome.choices,
            "minor_checks": selectors.minor_checks_for(case),
            "list_checks": case.list_checks.select_related(
                "entry__list", "proposed_by", "decided_by"
            ),
            "list_entries": services.list_entries_in_force(),
            "access_requests": case.access_requests.all(),
            "head": selectors.is_head(request.user),
            "case_documents": selectors_files.document_list_for_target(case),
            "rectification_items": rectification_links.items_linked_to_enforcement_case(
                request.user, case.pk
            ),
        },
        status=400 if errors else 200,
    )


def _transfers(
    case: EnforcementCase,
) -> list[tuple[PoliceTransfer, object, object]]:
    return [
        (
            t,
            selectors_files.attachment_list_for_target(t),
            services.transfer_document(t),
        )
        for t in case.transfers.all()
    ]


def refused_message(error: ValidationError) -> str:
    """A refusal shown as a message after a redirect, in the reader's language
    (the services' fixed messages are Chinese msgids, as the pages'
    `{% translate error %}`)."""
    return gettext("；").join(gettext(message) for message in error.messages)


def _act(request: AppRequest, case: EnforcementCase) -> str:
    post, user = request.POST, request.user
    action = post.get("action", "")
    if action == "transfer":
        services.transfer_record(
            case=case,
            kind=post.get("kind", ""),
            police_unit=post.get("police_unit", ""),
            reference=post.get("reference", ""),
            facts=post.get("facts", ""),
            by=user,
        )
        return gettext("已登记移送公安机关。")
    if action in ("transfer_outcome", "transfer_file"):
        transfer = case.transfers.filter(pk=post.get("transfer", "")).first()
        if transfer is None:
            raise ValidationError(gettext("请选择移送记录。"))
        if action == "transfer_file":
            upload = request.FILES.get("file")
            if upload is None:
                raise ValidationError(gettext("请选择文件。"))
            services.transfer_file_add(
                transfer=transfer, by=user, file=upload, note=post.get("note", "")
            )
            return gettext("已上传。")
        services.transfer_outcome(
            transfer=transfer,
            outcome=post.get("outcome", ""),
            note=post.get("note", ""),
            by=user,
        )
        return gettext("已登记办理结果。")
    if action == "propose":
        services.case_start_approval_propose(case=case, by=user)
        return gettext("已补报程序启动审批。")
    if action == "file":
        services.case_file(case=case, by=user)
        return gettext("已立案。")
    if action == "decline":
        services.case_decline(
            case=case,
            reason=post.get("decline_reason", ""),
            complainant_told=post.get("complainant_told", ""),
            by=user,
        )
        return gettext("已决定不予立案。")
    if action == "conclude":
        services.case_conclude(case=case, by=user)
        return gettext("调查终结。")
    if action == "minor_decide":
        check = (
            selectors.minor_checks_for(case).filter(pk=post.get("check", "")).first()
        )
        if check is None:
            raise ValidationError(gettext("请选择核对记录。"))
        services.minor_decide(
            check=check,
            decision=post.get("decision", ""),
            opinion=post.get("opinion", ""),
            education=post.get("education", ""),
            committee_ref=post.get("committee_ref", ""),
            by=user,
        )
        return gettext("已作出决定。")
    if action == "extend":
        services.case_filing_extend(case=case, reason=post.get("reason", ""), by=user)
        return gettext("立案期限已延长15日。")
    raise ValidationError(gettext("未知操作。"))


# --- Investigation documents ----------------------------------------------------------


@staff_required
def document_new(request: AppRequest, pk: int, kind: str) -> HttpResponse:
    """Make one investigation document of a case from its template."""
    from .investigation import TEMPLATES

    case = selectors.case_get_for_user(request.user, pk)
    template = TEMPLATES.get(kind)
    if template is None:
        raise Http404
    officers = list(case.officers.all())
    errors: list[str] = []
    values = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        chosen = {int(v) for v in request.POST.getlist("officers") if v.isdigit()}
        try:
            document = services.document_make(
                case=case,
                kind=kind,
                fields={f.name: request.POST.get(f.name, "") for f in template.fields},
                officers=[user for user in officers if user.pk in chosen],
                credentials_shown=request.POST.get("credentials_shown") == "1",
                rights_told=request.POST.get("rights_told", ""),
                signed=request.POST.get("signed") == "1",
                refusal=request.POST.get("refusal", ""),
                no_recording_reason=request.POST.get("no_recording_reason", ""),
                by=request.user,
            )
        except ValidationError as error:
            errors.extend(error.messages)
        else:
            messages.success(
                request,
                gettext("%(title)s已制作。") % {"title": gettext(template.title)},
            )
            return redirect("enforcement:document-detail", document.pk)
    return render(
        request,
        "enforcement/document_form.html",
        {
            "case": case,
            "template": template,
            "officers": officers,
            # a refused document comes back with what was typed and ticked
            "field_rows": [(f, values.get(f.name, "")) for f in template.fields],
            "posted": request.method == "POST",
            "chosen": [int(v) for v in request.POST.getlist("officers") if v.isdigit()],
            "values": values,
            "errors": errors,
        },
        status=400 if errors else 200,
    )


@staff_required
def document_detail(request: AppRequest, pk: int) -> HttpResponse:
    from .forms import FileForm
    from .investigation import TEMPLATES

    document = selectors.document_get_for_user(request.user, pk)
    if request.method == "POST" and request.POST.get("action") == "preserve":
        try:
            services.preservation_decide(
                document=document,
                decision=request.POST.get("decision", ""),
                note=request.POST.get("note", ""),
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, refused_message(error))
        else:
            messages.success(request, gettext("已作出处理决定。"))
        return redirect("enforcement:document-detail", document.pk)
    form = FileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if attempt(
            form,
            lambda: services.document_file_add(
                document=document,
                by=request.user,
                file=data["file"],
                kind=data["kind"],
                note=data["note"],
                captured_at=data["captured_at"],
            ),
        ):
            messages.success(request, gettext("已上传。"))
            return redirect("enforcement:document-detail", document.pk)
    template = TEMPLATES[document.kind]
    return render(
        request,
        "enforcement/document_detail.html",
        {
            "document": document,
            "template": template,
            "rows": [
                (f.label, document.fields.get(f.name, "")) for f in template.fields
            ],
            "attachments": selectors_files.attachment_list_for_target(document),
            "form": form,
            "officer": selectors.is_officer_of_case(request.user, document.case),
            "decisions": PreservationDecision.choices,
            "pdfs": selectors_files.document_list_for_target(document),
        },
        status=400 if request.method == "POST" else 200,
    )
