"""督办函、约谈 and 移送问题线索 (seed 001 五5, B16): a clue is recorded with the
body it is transferred to; another district's officer cannot issue one."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from ecobureau.core.models import Record

from .. import services
from ..models import Supervision
from .conftest import make_task

pytestmark = pytest.mark.django_db


def test_clue_is_recorded_with_its_recipient(office_staff, district_a):
    task = make_task(office_staff, district=district_a)
    clue = services.supervision_issue(
        by=office_staff,
        kind=Supervision.Kind.CLUE,
        reason="责任单位整改不力，涉嫌失职",
        recipient=" 千山风景区纪工委 ",
        task=task,
    )
    clue.refresh_from_db()
    assert (clue.kind, clue.recipient) == ("clue", "千山风景区纪工委")
    entry = Record.objects.get(action="rectification.supervision_clue")
    assert entry.target_id == str(task.pk)
    assert "千山风景区纪工委" in json.dumps(
        json.loads(entry.payload), ensure_ascii=False
    )


def test_clue_needs_a_recipient_and_only_a_clue_takes_one(office_staff, district_a):
    task = make_task(office_staff, district=district_a)
    with pytest.raises(ValidationError, match="须填写移送单位"):
        services.supervision_issue(
            by=office_staff, kind=Supervision.Kind.CLUE, reason="失职", task=task
        )
    with pytest.raises(ValidationError, match="只有移送问题线索"):
        services.supervision_issue(
            by=office_staff,
            kind=Supervision.Kind.LETTER,
            reason="进度滞后",
            recipient="纪工委",
            task=task,
        )
    assert not Supervision.objects.exists()


def test_clue_through_the_task_page(client, office_staff, district_a):
    task = make_task(office_staff, district=district_a)
    client.force_login(office_staff)
    url = reverse("rectification:task-supervise", args=[task.pk])
    response = client.post(
        url, {"kind": "clue", "reason": "整改不力", "recipient": "纪工委"}
    )
    assert response.status_code == 302
    page = client.get(reverse("rectification:task-detail", args=[task.pk]))
    assert "移送问题线索 → 纪工委：整改不力" in page.content.decode()


def test_another_district_cannot_issue_a_clue(
    client, office_staff, district_a, district_b_officer
):
    task = make_task(office_staff, district=district_a)
    client.force_login(district_b_officer)
    url = reverse("rectification:task-supervise", args=[task.pk])
    response = client.post(
        url, {"kind": "clue", "reason": "整改不力", "recipient": "纪工委"}
    )
    assert response.status_code in (403, 404)
    assert not Supervision.objects.exists()
