"""The entry pages: tasks and cases by hand, measures, milestones, the look-back,
the supervising department, the oversight records; refused forms answer 400
with what was typed; who must not reach them cannot."""

from datetime import timedelta

import pytest
from django.urls import reverse

from ecobureau.accounts.models import Unit
from ecobureau.accounts.tests.factories import UnitFactory
from ecobureau.core.models import Record

from ..models import (
    CommitteeMeeting,
    Measure,
    PetitionCase,
    RectificationTask,
    Regulation,
    SupervisionVisit,
)
from .conftest import make_case, make_task, today

TASK_POST = {
    "number": "H-001",
    "round": "第二轮中央生态环境保护督察",
    "source": "central",
    "problem": "千山风景区内违规建设问题",
    "target": "违建全部拆除",
    "responsible_units": "千山风景区管委会",
    "responsible_persons": "李某",
}


def test_office_enters_a_task_by_hand_and_adds_measures(
    client, office_staff, district_a
):
    client.force_login(office_staff)
    assert client.get(reverse("rectification:task-new")).status_code == 200
    deadline = (today() + timedelta(days=90)).isoformat()
    response = client.post(
        reverse("rectification:task-new"),
        {**TASK_POST, "deadline": deadline, "district": district_a.pk},
    )
    task = RectificationTask.objects.get(number="H-001")
    assert response.status_code == 302 and response.url == task.get_absolute_url()
    assert task.status == "draft" and task.district == district_a

    # a measure: numbered after the last, its standard by its type
    url = reverse("rectification:measure-new", args=[task.pk])
    response = client.post(url, {"kind": "closure", "content": "拆除违建"})
    assert response.status_code == 302
    response = client.post(
        url, {"kind": "policy", "content": "出台管理办法", "needs_clearing": "on"}
    )
    assert response.status_code == 400
    assert "只有关停搬迁类措施需要拆除或清理" in response.content.decode()
    assert "出台管理办法" in response.content.decode()  # kept what was typed
    assert list(task.measures.values_list("seq", "kind")) == [(1, "closure")]
    assert Record.objects.filter(action="rectification.measure_add").count() == 1

    # a milestone
    response = client.post(
        reverse("rectification:milestone-new", args=[task.pk]),
        {"title": "完成拆除", "due_on": deadline},
    )
    assert response.status_code == 302 and task.milestones.count() == 1


def test_a_refused_task_keeps_what_was_typed(client, office_staff, district_a):
    make_task(office_staff, number="H-001", district=district_a)
    client.force_login(office_staff)
    response = client.post(
        reverse("rectification:task-new"),
        {**TASK_POST, "deadline": (today() + timedelta(days=9)).isoformat()},
    )
    text = response.content.decode()
    assert response.status_code == 400
    assert "任务编号H-001已存在" in text and "千山风景区内违规建设问题" in text
    assert RectificationTask.objects.filter(number="H-001").count() == 1
    # a missing field is named beside the field
    response = client.post(reverse("rectification:task-new"), {"number": "H-002"})
    assert response.status_code == 400
    assert not RectificationTask.objects.filter(number="H-002").exists()


def test_office_enters_a_case_with_its_supervising_department(
    client, office_staff, district_a
):
    housing = _department("dept-zhujian", "市住建局")
    client.force_login(office_staff)
    post = {
        "number": "D-9",
        "round": "第二轮中央生态环境保护督察",
        "source": "central",
        "received_on": today().isoformat(),
        "content": "洗车点污水直排",
        "category": "nearby",
        "responsible_units": "铁东区政府",
        "deadline": (today() + timedelta(days=30)).isoformat(),
        "district": district_a.pk,
        "supervising_department": housing.pk,
        "key_case": "on",
    }
    response = client.post(reverse("rectification:case-new"), post)
    assert response.status_code == 400
    assert "重点案件须填写包保领导" in response.content.decode()
    response = client.post(
        reverse("rectification:case-new"), {**post, "guarantors": "区委书记、区长"}
    )
    case = PetitionCase.objects.get(number="D-9")
    assert response.status_code == 302 and case.status == "handling"
    assert case.supervising_department == housing and case.key_case


@pytest.mark.parametrize(
    "persona",
    ["district_a_officer", "district_b_officer", "citizen", "enterprise_user_a"],
)
def test_only_the_office_enters_the_ledger(client, request, persona, district_a):
    client.force_login(request.getfixturevalue(persona))
    for name in ("task-new", "case-new", "meeting-new", "visit-new", "regulation-new"):
        response = client.get(reverse(f"rectification:{name}"))
        assert response.status_code in (302, 403), name
    response = client.post(
        reverse("rectification:task-new"),
        {**TASK_POST, "deadline": today().isoformat()},
    )
    assert response.status_code in (302, 403)
    assert not RectificationTask.objects.exists()


