"""The assessment and oversight pages through their URLs: the unit's
self-assessment, the city's review and 约谈 form keeping what was typed, the
exports, and the people who must not see (another district, an enterprise,
the public)."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from .. import services
from ..models import UnitAssessment
from .conftest import today
from .test_assessment import (
    LAST_YEAR,
    year_data,  # noqa: F401 — the fixture
)


@pytest.mark.usefixtures("year_data")
def test_unit_self_assesses_and_city_reviews_through_the_pages(
    client,
    district_a_officer,
    office_head,
    sub_bureau_a,
):
    client.force_login(district_a_officer)
    url = reverse("rectification:assessments")
    response = client.post(url, {"year": LAST_YEAR, "note": "本单位自评"}, follow=True)
    assert "已完成自评" in response.content.decode()
    assessment = services.assessment_compute(unit=sub_bureau_a, year=LAST_YEAR)
    assert float(assessment.score) == 87.5
    client.force_login(office_head)
    page = client.get(f"{url}?year={LAST_YEAR}").content.decode()
    assert "87.50" in page
    row = UnitAssessment.objects.get(unit=sub_bureau_a, year=LAST_YEAR)
    detail = reverse("rectification:assessment-detail", args=[row.pk])
    # B20: the industry departments' review first (refused without its opinion).
    response = client.post(
        detail,
        {
            "dept_review": "1",
            "reviewers": "市住建局 王某",
            "note": "",
            "reviewed_on": "",
        },
    )
    assert response.status_code == 400 and "市住建局 王某" in response.content.decode()
    response = client.post(
        detail,
        {
            "dept_review": "1",
            "reviewers": "市住建局 王某",
            "note": "数据核实无误",
            "reviewed_on": today().isoformat(),
        },
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert row.stage == "dept_reviewed" and row.dept_reviewers == "市住建局 王某"
    assert "数据核实无误" in client.get(detail).content.decode()
    # A review without its opinion: the form says so and keeps the choice.
    response = client.post(detail, {"review": "1", "failure": "exposed", "note": ""})
    text = response.content.decode()
    assert response.status_code == 400
    assert "这个字段是必填项" in text or "This field is required" in text
    assert 'value="exposed" selected' in text
    client.post(detail, {"review": "1", "failure": "", "note": "复核无误"})
    row.refresh_from_db()
    assert row.stage == "reviewed"
    book = load_workbook(
        io.BytesIO(
            client.get(
                reverse("rectification:assessment-export", args=[LAST_YEAR])
            ).content
        )
    )
    assert book["考核结果"]["A3"].value == str(sub_bureau_a)
    pdf = client.get(reverse("rectification:assessment-pdf", args=[row.pk]))
    assert pdf.content.startswith(b"%PDF")


@pytest.mark.usefixtures("year_data")
def test_outsiders_see_no_assessment(
    client,
    district_a_officer,
    district_b_officer,
    enterprise_user_a,
    citizen,
    sub_bureau_a,
):
    row = services.assessment_self(
        by=district_a_officer, unit=sub_bureau_a, year=LAST_YEAR
    )
    detail = reverse("rectification:assessment-detail", args=[row.pk])
    client.force_login(district_b_officer)
    assert client.get(detail).status_code == 404
    page = client.get(
        reverse("rectification:assessments") + f"?year={LAST_YEAR}"
    ).content.decode()
    assert str(sub_bureau_a) not in page
    book = load_workbook(
        io.BytesIO(
            client.get(
                reverse("rectification:assessment-export", args=[LAST_YEAR])
            ).content
        )
    )
    assert book["考核结果"].max_row == 2  # title and headings only
    for outsider in (enterprise_user_a, citizen):
        client.force_login(outsider)
        assert client.get(detail).status_code in (403, 404)
        assert client.get(reverse("rectification:oversight")).status_code == 403
    client.logout()
    assert client.get(detail).status_code in (302, 403)


def test_oversight_page_lists_the_regulations(client, office_staff):
    client.force_login(office_staff)
    text = client.get(reverse("rectification:oversight")).content.decode()
    assert "辽环督改办〔2018〕150号" in text and "辽环督改办发〔2019〕50号" in text
