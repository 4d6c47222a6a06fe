"""A new pollution source reported from a cell gets an enterprise file (seed 002
四(三)2(2), C9): the handler opens it in the registry and links it to the report;
the supervision file and class follow at once."""

from __future__ import annotations

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.core.models import Record
from ecobureau.enterprises.tests.factories import EnterpriseFactory, make_credit_code
from ecobureau.grid import services
from ecobureau.grid.models import EnterpriseSupervision, Problem

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-11-23 10:00 +0800", tick=False):
        yield


@pytest.fixture
def report(cells, grid_officer):
    return services.problem_report(
        data=services.ProblemData(
            cell=cells["210302001"],
            category=Problem.Category.NEW_SOURCE,
            description="胜利路东侧新开一家喷漆作坊，无任何废气处理设施",
            place="站前街道胜利路东侧",
            stopped=False,
        ),
        by=grid_officer,
    )


@pytest.fixture
def workshop(district_a, township_a1, sub_bureau_a):
    return EnterpriseFactory(
        credit_code=make_credit_code(900),
        name="鞍山市站前新开喷漆作坊",
        district=district_a,
        township=township_a1,
        supervising_unit=sub_bureau_a,
        size="micro",
        key_source="",
    )


def test_linking_opens_the_supervision_file(report, workshop, district_a_leader):
    assert not EnterpriseSupervision.objects.filter(enterprise=workshop).exists()
    services.problem_link_enterprise(
        problem=report, credit_code=workshop.credit_code.lower(), by=district_a_leader
    )
    report.refresh_from_db()
    assert report.enterprise == workshop
    row = EnterpriseSupervision.objects.get(enterprise=workshop)
    assert row.klass in {"A", "B", "C"} and row.next_due_on is not None
    entry = Record.objects.get(action="grid.problem_link_enterprise")
    assert '"new_source": true' in entry.payload.replace('":true', '": true')


def test_an_unknown_code_says_to_open_the_file_first(report, district_a_leader):
    with pytest.raises(ValidationError, match="请先在企业档案中新建"):
        services.problem_link_enterprise(
            problem=report, credit_code=make_credit_code(901), by=district_a_leader
        )
    report.refresh_from_db()
    assert report.enterprise is None


def test_the_grid_officer_and_the_other_district_cannot_link(
    report, workshop, grid_officer, district_b_officer
):
    for person in (grid_officer, district_b_officer):
        with pytest.raises(PermissionDenied):
            services.problem_link_enterprise(
                problem=report, credit_code=workshop.credit_code, by=person
            )


def test_the_problem_page_offers_and_links_the_file(
    client, report, workshop, district_a_leader
):
    client.force_login(district_a_leader)
    url = reverse("grid:problem-detail", args=[report.pk])
    assert "新污染源建档" in client.get(url).content.decode()
    response = client.post(
        url, {"form": "enterprise", "credit_code": workshop.credit_code}
    )
    assert response.status_code == 302
    body = client.get(url).content.decode()
    assert "鞍山市站前新开喷漆作坊" in body and "新污染源建档" not in body
