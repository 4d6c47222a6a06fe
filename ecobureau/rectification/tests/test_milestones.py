"""Milestones (时间表、路线图, seed 001 三(二)1, B6): reached while the task is
being rectified, once, never in the future; a missed one is an accountability
candidate (附件1 附件 二2)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from .. import services
from ..models import Milestone
from .conftest import make_task, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def milestone(office_staff, district_a) -> Milestone:
    task = make_task(office_staff, district=district_a)
    node = services.milestone_add(
        by=office_staff, task=task, title="完成违建拆除", due_on=today()
    )
    services.task_transition(
        by=office_staff,
        task=task,
        transition="approve",
        changes={"approval_meeting": "党工委会议", "approved_on": today()},
    )
    return node


def test_handler_records_a_milestone_done(milestone, district_a_officer):
    services.milestone_done(
        by=district_a_officer, milestone=milestone, done_on=today() - timedelta(1)
    )
    milestone.refresh_from_db()
    assert milestone.done_on == today() - timedelta(1)
    with pytest.raises(ValidationError, match="不能重复登记"):
        services.milestone_done(
            by=district_a_officer, milestone=milestone, done_on=today()
        )


def test_milestone_not_done_in_the_future_nor_before_approval(
    milestone, office_staff, district_a, district_a_officer
):
    with pytest.raises(ValidationError, match="不能晚于今天"):
        services.milestone_done(
            by=district_a_officer, milestone=milestone, done_on=today() + timedelta(1)
        )
    draft = make_task(office_staff, number="T-02", district=district_a)
    node = services.milestone_add(
        by=office_staff, task=draft, title="制定方案", due_on=today()
    )
    with pytest.raises(ValidationError, match="只有整改中的任务"):
        services.milestone_done(by=district_a_officer, milestone=node, done_on=today())
    node.refresh_from_db()
    assert node.done_on is None


def test_milestone_done_through_the_page_and_not_by_another_district(
    client, milestone, district_a_officer, district_b_officer
):
    url = reverse(
        "rectification:milestone-done", args=[milestone.task_id, milestone.pk]
    )
    client.force_login(district_b_officer)
    assert client.post(url).status_code == 404
    milestone.refresh_from_db()
    assert milestone.done_on is None
    client.force_login(district_a_officer)
    assert client.post(url).status_code == 302
    milestone.refresh_from_db()
    assert milestone.done_on == today()


def test_missed_milestone_makes_the_task_an_accountability_candidate(
    milestone, office_staff
):
    from .. import selectors

    Milestone.objects.filter(pk=milestone.pk).update(due_on=today() - timedelta(5))
    year = milestone.task.deadline.year
    rows = selectors.accountability_candidates(office_staff, year, today=today())
    assert any(milestone.task.number in str(row) for row in rows)
    services.milestone_done(by=office_staff, milestone=milestone, done_on=today())
    rows = selectors.accountability_candidates(office_staff, year, today=today())
    assert any(milestone.task.number in str(row) for row in rows)  # done late
