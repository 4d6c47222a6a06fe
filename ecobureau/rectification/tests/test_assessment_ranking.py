"""The annual ranking (issue 11 item 7; seed 001 附件1 "各地区、市直各有关部门"):
districts and departments ranked as two lists by the unit's kind, and no
circulation (通报) while a unit with items due that year has no assessment."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ecobureau.core.models import Record

from .. import services
from ..models import UnitAssessment
from .conftest import today
from .test_assessment import (
    LAST_YEAR,
    _dept_review,
    _scored_case,
    year_data,  # noqa: F401 — the fixture
)

pytestmark = pytest.mark.django_db


def _reviewed(handler, unit, office_head, **review):
    row = services.assessment_self(by=handler, unit=unit, year=LAST_YEAR)
    _dept_review(office_head, row)
    services.assessment_review(by=office_head, assessment=row, note="同意", **review)
    return row


@pytest.fixture
def forestry_case(office_staff, department_user, forestry_unit):
    """The city's forestry department (kind 其他政府部门) with a scored case."""
    return _scored_case(
        office_staff,
        department_user,
        number="F-1",
        unit=forestry_unit,
        district=None,
        satisfied=False,
    )


@pytest.mark.usefixtures("year_data", "forestry_case")
def test_districts_and_departments_are_ranked_apart(
    client,
    office_head,
    district_a_officer,
    district_b_officer,
    department_user,
    sub_bureau_a,
    sub_bureau_b,
    forestry_unit,
):
    assert services.ranking_of(sub_bureau_a) == "district"
    assert services.ranking_of(forestry_unit) == "department"
    _reviewed(district_a_officer, sub_bureau_a, office_head)
    _reviewed(
        district_b_officer,
        sub_bureau_b,
        office_head,
        failure=UnitAssessment.Failure.EXPOSED,
    )
    _reviewed(department_user, forestry_unit, office_head)
    ranked = services.assessment_circulate(by=office_head, year=LAST_YEAR)
    assert [(r.unit_id, r.ranking, r.rank, r.grade) for r in ranked] == [
        (sub_bureau_a.pk, "district", 1, ""),
        (sub_bureau_b.pk, "district", 2, "不合格"),
        # the department is first of its own list, not third of one list
        (forestry_unit.pk, "department", 1, ""),
    ]
    entry = Record.objects.filter(action="rectification.assessment_circulate")
    assert any('"department"' in e.payload for e in entry)
    client.force_login(office_head)
    page = client.get(
        reverse("rectification:assessments") + f"?year={LAST_YEAR}"
    ).content.decode()
    districts, departments = page.index("地区排名"), page.index("部门排名")
    assert districts < page.index(str(sub_bureau_b)) < departments
    assert departments < page.index(str(forestry_unit))


@pytest.mark.usefixtures("year_data", "forestry_case")
def test_circulation_refused_while_a_unit_with_items_has_no_assessment(
    client,
    office_head,
    district_a_officer,
    department_user,
    sub_bureau_a,
    sub_bureau_b,
    forestry_unit,
):
    _reviewed(district_a_officer, sub_bureau_a, office_head)
    with pytest.raises(ValidationError) as refused:
        services.assessment_circulate(by=office_head, year=LAST_YEAR)
    message = refused.value.messages[0]
    assert "尚无考核结果" in message
    assert str(sub_bureau_b) in message and str(forestry_unit) in message
    assert str(sub_bureau_a) not in message
    # the page: 400, the reason beside the button, nothing circulated
    client.force_login(office_head)
    response = client.post(
        reverse("rectification:assessments"),
        {"year": LAST_YEAR, "circulate": "1"},
    )
    assert response.status_code == 400
    text = response.content.decode()
    assert 'data-testid="circulate-error"' in text and str(forestry_unit) in text
    assert not UnitAssessment.objects.filter(
        stage=UnitAssessment.Stage.CIRCULATED
    ).exists()
    # the circulation button never runs a self-assessment for the office's unit
    assert UnitAssessment.objects.count() == 1
    assert today().year - 1 == LAST_YEAR
