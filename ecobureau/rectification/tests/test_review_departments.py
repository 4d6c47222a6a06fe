"""B30 (seed 001 附件2 二(二)): industry departments added to the city review
group as the case needs, beyond the supervising one, ticked from the registry of
units; each signs every part assigned to 行业主管部门 (二(三)1–3, 5) under the
unit's name before the review passes."""

from __future__ import annotations

import importlib
import io
import re
from datetime import timedelta

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.tests.factories import UnitFactory
from ecobureau.core import records
from ecobureau.core.models import Record

from .. import ledger, services, standards
from ..models import PetitionCase
from .conftest import ALL_BODIES, make_case
from .test_review_rules import _applied, _reviewing

pytestmark = pytest.mark.django_db


def _department(code: str, name: str, order: int) -> Unit:
    return UnitFactory(
        code=code, name=name, kind=Unit.Kind.DEPARTMENT, sort_order=order
    )


@pytest.fixture
def natural(city) -> Unit:
    return _department("dept-ziran", "鞍山市自然资源局", 1)


@pytest.fixture
def water(city) -> Unit:
    return _department("dept-shuili", "鞍山市水利局", 2)


@pytest.fixture
def justice(city) -> Unit:
    """A basic body of the review group, registered under the city's full name."""
    return _department("dept-sifa", "鞍山市司法局", 3)


@pytest.fixture
def housing(city) -> Unit:
    """The registry's unit for make_case's supervising department (市住建局)."""
    return _department("dept-zhujian", "鞍山市住建局", 4)


def _pass(case: PetitionCase, by: User) -> None:
    services.petition_transition(
        by=by,
        case=case,
        transition="pass_review",
        changes={"reviewed_on": case.received_on + timedelta(days=20)},
    )


def _sign(case: PetitionCase, by: User, bodies: str, parts: tuple[str, ...]) -> None:
    for part in parts:
        services.review_sign(
            by=by,
            case=case,
            part=part,
            bodies=bodies,
            signer="某",
            agreed=True,
            opinion="同意",
        )


def _shown(html: str, testid: str) -> str:
    """The text of the page element with this data-testid, tags removed."""
    match = re.search(rf'data-testid="{testid}">(.*?)</dd>', html, re.S)
    assert match, testid
    return re.sub(r"<[^>]+>", "", match.group(1))


def _ticked(html: str) -> set[str]:
    """The values of the ticked checkboxes of the page."""
    return set(
        re.findall(
            r'<input type="checkbox" name="departments" value="(\d+)"[^>]*checked', html
        )
    )


INDUSTRY_PARTS = ("rectification", "penalty", "satisfaction")


def test_two_departments_picked_on_the_page_each_sign_their_parts(
    client: Client,
    office_staff: User,
    district_a_officer: User,
    district_a_leader: User,
    office_head: User,
    district_a,
    natural: Unit,
    water: Unit,
) -> None:
    # given: a case supervised by 市住建局; two departments ticked on the page
    case = _applied(office_staff, district_a_officer, district_a)
    url = reverse("rectification:case-review-departments", args=[case.pk])
    client.force_login(office_head)
    page = client.get(url).content.decode()
    assert "鞍山市自然资源局" in page and "鞍山市水利局" in page
    response = client.post(url, {"departments": [natural.pk, water.pk]})
    assert response.status_code == 302
    assert set(case.review_departments.all()) == {natural, water}
    detail = client.get(case.get_absolute_url()).content.decode()
    assert _shown(detail, "review-departments").startswith(
        "鞍山市自然资源局、鞍山市水利局 "
    )
    assert "登记复核工作组行业主管部门" in detail  # the history, in words
    _reviewing(case, district_a_leader, office_head)
    # when: every part is signed by the basic bodies and the supervising one only
    _sign(case, office_head, ALL_BODIES, tuple(services.required_parts(case)))
    # then: the industry parts lack the two added departments, the others do not
    with pytest.raises(ValidationError) as refused:
        _pass(case, office_head)
    message = refused.value.messages[0]
    for label in ("群众举报问题整改情况", "行政处罚情况", "群众满意情况"):
        assert f"{label}（缺鞍山市自然资源局、鞍山市水利局）" in message
    assert "责任追究情况" not in message
    # a name typed differently from the registry's is not the unit
    _sign(case, office_head, "市自然资源局、市水利局", INDUSTRY_PARTS)
    with pytest.raises(ValidationError, match="缺鞍山市自然资源局、鞍山市水利局"):
        _pass(case, office_head)
    # one of them signs under its registry name: still missing the other
    _sign(case, office_head, "鞍山市自然资源局", INDUSTRY_PARTS)
    with pytest.raises(ValidationError, match="缺鞍山市水利局"):
        _pass(case, office_head)
    _sign(case, office_head, "鞍山市水利局", INDUSTRY_PARTS)
    _pass(case, office_head)
    case.refresh_from_db()
    assert case.status == "reviewed"
    # the lists are recorded, names and unit ids, and cannot change once passed
    entry = Record.objects.get(action="rectification.case_review_departments")
    assert records.payload_of(entry)["data"]["after"] == {
        "departments": ["鞍山市自然资源局", "鞍山市水利局"],
        "units": [natural.pk, water.pk],
        "unlisted": [],
    }
    with pytest.raises(ValidationError, match="复核通过后"):
        services.petition_review_departments(
            by=office_head, case=case, departments=[natural]
        )


