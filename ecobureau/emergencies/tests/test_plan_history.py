"""Edit history of a plan's roles and contacts: who changed what, when — from the
record chain, shown on the plan page with each field's old and new value; names and
phones are kept beside the record (`PlanChange`), never in it."""

from __future__ import annotations

from datetime import date

import pytest
from django.test import Client
from django.urls import reverse

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.core.models import Record
from ecobureau.emergencies import preparedness
from ecobureau.emergencies.models import Plan, PlanChange, PlanRole

pytestmark = pytest.mark.django_db

ROLE = {
    "role": "总指挥",
    "person": "张指挥",
    "unit": "铁东区人民政府 副区长",
    "phone": "0412-5550001",
    "duty": "统一领导、指挥本区突发环境事件应对",
}
CHANGE = {
    "person": "钱新任",
    "unit": "铁东区人民政府 副区长",
    "phone": "13800000077",
    "duty": "统一领导、指挥本区突发环境事件应对",
}


@pytest.fixture
def plan_a(duty_officer: User, district_a) -> Plan:
    """District A's government plan with free-text contacts."""
    return preparedness.plan_register(
        by=duty_officer,
        holder_kind="government",
        holder_name="铁东区政府",
        title="铁东区突发环境事件应急预案",
        filed_on=date(2024, 3, 1),
        district=district_a,
        contacts="值班室 0412-5550000",
    )


@pytest.fixture
def role(plan_a: Plan, duty_officer: User) -> PlanRole:
    return preparedness.plan_role_add(plan=plan_a, by=duty_officer, **ROLE)


def test_changes_of_roles_and_contacts_are_shown_with_who_and_when(
    client: Client, duty_officer: User, plan_a: Plan, role: PlanRole
) -> None:
    client.force_login(duty_officer)
    page_url = reverse("emergencies:plan-drills", args=[plan_a.pk])

    # when: the holder and phone of 总指挥 change, then the contacts text
    change = reverse("emergencies:plan-role-change", args=[role.pk])
    form = client.get(change)
    assert form.status_code == 200 and "张指挥" in form.content.decode()
    response = client.post(change, CHANGE)
    assert response.status_code == 302 and response["Location"] == page_url
    response = client.post(
        reverse("emergencies:plan-contacts", args=[plan_a.pk]),
        {"contacts": "值班室 0412-5559999"},
    )
    assert response.status_code == 302

    # then: the rows hold the new values …
    role.refresh_from_db()
    plan_a.refresh_from_db()
    assert (role.person, role.phone) == ("钱新任", "13800000077")
    assert plan_a.contacts == "值班室 0412-5559999"
    # … the record says which fields changed, never the names or phones
    entry = Record.objects.get(action="emergencies.plan.role_change")
    data = records.payload_of(entry)["data"]["after"]
    assert data["name"] == "总指挥" and data["fields"] == ["姓名", "联系电话"]
    for secret in ("钱新任", "张指挥", "13800000077", "0412-5559999"):
        assert secret not in entry.payload
    assert Record.objects.filter(action="emergencies.plan.contacts").count() == 1
    # … and the plan page shows the history with who and what
    body = client.get(page_url).content.decode()
    assert 'data-testid="plan-history"' in body
    assert "登记应急职务“总指挥”" in body
    assert "修改应急职务“总指挥”（姓名、联系电话）" in body
    assert "修改应急组织与联系人（应急组织与联系人）" in body
    assert duty_officer.display_name in body
    assert "钱新任" in body and "tel:13800000077" in body  # the role as it is now


