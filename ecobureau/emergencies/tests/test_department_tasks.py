"""Response tasks given to a registered department (issue 14 item 1): the
department's handlers are told, see their own department's tasks only, and give
the feedback themselves; the incident's handler learns of it. Another
department, the bureau's staff without the role and the public cannot."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from ecobureau.accounts.models import Unit, User
from ecobureau.accounts.tests.factories import UnitFactory, UserFactory
from ecobureau.core import records
from ecobureau.core.models import Record
from ecobureau.emergencies import services
from ecobureau.emergencies.models import Incident, Task
from ecobureau.notifications.models import Notification

pytestmark = pytest.mark.django_db


@pytest.fixture
def water_bureau(city) -> Unit:
    return UnitFactory(
        code="dept-water", name="市水务局", kind=Unit.Kind.DEPARTMENT, division=city
    )


@pytest.fixture
def housing_bureau(city) -> Unit:
    return UnitFactory(
        code="dept-housing", name="市住建局", kind=Unit.Kind.DEPARTMENT, division=city
    )


def _handler(unit: Unit, username: str) -> User:
    return UserFactory(
        username=username,
        full_name=f"{unit.name}承办人",
        kind=User.Kind.EXTERNAL,
        unit=unit,
        scope=User.Scope.UNIT,
        role_codes=["department_handler"],
    )


@pytest.fixture
def water_handler(water_bureau) -> User:
    return _handler(water_bureau, "water1")


@pytest.fixture
def housing_handler(housing_bureau) -> User:
    return _handler(housing_bureau, "housing1")


@pytest.fixture
def task(duty_officer: User, incident_a: Incident, water_bureau: Unit) -> Task:
    incident_a.assignee = duty_officer
    incident_a.save(update_fields=["assignee"])
    return services.task_assign(
        incident=incident_a,
        by=duty_officer,
        department="",
        unit=water_bureau,
        content="关闭下游取水口，启用备用水源",
        due_at=timezone.now() + timedelta(hours=4),
    )


def test_the_registered_department_is_told_and_answers_itself(
    client: Client,
    duty_officer: User,
    water_handler: User,
    housing_handler: User,
    task: Task,
) -> None:
    assert task.department == "市水务局"  # the typed name defaults to the unit's
    told = Notification.objects.get(recipient=water_handler)
    assert "处置任务" in told.title and told.url == reverse(
        "emergencies:department-tasks"
    )
    assert not Notification.objects.filter(recipient=housing_handler).exists()

    client.force_login(water_handler)
    page = client.get(reverse("emergencies:department-tasks"))
    assert page.status_code == 200
    assert "关闭下游取水口" in page.text and "某化工企业储罐泄漏" in page.text
    done = client.post(
        reverse("emergencies:department-task-feedback", args=[task.pk]),
        {"feedback": "已关闭2号取水口，备用水源已启用"},
    )
    assert done.status_code == 302
    task.refresh_from_db()
    assert task.feedback.startswith("已关闭") and task.feedback_by == water_handler
    entry = Record.objects.get(action="emergencies.task.feedback")
    assert entry.actor_id == water_handler.pk
    assert records.payload_of(entry)["data"]["after"]["by_department"] is True
    assert "已关闭" not in entry.payload  # ids and flags only, not the text
    assert records.verify() == (Record.objects.count(), None)
    assert Notification.objects.filter(
        recipient=duty_officer, title="市水务局已反馈处置任务"
    ).exists()
    # Answered once: a second answer is refused, the first stays.
    again = client.post(
        reverse("emergencies:department-task-feedback", args=[task.pk]),
        {"feedback": "第二次反馈"},
    )
    assert again.status_code == 400 and "该任务已反馈" in again.text
    task.refresh_from_db()
    assert task.feedback.startswith("已关闭")


def test_an_empty_answer_is_refused_and_the_page_comes_back(
    client: Client, water_handler: User, task: Task
) -> None:
    client.force_login(water_handler)
    refused = client.post(
        reverse("emergencies:department-task-feedback", args=[task.pk]),
        {"feedback": "   "},
    )
    assert refused.status_code == 400
    assert f'id="id_task{task.pk}_feedback"' in refused.text
    task.refresh_from_db()
    assert task.feedback_at is None


def test_others_cannot_see_or_answer(
    client: Client,
    housing_handler: User,
    district_b_officer: User,
    citizen: User,
    task: Task,
) -> None:
    url = reverse("emergencies:department-task-feedback", args=[task.pk])
    client.force_login(housing_handler)  # another department: not its task
    assert (
        "关闭下游取水口" not in client.get(reverse("emergencies:department-tasks")).text
    )
    assert client.post(url, {"feedback": "冒名反馈"}).status_code == 404
    with pytest.raises(PermissionDenied):
        services.task_feedback(task=task, by=housing_handler, feedback="冒名反馈")
    client.force_login(district_b_officer)  # bureau staff without the role
    assert client.get(reverse("emergencies:department-tasks")).status_code == 403
    assert client.post(url, {"feedback": "x"}).status_code == 403
    client.force_login(citizen)
    assert client.get(reverse("emergencies:department-tasks")).status_code == 403
    client.logout()
    assert client.get(reverse("emergencies:department-tasks")).status_code == 302
    task.refresh_from_db()
    assert task.feedback_at is None


def test_a_task_needs_a_department_and_only_a_department_unit(
    duty_officer: User, incident_a: Incident, sub_bureau_a: Unit
) -> None:
    due = timezone.now() + timedelta(hours=2)
    with pytest.raises(ValidationError, match="请填写或选择承担部门"):
        services.task_assign(
            incident=incident_a,
            by=duty_officer,
            department=" ",
            content="x",
            due_at=due,
        )
    with pytest.raises(ValidationError, match="登记的其他政府部门"):
        services.task_assign(
            incident=incident_a,
            by=duty_officer,
            department="",
            unit=sub_bureau_a,
            content="x",
            due_at=due,
        )
    typed = services.task_assign(
        incident=incident_a,
        by=duty_officer,
        department="县应急局",
        content="x",
        due_at=due,
    )
    assert typed.unit is None  # outside the registry: the bureau records the feedback


def test_the_incident_page_offers_the_registered_departments(
    client: Client, duty_officer: User, incident_a: Incident, water_bureau: Unit
) -> None:
    client.force_login(duty_officer)
    url = reverse("emergencies:task-assign", args=[incident_a.pk])
    refused = client.post(url, {"department": "", "content": "封堵雨水排口"})
    assert refused.status_code == 400
    assert "请选择登记的部门或填写承担部门名称" in refused.text
    assert "封堵雨水排口" in refused.text and "市水务局" in refused.text
    due = timezone.localtime(timezone.now() + timedelta(hours=3))
    done = client.post(
        url,
        {
            "unit": water_bureau.pk,
            "department": "",
            "content": "封堵雨水排口",
            "due_at": due.strftime("%Y-%m-%dT%H:%M"),
        },
    )
    assert done.status_code == 302
    assert incident_a.tasks.get().unit == water_bureau