def test_the_untrue_part_needs_them_too() -> None:
    missing = standards.bodies_missing(
        "untrue",
        {"市生态环境局", "市住建局"},
        industry="市住建局",
        industries=standards.industry_departments(
            "市住建局", ("市住建局", "鞍山市水利局")
        ),
    )
    assert missing == ["鞍山市水利局"]
    # without added departments the rule is the supervising one's, as before
    assert standards.bodies_missing(
        "untrue", {"市生态环境局", "市住建局"}, industry="市住建局"
    ) == ([])
    assert standards.bodies_missing("untrue", {"市生态环境局"}, industry="") == []


def test_basic_bodies_are_recognised_under_registry_names() -> None:
    for name in ("市司法局", "鞍山市司法局", "市环保部门", "鞍山市纪委监委机关"):
        assert standards.basic_body(name, "鞍山市"), name
    for name in (
        "市住建局",
        "鞍山市水利局",
        "盘锦市司法局",
        "鞍山市生态环境局铁东分局",
    ):
        assert not standards.basic_body(name, "鞍山市"), name


def test_a_basic_body_or_the_supervising_department_is_refused_with_the_choice_kept(
    client: Client,
    office_staff: User,
    office_head: User,
    district_a,
    water: Unit,
    justice: Unit,
    housing: Unit,
) -> None:
    case = make_case(office_staff, district=district_a)  # supervised by 市住建局
    url = reverse("rectification:case-review-departments", args=[case.pk])
    client.force_login(office_head)
    # the list offers the departments, not the basic bodies nor the supervisor
    page = client.get(url).content.decode()
    assert "鞍山市水利局" in page
    assert "鞍山市司法局" not in page and "鞍山市住建局" not in page
    # a basic body submitted all the same: 400, the reason, both still ticked
    response = client.post(url, {"departments": [water.pk, justice.pk]})
    assert response.status_code == 400
    body = response.content.decode()
    assert "鞍山市司法局是复核工作组的基本组成单位（市司法局）" in body
    assert _ticked(body) == {str(water.pk), str(justice.pk)}
    # the supervising department, registered under the city's full name
    response = client.post(url, {"departments": [housing.pk]})
    assert response.status_code == 400
    body = response.content.decode()
    assert "鞍山市住建局是本案督导责任单位" in body
    assert _ticked(body) == {str(housing.pk)}
    assert not case.review_departments.exists()
    assert not Record.objects.filter(
        action="rectification.case_review_departments"
    ).exists()
    # a unit that is no department, and an unchanged list, refused by the service
    office = Unit.objects.create(code="office-x", name="鞍山市某科", kind="section")
    with pytest.raises(ValidationError, match="不是单位名录中启用的行业主管部门"):
        services.petition_review_departments(
            by=office_head, case=case, departments=[office]
        )
    with pytest.raises(ValidationError, match="没有变化"):
        services.petition_review_departments(by=office_head, case=case, departments=[])


def test_a_typed_name_found_in_no_unit_is_flagged_until_chosen_again(
    client: Client,
    office_staff: User,
    office_head: User,
    district_a,
    water: Unit,
) -> None:
    # given: a case whose list was typed before the registry (migration 0008)
    case = make_case(office_staff, district=district_a)
    PetitionCase.objects.filter(pk=case.pk).update(
        review_departments_unlisted="鞍山市水利局、市农业农村局"
    )
    migration = importlib.import_module(
        "ecobureau.rectification.migrations.0008_review_departments_units"
    )
    migration.names_to_units(apps, None)
    case.refresh_from_db()
    assert list(case.review_departments.all()) == [water]
    assert case.review_departments_unlisted == "市农业农村局"
    # the unmatched name still signs, and the case page flags it
    assert services.review_department_names(case) == ("鞍山市水利局", "市农业农村局")
    client.force_login(office_head)
    detail = client.get(case.get_absolute_url()).content.decode()
    assert _shown(detail, "review-departments").startswith(
        "鞍山市水利局、市农业农村局（未在单位名录中，请重新选择） "
    )
    url = reverse("rectification:case-review-departments", args=[case.pk])
    page = client.get(url).content.decode()
    assert "原登记的以下部门未在单位名录中，请重新选择：市农业农村局" in page
    assert _ticked(page) == {str(water.pk)}
    # when: the list is saved from the registry, the typed name is replaced
    assert client.post(url, {"departments": [water.pk]}).status_code == 302
    case.refresh_from_db()
    assert case.review_departments_unlisted == ""
    entry = Record.objects.get(action="rectification.case_review_departments")
    assert records.payload_of(entry)["data"]["before"] == {
        "departments": ["鞍山市水利局", "市农业农村局"],
        "units": [water.pk],
        "unlisted": ["市农业农村局"],
    }
    page = client.get(case.get_absolute_url()).content.decode()
    assert 'data-testid="unlisted-department"' not in page


