"""B5 (seed 001 三(二)1 "经党工委、管委会相关会议审议通过后"): the approving
meeting of a task is chosen from the recorded, held committee meetings (B12);
the typed name stays beside it, and alone for ledgers from before the meetings
were recorded."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse

from ecobureau.core import records
from ecobureau.core.models import Record

from .. import services
from .conftest import make_task, today

pytestmark = pytest.mark.django_db


def test_approval_links_the_held_meeting_and_shows_it(
    client, office_staff, district_a, district_b_officer
):
    # given: one meeting held, one only planned
    held = services.meeting_schedule(
        by=office_staff, planned_on=today() - timedelta(3), topics="审议第二轮整改清单"
    )
    services.meeting_record(
        by=office_staff,
        meeting=held,
        held_on=today() - timedelta(2),
        minutes="审议通过整改清单",
    )
    planned = services.meeting_schedule(
        by=office_staff, planned_on=today() + timedelta(30), topics="下次会议"
    )
    task = make_task(office_staff, district=district_a)
    url = reverse("rectification:task-detail", args=[task.pk])
    action = reverse("rectification:task-transition", args=[task.pk])
    client.force_login(office_staff)

    # the approve form offers the held meeting only
    page = client.get(url).content.decode()
    assert 'name="approval_meeting_record"' in page
    assert f'<option value="{held.pk}"' in page
    assert f'<option value="{planned.pk}"' not in page

    # a meeting not held is refused with 400, the choice kept
    response = client.post(
        action,
        {"transition": "approve", "approval_meeting_record": planned.pk},
    )
    assert response.status_code == 400
    assert "所选会议不存在或尚未召开" in response.content.decode()
    # a date other than the meeting's is refused
    response = client.post(
        action,
        {
            "transition": "approve",
            "approval_meeting_record": held.pk,
            "approved_on": today().isoformat(),
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "审议通过日期应为所选会议的召开日期" in body
    assert f'<option value="{held.pk}" selected>' in body
    task.refresh_from_db()
    assert task.status == "draft" and task.approval_meeting_record is None

    # when: approved at the held meeting, with no name typed
    response = client.post(
        action, {"transition": "approve", "approval_meeting_record": held.pk}
    )
    assert response.status_code == 302

    # then: linked, dated that day, named after it, recorded, shown
    task.refresh_from_db()
    assert task.status == "rectifying"
    assert task.approval_meeting_record == held
    assert task.approved_on == held.held_on
    assert task.approval_meeting == f"党工委会议（{held.held_on:%Y-%m-%d}召开）"
    entry = Record.objects.get(action="rectification.rectificationtask.approve")
    assert f"已登记会议#{held.pk}" in records.payload_of(entry)["data"]["note"]
    page = client.get(url).content.decode()
    assert "已登记的党工委会议" in page and "审议第二轮整改清单" in page
    assert list(held.approved_tasks.all()) == [task]

    # another district does not reach the task
    client.force_login(district_b_officer)
    assert client.get(url).status_code == 404


def test_a_typed_meeting_alone_still_approves(client, office_staff, district_a):
    # an imported ledger's approval: the meeting's name only
    task = make_task(office_staff, district=district_a)
    services.task_transition(
        by=office_staff,
        task=task,
        transition="approve",
        changes={"approval_meeting": "2021年第3次党工委会议", "approved_on": today()},
    )
    task.refresh_from_db()
    assert task.approval_meeting_record is None
    client.force_login(office_staff)
    page = client.get(reverse("rectification:task-detail", args=[task.pk]))
    body = page.content.decode()
    assert "2021年第3次党工委会议" in body and "未关联已登记的会议" in body
