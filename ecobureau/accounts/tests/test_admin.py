import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from ecobureau.accounts import services
from ecobureau.accounts.models import ReferenceLoad, Unit, UnitLeader, User
from ecobureau.accounts.tests.factories import UserFactory
from ecobureau.core.models import Division, Record

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client: Client) -> Client:
    """A superuser in the Django admin."""
    user = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    "model",
    ["division", "unit", "role", "user", "loginevent", "referenceload"],
)
def test_admin_lists_open(admin_client: Client, model: str) -> None:
    app = "core" if model == "division" else "accounts"
    response = admin_client.get(reverse(f"admin:{app}_{model}_changelist"))
    assert response.status_code == 200


def test_unit_page_edits_duties_and_leaders_inline(admin_client: Client) -> None:
    # given
    call_command("load_reference", verbosity=0)
    unit = Unit.objects.get(code="dept-fagai")
    url = reverse("admin:accounts_unit_change", args=[unit.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    duties = list(unit.duties.all())
    form = {
        "name": unit.name,
        "short_name": "",
        "kind": unit.kind,
        "code": unit.code,
        "document_prefix": "",
        "is_active": "on",
        "sort_order": unit.sort_order,
        "duties-TOTAL_FORMS": len(duties),
        "duties-INITIAL_FORMS": len(duties),
        "leaders-TOTAL_FORMS": 1,
        "leaders-INITIAL_FORMS": 0,
        "leaders-0-kind": UnitLeader.Kind.PRINCIPAL,
        "leaders-0-name": "张主任",
        "leaders-0-title": "主任",
    }
    for index, duty in enumerate(duties):
        form |= {
            f"duties-{index}-id": duty.pk,
            f"duties-{index}-unit": unit.pk,
            f"duties-{index}-sort_order": duty.sort_order,
            f"duties-{index}-text": duty.text,
            f"duties-{index}-source": duty.source,
        }
    form["duties-0-DELETE"] = "on"

    # when
    response = admin_client.post(url, form)

    # then
    assert response.status_code == 302
    assert unit.duties.count() == len(duties) - 1
    assert unit.leaders.get().name == "张主任"


def test_access_changed_in_admin_is_recorded(
    admin_client: Client, district_a: Division
) -> None:
    # given
    user = services.user_create(
        username="officer",
        password=None,
        kind=User.Kind.STAFF,
        full_name="李科员",
        by=None,
    )
    url = reverse("admin:accounts_user_change", args=[user.pk])
    form = {
        "username": "officer",
        "kind": User.Kind.STAFF,
        "full_name": "李科员",
        "scope": User.Scope.DIVISION,
        "scope_division": district_a.pk,
        "is_active": "on",
        "date_joined_0": "2026-11-22",
        "date_joined_1": "09:00:00",
    }

    # when
    response = admin_client.post(url, form)

    # then
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.scope_division == district_a
    entry = Record.objects.get(action="user.access", target_id=str(user.pk))
    assert '"scope":"division"' in entry.payload


def test_public_account_cannot_get_a_wider_scope_in_admin(
    admin_client: Client, district_a: Division
) -> None:
    citizen = services.user_create(
        username="13800000009",
        password=None,
        kind=User.Kind.CITIZEN,
        full_name="",
        by=None,
    )
    url = reverse("admin:accounts_user_change", args=[citizen.pk])
    response = admin_client.post(
        url,
        {
            "username": citizen.username,
            "kind": User.Kind.CITIZEN,
            "scope": User.Scope.DIVISION,
            "scope_division": district_a.pk,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    citizen.refresh_from_db()
    assert citizen.scope == User.Scope.OWN


def test_reference_loads_are_read_only(admin_client: Client) -> None:
    call_command("load_reference", verbosity=0)
    load = ReferenceLoad.objects.first()
    assert load is not None
    add_url = reverse("admin:accounts_referenceload_add")
    assert admin_client.get(add_url).status_code == 403
    page = admin_client.get(
        reverse("admin:accounts_referenceload_change", args=[load.pk])
    )
    assert page.status_code == 200
    assert b'name="dataset"' not in page.content
