"""Numbered PDFs with the embedded Chinese font: investigation documents and the
行政检查通知书 / 行政检查审批表 of an inspection (E6)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ecobureau.casework import services as casework_services
from ecobureau.casework.models import Document

from .. import services
from .test_investigation import INQUIRY, make


def _pdf_bytes(document: Document) -> bytes:
    with casework_services.attachment_open(document.attachment) as handle:
        return handle.read()


def test_inquiry_printed_as_numbered_pdf_with_embedded_font(
    client, filed_case, officers
):
    inquiry = make(filed_case, "inquiry", INQUIRY, officers, rights_told="书面告知")
    client.force_login(officers[0])
    response = client.post(reverse("enforcement:document-pdf", args=[inquiry.pk]))
    assert response.status_code == 302
    document = Document.objects.get(
        target_type="enforcement.investigationdocument", target_id=inquiry.pk
    )
    assert document.kind == "enf_doc_inquiry" and "询〔" in document.reference
    content = _pdf_bytes(document)
    assert content.startswith(b"%PDF") and b"FontFile2" in content
    with pytest.raises(ValidationError, match="已生成"):
        services.document_pdf_issue(document=inquiry, by=officers[0])


def test_inspection_notice_and_approval_form(
    client, planned, officers, enforcement_head
):
    client.force_login(officers[0])
    response = client.post(reverse("enforcement:inspection-forms", args=[planned.pk]))
    assert response.status_code == 302
    kinds = list(
        Document.objects.filter(
            target_type="enforcement.inspection", target_id=planned.pk
        ).values_list("kind", flat=True)
    )
    assert sorted(kinds) == ["enf_inspection_approval", "enf_inspection_notice"]
    page = client.get(reverse("enforcement:inspection-detail", args=[planned.pk]))
    assert "行政检查通知书（" in page.content.decode()
    with pytest.raises(ValidationError, match="已生成"):
        services.inspection_forms_issue(inspection=planned, by=enforcement_head)
