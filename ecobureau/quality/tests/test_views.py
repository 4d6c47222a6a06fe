"""Staff pages, the export and the public page: who sees what, bad input."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from ecobureau.core.models import Record
from ecobureau.quality import services
from ecobureau.quality.models import EmissionActual, Measurement, Sample, SectionTarget

pytestmark = pytest.mark.django_db


@pytest.fixture
def data(monitor, section_a, section_b, district_a, district_b):
    for section, nh3n in ((section_a, "0.4"), (section_b, "1.8")):
        sample = Sample.objects.create(section=section, sampled_on=date(2026, 3, 5))
        Measurement.objects.create(sample=sample, parameter="nh3n", value=D(nh3n))
        services.section_target_set(
            actor=monitor, section=section, year=2026, target="III"
        )
    for district in (district_a, district_b):
        services.emission_target_set(
            actor=monitor, year=2026, district=district, pollutant="so2",
            base_tonnes=D("1000"), cap_tonnes=D("950"),
        )  # fmt: skip


def test_dashboard_shows_the_figures_with_a_fixed_number_of_queries(
    client, city_leader, data, django_assert_max_num_queries
) -> None:
    client.force_login(city_leader)
    with django_assert_max_num_queries(30):
        response = client.get(reverse("quality:dashboard"), {"year": 2026, "month": 3})
    body = response.content.decode()
    assert response.status_code == 200
    assert 'data-testid="good-share">50.0%' in body  # A: II, B: V
    assert 'data-testid="meeting">1<' in body
    assert body.count("950.000") == 2  # both districts' SO2 targets


def test_district_officer_sees_the_sections_but_only_their_districts_ledger(
    client, district_b_officer, data
) -> None:
    client.force_login(district_b_officer)
    body = client.get(
        reverse("quality:dashboard"), {"year": 2026, "month": 3}
    ).content.decode()
    assert (
        "断面A01" in body and "断面B01" in body
    )  # water quality is public information
    assert body.count("950.000") == 1  # only district B's target
    assert "铁东" not in body.split('data-testid="emission-table"')[1]


def test_public_and_enterprise_accounts_cannot_open_staff_pages(
    client, citizen, enterprise_user_a, data
) -> None:
    for user in (citizen, enterprise_user_a):
        client.force_login(user)
        for name in (
            "quality:dashboard",
            "quality:sections",
            "quality:emissions",
            "quality:export",
        ):
            assert client.get(reverse(name)).status_code in (302, 403)


def test_section_detail_has_the_chart_and_the_explanation(
    client, city_leader, data, section_b
) -> None:
    client.force_login(city_leader)
    response = client.get(
        reverse("quality:section-detail", args=[section_b.pk]), {"year": 2026}
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in body and "3月 V类" in body
    assert "符合V类" in body and "未达标" in body
    assert "GB 3838—2002 表1" in body


def test_district_a_head_cannot_set_district_bs_target(
    client, district_a_leader, data, section_b
) -> None:
    client.force_login(district_a_leader)
    response = client.post(
        reverse("quality:section-target", args=[section_b.pk]),
        {"year": 2027, "target": "II"},
    )
    assert response.status_code == 403
    assert not SectionTarget.objects.filter(year=2027).exists()


def test_target_form_keeps_what_was_typed_on_bad_input(
    client, monitor, data, section_a
) -> None:
    client.force_login(monitor)
    url = reverse("quality:section-target", args=[section_a.pk])
    response = client.post(url, {"year": "1990", "target": "II"})
    assert response.status_code == 400
    assert 'value="1990"' in response.content.decode()
    response = client.post(url, {"year": "2027", "target": "II"})
    assert response.status_code == 302
    assert Record.objects.filter(action="quality.section_target_set").count() == 3


def test_emission_actual_entry_and_bad_input(
    client, district_a_leader, district_a, data
) -> None:
    client.force_login(district_a_leader)
    url = reverse("quality:emission-actual")
    bad = client.post(url, {"year": 2026, "month": 13, "district": district_a.pk,
                            "pollutant": "so2", "tonnes": "-5"})  # fmt: skip
    assert bad.status_code == 400
    assert not EmissionActual.objects.exists()
    good = client.post(url, {"year": 2026, "month": 1, "district": district_a.pk,
                             "pollutant": "so2", "tonnes": "80.5"})  # fmt: skip
    assert good.status_code == 302
    assert EmissionActual.objects.get().tonnes == D("80.5")
    assert Record.objects.filter(action="quality.emission_actual_set").count() == 1


def test_district_head_cannot_enter_a_target(
    client, district_a_leader, district_a, data
) -> None:
    client.force_login(district_a_leader)
    response = client.post(
        reverse("quality:emission-target"),
        {"year": 2026, "district": district_a.pk, "pollutant": "cod",
         "base_tonnes": "10", "cap_tonnes": "9"},
    )  # fmt: skip
    assert response.status_code in (400, 403)
    page = client.get(reverse("quality:emissions")).content.decode()
    assert 'data-testid="target-form"' not in page


def test_export_workbook_lists_every_section(client, city_leader, data) -> None:
    client.force_login(city_leader)
    response = client.get(reverse("quality:export"), {"year": 2026, "month": 3})
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "断面编码"
    assert [r[0] for r in rows[1:]] == ["A01", "B01"]
    assert rows[2][8] == "V类" and rows[2][10] == "未达标"


def test_public_page_shows_classes_without_login(client, data) -> None:
    response = client.get(reverse("quality:public"), {"year": 2026, "month": 3})
    body = response.content.decode()
    assert response.status_code == 200
    assert "断面A01" in body and "II类" in body
    assert "950" not in body  # district ledgers are not public


def test_section_create_refuses_a_duplicate_code(
    client, monitor, district_a, section_a
) -> None:
    client.force_login(monitor)
    response = client.post(
        reverse("quality:section-create"),
        {"code": "A01", "name": "新断面", "level": "city", "water_body": "river",
         "district": district_a.pk},
    )  # fmt: skip
    assert response.status_code == 400
    body = response.content.decode()
    assert "断面编码“A01”已存在" in body and 'value="新断面"' in body
