"""B13 (seed 001 五3): a case's supervising department (督导责任单位) is picked
from the registry of units; names typed before the registry are converted by
migration 0009 or kept and flagged until chosen again; the petition ledger
carries it by the registry name."""

from __future__ import annotations

import importlib

import pytest
from django.apps import apps
from django.test import Client
from django.urls import reverse

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.tests.factories import UnitFactory

from .. import ledger, services
from ..models import PetitionCase
from .conftest import make_case
from .test_ledger import _edit

pytestmark = pytest.mark.django_db


def _department(code: str, name: str) -> Unit:
    return UnitFactory(code=code, name=name, kind=Unit.Kind.DEPARTMENT)


@pytest.fixture
def housing(city) -> Unit:
    return _department("dept-zhujian", "鞍山市住建局")


@pytest.fixture
def water(city) -> Unit:
    return _department("dept-shuili", "鞍山市水利局")


@pytest.fixture
def justice(city) -> Unit:
    """A basic body of the city review group (附件2 二(二))."""
    return _department("dept-sifa", "鞍山市司法局")


def _convert() -> None:
    migration = importlib.import_module(
        "ecobureau.rectification.migrations.0009_supervising_department_unit"
    )
    migration.names_to_units(apps, None)


def test_migration_converts_typed_names_to_units_and_keeps_the_others(
    client: Client, office_staff: User, office_head: User, district_a, housing: Unit
) -> None:
    # given: two cases typed before the registry, one under the short name
    matched = make_case(office_staff, district=district_a, number="D-1")
    unmatched = make_case(office_staff, district=district_a, number="D-2")
    PetitionCase.objects.filter(pk=matched.pk).update(
        supervising_department=None, supervising_department_unlisted="市住建局"
    )
    PetitionCase.objects.filter(pk=unmatched.pk).update(
        supervising_department=None, supervising_department_unlisted="市农业农村局"
    )
    _convert()
    matched.refresh_from_db()
    unmatched.refresh_from_db()
    # then: 市住建局 is the city's 鞍山市住建局; the other name is kept
    assert matched.supervising_department == housing
    assert matched.supervising_department_unlisted == ""
    assert unmatched.supervising_department is None
    assert unmatched.supervising_department_name == "市农业农村局"
    client.force_login(office_head)
    page = client.get(unmatched.get_absolute_url()).content.decode()
    assert 'data-testid="unlisted-supervising-department"' in page
    page = client.get(matched.get_absolute_url()).content.decode()
    assert 'data-testid="unlisted-supervising-department"' not in page


def test_the_picker_refuses_a_basic_body_and_chooses_a_unit_again(
    client: Client,
    office_staff: User,
    district_a,
    district_a_leader: User,
    water: Unit,
    justice: Unit,
) -> None:
    case = make_case(office_staff, district=district_a, supervising_department="")
    PetitionCase.objects.filter(pk=case.pk).update(
        supervising_department_unlisted="市农业农村局"
    )
    client.force_login(district_a_leader)
    url = reverse("rectification:case-supervisor", args=[case.pk])
    page = client.get(url).content.decode()
    assert "原登记的“市农业农村局”未在单位名录中" in page
    assert f'value="{water.pk}"' in page and f'value="{justice.pk}"' not in page
    # a basic body is refused with the choice kept (400)
    response = client.post(url, {"department": justice.pk})
    assert response.status_code == 400
    body = response.content.decode()
    assert "鞍山市司法局是复核工作组的基本组成单位" in body
    assert f'value="{justice.pk}" selected' in body
    assert client.post(url, {"department": ""}).status_code == 400
    # a department of the registry replaces the typed name
    assert client.post(url, {"department": water.pk}).status_code == 302
    case.refresh_from_db()
    assert case.supervising_department == water
    assert case.supervising_department_unlisted == ""
    # the review group then refuses it as already a member
    assert services.review_department_refusals(case, [water]) == {
        water.pk: "鞍山市水利局是本案督导责任单位，已在复核工作组中，无需重复添加。"
    }


