"""C25: the joint review of major and heavily polluting projects by 发改, 经信,
国土, 规划 and 环保 (seed 002 六(二)4) is recorded, with its conclusion, and only
the people of its scope see it."""

from __future__ import annotations

from datetime import date

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from ecobureau.core.models import Record
from ecobureau.grid import selectors, services
from ecobureau.grid.models import JointReview

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel("2026-11-23 10:30 +0800", tick=False):
        yield


def spec(cell, **changes):
    values = {
        "cell": cell,
        "project_name": "站前焦化120万吨技改项目",
        "kind": JointReview.Kind.POLLUTING,
        "departments": ["huanbao", "fagai", "guihua"],
        "policy_opinion": "符合产业结构调整指导目录，不属于淘汰类",
        "siting_opinion": "位于化工园区内，距居民区1.2公里",
        "conclusion": JointReview.Conclusion.CONDITIONAL,
        "conditions": "须落实区域削减替代",
        "reviewed_on": date(2026, 11, 20),
    }
    values.update(changes)
    return services.ReviewData(**values)


def test_a_review_is_recorded_with_its_departments_and_conclusion(
    client, cells, district_a_leader, enterprises_a
):
    enterprise = enterprises_a[0]
    services.supervision_sync(by=None)
    review = services.review_record(
        data=spec(cells["210302"], enterprise=enterprise), by=district_a_leader
    )
    assert review.departments == ["fagai", "guihua", "huanbao"]  # fixed order
    assert review.missing_departments() == ["经济和信息化", "国土资源"]
    assert review.district == cells["210302"].district
    entry = Record.objects.get(action="grid.review_record")
    assert entry.target_id == str(review.pk)
    client.force_login(district_a_leader)
    body = client.get(reverse("grid:review-detail", args=[review.pk])).content.decode()
    assert "须落实区域削减替代" in body and "未参加：经济和信息化、国土资源" in body
    # The enterprise's supervision page lists the review.
    page = client.get(reverse("grid:class-detail", args=[enterprise.pk]))
    assert "站前焦化120万吨技改项目" in page.content.decode()


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"departments": ["fagai", "guihua"]}, "环保部门"),
        ({"departments": ["huanbao"]}, "至少一个其他部门"),
        ({"departments": ["huanbao", "mofa"]}, "部门有误"),
        ({"conditions": ""}, "须写明条件或理由"),
        ({"reviewed_on": date(2026, 11, 24)}, "不能晚于今天"),
        ({"siting_opinion": "  "}, "选址意见"),
        ({"conclusion": "maybe"}, "审查结论"),
    ],
)
def test_bad_input_gets_a_chinese_error_and_saves_nothing(
    cells, district_a_leader, changes, message
):
    with pytest.raises(ValidationError, match=message):
        services.review_record(
            data=spec(cells["210302"], **changes), by=district_a_leader
        )
    assert not JointReview.objects.exists()
    assert not Record.objects.filter(action="grid.review_record").exists()


def test_an_agreed_review_needs_no_conditions(cells, district_a_leader):
    review = services.review_record(
        data=spec(cells["210302"], conclusion="agreed", conditions=""),
        by=district_a_leader,
    )
    assert review.conclusion == "agreed"


def test_another_district_neither_sees_nor_records(
    client, cells, district_a_leader, district_b_officer, grid_officer_a2
):
    review = services.review_record(data=spec(cells["210302"]), by=district_a_leader)
    for outsider in (district_b_officer, grid_officer_a2):
        assert not selectors.review_list_for_user(outsider).exists()
        client.force_login(outsider)
        url = reverse("grid:review-detail", args=[review.pk])
        assert client.get(url).status_code in (403, 404)
    # district B's officer has no right to record, nor is district A's cell theirs
    with pytest.raises(PermissionDenied):
        services.review_record(data=spec(cells["210302"]), by=district_b_officer)
    # A district head may not record a review for another district's cell.
    with pytest.raises(PermissionDenied):
        services.review_record(data=spec(cells["210303"]), by=district_a_leader)
    assert JointReview.objects.count() == 1


def test_the_form_records_a_review(client, cells, district_a_leader):
    client.force_login(district_a_leader)
    url = reverse("grid:review-new", args=[cells["210302"].pk])
    response = client.post(
        url,
        {
            "project_name": "铁东物流园",
            "kind": "major",
            "departments": ["huanbao", "guotu"],
            "policy_opinion": "符合",
            "siting_opinion": "用地符合规划",
            "conclusion": "rejected",
            "conditions": "",
            "reviewed_on": "2026-11-20",
        },
    )
    assert response.status_code == 400
    assert "须写明条件或理由" in response.content.decode()
    assert not JointReview.objects.exists()
