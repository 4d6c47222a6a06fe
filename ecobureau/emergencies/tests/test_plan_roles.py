"""A plan's emergency organisation as data (role, person, phone, duty), and the
roles of every plan at hand one click from the incident page."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ecobureau.core.models import Record
from ecobureau.emergencies import preparedness
from ecobureau.emergencies.models import PlanRole

pytestmark = pytest.mark.django_db


def _plan(by, title, district=None, holder_kind="government"):
    return preparedness.plan_register(
        by=by,
        holder_kind=holder_kind,
        holder_name=title[:6],
        title=title,
        filed_on=date(2024, 3, 1),
        district=district,
    )


@pytest.fixture
def plans(duty_officer, district_a, district_b):
    """District A's and district B's government plans, and the city's."""
    return {
        "a": _plan(duty_officer, "铁东区突发环境事件应急预案", district_a),
        "b": _plan(duty_officer, "铁西区突发环境事件应急预案", district_b),
        "city": _plan(duty_officer, "鞍山市突发环境事件应急预案"),
    }


ROLE = {
    "role": "总指挥",
    "person": "张指挥",
    "unit": "铁东区人民政府 副区长",
    "phone": "0412-5550001",
    "duty": "统一领导、指挥本区突发环境事件应对",
}


def _add(client, plan, **data):
    return client.post(reverse("emergencies:plan-role-add", args=[plan.pk]), data)


def test_roles_on_the_plan_and_one_click_from_the_incident(
    client, duty_officer, plans, incident_a, django_assert_max_num_queries
):
    # given: roles entered on the plan pages
    client.force_login(duty_officer)
    assert _add(client, plans["a"], **ROLE).status_code == 302
    _add(
        client,
        plans["a"],
        role="现场处置组组长",
        person="李组长",
        phone="13800000002",
        duty="现场封堵、围挡",
    )
    _add(client, plans["b"], **{**ROLE, "person": "王西区"})
    _add(client, plans["city"], **{**ROLE, "person": "赵市长", "phone": "12345678"})
    assert list(plans["a"].roles.values_list("position", flat=True)) == [1, 2]
    page = client.get(reverse("emergencies:plan-drills", args=[plans["a"].pk]))
    assert page.content.decode().count('data-testid="plan-role"') == 2

    # when: the incident in district A, then its contacts link
    incident_page = client.get(incident_a.get_absolute_url()).content.decode()
    url = reverse("emergencies:incident-contacts", args=[incident_a.pk])
    assert url in incident_page
    with django_assert_max_num_queries(14):
        response = client.get(url)

    # then: district A's and the city's roles, never district B's
    body = response.content.decode()
    assert response.status_code == 200
    assert "张指挥" in body and "tel:0412-5550001" in body and "李组长" in body
    assert "赵市长" in body and "现场封堵、围挡" in body
    assert "王西区" not in body
    assert body.count('data-testid="contact-role"') == 3
    assert Record.objects.filter(action="emergencies.plan.role_add").count() == 4


def test_bad_roles_are_refused_and_kept(client, duty_officer, plans):
    client.force_login(duty_officer)
    _add(client, plans["a"], **ROLE)
    # the same role twice in one plan
    response = _add(client, plans["a"], **{**ROLE, "person": "另一人"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "已有“总指挥”" in body and "另一人" in body
    # a phone nobody can dial
    response = _add(client, plans["a"], **{**ROLE, "role": "副总指挥", "phone": "电话"})
    assert response.status_code == 400
    assert "联系电话格式不正确" in response.content.decode()
    with pytest.raises(ValidationError, match="职责"):
        preparedness.plan_role_add(
            plan=plans["a"],
            by=duty_officer,
            role="监测组",
            person="某",
            phone="13800000000",
            duty=" ",
        )
    assert PlanRole.objects.count() == 1
    # a change of holder: remove, then add
    entry = PlanRole.objects.get()
    remove = reverse("emergencies:plan-role-remove", args=[entry.pk])
    assert client.post(remove).status_code == 302
    assert _add(client, plans["a"], **{**ROLE, "person": "新指挥"}).status_code == 302
    assert list(PlanRole.objects.values_list("person", flat=True)) == ["新指挥"]
    assert Record.objects.filter(action="emergencies.plan.role_remove").count() == 1


def test_who_must_not_see_or_change_the_roles(
    client,
    duty_officer,
    plans,
    incident_a,
    district_b_officer,
    township_official,
    citizen,
    enterprise_user_a,
):
    entry = preparedness.plan_role_add(plan=plans["a"], by=duty_officer, **ROLE)
    contacts = reverse("emergencies:incident-contacts", args=[incident_a.pk])
    add = reverse("emergencies:plan-role-add", args=[plans["a"].pk])
    remove = reverse("emergencies:plan-role-remove", args=[entry.pk])
    # anonymous: to the log-in
    assert client.get(contacts).status_code == 302
    assert client.post(add, ROLE).status_code == 302
    # another district: neither the incident nor the plan exists for them
    client.force_login(district_b_officer)
    assert client.get(contacts).status_code == 404
    assert client.post(add, {**ROLE, "role": "副总指挥"}).status_code == 404
    assert client.post(remove).status_code == 404
    # staff without emergency roles, the public, an enterprise
    client.force_login(township_official)
    assert client.get(contacts).status_code == 404
    for user in (citizen, enterprise_user_a):
        client.force_login(user)
        assert client.get(contacts).status_code == 403
        assert client.post(add, ROLE).status_code == 403
    assert list(PlanRole.objects.values_list("person", flat=True)) == ["张指挥"]
