"""Open311 GeoReport v2 in JSON and XML. The same flow against the running server
is in browser_tests/test_complaints.py."""

import xml.etree.ElementTree as ET

import pytest

from ecobureau.complaints import services
from ecobureau.complaints.models import Complaint

pytestmark = pytest.mark.django_db


def test_services_in_both_formats(client):
    data = client.get("/open311/v2/services.json").json()
    assert {s["service_code"] for s in data} == {
        "air",
        "water",
        "noise",
        "waste",
        "soil",
        "other",
    }
    root = ET.fromstring(client.get("/open311/v2/services.xml").content)  # noqa: S314
    assert root.tag == "services" and len(root.findall("service")) == 6
    assert client.get("/open311/v2/services/air.json").json()["attributes"] == []
    assert client.get("/open311/v2/services/nope.json").status_code == 404


def test_post_then_get_then_status_changes_after_staff_act(client, desk, desk_officer):
    created = client.post(
        "/open311/v2/requests.json",
        {
            "service_code": "air",
            "lat": "41.1102",
            "long": "123.0105",
            "description": "化工厂夜间排放刺鼻气味",
            "phone": "13900000009",
        },
    )
    assert created.status_code == 201
    code = created.json()[0]["service_request_id"]
    complaint = Complaint.objects.get(tracking_code=code)
    assert (complaint.channel, complaint.category, complaint.anonymous) == (
        "open311",
        "air",
        False,
    )
    got = client.get(f"/open311/v2/requests/{code}.json").json()[0]
    assert (got["status"], got["status_notes"]) == ("open", "待受理")
    assert "13900000009" not in str(got)
    services.complaint_accept(complaint=complaint, by=desk_officer)
    got = client.get(f"/open311/v2/requests/{code}.json").json()[0]
    assert got["status_notes"] == "已受理待派单" and got["expected_datetime"]
    Complaint.objects.filter(pk=complaint.pk).update(
        status="closed", reply_text="已责令整改"
    )
    xml = ET.fromstring(client.get(f"/open311/v2/requests/{code}.xml").content)  # noqa: S314
    assert xml.findtext("request/status") == "closed"
    listed = client.get("/open311/v2/requests.json?status=closed").json()
    assert [r["service_request_id"] for r in listed] == [code]


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (
            {"service_code": "x", "description": "d", "address_string": "a"},
            "service_code无效",
        ),
        ({"service_code": "air", "description": "d"}, "须提供lat和long"),
        ({"service_code": "air", "address_string": "a"}, "须提供description"),
        (
            {"service_code": "air", "description": "d", "lat": "abc", "long": "1"},
            "应为数字",
        ),
    ],
)
def test_bad_requests_are_open311_errors(client, desk, data, message):
    response = client.post("/open311/v2/requests.json", data)
    assert response.status_code == 400
    assert message in response.json()[0]["description"]
    assert not Complaint.objects.exists()


def test_an_api_key_is_required_when_keys_are_set(client, desk, settings):
    settings.OPEN311_API_KEYS = "k-1,k-2"
    data = {
        "service_code": "noise",
        "description": "夜间施工",
        "address_string": "人民路",
    }
    assert client.post("/open311/v2/requests.json", data).status_code == 403
    assert (
        client.post("/open311/v2/requests.json", {**data, "api_key": "k-2"}).status_code
        == 201
    )


def test_other_channels_are_listed_without_their_words(client, desk):
    from .conftest import submit

    complaint = submit()
    got = client.get(f"/open311/v2/requests/{complaint.tracking_code}.json").json()[0]
    assert got["description"] == "" and got["address"] == ""
    assert client.get("/open311/v2/requests.json").json() == []
