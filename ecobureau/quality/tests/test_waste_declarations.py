"""Hazardous-waste figures from the declarations confirmed on the platform
(危险废物申报登记确认, X3 "危险废物全部实现安全处置"), beside the Excel import:
the numbers and source written, the district scope, the page button."""

from __future__ import annotations

import json
from decimal import Decimal as D
from typing import Any, cast

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.accounts.models import User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.core.models import Record
from ecobureau.permits.models import Application, ServiceItem
from ecobureau.quality import figures, services
from ecobureau.quality.models import ImportBatch, WasteRecord

from .conftest import workbook

pytestmark = pytest.mark.django_db

AMOUNTS = {
    "opening_stock": "2.000",
    "generated": "100.000",
    "utilised": "60.000",
    "disposed": "40.000",
    "closing_stock": "2.000",
}


def declaration(enterprise: Any, *, status: str = "confirmed", **details: Any):
    """A declaration as the permits chain leaves it (the chain itself is tested
    in permits)."""
    item, _ = ServiceItem.objects.get_or_create(
        code="hw-declaration",
        defaults={
            "category": "confirmation",
            "number": 1,
            "name": "危险废物申报登记确认",
            "list_name": "危险废物申报登记确认",
        },
    )
    author = UserFactory(kind=User.Kind.ENTERPRISE, role_codes=["enterprise"])
    return Application.objects.create(
        item=item,
        created_by=author,
        applicant=author,
        enterprise=enterprise,
        applicant_name=enterprise.name,
        details={"year": 2025, **AMOUNTS, "declaration": "HW08", **details},
        submission_key=f"k-{enterprise.pk}-{Application.objects.count()}",
        status=status,
        district=enterprise.district,
    )


@pytest.fixture
def district_b_head(sub_bureau_b, district_b) -> User:
    return cast(
        User,
        UserFactory(
            username="tiexi-head",
            unit=sub_bureau_b,
            scope=User.Scope.DIVISION,
            scope_division=district_b,
            role_codes=["sub_bureau_head"],
        ),
    )


def test_confirmed_declarations_become_waste_records_with_their_source(
    monitor, enterprise_a, enterprise_b
) -> None:
    confirmed = declaration(enterprise_a)
    declaration(enterprise_b, status="county_review")  # not yet confirmed
    declaration(enterprise_b, year=2024)  # another year
    written = services.waste_from_declarations(year=2025, by=monitor)
    assert written == 1
    record = WasteRecord.objects.get()
    assert (record.year, record.enterprise) == (2025, enterprise_a)
    assert (
        record.opening_stock,
        record.generated,
        record.utilised,
        record.disposed,
        record.closing_stock,
    ) == (D("2"), D("100"), D("60"), D("40"), D("2"))
    assert record.source == f"申报登记确认 {confirmed.number}"
    batch = ImportBatch.objects.get()
    assert batch.kind == ImportBatch.Kind.WASTE
    assert batch.file_name == "申报登记确认 2025年" and batch.rows == 1
    assert len(batch.sha256) == 64 and record.batch == batch
    entry = Record.objects.filter(action="quality.waste_from_declarations").get()
    data = json.loads(entry.payload)["data"]
    assert data["applications"] == [confirmed.pk]
    assert data["sha256"] == [batch.sha256]


def test_a_declaration_replaces_the_imported_row_of_the_same_year(
    monitor, enterprise_a
) -> None:
    WasteRecord.objects.create(
        year=2025, enterprise=enterprise_a, generated=1, utilised=1, disposed=0,
        closing_stock=0, source="申报登记",
    )  # fmt: skip
    declaration(enterprise_a, generated="101.000", disposed="41.000")
    assert services.waste_from_declarations(year=2025, by=monitor) == 1
    record = WasteRecord.objects.get()
    assert record.generated == D("101") and record.source.startswith("申报登记确认 ")


def test_each_district_sums_only_its_own_enterprises(
    district_a_leader, district_b_head, enterprise_a
) -> None:
    declaration(enterprise_a)
    with pytest.raises(ValidationError, match="2025年在您的辖区内没有已确认"):
        services.waste_from_declarations(year=2025, by=district_b_head)
    assert not WasteRecord.objects.exists() and not ImportBatch.objects.exists()
    assert services.waste_from_declarations(year=2025, by=district_a_leader) == 1


def test_staff_without_the_import_permission_are_refused(
    district_a_officer, enterprise_a
) -> None:
    declaration(enterprise_a)
    with pytest.raises(PermissionDenied):
        services.waste_from_declarations(year=2025, by=district_a_officer)


def test_declarations_without_amounts_are_skipped(monitor, enterprise_a) -> None:
    Application.objects.filter(pk=declaration(enterprise_a).pk).update(
        details={"year": 2025, "declaration": "HW08 12吨"}
    )
    with pytest.raises(ValidationError, match="没有已确认的危险废物申报登记"):
        services.waste_from_declarations(year=2025, by=monitor)


# --- The page ------------------------------------------------------------------------


def test_the_button_sums_the_declarations_for_the_permitted_user(
    client, monitor, enterprise_a
) -> None:
    declaration(enterprise_a)
    client.force_login(monitor)
    page = client.get(reverse("quality:targets") + "?year=2025")
    assert "从申报登记确认汇总" in page.content.decode()
    response = client.post(
        reverse("quality:waste-from-declarations"), {"year": "2025"}, follow=True
    )
    body = response.content.decode()
    assert response.redirect_chain[-1][0].endswith("?year=2025")
    assert "已从2025年危险废物申报登记确认汇总1家企业的数据" in body
    assert "申报登记确认 SQ" in body
    assert WasteRecord.objects.filter(year=2025, enterprise=enterprise_a).exists()


def test_nothing_confirmed_answers_400_and_keeps_the_year(client, monitor) -> None:
    client.force_login(monitor)
    response = client.post(reverse("quality:waste-from-declarations"), {"year": "2024"})
    body = response.content.decode()
    assert response.status_code == 400
    assert "2024年在您的辖区内没有已确认的危险废物申报登记" in body
    assert 'value="2024"' in body
    bad = client.post(reverse("quality:waste-from-declarations"), {"year": "二〇二五"})
    assert bad.status_code == 400 and 'value="二〇二五"' in bad.content.decode()
    assert not ImportBatch.objects.exists()


def test_the_button_is_refused_without_the_import_permission(
    client, citizen, district_a_officer, enterprise_a
) -> None:
    declaration(enterprise_a)
    url = reverse("quality:waste-from-declarations")
    for user in (citizen, district_a_officer):
        client.force_login(user)
        assert client.post(url, {"year": "2025"}).status_code == 403
    client.force_login(district_a_officer)
    page = client.get(reverse("quality:targets") + "?year=2025").content.decode()
    assert "从申报登记确认汇总" not in page
    assert not WasteRecord.objects.exists()


# --- The import keeps the same rule -----------------------------------------------------


def test_the_import_still_refuses_an_unbalanced_row_in_the_same_words(
    monitor, enterprise_a
) -> None:
    rows = [[2025, enterprise_a.credit_code, 0, 100, 10, 10, 0, "申报登记"]]
    with pytest.raises(services.ImportFailed) as failed:
        figures.import_figures(
            "waste",
            actor=monitor,
            content=workbook(rows, headers=list(figures.WASTE_HEADERS)),
            filename="w.xlsx",
        )
    assert dict(failed.value.rows)[2] == [
        "上年末贮存量+产生量（100.000）与利用量+处置量+年末贮存量（20.000）相差超过1吨"
    ]
    assert not WasteRecord.objects.exists()
