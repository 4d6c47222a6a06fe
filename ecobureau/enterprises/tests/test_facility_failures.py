"""A facility's stop and monitoring's facility-failure reports (A92 × A98): the
file page shows the enterprise's reports around each stop to whoever may see
them, and a stop may name one of them; the link is checked by the service."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from ecobureau.core import records
from ecobureau.core.models import Record
from ecobureau.enterprises import selectors, services
from ecobureau.enterprises.models import Facility
from ecobureau.monitoring import services as monitoring_services

pytestmark = pytest.mark.django_db

COMMISSIONED = date(2021, 1, 15)


def _facility(enterprise, by) -> Facility:
    return services.facility_add(
        enterprise=enterprise,
        data=services.FacilityData(
            name="1号脱硫塔",
            kind="gas",
            pollutants="二氧化硫",
            commissioned_on=COMMISSIONED,
        ),
        status="running",
        on=COMMISSIONED,
        by=by,
    )


def _report(enterprise, by, *, days_ago: float, facility: str = "1号脱硫塔"):
    return monitoring_services.failure_report(
        enterprise=enterprise,
        data=monitoring_services.FailureData(
            facility=facility,
            cause="循环泵电机烧毁",
            began_at=timezone.now() - timedelta(days=days_ago),
            measures=["stop"],
        ),
        by=by,
    )


@pytest.fixture
def facility_a(enterprise_a, city_leader) -> Facility:
    return _facility(enterprise_a, city_leader)


@pytest.fixture
def failure_a(enterprise_a, enterprise_user_a):
    return _report(enterprise_a, enterprise_user_a, days_ago=1)


def _stop_url(facility: Facility) -> str:
    return reverse(
        "enterprises:facility_status", args=[facility.enterprise_id, facility.pk]
    )


def _stop_form(**overrides: str) -> dict[str, str]:
    values = {
        "status": "stopped",
        "on": timezone.localdate().isoformat(),
        "reason": "脱硫塔循环泵故障，停运检修",
        "failure_id": "",
    }
    values.update(overrides)
    return values


def test_staff_link_a_stop_to_the_enterprises_failure_report(
    client, district_a_officer, facility_a, failure_a
):
    client.force_login(district_a_officer)

    # given: the status page offers the report
    page = client.get(_stop_url(facility_a)).content.decode()
    assert failure_a.number in page

    # when
    response = client.post(
        _stop_url(facility_a), _stop_form(failure_id=str(failure_a.pk))
    )

    # then
    assert response.status_code == 302
    change = facility_a.status_changes.first()
    assert change.failure_id == failure_a.pk
    assert change.failure_text.startswith(f"{failure_a.number} 1号脱硫塔故障（")
    entry = Record.objects.filter(action="enterprise.facility_status").get()
    assert records.payload_of(entry)["data"]["failure"] == failure_a.pk


def test_the_enterprise_links_its_own_report(enterprise_user_a, facility_a, failure_a):
    services.facility_status_change(
        facility=facility_a,
        status="stopped",
        on=timezone.localdate(),
        reason="故障停运",
        by=enterprise_user_a,
        failure_id=failure_a.pk,
    )

    assert facility_a.status_changes.first().failure_id == failure_a.pk


def test_another_enterprises_report_cannot_be_linked(
    client,
    city_leader,
    district_a_officer,
    facility_a,
    enterprise_b,
    enterprise_user_b,
):
    other = _report(enterprise_b, enterprise_user_b, days_ago=1)

    with pytest.raises(ValidationError) as refused:
        services.facility_status_change(
            facility=facility_a,
            status="stopped",
            on=timezone.localdate(),
            reason="故障停运",
            by=city_leader,
            failure_id=other.pk,
        )
    assert "failure_id" in refused.value.message_dict

    # the page does not offer it either: 400, what was typed kept
    client.force_login(district_a_officer)
    response = client.post(
        _stop_url(facility_a), _stop_form(failure_id=str(other.pk), reason="我的原因")
    )
    assert response.status_code == 400
    assert "我的原因" in response.content.decode()
    facility_a.refresh_from_db()
    assert facility_a.status == Facility.Status.RUNNING


def test_a_report_long_before_the_stop_or_on_a_removal_is_refused(
    city_leader, facility_a, enterprise_a, enterprise_user_a
):
    # given: a failure that began and ended three weeks ago
    old = _report(enterprise_a, enterprise_user_a, days_ago=21)
    old.ended_at = old.began_at + timedelta(hours=5)
    old.save(update_fields=["ended_at"])
    recent = _report(enterprise_a, enterprise_user_a, days_ago=1)

    with pytest.raises(ValidationError):
        services.facility_status_change(
            facility=facility_a,
            status="stopped",
            on=timezone.localdate(),
            reason="检修",
            by=city_leader,
            failure_id=old.pk,
        )
    with pytest.raises(ValidationError) as refused:
        services.facility_status_change(
            facility=facility_a,
            status="removed",
            on=timezone.localdate(),
            reason="拆除",
            by=city_leader,
            failure_id=recent.pk,
        )
    assert refused.value.message_dict["failure_id"] == [
        "只有停运可以关联设施故障报告。"
    ]
    assert facility_a.status_changes.count() == 1


def test_file_page_shows_the_reports_around_a_stop(
    client,
    district_a_officer,
    city_leader,
    enterprise_user_a,
    facility_a,
    enterprise_a,
    failure_a,
):
    # given: a stop linked to the report, and a report from months before
    old = _report(enterprise_a, enterprise_user_a, days_ago=90)
    old.ended_at = old.began_at + timedelta(hours=2)
    old.save(update_fields=["ended_at"])
    services.facility_status_change(
        facility=facility_a,
        status="stopped",
        on=timezone.localdate(),
        reason="故障停运",
        by=city_leader,
        failure_id=failure_a.pk,
    )
    client.force_login(district_a_officer)

    page = client.get(reverse("enterprises:detail", args=[enterprise_a.pk]))

    text = page.content.decode()
    assert failure_a.number in text
    assert "已关联" in text
    assert reverse("monitoring:failure-detail", args=[failure_a.pk]) in text
    assert old.number not in text


def test_reports_are_hidden_from_who_may_not_see_monitoring_data(
    client, township_official, city_leader, facility_a, enterprise_a, failure_a
):
    # given: a township official sees the file of the township, not its
    # monitoring data
    services.facility_status_change(
        facility=facility_a,
        status="stopped",
        on=timezone.localdate(),
        reason="故障停运",
        by=city_leader,
        failure_id=failure_a.pk,
    )
    client.force_login(township_official)

    page = client.get(reverse("enterprises:detail", args=[enterprise_a.pk]))

    assert page.status_code == 200
    text = page.content.decode()
    assert "故障停运" in text
    assert failure_a.number not in text
    assert "已关联一份设施故障报告。" in text


def test_people_outside_the_enterprise_see_neither_page_nor_reports(
    client,
    district_b_officer,
    enterprise_user_b,
    citizen,
    facility_a,
    failure_a,
):
    for person in (district_b_officer, enterprise_user_b, citizen):
        assert (
            selectors.failures_around(
                person, facility_a.enterprise, since=timezone.localdate()
            )
            == []
        )
        client.force_login(person)
        detail = reverse("enterprises:detail", args=[facility_a.enterprise_id])
        assert client.get(detail).status_code in (403, 404)
        assert client.get(_stop_url(facility_a)).status_code in (403, 404)
        response = client.post(
            _stop_url(facility_a), _stop_form(failure_id=str(failure_a.pk))
        )
        assert response.status_code in (403, 404)
    facility_a.refresh_from_db()
    assert facility_a.status == Facility.Status.RUNNING
