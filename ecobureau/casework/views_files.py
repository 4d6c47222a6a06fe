"""Staff pages for attachments and documents: every file is served only after the
object it belongs to has been fetched for the user through the registry."""

from typing import BinaryIO

from django.contrib.auth.decorators import permission_required
from django.core.exceptions import ValidationError
from django.db import models
from django.http import FileResponse, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_http_methods
from django_htmx.http import reswap, retarget

from ecobureau.accounts.decorators import staff_required
from ecobureau.accounts.http import AppRequest

from . import registry, selectors_files, services
from .forms import AttachmentUploadForm
from .models import Attachment


# staff_required is typed for HttpResponse; a streamed FileResponse is an
# HttpResponseBase, which it passes through unchanged.
@require_GET
@staff_required
def attachment_download(request: AppRequest, pk: int) -> HttpResponseBase:
    attachment = selectors_files.attachment_get_for_user(request.user, pk)
    handle = services.attachment_access(attachment=attachment, by=request.user)
    # Uploaded content is always downloaded, never shown inline: its type was
    # checked, but a browser should not be the one to interpret it.
    return _file_response(handle, attachment, as_attachment=True)


@require_http_methods(["GET", "POST"])
@staff_required
@permission_required("casework.add_attachment", raise_exception=True)
def attachment_upload(request: AppRequest, label: str, pk: int) -> HttpResponse:
    """Upload evidence to any registered object the user may see.

    After a POST: back to the page the user came from (`next`), or the updated
    attachment list for htmx. A refused file shows the form again, fields kept.
    """
    target = registry.target_get_for_user(request.user, label, pk)
    back = _back_url(request, label, target)
    form = AttachmentUploadForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.attachment_add(
                file=data["file"],
                target=target,
                kind=data["kind"],
                by=request.user,
                note=data["note"],
                confidential=data["confidential"],
                captured_at=data["captured_at"],
                returned_at=data["returned_at"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if request.htmx:
                return render(
                    request,
                    "casework/_attachment_list.html",
                    _attachments_context(target, back),
                )
            return redirect(back)
    context = {
        "form": form,
        "target": target,
        "target_name": registry.target_type(label).verbose_name,
        **_attachments_context(target, back),
    }
    if request.htmx and request.method == "POST":
        # The form, not the list, shows the errors.
        response = render(
            request, "casework/attachment_upload.html#upload-form", context
        )
        return reswap(retarget(response, "#upload-form"), "outerHTML")
    status = 400 if request.method == "POST" else 200
    return render(request, "casework/attachment_upload.html", context, status=status)


def _attachments_context(target: models.Model, back: str) -> dict[str, object]:
    return {
        "attachments": selectors_files.attachment_list_for_target(target),
        "upload_url": selectors_files.attachment_upload_url(target),
        "back_url": back,
    }


def _back_url(request: AppRequest, label: str, target: models.Model) -> str:
    """Where to go after the upload: the page the user came from, if it is ours."""
    wanted = request.POST.get("next") or request.GET.get("next") or ""
    if wanted and url_has_allowed_host_and_scheme(
        wanted, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return wanted
    return registry.target_type(label).url(target)


@require_GET
@staff_required
def document_detail(request: AppRequest, pk: int) -> HttpResponse:
    document = selectors_files.document_get_for_user(request.user, pk)
    return render(request, "casework/document_detail.html", {"document": document})


@require_GET
@staff_required
def document_pdf(request: AppRequest, pk: int) -> HttpResponseBase:
    document = selectors_files.document_get_for_user(request.user, pk)
    handle = services.attachment_access(attachment=document.attachment, by=request.user)
    # The platform rendered this PDF itself, so it may open in the browser.
    return _file_response(handle, document.attachment, as_attachment=False)


def _file_response(
    handle: BinaryIO, attachment: Attachment, *, as_attachment: bool
) -> FileResponse:
    response = FileResponse(
        handle,
        as_attachment=as_attachment,
        filename=attachment.name,
        content_type=attachment.blob.content_type,
    )
    response["Cache-Control"] = (
        "private, no-store" if attachment.confidential else "private"
    )
    return response