def test_refused_changes_answer_400_and_keep_the_input(
    client: Client, duty_officer: User, plan_a: Plan, role: PlanRole
) -> None:
    client.force_login(duty_officer)
    change = reverse("emergencies:plan-role-change", args=[role.pk])
    response = client.post(change, {**CHANGE, "phone": "打电话找他"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "联系电话格式不正确" in body and "钱新任" in body and "打电话找他" in body
    # nothing changed
    response = client.post(change, {k: v for k, v in ROLE.items() if k != "role"})
    assert response.status_code == 400
    assert "没有修改任何内容" in response.content.decode()
    response = client.post(
        reverse("emergencies:plan-contacts", args=[plan_a.pk]),
        {"contacts": "值班室 0412-5550000"},
    )
    assert response.status_code == 400
    assert "没有修改任何内容" in response.content.decode()
    role.refresh_from_db()
    assert role.person == "张指挥"
    assert not Record.objects.filter(
        action__in=["emergencies.plan.role_change", "emergencies.plan.contacts"]
    ).exists()


def test_who_must_not_change_roles_or_contacts(
    client: Client,
    plan_a: Plan,
    role: PlanRole,
    district_b_officer: User,
    township_official: User,
    citizen: User,
    enterprise_user_a: User,
) -> None:
    change = reverse("emergencies:plan-role-change", args=[role.pk])
    contacts = reverse("emergencies:plan-contacts", args=[plan_a.pk])
    assert client.get(change).status_code == 302  # anonymous: to the log-in
    assert client.post(contacts, {"contacts": "x"}).status_code == 302
    client.force_login(district_b_officer)  # another district: not their plan
    assert client.get(change).status_code == 404
    assert client.post(change, CHANGE).status_code == 404
    assert client.post(contacts, {"contacts": "x"}).status_code == 404
    # staff without emergency roles, the public, an enterprise
    for user in (township_official, citizen, enterprise_user_a):
        client.force_login(user)
        assert client.post(change, CHANGE).status_code == 403
        assert client.post(contacts, {"contacts": "x"}).status_code == 403
    role.refresh_from_db()
    plan_a.refresh_from_db()
    assert role.person == "张指挥" and plan_a.contacts == "值班室 0412-5550000"


def test_history_shows_old_and_new_values_names_and_phones_kept_beside_the_record(
    client: Client, duty_officer: User, plan_a: Plan, role: PlanRole
) -> None:
    # given: 总指挥 changes holder, phone and duty; then the contacts text changes
    preparedness.plan_role_change(
        entry=role, by=duty_officer, **{**CHANGE, "duty": "统一指挥，决定启动响应"}
    )
    preparedness.plan_contacts_change(
        plan=plan_a, by=duty_officer, contacts="值班室 0412-5559999"
    )

    # then: the record entry holds the old and new duty, the fields and a digest …
    entry = Record.objects.get(action="emergencies.plan.role_change")
    data = records.payload_of(entry)["data"]
    assert data["before"] == {
        "role": role.pk,
        "name": "总指挥",
        "duty": ROLE["duty"],
    }
    assert data["after"]["duty"] == "统一指挥，决定启动响应"
    assert data["after"]["fields"] == ["姓名", "联系电话", "职责"]
    # … never a name, a phone or the contact text in clear
    contacts_entry = Record.objects.get(action="emergencies.plan.contacts")
    for secret in ("钱新任", "张指挥", "13800000077", "0412-5550001", "0412-5559999"):
        assert secret not in entry.payload and secret not in contacts_entry.payload
    # the names and phones are kept beside it, bound by the digest
    kept = PlanChange.objects.get(record_seq=entry.seq)
    assert kept.before == {"person": "张指挥", "phone": "0412-5550001"}
    assert kept.after == {"person": "钱新任", "phone": "13800000077"}
    assert data["values_digest"] == kept.digest()
    kept_contacts = PlanChange.objects.get(record_seq=contacts_entry.seq)
    assert kept_contacts.before == {"contacts": "值班室 0412-5550000"}
    assert records.verify() == (Record.objects.count(), None)

    # when: staff who may see the plan open its page
    client.force_login(duty_officer)
    page_url = reverse("emergencies:plan-drills", args=[plan_a.pk])
    body = client.get(page_url).content.decode()
    # then: each field from → to
    assert "姓名：张指挥 → 钱新任" in body
    assert "联系电话：0412-5550001 → 13800000077" in body
    assert f"职责：{ROLE['duty']} → 统一指挥，决定启动响应" in body
    assert "应急组织与联系人：值班室 0412-5550000 → 值班室 0412-5559999" in body
    assert "单位及职务：" not in body  # unchanged fields are not listed
    assert "与记录摘要不符" not in body

    # a kept value edited afterwards no longer matches the record, and says so
    PlanChange.objects.filter(pk=kept.pk).update(before={"person": "别人"})
    assert "与记录摘要不符" in client.get(page_url).content.decode()


def test_old_phones_are_not_shown_to_those_who_may_not_see_the_plan(
    client: Client,
    duty_officer: User,
    plan_a: Plan,
    role: PlanRole,
    district_b_officer: User,
    township_official: User,
    citizen: User,
    enterprise_user_a: User,
) -> None:
    preparedness.plan_role_change(entry=role, by=duty_officer, **CHANGE)
    page_url = reverse("emergencies:plan-drills", args=[plan_a.pk])
    response = client.get(page_url)
    assert response.status_code == 302  # anonymous: to the log-in
    expected = {district_b_officer: 404}
    expected.update({township_official: 403, citizen: 403, enterprise_user_a: 403})
    for user, status in expected.items():
        client.force_login(user)
        response = client.get(page_url)
        assert response.status_code == status
        assert "0412-5550001" not in response.content.decode()