def test_other_district_cannot_add_to_a_task_or_case(
    client, office_staff, district_a, district_b_officer, district_b_leader_like
):
    task = make_task(office_staff, district=district_a)
    case = make_case(office_staff, district=district_a)
    client.force_login(district_b_leader_like)
    assert (
        client.get(reverse("rectification:case-supervisor", args=[case.pk])).status_code
        == 404
    )
    response = client.post(
        reverse("rectification:case-supervisor", args=[case.pk]),
        {"department": _water().pk},
    )
    assert response.status_code == 404
    client.force_login(district_b_officer)
    response = client.post(
        reverse("rectification:case-link", args=[case.pk]), {"enforcement_case": 1}
    )
    assert response.status_code == 404
    case.refresh_from_db()
    assert case.supervising_department_name == "市住建局"
    assert task.measures.count() == 2


def _department(code: str, name: str) -> Unit:
    return UnitFactory(code=code, name=name, kind=Unit.Kind.DEPARTMENT)


def _water() -> Unit:
    return _department("dept-shuili", "市水利局")


@pytest.fixture
def district_b_leader_like(sub_bureau_b, district_b):
    """区B分局负责人: may organise acceptance in district B, nothing of A."""
    from ecobureau.accounts.models import User
    from ecobureau.accounts.tests.factories import UserFactory

    return UserFactory(
        username="b-head",
        unit=sub_bureau_b,
        scope=User.Scope.DIVISION,
        scope_division=district_b,
        role_codes=["sub_bureau_head"],
    )


def test_district_leader_records_the_supervising_department(
    client, office_staff, district_a, district_a_leader
):
    case = make_case(office_staff, district=district_a, supervising_department="")
    client.force_login(district_a_leader)
    url = reverse("rectification:case-supervisor", args=[case.pk])
    water = _water()
    response = client.post(url, {"department": "  "})
    assert response.status_code == 400
    response = client.post(url, {"department": water.pk})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.supervising_department == water
    assert Record.objects.filter(
        action="rectification.case_supervising_department"
    ).exists()


def test_oversight_records_entered_through_pages(client, office_staff, district_a):
    client.force_login(office_staff)
    # meeting scheduled, then recorded as held; a future date is refused
    response = client.post(
        reverse("rectification:meeting-new"),
        {"planned_on": today().isoformat(), "topics": "研究督察整改"},
    )
    assert response.status_code == 302
    meeting = CommitteeMeeting.objects.get()
    url = reverse("rectification:meeting-held", args=[meeting.pk])
    response = client.post(
        url,
        {"held_on": (today() + timedelta(days=1)).isoformat(), "minutes": "纪要文字"},
    )
    assert response.status_code == 400
    assert "召开日期不能晚于今天" in response.content.decode()
    assert "纪要文字" in response.content.decode()
    response = client.post(url, {"held_on": today().isoformat(), "minutes": "纪要"})
    meeting.refresh_from_db()
    assert response.status_code == 302 and meeting.held_on == today()

    # a visit scheduled and recorded, with the items it concerned
    task = make_task(office_staff, number="V-1", district=district_a)
    response = client.post(
        reverse("rectification:visit-new"),
        {
            "kind": "routine",
            "planned_on": today().isoformat(),
            "focus": "千山风景区",
            "team": "纪工委、市督改办",
        },
    )
    assert response.status_code == 302
    visit = SupervisionVisit.objects.get()
    url = reverse("rectification:visit-done", args=[visit.pk])
    response = client.post(
        url,
        {
            "done_on": today().isoformat(),
            "findings": "未发现问题",
            "task_numbers": "X-9",
        },
    )
    assert response.status_code == 400 and "未找到以下编号：X-9" in (
        response.content.decode()
    )
    response = client.post(
        url,
        {
            "done_on": today().isoformat(),
            "findings": "未发现问题",
            "task_numbers": "V-1",
        },
    )
    visit.refresh_from_db()
    assert response.status_code == 302 and visit.done_on == today()
    assert list(visit.tasks.all()) == [task]

    # a newer close-out regulation replaces the one in force from its date
    response = client.post(
        reverse("rectification:regulation-new"),
        {
            "applies_to": "task",
            "code": "辽环督改办〔2026〕1号",
            "title": "整改任务验收销号办法",
            "effective_from": today().isoformat(),
        },
    )
    assert response.status_code == 302
    assert Regulation.objects.filter(code="辽环督改办〔2026〕1号").exists()
    page = client.get(
        reverse("rectification:oversight"), {"year": today().year}
    ).content.decode()
    assert "辽环督改办〔2026〕1号" in page and "千山风景区" in page


