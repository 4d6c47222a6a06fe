"""B30 (seed 001 附件2 二(二)): industry departments added to the city review
group as the case needs, beyond the supervising one; each signs every part
assigned to 行业主管部门 (二(三)1–3, 5) before the review passes."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from ecobureau.accounts.models import User
from ecobureau.core import records
from ecobureau.core.models import Record

from .. import services, standards
from ..models import PetitionCase
from .conftest import ALL_BODIES, make_case
from .test_review_rules import _applied, _reviewing

pytestmark = pytest.mark.django_db


def _pass(case: PetitionCase, by: User) -> None:
    services.petition_transition(
        by=by,
        case=case,
        transition="pass_review",
        changes={"reviewed_on": case.received_on + timedelta(days=20)},
    )


def test_every_added_department_signs_its_parts(
    office_staff: User,
    district_a_officer: User,
    district_a_leader: User,
    office_head: User,
    district_a,
) -> None:
    # given: a case supervised by 市住建局, the review group joined by two more
    case = _applied(office_staff, district_a_officer, district_a)
    services.petition_review_departments(
        by=office_head, case=case, departments="市自然资源局、 市水利局"
    )
    case.refresh_from_db()
    assert case.review_departments == "市自然资源局、市水利局"
    _reviewing(case, district_a_leader, office_head)
    # when: every part is signed by the basic bodies and the supervising one only
    for part in services.required_parts(case):
        services.review_sign(
            by=office_head,
            case=case,
            part=part,
            bodies=ALL_BODIES,
            signer="某",
            agreed=True,
            opinion="同意",
        )
    # then: the industry parts lack the two added departments, the others do not
    with pytest.raises(ValidationError) as refused:
        _pass(case, office_head)
    message = refused.value.messages[0]
    for label in ("群众举报问题整改情况", "行政处罚情况", "群众满意情况"):
        assert f"{label}（缺市自然资源局、市水利局）" in message
    assert "责任追究情况" not in message
    # one of them signs all three parts: still missing the other
    for part in ("rectification", "penalty", "satisfaction"):
        services.review_sign(
            by=office_head,
            case=case,
            part=part,
            bodies="市自然资源局",
            signer="自然资源局某",
            agreed=True,
            opinion="同意",
        )
    with pytest.raises(ValidationError, match="缺市水利局"):
        _pass(case, office_head)
    for part in ("rectification", "penalty", "satisfaction"):
        services.review_sign(
            by=office_head,
            case=case,
            part=part,
            bodies="市水利局",
            signer="水利局某",
            agreed=True,
            opinion="同意",
        )
    _pass(case, office_head)
    case.refresh_from_db()
    assert case.status == "reviewed"
    # the list is recorded, and cannot change once the review has passed
    entry = Record.objects.get(action="rectification.case_review_departments")
    assert records.payload_of(entry)["data"]["after"] == {
        "departments": ["市自然资源局", "市水利局"]
    }
    with pytest.raises(ValidationError, match="复核通过后"):
        services.petition_review_departments(
            by=office_head, case=case, departments="市农业农村局"
        )


def test_the_untrue_part_needs_them_too() -> None:
    missing = standards.bodies_missing(
        "untrue",
        {"市生态环境局", "市住建局"},
        industry="市住建局",
        industries=standards.industry_departments("市住建局", "市住建局、市水利局"),
    )
    assert missing == ["市水利局"]
    # without added departments the rule is the supervising one's, as before
    assert standards.bodies_missing(
        "untrue", {"市生态环境局", "市住建局"}, industry="市住建局"
    ) == ([])
    assert standards.bodies_missing("untrue", {"市生态环境局"}, industry="") == []


def test_refused_lists(office_staff: User, office_head: User, district_a) -> None:
    case = make_case(office_staff, district=district_a)  # supervised by 市住建局
    with pytest.raises(ValidationError, match="督导责任单位"):
        services.petition_review_departments(
            by=office_head, case=case, departments="市住建局"
        )
    with pytest.raises(ValidationError, match="基本组成单位"):
        services.petition_review_departments(
            by=office_head, case=case, departments="市水利局、市司法局"
        )
    with pytest.raises(ValidationError, match="没有变化"):
        services.petition_review_departments(by=office_head, case=case, departments="")


def test_the_page_records_refuses_and_keeps_input_and_scope(
    client: Client,
    office_head: User,
    office_staff: User,
    district_a_officer: User,
    district_b_officer: User,
    district_a,
) -> None:
    case = make_case(office_staff, district=district_a)
    url = reverse("rectification:case-review-departments", args=[case.pk])
    client.force_login(office_head)
    assert url in client.get(case.get_absolute_url()).content.decode()
    # a basic body typed as an industry department: 400, the text kept
    response = client.post(url, {"departments": "市水利局、市纪委监委机关"})
    assert response.status_code == 400
    body = response.content.decode()
    assert "基本组成单位" in body and "市水利局、市纪委监委机关" in body
    response = client.post(url, {"departments": "市水利局"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.review_departments == "市水利局"
    page = client.get(case.get_absolute_url()).content.decode()
    assert "登记复核工作组行业主管部门" in page  # the history, in words
    # another district's officer does not reach the case; a handler may not list
    client.force_login(district_b_officer)
    assert client.post(url, {"departments": "市农业农村局"}).status_code == 403
    client.force_login(district_a_officer)
    assert client.post(url, {"departments": "市农业农村局"}).status_code == 403
    case.refresh_from_db()
    assert case.review_departments == "市水利局"
