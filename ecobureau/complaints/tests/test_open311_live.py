"""A standard Open311 GeoReport v2 client against the running server (Django's live
server, real HTTP): it lists the services, POSTs a request form-encoded, GETs it
by id and in the list, and sees its status change after staff act — accepted on
the staff page, then handled and answered (closed). JSON and XML."""

import json
import urllib.error
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from ecobureau.complaints import services
from ecobureau.complaints.models import Complaint

pytestmark = pytest.mark.django_db(transaction=True)


def _call(
    base: str, path: str, data: dict[str, str] | None = None
) -> tuple[int, bytes]:
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(base + "/open311/v2/" + path, data=body)  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()


def _json(base: str, path: str, data: dict[str, str] | None = None) -> list[dict]:
    status, body = _call(base, path, data)
    assert status in (200, 201), (status, body)
    return json.loads(body)


def test_a_client_files_follows_and_sees_the_status_change(
    live_server, client, desk, desk_officer
):
    base = live_server.url
    codes = {s["service_code"] for s in _json(base, "services.json")}
    assert {"air", "water", "noise"} <= codes
    created = _json(
        base,
        "requests.json",
        {
            "service_code": "noise",
            "lat": "41.1102",
            "long": "123.0105",
            "address_string": "铁东区胜利路88号",
            "description": "机械加工厂切割机夜里一直响，吵得睡不着",
            "email": "resident@example.cn",
            "first_name": "晓明",
            "last_name": "王",
        },
    )
    code = created[0]["service_request_id"]
    assert created[0]["service_notice"]
    got = _json(base, f"requests/{code}.json")[0]
    assert (got["status"], got["status_notes"], got["service_code"]) == (
        "open",
        "待受理",
        "noise",
    )
    # The complainant is never in the public answer.
    assert "resident@example.cn" not in json.dumps(got, ensure_ascii=False)
    assert "晓明" not in json.dumps(got, ensure_ascii=False)

    # The 12369 desk accepts it on its page.
    complaint = Complaint.objects.get(tracking_code=code)
    client.force_login(desk_officer)
    response = client.post(reverse("complaints:accept", args=[complaint.pk]))
    assert response.status_code == 302
    got = _json(base, f"requests/{code}.json")[0]
    assert (got["status"], got["status_notes"]) == ("open", "已受理待派单")
    assert got["expected_datetime"]

    # Handled and answered: the standard status becomes closed.
    complaint.refresh_from_db()
    services.complaint_dispatch(
        complaint=complaint,
        orders=[services.DispatchOrder(unit=desk, kind="section", days=10, lead=True)],
        by=desk_officer,
    )
    services.dispatch_feedback(
        dispatch=complaint.dispatches.get(),
        feedback="已查实",
        finding="true",
        by=desk_officer,
    )
    services.complaint_handle(
        complaint=complaint,
        by=desk_officer,
        survey="现场检查，切割作业无隔声措施",
        finding="true",
        measures="责令停止夜间作业并加装隔声罩",
    )
    services.complaint_reply(
        complaint=complaint,
        by=desk_officer,
        reply_text="已责令停止夜间作业并加装隔声罩",
        reply_method="phone",
        no_enforcement_reason="已责令整改，违法行为轻微并及时改正，依法不予行政处罚",
    )
    status, body = _call(base, f"requests/{code}.xml")
    assert status == 200
    root = ET.fromstring(body)  # noqa: S314
    assert root.findtext("request/service_request_id") == code
    assert root.findtext("request/status") == "closed"
    listed = _json(base, f"requests.json?service_request_id={code}")
    assert [r["status"] for r in listed] == ["closed"]


def test_a_bad_request_is_an_open311_error_over_http(live_server, desk):
    status, body = _call(
        live_server.url,
        "requests.json",
        {"service_code": "air", "description": "没有地点"},
    )
    assert status == 400
    errors = json.loads(body)
    assert errors[0]["code"] == 400 and "lat" in errors[0]["description"]
    assert not Complaint.objects.exists()
