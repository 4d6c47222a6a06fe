"""The JSON API: the catalogue, and applications in the same scope as the pages."""

import pytest
import time_machine

from .helpers import login, submitted

MEDICAL = {"route": "营口港—大连港", "reason": "陆路中断"}


@pytest.mark.django_db
def test_the_catalogue_and_a_guide(client, catalogue, citizen):
    login(client, citizen)
    items = client.get("/api/permits/items/").json()
    assert len(items) == 18 and items[4]["name"] == "夜间建筑施工许可"
    guide = client.get("/api/permits/items/night-construction/").json()
    assert guide["time_limit_amount"] == 10 and guide["time_limit_unit"] == "workdays"
    assert len(guide["materials"]) == 12
    in_force = [b["law"] for b in guide["legal_basis"] if b["in_force"]]
    assert in_force == ["《中华人民共和国生态环境法典》"]
    assert "现场查验" in guide["steps"]


@pytest.mark.django_db
@time_machine.travel("2026-11-23 09:00 +0800", tick=False)
def test_applications_are_scoped_like_the_pages(
    client,
    catalogue,
    enterprise_user_a,
    enterprise_user_b,
    waste_staff,
    district_b_officer,
):
    application = submitted(
        enterprise_user_a, "medical-waste-waterway", answers=MEDICAL
    )
    login(client, enterprise_user_a)
    mine = client.get("/api/permits/applications/").json()
    assert [a["number"] for a in mine["items"]] == [application.number]
    assert mine["items"][0]["step_label"] == "待受理"
    for person in (enterprise_user_b, district_b_officer):
        login(client, person)
        assert client.get("/api/permits/applications/").json()["count"] == 0
        assert (
            client.get(f"/api/permits/applications/{application.pk}/").status_code
            == 404
        )
    login(client, waste_staff)
    assert client.get(f"/api/permits/applications/{application.pk}/").status_code == 200


def test_the_api_needs_a_session(client, db):
    assert client.get("/api/permits/items/").status_code == 401


@pytest.mark.django_db
def test_the_openapi_schema_describes_the_permits_api(client, citizen):
    login(client, citizen)
    schema = client.get("/api/openapi.json").json()
    assert "/api/permits/items/{code}/" in schema["paths"]
    assert "/api/permits/applications/" in schema["paths"]
