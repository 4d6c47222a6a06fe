"""Helpers of the permits tests: files, and driving an application through its
steps with the services (to set up state; view tests go through the pages)."""

from __future__ import annotations

import io
import zipfile
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from ecobureau.accounts.models import User
from ecobureau.core.models import Division
from ecobureau.permits import services
from ecobureau.permits.models import Application, ServiceItem

# A minimal one-page PDF (the type is decided from the content, not the name).
PDF = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
    b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 612 792]>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)


def pdf_file(name: str = "材料.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


def zip_file(name: str = "材料.pdf") -> SimpleUploadedFile:
    """A ZIP archive named like a PDF: refused by its content."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("a.txt", "hello")
    return SimpleUploadedFile(name, out.getvalue(), content_type="application/pdf")


def item(code: str) -> ServiceItem:
    return ServiceItem.objects.get(code=code)


def login(client: Client, user: User) -> Client:
    client.force_login(user)
    return client


def draft(
    user: User,
    code: str,
    *,
    condition: str = "",
    answers: dict[str, Any] | None = None,
    district: Division | None = None,
    key: str = "",
) -> Application:
    application, _created = services.application_create(
        item=item(code),
        by=user,
        submission_key=key or f"key-{code}-{user.pk}",
        district=district,
        contact_name="联系人",
        contact_phone="13900000001",
        condition=condition,
        answers=answers or {},
    )
    return application


def upload_all(application: Application, user: User) -> None:
    """A PDF for every checklist entry the application's situation needs."""
    for material in services.missing_materials(application):
        services.material_add(
            application=application, material=material, file=pdf_file(), by=user
        )


def submitted(user: User, code: str, **kwargs: Any) -> Application:
    application = draft(user, code, **kwargs)
    upload_all(application, user)
    services.application_submit(application=application, by=user)
    application.refresh_from_db()
    return application


def act(
    application: Application, transition: str, by: User, **data: Any
) -> Application:
    services.application_act(
        application=application,
        transition=transition,
        by=by,
        data=services.ActionInput(**data),
    )
    application.refresh_from_db()
    return application


# --- Through the pages ---------------------------------------------------------------


def post_act(
    client: Client, user: User, application: Application, code: str, **data: Any
):
    """A staff member performs one step on the application's page."""
    from django.urls import reverse

    client.force_login(user)
    return client.post(
        reverse("permits:application-act", args=[application.pk, code]), data
    )


def ui_upload(client: Client, application: Application, material_code: str):
    from django.urls import reverse

    material = application.item.materials.get(code=material_code)
    return client.post(
        reverse("permits:my-upload", args=[application.pk, material.pk]),
        {"file": pdf_file(f"{material.name}.pdf")},
    )


def ui_submit(client: Client, user: User, application: Application):
    """The applicant uploads every needed material on their page and submits."""
    from django.urls import reverse

    client.force_login(user)
    for material in services.missing_materials(application):
        assert ui_upload(client, application, material.code).status_code == 302
    return client.post(reverse("permits:my-submit", args=[application.pk]))
