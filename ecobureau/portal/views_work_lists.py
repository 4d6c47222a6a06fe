"""Staff pages of the work lists (黑名单、落后淘汰名单等工作清单, D19): the lists
with the form creating one; a list with its entries, the entry form, the Excel
import and publication; an entry with its correction and removal forms. A refused
form answers 400 with what was typed (and, for an import, each bad row)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest
from ecobureau.casework.selectors import history_for
from ecobureau.core.forms import attempt
from ecobureau.lib.list_export import XLSX_TYPE

from . import selectors, work_lists
from .forms import (
    WorkListEntryEditForm,
    WorkListEntryForm,
    WorkListForm,
    WorkListImportForm,
    WorkListRemoveForm,
)

ACTION_LABELS = {
    "portal.work_list_create": "建立清单",
    "portal.work_list_publish": "在门户网站公开",
    "portal.work_list_withdraw": "撤回公开",
    "portal.work_list_entry_add": "列入单位",
    "portal.work_list_entry_update": "修改条目",
    "portal.work_list_entry_remove": "移出清单",
    "portal.work_list_import": "Excel导入",
}


def _require_manager(request: AppRequest) -> None:
    if not selectors.may_manage_work_lists(request.user):
        raise PermissionDenied("您没有维护工作清单的权限。")


@staff_required
def staff_work_lists(request: AppRequest) -> HttpResponse:
    _require_manager(request)
    form = WorkListForm(request.POST or None)
    created: list[Any] = []
    if (
        request.method == "POST"
        and form.is_valid()
        and attempt(
            form,
            lambda: created.append(
                work_lists.work_list_create(by=request.user, **form.cleaned_data)
            ),
        )
    ):
        messages.success(request, "清单已建立。")
        return redirect("portal:staff-work-list", pk=created[0].pk)
    return render(
        request,
        "portal/staff_work_lists.html",
        {"lists": selectors.work_list_list_for_staff(request.user), "form": form},
        status=400 if request.method == "POST" else 200,
    )


@staff_required
def staff_work_list(request: AppRequest, pk: int) -> HttpResponse:
    """A list: add an entry, import entries, publish or withdraw."""
    _require_manager(request)
    user = request.user
    work_list = selectors.work_list_get_for_staff(user, pk)
    post = request.POST if request.method == "POST" else None
    action = post.get("action", "") if post is not None else ""
    add = WorkListEntryForm(post if action == "add" else None, prefix="add")
    upload = WorkListImportForm(
        post if action == "import" else None,
        request.FILES if action == "import" else None,
        prefix="import",
    )
    bad_rows: list[tuple[int, list[str]]] = []
    if post is not None:
        if action in ("publish", "withdraw"):
            if attempt(
                None,
                lambda: work_lists.work_list_publish(
                    work_list=work_list, by=user, publish=action == "publish"
                ),
                request,
            ):
                messages.success(request, "已保存。")
            return redirect("portal:staff-work-list", pk=work_list.pk)
        if action == "add":
            if add.is_valid() and attempt(
                add,
                lambda: work_lists.work_list_entry_add(
                    by=user, work_list=work_list, **add.cleaned_data
                ),
            ):
                messages.success(request, "已列入清单。")
                return redirect("portal:staff-work-list", pk=work_list.pk)
        elif action == "import":
            if upload.is_valid():
                file = upload.cleaned_data["file"]
                try:
                    count = work_lists.work_list_import(
                        by=user,
                        work_list=work_list,
                        content=file.read(),
                        filename=file.name,
                    )
                except work_lists.ImportFailed as refused:
                    upload.add_error(None, refused.messages[0])
                    bad_rows = refused.rows
                else:
                    messages.success(request, f"已导入{count}条。")
                    return redirect("portal:staff-work-list", pk=work_list.pk)
        else:
            raise PermissionDenied("未知的操作。")
    return render(
        request,
        "portal/staff_work_list.html",
        {
            "work_list": work_list,
            "entries": selectors.work_list_entries_of(work_list),
            "add": add,
            "upload": upload,
            "bad_rows": bad_rows,
            "history": history_for(work_list, ACTION_LABELS),
        },
        status=400 if post is not None else 200,
    )


@staff_required
def staff_work_list_entry(request: AppRequest, pk: int) -> HttpResponse:
    """An entry: correct it, or remove it from the list with a date and reason."""
    _require_manager(request)
    user = request.user
    entry = selectors.work_list_entry_get_for_staff(user, pk)
    post = request.POST if request.method == "POST" else None
    action = post.get("action", "") if post is not None else ""
    edit = WorkListEntryEditForm(
        post if action == "edit" else None,
        initial={
            "reason": entry.reason,
            "document_no": entry.document_no,
            "listed_on": entry.listed_on,
        },
        prefix="edit",
    )
    remove = WorkListRemoveForm(post if action == "remove" else None, prefix="remove")
    if post is not None:
        form = {"edit": edit, "remove": remove}.get(action)
        if form is None:
            raise PermissionDenied("未知的操作。")
        run = {
            "edit": lambda: work_lists.work_list_entry_update(
                by=user, entry=entry, **edit.cleaned_data
            ),
            "remove": lambda: work_lists.work_list_entry_remove(
                by=user, entry=entry, **remove.cleaned_data
            ),
        }[action]
        if form.is_valid() and attempt(form, run):
            messages.success(request, "已保存。")
            return redirect("portal:staff-work-list", pk=entry.work_list_id)
    return render(
        request,
        "portal/staff_work_list_entry.html",
        {"entry": entry, "edit": edit, "remove": remove},
        status=400 if post is not None else 200,
    )


@require_GET
@staff_required
def staff_work_list_template(request: AppRequest) -> HttpResponse:
    _require_manager(request)
    response = HttpResponse(work_lists.import_template(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="work-list-template.xlsx"'
    return response
