"""An incident opens an enforcement case and a complaint (each named on the other
side), and records stop orders with their basis, issuer, time and lifting."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.accounts.models import User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.complaints.models import Complaint
from ecobureau.core import records
from ecobureau.enforcement.models import EnforcementCase

from .. import links
from ..models import IncidentLink, StopOrder
from .conftest import register


@pytest.fixture
def inspectors(bureau) -> list[User]:
    return [
        UserFactory(
            username=f"insp-{n}",
            full_name=f"执法员{n}",
            unit=bureau,
            scope=User.Scope.CITY,
            credential_no=f"2103{n:07d}",
            role_codes=["enforcement_officer"],
        )
        for n in (21, 22)
    ]


@pytest.fixture
def incident_e(duty_officer, enterprise_a):
    """An incident at enterprise A (district A)."""
    return register(duty_officer, enterprise=enterprise_a)


def test_incident_opens_an_enforcement_case_named_on_both_sides(
    client, district_a_leader, incident_e, inspectors
):
    case = links.incident_open_case(
        incident=incident_e,
        by=district_a_leader,
        officers=inspectors,
        start_reason="突发环境事件调查",
        facts="储罐泄漏致COD超标排放",
    )
    assert case.enterprise_id == incident_e.enterprise_id
    assert case.source == EnforcementCase.Source.TRANSFER
    assert f"突发环境事件#{incident_e.pk}" in case.reference
    link = IncidentLink.objects.get(incident=incident_e)
    assert (link.kind, link.target_id) == (IncidentLink.Kind.CASE, case.pk)
    assert (
        records.history(incident_e).filter(action="emergencies.incident.link").exists()
    )
    # the incident page links to the case; the case page names the incident
    client.force_login(district_a_leader)
    page = client.get(incident_e.get_absolute_url()).content.decode()
    assert reverse("enforcement:case-detail", args=[case.pk]) in page
    case_page = client.get(reverse("enforcement:case-detail", args=[case.pk]))
    assert f"突发环境事件#{incident_e.pk}" in case_page.content.decode()


def test_opening_a_case_is_refused_without_the_enforcement_permission(
    duty_officer, incident_e, inspectors
):
    # 应急值守 handles incidents but may not start an enforcement procedure
    with pytest.raises(PermissionDenied):
        links.incident_open_case(
            incident=incident_e,
            by=duty_officer,
            officers=inspectors,
            start_reason="调查",
            facts="泄漏",
        )
    assert not EnforcementCase.objects.exists()
    assert not IncidentLink.objects.exists()


def test_a_case_needs_the_enterprise_and_a_lawful_team(
    client, district_a_leader, incident_a, incident_e, inspectors
):
    with pytest.raises(ValidationError, match="未关联涉事企业"):
        links.incident_open_case(
            incident=incident_a,
            by=district_a_leader,
            officers=inspectors,
            start_reason="调查",
            facts="泄漏",
        )
    # one officer only: enforcement's team rule refuses it, shown on the page
    client.force_login(district_a_leader)
    response = client.post(
        reverse("emergencies:incident-open-case", args=[incident_e.pk]),
        {
            "officers": [inspectors[0].pk],
            "start_reason": "调查",
            "facts": "罐区围堰破损",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "不得少于" in body and "罐区围堰破损" in body  # the typed text is kept
    assert not EnforcementCase.objects.exists()


def test_another_district_cannot_open_a_case_or_complaint_on_the_incident(
    client, district_b_officer, incident_e
):
    client.force_login(district_b_officer)
    for name in ("incident-open-case", "incident-open-complaint"):
        response = client.post(
            reverse(f"emergencies:{name}", args=[incident_e.pk]),
            {"channel": "phone_12369", "text": "异味"},
        )
        assert response.status_code == 404
    assert not Complaint.objects.exists()


def test_incident_registers_a_complaint_named_on_both_sides(
    client, duty_officer, incident_e
):
    client.force_login(duty_officer)
    response = client.post(
        reverse("emergencies:incident-open-complaint", args=[incident_e.pk]),
        {
            "channel": "phone_12369",
            "text": "居民来电反映工业园附近刺鼻气味",
            "contact_name": "王先生",
            "contact_phone": "13800000000",
        },
    )
    assert response.status_code == 302
    complaint = Complaint.objects.get()
    assert complaint.enterprise_id == incident_e.enterprise_id
    assert complaint.district_id == incident_e.district_id
    assert f"突发环境事件#{incident_e.pk}" in complaint.channel_reference
    assert IncidentLink.objects.get().target_id == complaint.pk
    page = client.get(incident_e.get_absolute_url()).content.decode()
    assert reverse("complaints:detail", args=[complaint.pk]) in page
    complaint_page = client.get(reverse("complaints:detail", args=[complaint.pk]))
    assert f"突发环境事件#{incident_e.pk}" in complaint_page.content.decode()


def test_enterprise_and_public_cannot_reach_the_links(
    client, enterprise_user_a, citizen, incident_e
):
    for user in (enterprise_user_a, citizen):
        client.force_login(user)
        response = client.post(
            reverse("emergencies:incident-open-complaint", args=[incident_e.pk]),
            {"channel": "phone_12369", "text": "异味"},
        )
        assert response.status_code in (403, 404)
    client.logout()
    response = client.post(
        reverse("emergencies:incident-open-complaint", args=[incident_e.pk]),
        {"channel": "phone_12369", "text": "异味"},
    )
    assert response.status_code == 302 and "login" in response["Location"]
    assert not Complaint.objects.exists()


# --- Stop orders -----------------------------------------------------------------


def test_stop_order_recorded_with_basis_issuer_time_and_lifted(
    client, duty_officer, incident_e
):
    client.force_login(duty_officer)
    response = client.post(
        reverse("emergencies:stop-order-issue", args=[incident_e.pk]),
        {
            "kind": "stop_production",
            "basis": "突发事件应对法第四十九条",
            "issuer": "鞍山市人民政府突发环境事件应急指挥部",
            "issued_at": "2026-01-05T10:00",
            "measures": "立即停止涉事生产线",
        },
    )
    assert response.status_code == 302
    order = StopOrder.objects.get()
    assert order.in_force and order.enterprise_id == incident_e.enterprise_id
    page = client.get(incident_e.get_absolute_url()).content.decode()
    assert "责令停产" in page and "执行中" in page and "突发事件应对法" in page
    # lifting needs a reason; the page keeps what was typed otherwise
    response = client.post(
        reverse("emergencies:stop-order-lift", args=[order.pk]), {"reason": ""}
    )
    assert response.status_code == 400
    links.stop_order_lift(order=order, by=duty_officer, reason="复查监测达标")
    order.refresh_from_db()
    assert not order.in_force and order.lift_reason == "复查监测达标"
    with pytest.raises(ValidationError, match="已解除"):
        links.stop_order_lift(order=order, by=duty_officer, reason="再次")
    actions = set(records.history(incident_e).values_list("action", flat=True))
    assert {"emergencies.stoporder.issue", "emergencies.stoporder.lift"} <= actions


def test_stop_order_rules(duty_officer, district_b_officer, incident_a, incident_e):
    with pytest.raises(ValidationError, match="未关联涉事企业"):
        links.stop_order_issue(
            incident=incident_a,
            by=duty_officer,
            kind="stop_production",
            basis="x",
            issuer="y",
            measures="z",
        )
    with pytest.raises(ValidationError, match="依据"):
        links.stop_order_issue(
            incident=incident_e,
            by=duty_officer,
            kind="stop_discharge",
            basis=" ",
            issuer="y",
            measures="z",
        )
    assert not StopOrder.objects.exists()


def test_another_district_cannot_see_or_lift_a_stop_order(
    client, duty_officer, district_b_officer, incident_e
):
    order = links.stop_order_issue(
        incident=incident_e,
        by=duty_officer,
        kind="limit_production",
        basis="依据",
        issuer="机关",
        measures="限产50%",
    )
    client.force_login(district_b_officer)
    response = client.post(
        reverse("emergencies:stop-order-lift", args=[order.pk]), {"reason": "达标"}
    )
    assert response.status_code == 404
    order.refresh_from_db()
    assert order.in_force
