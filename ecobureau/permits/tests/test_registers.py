"""The two registers: radiation-safety licences kept current (D15), and the
waste producers' standardised-management assessments linked to their filings
(D12)."""

from datetime import date

import pytest
import time_machine
from django.urls import reverse

from ecobureau.core.models import Record
from ecobureau.permits.models import RadiationLicence, WasteAssessment

from .helpers import login, submitted


@pytest.fixture
def licence_form(enterprise_a):
    return {
        "credit_code": enterprise_a.credit_code,
        "number": "辽环辐证[21001]",
        "scope": "使用Ⅲ类射线装置",
        "issuer": "辽宁省生态环境厅",
        "issued_on": "2022-01-10",
        "valid_until": "2027-01-09",
    }


@pytest.mark.django_db
@time_machine.travel("2026-11-23 09:00 +0800", tick=False)
def test_a_licence_is_registered_renewed_and_listed_when_due(
    client, catalogue, district_a_leader, licence_form
):
    login(client, district_a_leader)
    response = client.post(reverse("permits:radiation-new"), licence_form)
    licence = RadiationLicence.objects.get()
    assert response.status_code == 302
    due = client.get(reverse("permits:radiation-list"), {"due": "1"}).content.decode()
    assert licence.number in due  # ends within 90 days
    client.post(
        reverse("permits:radiation-detail", args=[licence.pk]),
        {
            "kind": "renewal",
            "on": "2026-11-23",
            "note": "延续5年",
            "valid_until": "2032-01-09",
        },
    )
    licence.refresh_from_db()
    assert licence.valid_until == date(2032, 1, 9)
    assert (
        licence.number
        not in client.get(
            reverse("permits:radiation-list"), {"due": "1"}
        ).content.decode()
    )
    assert Record.objects.filter(action="permits.radiation.renewal").exists()
    refused = client.post(
        reverse("permits:radiation-detail", args=[licence.pk]),
        {
            "kind": "renewal",
            "on": "2026-11-23",
            "note": "再延",
            "valid_until": "2030-01-01",
        },
    )
    assert "延续后的有效期应晚于原有效期" in refused.content.decode()


@pytest.mark.django_db
def test_an_enterprise_outside_the_scope_cannot_be_registered(
    client, catalogue, district_a_leader, enterprise_b, licence_form
):
    login(client, district_a_leader)
    form = {**licence_form, "credit_code": enterprise_b.credit_code}
    response = client.post(reverse("permits:radiation-new"), form)
    assert "在您的数据范围内没有该统一社会信用代码的企业" in response.content.decode()
    assert not RadiationLicence.objects.exists()


@pytest.mark.django_db
def test_other_districts_and_the_public_see_no_licences(
    client,
    catalogue,
    district_a_leader,
    district_b_officer,
    enterprise_user_a,
    licence_form,
):
    login(client, district_a_leader)
    client.post(reverse("permits:radiation-new"), licence_form)
    licence = RadiationLicence.objects.get()
    login(client, district_b_officer)
    assert (
        client.get(reverse("permits:radiation-detail", args=[licence.pk])).status_code
        == 404
    )
    login(client, enterprise_user_a)
    assert client.get(reverse("permits:radiation-list")).status_code == 403


@pytest.mark.django_db
def test_an_assessment_links_the_enterprises_declaration(
    client, catalogue, district_a_leader, enterprise_user_a, enterprise_a
):
    with time_machine.travel("2026-03-02 09:00 +0800", tick=False):
        declaration = submitted(
            enterprise_user_a,
            "hw-declaration",
            answers={
                "year": 2025,
                "opening_stock": "0",
                "generated": "12",
                "utilised": "0",
                "disposed": "12",
                "closing_stock": "0",
                "declaration": "HW08 12吨",
            },
        )
    login(client, district_a_leader)
    form = {
        "credit_code": enterprise_a.credit_code,
        "year": 2026,
        "kind": "hazardous",
        "result": "basic",
        "score": 82,
        "assessed_on": "2026-11-20",
        "declaration": declaration.pk,
        "findings": "标识不规范，限期整改",
    }
    assert client.post(reverse("permits:assessment-new"), form).status_code == 302
    assessment = WasteAssessment.objects.get()
    assert assessment.declaration == declaration
    again = client.post(reverse("permits:assessment-new"), form)
    assert "已登记" in again.content.decode()
    wrong = client.post(
        reverse("permits:assessment-new"), {**form, "year": 2025, "declaration": 999999}
    )
    assert "没有申请编号尾号为999999" in wrong.content.decode()
    assert WasteAssessment.objects.count() == 1
