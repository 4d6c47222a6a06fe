import pytest
from django.urls import reverse

from ecobureau.accounts.models import User
from ecobureau.core.models import Record

pytestmark = pytest.mark.django_db


def test_an_administrator_changes_roles_and_scope_and_it_is_recorded(
    client, city_leader, district_a_officer, district_b
) -> None:
    client.force_login(city_leader)
    url = reverse("accounts:user-edit", args=[district_a_officer.pk])
    from ecobureau.accounts.tests.factories import role

    response = client.post(
        url,
        {
            "unit": district_a_officer.unit_id,
            "roles": [role("sub_bureau_head").pk],
            "scope": "division",
            "scope_division": district_b.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 302
    district_a_officer.refresh_from_db()
    assert district_a_officer.scope_division == district_b
    assert list(district_a_officer.roles.values_list("code", flat=True)) == [
        "sub_bureau_head"
    ]
    entry = Record.objects.get(action="user.access")
    assert entry.actor_id == city_leader.pk and '"scope_division":' in entry.payload


def test_division_scope_needs_a_division(
    client, city_leader, district_a_officer
) -> None:
    client.force_login(city_leader)
    response = client.post(
        reverse("accounts:user-edit", args=[district_a_officer.pk]),
        {"scope": "division", "is_active": "on"},
    )
    assert response.status_code == 400 and "必须选择辖区" in response.content.decode()


def test_only_user_administrators_reach_the_pages(client, district_a_leader) -> None:
    client.force_login(district_a_leader)
    assert client.get(reverse("accounts:user-list")).status_code == 403


def test_a_new_staff_account_gets_a_one_time_password(
    client, city_leader, sub_bureau_a
) -> None:
    client.force_login(city_leader)
    response = client.post(
        reverse("accounts:user-create"),
        {
            "username": "newbie",
            "full_name": "新同事",
            "kind": "staff",
            "unit": sub_bureau_a.pk,
            "scope": "own",
            "is_active": "on",
        },
        follow=True,
    )
    assert "初始密码" in response.content.decode()
    assert User.objects.get(username="newbie").must_change_password