def test_ledger_round_trip_by_registry_name(
    office_staff: User, district_a, housing: Unit, water: Unit
) -> None:
    case = make_case(office_staff, district=district_a)
    assert case.supervising_department == housing
    content = ledger.case_export(office_staff)
    ledger.case_import(by=office_staff, content=content)
    case.refresh_from_db()
    assert case.supervising_department == housing
    # the short name read with the city's name as 市
    edited = _edit(content, "信访案件", {(2, "督导责任单位"): "市水利局"})
    ledger.case_import(by=office_staff, content=edited)
    case.refresh_from_db()
    assert case.supervising_department == water


def test_ledger_refuses_an_unknown_name_unless_it_is_the_stored_one(
    office_staff: User, district_a, housing: Unit, justice: Unit
) -> None:
    case = make_case(office_staff, district=district_a)
    content = ledger.case_export(office_staff)
    for name, reason in (
        ("市农业农村局", "督导责任单位“市农业农村局”不在单位名录中"),
        ("市司法局", "鞍山市司法局是复核工作组的基本组成单位"),
    ):
        edited = _edit(content, "信访案件", {(2, "督导责任单位"): name})
        with pytest.raises(ledger.LedgerError) as error:
            ledger.case_import(by=office_staff, content=edited)
        (row,) = error.value.rows
        assert row.startswith("“信访案件”第2行：") and reason in row
        case.refresh_from_db()
        assert case.supervising_department == housing
    # a name kept from before the registry comes back unchanged
    PetitionCase.objects.filter(pk=case.pk).update(
        supervising_department=None, supervising_department_unlisted="市农业农村局"
    )
    content = ledger.case_export(office_staff)
    ledger.case_import(by=office_staff, content=content)
    case.refresh_from_db()
    assert case.supervising_department is None
    assert case.supervising_department_unlisted == "市农业农村局"


def test_an_empty_registry_says_where_departments_are_added(
    client: Client,
    office_staff: User,
    district_a,
    district_a_leader: User,
    district_b_officer: User,
) -> None:
    # given: a fresh database, no department in the registry of units
    case = make_case(office_staff, district=district_a, supervising_department="")
    url = reverse("rectification:case-supervisor", args=[case.pk])
    client.force_login(district_a_leader)

    # when: the accepting district opens the supervisor page
    page = client.get(url).content.decode()

    # then: a notice saying where the administrator adds them, no empty select
    assert 'data-testid="no-departments"' in page
    assert "单位名录中还没有市级行业主管部门" in page
    assert "无法选择督导责任单位" in page
    assert reverse("admin:accounts_unit_changelist") in page
    assert "manage.py load_reference" in page
    assert 'name="department"' not in page
    # a submission changes nothing
    assert client.post(url, {"department": ""}).status_code == 400
    case.refresh_from_db()
    assert case.supervising_department is None
    # the case entry form says the same beside its empty list
    client.force_login(office_staff)
    page = client.get(reverse("rectification:case-new")).content.decode()
    assert "单位名录中没有可选择的市级行业主管部门" in page
    # another district still does not reach the page
    client.force_login(district_b_officer)
    assert client.get(url).status_code in (403, 404)


def test_a_registry_of_basic_bodies_only_offers_nothing_and_says_so(
    client: Client, office_staff: User, district_a, district_a_leader: User, justice
) -> None:
    case = make_case(office_staff, district=district_a, supervising_department="")
    client.force_login(district_a_leader)

    page = client.get(
        reverse("rectification:case-supervisor", args=[case.pk])
    ).content.decode()

    assert "均为市级复核工作组基本组成单位，不能作为督导责任单位" in page
    assert 'name="department"' not in page


def test_a_registry_with_departments_shows_the_list_without_the_notice(
    client: Client, office_staff: User, district_a, district_a_leader: User, water
) -> None:
    case = make_case(office_staff, district=district_a, supervising_department="")
    client.force_login(district_a_leader)

    page = client.get(
        reverse("rectification:case-supervisor", args=[case.pk])
    ).content.decode()

    assert 'data-testid="no-departments"' not in page
    assert f'value="{water.pk}"' in page
