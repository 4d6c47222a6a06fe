"""Drone patrols (A74): a flight is recorded with its route and footage, each
finding with its images becomes a clue in the same list and workflow as the
online-data clues, and reaches enforcement by the same path (an ad-hoc
inspection reason naming the clue). The other district, the public and
enterprises see nothing."""

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from ecobureau.casework import selectors_files
from ecobureau.core.models import Record
from ecobureau.monitoring import selectors, services
from ecobureau.monitoring.models import Clue, DroneFinding, DroneFlight

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
ROUTE = {
    "type": "LineString",
    "coordinates": [[122.99, 41.10], [123.01, 41.11], [123.03, 41.10]],
}


def png(name: str = "发现.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PNG, content_type="image/png")


def flight_data(district, **changes) -> services.FlightData:
    ended = timezone.now() - timedelta(hours=1)
    values = {
        "started_at": ended - timedelta(minutes=40),
        "ended_at": ended,
        "area_name": "铁东区工业园",
        "route": ROUTE,
        "pilot": "王飞手",
        "aircraft": "DJI M300 RTK #07",
        "district": district,
    }
    values.update(changes)
    return services.FlightData(**values)


@pytest.fixture
def flight(district_a, district_a_officer) -> DroneFlight:
    return services.flight_record(
        data=flight_data(district_a), by=district_a_officer, footage=[png("航拍.png")]
    )


def finding_data(flight, enterprise=None) -> services.FindingData:
    return services.FindingData(
        kind=DroneFinding.Kind.DISCHARGE,
        description="雨水排口有黑色污水流出",
        seen_at=flight.started_at + timedelta(minutes=12),
        longitude=Decimal("123.005000"),
        latitude=Decimal("41.105000"),
        enterprise=enterprise,
    )


def test_flight_is_recorded_with_route_footage_and_record_entry(
    flight, district_a_officer
) -> None:
    assert flight.number.startswith("WR")
    assert flight.route["type"] == "LineString"
    assert flight.unit_id == district_a_officer.unit_id
    footage = list(selectors_files.attachment_list_for_target(flight))
    assert [a.kind for a in footage] == ["photo"]
    assert Record.objects.filter(
        action="monitoring.droneflight.create", target_id=str(flight.pk)
    ).exists()


@pytest.mark.parametrize(
    ("route", "message"),
    [
        ({"type": "Point", "coordinates": [123, 41]}, "航线类型"),
        ({"type": "LineString", "coordinates": [[123, 41]]}, "至少需要2个点"),
        (
            {"type": "LineString", "coordinates": [[41, 123], [41, 124]]},
            "超出经纬度范围",
        ),
        (
            {"type": "Polygon", "coordinates": [[[123, 41], [123.1, 41], [123, 41.1]]]},
            "至少需要4个点",
        ),
    ],
)
def test_bad_routes_are_refused_in_chinese(
    district_a, district_a_officer, route, message
) -> None:
    with pytest.raises(ValidationError, match=message):
        services.flight_record(
            data=flight_data(district_a, route=route), by=district_a_officer
        )
    assert not DroneFlight.objects.exists()


def test_times_and_scope_are_checked(
    district_a, district_b, district_a_officer, citizen
) -> None:
    now = timezone.now()
    with pytest.raises(ValidationError, match="降落时间应晚于起飞时间"):
        services.flight_record(
            data=flight_data(district_a, started_at=now, ended_at=now),
            by=district_a_officer,
        )
    with pytest.raises(PermissionDenied):
        services.flight_record(data=flight_data(district_b), by=district_a_officer)
    with pytest.raises(PermissionDenied):
        services.flight_record(data=flight_data(district_a), by=citizen)
    assert not DroneFlight.objects.exists()


def test_a_finding_becomes_a_clue_in_the_same_list(
    flight, enterprise_a, district_a_officer, district_b_officer
) -> None:
    finding = services.finding_add(
        flight=flight,
        data=finding_data(flight, enterprise_a),
        by=district_a_officer,
        images=[png()],
    )
    clue = Clue.objects.get(drone_finding=finding)
    assert clue.source == Clue.Source.DRONE
    assert clue.status == Clue.Status.NEW
    assert clue.enterprise == enterprise_a
    assert clue.district_id == enterprise_a.district_id
    assert clue.instrument is None
    assert list(selectors.clue_list_for_user(district_a_officer)) == [clue]
    assert list(selectors.clue_list_for_user(district_b_officer)) == []
    images = list(selectors_files.attachment_list_for_target(finding))
    assert len(images) == 1
    # Sorted like any clue: referred for an on-site inspection.
    services.clue_refer(
        clue=clue, referral="inspection", reason="现场核实", by=district_a_officer
    )
    clue.refresh_from_db()
    assert clue.status == Clue.Status.REFERRED
    counts = selectors.clue_monthly_counts(district_a_officer)
    assert sum(month.drone for month in counts) == 1


def test_a_drone_clue_reaches_enforcement_like_an_online_data_clue(
    flight, enterprise_a, district_a_officer, district_a_leader
) -> None:
    from ecobureau.enforcement import services as enforcement
    from ecobureau.enforcement.models import InspectionReason

    finding = services.finding_add(
        flight=flight, data=finding_data(flight, enterprise_a), by=district_a_officer
    )
    reason = enforcement.reason_request(
        enterprise=enterprise_a,
        source=InspectionReason.Source.CLUE,
        source_id=finding.clue.pk,
        reason="无人机巡查发现雨水排口有黑色污水，需现场核实",
        by=district_a_leader,
    )
    assert reason.source_type == "monitoring.clue"
    assert reason.source_id == str(finding.clue.pk)


def test_a_finding_without_an_enterprise_goes_to_the_flight_district(
    flight, district_a_officer
) -> None:
    finding = services.finding_add(
        flight=flight, data=finding_data(flight), by=district_a_officer
    )
    clue = finding.clue
    assert clue.enterprise is None
    assert clue.district_id == flight.district_id
    assert clue.unit_id == flight.unit_id


def test_a_finding_outside_the_flight_time_is_refused(
    flight, district_a_officer
) -> None:
    data = finding_data(flight)
    late = services.FindingData(
        **{**data.__dict__, "seen_at": flight.ended_at + timedelta(hours=2)}
    )
    with pytest.raises(ValidationError, match="发现时间应在本航次起降时间之内"):
        services.finding_add(flight=flight, data=late, by=district_a_officer)
    assert not Clue.objects.exists()


# --- Pages ---------------------------------------------------------------------------


def test_flight_pages_for_the_district(client, flight, district_a_officer) -> None:
    client.force_login(district_a_officer)
    listing = client.get(reverse("monitoring:flight-list"))
    assert listing.status_code == 200
    assert flight.number in listing.content.decode()
    detail = client.get(reverse("monitoring:flight-detail", args=[flight.pk]))
    assert detail.status_code == 200
    body = detail.content.decode()
    assert "drone-map-data" in body
    assert "航拍.png" in body


def test_the_other_district_the_public_and_enterprises_see_no_flight(
    client, flight, district_b_officer, citizen, enterprise_user_a
) -> None:
    client.force_login(district_b_officer)
    listing = client.get(reverse("monitoring:flight-list"))
    assert flight.number not in listing.content.decode()
    detail = client.get(reverse("monitoring:flight-detail", args=[flight.pk]))
    assert detail.status_code == 404
    for outsider in (citizen, enterprise_user_a):
        client.force_login(outsider)
        for url in (
            reverse("monitoring:flight-list"),
            reverse("monitoring:flight-detail", args=[flight.pk]),
        ):
            assert client.get(url).status_code in (302, 403, 404)


def test_new_flight_form_keeps_what_was_typed_on_bad_input(
    client, district_a, district_a_officer
) -> None:
    client.force_login(district_a_officer)
    response = client.post(
        reverse("monitoring:flight-new"),
        {
            "started_at": "2026-11-20T09:00",
            "ended_at": "2026-11-20T09:40",
            "district": district_a.pk,
            "area_name": "铁东区工业园",
            "route": "{not json",
            "pilot": "王飞手",
            "aircraft": "M300",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "航线不是有效的GeoJSON" in body
    assert "铁东区工业园" in body
    assert "{not json" in body
    assert not DroneFlight.objects.exists()


def test_new_flight_and_finding_through_the_pages(
    client, district_a, enterprise_a, district_a_officer
) -> None:
    client.force_login(district_a_officer)
    start = timezone.localtime(timezone.now() - timedelta(hours=2)).replace(
        second=0, microsecond=0
    )
    response = client.post(
        reverse("monitoring:flight-new"),
        {
            "started_at": start.strftime("%Y-%m-%dT%H:%M"),
            "ended_at": (start + timedelta(minutes=30)).strftime("%Y-%m-%dT%H:%M"),
            "district": district_a.pk,
            "area_name": "铁东区工业园",
            "route": '{"type": "LineString", "coordinates": [[123, 41.1], [123.02, 41.1]]}',
            "pilot": "王飞手",
            "aircraft": "M300",
            "footage": png("航拍.png"),
        },
    )
    flight = DroneFlight.objects.get()
    assert response.status_code == 302
    url = reverse("monitoring:flight-detail", args=[flight.pk])
    bad = client.post(url, {"kind": "discharge", "description": "黑水"})
    assert bad.status_code == 400
    assert not DroneFinding.objects.exists()
    response = client.post(
        url,
        {
            "kind": "discharge",
            "seen_at": (start + timedelta(minutes=10)).strftime("%Y-%m-%dT%H:%M"),
            "longitude": "123.01",
            "latitude": "41.10",
            "enterprise": enterprise_a.pk,
            "description": "雨水排口黑水",
            "images": png(),
        },
    )
    assert response.status_code == 302
    finding = DroneFinding.objects.get()
    assert finding.clue.source == Clue.Source.DRONE
    page = client.get(url).content.decode()
    assert finding.clue.number in page
    assert "发现.png" in page


def test_someone_who_may_only_see_cannot_record(client, flight, city_leader) -> None:
    client.force_login(city_leader)
    assert client.get(reverse("monitoring:flight-new")).status_code == 403
    response = client.post(
        reverse("monitoring:flight-detail", args=[flight.pk]),
        {"kind": "discharge", "description": "x"},
    )
    assert response.status_code == 403
