"""Staff pages for the four lists (四个清单, E11), the officers' handbook library
(E10) and the numbered 移送书 of a police transfer (E14)."""

from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext, gettext_noop
from django.views.decorators.http import require_POST

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.casework import selectors as casework_selectors

from . import selectors, views_cases
from .minor import LIST_TITLE
from .models import EnforcementList, HandbookPart, HandbookVersion, ListEntry
from .services import library, lists, transfers

HISTORY_LABELS = {
    "enforcement.list_rename": gettext_noop("修改清单名称"),
    "enforcement.list_entry_save": gettext_noop("保存清单条目"),
    "enforcement.handbook_rename": gettext_noop("修改篇目"),
    "enforcement.handbook_upload": gettext_noop("上传新版本"),
}


def _history_labels() -> dict[str, str]:
    """HISTORY_LABELS in the reader's language."""
    return {action: gettext(label) for action, label in HISTORY_LABELS.items()}


def _day(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise ValidationError(gettext("日期格式应为 年-月-日。")) from None


def _require_reader(request: AppRequest) -> None:
    if not library.may_read(request.user):
        raise PermissionDenied(gettext("仅向执法人员开放。"))


# --- 四个清单 (E11) -----------------------------------------------------------------------


@staff_required
def list_index(request: AppRequest) -> HttpResponse:
    """The four lists: the 不予行政处罚清单 from the seed and the bureau's three."""
    _require_reader(request)
    return render(
        request,
        "enforcement/lists.html",
        {
            "minor_title": LIST_TITLE,
            "minor_items": selectors.minor_items(),
            "lists": EnforcementList.objects.filter(active=True).prefetch_related(
                "entries"
            ),
            "may_edit": lists.may_edit(request.user),
        },
    )


@staff_required
def list_detail(request: AppRequest, pk: int) -> HttpResponse:
    _require_reader(request)
    item = get_object_or_404(EnforcementList, pk=pk, active=True)
    errors: list[str] = []
    values = request.POST if request.method == "POST" else {}
    if request.method == "POST":
        post = request.POST
        try:
            if post.get("action") == "rename":
                lists.list_rename(
                    item=item,
                    name=post.get("name", ""),
                    description=post.get("description", ""),
                    by=request.user,
                )
            else:
                entry_id = post.get("entry", "")
                lists.entry_save(
                    item=item,
                    entry=item.entries.filter(pk=entry_id).first()
                    if entry_id.isdigit()
                    else None,
                    title=post.get("title", ""),
                    conditions=post.get("conditions", ""),
                    basis=post.get("basis", ""),
                    effective_from=_day(post.get("effective_from", "")),
                    effective_to=_day(post.get("effective_to", "")),
                    by=request.user,
                )
        except ValidationError as error:
            errors.extend(error.messages)
        else:
            messages.success(request, gettext("已保存。"))
            return redirect("enforcement:list-detail", item.pk)
    return render(
        request,
        "enforcement/list_detail.html",
        {
            "item": item,
            "entries": item.entries.select_related("updated_by"),
            "may_edit": lists.may_edit(request.user),
            "values": values,
            "errors": errors,
            "history": casework_selectors.history_for(item, _history_labels()),
        },
        status=400 if errors else 200,
    )


@staff_required
@require_POST
def list_check(request: AppRequest, pk: int) -> HttpResponse:
    """On the case page: propose an entry of another list, or decide (a head)."""
    case = selectors.case_get_for_user(request.user, pk)
    post = request.POST
    try:
        if post.get("action") == "decide":
            check = get_object_or_404(case.list_checks, pk=post.get("check", "0"))
            lists.list_check_decide(
                check=check,
                decision=post.get("decision", ""),
                opinion=post.get("opinion", ""),
                by=request.user,
            )
        else:
            entry = get_object_or_404(ListEntry, pk=post.get("entry", "0"))
            lists.list_check_propose(
                case=case, entry=entry, facts=post.get("facts", ""), by=request.user
            )
    except ValidationError as error:
        # COMMON.md: a refused form answers 400 on the case page, refilled
        return views_cases.case_page(
            request, selectors.case_get_for_user(request.user, pk), error.messages
        )
    messages.success(request, gettext("已记录。"))
    return redirect("enforcement:case-detail", case.pk)


# --- 执法人员手册 (E10) -------------------------------------------------------------------


@staff_required
def handbook(request: AppRequest) -> HttpResponse:
    _require_reader(request)
    return render(
        request,
        "enforcement/handbook.html",
        {"parts": HandbookPart.objects.prefetch_related("versions")},
    )


@staff_required
def handbook_part(request: AppRequest, pk: int) -> HttpResponse:
    _require_reader(request)
    part = get_object_or_404(HandbookPart, pk=pk)
    errors: list[str] = []
    if request.method == "POST":
        post = request.POST
        try:
            if post.get("action") == "rename":
                library.part_rename(
                    part=part,
                    title=post.get("title", ""),
                    description=post.get("description", ""),
                    by=request.user,
                )
            else:
                upload = request.FILES.get("file")
                if upload is None:
                    raise ValidationError(gettext("请选择要上传的文件。"))
                library.version_upload(
                    part=part, file=upload, note=post.get("note", ""), by=request.user
                )
        except ValidationError as error:
            errors.extend(error.messages)
        else:
            messages.success(request, gettext("已保存。"))
            return redirect("enforcement:handbook-part", part.pk)
    return render(
        request,
        "enforcement/handbook_part.html",
        {
            "part": part,
            "versions": part.versions.select_related("uploaded_by", "attachment"),
            "may_edit": library.may_edit(request.user),
            "values": request.POST if request.method == "POST" else {},
            "errors": errors,
            "history": casework_selectors.history_for(part, _history_labels()),
        },
        status=400 if errors else 200,
    )


@staff_required
def handbook_file(request: AppRequest, pk: int) -> FileResponse:
    version = get_object_or_404(
        HandbookVersion.objects.select_related("attachment", "part"), pk=pk
    )
    handle = library.version_open(version=version, by=request.user)
    return FileResponse(handle, filename=version.attachment.name)


# --- 移送书 (E14) ---------------------------------------------------------------------------


@staff_required
@require_POST
def transfer_document(request: AppRequest, pk: int) -> HttpResponse:
    transfer = selectors.transfer_get_for_user(request.user, pk)
    try:
        transfers.transfer_document_issue(transfer=transfer, by=request.user)
    except ValidationError as error:
        messages.error(request, gettext("；").join(error.messages))
    else:
        messages.success(request, gettext("移送书已生成。"))
    return redirect("enforcement:case-detail", transfer.case_id)
