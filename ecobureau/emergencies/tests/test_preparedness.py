"""Drills of a plan, enterprises' risk sources, response resources and contacts;
each shown where it is needed and hidden from those outside the scope."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from .. import preparedness
from ..models import Drill, Resource, RiskSource
from .conftest import register


@pytest.fixture
def plan_a(duty_officer, district_a):
    return preparedness.plan_register(
        by=duty_officer,
        holder_kind="government",
        holder_name="铁东区人民政府",
        title="铁东区突发环境事件应急预案",
        filed_on=date(2024, 3, 1),
        district=district_a,
    )


def test_drill_recorded_with_findings_and_follow_ups(client, duty_officer, plan_a):
    client.force_login(duty_officer)
    url = reverse("emergencies:plan-drills", args=[plan_a.pk])
    response = client.post(
        url,
        {
            "held_on": "2025-06-05",
            "scenario": "危化品运输车辆泄漏",
            "participants": "区政府、分局、消防",
            "findings": "围堵物资不足",
            "follow_ups": "补充吸附棉500kg",
        },
    )
    assert response.status_code == 302
    drill = Drill.objects.get()
    page = client.get(url).content.decode()
    assert "危化品运输车辆泄漏" in page and "整改未完成" in page
    preparedness.drill_follow_ups_done(
        drill=drill, by=duty_officer, done_on=date(2025, 7, 1)
    )
    assert "2025-07-01" in client.get(url).content.decode()


def test_drill_bad_input_is_refused_and_kept(client, duty_officer, plan_a):
    client.force_login(duty_officer)
    tomorrow = (timezone.localdate() + timedelta(days=1)).isoformat()
    response = client.post(
        reverse("emergencies:plan-drills", args=[plan_a.pk]),
        {
            "held_on": tomorrow,
            "scenario": "尚未举行的演练",
            "participants": "x",
            "findings": "无",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "不能晚于今天" in body and "尚未举行的演练" in body
    with pytest.raises(ValidationError, match="早于预案备案"):
        preparedness.drill_record(
            plan=plan_a,
            by=duty_officer,
            held_on=date(2020, 1, 1),
            scenario="s",
            participants="p",
            findings="f",
        )
    assert not Drill.objects.exists()


def test_another_district_cannot_see_the_plan_drills(
    client, district_b_officer, plan_a, citizen
):
    client.force_login(district_b_officer)
    url = reverse("emergencies:plan-drills", args=[plan_a.pk])
    assert client.get(url).status_code == 404
    client.force_login(citizen)
    assert client.get(url).status_code == 403


def test_risk_sources_scoped_to_the_enterprises_one_may_see(
    client, district_a_officer, district_b_officer, enterprise_a, enterprise_b
):
    preparedness.risk_source_add(
        enterprise=enterprise_a,
        by=district_a_officer,
        name="液氨储罐区",
        substances="液氨 20t",
        level=RiskSource.Level.MAJOR,
    )
    with pytest.raises(PermissionDenied):
        preparedness.risk_source_add(
            enterprise=enterprise_a,
            by=district_b_officer,
            name="x",
            substances="y",
            level="general",
        )
    client.force_login(district_b_officer)
    page = client.get(reverse("emergencies:preparedness")).content.decode()
    assert "液氨储罐区" not in page
    client.force_login(district_a_officer)
    page = client.get(reverse("emergencies:preparedness")).content.decode()
    assert "液氨储罐区" in page and "重大环境风险" in page


def test_resources_shown_on_the_incident_of_their_district(
    client, duty_officer, district_a_officer, district_b_officer, district_a, district_b
):
    client.force_login(district_a_officer)
    response = client.post(
        reverse("emergencies:resource-add"),
        {
            "kind": "supplies",
            "name": "吸附棉",
            "quantity": "2t",
            "holder": "铁东区应急物资库",
            "contact": "刘主任",
            "phone": "0412-0000000",
        },
    )
    assert response.status_code == 302
    resource = Resource.objects.get()
    assert resource.district_id == district_a.pk  # the officer's own district
    incident_a = register(duty_officer, district=district_a)
    incident_b = register(duty_officer, district=district_b)
    client.force_login(duty_officer)
    assert "刘主任" in client.get(incident_a.get_absolute_url()).content.decode()
    assert "刘主任" not in client.get(incident_b.get_absolute_url()).content.decode()
    client.force_login(district_b_officer)
    assert (
        "吸附棉" not in client.get(reverse("emergencies:preparedness")).content.decode()
    )


def test_resource_bad_input_kept_and_public_refused(client, duty_officer, citizen):
    client.force_login(duty_officer)
    response = client.post(
        reverse("emergencies:resource-add"),
        {
            "kind": "team",
            "name": "危化品处置队",
            "holder": "",
            "contact": "",
            "phone": "",
        },
    )
    assert response.status_code == 400
    assert "危化品处置队" in response.content.decode()
    assert not Resource.objects.exists()
    client.force_login(citizen)
    assert client.get(reverse("emergencies:preparedness")).status_code == 403