def test_lookback_page_for_a_closed_task_only(client, office_staff, district_a):
    task = make_task(office_staff, district=district_a)
    measure = task.measures.first()
    assert isinstance(measure, Measure)
    client.force_login(office_staff)
    url = reverse("rectification:lookback-new", args=[task.pk, measure.pk])
    response = client.post(
        url, {"checked_on": today().isoformat(), "findings": "成果保持", "holds": "on"}
    )
    assert response.status_code == 400
    assert "回头看针对已销号的整改任务" in response.content.decode()
    RectificationTask.objects.filter(pk=task.pk).update(status="closed")
    response = client.post(
        url, {"checked_on": today().isoformat(), "findings": "成果保持", "holds": "on"}
    )
    assert response.status_code == 302 and measure.lookbacks.count() == 1


def test_a_refused_step_keeps_the_acceptance_opinions(
    client, office_staff, district_a, district_a_officer, district_a_leader
):
    # given a case waiting for acceptance with no member table
    from .. import services
    from .conftest import FIVE

    case = make_case(office_staff, district=district_a)
    services.petition_evidence(
        by=district_a_officer, case=case, conditions=FIVE, truth="true"
    )
    services.petition_transition(by=district_a_officer, case=case, transition="apply")
    client.force_login(district_a_leader)

    # when the leader accepts with the four opinions typed
    response = client.post(
        reverse("rectification:case-transition", args=[case.pk]),
        {
            "transition": "accept",
            "acceptance_body": "铁东区人民政府",
            "accepted_on": today().isoformat(),
            "acceptance_leader": "孙区长",
            "opinion_rectification": "油烟净化器已安装",
            "opinion_penalty": "已处罚",
            "opinion_satisfaction": "群众满意",
            "opinion_accountability": "无需问责",
        },
    )

    # then refused (no member table), the opinions still on the page
    text = response.content.decode()
    assert response.status_code == 400
    assert "请先登记验收组成员" in text and "油烟净化器已安装" in text
    case.refresh_from_db()
    assert case.status == "acceptance" and case.opinion_rectification == ""


SCORE_POST = {
    "territorial_lead": "main",
    "territorial_unit_head": "main",
    "territorial_person": "on",
    "subjects": "主要，有\n分管，无",
    "plan_unit": "on",
    "plan_measures": "on",
    "plan_milestones": "on",
    "plan_funding": "on",
    "plan_reviewed": "on",
    "completed_on_time": "on",
    "archive_index": "on",
    "archive_dispatch_note": "on",
    "archive_units": "2",
    "units_with_materials": "2",
    "units_with_survey_records": "1",
    "issues": "2",
    "issues_resolved": "2",
    "satisfied": "on",
    "media_reports": ["city"],
}


def test_case_scored_through_its_page(
    client, office_staff, district_a, district_a_officer, district_b_officer
):
    case = make_case(office_staff, district=district_a)
    url = reverse("rectification:case-score", args=[case.pk])
    client.force_login(district_b_officer)
    assert client.post(url, SCORE_POST).status_code == 404
    client.force_login(district_a_officer)
    # a badly written subject line is refused with the typed text kept
    response = client.post(url, {**SCORE_POST, "subjects": "全部负责"})
    assert response.status_code == 400
    assert "第1行应为" in response.content.decode()
    assert "全部负责" in response.content.decode()
    # more resolved issues than issues: the rubric refuses it
    response = client.post(url, {**SCORE_POST, "issues_resolved": "3"})
    assert response.status_code == 400 and "已解决问题数不能多于问题数" in (
        response.content.decode()
    )
    response = client.post(url, SCORE_POST)
    assert response.status_code == 302
    stored = case.scores.get()
    # 9 + (5 + 2) / 2 + 22 + (2 + 2 + 5 + 2.5) + 50 + 3 (city media) = 99
    assert float(stored.score) == 99.0
    assert stored.inputs["subjects"] == [
        {"lead": "main", "person": True},
        {"lead": "deputy", "person": False},
    ]
    # the page opens again with the stored inputs
    page = client.get(url).content.decode()
    assert "主要，有" in page and "分管，无" in page
