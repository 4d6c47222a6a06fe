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
        "failure_id": None,
        "failure_began_at": None,
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


# --- A stop's linked failure report (A98) ---------------------------------------------


@pytest.fixture
def linked_stop(enterprise_a, enterprise_user_a, facility_a, city_leader):
    """Facility A stopped today, linked to the enterprise's failure report of
    yesterday."""
    from datetime import timedelta

    from django.utils import timezone

    from ecobureau.monitoring import services as monitoring_services

    failure = monitoring_services.failure_report(
        enterprise=enterprise_a,
        data=monitoring_services.FailureData(
            facility="污水处理站",
            cause="提升泵故障",
            began_at=timezone.now() - timedelta(days=1),
            measures=["stop"],
        ),
        by=enterprise_user_a,
    )
    services.facility_status_change(
        facility=facility_a,
        status="stopped",
        on=timezone.localdate(),
        reason="故障停运",
        by=city_leader,
        failure_id=failure.pk,
    )
    return failure


def _stop(body: dict) -> dict:
    [facility] = body["facilities"]
    stop, _running = facility["status_changes"]  # newest first
    return stop


def test_a_stop_gives_its_linked_failure_report(
    client, district_a_officer, enterprise_user_a, linked_stop
):
    from datetime import datetime

    for person in (district_a_officer, enterprise_user_a):
        client.force_login(person)

        body = client.get(f"/api/enterprises/{linked_stop.enterprise_id}").json()

        stop = _stop(body)
        assert stop["new_status"] == "stopped"
        assert stop["failure_id"] == linked_stop.pk
        began = datetime.fromisoformat(stop["failure_began_at"])
        # JSON carries milliseconds
        assert abs(began - linked_stop.began_at).total_seconds() < 0.001
        # the keys already published stay as they were
        assert {"changed_on", "old_status", "new_status", "reason"} <= set(stop)


def test_who_may_not_see_monitoring_data_gets_only_the_id(
    client, township_official, linked_stop
):
    # a township official reads the file of the township, not monitoring's data
    client.force_login(township_official)

    body = client.get(f"/api/enterprises/{linked_stop.enterprise_id}").json()

    stop = _stop(body)
    assert stop["failure_id"] == linked_stop.pk
    assert stop["failure_began_at"] is None


def test_another_enterprise_cannot_read_the_link(
    client, enterprise_user_b, district_b_officer, citizen, linked_stop
):
    url = f"/api/enterprises/{linked_stop.enterprise_id}"
    for person in (enterprise_user_b, district_b_officer, citizen):
        client.force_login(person)
        response = client.get(url)
        assert response.status_code == 404, person
        text = response.content.decode()
        assert "failure_id" not in text and "提升泵故障" not in text