def test_an_empty_registry_says_where_departments_are_added(
    client: Client, office_staff: User, office_head: User, district_a
) -> None:
    case = make_case(office_staff, district=district_a)
    client.force_login(office_head)
    url = reverse("rectification:case-review-departments", args=[case.pk])
    page = client.get(url).content.decode()
    assert "单位名录中还没有市级行业主管部门" in page
    assert reverse("admin:accounts_unit_changelist") in page
    assert "manage.py load_reference" in page


def test_the_page_scope(
    client: Client,
    office_staff: User,
    district_a_officer: User,
    district_b_officer: User,
    district_a,
    water: Unit,
) -> None:
    case = make_case(office_staff, district=district_a)
    url = reverse("rectification:case-review-departments", args=[case.pk])
    # another district's officer and the district's handler may not list them
    for user in (district_b_officer, district_a_officer):
        client.force_login(user)
        assert client.get(url).status_code == 403
        assert client.post(url, {"departments": [water.pk]}).status_code == 403
    assert not case.review_departments.exists()
    # the handler sees the case without the link; the other district not at all
    assert url not in client.get(case.get_absolute_url()).content.decode()
    client.force_login(district_b_officer)
    assert client.get(case.get_absolute_url()).status_code == 404


def _ledger_with(content: bytes, value: str) -> bytes:
    """The exported petition ledger with the first case's 复核增加的行业主管部门."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(content))
    sheet = workbook["信访案件"]
    column = [c.value for c in sheet[1]].index("复核增加的行业主管部门") + 1
    sheet.cell(row=2, column=column, value=value)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_the_ledger_carries_the_added_departments_by_registry_name(
    office_staff: User, district_a, natural: Unit, water: Unit, justice: Unit
) -> None:
    # given: a case supervised by 市住建局, no department added yet
    case = make_case(office_staff, district=district_a)
    exported = ledger.case_export(office_staff)
    # when: the ledger names two departments, one short (市水利局 = 鞍山市水利局)
    ledger.case_import(
        by=office_staff, content=_ledger_with(exported, "鞍山市自然资源局、市水利局")
    )
    # then: both are the registry's units, recorded, and exported back
    assert set(case.review_departments.all()) == {natural, water}
    entry = Record.objects.get(action="rectification.case_review_departments")
    assert records.payload_of(entry)["data"]["after"]["units"] == [natural.pk, water.pk]
    again = ledger.case_export(office_staff)
    assert "鞍山市自然资源局、鞍山市水利局" in _cells(again)
    # re-importing the same file changes nothing and records nothing new
    ledger.case_import(by=office_staff, content=again)
    assert (
        Record.objects.filter(action="rectification.case_review_departments").count()
        == 1
    )


def test_the_ledger_refuses_unknown_names_and_basic_bodies_writing_nothing(
    office_staff: User, district_a, natural: Unit, justice: Unit
) -> None:
    case = make_case(office_staff, district=district_a)
    exported = ledger.case_export(office_staff)
    bad = _ledger_with(exported, "市自然资源局、市城管局、鞍山市司法局、市住建局")
    with pytest.raises(ledger.LedgerError) as refused:
        ledger.case_import(by=office_staff, content=bad)
    (row,) = refused.value.rows
    assert row.startswith("“信访案件”第2行：")
    assert "行业主管部门“市城管局”不在单位名录中" in row
    assert "鞍山市司法局是复核工作组的基本组成单位" in row
    assert "市住建局" in row  # not in the registry here; the supervisor anyway
    assert not case.review_departments.exists()
    # a file without the column keeps the stored list
    services.petition_review_departments(
        by=office_staff, case=case, departments=[natural]
    )
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(exported))
    sheet = workbook["信访案件"]
    sheet.delete_cols([c.value for c in sheet[1]].index("复核增加的行业主管部门") + 1)
    out = io.BytesIO()
    workbook.save(out)
    ledger.case_import(by=office_staff, content=out.getvalue())
    assert list(case.review_departments.all()) == [natural]


def test_the_ledger_keeps_a_name_typed_before_the_registry(
    office_staff: User, district_a, natural: Unit
) -> None:
    # given: a case carrying a name migration 0008 found in no unit
    case = make_case(office_staff, district=district_a)
    PetitionCase.objects.filter(pk=case.pk).update(
        review_departments_unlisted="市林草局"
    )
    exported = ledger.case_export(office_staff)
    assert "市林草局" in _cells(exported)
    # when: exported and imported back with a registry department added
    ledger.case_import(
        by=office_staff, content=_ledger_with(exported, "市林草局、鞍山市自然资源局")
    )
    # then: the old name is kept beside the unit, not refused
    case.refresh_from_db()
    assert case.review_departments_unlisted == "市林草局"
    assert list(case.review_departments.all()) == [natural]


def _cells(content: bytes) -> set[str]:
    from openpyxl import load_workbook

    sheet = load_workbook(io.BytesIO(content))["信访案件"]
    return {str(c.value) for row in sheet.iter_rows() for c in row if c.value}
