"""The three documents of a key enterprise (seed 002 附件1 二1, C30): inspection
template, standards manual, emergency handbook, as PDF versions on its file."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from ecobureau.core.models import Record
from ecobureau.grid import selectors, services
from ecobureau.grid.models import EnterpriseSupervision, KeyEnterpriseDocument

from .conftest import photo

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n"


def pdf(name: str = "监察模版.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-11-23 10:00 +0800", tick=False):
        yield


@pytest.fixture
def key_row(cells, enterprises_a):
    services.supervision_sync(by=None)
    row = EnterpriseSupervision.objects.get(enterprise=enterprises_a[0])
    assert row.klass == "C"  # a provincial key source
    return row


def test_a_key_enterprise_shows_what_is_missing_until_all_three_are_filed(
    key_row, enforcement_head
):
    assert selectors.key_documents(key_row).missing == [
        "环境现场监察模版",
        "环境标准手册",
        "突发环境污染事故应急处置手册",
    ]
    services.key_document_add(
        supervision=key_row,
        kind="inspection_template",
        title="产排污关键节点现场监察模版（2026版）",
        issued_on=date(2026, 3, 1),
        file=pdf(),
        by=enforcement_head,
    )
    newer = services.key_document_add(
        supervision=key_row,
        kind="inspection_template",
        title="产排污关键节点现场监察模版（2026修订）",
        issued_on=date(2026, 9, 1),
        file=pdf("修订.pdf"),
        by=enforcement_head,
    )
    docs = selectors.key_documents(key_row)
    assert docs.required and docs.latest == [newer]
    assert docs.missing == ["环境标准手册", "突发环境污染事故应急处置手册"]
    entry = Record.objects.filter(action="grid.key_document_add").last()
    assert entry is not None and '"sha256"' in entry.payload


def test_bad_documents_are_refused_and_nothing_is_kept(key_row, enforcement_head):
    with pytest.raises(ValidationError):
        services.key_document_add(
            supervision=key_row,
            kind="emergency_handbook",
            title="应急处置手册",
            issued_on=date(2026, 3, 1),
            file=photo("手册.png"),  # an image is not a PDF document
            by=enforcement_head,
        )
    with pytest.raises(ValidationError, match="晚于今天"):
        services.key_document_add(
            supervision=key_row,
            kind="emergency_handbook",
            title="应急处置手册",
            issued_on=date(2026, 12, 1),
            file=pdf(),
            by=enforcement_head,
        )
    assert not KeyEnterpriseDocument.objects.exists()


def test_only_class_managers_in_scope_file_documents(
    key_row, grid_officer, district_b_officer
):
    for person in (grid_officer, district_b_officer):
        with pytest.raises(PermissionDenied):
            services.key_document_add(
                supervision=key_row,
                kind="standards_manual",
                title="环境标准手册",
                issued_on=date(2026, 3, 1),
                file=pdf(),
                by=person,
            )


def test_the_class_page_uploads_and_links_the_document(
    client, key_row, enforcement_head
):
    client.force_login(enforcement_head)
    url = reverse("grid:class-detail", args=[key_row.enterprise_id])
    response = client.post(
        url,
        {
            "form": "document",
            "kind": "standards_manual",
            "title": "排放标准手册",
            "issued_on": "2026-11-01",
            "file": pdf("标准手册.pdf"),
        },
    )
    assert response.status_code == 302
    body = client.get(url).content.decode()
    assert "排放标准手册" in body and "C类企业尚缺" in body
    document = KeyEnterpriseDocument.objects.get()
    download = client.get(
        reverse("casework:attachment-download", args=[document.attachment_id])
    )
    assert download.status_code == 200
