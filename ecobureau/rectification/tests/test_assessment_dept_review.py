"""B20 (seed 001 附件1 考核工作组织实施及方式): self-assessment → the industry
departments' review (部门复核: who reviewed, their opinion) → the city review →
circulation; the previous year finished in the first quarter, flagged when not."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.core.models import Record

from .. import services
from ..models import UnitAssessment
from .conftest import today
from .test_assessment import (
    LAST_YEAR,
    year_data,  # noqa: F401 — the fixture
)

pytestmark = pytest.mark.django_db


@pytest.mark.usefixtures("year_data")
def test_departments_review_between_self_and_city_review(
    office_head, district_a_officer, sub_bureau_a
):
    a = services.assessment_self(
        by=district_a_officer, unit=sub_bureau_a, year=LAST_YEAR
    )
    with pytest.raises(PermissionDenied):
        services.assessment_dept_review(
            by=district_a_officer,
            assessment=a,
            reviewers="市住建局",
            note="同意",
            reviewed_on=today(),
        )
    with pytest.raises(ValidationError, match="行业主管部门及人员"):
        services.assessment_dept_review(
            by=office_head,
            assessment=a,
            reviewers=" ",
            note="同意",
            reviewed_on=today(),
        )
    with pytest.raises(ValidationError, match="考核年度结束后"):
        services.assessment_dept_review(
            by=office_head,
            assessment=a,
            reviewers="市住建局",
            note="同意",
            reviewed_on=date(LAST_YEAR, 12, 1),
        )
    services.assessment_dept_review(
        by=office_head,
        assessment=a,
        reviewers="市住建局 王某、市自然资源局 赵某",
        note="案件评分依据齐全",
        reviewed_on=today(),
    )
    a.refresh_from_db()
    assert a.stage == UnitAssessment.Stage.DEPT_REVIEWED
    assert a.get_stage_display() == "部门复核"
    entry = Record.objects.get(action="rectification.assessment_dept_review")
    assert "市自然资源局 赵某" in entry.payload
    # not yet circulated: the department review is not the city review
    with pytest.raises(ValidationError, match="尚未完成市级复核"):
        services.assessment_circulate(by=office_head, year=LAST_YEAR)
    services.assessment_review(by=office_head, assessment=a, note="同意")
    with pytest.raises(ValidationError, match="已完成市级复核"):
        services.assessment_dept_review(
            by=office_head,
            assessment=a,
            reviewers="市住建局",
            note="再",
            reviewed_on=today(),
        )


@pytest.mark.usefixtures("year_data")
def test_first_quarter_deadline_flag(
    client,
    office_head,
    district_a_officer,
    sub_bureau_a,
    district_b_officer,
    sub_bureau_b,
):
    year = LAST_YEAR
    assert services.circulation_due_on(year) == date(year + 1, 3, 31)
    assert not services.circulation_overdue(year, today=date(year + 1, 3, 31))
    assert services.circulation_overdue(year, today=date(year + 1, 4, 1))  # none yet
    a = services.assessment_self(by=district_a_officer, unit=sub_bureau_a, year=year)
    assert services.circulation_overdue(year, today=date(year + 1, 4, 1))
    services.assessment_dept_review(
        by=office_head,
        assessment=a,
        reviewers="市住建局",
        note="同意",
        reviewed_on=today(),
    )
    services.assessment_review(by=office_head, assessment=a, note="同意")
    # the other district, with a scored case of the year, is assessed too
    b = services.assessment_self(by=district_b_officer, unit=sub_bureau_b, year=year)
    services.assessment_dept_review(
        by=office_head, assessment=b, reviewers="市住建局", note="同意",
        reviewed_on=today(),
    )  # fmt: skip
    services.assessment_review(by=office_head, assessment=b, note="同意")
    services.assessment_circulate(by=office_head, year=year)
    assert not services.circulation_overdue(year, today=date(year + 1, 4, 1))
    # the page flags an older year never circulated
    client.force_login(office_head)
    old = year - 1
    page = client.get(reverse("rectification:assessments") + f"?year={old}")
    assert 'data-testid="overdue"' in page.content.decode()
    page = client.get(reverse("rectification:assessments") + f"?year={year}")
    assert 'data-testid="overdue"' not in page.content.decode()
