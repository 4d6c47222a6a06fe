"""Facilities in the enterprise API detail (A92): read-only, scoped exactly as
the enterprise is, without the person who recorded a status."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ecobureau.enterprises import services

pytestmark = pytest.mark.django_db


@pytest.fixture
def facility_a(enterprise_a, city_leader):
    return services.facility_add(
        enterprise=enterprise_a,
        data=services.FacilityData(
            name="污水处理站",
            kind="water",
            pollutants="化学需氧量",
            capacity=Decimal("500"),
            capacity_unit="t/d",
            commissioned_on=date(2021, 1, 15),
        ),
        status="running",
        on=date(2021, 1, 15),
        by=city_leader,
    )


def test_detail_lists_the_facilities_with_their_history(
    client, district_a_officer, enterprise_a, facility_a
):
    client.force_login(district_a_officer)

    body = client.get(f"/api/enterprises/{enterprise_a.pk}").json()

    [facility] = body["facilities"]
    assert facility["name"] == "污水处理站"
    assert facility["kind_label"] == "废水治理"
    assert facility["status"] == "running"
    assert facility["status_since"] == "2021-01-15"
    assert facility["capacity_unit"] == "t/d"
    [change] = facility["status_changes"]
    assert change == {
        "changed_on": "2021-01-15",
        "old_status": "",
        "new_status": "running",
        "new_status_label": "正常运行",
        "reason": "",
    }
    # existing keys stay (CONTRACTS: add, never rename)
    assert {"outlets", "permits", "credit_code", "status"} <= set(body)


def test_own_enterprise_sees_its_facilities(client, enterprise_user_a, facility_a):
    client.force_login(enterprise_user_a)

    body = client.get(f"/api/enterprises/{facility_a.enterprise_id}").json()

    assert [f["id"] for f in body["facilities"]] == [facility_a.pk]


def test_facilities_are_not_shown_outside_the_enterprise_scope(
    client, district_b_officer, enterprise_user_b, citizen, facility_a
):
    url = f"/api/enterprises/{facility_a.enterprise_id}"
    for person in (district_b_officer, enterprise_user_b, citizen):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 404, person
        assert "污水处理站" not in response.content.decode()
    client.logout()
    assert client.get(url).status_code == 401


def test_api_offers_no_way_to_write_facilities(client, district_a_officer, facility_a):
    client.force_login(district_a_officer)
    url = f"/api/enterprises/{facility_a.enterprise_id}"

    for method in (client.post, client.put, client.patch, client.delete):
        response = method(url, data={}, content_type="application/json")
        assert response.status_code == 405
