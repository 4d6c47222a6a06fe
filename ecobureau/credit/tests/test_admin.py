"""The province's grades, their imports and the disclosure reports are shown in
the admin read-only: they are written only through the credit services."""

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.credit.models import DisclosureReport, ProvincialGrade, ProvincialImport

pytestmark = pytest.mark.django_db

MODELS = ["provincialimport", "provincialgrade", "disclosurereport"]


@pytest.fixture
def admin_client(client: Client) -> Client:
    """A superuser in the Django admin."""
    client.force_login(UserFactory(username="root", is_staff=True, is_superuser=True))
    return client


@pytest.fixture
def rows(enterprise_a, city_leader):
    source = ProvincialImport.objects.create(
        file_name="2025年度评价结果.xlsx",
        sha256="0" * 64,
        rows=1,
        imported_by=city_leader,
    )
    grade = ProvincialGrade.objects.create(
        enterprise=enterprise_a,
        year=2025,
        grade_name="诚信",
        published_name=enterprise_a.name,
        source=source,
        row=2,
    )
    report = DisclosureReport.objects.create(
        enterprise=enterprise_a,
        year=2025,
        disclosed_on=date(2026, 3, 1),
        where="辽宁省企业环境信息依法披露系统",
        registered_by=city_leader,
    )
    return {
        "provincialimport": source,
        "provincialgrade": grade,
        "disclosurereport": report,
    }


@pytest.mark.parametrize("model", MODELS)
def test_changelist_and_detail_load_read_only(admin_client, rows, model):
    response = admin_client.get(reverse(f"admin:credit_{model}_changelist"))
    assert response.status_code == 200
    assert "2025" in response.content.decode()
    obj = rows[model]
    detail = admin_client.get(reverse(f"admin:credit_{model}_change", args=[obj.pk]))
    assert detail.status_code == 200
    assert 'name="_save"' not in detail.content.decode()
    add = admin_client.get(reverse(f"admin:credit_{model}_add"))
    delete = admin_client.post(
        reverse(f"admin:credit_{model}_delete", args=[obj.pk]), {"post": "yes"}
    )
    assert add.status_code == 403 and delete.status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()
